"""Browser journey of a communiqué: the Taounate secretary drafts it from a held meeting, edits and
publishes it; a visitor reads it on the public site and comments; the comment shows once approved."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tanzim.press.drafting import day_ar
from tests.e2e.conftest import SCREENSHOTS
from tests.press.communiques_fixtures import seed_002_meeting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MEETING_TITLE = "اجتماع الأمانة الإقليمية حول الهيكلة"
NEW_TITLE = "الأمانة الإقليمية بتاونات تعقد اجتماعها حول الهيكلة التنظيمية"
COMMENT = "نتمنى التوفيق للأمانة الإقليمية في تعميم الهيكلة."


def test_communique_from_meeting_to_public_comment(page, base_url, login, screenshot, browser):
    # Yesterday: the latest held meeting, first among those waiting for their communiqué.
    meeting = seed_002_meeting(title_ar=MEETING_TITLE, day=timezone.localdate() - datetime.timedelta(days=1))
    login("najjari")
    page.goto(f"{base_url}/press/")
    ready = page.locator("#meetings-ready tr", has_text=MEETING_TITLE)
    ready.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/press/\d+/$"))
    expect(page.locator("#id_body_ar")).to_contain_text(f"يوم {day_ar(meeting)}")
    expect(page.locator("#id_body_ar")).to_contain_text("بالمقر الإقليمي للحزب بتاونات")
    screenshot("draft")
    page.fill("#id_title_ar", NEW_TITLE)
    page.locator("#save").click()
    expect(page.locator("#preview-ar h3")).to_have_text(NEW_TITLE)
    page.locator("#publish").click()
    expect(page.locator("#public-link")).to_be_visible()
    communique_url = page.locator("#public-link").get_attribute("href")

    visitor = browser.new_context(locale="ar-MA", viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(f"{base_url}/news/")
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    visitor.get_by_role("link", name=NEW_TITLE).click()
    expect(visitor).to_have_url(re.compile(re.escape(communique_url) + "$"))
    expect(visitor.locator("#communique")).to_contain_text("تعميم الهيكلة التنظيمية")
    expect(visitor.locator("#email-notice")).to_have_text("لن يتم نشر عنوان بريدك الإلكتروني.")
    assert visitor.locator("#share-whatsapp").get_attribute("href").startswith("https://wa.me/?text=")
    assert (
        visitor.locator("#share-facebook")
        .get_attribute("href")
        .startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    )
    visitor.fill("#id_body", COMMENT)
    visitor.fill("#id_name", "قارئ من تاونات")
    visitor.fill("#id_email", "reader@example.ma")
    visitor.wait_for_timeout(4500)  # a person takes a moment; faster is refused as automated
    visitor.locator("#send-comment").click()
    expect(visitor.locator("#comment-notice")).to_be_visible()
    expect(visitor.locator("#comments")).not_to_contain_text(COMMENT)
    _visitor_shot(visitor, "public-awaiting-moderation")

    page.goto(f"{base_url}/press/comments/")
    row = page.locator("tr", has_text=COMMENT)
    screenshot("moderation")
    row.locator("button[data-decision=approve]").click()
    expect(page.locator("main")).not_to_contain_text(COMMENT)

    visitor.goto(f"{base_url}{communique_url}")
    expect(visitor.locator("#comments")).to_contain_text(COMMENT)
    expect(visitor.locator("main")).not_to_contain_text("reader@example.ma")
    _visitor_shot(visitor, "public-ar")
    visitor.locator("header form button[value=fr]").click()
    expect(visitor.locator("html")).to_have_attribute("dir", "ltr")
    expect(visitor.locator("#email-notice")).to_have_text("Votre adresse e-mail ne sera pas publiée.")
    expect(visitor.locator("#comments")).to_contain_text(COMMENT)
    _visitor_shot(visitor, "public-fr")
    visitor.context.close()


def _visitor_shot(visitor, step: str) -> None:
    """The visitor's own browser window, next to the secretary's screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"test_communique_from_meeting_to_public_comment--{step}.png"
    visitor.screenshot(path=str(SCREENSHOTS / name), full_page=True)
