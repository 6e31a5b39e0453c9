"""API of meetings and directives: the same scoped reads and queries as the pages.

A meeting's answer names its chairs (public office holders) but never lists the attendees: only
their counts. A directive's targets are those the caller may follow (all of them for the issuing
organ's territory, the caller's own organs otherwise).
"""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from tanzim.access.queries import directive_for_user, directives_visible, meeting_for_user, meetings_visible
from tanzim.access.scope import scope_for
from tanzim.api.pagination import BoundedLimitOffset
from tanzim.api.schemas import ErrorOut, OrganRef, ValidationErrorOut
from tanzim.meetings.models import Directive, Meeting, MeetingStatus
from tanzim.meetings.queries import (
    attendance_counts,
    directive_board,
    directive_summaries,
    directives_search,
    group_counts,
    meetings_ordered,
    meetings_search,
)
from tanzim.territory.models import Territory
from tanzim.territory.queries import territory_resolve

# As in tanzim/api/views.py: 401 without valid credentials, 404 outside the caller's territory,
# 422 for a malformed parameter. Bodies: {"detail": …}.
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_ID = 2**62

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    organ: OrganRef
    kind: str
    title_ar: str
    title_fr: str
    day: datetime.date
    day_inferred: bool
    day_basis: str
    start_time: datetime.time | None
    part_of_day: str
    place_mode: str
    place: str
    online_link: str
    status: str

    @staticmethod
    def resolve_place(obj) -> str:
        if isinstance(obj, dict):
            return obj.get("place", "")
        return obj.place_label or ""


class ChairOut(Schema):
    person_id: int
    full_name_ar: str
    full_name_latin: str
    title_ar: str
    title_fr: str
    organ_id: int | None


class GroupOut(Schema):
    rule: str
    label_ar: str
    label_fr: str
    people: int


class AgendaOut(Schema):
    order: int
    title_ar: str
    title_fr: str


class AttendanceCounts(Schema):
    invited: int
    present: int
    excused: int
    absent: int
    total: int


class MeetingDetailOut(MeetingOut):
    chairs: list[ChairOut]
    groups: list[GroupOut]
    agenda: list[AgendaOut]
    attendance: AttendanceCounts
    conclusions_ar: str
    conclusions_fr: str
    minutes_approved_on: datetime.date | None
    cancelled_reason: str
    directive_ids: list[int]


class StateCounts(Schema):
    done: int = 0
    done_late: int = 0
    in_progress: int = 0
    late: int = 0
    not_started: int = 0


class DirectiveOut(Schema):
    id: int
    organ: OrganRef
    meeting_id: int | None
    text_ar: str
    text_fr: str
    issued_on: datetime.date
    deadline_kind: str
    deadline_amount: int | None
    due_on: datetime.date | None
    indicator: str
    counts: StateCounts
    targets_total: int
    overdue: bool


class TargetOut(Schema):
    organ: OrganRef
    status: str
    state: str
    done_on: datetime.date | None
    indicator_value: float | None
    updated_at: datetime.datetime | None
    reports: int


class DirectiveDetailOut(DirectiveOut):
    target_kind: str
    target_territory_code: str | None
    indicator_goal: float | None
    indicator_label: str
    targets: list[TargetOut]


class MeetingFilters(Schema):
    on: str | None = Field(
        None,
        pattern=ISO_DATE,
        json_schema_extra={"format": "date"},
        description="YYYY-MM-DD: meetings that day",
    )
    organ: int | None = Field(None, ge=1, le=MAX_ID, description="id of the convening organ")
    territory: str | None = Field(
        None, max_length=200, description="a unit's code or name; includes the units below"
    )
    status: MeetingStatus | None = None


def _territory(text: str) -> Territory | None:
    text = text.replace("\x00", "")
    unit = Territory.objects.filter(code=text).first()
    if unit is None:
        found = territory_resolve(text)
        unit = found[0] if found else None
    return unit


