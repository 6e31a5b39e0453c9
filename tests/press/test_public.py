"""The public news site and API: published communiqués only, views counted once per reader per day,
comments held for moderation and protected from spam, feeds, share links."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tanzim.press.models import Comment, CommentStatus, Communique, CommuniqueStatus, CommuniqueView
from tanzim.press.services import (
    COMMENTS_PER_HOUR,
    comment_form_token,
    comment_submit,
    communique_view_record,
    is_bot,
    visitor_hash,
)
from tests.press.communiques_fixtures import BENI_MAKADA_LOCAL, TANGER_SECRETARIAT, communique, organ

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


def _old_token(item: Communique, seconds: int = 60) -> str:
    return comment_form_token(item, now=timezone.now() - datetime.timedelta(seconds=seconds))


def _comment(client: Client, item: Communique, **data):
    fields = {"name": "قارئ", "email": "reader@example.ma", "body": "تعليق", "form_token": _old_token(item)}
    fields.update(data)
    return client.post(reverse("news:comment", args=[item.pk]), fields, HTTP_USER_AGENT=BROWSER)


# --- Unpublished is 404 everywhere ------------------------------------------------------------


@pytest.mark.parametrize("status", [CommuniqueStatus.DRAFT, CommuniqueStatus.WITHDRAWN])
def test_unpublished_communique_is_404_on_page_feed_and_api(client, status):
    hidden = communique(status=status, title_ar="بلاغ غير منشور")
    assert client.get(reverse("news:detail", args=[hidden.pk])).status_code == 404
    assert client.post(reverse("news:comment", args=[hidden.pk]), {}).status_code == 404
    assert client.get(f"/api/communiques/{hidden.pk}").status_code == 404
    for url in (reverse("news:list"), reverse("news:rss"), reverse("news:atom"), "/api/communiques"):
        assert "بلاغ غير منشور" not in client.get(url).content.decode(), url


def test_public_page_shows_the_communique_and_nothing_internal(client):
    item = communique(title_ar="بلاغ الأمانة", body_ar="الفقرة الأولى.\n\nالفقرة الثانية.")
    Comment.objects.create(communique=item, name="منتظر", email="wait@example.ma", body="تعليق ينتظر")
    response = client.get(reverse("news:detail", args=[item.pk]), HTTP_USER_AGENT=BROWSER)
    body = response.content.decode()
    assert response.status_code == 200
    assert "بلاغ الأمانة" in body and "الفقرة الثانية." in body and "الأمانة الإقليمية بتاونات" in body
    assert "لن يتم نشر عنوان بريدك الإلكتروني" in body
    assert "تعليق ينتظر" not in body and "wait@example.ma" not in body
    assert "csrfmiddlewaretoken" not in body  # nothing per visitor: cacheable
    assert "public" in response["Cache-Control"]
    assert 'lang="ar" dir="rtl"' in body


def test_public_page_in_french(client):
    item = communique()
    client.post(reverse("news:language"), {"language": "fr", "next": reverse("news:detail", args=[item.pk])})
    body = client.get(reverse("news:detail", args=[item.pk])).content.decode()
    assert "Communiqué de test" in body and 'dir="ltr"' in body
    assert "Votre adresse e-mail ne sera pas publiée" in body


def test_share_links_carry_the_absolute_address(client, settings):
    settings.TANZIM_PUBLIC_URL = "https://tanzim.example.ma"
    item = communique()
    body = client.get(reverse("news:detail", args=[item.pk])).content.decode()
    url = f"https://tanzim.example.ma/news/{item.pk}/"
    assert "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="") in body
    assert "https://wa.me/?text=" in body and quote(url, safe="") in body


def test_lists_are_newest_first_by_territory_and_organ(client):
    older = communique(title_ar="بلاغ قديم", published_at=timezone.now() - datetime.timedelta(days=3))
    newer = communique(title_ar="بلاغ حديث")
    tanger = communique(organ_name=BENI_MAKADA_LOCAL, title_ar="بلاغ بني مكادة")
    body = client.get(reverse("news:list")).content.decode()
    assert body.index(newer.title_ar) < body.index(older.title_ar)
    body = client.get(reverse("news:territory", args=["03.531"])).content.decode()
    assert newer.title_ar in body and tanger.title_ar not in body
    body = client.get(reverse("news:territory", args=["01.511"])).content.decode()  # Tanger-Assilah and below
    assert tanger.title_ar in body and newer.title_ar not in body
    body = client.get(reverse("news:organ", args=[tanger.organ_id])).content.decode()
    assert tanger.title_ar in body and older.title_ar not in body
    assert client.get(reverse("news:territory", args=["99.999"])).status_code == 404


def test_empty_territory_says_so(client):
    body = client.get(reverse("news:territory", args=["06.061"])).content.decode()
    assert 'class="empty"' in body


def test_public_list_query_count_is_bounded(client, django_assert_max_num_queries):
    for number in range(12):
        communique(title_ar=f"بلاغ رقم {number}")
    with django_assert_max_num_queries(4):
        assert client.get(reverse("news:list")).status_code == 200


# --- Views --------------------------------------------------------------------------------------


def test_repeated_views_of_one_visitor_on_one_day_count_once():
    item = communique()
    day = datetime.date(2026, 1, 18)
    assert communique_view_record(communique=item, visitor_key="196.200.1.1", user_agent=BROWSER, day=day)
    assert not communique_view_record(communique=item, visitor_key="196.200.1.1", user_agent=BROWSER, day=day)
    assert communique_view_record(communique=item, visitor_key="196.200.1.2", user_agent=BROWSER, day=day)
    assert communique_view_record(
        communique=item, visitor_key="196.200.1.1", user_agent=BROWSER, day=day + datetime.timedelta(days=1)
    )
    item.refresh_from_db()
    assert item.views == 3


def test_the_address_is_never_stored():
    item = communique()
    communique_view_record(communique=item, visitor_key="196.200.1.1", user_agent=BROWSER)
    stored = CommuniqueView.objects.get(communique=item).visitor
    assert "196.200" not in stored and stored == visitor_hash("196.200.1.1", BROWSER)


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0",
        "Mozilla/5.0 (compatible; Yahoo! Slurp)",
        "Baiduspider",
        "AhrefsCrawler",
    ],
)
def test_bots_and_previews_do_not_count(user_agent):
    item = communique()
    assert is_bot(user_agent)
    assert not communique_view_record(communique=item, visitor_key="1.2.3.4", user_agent=user_agent)
    item.refresh_from_db()
    assert item.views == 0


def test_page_counts_a_reader_once_and_shows_the_counter(client):
    item = communique()
    client.get(reverse("news:detail", args=[item.pk]), HTTP_USER_AGENT=BROWSER)
    body = client.get(reverse("news:detail", args=[item.pk]), HTTP_USER_AGENT=BROWSER).content.decode()
    client.get(reverse("news:detail", args=[item.pk]), HTTP_USER_AGENT="Twitterbot/1.0")
    item.refresh_from_db()
    assert item.views == 1
    assert 'id="views"' in body


# --- Comments ------------------------------------------------------------------------------------


def test_comment_is_invisible_until_approved(client, taounate_provincial_secretary):
    item = communique()
    response = _comment(client, item, body="تعليق قارئ مهتم")
    assert response.status_code == 302 and "comment=pending" in response["Location"]
    comment = Comment.objects.get(communique=item)
    assert comment.status == CommentStatus.PENDING
    body = client.get(response["Location"]).content.decode()
    assert "تعليق قارئ مهتم" not in body
    assert "awaiting moderation" in body or "في انتظار" in body or 'id="comment-notice"' in body
    from tanzim.press.services import comment_moderate

    comment_moderate(comment=comment, by=taounate_provincial_secretary, decision="approve")
    body = client.get(reverse("news:detail", args=[item.pk])).content.decode()
    assert "تعليق قارئ مهتم" in body and "reader@example.ma" not in body


def test_honeypot_is_refused_with_a_message(client):
    item = communique()
    response = _comment(client, item, website="http://spam.example")
    assert response.status_code == 400
    assert "automated" in response.content.decode() or 'class="errors"' in response.content.decode()
    assert not Comment.objects.filter(communique=item).exists()


def test_too_fast_is_refused(client):
    item = communique()
    response = _comment(client, item, form_token=comment_form_token(item))
    assert response.status_code == 400 and not Comment.objects.filter(communique=item).exists()


def test_more_than_two_links_is_refused():
    item = communique()
    from django.core.exceptions import ValidationError

    body = "انظروا http://a.example و http://b.example و www.c.example"
    with pytest.raises(ValidationError) as error:
        comment_submit(
            communique=item, name="س", email="s@example.ma", body=body, form_token=_old_token(item)
        )
    assert "body" in error.value.message_dict
    comment_submit(
        communique=item,
        name="س",
        email="s@example.ma",
        body="مصدران: http://a.example و http://b.example",
        form_token=_old_token(item),
    )


def test_too_long_and_missing_fields_are_refused_and_the_text_is_kept(client):
    item = communique()
    response = _comment(client, item, body="أ" * 3001, email="not-an-address")
    body = response.content.decode()
    assert response.status_code == 400
    assert "أ" * 3001 in body  # the reader does not lose the text
    assert not Comment.objects.filter(communique=item).exists()


def test_a_form_not_from_the_page_is_sent_back(client):
    item = communique()
    response = _comment(client, item, form_token="forged")
    assert response.status_code == 302 and "comment=expired" in response["Location"]
    other = communique()
    response = _comment(client, item, form_token=_old_token(other))
    assert response.status_code == 302 and not Comment.objects.exists()
    stale = comment_form_token(item, now=timezone.now() - datetime.timedelta(days=3))
    assert _comment(client, item, form_token=stale).status_code == 302


def test_too_many_comments_within_the_hour_are_refused():
    item = communique()
    from django.core.exceptions import ValidationError

    for number in range(COMMENTS_PER_HOUR):
        comment_submit(
            communique=item,
            name="س",
            email="s@example.ma",
            body=f"تعليق {number}",
            form_token=_old_token(item),
            visitor_key="1.2.3.4",
            user_agent=BROWSER,
        )
    with pytest.raises(ValidationError):
        comment_submit(
            communique=item,
            name="س",
            email="s@example.ma",
            body="تعليق زائد",
            form_token=_old_token(item),
            visitor_key="1.2.3.4",
            user_agent=BROWSER,
        )
    comment_submit(  # another reader is not held back
        communique=item,
        name="ع",
        email="a@example.ma",
        body="تعليق آخر",
        form_token=_old_token(item),
        visitor_key="5.6.7.8",
        user_agent=BROWSER,
    )
    assert (
        Comment.objects.filter(communique=item, status=CommentStatus.PENDING).count() == COMMENTS_PER_HOUR + 1
    )


# --- Feeds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["news:rss", "news:atom"])
def test_feeds_are_valid_xml_with_published_entries_only(client, route):
    shown = communique(title_ar="بلاغ في التغذية")
    communique(title_ar="مسودة خارج التغذية", status=CommuniqueStatus.DRAFT)
    communique(title_ar="بلاغ مسحوب", status=CommuniqueStatus.WITHDRAWN)
    response = client.get(reverse(route))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    text = response.content.decode()
    assert shown.title_ar in text and "مسودة خارج التغذية" not in text and "بلاغ مسحوب" not in text
    if route == "news:rss":
        titles = [item.findtext("title") for item in root.iter("item")]
    else:
        ns = "{http://www.w3.org/2005/Atom}"
        titles = [entry.findtext(f"{ns}title") for entry in root.iter(f"{ns}entry")]
    assert shown.title_ar in titles


def test_territory_feed_keeps_to_the_territory(client):
    communique(title_ar="بلاغ تاونات")
    communique(organ_name=TANGER_SECRETARIAT, title_ar="بلاغ طنجة")
    text = client.get(reverse("news:territory_rss", args=["03.531"])).content.decode()
    ET.fromstring(text.encode())
    assert "بلاغ تاونات" in text and "بلاغ طنجة" not in text


# --- API -----------------------------------------------------------------------------------------


def test_api_is_public_and_filters_by_words_territory_and_organ(client):
    taounate = communique(
        title_ar="بلاغ حول الإحتفال بالذكرى", body_fr="La fête de la coopérative régionale."
    )
    tanger = communique(organ_name=TANGER_SECRETARIAT, title_ar="بلاغ طنجة عن المسابقة الثقافية")
    draft = communique(title_ar="مسودة الاحتفال", status=CommuniqueStatus.DRAFT)
    mine = {taounate.pk, tanger.pk, draft.pk}

    def ids(**params) -> set[int]:
        response = client.get("/api/communiques", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["items"]}

    assert ids() & mine == {taounate.pk, tanger.pk}
    assert ids(q="الاحتفال") & mine == {taounate.pk}  # hamza folded: الإحتفال
    assert ids(q="cooperative regionale") & mine == {taounate.pk}  # accents folded
    assert ids(q="طنجه الثقافيه") & mine == {tanger.pk}  # taa marbuta folded, every word must match
    assert ids(q="طنجة الاحتفال") & mine == set()
    assert ids(territory="03.531") & mine == {taounate.pk}
    assert ids(territory="01") & mine == {tanger.pk}
    assert ids(territory="99.999") == set()
    assert ids(organ=organ(TANGER_SECRETARIAT).pk) & mine == {tanger.pk}
    detail = client.get(f"/api/communiques/{taounate.pk}").json()
    assert detail["body_fr"] == "La fête de la coopérative régionale."
    assert detail["organ"]["territory_code"] == "03.531"
    assert detail["url"] == f"/news/{taounate.pk}/"


def test_api_search_survives_regex_characters(client):
    communique(title_ar="بلاغ (خاص) [1]")
    response = client.get("/api/communiques", {"q": "(خاص) [1] .* \\"})
    assert response.status_code == 200


def test_a_correction_after_publication_is_dated_on_the_page(client):
    item = communique(published_at=timezone.now() - datetime.timedelta(days=2))
    Communique.objects.filter(pk=item.pk).update(  # drafted, then published two days ago
        created_at=timezone.now() - datetime.timedelta(days=3), updated_at=item.published_at
    )
    item.refresh_from_db()
    assert 'id="updated"' not in client.get(reverse("news:detail", args=[item.pk])).content.decode()
    from tanzim.press.services import communique_update

    communique_update(communique=item, by=None, title_ar="بلاغ مصحح", body_ar="نص مصحح")
    body = client.get(reverse("news:detail", args=[item.pk])).content.decode()
    assert 'id="updated"' in body and "بلاغ مصحح" in body
