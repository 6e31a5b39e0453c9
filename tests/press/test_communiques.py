"""Communiqués inside the platform: the draft from a held meeting, edits, publication, withdrawal,
moderation, the internal pages and the PDFs."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tanzim.meetings.models import MeetingStatus
from tanzim.meetings.services import meeting_status_change
from tanzim.press.models import Comment, CommentStatus, Communique, CommuniqueStatus
from tanzim.press.services import (
    comment_moderate,
    communique_from_meeting,
    communique_publish,
    communique_update,
    communique_withdraw,
)
from tests.press.communiques_fixtures import (
    BENI_MAKADA_LOCAL,
    TANGER_SECRETARIAT,
    communique,
    seed_002_meeting,
)

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    """The PDF's text in logical order, without the bidi embedding marks pdftotext puts around runs."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)


# --- The draft ----------------------------------------------------------------------------------


def test_draft_from_held_meeting_reads_like_the_seed_reports(taounate_provincial_secretary):
    meeting = seed_002_meeting()
    draft = communique_from_meeting(meeting=meeting, by=taounate_provincial_secretary)
    body = draft.body_ar
    assert draft.status == CommuniqueStatus.DRAFT and draft.published_at is None
    assert draft.organ == meeting.organ and draft.meeting == meeting
    # Opening: the organ of the party, the kind, weekday and date in Moroccan form, the place.
    assert body.startswith("عقدت الأمانة الإقليمية لحزب الأصالة والمعاصرة بإقليم تاونات اجتماعا تنظيميا")
    assert "يوم السبت 17 يناير 2026" in body
    assert "بالمقر الإقليمي للحزب بتاونات" in body
    # Chairs with their titles, in the order of the report.
    assert "وترأس الاجتماع الأمين الجهوي" in body
    assert body.index("الدكتور محمد الحجيرة") < body.index("الدكتور محمد النجاري")
    assert "الأمين العام الإقليمي" in body
    # Groups present, agenda, conclusions, directives with their deadline.
    assert "وحضر الاجتماع أعضاء الأمانة الإقليمية والأمناء المحليون." in body
    assert "المستجدات السياسية والتنظيمية، الاستعداد للاستحقاقات المقبلة" in body
    assert "تسريع الهيكلة التنظيمية" in body
    assert "وخلص الاجتماع إلى التوجهات الأساسية التالية:" in body
    assert "1. تعميم الهيكلة التنظيمية على جميع جماعات الإقليم (في أجل أقصاه 17 أبريل 2026)" in body
    assert draft.title_ar == "حزب الأصالة والمعاصرة يعقد اجتماعاً تنظيميا بإقليم تاونات"
    assert draft.signed_by == "الأمانة الإقليمية بتاونات"
    # French next to it.
    assert "samedi 17 janvier 2026" in draft.body_fr
    assert "Dr Mohamed Najjari" in draft.body_fr
    assert "(échéance : 17 avril 2026)" in draft.body_fr
    assert "[" not in body  # the year is stated: no brackets


def test_draft_is_the_same_whatever_the_language_of_the_request(taounate_provincial_secretary):
    meeting = seed_002_meeting()
    with translation.override("fr"):
        draft = communique_from_meeting(meeting=meeting, by=taounate_provincial_secretary)
    assert "الدكتور محمد الحجيرة" in draft.body_ar
    assert "Dr " not in draft.body_ar


def test_inferred_year_is_in_brackets_with_its_basis(taounate_provincial_secretary):
    meeting = seed_002_meeting()
    meeting.day_inferred = True
    meeting.day_basis = "17 يناير يوافق يوم سبت في 2026"
    meeting.save(update_fields=["day_inferred", "day_basis"])
    draft = communique_from_meeting(meeting=meeting, by=taounate_provincial_secretary)
    assert "يوم السبت 17 يناير [2026]" in draft.body_ar
    assert "(17 يناير يوافق يوم سبت في 2026)" in draft.body_ar
    assert "samedi 17 janvier [2026]" in draft.body_fr


