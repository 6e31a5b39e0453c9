"""Writes for meetings and directives: plan, invite, check in, hold, approve, issue, report progress.

Every function validates what it is given and raises ValidationError with a message naming the field;
nothing is half-written (each runs in one transaction).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access.models import Profile
from tanzim.meetings.models import (
    MEETING_TRANSITIONS,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CheckIn,
    Deadline,
    Directive,
    DirectiveTarget,
    GroupRule,
    InviteeGroup,
    Meeting,
    MeetingChair,
    MeetingStatus,
    PlaceMode,
    ProgressReport,
    TargetStatus,
)
from tanzim.meetings.queries import deadline_compute, group_people, organ_secretaries, target_organs
from tanzim.organs.models import Mandate, Organ, Premises
from tanzim.people.models import Card, CardStatus, Person
from tanzim.press.models import InboxKind, InboxMessage
from tanzim.territory.models import Territory

# Evidence files: what a secretary would attach (a scan, a photo, a spreadsheet), at most 10 MB.
EVIDENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".csv", ".docx", ".odt", ".txt"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _chair_mandate(person: Person, organ: Organ, day: datetime.date) -> Mandate | None:
    """The mandate a chair held that day: in the convening organ first, then above it, then any."""
    held = list(Mandate.objects.held_on(day).filter(person=person).select_related("organ"))
    if not held:
        return None
    chain = []
    cursor: Organ | None = organ
    while cursor is not None and len(chain) < 10:
        chain.append(cursor.pk)
        cursor = cursor.parent
    held.sort(key=lambda m: chain.index(m.organ_id) if m.organ_id in chain else len(chain))
    return held[0]


def _check_place(place_mode: str, premises: Premises | None, address: str, online_link: str) -> None:
    if place_mode == PlaceMode.PREMISES and premises is None:
        raise ValidationError({"premises": _("Choose the premises where the meeting takes place.")})
    if place_mode == PlaceMode.ADDRESS and not address.strip():
        raise ValidationError({"address": _("Give the address of the meeting.")})
    if place_mode not in PlaceMode.values:
        raise ValidationError({"place_mode": _("Unknown kind of place.")})


@transaction.atomic
def meeting_plan(
    *,
    organ: Organ,
    kind: str,
    title_ar: str,
    day: datetime.date,
    title_fr: str = "",
    start_time: datetime.time | None = None,
    part_of_day: str = "",
    place_mode: str = PlaceMode.PREMISES,
    premises: Premises | None = None,
    address: str = "",
    online_link: str = "",
    chairs: list[Person] | None = None,
    agenda: list[str | tuple[str, str]] | None = None,
    context_ar: str = "",
    context_fr: str = "",
    day_inferred: bool = False,
    day_basis: str = "",
    by: User | None = None,
    source: str = "",
) -> Meeting:
    """Plan a meeting of `organ`; chairs are given in order and keep the title they held that day."""
    if not title_ar.strip():
        raise ValidationError({"title_ar": _("Give the meeting a title in Arabic.")})
    if day_inferred and not day_basis.strip():
        raise ValidationError({"day_basis": _("An inferred date needs its basis.")})
    _check_place(place_mode, premises, address, online_link)
    meeting = Meeting(
        organ=organ,
        kind=kind,
        title_ar=title_ar.strip(),
        title_fr=title_fr.strip(),
        day=day,
        day_inferred=day_inferred,
        day_basis=day_basis,
        start_time=start_time,
        part_of_day=part_of_day,
        place_mode=place_mode,
        premises=premises if place_mode == PlaceMode.PREMISES else None,
        address=address.strip(),
        online_link=online_link.strip(),
        context_ar=context_ar,
        context_fr=context_fr,
        created_by=by,
        source=source,
    )
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    for person in chairs or []:
        meeting_chair_add(meeting=meeting, person=person)
    for item in agenda or []:
        title_ar_item, title_fr_item = item if isinstance(item, tuple) else (item, "")
        agenda_item_add(meeting=meeting, title_ar=title_ar_item, title_fr=title_fr_item)
    return meeting


def meeting_chair_add(*, meeting: Meeting, person: Person) -> MeetingChair:
    if meeting.chairs.filter(person=person).exists():
        raise ValidationError({"chairs": _("%(name)s already chairs this meeting.") % {"name": person}})
    order = meeting.chairs.count()
    chair = MeetingChair.objects.create(
        meeting=meeting,
        person=person,
        mandate=_chair_mandate(person, meeting.organ, meeting.day),
        order=order,
    )
    Attendance.objects.update_or_create(meeting=meeting, person=person, defaults={"invited": True})
    return chair


def agenda_item_add(*, meeting: Meeting, title_ar: str, title_fr: str = "", notes: str = "") -> AgendaItem:
    if not title_ar.strip():
        raise ValidationError({"title_ar": _("An agenda item needs a title in Arabic.")})
    return AgendaItem.objects.create(
        meeting=meeting,
        order=meeting.agenda.count(),
        title_ar=title_ar.strip(),
        title_fr=title_fr.strip(),
        notes=notes,
    )


def _require_open(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise ValidationError(
            _("This meeting is %(status)s; it can no longer be changed.")
            % {"status": meeting.get_status_display()}
        )


@transaction.atomic
def meeting_invite_group(
    *,
    meeting: Meeting,
    rule: str,
    label_ar: str,
    label_fr: str = "",
    organ: Organ | None = None,
    territory: Territory | None = None,
    organ_kind: str = "",
    attended: bool = True,
) -> InviteeGroup:
    """Invite a group resolved by rule on the meeting day; each person in it gets an attendance row."""
    _require_open(meeting)
    if rule not in GroupRule.values:
        raise ValidationError({"rule": _("Unknown invitee group.")})
    if rule == GroupRule.ORGAN_MEMBERS and organ is None:
        raise ValidationError({"organ": _("Choose the organ whose members are invited.")})
    if rule not in (GroupRule.ORGAN_MEMBERS, GroupRule.NAMED) and territory is None:
        raise ValidationError({"territory": _("Choose the territory of the group.")})
    if not label_ar.strip():
        raise ValidationError({"label_ar": _("Name the group in Arabic, as the invitation will say it.")})
    group = InviteeGroup.objects.create(
        meeting=meeting,
        rule=rule,
        organ=organ,
        territory=territory,
        organ_kind=organ_kind,
        label_ar=label_ar.strip(),
        label_fr=label_fr.strip(),
        order=meeting.invitee_groups.count(),
        attended=attended,
    )
    people = group_people(rule, organ=organ, territory=territory, organ_kind=organ_kind, on=meeting.day)
    already = set(meeting.attendances.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, person_id=pk, group=group)
            for pk in people.values_list("pk", flat=True)
            if pk not in already
        ]
    )
    return group


def meeting_invite_people(*, meeting: Meeting, people: list[Person]) -> int:
    _require_open(meeting)
    already = set(meeting.attendances.values_list("person_id", flat=True))
    new = [Attendance(meeting=meeting, person=p) for p in people if p.pk not in already]
    Attendance.objects.bulk_create(new)
    return len(new)


def _users_of(person_ids: list[int]) -> dict[int, User]:
    return {
        profile.person_id: profile.user
        for profile in Profile.objects.filter(person_id__in=person_ids).select_related("user")
    }


@transaction.atomic
def invitations_send(*, meeting: Meeting, reminder: bool = False) -> dict[str, int]:
    """Send the invitation (or a reminder) to everyone invited and not yet sent one: an in-app notice
    for each person, an e-mail to those with an account and an address. Returns the counts."""
    _require_open(meeting)
    field = "reminder_sent_at" if reminder else "invitation_sent_at"
    pending = list(
        meeting.attendances.filter(invited=True, **{f"{field}__isnull": True}).select_related("person")
    )
    if not pending:
        return {"notices": 0, "emails": 0}
    users = _users_of([a.person_id for a in pending])
    kind = InboxKind.REMINDER if reminder else InboxKind.INVITATION
    day_ar = _day_ar(meeting.day)
    subject_ar = ("تذكير: " if reminder else "دعوة: ") + f"{meeting.title_ar} — {day_ar}"
    subject_fr = (
        "Rappel : " if reminder else "Invitation : "
    ) + f"{meeting.title_fr or meeting.title_ar} — {meeting.day:%d/%m/%Y}"
    url = f"/meetings/{meeting.pk}/"
    now = timezone.now()
    InboxMessage.objects.bulk_create(
        [
            InboxMessage(
                person_id=a.person_id, kind=kind, subject_ar=subject_ar, subject_fr=subject_fr, url=url
            )
            for a in pending
        ]
    )
    emails = 0
    body = "\n".join(
        [
            subject_ar,
            f"{meeting.organ.name_ar}",
            meeting.place_label if meeting.place_mode != PlaceMode.ONLINE else meeting.online_link,
            "",
            subject_fr,
        ]
    )
    for attendance in pending:
        user = users.get(attendance.person_id)
        if user and user.email:
            send_mail(subject_ar, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            emails += 1
    meeting.attendances.filter(pk__in=[a.pk for a in pending]).update(**{field: now})
    return {"notices": len(pending), "emails": emails}


def _day_ar(day: datetime.date) -> str:
    from babel.dates import format_date

    return format_date(day, "EEEE d MMMM y", locale="ar_MA")


def attendance_record(
    *, meeting: Meeting, person: Person, status: str, how: str = CheckIn.LIST
) -> Attendance:
    """Mark a person present, excused or absent; someone not invited who comes is added as present."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.status == MeetingStatus.APPROVED:
        raise ValidationError(_("The minutes of this meeting are approved; attendance can no longer change."))
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Unknown attendance status.")})
    attendance, _created = Attendance.objects.get_or_create(
        meeting=meeting, person=person, defaults={"invited": False}
    )
    attendance.status = status
    attendance.checked_in_by = how
    attendance.recorded_at = timezone.now()
    attendance.save(update_fields=["status", "checked_in_by", "recorded_at"])
    return attendance


