"""Reads of oversight: structuring coverage, its history, the local-secretariat scorecard, survey results.

Every function aggregates with GROUP BY / conditional counts: the number of queries does not depend on
the number of communes, organs or members (the dashboards pin it in tests).

Coverage counts *units*: communes without arrondissements, and arrondissements (Tanger, Fès, Rabat…
are structured by arrondissement). A unit is covered by an **active** local secretariat when the party
has a local secretariat there (not dissolved, not marked dormant) that has
  1. a current secretary (a mandate `secretary` held today),
  2. at least one meeting held (held or minutes approved) in the last N days (N = `active_days`),
  3. its roll updated within the current rolls campaign: when a campaign covers the unit (opened by an
     organ at or above it), at least one of its members was checked on or after the day it opened.
     Without a campaign this condition does not apply.
A unit with a local secretariat that misses one of them is **dormant**; without one it is **uncovered**.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, DateField, F, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from tanzim.meetings.models import Attendance, Directive, DirectiveTarget, Indicator, Meeting, MeetingStatus
from tanzim.organs.models import How, Mandate, Organ, OrganKind, OrganStatus, Role
from tanzim.oversight.models import INDICATORS, ScorecardSettings, Survey, SurveyAnswer
from tanzim.people.models import Gender, Membership, MemberStatus, RollsCampaign
from tanzim.territory.models import Level, Territory

HELD = (MeetingStatus.HELD, MeetingStatus.APPROVED)
STATE_LABELS = {
    "active": gettext_lazy("Active"),
    "dormant": gettext_lazy("Dormant"),
    "uncovered": gettext_lazy("No local secretariat"),
}
MISSING_LABELS = {
    "marked_dormant": gettext_lazy("marked dormant"),
    "no_secretary": gettext_lazy("no current secretary"),
    "no_meeting": gettext_lazy("no meeting held in the activity window"),
    "roll": gettext_lazy("roll not updated in the current campaign"),
}
LOCAL = OrganKind.LOCAL_SECRETARIAT


def _french() -> bool:
    return (get_language() or "ar").startswith("fr")


SETTINGS_CACHE_KEY = "oversight:settings"


def scorecard_settings() -> ScorecardSettings:
    """The pole's settings (kept a minute in the cache; saving them clears it)."""
    settings = cache.get(SETTINGS_CACHE_KEY)
    if settings is None:
        settings = ScorecardSettings.objects.order_by("pk").first() or ScorecardSettings()
        cache.set(SETTINGS_CACHE_KEY, settings, 60)
    return settings


# ---------------------------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------------------------


@dataclass
class Unit:
    """A commune (without arrondissements) or an arrondissement, and its local secretariat's state."""

    id: int
    code: str
    path: str
    name_ar: str
    name_fr: str
    level: str
    population: int
    organ_id: int | None = None
    organ_status: str = ""
    secretary: bool = False
    met_recently: bool = False  # a meeting held within the activity window
    last_meeting: datetime.date | None = None  # the last meeting held (up to today)
    campaign_opened: datetime.date | None = None  # the current campaign covering the unit, if any
    roll_checked: datetime.date | None = None  # last roll check of its members since that campaign

    @property
    def name(self) -> str:
        return self.name_fr if _french() and self.name_fr else self.name_ar

    @property
    def roll_ok(self) -> bool:
        return self.campaign_opened is None or self.roll_checked is not None

    @property
    def state(self) -> str:
        if self.organ_id is None:
            return "uncovered"
        if self.organ_status == OrganStatus.ACTIVE and self.secretary and self.met_recently and self.roll_ok:
            return "active"
        return "dormant"

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def missing_labels(self) -> list[str]:
        return [str(MISSING_LABELS[code]) for code in self.missing]

    @property
    def missing(self) -> list[str]:
        """What keeps a dormant secretariat from counting as active (codes; the template words them)."""
        if self.organ_id is None:
            return []
        out = []
        if self.organ_status != OrganStatus.ACTIVE:
            out.append("marked_dormant")
        if not self.secretary:
            out.append("no_secretary")
        if not self.met_recently:
            out.append("no_meeting")
        if not self.roll_ok:
            out.append("roll")
        return out


