"""Reads for elected officials, candidate selection and the voter-registration drive."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from tanzim.access.scope import person_id_of as _person_id
from tanzim.access.scope import scope_for
from tanzim.elections.models import (
    PARLIAMENT_KINDS,
    Appeal,
    Applicant,
    Body,
    Call,
    CallStatus,
    CommitteeSeat,
    Conflict,
    Criterion,
    EligibilityRule,
    RegistrationDeclaration,
    RegistrationPeriod,
    RegistrationTarget,
    RuleKind,
    Score,
    Term,
)
from tanzim.organs.models import Mandate, OrganKind
from tanzim.people.models import Dues, Gender, Membership, MemberStatus, Person
from tanzim.territory.models import Level, Territory


def province_of(territory: Territory) -> Territory:
    """The province or prefecture a unit lies in (itself when it is one; regions and the country
    stay themselves)."""
    if territory.level == Level.PROVINCE:
        return territory
    if territory.level in (Level.COUNTRY, Level.REGION):
        return territory
    for ancestor in reversed(territory.ancestors()):
        if ancestor.level == Level.PROVINCE:
            return ancestor
    return territory


def _containing_paths(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def parliamentarian_terms(territory: Territory, *, on: datetime.date | None = None) -> QuerySet[Term]:
    """Current terms in the House of Representatives or of Councillors whose constituency contains,
    or lies inside, the province or prefecture of `territory`."""
    unit = province_of(territory)
    return (
        Term.objects.held_on(on or timezone.localdate())
        .filter(body__kind__in=PARLIAMENT_KINDS, constituency__isnull=False)
        .filter(
            Q(constituency__path__startswith=unit.path)
            | Q(constituency__path__in=_containing_paths(unit.path))
        )
    )


def parliamentarians_for(territory: Territory, *, on: datetime.date | None = None) -> QuerySet[Person]:
    """The party's parliamentarians for a territory (casework routes citizens' files to them)."""
    return Person.objects.filter(pk__in=parliamentarian_terms(territory, on=on).values("person_id"))


def elected_officials_in(territory: Territory, *, on: datetime.date | None = None) -> QuerySet[Person]:
    """People holding a current term in a body or a constituency inside `territory`, or attached there."""
    terms = Term.objects.held_on(on or timezone.localdate()).of(territory)
    return Person.objects.filter(pk__in=terms.values("person_id"))


# ---------------------------------------------------------------------------------------------
# Scoped reads (outside the user's territory → 404)


def terms_visible(user) -> QuerySet[Term]:
    """Terms of bodies, or constituencies, inside the user's scope."""
    scope = scope_for(user)
    if scope.national:
        return Term.objects.all()
    if scope.empty:
        return Term.objects.none()
    return Term.objects.filter(scope.q("body__territory__path") | scope.q("constituency__path"))


def bodies_visible(user) -> QuerySet[Body]:
    """Bodies inside the scope, and bodies above it with a term elected inside it (the House of
    Representatives for Taounate's representative)."""
    scope = scope_for(user)
    if scope.national:
        return Body.objects.all()
    if scope.empty:
        return Body.objects.none()
    return Body.objects.filter(scope.q("territory__path") | Q(pk__in=terms_visible(user).values("body_id")))


def body_for_user(user, body_id: int) -> Body:
    body = bodies_visible(user).select_related("territory").filter(pk=body_id).first()
    if body is None:
        raise Http404
    return body


def term_for_user(user, term_id: int) -> Term:
    term = terms_visible(user).select_related("person", "body", "body__territory").filter(pk=term_id).first()
    if term is None:
        raise Http404
    return term


