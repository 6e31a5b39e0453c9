"""Writes: elected bodies and terms (with the party's incompatibility table), candidate selection
(criteria, eligibility rules, committee, conflicts, scores, decision, appeals) and the
voter-registration drive. Every selection step is in the audit log."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tanzim.access.services import audit_record
from tanzim.elections.models import (
    Body,
    BodyKind,
    Incompatibility,
    Severity,
    Term,
)
from tanzim.people.models import Person
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
            [o for o in ("president", "vice_president", "secretary", "committee_chair", "member")],
        ),
        (
            "second_offices",
            second_offices,
            [o for o in ("president", "vice_president", "secretary", "committee_chair", "member")],
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
