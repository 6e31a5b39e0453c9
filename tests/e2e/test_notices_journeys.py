"""Browser journey of a memo: the Taounate provincial secretary sends it to two local secretariats,
a local secretary finds it in his inbox, reads it and reports back; the sender sees the read receipt
and the report; the Beni Makada local secretary (Tanger) cannot reach it."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAOUNATE_PS = "الأمانة الإقليمية بتاونات"


def _local_secretariat(code: str, name_ar: str, name_fr: str, secretary: str, latin: str, username: str):
    from django.contrib.auth.models import User

    from tanzim.access.models import Profile
    from tanzim.organs.models import How, Organ, OrganKind, Role
    from tanzim.organs.services import mandate_record, organ_create
    from tanzim.people.services import person_create
    from tanzim.territory.models import Territory

    commune = Territory.objects.get(code=code)
    local = organ_create(
        kind=OrganKind.LOCAL_SECRETARIAT,
        territory=commune,
        name_ar=name_ar,
        name_fr=name_fr,
        parent=Organ.objects.get(name_ar=TAOUNATE_PS),
    )
    person = person_create(full_name_ar=secretary, full_name_latin=latin, home=commune)
    mandate_record(
        person=person, organ=local, role=Role.SECRETARY, how=How.ELECTED, start=datetime.date(2023, 1, 1)
    )
    user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
    Profile.objects.create(user=user, person=person)
    return local


def _login(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(re.escape(base_url) + r"/$"))


def _to_french(page: Page) -> None:
    page.locator("header form[action*='i18n'] button").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_memo_is_sent_read_and_answered(page, browser, base_url, login, screenshot, request):
    rhafsai = _local_secretariat(
        "03.531.01.01",
        "الأمانة المحلية بغفساي",
        "Secrétariat local de Rhafsai",
        "يوسف الغفساوي",
        "Youssef Ghafsaoui",
        "ghafsaoui",
    )
    tissa = _local_secretariat(
        "03.531.01.09",
        "الأمانة المحلية بتيسة",
        "Secrétariat local de Tissa",
        "كريم التيساوي",
        "Karim Tissaoui",
        "tissaoui",
    )

    # The provincial secretary writes the memo to the two local secretariats.
    login("najjari")
    page.goto(f"{base_url}/notices/new/")
    page.select_option("#id_kind", "memo")
    page.fill("#id_reference", "م.ت/2026/07")
    page.fill("#id_subject", "تحيين لوائح المنخرطين قبل نهاية الشهر")
    page.fill("#id_body", "تطلب الأمانة الإقليمية من الأمانات المحلية موافاتها بلوائح المنخرطين المحينة.")
    page.check("input[name=recipients][value=chosen]")
    page.check(f"input[name=chosen][value='{rhafsai.pk}']")
    page.check(f"input[name=chosen][value='{tissa.pk}']")
    screenshot("write")
    page.locator("form.form button.primary").click()
    expect(page).to_have_url(re.compile(r"/notices/\d+/$"))
    notice_url = page.url
    receipts = page.locator("table tbody tr")
    expect(receipts).to_have_count(2)
    expect(page.locator("main")).to_contain_text("0")
    screenshot("sent")

    # The Rhafsai local secretary sees it in his inbox, opens it (the read receipt) and reports back.
    local = browser.new_context(
        locale="ar-MA", timezone_id="Africa/Casablanca", viewport={"width": 1280, "height": 900}
    )
    local_page = local.new_page()
    _login(local_page, base_url, "ghafsaoui")
    expect(local_page.locator("#inbox-link .badge")).to_have_text("1")
    local_page.goto(f"{base_url}/inbox/")
    local_page.locator("main table button", has_text="تحيين لوائح المنخرطين").click()
    expect(local_page).to_have_url(re.compile(r"/notices/received/\d+/$"))
    expect(local_page.locator("h1")).to_have_text("تحيين لوائح المنخرطين قبل نهاية الشهر")
    expect(local_page.locator("#inbox-link .badge")).to_have_count(0)
    local_page.fill("#id_body", "تم تحيين لائحة غفساي: 42 منخرطا، منهم 9 جدد.")
    local_page.locator("form.form button.primary").click()
    expect(local_page.locator("main")).to_contain_text("42 منخرطا")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    local_page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}--recipient-ar.png"), full_page=True)
    _to_french(local_page)
    expect(local_page.locator("main")).to_contain_text("Youssef Ghafsaoui")
    local_page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}--recipient-fr.png"), full_page=True)
    local.close()

    # The sender sees who read it, when, and the report.
    page.goto(notice_url)
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text="الأمانة المحلية بغفساي")).to_contain_text("يوسف الغفساوي")
    expect(rows.filter(has_text="الأمانة المحلية بغفساي")).to_contain_text("42 منخرطا")
    expect(rows.filter(has_text="الأمانة المحلية بتيسة")).not_to_contain_text("يوسف")
    screenshot("receipts-ar")
    _to_french(page)
    expect(page.locator("main")).to_contain_text("Secrétariat local de Rhafsai")
    screenshot("receipts-fr")

    # Tanger's Beni Makada local secretary cannot reach it.
    tanger = browser.new_context()
    tanger_page = tanger.new_page()
    _login(tanger_page, base_url, "laaziri")
    response = tanger_page.goto(notice_url)
    assert response is not None and response.status == 404
    tanger.close()