def calls_visible(user) -> QuerySet[Call]:
    """Calls of a constituency or a responsible organ inside the scope, and calls whose committee
    the user sits on or whose appeals go to an arbitration committee the user is a member of."""
    scope = scope_for(user)
    if scope.national:
        return Call.objects.all()
    query = (
        scope.q("constituency__territory__path") | scope.q("organ__territory__path")
        if not scope.empty
        else Q(pk__in=[])
    )
    person_id = _person_id(user)
    if person_id:
        query |= Q(committee__person_id=person_id)
        arbitration = Mandate.objects.current().filter(person_id=person_id).values("organ_id")
        query |= Q(arbitration_id__in=arbitration)
    return Call.objects.filter(query).distinct()


def call_for_user(user, call_id: int) -> Call:
    """The call, with `managed` (the user may set it up and record the decision), `seat` (the user's
    committee seat, if any) and `scores_visible` (committee members, and everyone after the decision)."""
    call = (
        calls_visible(user)
        .select_related(
            "constituency", "constituency__election", "constituency__territory", "organ", "arbitration"
        )
        .filter(pk=call_id)
        .first()
    )
    if call is None:
        raise Http404
    _annotate_call(user, call)
    return call


def _annotate_call(user, call: Call) -> None:
    scope = scope_for(user)
    person_id = _person_id(user)
    call.managed = scope.contains(call.organ.territory)
    call.seat = CommitteeSeat.objects.filter(call=call, person_id=person_id).first() if person_id else None
    call.scores_visible = scores_visible(user, call, seat=call.seat)
    call.arbitrates = scope.national or (
        person_id is not None
        and Mandate.objects.current().filter(person_id=person_id, organ=call.arbitration).exists()
    )


def scores_visible(user, call: Call, *, seat: CommitteeSeat | None = None) -> bool:
    """Scores are for the committee until the decision is recorded; then for all who see the call."""
    if call.status == CallStatus.DECIDED:
        return True
    if seat is not None:
        return True
    person_id = _person_id(user)
    return person_id is not None and CommitteeSeat.objects.filter(call=call, person_id=person_id).exists()


def applicant_for_user(user, applicant_id: int) -> Applicant:
    applicant = (
        Applicant.objects.filter(call__in=calls_visible(user))
        .select_related("person", "person__membership", "call")
        .filter(pk=applicant_id)
        .first()
    )
    if applicant is None:
        raise Http404
    applicant.call = call_for_user(user, applicant.call_id)
    return applicant


