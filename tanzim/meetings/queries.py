"""Reads for meetings and directives: invitee groups resolved by rule, deadlines, follow-up boards."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from tanzim.meetings.models import (
    Deadline,
    Directive,
    DirectiveTarget,
    GroupRule,
    Meeting,
    TargetStatus,
)
from tanzim.organs.models import Mandate, Organ, OrganKind, OrganStatus, Role
from tanzim.people.models import MemberStatus, Person
from tanzim.territory.models import Territory

# Roles that make someone "the secretary" of an organ for invitations and directive notices.
SECRETARY_ROLES = [Role.SECRETARY_GENERAL, Role.SECRETARY, Role.PRESIDENT, Role.HEAD_OF_POLE]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the last day of the month when it has fewer days (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def deadline_compute(
    issued_on: datetime.date, kind: str, amount: int | None, on: datetime.date | None = None
) -> datetime.date | None:
    """The due date of a directive: a stated date, or "within N days/weeks/months" from the issue day."""
    if kind == Deadline.DATE:
        return on
    if kind in (Deadline.DAYS, Deadline.WEEKS, Deadline.MONTHS) and amount:
        if kind == Deadline.DAYS:
            return issued_on + datetime.timedelta(days=amount)
        if kind == Deadline.WEEKS:
            return issued_on + datetime.timedelta(weeks=amount)
        return add_months(issued_on, amount)
    return None


def group_people(
    rule: str,
    *,
    organ: Organ | None = None,
    territory: Territory | None = None,
    organ_kind: str = "",
    on: datetime.date | None = None,
) -> QuerySet[Person]:
    """The people an invitee group stands for on a day (by rule; `named` groups list nobody)."""
    on = on or timezone.localdate()
    held = Mandate.objects.held_on(on)
    if rule == GroupRule.ORGAN_MEMBERS and organ is not None:
        return Person.objects.filter(pk__in=held.filter(organ=organ).values("person_id"))
    if rule == GroupRule.SECRETARIES_UNDER and territory is not None:
        mandates = held.filter(
            organ__territory__path__startswith=territory.path,
            organ__kind=organ_kind or OrganKind.LOCAL_SECRETARIAT,
            role__in=SECRETARY_ROLES,
        )
        return Person.objects.filter(pk__in=mandates.values("person_id"))
    if rule == GroupRule.PARLIAMENTARIANS and territory is not None:
        mandates = held.filter(organ__kind=OrganKind.PARLIAMENTARY_GROUP)
        return Person.objects.filter(
            pk__in=mandates.values("person_id"), home__path__startswith=territory.path
        )
    if rule == GroupRule.NATIONAL_COUNCIL and territory is not None:
        mandates = held.filter(organ__kind=OrganKind.NATIONAL_COUNCIL)
        return Person.objects.filter(
            pk__in=mandates.values("person_id"), home__path__startswith=territory.path
        )
    if rule == GroupRule.ELECTED_OFFICIALS and territory is not None:
        # The party's groups in parliament and in the professional chambers; councillors of communes
        # join this rule when the roster of elected officials exists.
        mandates = held.filter(organ__kind__in=[OrganKind.PARLIAMENTARY_GROUP, OrganKind.CHAMBER_GROUP])
        in_territory = Q(home__path__startswith=territory.path) | Q(
            pk__in=mandates.filter(organ__territory__path__startswith=territory.path).values("person_id")
        )
        return Person.objects.filter(pk__in=mandates.values("person_id")).filter(in_territory)
    if rule == GroupRule.ACTIVE_MEMBERS and territory is not None:
        return Person.objects.filter(
            home__path__startswith=territory.path, membership__status=MemberStatus.ACTIVE
        )
    return Person.objects.none()


def target_organs(
    kind: str, territory: Territory | None, *, explicit: list[Organ] | None = None
) -> list[Organ]:
    """Target organs of a directive: every organ of `kind` within `territory` (not dissolved), plus
    the ones chosen by hand."""
    found: dict[int, Organ] = {}
    if kind and territory is not None:
        for organ in (
            Organ.objects.filter(kind=kind, territory__path__startswith=territory.path)
            .exclude(status=OrganStatus.DISSOLVED)
            .select_related("territory")
            .order_by("territory__path", "name_ar")
        ):
            found[organ.pk] = organ
    for organ in explicit or []:
        found.setdefault(organ.pk, organ)
    return list(found.values())


def organ_secretaries(organs: list[Organ], *, on: datetime.date | None = None) -> dict[int, list[Person]]:
    """The people leading each organ on a day (secretary, president, head of pole)."""
    result: dict[int, list[Person]] = {organ.pk: [] for organ in organs}
    mandates = (
        Mandate.objects.held_on(on or timezone.localdate())
        .filter(organ__in=organs, role__in=SECRETARY_ROLES)
        .select_related("person")
    )
    for mandate in mandates:
        result[mandate.organ_id].append(mandate.person)
    return result


class BoardState:
    DONE = "done"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"
    LATE = "late"
    NOT_STARTED = "not_started"


def target_state(target: DirectiveTarget, today: datetime.date) -> str:
    if target.status == TargetStatus.DONE:
        return BoardState.DONE_LATE if target.is_late(today) else BoardState.DONE
    if target.is_late(today):
        return BoardState.LATE
    if target.status == TargetStatus.IN_PROGRESS:
        return BoardState.IN_PROGRESS
    return BoardState.NOT_STARTED


@dataclass
class BoardRow:
    target: DirectiveTarget
    state: str
    last_report: object | None


@dataclass
class Board:
    directive: Directive
    rows: list[BoardRow]
    counts: Counter = field(default_factory=Counter)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def done_share(self) -> float:
        total = len(self.rows)
        done = self.counts[BoardState.DONE] + self.counts[BoardState.DONE_LATE]
        return done / total if total else 0.0

    @property
    def days_left(self) -> int | None:
        if not self.directive.due_on:
            return None
        return (self.directive.due_on - self.today).days


def directive_board(directive: Directive, *, today: datetime.date | None = None) -> Board:
    """Per target: done / done late / in progress / late / not started, with the latest report."""
    today = today or timezone.localdate()
    targets = list(
        directive.targets.select_related("organ", "organ__territory", "directive").prefetch_related("reports")
    )
    rows = []
    for target in targets:
        reports = list(target.reports.all())
        rows.append(
            BoardRow(
                target=target, state=target_state(target, today), last_report=reports[0] if reports else None
            )
        )
    counts = Counter(row.state for row in rows)
    return Board(directive=directive, rows=rows, counts=counts, today=today)


def directive_summaries(
    directives: QuerySet[Directive], *, today: datetime.date | None = None
) -> list[Directive]:
    """Directives with `counts` per board state and `overdue` (targets late), in a fixed number of queries."""
    today = today or timezone.localdate()
    result = list(directives.select_related("organ", "meeting").prefetch_related("targets"))
    for directive in result:
        counts: Counter = Counter()
        for target in directive.targets.all():
            target.directive = directive
            counts[target_state(target, today)] += 1
        directive.counts = counts
        directive.total_targets = sum(counts.values())
        directive.late_targets = counts[BoardState.LATE]
    return result


def overdue_targets(
    targets: QuerySet[DirectiveTarget], *, today: datetime.date | None = None
) -> QuerySet[DirectiveTarget]:
    """Targets not done whose deadline has passed."""
    today = today or timezone.localdate()
    return targets.exclude(status=TargetStatus.DONE).filter(directive__due_on__lt=today)


def meetings_search(
    meetings: QuerySet[Meeting],
    *,
    on: datetime.date | None = None,
    organ_id: int | None = None,
    territory: Territory | None = None,
    status: str = "",
) -> QuerySet[Meeting]:
    queryset = meetings.select_related("organ", "organ__territory", "premises")
    if on is not None:
        queryset = queryset.filter(day=on)
    if organ_id is not None:
        queryset = queryset.filter(organ_id=organ_id)
    if territory is not None:
        queryset = queryset.filter(organ__territory__path__startswith=territory.path)
    if status:
        queryset = queryset.filter(status=status)
    return queryset
