"""Writes: elected bodies and terms (with the party's incompatibility table), candidate selection
(criteria, eligibility rules, committee, conflicts, scores, decision, appeals) and the
voter-registration drive. Every selection step is in the audit log."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access.services import audit_record
from tanzim.elections.models import (
    Appeal,
    AppealStatus,
    Applicant,
    Body,
    BodyKind,
    Call,
    CallStatus,
    CommitteeSeat,
    Conflict,
    Criterion,
    EligibilityRule,
    Incompatibility,
    Office,
    Outcome,
    RegistrationDeclaration,
    RegistrationPeriod,
    RegistrationTarget,
    RuleKind,
    Score,
    Severity,
    Term,
)
from tanzim.people.models import Membership, Person
from tanzim.territory.models import Level, Territory

# Which level of territory each kind of body sits at.
BODY_LEVELS: dict[str, set[str]] = {
    BodyKind.COMMUNE_COUNCIL: {Level.COMMUNE},
    BodyKind.ARRONDISSEMENT_COUNCIL: {Level.ARRONDISSEMENT},
    BodyKind.PROVINCIAL_COUNCIL: {Level.PROVINCE},
    BodyKind.PREFECTURAL_COUNCIL: {Level.PROVINCE, Level.PREFECTURE_OF_ARRONDISSEMENTS},
    BodyKind.REGIONAL_COUNCIL: {Level.REGION},
    BodyKind.HOUSE_OF_REPRESENTATIVES: {Level.COUNTRY},
    BodyKind.HOUSE_OF_COUNCILLORS: {Level.COUNTRY},
    BodyKind.CHAMBER_COMMERCE: {Level.REGION, Level.COUNTRY},
    BodyKind.CHAMBER_CRAFTS: {Level.REGION, Level.COUNTRY},
    BodyKind.CHAMBER_AGRICULTURE: {Level.REGION, Level.COUNTRY},
    BodyKind.CHAMBER_FISHERIES: {Level.REGION, Level.COUNTRY},
}


def body_get_or_create(
    *, kind: str, territory: Territory, name_ar: str = "", name_fr: str = "", source: str = ""
) -> Body:
    """The body of `kind` at `territory` (one per pair), created when missing."""
    if kind not in BodyKind.values:
        raise ValidationError({"kind": _("Unknown kind of elected body.")})
    if territory.level not in BODY_LEVELS[kind]:
        raise ValidationError(
            {
                "territory": _("A %(kind)s does not sit at this level of territory.")
                % {"kind": BodyKind(kind).label}
            }
        )
    body = Body.objects.filter(kind=kind, territory=territory).first()
    if body is not None:
        return body
    if not name_ar:
        name_ar = f"{BodyKind(kind).label} — {territory.name_ar}"
    body = Body(kind=kind, territory=territory, name_ar=name_ar, name_fr=name_fr, source=source)
    body.full_clean()
    body.save()
    return body


def _overlaps(term: Term) -> Q:
    """Terms whose period meets the period of `term` (open ends run forever)."""
    query = Q()
    if term.start is not None:
        query &= Q(end__isnull=True) | Q(end__gte=term.start)
    if term.end is not None:
        query &= Q(start__isnull=True) | Q(start__lte=term.end)
    return query


def _describe(term: Term) -> str:
    return _("%(office)s of the %(body)s") % {"office": term.office_label, "body": term.body}


def incompatibilities_check(term: Term) -> tuple[list[str], list[str]]:
    """(refusals, warnings) for a new term against the person's other terms over the same period,
    each message naming both terms and the rule."""
    refusals: list[str] = []
    warnings: list[str] = []
    rules = list(Incompatibility.objects.all())
    if not rules:
        return refusals, warnings
    held = Term.objects.filter(person=term.person).filter(_overlaps(term)).select_related("body")
    if term.pk:
        held = held.exclude(pk=term.pk)
    for other in held:
        for rule in rules:
            if rule.applies(term, other):
                message = _("“%(new)s” is incompatible with “%(held)s”, already held (rule: %(rule)s).") % {
                    "new": _describe(term),
                    "held": _describe(other),
                    "rule": rule.name,
                }
                (refusals if rule.severity == Severity.REFUSE else warnings).append(message)
    return refusals, warnings


@transaction.atomic
def term_record(
    *,
    person: Person,
    body: Body,
    office: str,
    by: User | None,
    rank: int | None = None,
    committee: str = "",
    constituency: Territory | None = None,
    elected_on: datetime.date | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    source: str = "",
) -> Term:
    """Record a term. Refused when it breaks a "refuse" incompatibility; recorded with `warnings`
    (messages naming both terms) when it breaks a "warn" one."""
    term = Term(
        person=person,
        body=body,
        office=office,
        rank=rank,
        committee=committee,
        constituency=constituency,
        elected_on=elected_on,
        start=start,
        end=end,
        source=source,
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    if end is not None and start is not None and end < start:
        raise ValidationError({"end": _("The end of the term comes before its start.")})
    if rank is not None and office != "vice_president":
        raise ValidationError({"rank": _("Only vice-presidents have a rank.")})
    term.full_clean()
    refusals, warnings = incompatibilities_check(term)
    if refusals:
        raise ValidationError({"office": refusals})
    term.save()
    term.warnings = warnings
    if by is not None:
        audit_record(
            user=by, action="elections.term_record", target=str(term), term=term.pk, warnings=warnings
        )
    return term


def term_end(*, term: Term, end: datetime.date, by: User | None) -> Term:
    if term.start is not None and end < term.start:
        raise ValidationError({"end": _("The end of the term comes before its start.")})
    term.end = end
    term.save(update_fields=["end"])
    if by is not None:
        audit_record(
            user=by, action="elections.term_end", target=str(term), term=term.pk, end=end.isoformat()
        )
    return term


def incompatibility_add(
    *,
    name_ar: str,
    name_fr: str = "",
    first_kinds: list[str],
    first_offices: list[str],
    second_kinds: list[str],
    second_offices: list[str],
    severity: str,
    by: User | None,
    source: str = "",
) -> Incompatibility:
    for field, values, allowed in (
        ("first_kinds", first_kinds, BodyKind.values),
        ("second_kinds", second_kinds, BodyKind.values),
        (
            "first_offices",
            first_offices,
            Office.values,
        ),
        (
            "second_offices",
            second_offices,
            Office.values,
        ),
    ):
        if any(v not in allowed for v in values):
            raise ValidationError({field: _("Unknown value in this list.")})
    if not name_ar.strip():
        raise ValidationError({"name_ar": _("Name the rule.")})
    if severity not in Severity.values:
        raise ValidationError({"severity": _("Choose refuse or warn.")})
    rule = Incompatibility.objects.create(
        name_ar=name_ar.strip(),
        name_fr=name_fr.strip(),
        first_kinds=first_kinds,
        first_offices=first_offices,
        second_kinds=second_kinds,
        second_offices=second_offices,
        severity=severity,
        source=source,
    )
    if by is not None:
        audit_record(user=by, action="elections.incompatibility_add", target=rule.name_ar, rule=rule.pk)
    return rule


# ---------------------------------------------------------------------------------------------
# Candidate selection


def _open(call: Call) -> None:
    if call.status == CallStatus.DECIDED:
        raise ValidationError({"call": _("The decision on this call is recorded; it can no longer change.")})


def _audit(by: User | None, action: str, call: Call, **detail) -> None:
    if by is not None:
        audit_record(user=by, action=f"elections.{action}", target=str(call), call=call.pk, **detail)


def criterion_add(
    *,
    call: Call,
    name_ar: str,
    weight: Decimal | str,
    by: User | None,
    name_fr: str = "",
    max_score: int = 10,
) -> Criterion:
    _open(call)
    if call.scores_exist():
        raise ValidationError({"weight": _("Scoring has begun: the criteria can no longer change.")})
    try:
        weight = Decimal(str(weight))
    except InvalidOperation:
        raise ValidationError({"weight": _("The weight must be a number.")}) from None
    if weight <= 0:
        raise ValidationError({"weight": _("The weight must be greater than zero.")})
    if not name_ar.strip():
        raise ValidationError({"name_ar": _("Name the criterion.")})
    if max_score < 1:
        raise ValidationError({"max_score": _("The highest score must be at least 1.")})
    criterion = Criterion.objects.create(
        call=call, name_ar=name_ar.strip(), name_fr=name_fr.strip(), weight=weight, max_score=max_score
    )
    _audit(by, "criterion_add", call, criterion=criterion.pk, weight=str(weight), max_score=max_score)
    return criterion


def eligibility_rule_add(*, call: Call, kind: str, value: int, by: User | None) -> EligibilityRule:
    _open(call)
    if kind not in RuleKind.values:
        raise ValidationError({"kind": _("Unknown eligibility rule.")})
    if value < 0:
        raise ValidationError({"value": _("N cannot be negative.")})
    if call.rules.filter(kind=kind).exists():
        raise ValidationError({"kind": _("This rule is already set for the call.")})
    rule = EligibilityRule.objects.create(call=call, kind=kind, value=value)
    _audit(by, "eligibility_rule_add", call, rule=kind, value=value)
    return rule


def committee_seat_add(*, call: Call, person: Person, by: User | None) -> CommitteeSeat:
    _open(call)
    if call.applicants.filter(person=person).exists():
        raise ValidationError({"person": _("An applicant cannot sit on the committee of the same call.")})
    seat, created = CommitteeSeat.objects.get_or_create(call=call, person=person)
    if created:
        _audit(by, "committee_seat_add", call, person=person.pk)
    return seat


def applicant_add(
    *,
    call: Call,
    person: Person,
    by: User | None,
    applied_on: datetime.date | None = None,
    statement: str = "",
    file=None,
    source: str = "",
) -> Applicant:
    """A member applies: only members of the party, once per call, while the call is open."""
    _open(call)
    applied_on = applied_on or timezone.localdate()
    if not Membership.objects.filter(person=person).exists():
        raise ValidationError({"person": _("Only members of the party may apply.")})
    if call.committee.filter(person=person).exists():
        raise ValidationError({"person": _("A committee member cannot apply in the same call.")})
    if call.applicants.filter(person=person).exists():
        raise ValidationError({"person": _("This member has already applied in this call.")})
    if not (call.opens_on <= applied_on <= call.closes_on):
        raise ValidationError({"applied_on": _("Candidacies are received only while the call is open.")})
    applicant = Applicant(call=call, person=person, statement=statement, applied_on=applied_on, source=source)
    if file:
        applicant.file = file
    applicant.save()
    _audit(by, "applicant_add", call, applicant=applicant.pk, person=person.pk)
    return applicant


def conflict_declare(*, seat: CommitteeSeat, applicant: Applicant, reason: str, by: User | None) -> Conflict:
    """A committee member declares a conflict of interest: from then on they cannot score this
    applicant, and any score they gave is withdrawn."""
    _open(seat.call)
    if applicant.call_id != seat.call_id:
        raise ValidationError({"applicant": _("This applicant is not in the committee's call.")})
    if not reason.strip():
        raise ValidationError({"reason": _("State the reason of the conflict of interest.")})
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            seat=seat, applicant=applicant, defaults={"reason": reason.strip()}
        )
        withdrawn = Score.objects.filter(seat=seat, applicant=applicant).delete()[0]
    if created:
        _audit(by, "conflict_declare", seat.call, seat=seat.pk, applicant=applicant.pk, withdrawn=withdrawn)
    return conflict


def score_record(
    *, seat: CommitteeSeat, applicant: Applicant, criterion: Criterion, value: Decimal | str, by: User | None
) -> Score:
    """One committee member's score of one applicant on one criterion (may be changed until the
    decision). Refused to a member who declared a conflict of interest with the applicant."""
    call = seat.call
    _open(call)
    if applicant.call_id != call.pk or criterion.call_id != call.pk:
        raise ValidationError({"applicant": _("This applicant or criterion is not in the committee's call.")})
    if Conflict.objects.filter(seat=seat, applicant=applicant).exists():
        raise ValidationError(
            {
                "applicant": _(
                    "You declared a conflict of interest with this applicant: you cannot score them."
                )
            }
        )
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"value": _("The score must be a number.")}) from None
    if not (0 <= value <= criterion.max_score):
        raise ValidationError(
            {"value": _("The score must be between 0 and %(max)s.") % {"max": criterion.max_score}}
        )
    score, _created = Score.objects.update_or_create(
        seat=seat,
        applicant=applicant,
        criterion=criterion,
        defaults={"value": value, "scored_at": timezone.now()},
    )
    if call.status == CallStatus.OPEN:
        call.status = CallStatus.SCORING
        call.save(update_fields=["status"])
    _audit(
        by,
        "score_record",
        call,
        seat=seat.pk,
        applicant=applicant.pk,
        criterion=criterion.pk,
        value=str(value),
    )
    return score


@transaction.atomic
def call_decide(*, call: Call, reasons: str, by: User | None, on: datetime.date | None = None) -> Call:
    """Record the decision: the ranking as computed (see queries.ranking), the first `seats` eligible
    applicants selected, the reasons; scores become visible to those who see the call."""
    from tanzim.elections.queries import ranking

    _open(call)
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons of the decision.")})
    rows = ranking(call)
    if not rows:
        raise ValidationError({"call": _("No applicant to decide on.")})
    seats = call.constituency.seats
    for row in rows:
        applicant = row.applicant
        applicant.weighted_score = row.score
        applicant.rank = row.rank
        if not row.eligible:
            applicant.outcome = Outcome.INELIGIBLE
        elif row.rank is not None and row.rank <= seats:
            applicant.outcome = Outcome.SELECTED
        else:
            applicant.outcome = Outcome.NOT_SELECTED
        applicant.save(update_fields=["weighted_score", "rank", "outcome"])
    call.status = CallStatus.DECIDED
    call.decided_on = on or timezone.localdate()
    call.decision_reasons = reasons.strip()
    call.decided_by = by if by is not None and by.is_authenticated else None
    call.save(update_fields=["status", "decided_on", "decision_reasons", "decided_by"])
    _audit(
        by,
        "call_decide",
        call,
        ranking=[[row.applicant.pk, row.rank, str(row.score), row.applicant.outcome] for row in rows],
    )
    return call


def appeal_file(
    *, applicant: Applicant, grounds: str, by: User | None, on: datetime.date | None = None
) -> Appeal:
    """An appeal against the decision, to the call's arbitration committee (after the decision only)."""
    call = applicant.call
    if call.status != CallStatus.DECIDED:
        raise ValidationError({"applicant": _("An appeal can be filed only against a recorded decision.")})
    if not grounds.strip():
        raise ValidationError({"grounds": _("State the grounds of the appeal.")})
    if applicant.appeals.filter(status=AppealStatus.FILED).exists():
        raise ValidationError({"applicant": _("An appeal of this applicant is already pending.")})
    appeal = Appeal.objects.create(
        applicant=applicant,
        committee=call.arbitration,
        grounds=grounds.strip(),
        filed_on=on or timezone.localdate(),
        filed_by=by if by is not None and by.is_authenticated else None,
    )
    _audit(by, "appeal_file", call, appeal=appeal.pk, applicant=applicant.pk, committee=call.arbitration_id)
    return appeal


