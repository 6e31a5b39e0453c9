"""Browser journeys of oversight: the national coverage map (Arabic and French, drill-down to a region),
and Taounate's coverage page with its communes to act on, the directive's chart and the scorecard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _to_french(page) -> None:
    page.locator("form[action$='/i18n/setlang/'] button[value=fr]").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_national_map_renders_with_arabic_labels_and_drills_down(page, base_url, login, screenshot):
    login("admin")
    page.goto(f"{base_url}/oversight/t/MA/")
    svg = page.locator("#coverage-map svg")
    expect(svg).to_be_visible()
    expect(page.locator("#coverage-map a[data-code]")).to_have_count(12)
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300  # drawn, not an empty box
    titles = page.locator("#coverage-map title").all_text_contents()
    assert any(title.startswith("فاس-مكناس:") for title in titles)
    assert any(title.startswith("طنجة-تطوان-الحسيمة:") for title in titles)
    expect(page.locator("#coverage-map")).to_contain_text("OpenStreetMap")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot("ar")
    page.goto(f"{base_url}/oversight/t/MA/?layer=provinces")
    expect(page.locator("#coverage-map a[data-code]")).to_have_count(75)
    screenshot("provinces-ar")
    page.goto(f"{base_url}/oversight/t/MA/")
    page.locator('#coverage-map a[data-code="03"] path').dispatch_event("click")
    expect(page).to_have_url(re.compile(r"/oversight/t/03/$"))
    expect(page.locator("#coverage-map a[data-code]")).to_have_count(9)  # the provinces of Fès-Meknès
    screenshot("region-ar")
    page.goto(f"{base_url}/oversight/t/MA/")
    _to_french(page)
    expect(page.locator("h1")).to_contain_text("Maroc")
    assert page.locator("html").get_attribute("dir") == "ltr"
    screenshot("fr")


def test_taounate_coverage_page_lists_the_communes_to_act_on(page, base_url, login, screenshot):
    from tanzim.oversight.queries import coverage_report
    from tanzim.territory.models import Territory

    report = coverage_report(Territory.objects.get(code="03.531"))
    login("najjari")
    page.goto(f"{base_url}/oversight/")
    expect(page.locator("h1")).to_contain_text("تاونات")
    expect(page.locator("#to-act-on tbody tr")).to_have_count(len(report.to_act_on))
    expect(page.locator("#coverage-share")).to_contain_text(str(report.coverage.share).replace(".", ","))
    expect(page.locator("#coverage-chart polyline")).to_have_count(2)  # actual and the directive's plan
    screenshot("ar")
    _to_french(page)
    expect(page.locator("#to-act-on")).to_contain_text(report.to_act_on[0].name_fr)
    screenshot("fr")
    page.goto(f"{base_url}/oversight/t/03.531/scorecard/")
    expect(page.locator("#scorecard tbody tr")).to_have_count(len([u for u in report.units if u.organ_id]))
    expect(page.locator("#formula")).to_contain_text("Σ")
    screenshot("scorecard-fr")