def _units_rows(territory: Territory) -> list[tuple]:
    """(id, code, path, name_ar, name_fr, level, population) of the units within `territory`, in one
    query: communes and arrondissements, then the communes that have arrondissements are left out."""
    rows = list(
        Territory.objects.filter(
            path__startswith=territory.path, level__in=[Level.COMMUNE, Level.ARRONDISSEMENT]
        )
        .order_by("path")
        .values_list("id", "code", "path", "name_ar", "name_fr", "level", "population_2024", "parent_id")
    )
    split = {row[7] for row in rows if row[5] == Level.ARRONDISSEMENT}
    return [row[:7] for row in rows if row[0] not in split]


def coverage_units(
    territory: Territory, *, today: datetime.date | None = None, active_days: int | None = None
) -> list[Unit]:
    """Every unit within `territory` with the state of its local secretariat (5–6 queries)."""
    today = today or timezone.localdate()
    if active_days is None:
        active_days = scorecard_settings().active_days
    since = today - datetime.timedelta(days=active_days)
    units = [
        Unit(id=i, code=code, path=path, name_ar=ar, name_fr=fr, level=level, population=population or 0)
        for i, code, path, ar, fr, level, population in _units_rows(territory)
    ]
    by_id = {unit.id: unit for unit in units}
    within = {"territory__path__startswith": territory.path}
    campaigns = _campaigns(territory, today)
    organs = (
        Organ.objects.filter(kind=LOCAL, **within)
        .exclude(status=OrganStatus.DISSOLVED)
        .order_by("provisional", "pk")
        .annotate(
            last_check=_last_roll_check() if campaigns else Value(None, output_field=DateField()),
            last_meeting=_last_meeting_held(today),
        )
        .values_list("id", "territory_id", "status", "last_check", "last_meeting")
    )
    organ_unit: dict[int, Unit] = {}
    checks: dict[int, datetime.date | None] = {}
    last_meetings: dict[int, datetime.date | None] = {}
    for organ_id, territory_id, status, last_check, last_meeting in organs:
        unit = by_id.get(territory_id)
        if unit is None:
            continue
        # Several local secretariats in one unit: an active one wins, else the first.
        if unit.organ_id is None or (
            unit.organ_status != OrganStatus.ACTIVE and status == OrganStatus.ACTIVE
        ):
            unit.organ_id, unit.organ_status = organ_id, status
        organ_unit[organ_id] = unit
        checks[organ_id], last_meetings[organ_id] = last_check, last_meeting
    if not organ_unit:
        return units
    organ_within = {"organ__kind": LOCAL, "organ__territory__path__startswith": territory.path}
    for organ_id in (
        Mandate.objects.current(today)
        .filter(role=Role.SECRETARY, **organ_within)
        .values_list("organ_id", flat=True)
    ):
        if organ_id in organ_unit and organ_unit[organ_id].organ_id == organ_id:
            organ_unit[organ_id].secretary = True
    for unit in units:
        if unit.organ_id is not None:
            unit.last_meeting = last_meetings.get(unit.organ_id)
            unit.met_recently = bool(unit.last_meeting and unit.last_meeting > since)
    for unit in units:
        for path, opened_on in campaigns:  # oldest first: the last match is the current one
            if unit.path.startswith(path):
                unit.campaign_opened = opened_on
        last_check = checks.get(unit.organ_id) if unit.organ_id else None
        if unit.campaign_opened and last_check and last_check >= unit.campaign_opened:
            unit.roll_checked = last_check
    return units


def _campaigns(territory: Territory, today: datetime.date) -> list[tuple[str, datetime.date]]:
    """Rolls campaigns opened at, above or below `territory` (territory path, opening day), oldest first."""
    ancestors = [territory.path[: i + 1] for i, ch in enumerate(territory.path) if ch == "/"]
    return list(
        RollsCampaign.objects.filter(opened_on__lte=today)
        .filter(
            Q(organ__territory__path__in=ancestors) | Q(organ__territory__path__startswith=territory.path)
        )
        .order_by("opened_on", "pk")
        .values_list("organ__territory__path", "opened_on")
    )


def _last_meeting_held(today: datetime.date) -> Subquery:
    """The last meeting the organ held (up to today): one backward probe per organ of the meetings'
    (organ, day) index."""
    return Subquery(
        Meeting.objects.filter(organ_id=OuterRef("pk"), status__in=HELD, day__lte=today)
        .order_by("-day")
        .values("day")[:1]
    )


def _last_roll_check() -> Subquery:
    """The last day a member of the organ was checked in a rolls update: one probe per organ of the
    index (local_organ_id, roll_checked_on) that migration 0002 adds."""
    return Subquery(
        Membership.objects.filter(local_organ_id=OuterRef("pk"), roll_checked_on__isnull=False)
        .order_by("-roll_checked_on")
        .values("roll_checked_on")[:1]
    )


