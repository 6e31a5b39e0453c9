"""Meeting and directive pages as the Taounate provincial secretary, a Taounate local secretary and
the Beni Makada local secretary: lists and filters, planning, check-in, directives, progress reports,
evidence files, and 404 outside the territory."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tanzim.meetings.models import Attendance, Directive, Meeting
from tanzim.meetings.services import directive_issue, meeting_invite_group, progress_report
from tanzim.organs.models import Organ
from tanzim.people.cards import card_issue
from tanzim.people.members import membership_enroll
from tests.factories import PersonFactory, territory
from tests.meetings.conftest import BENI_MAKADA, CHARF_SOUANI, TANGER_SECRETARIAT, TAOUNATE_SECRETARIAT

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 17)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _taounate_directive(meeting: Meeting) -> Directive:
    return directive_issue(
        organ=meeting.organ,
        meeting=meeting,
        issued_on=meeting.day,
        text_ar="استكمال هيكلة الأمانات المحلية",
        deadline_kind="months",
        deadline_amount=3,
        target_kind="local_secretariat",
        target_territory=territory("03.531"),
    )


def _overdue_directive() -> Directive:
    """Issued a month ago by Taounate to its local secretariats, due yesterday."""
    today = timezone.localdate()
    return directive_issue(
        organ=Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT),
        issued_on=today - datetime.timedelta(days=30),
        text_ar="تجديد مكاتب الأمانات المحلية",
        deadline_kind="date",
        due_on=today - datetime.timedelta(days=1),
        target_kind="local_secretariat",
        target_territory=territory("03.531"),
    )


def _tanger_directive() -> Directive:
    return directive_issue(
        organ=Organ.objects.get(name_ar=TANGER_SECRETARIAT),
        issued_on=DAY,
        text_ar="تحيين لوائح المنخرطين بالمقاطعات",
        deadline_kind="date",
        due_on=datetime.date(2026, 2, 1),
        targets=[Organ.objects.get(name_ar=BENI_MAKADA), Organ.objects.get(name_ar=CHARF_SOUANI)],
    )


# --- Meeting list -----------------------------------------------------------------------------------


def test_meeting_list_shows_the_territory_only(taounate_client, taounate_meeting, tanger_meeting):
    body = taounate_client.get(reverse("meetings:list")).content.decode()
    assert taounate_meeting.title_ar in body
    assert tanger_meeting.title_ar not in body


def test_meeting_list_filters_by_day_and_status_and_reports_a_bad_date(taounate_client, taounate_meeting):
    url = reverse("meetings:list")
    assert taounate_meeting.title_ar in taounate_client.get(url, {"on": "2026-01-17"}).content.decode()
    assert taounate_meeting.title_ar not in taounate_client.get(url, {"on": "2026-01-18"}).content.decode()
    assert taounate_meeting.title_ar not in taounate_client.get(url, {"status": "cancelled"}).content.decode()
    assert taounate_meeting.title_ar in taounate_client.get(url, {"territory": "تاونات"}).content.decode()
    # The day-first form people write is read too; the date box gets the day back in ISO.
    day_first = taounate_client.get(url, {"on": "17/01/2026"}).content.decode()
    assert taounate_meeting.title_ar in day_first and 'value="2026-01-17"' in day_first
    bad = taounate_client.get(url, {"on": "31/02/2026"}).content.decode()
    assert "31/02/2026" in bad and "23/11/2026" in bad and "errors" in bad


def test_meeting_list_pins_its_query_count(taounate_client, taounate_meeting, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        taounate_client.get(reverse("meetings:list"))


def test_empty_meeting_list_offers_to_plan_one(taounate_client):
    body = taounate_client.get(reverse("meetings:list"), {"on": "1999-01-01"}).content.decode()
    assert reverse("meetings:plan") in body and 'class="empty"' in body


# --- Planning ---------------------------------------------------------------------------------------


def test_najjari_plans_a_meeting_with_chairs_and_agenda(taounate_client):
    province = Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT)
    form = taounate_client.get(reverse("meetings:plan")).context["form"]
    najjari_mandate = form.fields["chairs"].queryset.get(person__full_name_ar="محمد النجاري", organ=province)
    response = taounate_client.post(
        reverse("meetings:plan"),
        {
            "organ": province.pk,
            "kind": "organizational",
            "title_ar": "اجتماع الأمانة الإقليمية",
            "day": "2026-12-05",
            "start_time": "15:00",
            "part_of_day": "afternoon",
            "place_mode": "premises",
            "premises": province.premises.first().pk,
            "chairs": [najjari_mandate.pk],
            "agenda": "الهيكلة | La structuration\nالاستحقاقات",
        },
    )
    meeting = Meeting.objects.get(title_ar="اجتماع الأمانة الإقليمية")
    assert response.status_code == 302 and response.url == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.chairs.get().mandate == najjari_mandate
    assert [(a.title_ar, a.title_fr) for a in meeting.agenda.all()] == [
        ("الهيكلة", "La structuration"),
        ("الاستحقاقات", ""),
    ]


def test_plan_errors_are_shown_by_field(taounate_client):
    province = Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT)
    response = taounate_client.post(
        reverse("meetings:plan"),
        {
            "organ": province.pk,
            "kind": "organizational",
            "title_ar": "اجتماع",
            "day": "2026-12-05",
            "place_mode": "online",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["online_link"]
    response = taounate_client.post(
        reverse("meetings:plan"),
        {
            "organ": province.pk,
            "kind": "organizational",
            "title_ar": "اجتماع",
            "day": "2026-12-05",
            "place_mode": "premises",
        },
    )
    assert response.context["form"].errors["premises"]
    assert not Meeting.objects.filter(title_ar="اجتماع").exists()


def test_plan_offers_only_organs_of_the_territory(beni_makada_client):
    form = beni_makada_client.get(reverse("meetings:plan")).context["form"]
    names = {organ.name_ar for organ in form.fields["organ"].queryset}
    assert BENI_MAKADA in names and TAOUNATE_SECRETARIAT not in names


# --- Meeting page -----------------------------------------------------------------------------------


def test_meeting_page_outside_the_territory_is_404(
    taounate_client, beni_makada_client, tanger_meeting, taounate_meeting
):
    assert taounate_client.get(reverse("meetings:detail", args=[tanger_meeting.pk])).status_code == 404
    assert beni_makada_client.get(reverse("meetings:detail", args=[taounate_meeting.pk])).status_code == 404
    assert (
        taounate_client.post(
            reverse("meetings:check_in", args=[tanger_meeting.pk]), {"number": "1"}
        ).status_code
        == 404
    )


def test_an_inferred_year_is_shown_with_its_basis(taounate_client, taounate_meeting):
    Meeting.objects.filter(pk=taounate_meeting.pk).update(
        day_inferred=True, day_basis="التقرير لا يذكر السنة"
    )
    body = taounate_client.get(reverse("meetings:detail", args=[taounate_meeting.pk])).content.decode()
    assert "التقرير لا يذكر السنة" in body


def test_invited_local_secretary_sees_the_meeting_without_managing_it(taounate_locals, taounate_meeting):
    meeting_invite_group(
        meeting=taounate_meeting,
        rule="secretaries_under",
        territory=territory("03.531"),
        label_ar="الأمناء المحليون",
    )
    client = _client_of(taounate_locals.user)
    response = client.get(reverse("meetings:detail", args=[taounate_meeting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("meetings:check_in", args=[taounate_meeting.pk]) not in body
    assert "سعاد التيساوية" not in body  # the other invited are counted, not listed
    assert client.get(reverse("meetings:invite_group", args=[taounate_meeting.pk])).status_code == 404


def test_invite_group_with_the_default_label(taounate_client, taounate_locals, taounate_meeting):
    response = taounate_client.post(
        reverse("meetings:invite_group", args=[taounate_meeting.pk]),
        {"rule": "secretaries_under", "territory": "إقليم تاونات", "organ_kind": "local_secretariat"},
    )
    assert response.status_code == 302
    group = taounate_meeting.invitee_groups.get()
    assert (group.label_ar, group.label_fr) == (
        "الأمناء المحليون لإقليم تاونات",
        "les secrétaires locaux de la province de Taounate",
    )
    assert group.attendances.filter(person=taounate_locals.tissa_secretary).exists()


def test_invite_group_refuses_a_territory_outside(taounate_client, taounate_meeting):
    response = taounate_client.post(
        reverse("meetings:invite_group", args=[taounate_meeting.pk]),
        {"rule": "secretaries_under", "territory": "طنجة-أصيلة"},
    )
    assert response.status_code == 200 and response.context["form"].errors["territory"]


def test_send_invitations_reports_the_counts(taounate_client, taounate_locals, taounate_meeting):
    meeting_invite_group(
        meeting=taounate_meeting, rule="secretaries_under", territory=territory("03.531"), label_ar="الأمناء"
    )
    invited = taounate_meeting.attendances.count()
    response = taounate_client.post(reverse("meetings:send", args=[taounate_meeting.pk]), follow=True)
    assert f"{invited}" in response.content.decode()
    assert not taounate_meeting.attendances.filter(invitation_sent_at__isnull=True).exists()


def test_check_in_by_number_card_name_and_row_buttons(taounate_client, taounate_locals, taounate_meeting):
    meeting_invite_group(
        meeting=taounate_meeting, rule="secretaries_under", territory=territory("03.531"), label_ar="الأمناء"
    )
    url = reverse("meetings:check_in", args=[taounate_meeting.pk])
    province = Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT)
    member = membership_enroll(
        person=PersonFactory(full_name_ar="كريم الورغي", home=territory("03.531.01.05")),
        by=None,
        status="active",
        local_organ=province,
    )
    taounate_client.post(url, {"number": member.number, "status": "present"})
    assert Attendance.objects.get(meeting=taounate_meeting, person=member.person).checked_in_by == "number"

    other = membership_enroll(
        person=PersonFactory(full_name_ar="ليلى الشاوني", home=territory("03.531.01.05")),
        by=None,
        status="active",
        local_organ=province,
    )
    card = card_issue(membership=other, by=None)
    taounate_client.post(url, {"card": f"http://testserver/v/{card.token}/", "status": "present"})
    assert Attendance.objects.get(meeting=taounate_meeting, person=other.person).checked_in_by == "card"

    search = taounate_client.get(reverse("meetings:detail", args=[taounate_meeting.pk]), {"q": "Tissaouia"})
    assert taounate_locals.tissa_secretary in search.context["invited_found"]
    taounate_client.post(
        url, {"person": taounate_locals.tissa_secretary.pk, "status": "excused", "via": "search"}
    )
    row = Attendance.objects.get(meeting=taounate_meeting, person=taounate_locals.tissa_secretary)
    assert (row.status, row.checked_in_by) == ("excused", "name")

    taounate_client.post(url, {"person": taounate_locals.rhafsai_secretary.pk, "status": "absent"})
    assert (
        Attendance.objects.get(meeting=taounate_meeting, person=taounate_locals.rhafsai_secretary).status
        == "absent"
    )

    response = taounate_client.post(url, {"number": "M9999999"}, follow=True)
    assert "M9999999" in response.content.decode()


def test_check_in_refuses_a_person_outside_the_territory(taounate_client, taounate_meeting):
    laaziri = Organ.objects.get(name_ar=BENI_MAKADA).mandates.first().person
    taounate_client.post(reverse("meetings:check_in", args=[taounate_meeting.pk]), {"person": laaziri.pk})
    assert not Attendance.objects.filter(meeting=taounate_meeting, person=laaziri).exists()


def test_status_change_and_refused_transition_message(taounate_client, taounate_meeting):
    url = reverse("meetings:status", args=[taounate_meeting.pk])
    response = taounate_client.post(url, {"to": "approved"}, follow=True)
    taounate_meeting.refresh_from_db()
    assert taounate_meeting.status == "planned" and "errors" not in response.context  # a message, not a crash
    taounate_client.post(url, {"to": "held"})
    taounate_meeting.refresh_from_db()
    assert taounate_meeting.status == "held"
    taounate_client.post(reverse("meetings:record", args=[taounate_meeting.pk]), {"minutes_ar": "محضر"})
    taounate_client.post(url, {"to": "approved"})
    taounate_meeting.refresh_from_db()
    assert taounate_meeting.status == "approved"


def test_cancelling_needs_a_reason(taounate_client, taounate_meeting):
    url = reverse("meetings:status", args=[taounate_meeting.pk])
    taounate_client.post(url, {"to": "cancelled"})
    taounate_meeting.refresh_from_db()
    assert taounate_meeting.status == "planned"
    taounate_client.post(url, {"to": "cancelled", "reason": "تزامن مع المجلس الوطني"})
    taounate_meeting.refresh_from_db()
    assert (taounate_meeting.status, taounate_meeting.cancelled_reason) == (
        "cancelled",
        "تزامن مع المجلس الوطني",
    )


# --- Directives -------------------------------------------------------------------------------------


def test_najjari_issues_a_directive_within_three_months(taounate_client, taounate_locals, taounate_meeting):
    response = taounate_client.post(
        reverse("meetings:directive_issue", args=[taounate_meeting.pk]),
        {
            "text_ar": "عقد الجموع العامة للأمانات المحلية",
            "deadline_kind": "months",
            "deadline_amount": "3",
            "target_kind": "local_secretariat",
            "target_territory": "إقليم تاونات",
        },
    )
    directive = Directive.objects.get(text_ar="عقد الجموع العامة للأمانات المحلية")
    assert response.status_code == 302 and response.url == reverse("directives:detail", args=[directive.pk])
    assert directive.due_on == datetime.date(2026, 4, 17)
    assert directive.targets.filter(organ=taounate_locals.tissa).exists()
    assert not directive.targets.filter(organ__territory__code__startswith="01.").exists()


def test_directive_form_errors_by_field(taounate_client, taounate_meeting):
    response = taounate_client.post(
        reverse("meetings:directive_issue", args=[taounate_meeting.pk]),
        {
            "text_ar": "توجيه",
            "deadline_kind": "months",
            "target_kind": "local_secretariat",
            "target_territory": "تاونات",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["deadline_amount"]


def test_local_secretary_sees_and_reports_on_his_organs_directive(taounate_locals, taounate_meeting):
    directive = _taounate_directive(taounate_meeting)
    client = _client_of(taounate_locals.user)
    listing = client.get(reverse("directives:list"))
    assert listing.context["page"].object_list[0] == directive and listing.context["page"].object_list[0].mine
    page = client.get(reverse("directives:detail", args=[directive.pk]))
    assert [row.target.organ for row in page.context["board"].rows] == [taounate_locals.rhafsai]
    target = directive.targets.get(organ=taounate_locals.rhafsai)
    response = client.post(
        reverse("directives:report", args=[directive.pk]),
        {
            "target": target.pk,
            "status": "in_progress",
            "note": "عقد لقاء تحضيري",
            "evidence": SimpleUploadedFile("pv.pdf", b"%PDF-1.4", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == "in_progress" and target.reports.get().evidence
    other = directive.targets.get(organ=taounate_locals.tissa)
    client.post(
        reverse("directives:report", args=[directive.pk]), {"target": other.pk, "status": "done", "note": "x"}
    )
    other.refresh_from_db()
    assert other.status == "not_started"  # not his organ


def test_evidence_is_served_only_inside_the_scope(
    taounate_client, beni_makada_client, taounate_locals, taounate_meeting
):
    directive = _taounate_directive(taounate_meeting)
    target = directive.targets.get(organ=taounate_locals.tissa)
    report = progress_report(
        target=target,
        status="done",
        note="تم",
        evidence=SimpleUploadedFile("pv.pdf", b"%PDF-1.4 minutes", content_type="application/pdf"),
    )
    url = reverse("directives:evidence", args=[report.pk])
    response = taounate_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert beni_makada_client.get(url).status_code == 404
    assert _client_of(taounate_locals.user).get(url).status_code == 404  # another local secretariat's file
    assert (
        report.evidence.url
        not in taounate_client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    )


def test_exe_evidence_is_refused_with_a_message(taounate_client, taounate_locals, taounate_meeting):
    directive = _taounate_directive(taounate_meeting)
    target = directive.targets.get(organ=taounate_locals.tissa)
    response = taounate_client.post(
        reverse("directives:report", args=[directive.pk]),
        {"target": target.pk, "status": "done", "note": "تم", "evidence": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert ".pdf" in response.content.decode()
    assert not target.reports.exists()


def test_directive_list_filters(taounate_client, taounate_locals, taounate_meeting, beni_makada_client):
    directive = _taounate_directive(taounate_meeting)
    tanger = _tanger_directive()
    url = reverse("directives:list")
    listed = list(taounate_client.get(url).context["page"].object_list)
    assert directive in listed and tanger not in listed
    assert tanger in beni_makada_client.get(url).context["page"].object_list  # a target of his organ
    late = _overdue_directive()
    overdue = taounate_client.get(url, {"overdue": "1"}).context["page"].object_list
    assert late in overdue
    assert late in taounate_client.get(url, {"status": "late"}).context["page"].object_list
    target = directive.targets.get(organ=taounate_locals.tissa)
    progress_report(target=target, status="done", note="تم")
    assert (
        directive
        in taounate_client.get(url, {"status": "done", "target": taounate_locals.tissa.pk})
        .context["page"]
        .object_list
    )
    assert (
        directive
        not in taounate_client.get(url, {"status": "done", "target": taounate_locals.rhafsai.pk})
        .context["page"]
        .object_list
    )


def test_directive_page_outside_the_territory_is_404(taounate_client, beni_makada_client, taounate_meeting):
    directive = _taounate_directive(taounate_meeting)
    assert beni_makada_client.get(reverse("directives:detail", args=[directive.pk])).status_code == 404
    tanger = _tanger_directive()
    assert taounate_client.get(reverse("directives:detail", args=[tanger.pk])).status_code == 404
    assert beni_makada_client.get(reverse("directives:detail", args=[tanger.pk])).status_code == 200


def test_overdue_banner_on_the_board(taounate_client, taounate_locals):
    directive = _overdue_directive()
    response = taounate_client.get(reverse("directives:detail", args=[directive.pk]))
    assert 'id="overdue-alert"' in response.content.decode()
    states = {row.target.organ_id: (row.state, row.days_late) for row in response.context["board"].rows}
    assert states[taounate_locals.tissa.pk] == ("late", 1)


def test_invite_people_by_number_and_from_a_name_search(taounate_client, taounate_locals, taounate_meeting):
    url = reverse("meetings:invite_people", args=[taounate_meeting.pk])
    member = membership_enroll(
        person=PersonFactory(
            full_name_ar="نادية الزروالي", full_name_latin="Nadia Zerouali", home=territory("03.531.01.05")
        ),
        by=None,
        status="active",
    )
    found = taounate_client.get(url, {"q": "Tissaouia"}).context["found"]
    assert found[0] == taounate_locals.tissa_secretary
    response = taounate_client.post(
        url, {"numbers": member.number, "person": [taounate_locals.tissa_secretary.pk]}
    )
    assert response.status_code == 302
    invited = set(taounate_meeting.attendances.values_list("person_id", flat=True))
    assert {member.person_id, taounate_locals.tissa_secretary.pk} <= invited
    response = taounate_client.post(url, {"numbers": "M0000000"})
    assert response.status_code == 200 and response.context["form"].errors["numbers"]
    laaziri = Organ.objects.get(name_ar=BENI_MAKADA).mandates.first().person
    taounate_client.post(url, {"person": [laaziri.pk]})
    assert not taounate_meeting.attendances.filter(person=laaziri).exists()


def test_plan_form_starts_with_the_users_own_organ(taounate_client):
    form = taounate_client.get(reverse("meetings:plan")).context["form"]
    assert form.initial["organ"] == Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT).pk


def test_a_target_kind_needs_its_territory(taounate_client, taounate_meeting):
    response = taounate_client.post(
        reverse("meetings:directive_issue", args=[taounate_meeting.pk]),
        {"text_ar": "توجيه", "target_kind": "local_secretariat", "target_territory": ""},
    )
    assert response.status_code == 200 and response.context["form"].errors["target_territory"]


def test_directive_list_pins_its_query_count(
    taounate_client, taounate_locals, taounate_meeting, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _taounate_directive(taounate_meeting)
    with CaptureQueriesContext(connection) as one:
        taounate_client.get(reverse("directives:list"))
    for _ in range(3):
        _taounate_directive(taounate_meeting)
    with django_assert_max_num_queries(len(one.captured_queries)):  # no query per directive
        response = taounate_client.get(reverse("directives:list"))
    assert len(response.context["page"].object_list) >= 4


def test_the_plan_form_lists_ones_own_office_holders_before_those_above(beni_makada_client):
    response = beni_makada_client.get(reverse("meetings:plan"))
    chairs = list(response.context["form"].fields["chairs"].queryset.select_related("organ__territory"))
    depths = [mandate.organ.territory.depth for mandate in chairs]
    assert depths == sorted(depths, reverse=True) and len(set(depths)) > 1
    assert chairs[0].person.full_name_ar == "عمر لعزيري"