def check_in_resolve(*, members: object, number: str = "", card_token: str = "") -> Person:
    """The person behind a member number or a card's QR token, among `members` (the caller's scope).

    A revoked or expired card is refused with its reason; an unknown number is named in the error.
    """
    if number:
        membership = members.filter(number=number.strip()).select_related("person").first()
        if membership is None:
            raise ValidationError({"number": _("No member with the number %(number)s.") % {"number": number}})
        return membership.person
    if card_token:
        token = card_token.strip().rstrip("/").rsplit("/", 1)[-1]
        card = Card.objects.filter(token=token).select_related("membership__person").first()
        if card is None or not members.filter(pk=card.membership_id).exists():
            raise ValidationError({"card": _("This card is not known.")})
        if card.status != CardStatus.ISSUED:
            raise ValidationError(
                {"card": _("This card is %(status)s.") % {"status": card.get_status_display()}}
            )
        return card.membership.person
    raise ValidationError(_("Give a member number or scan a card."))


@transaction.atomic
def meeting_status_change(
    *, meeting: Meeting, to: str, on: datetime.date | None = None, reason: str = ""
) -> Meeting:
    """planned → held → minutes approved, or planned → cancelled (with a reason)."""
    if to not in MEETING_TRANSITIONS.get(meeting.status, set()):
        raise ValidationError(
            _("A meeting cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": meeting.get_status_display(),
                "to": MeetingStatus(to).label if to in MeetingStatus.values else to,
            }
        )
    today = on or timezone.localdate()
    if to == MeetingStatus.HELD and meeting.day > today:
        raise ValidationError(
            _("A meeting set for %(day)s cannot be marked held before that day.") % {"day": meeting.day}
        )
    if to == MeetingStatus.CANCELLED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason of the cancellation.")})
    if to == MeetingStatus.APPROVED:
        if not (meeting.minutes_ar.strip() or meeting.minutes_fr.strip()):
            raise ValidationError({"minutes_ar": _("Write the minutes before approving them.")})
        meeting.minutes_approved_on = today
    if to == MeetingStatus.HELD:
        # Invited people nobody marked are recorded absent.
        meeting.attendances.filter(status=AttendanceStatus.INVITED).update(status=AttendanceStatus.ABSENT)
    meeting.status = to
    meeting.cancelled_reason = reason.strip() if to == MeetingStatus.CANCELLED else meeting.cancelled_reason
    meeting.save(update_fields=["status", "minutes_approved_on", "cancelled_reason"])
    return meeting