def _day(value: str | None, name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError as error:
        raise ValidationError(
            [{"loc": ["query", name], "msg": str(error), "type": "date_from_datetime_parsing"}]
        ) from error


def _meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "organ": meeting.organ,
        "kind": meeting.kind,
        "title_ar": meeting.title_ar,
        "title_fr": meeting.title_fr,
        "day": meeting.day,
        "day_inferred": meeting.day_inferred,
        "day_basis": meeting.day_basis,
        "start_time": meeting.start_time,
        "part_of_day": meeting.part_of_day,
        "place_mode": meeting.place_mode,
        "place": meeting.place_label or "",
        "online_link": meeting.online_link,
        "status": meeting.status,
    }


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS})
@paginate(BoundedLimitOffset)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]):
    """Meetings of organs inside the caller's territory and those the caller is invited to:
    upcoming first (soonest first), then past ones."""
    on = _day(filters.on, "on")
    territory = None
    if filters.territory:
        territory = _territory(filters.territory)
        if territory is None:
            return Meeting.objects.none()
    found = meetings_search(
        meetings_visible(request.user),
        on=on,
        organ_id=filters.organ,
        territory=territory,
        status=filters.status or "",
    )
    return meetings_ordered(found.select_related("organ__territory"))


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, 404: ErrorOut, **ERRORS})
def meeting_detail(request: HttpRequest, meeting_id: int = Path(..., ge=1, le=MAX_ID)):
    """One meeting: chairs, invited groups with their size, agenda, attendance counts, conclusions."""
    meeting = meeting_for_user(request.user, meeting_id)
    chairs = [
        {
            "person_id": chair.person_id,
            "full_name_ar": chair.person.full_name_ar,
            "full_name_latin": chair.person.full_name_latin,
            "title_ar": chair.mandate.title_ar if chair.mandate else "",
            "title_fr": chair.mandate.title_fr if chair.mandate else "",
            "organ_id": chair.mandate.organ_id if chair.mandate else None,
        }
        for chair in meeting.chairs.select_related("person", "mandate")
    ]
    return {
        **_meeting_out(meeting),
        "chairs": chairs,
        "groups": [
            {"rule": g.rule, "label_ar": g.label_ar, "label_fr": g.label_fr, "people": g.people}
            for g in group_counts(meeting)
        ],
        "agenda": list(meeting.agenda.values("order", "title_ar", "title_fr")),
        "attendance": attendance_counts(meeting),
        "conclusions_ar": meeting.conclusions_ar,
        "conclusions_fr": meeting.conclusions_fr,
        "minutes_approved_on": meeting.minutes_approved_on,
        "cancelled_reason": meeting.cancelled_reason,
        "directive_ids": list(meeting.directives.values_list("pk", flat=True)),
    }


class DirectiveFilters(Schema):
    organ: int | None = Field(None, ge=1, le=MAX_ID, description="id of the issuing organ")
    target_organ: int | None = Field(None, ge=1, le=MAX_ID, description="id of a target organ")
    status: Literal["done", "in_progress", "not_started", "late"] | None = Field(
        None, description="directives with a target in this state (of `target_organ` when given)"
    )
    overdue: bool | None = Field(None, description="true: only directives with a target late")


def _directive_out(directive: Directive) -> dict:
    counts = getattr(directive, "counts", {})
    return {
        "id": directive.pk,
        "organ": directive.organ,
        "meeting_id": directive.meeting_id,
        "text_ar": directive.text_ar,
        "text_fr": directive.text_fr,
        "issued_on": directive.issued_on,
        "deadline_kind": directive.deadline_kind,
        "deadline_amount": directive.deadline_amount,
        "due_on": directive.due_on,
        "indicator": directive.indicator,
        "counts": dict(counts),
        "targets_total": sum(counts.values()),
        "overdue": bool(counts.get("late")),
    }


@router.get("/directives", response={200: list[DirectiveOut], **ERRORS})
@paginate(BoundedLimitOffset)
def directive_list(request: HttpRequest, filters: Query[DirectiveFilters]):
    """Directives issued inside the caller's territory or addressed to its organs, latest first."""
    found = directives_search(
        directives_visible(request.user),
        issuing_organ_id=filters.organ,
        target_organ_id=filters.target_organ,
        status=filters.status or "",
        overdue=bool(filters.overdue),
    ).order_by("-issued_on", "-pk")
    return _DirectivePage(found)


class _DirectivePage:
    """A lazy sequence for the paginator: counts come with each page (a fixed number of queries)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        chunk = list(self.queryset[key])
        by_pk = {d.pk: d for d in directive_summaries(Directive.objects.filter(pk__in=[d.pk for d in chunk]))}
        return [_directive_out(by_pk[d.pk]) for d in chunk]


@router.get("/directives/{directive_id}", response={200: DirectiveDetailOut, 404: ErrorOut, **ERRORS})
def directive_detail(request: HttpRequest, directive_id: int = Path(..., ge=1, le=MAX_ID)):
    """One directive with its targets and their state (done / done_late / in_progress / late /
    not_started); outside the issuing organ's territory, only the caller's own target organs."""
    directive = directive_for_user(request.user, directive_id)
    board = directive_board(directive)
    rows = board.rows
    if not directive.managed:
        scope = scope_for(request.user)
        rows = [row for row in rows if scope.contains(row.target.organ.territory)]
    directive.counts = board.counts
    return {
        **_directive_out(directive),
        "target_kind": directive.target_kind,
        "target_territory_code": directive.target_territory.code if directive.target_territory_id else None,
        "indicator_goal": float(directive.indicator_goal) if directive.indicator_goal is not None else None,
        "indicator_label": directive.indicator_label,
        "targets": [
            {
                "organ": row.target.organ,
                "status": row.target.status,
                "state": row.state,
                "done_on": row.target.done_on,
                "indicator_value": float(row.target.indicator_value)
                if row.target.indicator_value is not None
                else None,
                "updated_at": row.target.updated_at,
                "reports": len(row.target.reports.all()),
            }
            for row in rows
        ],
    }