@dataclass
class Coverage:
    """Coverage of a set of units: counts and shares (by number and weighted by population 2024)."""

    total: int = 0
    active: int = 0
    dormant: int = 0
    population: int = 0
    population_active: int = 0

    @property
    def uncovered(self) -> int:
        return self.total - self.active - self.dormant

    @property
    def share(self) -> float:
        return round(100 * self.active / self.total, 1) if self.total else 0.0

    @property
    def population_share(self) -> float:
        return round(100 * self.population_active / self.population, 1) if self.population else 0.0

    def add(self, unit: Unit) -> None:
        self.total += 1
        self.population += unit.population
        state = unit.state
        if state == "active":
            self.active += 1
            self.population_active += unit.population
        elif state == "dormant":
            self.dormant += 1


def coverage_of(units: list[Unit]) -> Coverage:
    coverage = Coverage()
    for unit in units:
        coverage.add(unit)
    return coverage


@dataclass
class ChildCoverage:
    territory: Territory
    coverage: Coverage = field(default_factory=Coverage)
    unit: Unit | None = None  # when the child is itself a unit (a commune of a province)


def coverage_by_child(territory: Territory, units: list[Unit]) -> list[ChildCoverage]:
    """Coverage of each unit directly below `territory` (regions of Morocco, provinces of a region,
    communes of a province) — one query for the children."""
    children = list(
        Territory.objects.filter(parent=territory)
        .exclude(level=Level.PREFECTURE_OF_ARRONDISSEMENTS)
        .order_by("path")
    )
    rows = [ChildCoverage(territory=child) for child in children]
    by_prefix = {child.territory.path: child for child in rows}
    depth = territory.path.count("/")
    for unit in units:
        prefix = "/".join(unit.path.split("/")[: depth + 1]) + "/"
        row = by_prefix.get(prefix)
        if row is None:
            continue
        row.coverage.add(unit)
        if unit.path == prefix:
            row.unit = unit
    return [row for row in rows if row.coverage.total]


# ---------------------------------------------------------------------------------------------
# Coverage over time and against a directive
# ---------------------------------------------------------------------------------------------


@dataclass
class HistoryPoint:
    day: datetime.date
    active: int
    total: int

    @property
    def share(self) -> float:
        return round(100 * self.active / self.total, 1) if self.total else 0.0


def coverage_history(
    territory: Territory, days: list[datetime.date], *, active_days: int, units: list[Unit]
) -> list[HistoryPoint]:
    """Coverage on each day, rebuilt from the organs' dates, the secretaries' mandates and the meetings
    held (3 queries whatever the number of days ≤ 40). Rolls campaigns leave no history: the past
    points do not apply the roll condition."""
    if not days:
        return []
    total, unit_ids = len(units), {unit.id for unit in units}
    within = {"territory__path__startswith": territory.path}
    organs = {
        organ_id: (territory_id, established, dissolved)
        for organ_id, territory_id, established, dissolved in Organ.objects.filter(kind=LOCAL, **within)
        .exclude(status=OrganStatus.DORMANT)
        .values_list("id", "territory_id", "established_on", "dissolved_on")
    }
    if not organs:
        return [HistoryPoint(day=day, active=0, total=total) for day in days]
    organ_within = {"organ__kind": LOCAL, "organ__territory__path__startswith": territory.path}
    terms: dict[int, list[tuple]] = defaultdict(list)
    for organ_id, start, attested, end in (
        Mandate.objects.filter(role=Role.SECRETARY, **organ_within)
        .exclude(how=How.PROPOSED)
        .values_list("organ_id", "start", "attested_from", "end")
    ):
        terms[organ_id].append((start or attested, end))
    windows = {
        f"d{i}": Count("pk", filter=Q(day__gt=day - datetime.timedelta(days=active_days), day__lte=day))
        for i, day in enumerate(days)
    }
    met: dict[int, dict[str, int]] = {
        row["organ_id"]: row
        for row in Meeting.objects.filter(
            status__in=HELD,
            day__gt=min(days) - datetime.timedelta(days=active_days),
            day__lte=max(days),
            **organ_within,
        )
        .values("organ_id")
        .annotate(**windows)
        .order_by()
    }
    points = []
    for i, day in enumerate(days):
        covered: set[int] = set()
        for organ_id, (territory_id, established, dissolved) in organs.items():
            if not met.get(organ_id, {}).get(f"d{i}"):
                continue
            if territory_id not in unit_ids or territory_id in covered:
                continue
            if (established and established > day) or (dissolved and dissolved <= day):
                continue
            if not any(
                start and start <= day and (end is None or end >= day) for start, end in terms[organ_id]
            ):
                continue
            covered.add(territory_id)
        points.append(HistoryPoint(day=day, active=len(covered), total=total))
    return points