def test_draft_is_refused_for_a_planned_meeting(taounate_provincial_secretary):
    meeting = seed_002_meeting(held=False)
    with pytest.raises(ValidationError) as error:
        communique_from_meeting(meeting=meeting, by=taounate_provincial_secretary)
    assert "meeting" in error.value.message_dict
    assert str(MeetingStatus.PLANNED.label) in " ".join(error.value.messages)  # says why
    assert not Communique.objects.filter(meeting=meeting).exists()


def test_draft_is_refused_for_a_cancelled_meeting(taounate_provincial_secretary):
    meeting = seed_002_meeting(held=False)
    meeting_status_change(meeting=meeting, to=MeetingStatus.CANCELLED, reason="الطقس")
    with pytest.raises(ValidationError):
        communique_from_meeting(meeting=meeting, by=taounate_provincial_secretary)


def test_second_draft_returns_the_existing_communique_with_its_edits(taounate_provincial_secretary):
    meeting = seed_002_meeting()
    first = communique_from_meeting(meeting=meeting, by=taounate_provincial_secretary)
    communique_update(
        communique=first, by=taounate_provincial_secretary, title_ar="عنوان معدل", body_ar="نص معدل"
    )
    again = communique_from_meeting(meeting=meeting, by=taounate_provincial_secretary)
    assert again.pk == first.pk and again.title_ar == "عنوان معدل"
    assert Communique.objects.filter(meeting=meeting).count() == 1
    refreshed = communique_from_meeting(meeting=meeting, by=taounate_provincial_secretary, refresh=True)
    assert refreshed.pk == first.pk and refreshed.title_ar.startswith("حزب الأصالة والمعاصرة")


# --- Edit, publish, withdraw --------------------------------------------------------------------


def test_publish_sets_the_date_and_withdraw_takes_it_off(taounate_provincial_secretary):
    draft = communique_from_meeting(meeting=seed_002_meeting(), by=taounate_provincial_secretary)
    communique_publish(communique=draft, by=taounate_provincial_secretary)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    first_date = draft.published_at
    communique_withdraw(communique=draft, by=taounate_provincial_secretary)
    draft.refresh_from_db()
    assert draft.status == CommuniqueStatus.WITHDRAWN and not draft.is_published
    assert not Communique.objects.published().filter(pk=draft.pk).exists()
    communique_publish(communique=draft, by=taounate_provincial_secretary)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at == first_date


def test_text_from_a_browser_keeps_one_empty_line_between_paragraphs(taounate_provincial_secretary):
    draft = communique(status=CommuniqueStatus.DRAFT)
    communique_update(
        communique=draft,
        by=taounate_provincial_secretary,
        title_ar="عنوان",
        body_ar="أولى.\r\n\r\nثانية.\r\n",
    )
    draft.refresh_from_db()
    assert draft.body_ar == "أولى.\n\nثانية."


def test_publish_needs_the_arabic_title_and_text(taounate_provincial_secretary):
    draft = communique(status=CommuniqueStatus.DRAFT, title_ar="", body_ar="")
    with pytest.raises(ValidationError) as error:
        communique_publish(communique=draft, by=taounate_provincial_secretary)
    assert set(error.value.message_dict) == {"title_ar", "body_ar"}


def test_withdraw_only_a_published_communique(taounate_provincial_secretary):
    with pytest.raises(ValidationError):
        communique_withdraw(
            communique=communique(status=CommuniqueStatus.DRAFT), by=taounate_provincial_secretary
        )


def test_published_communique_can_be_corrected_but_keeps_its_arabic(taounate_provincial_secretary):
    published = communique()
    before = published.updated_at
    communique_update(
        communique=published, by=taounate_provincial_secretary, title_ar="عنوان مصحح", body_ar="نص مصحح"
    )
    published.refresh_from_db()
    assert published.title_ar == "عنوان مصحح" and published.is_published and published.updated_at > before
    with pytest.raises(ValidationError) as error:
        communique_update(communique=published, by=taounate_provincial_secretary, title_ar="", body_ar="")
    assert set(error.value.message_dict) == {"title_ar", "body_ar"}


def test_moderation_needs_the_organ_in_the_moderators_territory(
    taounate_provincial_secretary, beni_makada_local_secretary
):
    comment = Comment.objects.create(communique=communique(), name="قارئ", email="a@example.ma", body="تعليق")
    with pytest.raises(ValidationError):
        comment_moderate(comment=comment, by=beni_makada_local_secretary, decision="approve")
    comment_moderate(comment=comment, by=taounate_provincial_secretary, decision="approve")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED and comment.moderated_by == taounate_provincial_secretary


