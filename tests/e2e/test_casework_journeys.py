"""Browser journeys of citizens' files, complaints and premises: a Beni Makada secretary takes a
file, routes it to the Tanger-Assilah representative, records the question and the answer; the
citizen follows every step with his private link; the casework board in Arabic and French."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


CITIZEN_SHOT = "test_beni_makada_file_is_answered_and_followed_by_the_citizen"


def test_beni_makada_file_is_answered_and_followed_by_the_citizen(page, base_url, login, screenshot, browser):
    login("laaziri")
    page.goto(f"{base_url}/casework/new/")
    page.fill("#id_subject", "حفرة خطيرة في الطريق قرب المدرسة")
    page.select_option("#id_category", "infrastructure")
    page.fill(
        "#id_description", "توجد حفرة عميقة في الطريق المؤدية إلى المدرسة الابتدائية تهدد سلامة التلاميذ."
    )
    page.fill("#id_citizen_name", "خالد المواطن")
    page.fill("#id_citizen_phone", "0661445566")
    page.check("#id_consent")
    screenshot("intake")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/casework/\d+/$"))
    notice = page.locator("main p.message").first.inner_text()
    follow = re.search(r"https?://\S+/doleances/suivi/[\w-]+/", notice).group(0)

    steps = [
        ("under_study", {}),
        ("forwarded", {"#id_parliamentarian": "select"}),
        (
            "raised",
            {
                "#id_question_kind": "written",
                "#id_question_reference": "QE-2026-77",
                "#id_question_date": "2026-03-10",
            },
        ),
        (
            "answered",
            {
                "#id_answer": "أفادت وزارة التجهيز بأن الإصلاح مبرمج هذا الشهر.",
                "#id_answered_on": "2026-04-02",
            },
        ),
    ]
    for status, fields in steps:
        page.select_option("#id_status", status)
        for selector, value in fields.items():
            if value == "select":
                option = page.locator(f"{selector} option", has_text="أحمد الطنجي")
                page.select_option(selector, option.get_attribute("value"))
            elif selector == "#id_question_kind":
                page.select_option(selector, value)
            else:
                page.fill(selector, value)
        page.locator("#step-form button.primary").click()
        expect(page.locator("#case-status")).to_have_text(re.compile(r"\S"))
    expect(page.locator("#answer")).to_contain_text("الإصلاح مبرمج")
    screenshot("file")

    citizen = browser.new_context(locale="ar-MA").new_page()
    citizen.goto(follow)
    expect(citizen.locator("#follow-events tbody tr")).to_have_count(5)
    expect(citizen.locator("#follow-answer")).to_contain_text("الإصلاح مبرمج")
    expect(citizen.locator("main")).to_contain_text("QE-2026-77")
    expect(citizen.locator("main")).not_to_contain_text("0661445566")
    expect(citizen.locator("main")).not_to_contain_text("خالد المواطن")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    citizen.screenshot(path=str(SCREENSHOTS / f"{CITIZEN_SHOT}--citizen.png"), full_page=True)
    assert citizen.locator("html").get_attribute("dir") == "rtl"

    page.goto(f"{base_url}/casework/?status=answered")
    expect(page.locator("#casework-files")).to_contain_text("حفرة خطيرة")


def test_casework_board_in_arabic_and_french(page, base_url, login, screenshot):
    login("limouri")
    page.goto(f"{base_url}/casework/")
    expect(page.locator("#casework-board")).to_be_visible()
    expect(page.locator("#casework-files")).to_contain_text("انقطاع متكرر للماء")
    expect(page.locator("#casework-files")).not_to_contain_text("تدهور الطريق")  # Taounate's
    expect(page.locator("#casework-files .badge.warn").first).to_be_visible()  # an overdue file
    screenshot("ar")
    page.locator("header form button[name=language]").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_be_visible()
    screenshot("fr")
    page.goto(f"{base_url}/premises/")
    screenshot("premises-fr")


def test_complaint_is_heard_and_decided_by_the_regional_committee(page, base_url, login, screenshot):
    login("adil")  # synthetic member of the Tanger-Tétouan-Al Hoceïma committee
    page.goto(f"{base_url}/ethics/")
    page.locator("#complaints a").first.click()
    page.fill("#id_hearing_at", "2026-12-03T17:00")
    page.fill("#id_hearing_place", "مقر الأمانة الجهوية بطنجة")
    page.locator("#hearing-form button").click()
    expect(page.locator("#complaint-status")).to_contain_text(re.compile(r"\S"))
    page.select_option("#id_outcome", "partly_upheld")
    page.fill("#id_decision", "يمكن المشتكي من حضور اللقاءات بالمقر.")
    page.fill("#id_reasons", "ثبت للجنة أن المنع لم يستند إلى أي قرار تنظيمي مكتوب.")
    page.locator("#decision-form button").click()
    expect(page.locator("#decision")).to_contain_text("يمكن المشتكي")
    screenshot()