HISTORY_CACHE_SECONDS = 15 * 60


def _history_cached(
    territory: Territory, days: list[datetime.date], *, active_days: int, units: list[Unit]
) -> list[HistoryPoint]:
    """Past points change only when someone records a past meeting or mandate: they are kept for
    15 minutes (per process); today's point is always computed from the live state."""
    stamp = ",".join(day.isoformat() for day in days)
    key = f"oversight:history:{territory.code}:{active_days}:{len(units)}:{stamp}"
    points = cache.get(key)
    if points is None:
        points = coverage_history(territory, days, active_days=active_days, units=units)
        cache.set(key, points, HISTORY_CACHE_SECONDS)
    return list(points)


def month_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The last day of every month from `first`'s month to the month before `last`, then `last`."""
    out = []
    year, month = first.year, first.month
    while True:
        nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
        end = nxt - datetime.timedelta(days=1)
        if end >= last:
            break
        out.append(end)
        year, month = nxt.year, nxt.month
    out.append(last)
    return out


@dataclass
class DirectivePlan:
    directive: Directive
    start: HistoryPoint  # coverage the day the directive was issued
    goal: float  # % by the deadline


def structuring_directive(territory: Territory) -> Directive | None:
    """The latest directive with the coverage indicator aimed at this territory."""
    return (
        Directive.objects.filter(indicator=Indicator.ACTIVE_LOCAL_SHARE, target_territory=territory)
        .exclude(due_on__isnull=True)
        .select_related("organ", "meeting")
        .order_by("-issued_on", "-pk")
        .first()
    )


@dataclass
class CoverageReport:
    territory: Territory
    units: list[Unit]
    coverage: Coverage
    children: list[ChildCoverage]
    history: list[HistoryPoint]
    plan: DirectivePlan | None
    active_days: int
    today: datetime.date

    @property
    def uncovered(self) -> list[Unit]:
        return [unit for unit in self.units if unit.state == "uncovered"]

    @property
    def dormant(self) -> list[Unit]:
        return [unit for unit in self.units if unit.state == "dormant"]

    @property
    def to_act_on(self) -> list[Unit]:
        """Uncovered and dormant units: the list a province acts on."""
        return [unit for unit in self.units if unit.state != "active"]


def coverage_report(
    territory: Territory, *, today: datetime.date | None = None, months: int = 12
) -> CoverageReport:
    """Everything a coverage dashboard shows (about 12 queries, whatever the territory's size)."""
    today = today or timezone.localdate()
    active_days = scorecard_settings().active_days
    units = coverage_units(territory, today=today, active_days=active_days)
    coverage = coverage_of(units)
    directive = structuring_directive(territory)
    first = datetime.date(today.year - 1, today.month, 1) if months >= 12 else today.replace(day=1)
    days = month_ends(first, today)
    if directive is not None:
        days = sorted({*days, *(d for d in (directive.issued_on, directive.due_on) if d <= today)})
        days = [d for d in days if d >= min(first, directive.issued_on)]
    history = _history_cached(territory, [d for d in days if d < today], active_days=active_days, units=units)
    history.append(
        HistoryPoint(
            day=today,
            active=sum(
                1 for u in units if u.organ_status == OrganStatus.ACTIVE and u.secretary and u.met_recently
            ),
            total=len(units),
        )
    )
    plan = None
    if directive is not None:
        start = next((p for p in history if p.day == directive.issued_on), history[0])
        goal = float(directive.indicator_goal) if directive.indicator_goal is not None else 100.0
        plan = DirectivePlan(directive=directive, start=start, goal=goal)
    return CoverageReport(
        territory=territory,
        units=units,
        coverage=coverage,
        # Regions of the country, provinces of a region, arrondissements of a commune; a province's
        # communes are its units (listed as such).
        children=coverage_by_child(territory, units)
        if territory.level in (Level.COUNTRY, Level.REGION)
        or (len(units) > 1 and territory.level == Level.COMMUNE)
        else [],
        history=history,
        plan=plan,
        active_days=active_days,
        today=today,
    )


# ---------------------------------------------------------------------------------------------
# Local-secretariat scorecard
# ---------------------------------------------------------------------------------------------

