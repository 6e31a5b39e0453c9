"""What a secretary sees in a real browser: RTL Arabic first, French on demand, nothing outside one's territory."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Response, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAOUNATE_SECRETARIAT = "الأمانة الإقليمية بتاونات"
TANGER_SECRETARIAT = "الأمانة الإقليمية بعمالة طنجة-أصيلة"


def _open_my_organ(page: Page, base_url: str, organ_name: str, screenshot=None) -> None:
    """Home → the "My organs" card → the organ's page (org chart)."""
    page.goto(f"{base_url}/")
    if screenshot:
        screenshot("home")
    page.locator(".cards .card h3").get_by_role("link", name=organ_name, exact=True).click()
    expect(page).to_have_url(re.compile(r"/organs/\d+/$"))
    expect(page.locator("h1")).to_have_text(organ_name)


def test_taounate_org_chart_rtl(page, base_url, login, screenshot):
    fonts: list[Response] = []
    page.on("response", lambda r: fonts.append(r) if r.url.endswith(".woff2") else None)

    login("najjari")
    _open_my_organ(page, base_url, TAOUNATE_SECRETARIAT, screenshot)

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    holders = page.locator("#office-holders")
    expect(holders.get_by_text("محمد النجاري")).to_be_visible()
    expect(holders.get_by_text("محمد لطفي")).to_be_visible()
    expect(holders.get_by_text("الأمين العام الإقليمي", exact=True)).to_be_visible()
    # The head of the communication pole sits in the "organs below" card of the chart.
    pole = page.locator(".chart .cards .card").filter(has_text="قطب التواصل والإعلام")
    expect(pole.get_by_text("مصطفى الغزواني")).to_be_visible()

    # The bundled Arabic font is the one rendering the page, served by us, not a system fallback.
    font_check = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter((f) => f.family.replaceAll('"', '') === 'Noto Sans Arabic');
            return {
                check: document.fonts.check('16px "Noto Sans Arabic"', 'تنظيم'),
                loaded: faces.filter((f) => f.status === 'loaded').map((f) => f.unicodeRange + ' ' + f.weight),
            };
        }"""
    )
    assert font_check["check"] is True
    assert any(r.startswith("U+600-6FF") and r.endswith(" 400") for r in font_check["loaded"]), font_check
    arabic_400 = [r for r in fonts if r.url.endswith("/noto-sans-arabic-arabic-400-normal.woff2")]
    assert arabic_400, [r.url for r in fonts]
    assert all(r.url.startswith(f"{base_url}/static/") and r.status == 200 for r in arabic_400)

    screenshot()


def test_french_switch_ltr(page, base_url, login, screenshot):
    login("najjari")
    _open_my_organ(page, base_url, TAOUNATE_SECRETARIAT)

    page.locator("header.topbar").get_by_role("button", name="Français").click()

    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(r"/organs/\d+/$"))  # set_language came back to the same page
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    expect(page.locator("#office-holders").get_by_text("Mohamed Najjari")).to_be_visible()
    expect(page.locator("header.topbar").get_by_role("button", name="العربية")).to_be_visible()

    screenshot()


def test_outside_territory_is_404(page, base_url, login, screenshot):
    from tanzim.organs.models import Organ

    tanger = Organ.objects.get(name_ar=TANGER_SECRETARIAT)
    login("najjari")

    response = page.goto(f"{base_url}/organs/{tanger.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text(TANGER_SECRETARIAT)).to_have_count(0)
    screenshot("404")

    response = page.goto(f"{base_url}/people/")
    assert response is not None and response.status == 200
    expect(page.locator("table tbody").get_by_text("محمد النجاري")).to_be_visible()  # the list is not empty
    body = page.locator("body").inner_text()
    for name in ("ليموري", "لعزيري", "البلغيثي", "بوشعيب"):
        assert name not in body, f"{name} (Tanger-Assilah) is listed to the Taounate secretary"

    screenshot()


def test_territory_navigation(page, base_url, login, screenshot):
    login("admin")
    page.locator("header.topbar nav").get_by_role("link").first.click()
    expect(page).to_have_url(f"{base_url}/territory/")

    page.locator("table").get_by_role("link", name="فاس-مكناس", exact=True).click()
    expect(page).to_have_url(f"{base_url}/territory/03/")
    page.locator("table").get_by_role("link", name="تاونات", exact=True).click()
    expect(page).to_have_url(f"{base_url}/territory/03.531/")

    expect(page.locator("h1")).to_contain_text("إقليم تاونات")
    expect(page.locator("table tbody tr")).to_have_count(49)
    breadcrumbs = page.locator(".breadcrumbs a")
    expect(breadcrumbs).to_have_text(["المغرب", "جهة فاس-مكناس"])

    screenshot()


def test_anonymous_home_rtl(page, base_url, screenshot):
    response = page.goto(f"{base_url}/")
    assert response is not None and response.status == 200

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    # Before logging in, only the public pages: the communiqués and the citizens' form.
    public_links = page.locator("header.topbar nav a")
    expect(public_links).to_have_count(2)
    assert sorted(public_links.evaluate_all("links => links.map(a => a.pathname)")) == [
        "/doleances/",
        "/news/",
    ]
    login_link = page.locator('main a[href="/accounts/login/"]')
    expect(login_link).to_be_visible()
    screenshot()

    login_link.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("#id_password")).to_be_visible()
    screenshot("login")
