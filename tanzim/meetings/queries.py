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
        from tanzim.elections.models import PARLIAMENT_KINDS, Term

        mandates = held.filter(organ__kind=OrganKind.PARLIAMENTARY_GROUP)
        # Members of either house elected in a constituency within the territory (elections roster).
        terms = Term.objects.held_on(on).filter(
            body__kind__in=PARLIAMENT_KINDS, constituency__path__startswith=territory.path
        )
        return Person.objects.filter(
            Q(pk__in=mandates.values("person_id"), home__path__startswith=territory.path)
            | Q(pk__in=terms.values("person_id"))
        )
    if rule == GroupRule.NATIONAL_COUNCIL and territory is not None:
        mandates = held.filter(organ__kind=OrganKind.NATIONAL_COUNCIL)
        return Person.objects.filter(
            pk__in=mandates.values("person_id"), home__path__startswith=territory.path
        )
    if rule == GroupRule.ELECTED_OFFICIALS and territory is not None:
        from tanzim.elections.models import Term

        # The party's groups in parliament and in the professional chambers, and the roster of
        # elected officials: current terms in a body or a constituency within the territory, or
        # held by someone attached there (a Fès councillor of the regional council).
        mandates = held.filter(organ__kind__in=[OrganKind.PARLIAMENTARY_GROUP, OrganKind.CHAMBER_GROUP])
        in_territory = Q(home__path__startswith=territory.path) | Q(
            pk__in=mandates.filter(organ__territory__path__startswith=territory.path).values("person_id")
        )
        terms = Term.objects.held_on(on)
        by_mandate = Q(pk__in=mandates.values("person_id")) & in_territory
        by_term = Q(pk__in=terms.within(territory).values("person_id")) | Q(
            pk__in=terms.values("person_id"), home__path__startswith=territory.path
        )
        return Person.objects.filter(by_mandate | by_term)
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


# --- Pages and API: lists, labels, choices ----------------------------------------------------


def meetings_ordered(meetings: QuerySet[Meeting], *, today: datetime.date | None = None) -> QuerySet[Meeting]:
    """Upcoming meetings first (soonest first), then past ones (latest first)."""
    from django.db.models import Case, DateField, F, IntegerField, Value, When

    today = today or timezone.localdate()
    return meetings.annotate(
        is_past=Case(When(day__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()),
        upcoming_day=Case(When(day__gte=today, then=F("day")), default=None, output_field=DateField()),
    ).order_by("is_past", F("upcoming_day").asc(nulls_last=True), "-day", "-start_time", "-pk")


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    """How many invited (not yet marked), present, excused and absent."""
    from django.db.models import Count

    counts = {status: 0 for status in ("invited", "present", "excused", "absent")}
    for row in meeting.attendances.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts.values())
    return counts


def group_counts(meeting: Meeting) -> list:
    """The invitee groups of a meeting, each with `people` (attendance rows it brought)."""
    from django.db.models import Count

    return list(
        meeting.invitee_groups.select_related("organ", "territory").annotate(people=Count("attendances"))
    )


def _with_article_fr(title: str) -> str:
    """ "Province de Taounate" → "la province de Taounate" (for a sentence)."""
    if not title:
        return title
    lowered = title[0].lower() + title[1:]
    if lowered[0] in "aeiouéè":
        return f"l'{lowered}"
    return f"la {lowered}"


def _of_ar(title: str) -> str:
    """ "إقليم تاونات" → "لإقليم تاونات"; "الجهة" → "للجهة"."""
    return f"لل{title[2:]}" if title.startswith("ال") else f"ل{title}"


def _organ_fr(name: str) -> str:
    """ "Secrétariat provincial de Taounate" → "du secrétariat provincial de Taounate"."""
    if not name:
        return name
    lowered = name[0].lower() + name[1:]
    first = lowered.split(" ", 1)[0]
    if lowered[0] in "aeiouéè":
        return f"de l'{lowered}"
    if first in ("femmes", "jeunes"):
        return f"des {lowered}"
    if first in ("jeunesse", "commission", "organisation"):
        return f"de la {lowered}"
    return f"du {lowered}"


SECRETARIES_AR = {
    OrganKind.LOCAL_SECRETARIAT: "الأمناء المحليون",
    OrganKind.PROVINCIAL_SECRETARIAT: "الأمناء الإقليميون",
    OrganKind.REGIONAL_SECRETARIAT: "الأمناء الجهويون",
}
SECRETARIES_FR = {
    OrganKind.LOCAL_SECRETARIAT: "les secrétaires locaux",
    OrganKind.PROVINCIAL_SECRETARIAT: "les secrétaires provinciaux",
    OrganKind.REGIONAL_SECRETARIAT: "les secrétaires régionaux",
}