# --- Internal pages -----------------------------------------------------------------------------


def test_najjari_drafts_edits_and_publishes_through_the_pages(taounate_client):
    meeting = seed_002_meeting()
    response = taounate_client.post(reverse("press:communique_from_meeting", args=[meeting.pk]))
    draft = Communique.objects.get(meeting=meeting)
    assert response.status_code == 302 and response["Location"] == reverse("press:edit", args=[draft.pk])
    page = taounate_client.get(response["Location"])
    assert page.status_code == 200
    assert "يوم السبت 17 يناير 2026" in page.content.decode()
    response = taounate_client.post(
        reverse("press:edit", args=[draft.pk]),
        {"title_ar": "عنوان جديد", "body_ar": draft.body_ar, "title_fr": "Titre", "body_fr": draft.body_fr},
    )
    assert response.status_code == 302
    taounate_client.post(reverse("press:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.title_ar == "عنوان جديد" and draft.is_published


def test_drafting_a_planned_meeting_redirects_with_the_reason(taounate_client):
    meeting = seed_002_meeting(held=False)
    response = taounate_client.post(reverse("press:communique_from_meeting", args=[meeting.pk]), follow=True)
    assert response.redirect_chain and str(MeetingStatus.PLANNED.label) in response.content.decode()
    assert not Communique.objects.filter(meeting=meeting).exists()


def test_pages_outside_the_territory_are_404(beni_makada_client):
    taounate = communique(status=CommuniqueStatus.DRAFT)
    meeting = seed_002_meeting()
    assert beni_makada_client.get(reverse("press:edit", args=[taounate.pk])).status_code == 404
    assert beni_makada_client.post(reverse("press:publish", args=[taounate.pk])).status_code == 404
    assert beni_makada_client.get(reverse("press:pdf", args=[taounate.pk])).status_code == 404
    assert beni_makada_client.get(reverse("press:minutes_pdf", args=[meeting.pk])).status_code == 404
    response = beni_makada_client.post(reverse("press:communique_from_meeting", args=[meeting.pk]))
    assert response.status_code == 404


def test_list_shows_the_territory_only_with_a_status_filter(taounate_client, django_assert_max_num_queries):
    mine = communique(title_ar="بلاغ تاونات المنشور")
    communique(title_ar="بلاغ تاونات المسودة", status=CommuniqueStatus.DRAFT)
    communique(organ_name=TANGER_SECRETARIAT, title_ar="بلاغ طنجة")
    for _ in range(3):
        communique(title_ar="بلاغ إضافي")
    with django_assert_max_num_queries(15):  # session, user, scope, inbox: about half of it
        body = taounate_client.get(reverse("press:list")).content.decode()
    assert mine.title_ar in body and "بلاغ تاونات المسودة" in body and "بلاغ طنجة" not in body
    body = taounate_client.get(reverse("press:list"), {"status": "draft"}).content.decode()
    assert "بلاغ تاونات المسودة" in body and "بلاغ تاونات المنشور" not in body


def test_empty_list_says_so(beni_makada_client):
    body = beni_makada_client.get(reverse("press:list")).content.decode()
    assert 'class="empty"' in body


def test_moderation_queue_approves_a_comment(taounate_client):
    comment = Comment.objects.create(
        communique=communique(), name="قارئ", email="a@example.ma", body="تعليق أول"
    )
    Comment.objects.create(
        communique=communique(organ_name=BENI_MAKADA_LOCAL),
        name="آخر",
        email="b@example.ma",
        body="تعليق طنجة",
    )
    body = taounate_client.get(reverse("press:comments")).content.decode()
    assert "تعليق أول" in body and "تعليق طنجة" not in body
    response = taounate_client.post(reverse("press:comment_moderate", args=[comment.pk, "approve"]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_moderating_a_comment_outside_the_territory_is_404(beni_makada_client):
    comment = Comment.objects.create(communique=communique(), name="قارئ", email="a@example.ma", body="تعليق")
    response = beni_makada_client.post(reverse("press:comment_moderate", args=[comment.pk, "approve"]))
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


# --- PDFs ----------------------------------------------------------------------------------------


def test_communique_pdf_has_the_arabic_title_and_the_organ_in_logical_order(taounate_client):
    published = communique(
        title_ar="بلاغ الأمانة الإقليمية حول الهيكلة", body_ar="عقدت الأمانة الإقليمية اجتماعا."
    )
    response = taounate_client.get(reverse("press:pdf", args=[published.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "بلاغ الأمانة الإقليمية حول الهيكلة" in text
    assert "الأمانة الإقليمية بتاونات" in text
    assert "حزب الأصالة والمعاصرة" in text


def test_minutes_pdf_has_the_meeting_and_its_directives(taounate_client):
    meeting = seed_002_meeting(title_ar="اجتماع الأمانة الإقليمية")
    response = taounate_client.get(reverse("press:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "محضر اجتماع" in text
    assert "الأمانة الإقليمية بتاونات" in text
    # pdftotext reorders runs that mix digits into Arabic; the words themselves come out in order.
    assert "السبت" in text and "يناير" in text and "2026" in text
    assert "تعميم الهيكلة التنظيمية على جميع جماعات الإقليم" in text
    from tanzim.access.models import AuditEvent

    assert AuditEvent.objects.filter(action="meeting.minutes_pdf", target=str(meeting.pk)).exists()


def test_the_party_is_named_between_the_organ_and_its_place():
    from tanzim.press.drafting import _organ_of_party_ar
    from tests.press.communiques_fixtures import organ

    assert (
        _organ_of_party_ar(organ("الأمانة الجهوية لجهة فاس-مكناس"))
        == "الأمانة الجهوية لحزب الأصالة والمعاصرة بجهة فاس-مكناس"
    )
    assert (
        _organ_of_party_ar(organ(TANGER_SECRETARIAT))
        == "الأمانة الإقليمية لحزب الأصالة والمعاصرة بعمالة طنجة-أصيلة"
    )
    assert _organ_of_party_ar(organ("الأمانة العامة")) == "الأمانة العامة لحزب الأصالة والمعاصرة"


@pytest.mark.parametrize(
    ("organ_name", "verb"),
    [
        ("الأمانة الإقليمية بتاونات", "عقدت"),
        ("قطب التواصل والإعلام", "عقد"),
        ("القطب التنظيمي", "عقد"),
        ("المكتب السياسي", "عقد"),
        ("مكتب الفرع", "عقد"),
        ("لجنة الأخلاقيات", "عقدت"),
    ],
)
def test_the_arabic_verb_agrees_with_the_organs_head_noun_with_or_without_its_article(organ_name, verb):
    from tanzim.press.drafting import _verb_ar

    assert _verb_ar(organ_name) == verb


def test_minutes_pdf_names_the_attendees_to_its_managers_and_only_counts_them_for_an_invitee_from_elsewhere(
    taounate_client, beni_makada_client
):
    from django.contrib.auth.models import User

    from tanzim.access.models import Profile
    from tanzim.meetings.models import Attendance, AttendanceStatus
    from tests.factories import PersonFactory, territory

    meeting = seed_002_meeting(title_ar="اجتماع الأمانة الإقليمية")
    local = PersonFactory(full_name_ar="رشيدة الحاضرة", home=territory("03.531.01.05"))
    Attendance.objects.create(meeting=meeting, person=local, status=AttendanceStatus.PRESENT)
    laaziri = Profile.objects.get(user=User.objects.get(username="laaziri")).person
    Attendance.objects.create(meeting=meeting, person=laaziri, status=AttendanceStatus.PRESENT)
    present = meeting.attendances.filter(status=AttendanceStatus.PRESENT).count()

    managers = _pdf_text(taounate_client.get(reverse("press:minutes_pdf", args=[meeting.pk])).content)
    invitee = beni_makada_client.get(reverse("press:minutes_pdf", args=[meeting.pk]))
    assert invitee.status_code == 200
    text = _pdf_text(invitee.content)
    assert "رشيدة الحاضرة" in managers
    assert "رشيدة الحاضرة" not in text and "عدد الحاضرين" in text and str(present) in text
