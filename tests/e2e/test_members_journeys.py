"""Browser journeys of the membership roll: import a CP1256 file, read the report, find a member,
issue a card and check it on the public verification page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = [
    ["الاسم العائلي", "الاسم الشخصي", "رقم البطاقة الوطنية", "الهاتف", "الجماعة", "تاريخ الازدياد"],
    ["العلمي", "سعاد", "CD445566", "0661234501", "تاونات", "12/03/1990"],
    ["الإدريسي", "يوسف", "CD445567", "0661234502", "جماعة تيسة", "1985"],
    ["بنعلي", "كريم", "12AB", "0661234503", "تاونات", "01/01/1980"],
    ["التازي", "عمر", "CD445570", "0661234505", "بني مكادة", "01/01/1970"],
]


def test_taounate_secretary_imports_a_cp1256_roll(page, base_url, login, screenshot, tmp_path):
    roll = tmp_path / "لائحة-تاونات.csv"
    roll.write_bytes("\r\n".join(";".join(row) for row in ROWS).encode("cp1256"))
    login("najjari")
    page.goto(f"{base_url}/members/imports/")
    page.set_input_files("#id_file", str(roll))
    page.check("input[name=real_run]")
    page.locator("form.form button.primary").click()
    expect(page).to_have_url(re.compile(r"/members/imports/\d+/$"))
    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("2")  # two new members
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)  # the bad CIN, and the Tanger commune outside his territory
    expect(page.locator("table")).to_contain_text("12AB")
    expect(page.locator("table")).to_contain_text("بني مكادة")
    screenshot()
    page.goto(f"{base_url}/members/?q=Souad Alami")
    expect(page.locator("table")).to_contain_text("سعاد العلمي")
    screenshot("search")


def test_card_is_issued_and_verifies_publicly(page, base_url, login, screenshot, browser):
    login("laaziri")
    page.goto(f"{base_url}/members/?q=لعزيري")
    page.locator("table a", has_text="عمر لعزيري").click()
    page.locator("form[action$='/card/issue/'] button").click()
    expect(page.locator("a[href$='card.pdf']")).to_be_visible()
    screenshot("member")
    from tanzim.people.models import Card

    token = Card.objects.get(membership__person__full_name_ar="عمر لعزيري", status="issued").token
    visitor = browser.new_context().new_page()
    visitor.goto(f"{base_url}/v/{token}/")
    expect(visitor.locator("main")).to_contain_text("الأمانة المحلية بمقاطعة بني مكادة")
    expect(visitor.locator("main")).not_to_contain_text("لعزيري")
    visitor.screenshot(
        path=str(screenshot("verify").with_name("test_card_is_issued_and_verifies_publicly--public.png"))
    )
    assert visitor.locator("html").get_attribute("dir") == "rtl"