def appeal_rule(*, appeal: Appeal, status: str, ruling: str, by: User | None) -> Appeal:
    if appeal.status != AppealStatus.FILED:
        raise ValidationError({"status": _("This appeal has already been ruled on.")})
    if status not in (AppealStatus.UPHELD, AppealStatus.REJECTED):
        raise ValidationError({"status": _("Choose upheld or rejected.")})
    if not ruling.strip():
        raise ValidationError({"ruling": _("Write the ruling.")})
    appeal.status = status
    appeal.ruling = ruling.strip()
    appeal.ruled_on = timezone.localdate()
    appeal.save(update_fields=["status", "ruling", "ruled_on"])
    _audit(by, "appeal_rule", appeal.applicant.call, appeal=appeal.pk, status=status)
    return appeal


# ---------------------------------------------------------------------------------------------
# Voter registration


REGISTRATION_LEVELS = (Level.COMMUNE, Level.ARRONDISSEMENT)


def registration_period_set(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    by: User | None,
    remind_days: int = 7,
    note: str = "",
    source: str = "",
) -> RegistrationPeriod:
    """The official registration period (national level)."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period ends before it starts.")})
    if not 0 <= remind_days <= 60:
        raise ValidationError({"remind_days": _("Remind between 0 and 60 days before the end.")})
    period, _created = RegistrationPeriod.objects.update_or_create(
        starts_on=starts_on,
        defaults={
            "ends_on": ends_on,
            "remind_days": remind_days,
            "note": note,
            "source": source,
            "entered_by": by if by is not None and by.is_authenticated else None,
        },
    )
    if by is not None:
        audit_record(
            user=by, action="elections.registration_period_set", target=str(period), period=period.pk
        )
    return period


def registration_target_set(
    *, territory: Territory, target: int, by: User | None, source: str = ""
) -> RegistrationTarget:
    if territory.level not in REGISTRATION_LEVELS:
        raise ValidationError({"territory": _("Targets are set per commune or arrondissement.")})
    if target < 0:
        raise ValidationError({"target": _("The target cannot be negative.")})
    found, _created = RegistrationTarget.objects.update_or_create(
        territory=territory,
        defaults={
            "target": target,
            "set_by": by if by is not None and by.is_authenticated else None,
            "source": source,
        },
    )
    if by is not None:
        audit_record(user=by, action="elections.registration_target_set", target=territory.code, value=target)
    return found


def registration_declare(
    *,
    person: Person,
    registered_since: datetime.date,
    by: User | None,
    by_member: bool,
    source: str = "",
) -> RegistrationDeclaration:
    """ "I am registered on the electoral lists since <date>": by the member, or recorded by the
    local secretary. A second declaration replaces the first."""
    if not Membership.objects.filter(person=person).exists():
        raise ValidationError({"person": _("Only members declare their registration here.")})
    if registered_since > timezone.localdate():
        raise ValidationError({"registered_since": _("The registration date cannot be in the future.")})
    declaration, _created = RegistrationDeclaration.objects.update_or_create(
        person=person,
        defaults={
            "registered_since": registered_since,
            "declared_at": timezone.now(),
            "by_member": by_member,
            "recorded_by": by if by is not None and by.is_authenticated else None,
            "source": source,
        },
    )
    if by is not None:
        audit_record(
            user=by,
            action="elections.registration_declare",
            target=str(person),
            person=person.pk,
            by_member=by_member,
        )
    return declaration


def registration_remind(*, today: datetime.date | None = None) -> int:
    """Remind the local secretaries, N days before the end of the official period, of the deadline
    and of their unit's progress (in-app notice). Each secretary is reminded once per period and
    unit, so running it again sends nothing new. Returns the number of reminders sent."""
    from tanzim.elections.models import RegistrationReminder
    from tanzim.elections.queries import registration_progress
    from tanzim.meetings.queries import SECRETARY_ROLES
    from tanzim.organs.models import Mandate, OrganKind, OrganStatus
    from tanzim.press.models import InboxKind, InboxMessage

    today = today or timezone.localdate()
    sent = 0
    for period in RegistrationPeriod.objects.filter(starts_on__lte=today, ends_on__gte=today):
        if (period.ends_on - today).days > period.remind_days:
            continue
        mandates = (
            Mandate.objects.held_on(today)
            .filter(organ__kind=OrganKind.LOCAL_SECRETARIAT, role__in=SECRETARY_ROLES)
            .exclude(organ__status=OrganStatus.DISSOLVED)
            .select_related("organ__territory", "person")
            .order_by("organ__territory__path", "pk")
        )
        for mandate in mandates:
            territory = mandate.organ.territory
            if RegistrationReminder.objects.filter(
                period=period, person=mandate.person, territory=territory
            ).exists():
                continue
            rows = registration_progress(territory)
            declared = sum(row.declared for row in rows)
            target = sum(row.target for row in rows)
            day = f"{period.ends_on:%d/%m/%Y}"
            with transaction.atomic():
                InboxMessage.objects.create(
                    person=mandate.person,
                    kind=InboxKind.REMINDER,
                    subject_ar=(
                        f"تذكير: تنتهي فترة التسجيل في اللوائح الانتخابية يوم {day} — {territory.name_ar}: "
                        f"{declared} مسجلا من أصل {target}"
                    ),
                    subject_fr=(
                        f"Rappel : l'inscription sur les listes électorales se termine le {day} — "
                        f"{territory.name_fr or territory.name_ar} : {declared} inscrits sur {target}"
                    ),
                    url=f"/elections/registration/{territory.code}/",
                )
                RegistrationReminder.objects.create(period=period, person=mandate.person, territory=territory)
            sent += 1
    return sent


def election_create(
    *,
    name_ar: str,
    kind: str,
    body_kind: str,
    by: User | None,
    name_fr: str = "",
    polling_day=None,
    source: str = "",
):
    from tanzim.elections.models import Election, ElectionKind

    if not name_ar.strip():
        raise ValidationError({"name_ar": _("Name the election.")})
    if kind not in ElectionKind.values:
        raise ValidationError({"kind": _("Unknown kind of election.")})
    if body_kind not in BodyKind.values:
        raise ValidationError({"body_kind": _("Unknown kind of elected body.")})
    election = Election.objects.create(
        name_ar=name_ar.strip(),
        name_fr=name_fr.strip(),
        kind=kind,
        body_kind=body_kind,
        polling_day=polling_day,
        source=source,
    )
    if by is not None:
        audit_record(
            user=by, action="elections.election_create", target=election.name_ar, election=election.pk
        )
    return election


def call_open(
    *,
    election,
    territory: Territory,
    constituency_name_ar: str,
    seats: int,
    list_kind: str,
    organ,
    arbitration,
    opens_on: datetime.date,
    closes_on: datetime.date,
    by: User | None,
    constituency_name_fr: str = "",
) -> Call:
    """Open a call for candidacies in a constituency (created with it), run by `organ`; appeals go
    to `arbitration`, an arbitration and ethics committee."""
    from tanzim.elections.models import Constituency, ListKind
    from tanzim.organs.models import OrganKind

    if not territory.is_within(organ.territory):
        raise ValidationError(
            {"territory": _("The constituency must lie within the territory of the responsible organ.")}
        )
    if arbitration.kind != OrganKind.ETHICS_COMMITTEE:
        raise ValidationError({"arbitration": _("Appeals go to an arbitration and ethics committee.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The call closes before it opens.")})
    if seats < 1:
        raise ValidationError({"seats": _("A constituency has at least one seat.")})
    if list_kind not in ListKind.values:
        raise ValidationError({"list_kind": _("Unknown kind of list.")})
    with transaction.atomic():
        constituency = Constituency.objects.create(
            election=election,
            territory=territory,
            name_ar=constituency_name_ar.strip() or territory.name_ar,
            name_fr=constituency_name_fr.strip() or territory.name_fr,
            seats=seats,
            list_kind=list_kind,
        )
        call = Call.objects.create(
            constituency=constituency,
            organ=organ,
            arbitration=arbitration,
            opens_on=opens_on,
            closes_on=closes_on,
        )
    _audit(by, "call_open", call, organ=organ.pk, arbitration=arbitration.pk)
    return call