def appeal_for_user(user, appeal_id: int) -> Appeal:
    appeal = (
        Appeal.objects.filter(applicant__call__in=calls_visible(user))
        .select_related("applicant", "applicant__person", "committee")
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise Http404
    appeal.applicant.call = call_for_user(user, appeal.applicant.call_id)
    return appeal


# ---------------------------------------------------------------------------------------------
# Eligibility and ranking


@dataclass
class RuleResult:
    rule: EligibilityRule
    passed: bool
    detail: str


def _years(start: datetime.date, end: datetime.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def prior_terms_count(person: Person, body_kind: str, *, before: datetime.date) -> int:
    """Terms in bodies of `body_kind` begun before a day; for the houses of parliament, mandates in
    the party's group of that house count too (the larger of the two counts, as they may be the
    same seat recorded twice)."""
    terms = Term.objects.filter(person=person, body__kind=body_kind).filter(
        Q(start__isnull=True) | Q(start__lt=before)
    )
    count = terms.count()
    if body_kind in PARLIAMENT_KINDS:
        mandates = (
            Mandate.objects.with_effective_start()
            .filter(person=person, organ__kind=OrganKind.PARLIAMENTARY_GROUP, organ__chamber=body_kind)
            .filter(effective_start__lt=before)
            .count()
        )
        count = max(count, mandates)
    return count


def eligibility(applicant: Applicant, rules: list[EligibilityRule] | None = None) -> list[RuleResult]:
    """Each rule of the call evaluated from the records (membership, dues, terms, gender, birth year)."""
    call = applicant.call
    person = applicant.person
    membership = Membership.objects.filter(person=person).first()
    election = call.constituency.election
    on = call.closes_on
    year = (election.polling_day or on).year
    results = []
    for rule in rules if rules is not None else list(call.rules.all()):
        n = rule.value
        if rule.kind == RuleKind.ACTIVE_MEMBER:
            passed = membership is not None and membership.status == MemberStatus.ACTIVE
            detail = str(membership.get_status_display()) if membership else gettext("not a member")
        elif rule.kind == RuleKind.MIN_SENIORITY:
            if membership is None or membership.joined_on is None:
                passed, detail = False, gettext("joining date not recorded")
            else:
                years = _years(membership.joined_on, on)
                passed = years >= n
                detail = gettext("member since %(day)s: %(years)s full years") % {
                    "day": membership.joined_on.isoformat(),
                    "years": years,
                }
        elif rule.kind == RuleKind.MIN_DUES_YEARS:
            wanted = list(range(on.year - n, on.year))
            paid = set(
                Dues.objects.filter(membership=membership, year__in=wanted).values_list("year", flat=True)
                if membership
                else []
            )
            missing = [y for y in wanted if y not in paid]
            passed = not missing
            detail = gettext("paid: %(paid)s; missing: %(missing)s") % {
                "paid": ", ".join(str(y) for y in sorted(paid)) or "—",
                "missing": ", ".join(str(y) for y in missing) or "—",
            }
        elif rule.kind == RuleKind.MAX_PRIOR_TERMS:
            count = prior_terms_count(person, election.body_kind, before=call.opens_on)
            passed = count <= n
            detail = gettext("%(count)s prior terms") % {"count": count}
        elif rule.kind == RuleKind.WOMAN:
            passed = person.gender == Gender.FEMALE
            detail = str(person.get_gender_display())
        elif rule.kind == RuleKind.MAX_AGE:
            if person.birth_year is None:
                passed, detail = False, gettext("year of birth not recorded")
            else:
                age = year - person.birth_year
                passed = age <= n
                detail = gettext("%(age)s years old in %(year)s") % {"age": age, "year": year}
        else:  # pragma: no cover - the choices are closed
            passed, detail = False, ""
        results.append(RuleResult(rule=rule, passed=passed, detail=detail))
    return results


TWO_PLACES = Decimal("0.01")


@dataclass
class CriterionLine:
    criterion: Criterion
    scores: list[Decimal]
    mean: Decimal | None  # rounded to 2 places; None when nobody scored

    @property
    def product(self) -> Decimal:
        return (self.criterion.weight * (self.mean or Decimal(0))).quantize(TWO_PLACES, ROUND_HALF_UP)


@dataclass
class RankRow:
    applicant: Applicant
    results: list[RuleResult]
    lines: list[CriterionLine]
    score: Decimal
    rank: int | None = None
    blocked: list[Person] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def passed_count(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def complete(self) -> bool:
        return all(line.mean is not None for line in self.lines)

    @property
    def formula(self) -> str:
        """ "3.00 × 8.00 + 2.00 × 6.50 = 37.00" — the published formula with this applicant's numbers."""
        terms = " + ".join(
            f"{line.criterion.weight} × {line.mean if line.mean is not None else '0.00'}"
            for line in self.lines
        )
        return f"{terms or '0'} = {self.score}"


def ranking(call: Call) -> list[RankRow]:
    """S(applicant) = Σ over criteria of weight × mean of the committee's scores (each mean rounded
    to 2 places; members with a declared conflict never score). Eligible applicants are ranked by S,
    highest first; ties go to the earlier application. Ineligible applicants are listed unranked."""
    criteria = list(call.criteria.all())
    rules = list(call.rules.all())
    applicants = list(call.applicants.select_related("person", "call", "call__constituency__election"))
    conflicts: dict[int, list[Person]] = {}
    for conflict in Conflict.objects.filter(applicant__call=call).select_related("seat__person"):
        conflicts.setdefault(conflict.applicant_id, []).append(conflict.seat.person)
    conflicted = set(Conflict.objects.filter(applicant__call=call).values_list("seat_id", "applicant_id"))
    by_pair: dict[tuple[int, int], list[Decimal]] = {}
    for score in Score.objects.filter(applicant__call=call):
        if (score.seat_id, score.applicant_id) in conflicted:
            continue
        by_pair.setdefault((score.applicant_id, score.criterion_id), []).append(score.value)
    rows = []
    for applicant in applicants:
        lines = []
        for criterion in criteria:
            values = by_pair.get((applicant.pk, criterion.pk), [])
            mean = (sum(values) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP) if values else None
            lines.append(CriterionLine(criterion=criterion, scores=values, mean=mean))
        score = sum((line.product for line in lines), Decimal("0.00")).quantize(TWO_PLACES)
        rows.append(
            RankRow(
                applicant=applicant,
                results=eligibility(applicant, rules),
                lines=lines,
                score=score,
                blocked=conflicts.get(applicant.pk, []),
            )
        )
    eligible = sorted(
        (r for r in rows if r.eligible), key=lambda r: (-r.score, r.applicant.applied_on, r.applicant.pk)
    )
    for position, row in enumerate(eligible, start=1):
        row.rank = position
    return eligible + [r for r in rows if not r.eligible]


# ---------------------------------------------------------------------------------------------
# Voter registration


def registration_period_current(today: datetime.date | None = None) -> RegistrationPeriod | None:
    """The period in course, else the next one, else the last one."""
    today = today or timezone.localdate()
    periods = RegistrationPeriod.objects.all()
    return (
        periods.filter(starts_on__lte=today, ends_on__gte=today).first()
        or periods.filter(starts_on__gt=today).order_by("starts_on").first()
        or periods.order_by("-ends_on").first()
    )


@dataclass
class ProgressRow:
    unit: Territory
    target: int = 0
    members: int = 0
    declared: int = 0

    @property
    def share(self) -> float | None:
        return self.declared / self.target if self.target else None

    @property
    def percent(self) -> int | None:
        return round(100 * self.share) if self.share is not None else None


def registration_units(territory: Territory) -> QuerySet[Territory]:
    """Communes and arrondissements within a unit where targets are set (a commune divided into
    arrondissements counts through its arrondissements)."""
    divided = Territory.objects.filter(level=Level.ARRONDISSEMENT).values("parent_id")
    units = Territory.objects.within(territory).filter(level__in=[Level.COMMUNE, Level.ARRONDISSEMENT])
    return units.exclude(level=Level.COMMUNE, pk__in=divided)


def registration_progress(territory: Territory) -> list[ProgressRow]:
    """Per row: the target, the active members and the members who declared their registration.
    Rows are provinces for the country and a region, communes/arrondissements below."""
    if territory.level in (Level.COUNTRY, Level.REGION):
        rows_units = list(Territory.objects.within(territory).filter(level=Level.PROVINCE).order_by("path"))
    else:
        rows_units = list(registration_units(territory).order_by("path"))
    rows = {unit.path: ProgressRow(unit=unit) for unit in rows_units}

    def row_for(path: str) -> ProgressRow | None:
        for row_path, row in rows.items():
            if path.startswith(row_path):
                return row
        return None

    for path, target in RegistrationTarget.objects.filter(
        territory__path__startswith=territory.path
    ).values_list("territory__path", "target"):
        row = row_for(path)
        if row:
            row.target += target
    members = (
        Membership.objects.active()
        .filter(person__home__path__startswith=territory.path)
        .values("person__home__path")
        .annotate(n=Count("pk"))
    )
    for item in members:
        row = row_for(item["person__home__path"])
        if row:
            row.members += item["n"]
    declared = (
        RegistrationDeclaration.objects.filter(person__home__path__startswith=territory.path)
        .values("person__home__path")
        .annotate(n=Count("pk"))
    )
    for item in declared:
        row = row_for(item["person__home__path"])
        if row:
            row.declared += item["n"]
    return list(rows.values())