def meeting_record_save(
    *,
    meeting: Meeting,
    minutes_ar: str | None = None,
    minutes_fr: str | None = None,
    conclusions_ar: str | None = None,
    conclusions_fr: str | None = None,
) -> Meeting:
    """Save minutes and conclusions; approved minutes are final."""
    if meeting.status == MeetingStatus.APPROVED:
        raise ValidationError(_("The minutes of this meeting are approved; they can no longer change."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    for name, value in [
        ("minutes_ar", minutes_ar),
        ("minutes_fr", minutes_fr),
        ("conclusions_ar", conclusions_ar),
        ("conclusions_fr", conclusions_fr),
    ]:
        if value is not None:
            setattr(meeting, name, value.strip())
    meeting.save(update_fields=["minutes_ar", "minutes_fr", "conclusions_ar", "conclusions_fr"])
    return meeting


@transaction.atomic
def directive_issue(
    *,
    organ: Organ,
    text_ar: str,
    issued_on: datetime.date,
    meeting: Meeting | None = None,
    text_fr: str = "",
    deadline_kind: str = "",
    deadline_amount: int | None = None,
    due_on: datetime.date | None = None,
    target_kind: str = "",
    target_territory: Territory | None = None,
    targets: list[Organ] | None = None,
    indicator: str = "",
    indicator_goal: Decimal | None = None,
    indicator_label: str = "",
    by: User | None = None,
    notify: bool = True,
    source: str = "",
) -> Directive:
    """Issue a directive; its targets are every organ of `target_kind` within `target_territory`
    plus `targets`; each target's secretaries get an in-app notice."""
    if not text_ar.strip():
        raise ValidationError({"text_ar": _("Write the directive in Arabic.")})
    if meeting is not None and meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting issues no directive."))
    if deadline_kind == Deadline.DATE and due_on is None:
        raise ValidationError({"due_on": _("Give the date of the deadline.")})
    if deadline_kind in (Deadline.DAYS, Deadline.WEEKS, Deadline.MONTHS) and not deadline_amount:
        raise ValidationError({"deadline_amount": _("Say within how many days, weeks or months.")})
    if deadline_kind and deadline_kind not in Deadline.values:
        raise ValidationError({"deadline_kind": _("Unknown kind of deadline.")})
    due = deadline_compute(issued_on, deadline_kind, deadline_amount, due_on)
    if due is not None and due < issued_on:
        raise ValidationError({"due_on": _("The deadline comes before the directive is issued.")})
    if target_kind and target_territory is None:
        raise ValidationError({"target_territory": _("Choose the territory whose organs are targeted.")})
    directive = Directive.objects.create(
        meeting=meeting,
        organ=organ,
        order=meeting.directives.count() if meeting else 0,
        text_ar=text_ar.strip(),
        text_fr=text_fr.strip(),
        issued_on=issued_on,
        deadline_kind=deadline_kind,
        deadline_amount=deadline_amount
        if deadline_kind in (Deadline.DAYS, Deadline.WEEKS, Deadline.MONTHS)
        else None,
        due_on=due,
        target_kind=target_kind,
        target_territory=target_territory,
        indicator=indicator,
        indicator_goal=indicator_goal,
        indicator_label=indicator_label,
        created_by=by,
        source=source,
    )
    organs = target_organs(target_kind, target_territory, explicit=targets)
    DirectiveTarget.objects.bulk_create([DirectiveTarget(directive=directive, organ=o) for o in organs])
    if notify and organs:
        leaders = organ_secretaries(organs, on=issued_on)
        subject_ar = f"توجيه من {organ.name_ar}: {directive.text_ar[:200]}"
        subject_fr = f"Orientation de {organ.name_fr or organ.name_ar} : {(directive.text_fr or directive.text_ar)[:200]}"
        InboxMessage.objects.bulk_create(
            [
                InboxMessage(
                    person=person,
                    kind=InboxKind.DIRECTIVE,
                    subject_ar=subject_ar,
                    subject_fr=subject_fr,
                    url=f"/directives/{directive.pk}/",
                )
                for people in leaders.values()
                for person in people
            ]
        )
    return directive


def _check_evidence(evidence: UploadedFile | None) -> None:
    if evidence is None:
        return
    name = evidence.name.lower()
    if not any(name.endswith(ext) for ext in EVIDENCE_EXTENSIONS):
        raise ValidationError(
            {
                "evidence": _("Attach a PDF, an image, a spreadsheet or a document (%(exts)s).")
                % {"exts": ", ".join(sorted(EVIDENCE_EXTENSIONS))}
            }
        )
    if evidence.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("The file is larger than 10 MB.")})