COUNT_INDICATORS = ("meetings", "members", "new_members")  # scaled by the best organ of the province


@dataclass
class Figures:
    """Raw figures of one local organ over one period (what the records give)."""

    meetings: int = 0
    invited: int = 0
    present: int = 0
    members: int = 0
    new_members: int = 0
    checked: int = 0
    leaders: int = 0
    women: int = 0
    youth: int = 0
    directives_due: int = 0
    directives_on_time: int = 0

    def value(self, name: str) -> float | None:
        """The indicator as a number: a count, or a rate in [0, 1] (None when it has no base)."""
        rates = {
            "attendance": (self.present, self.invited),
            "roll": (self.checked, self.members),
            "women": (self.women, self.leaders),
            "youth": (self.youth, self.leaders),
            "directives": (self.directives_on_time, self.directives_due),
        }
        if name in rates:
            part, whole = rates[name]
            return part / whole if whole else None
        return float(getattr(self, name))


@dataclass
class ScoreRow:
    organ_id: int
    name_ar: str
    name_fr: str
    territory_code: str
    territory_name: str  # Arabic name of its commune (the members list filters by name)
    province_code: str
    figures: Figures
    previous: Figures
    score: float = 0.0
    previous_score: float | None = None
    rank: int = 0
    parts: dict[str, float | None] = field(default_factory=dict)  # normalized indicators (0–1)

    @property
    def name(self) -> str:
        return self.name_fr if _french() and self.name_fr else self.name_ar

    @property
    def trend(self) -> float | None:
        return None if self.previous_score is None else round(self.score - self.previous_score, 1)


