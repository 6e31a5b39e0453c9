"""Reads for elected officials, candidate selection and the voter-registration drive."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from tanzim.elections.models import PARLIAMENT_KINDS, Term
from tanzim.people.models import Person
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
    """People holding a current term in a body inside `territory`, or elected in a constituency inside it."""
    terms = Term.objects.held_on(on or timezone.localdate()).within(territory)
    return Person.objects.filter(pk__in=terms.values("person_id"))