@transaction.atomic
def progress_report(
    *,
    target: DirectiveTarget,
    status: str,
    note: str,
    evidence: UploadedFile | None = None,
    indicator_value: Decimal | None = None,
    by: User | None = None,
    on: datetime.date | None = None,
) -> ProgressReport:
    """A target organ reports progress (a note, optionally a file); its status follows the report."""
    if status not in TargetStatus.values:
        raise ValidationError({"status": _("Unknown progress status.")})
    if not note.strip():
        raise ValidationError({"note": _("Write a short note on what was done.")})
    _check_evidence(evidence)
    report = ProgressReport(
        target=target,
        status=status,
        note=note.strip(),
        indicator_value=indicator_value,
        author=by,
    )
    if evidence is not None:
        report.evidence = evidence
    report.save()
    target.status = status
    target.done_on = (on or timezone.localdate()) if status == TargetStatus.DONE else None
    if indicator_value is not None:
        target.indicator_value = indicator_value
    target.updated_at = timezone.now()
    target.save(update_fields=["status", "done_on", "indicator_value", "updated_at"])
    return report


def overdue_alerts_send(*, today: datetime.date | None = None) -> int:
    """One in-app notice per late target to its secretaries, once per directive and organ."""
    today = today or timezone.localdate()
    late = (
        DirectiveTarget.objects.exclude(status=TargetStatus.DONE)
        .filter(directive__due_on__lt=today)
        .select_related("directive", "organ")
    )
    sent = 0
    for target in late:
        url = f"/directives/{target.directive_id}/"
        leaders = organ_secretaries([target.organ], on=today)[target.organ_id]
        for person in leaders:
            if InboxMessage.objects.filter(person=person, kind=InboxKind.OVERDUE, url=url).exists():
                continue
            InboxMessage.objects.create(
                person=person,
                kind=InboxKind.OVERDUE,
                subject_ar=f"تأخر في تنفيذ توجيه: {target.directive.text_ar[:200]}",
                subject_fr=f"Orientation en retard : {(target.directive.text_fr or target.directive.text_ar)[:200]}",
                url=url,
            )
            sent += 1
    return sent


__all__ = [
    "agenda_item_add",
    "attendance_record",
    "check_in_resolve",
    "directive_issue",
    "invitations_send",
    "meeting_chair_add",
    "meeting_invite_group",
    "meeting_invite_people",
    "meeting_plan",
    "meeting_record_save",
    "meeting_status_change",
    "overdue_alerts_send",
    "progress_report",
]