def _figures(organ_ids: list[int], start: datetime.date, end: datetime.date) -> dict[int, Figures]:
    """The raw figures of the organs over [start, end] (5 grouped queries)."""
    out = {organ_id: Figures() for organ_id in organ_ids}
    for row in (
        Meeting.objects.filter(organ_id__in=organ_ids, status__in=HELD, day__gte=start, day__lte=end)
        .values("organ_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        out[row["organ_id"]].meetings = row["n"]
    for row in (
        Attendance.objects.filter(
            meeting__organ_id__in=organ_ids,
            meeting__status__in=HELD,
            meeting__day__gte=start,
            meeting__day__lte=end,
            invited=True,
        )
        .values("meeting__organ_id")
        .annotate(invited=Count("pk"), present=Count("pk", filter=Q(status="present")))
        .order_by()
    ):
        figures = out[row["meeting__organ_id"]]
        figures.invited, figures.present = row["invited"], row["present"]
    for row in (
        Membership.objects.filter(local_organ_id__in=organ_ids, status=MemberStatus.ACTIVE)
        .values("local_organ_id")
        .annotate(
            members=Count("pk", filter=Q(joined_on__isnull=True) | Q(joined_on__lte=end)),
            new=Count("pk", filter=Q(joined_on__gte=start, joined_on__lte=end)),
            checked=Count("pk", filter=Q(roll_checked_on__gte=start, roll_checked_on__lte=end)),
        )
        .order_by()
    ):
        figures = out[row["local_organ_id"]]
        figures.members, figures.new_members, figures.checked = row["members"], row["new"], row["checked"]
    young_after = end.year - 35
    for row in (
        Mandate.objects.held_on(end)
        .filter(organ_id__in=organ_ids)
        .values("organ_id")
        .annotate(
            leaders=Count("person", distinct=True),
            women=Count("person", distinct=True, filter=Q(person__gender=Gender.FEMALE)),
            youth=Count("person", distinct=True, filter=Q(person__birth_year__gt=young_after)),
        )
        .order_by()
    ):
        figures = out[row["organ_id"]]
        figures.leaders, figures.women, figures.youth = row["leaders"], row["women"], row["youth"]
    for row in (
        DirectiveTarget.objects.filter(
            organ_id__in=organ_ids, directive__due_on__gte=start, directive__due_on__lte=end
        )
        .values("organ_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(status="done", done_on__lte=F("directive__due_on"))),
        )
        .order_by()
    ):
        figures = out[row["organ_id"]]
        figures.directives_due, figures.directives_on_time = row["due"], row["on_time"]
    return out


def _scores(rows: list[ScoreRow], weights: dict[str, int], *, previous: bool) -> None:
    """Score = 100 × Σ wᵢ·xᵢ / Σ wᵢ over the indicators that have a value; counts are divided by the
    best organ of the same province over the same period, rates are already in [0, 1]."""
    by_province: dict[str, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        by_province[row.province_code].append(row)
    for group in by_province.values():
        best = {
            name: max((getattr(r.previous if previous else r.figures, name) for r in group), default=0)
            for name in COUNT_INDICATORS
        }
        for row in group:
            figures = row.previous if previous else row.figures
            parts: dict[str, float | None] = {}
            for name in INDICATORS:
                value = figures.value(name)
                if name in COUNT_INDICATORS:
                    value = (value / best[name]) if best[name] else 0.0
                parts[name] = value
            used = [(weights[n], v) for n, v in parts.items() if v is not None and weights[n]]
            total_weight = sum(w for w, _v in used)
            score = round(100 * sum(w * v for w, v in used) / total_weight, 1) if total_weight else 0.0
            if previous:
                row.previous_score = score
            else:
                row.score, row.parts = score, parts


def scorecard(
    territory: Territory, *, start: datetime.date, end: datetime.date, weights: dict[str, int] | None = None
) -> list[ScoreRow]:
    """The local secretariats within `territory`, scored over [start, end] and over the period of the
    same length just before it; ranked within their province (about 12 queries)."""
    weights = weights or scorecard_settings().weights()
    organs = list(
        Organ.objects.filter(kind=LOCAL, territory__path__startswith=territory.path)
        .exclude(status=OrganStatus.DISSOLVED)
        .order_by("territory__path", "pk")
        .values_list("id", "name_ar", "name_fr", "territory__code", "territory__name_ar", "territory__path")
    )
    ids = [organ[0] for organ in organs]
    length = end - start
    prev_end = start - datetime.timedelta(days=1)
    now, before = _figures(ids, start, end), _figures(ids, prev_end - length, prev_end)
    rows = [
        ScoreRow(
            organ_id=organ_id,
            name_ar=name_ar,
            name_fr=name_fr,
            territory_code=code,
            territory_name=territory_name,
            province_code="/".join(path.split("/")[:3]),
            figures=now[organ_id],
            previous=before[organ_id],
        )
        for organ_id, name_ar, name_fr, code, territory_name, path in organs
    ]
    _scores(rows, weights, previous=False)
    _scores(rows, weights, previous=True)
    by_province: dict[str, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        by_province[row.province_code].append(row)
    for group in by_province.values():
        group.sort(key=lambda r: (-r.score, r.name_ar))
        for rank, row in enumerate(group, start=1):
            row.rank = rank
    rows.sort(key=lambda r: (r.province_code, r.rank))
    return rows


# ---------------------------------------------------------------------------------------------
# Evaluation surveys
# ---------------------------------------------------------------------------------------------

MIN_ANSWERS = 3  # fewer answers in a month are not shown apart: one answer alone would be recognisable


@dataclass
class SurveyMonth:
    period: datetime.date
    answers: int
    average: float | None  # None when fewer than MIN_ANSWERS
    distribution: list[int]  # answers per rating 1..5 (empty when fewer than MIN_ANSWERS)


def survey_results(survey: Survey) -> list[SurveyMonth]:
    """Per month: number of answers, average rating and distribution — one grouped query, no person."""
    rows = (
        SurveyAnswer.objects.filter(survey=survey)
        .values("period")
        .annotate(
            n=Count("pk"),
            **{f"r{i}": Count("pk", filter=Q(rating=i)) for i in range(1, 6)},
        )
        .order_by("period")
    )
    out = []
    for row in rows:
        shown = row["n"] >= MIN_ANSWERS
        total = sum(i * row[f"r{i}"] for i in range(1, 6))
        out.append(
            SurveyMonth(
                period=row["period"],
                answers=row["n"],
                average=round(total / row["n"], 2) if shown else None,
                distribution=[row[f"r{i}"] for i in range(1, 6)] if shown else [],
            )
        )
    return out


def survey_comments(survey: Survey) -> list[dict]:
    """Comments with their month and rating; the signer's name only for signed answers. Months with
    fewer than MIN_ANSWERS answers are held back. Ordered by month then by random id (never by time)."""
    months = {m.period for m in survey_results(survey) if m.average is not None}
    return [
        {
            "period": row["period"],
            "rating": row["rating"],
            "comment": row["comment"],
            "signed_by": row["person__full_name_ar"] or "",
        }
        for row in SurveyAnswer.objects.filter(survey=survey, period__in=months)
        .exclude(comment="")
        .order_by("period", "id")
        .values("period", "rating", "comment", "person__full_name_ar")
    ]
