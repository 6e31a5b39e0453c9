"""Meeting and directive services: planning, invitee groups, attendance, status machine, deadlines,
follow-up states, progress reports and evidence files."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tanzim.access.queries import members_visible
from tanzim.meetings.models import AttendanceStatus, CheckIn, GroupRule, TargetStatus
from tanzim.meetings.queries import (
    BoardState,
    deadline_compute,
    directive_board,
    directive_summaries,
    group_label,
    group_people,
)
from tanzim.meetings.services import (
    attendance_record,
    check_in_resolve,
    directive_issue,
    meeting_invite_group,
    meeting_plan,
    meeting_record_save,
    meeting_status_change,
    progress_report,
)
from tanzim.organs.models import Mandate, Organ, OrganKind
from tanzim.people.cards import card_issue, card_revoke
from tanzim.people.members import membership_enroll
from tanzim.people.models import Person
from tests.factories import PersonFactory, territory
from tests.meetings.conftest import TAOUNATE_SECRETARIAT

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 17)


def _province() -> Organ:
    return Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT)


# --- Planning -------------------------------------------------------------------------------------


def test_plan_needs_premises_when_held_at_party_premises():
    with pytest.raises(ValidationError) as error:
        meeting_plan(
            organ=_province(), kind="organizational", title_ar="اجتماع", day=DAY, place_mode="premises"
        )
    assert "premises" in error.value.message_dict


def test_plan_needs_an_arabic_title_and_the_basis_of_an_inferred_year():
    with pytest.raises(ValidationError) as error:
        meeting_plan(organ=_province(), kind="organizational", title_ar="  ", day=DAY, place_mode="online")
    assert "title_ar" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        meeting_plan(
            organ=_province(),
            kind="organizational",
            title_ar="اجتماع",
            day=DAY,
            place_mode="online",
            day_inferred=True,
        )
    assert "day_basis" in error.value.message_dict


def test_plan_keeps_each_chair_with_the_title_held_that_day():
    najjari = Person.objects.get(full_name_ar="محمد النجاري")
    meeting = meeting_plan(
        organ=_province(),
        kind="organizational",
        title_ar="اجتماع",
        day=DAY,
        place_mode="premises",
        premises=_province().premises.first(),
        chairs=[najjari],
        agenda=["الهيكلة", ("الاستحقاقات المقبلة", "Les échéances électorales")],
    )
    chair = meeting.chairs.get()
    assert chair.mandate.title_ar == "الأمين العام الإقليمي"
    assert [item.title_ar for item in meeting.agenda.all()] == ["الهيكلة", "الاستحقاقات المقبلة"]
    assert meeting.attendances.filter(person=najjari).exists()  # a chair is invited too


# --- Invitee groups --------------------------------------------------------------------------------


def test_secretaries_under_taounate_are_its_local_secretaries_and_not_tangers(taounate_locals):
    people = set(
        group_people(
            GroupRule.SECRETARIES_UNDER,
            territory=territory("03.531"),
            organ_kind=OrganKind.LOCAL_SECRETARIAT,
            on=DAY,
        )
    )
    assert {taounate_locals.rhafsai_secretary, taounate_locals.tissa_secretary} <= people
    assert not {p.full_name_ar for p in people} & {"عمر لعزيري", "رضوان العلوي البلغيثي", "محمد النجاري"}
    # Everyone resolved leads a local secretariat inside Taounate province.
    for person in people:
        assert (
            Mandate.objects.held_on(DAY)
            .filter(
                person=person, organ__kind="local_secretariat", organ__territory__code__startswith="03.531."
            )
            .exists()
        )


def test_inviting_a_group_gives_each_person_one_attendance_row(taounate_locals, taounate_meeting):
    label_ar, label_fr = group_label(
        GroupRule.SECRETARIES_UNDER, territory=territory("03.531"), organ_kind=OrganKind.LOCAL_SECRETARIAT
    )
    group = meeting_invite_group(
        meeting=taounate_meeting,
        rule=GroupRule.SECRETARIES_UNDER,
        territory=territory("03.531"),
        organ_kind=OrganKind.LOCAL_SECRETARIAT,
        label_ar=label_ar,
        label_fr=label_fr,
    )
    expected = group_people(
        GroupRule.SECRETARIES_UNDER, territory=territory("03.531"), on=taounate_meeting.day
    )
    assert group.attendances.count() == expected.count() >= 2
    assert group.attendances.filter(person=taounate_locals.tissa_secretary).exists()
    meeting_invite_group(
        meeting=taounate_meeting,
        rule=GroupRule.SECRETARIES_UNDER,
        territory=territory("03.531"),
        label_ar=label_ar,
    )
    assert taounate_meeting.attendances.count() == expected.count()  # nobody twice


def test_default_group_labels_read_as_an_invitation_writes_them():
    assert group_label(
        GroupRule.SECRETARIES_UNDER, territory=territory("03.531"), organ_kind=OrganKind.LOCAL_SECRETARIAT
    ) == ("الأمناء المحليون لإقليم تاونات", "les secrétaires locaux de la province de Taounate")
    ar, fr = group_label(GroupRule.ORGAN_MEMBERS, organ=_province())
    assert ar == "أعضاء الأمانة الإقليمية بتاونات"
    assert fr == "les membres du secrétariat provincial de Taounate"


def test_a_group_by_territory_needs_its_territory(taounate_meeting):
    with pytest.raises(ValidationError) as error:
        meeting_invite_group(meeting=taounate_meeting, rule=GroupRule.SECRETARIES_UNDER, label_ar="الأمناء")
    assert "territory" in error.value.message_dict


# --- Attendance ------------------------------------------------------------------------------------


@pytest.fixture
def taounate_member(db):
    person = PersonFactory(
        full_name_ar="كريم الورغي", full_name_latin="Karim Ouarghi", home=territory("03.531.01.05")
    )
    return membership_enroll(person=person, by=None, status="active", local_organ=_province())


def test_check_in_by_member_number_within_the_scope(taounate_meeting, taounate_member):
    najjari = User.objects.get(username="najjari")
    person = check_in_resolve(members=members_visible(najjari), number=taounate_member.number)
    attendance = attendance_record(
        meeting=taounate_meeting, person=person, status=AttendanceStatus.PRESENT, how=CheckIn.NUMBER
    )
    assert (attendance.status, attendance.checked_in_by, attendance.invited) == ("present", "number", False)
    laaziri = User.objects.get(username="laaziri")
    with pytest.raises(ValidationError) as error:
        check_in_resolve(members=members_visible(laaziri), number=taounate_member.number)
    assert "number" in error.value.message_dict


def test_check_in_by_card_qr_url_and_revoked_card_refused(taounate_meeting, taounate_member):
    card = card_issue(membership=taounate_member, by=None)
    members = members_visible(User.objects.get(username="najjari"))
    person = check_in_resolve(members=members, card_token=f"https://tanzim.example/v/{card.token}/")
    assert person == taounate_member.person
    card_revoke(card=card, by=None, reason="ضياع البطاقة")
    with pytest.raises(ValidationError) as error:
        check_in_resolve(members=members, card_token=card.token)
    assert "card" in error.value.message_dict


# --- Status machine --------------------------------------------------------------------------------


def test_meeting_goes_planned_held_approved(taounate_meeting):
    meeting_status_change(meeting=taounate_meeting, to="held", on=DAY)
    with pytest.raises(ValidationError):
        meeting_status_change(meeting=taounate_meeting, to="approved", on=DAY)  # no minutes yet
    meeting_record_save(meeting=taounate_meeting, minutes_ar="محضر الاجتماع")
    meeting_status_change(meeting=taounate_meeting, to="approved", on=DAY)
    assert taounate_meeting.minutes_approved_on == DAY
    with pytest.raises(ValidationError):
        meeting_record_save(meeting=taounate_meeting, minutes_ar="تعديل")


def test_refused_transitions(taounate_meeting):
    with pytest.raises(ValidationError):
        meeting_status_change(meeting=taounate_meeting, to="approved", on=DAY)
    with pytest.raises(ValidationError):  # not before the day
        meeting_status_change(meeting=taounate_meeting, to="held", on=DAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        meeting_status_change(meeting=taounate_meeting, to="cancelled", reason=" ")
    assert "reason" in error.value.message_dict
    meeting_status_change(meeting=taounate_meeting, to="cancelled", reason="تزامن مع نشاط وطني")
    with pytest.raises(ValidationError):
        meeting_status_change(meeting=taounate_meeting, to="held", on=DAY)


def test_holding_a_meeting_marks_the_unmarked_invited_absent(taounate_locals, taounate_meeting):
    meeting_invite_group(
        meeting=taounate_meeting,
        rule=GroupRule.SECRETARIES_UNDER,
        territory=territory("03.531"),
        label_ar="الأمناء",
    )
    attendance_record(meeting=taounate_meeting, person=taounate_locals.rhafsai_secretary, status="present")
    meeting_status_change(meeting=taounate_meeting, to="held", on=DAY)
    statuses = dict(taounate_meeting.attendances.values_list("person__full_name_ar", "status"))
    assert statuses.pop("يوسف الغفساوي") == "present"
    assert set(statuses.values()) == {"absent"}


# --- Deadlines and follow-up ------------------------------------------------------------------------


def test_deadline_within_three_months_and_month_ends():
    assert deadline_compute(DAY, "months", 3) == datetime.date(2026, 4, 17)
    assert deadline_compute(datetime.date(2026, 1, 31), "months", 1) == datetime.date(2026, 2, 28)
    assert deadline_compute(datetime.date(2028, 1, 31), "months", 1) == datetime.date(2028, 2, 29)
    assert deadline_compute(DAY, "weeks", 2) == datetime.date(2026, 1, 31)
    assert deadline_compute(DAY, "days", 15) == datetime.date(2026, 2, 1)
    assert deadline_compute(DAY, "date", None, datetime.date(2026, 3, 1)) == datetime.date(2026, 3, 1)
    assert deadline_compute(DAY, "", None) is None


def _directive(taounate_meeting, **kwargs):
    return directive_issue(
        organ=_province(),
        meeting=taounate_meeting,
        issued_on=DAY,
        text_ar="استكمال هيكلة الأمانات المحلية",
        deadline_kind="months",
        deadline_amount=3,
        target_kind=OrganKind.LOCAL_SECRETARIAT,
        target_territory=territory("03.531"),
        **kwargs,
    )


def test_directive_targets_the_local_secretariats_under_taounate(taounate_locals, taounate_meeting):
    directive = _directive(taounate_meeting)
    assert directive.due_on == datetime.date(2026, 4, 17)
    targeted = set(directive.targets.values_list("organ", flat=True))
    assert {taounate_locals.rhafsai.pk, taounate_locals.tissa.pk} <= targeted
    assert targeted == set(
        Organ.objects.filter(kind="local_secretariat", territory__code__startswith="03.531.")
        .exclude(status="dissolved")
        .values_list("pk", flat=True)
    )
    assert not Organ.objects.filter(pk__in=targeted, territory__code__startswith="01.").exists()


def test_late_targets_are_flagged_and_done_late_told_apart(taounate_locals, taounate_meeting):
    directive = _directive(taounate_meeting)
    rhafsai = directive.targets.get(organ=taounate_locals.rhafsai)
    progress_report(target=rhafsai, status="done", note="تمت الهيكلة", on=datetime.date(2026, 5, 2))
    board = directive_board(directive, today=datetime.date(2026, 5, 10))
    states = {row.target.organ_id: row.state for row in board.rows}
    assert states[taounate_locals.rhafsai.pk] == BoardState.DONE_LATE
    assert states[taounate_locals.tissa.pk] == BoardState.LATE
    assert board.days_left == -23
    early = directive_board(directive, today=datetime.date(2026, 2, 1))
    assert {row.state for row in early.rows} == {BoardState.DONE_LATE, BoardState.NOT_STARTED}
    [summary] = directive_summaries(
        type(directive).objects.filter(pk=directive.pk), today=datetime.date(2026, 5, 10)
    )
    assert summary.late_targets == len(states) - 1


def test_progress_report_updates_the_target(taounate_locals, taounate_meeting):
    directive = _directive(taounate_meeting, indicator="reported_number")
    target = directive.targets.get(organ=taounate_locals.tissa)
    progress_report(target=target, status="in_progress", note="عقد جمع عام", indicator_value=12)
    target.refresh_from_db()
    assert (target.status, target.done_on, target.indicator_value) == (TargetStatus.IN_PROGRESS, None, 12)
    progress_report(target=target, status="done", note="تم", on=datetime.date(2026, 3, 1))
    target.refresh_from_db()
    assert (target.status, target.done_on) == (TargetStatus.DONE, datetime.date(2026, 3, 1))
    assert target.reports.count() == 2


def test_evidence_must_be_a_document_not_a_program(taounate_locals, taounate_meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    target = _directive(taounate_meeting).targets.get(organ=taounate_locals.tissa)
    with pytest.raises(ValidationError) as error:
        progress_report(
            target=target,
            status="done",
            note="تم",
            evidence=SimpleUploadedFile("report.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        )
    assert "evidence" in error.value.message_dict
    assert not target.reports.exists()
    report = progress_report(
        target=target,
        status="done",
        note="تم",
        evidence=SimpleUploadedFile("pv.pdf", b"%PDF-1.4 minutes", content_type="application/pdf"),
    )
    assert report.evidence.name.endswith(".pdf")


def test_a_cancelled_meeting_issues_no_directive(taounate_locals, taounate_meeting):
    meeting_status_change(meeting=taounate_meeting, to="cancelled", reason="تأجيل")
    with pytest.raises(ValidationError):
        _directive(taounate_meeting)