def group_label(
    rule: str, *, organ: Organ | None = None, territory: Territory | None = None, organ_kind: str = ""
) -> tuple[str, str]:
    """The default (Arabic, French) name of an invitee group, as an invitation would write it:
    secretaries_under + Taounate → ("الأمناء المحليون لإقليم تاونات",
    "les secrétaires locaux de la province de Taounate")."""
    from django.utils import translation

    if rule == GroupRule.ORGAN_MEMBERS and organ is not None:
        return f"أعضاء {organ.name_ar}", f"les membres {_organ_fr(organ.name_fr or organ.name_ar)}"
    if territory is None:
        return "", ""
    with translation.override("ar"):
        place_ar = territory.title
        kind_ar = str(OrganKind(organ_kind).label) if organ_kind in OrganKind.values else ""
    with translation.override("fr"):
        place_fr = _with_article_fr(territory.title)
        kind_fr = str(OrganKind(organ_kind).label).lower() if organ_kind in OrganKind.values else ""
    if rule == GroupRule.SECRETARIES_UNDER:
        kind = organ_kind or OrganKind.LOCAL_SECRETARIAT
        if kind in SECRETARIES_AR:
            return f"{SECRETARIES_AR[kind]} {_of_ar(place_ar)}", f"{SECRETARIES_FR[kind]} de {place_fr}"
        return (
            f"مسؤولو هيئات «{kind_ar}» ب{place_ar}",
            f"les responsables des organes « {kind_fr} » de {place_fr}",
        )
    if rule == GroupRule.PARLIAMENTARIANS:
        return f"برلمانيو الحزب ب{place_ar}", f"les parlementaires du parti de {place_fr}"
    if rule == GroupRule.NATIONAL_COUNCIL:
        return f"أعضاء المجلس الوطني ب{place_ar}", f"les membres du conseil national de {place_fr}"
    if rule == GroupRule.ELECTED_OFFICIALS:
        return f"منتخبو الحزب ب{place_ar}", f"les élus du parti de {place_fr}"
    if rule == GroupRule.ACTIVE_MEMBERS:
        return f"مناضلات ومناضلو الحزب ب{place_ar}", f"les militantes et militants de {place_fr}"
    return "", ""


def organs_above(organ: Organ) -> list[Organ]:
    """The organ and the organs above it (parent chain), nearest first."""
    chain: list[Organ] = []
    cursor: Organ | None = organ
    while cursor is not None and len(chain) < 10:
        chain.append(cursor)
        cursor = cursor.parent
    return chain


def ancestor_paths(paths: tuple[str, ...] | list[str]) -> list[str]:
    """Paths of the units above each of `paths` (Morocco, the region above a province)."""
    found: set[str] = set()
    for path in paths:
        parts = path.strip("/").split("/")
        found |= {"/".join(parts[:i]) + "/" for i in range(1, len(parts))}
    return sorted(found)


def office_holders(
    visible_organs: QuerySet[Organ], scope_paths: tuple[str, ...], *, on: datetime.date | None = None
) -> QuerySet[Mandate]:
    """Current mandates in the visible organs and in the organs above them (possible chairs), the
    nearest first: one's own territory's office holders, then those of the units above."""
    above = ancestor_paths(scope_paths)
    return (
        Mandate.objects.current(on)
        .filter(Q(organ__in=visible_organs) | Q(organ__territory__path__in=above))
        .select_related("person", "organ")
        .order_by("-organ__territory__depth", "organ__kind", "role", "person__full_name_ar")
    )


def my_organ_ids(person_id: int | None, *, on: datetime.date | None = None) -> list[int]:
    """Organs in which a person holds a current mandate ("my organs")."""
    if not person_id:
        return []
    return list(
        Mandate.objects.current(on).filter(person_id=person_id).values_list("organ_id", flat=True).distinct()
    )


DIRECTIVE_STATES = ("done", "in_progress", "not_started", "late")


def directives_search(
    directives: QuerySet[Directive],
    *,
    issuing_organ_id: int | None = None,
    target_organ_id: int | None = None,
    status: str = "",
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Directive]:
    """Filter directives: by issuing organ, target organ, the state of a target (done / in progress /
    not started / late: not done past the deadline) and overdue only (some target late)."""
    today = today or timezone.localdate()
    targets = DirectiveTarget.objects.all()
    if target_organ_id is not None:
        targets = targets.filter(organ_id=target_organ_id)
        directives = directives.filter(pk__in=targets.values("directive_id"))
    if issuing_organ_id is not None:
        directives = directives.filter(organ_id=issuing_organ_id)
    late = Q(directive__due_on__lt=today) & ~Q(status=TargetStatus.DONE)
    if status == "done":
        directives = directives.filter(pk__in=targets.filter(status=TargetStatus.DONE).values("directive_id"))
    elif status in ("in_progress", "not_started"):
        directives = directives.filter(
            pk__in=targets.filter(status=status).exclude(late).values("directive_id")
        )
    elif status == "late":
        directives = directives.filter(pk__in=targets.filter(late).values("directive_id"))
    if overdue:
        directives = directives.filter(pk__in=DirectiveTarget.objects.filter(late).values("directive_id"))
    return directives
