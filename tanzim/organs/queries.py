"""Reads for org charts and "who held what on a date"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from tanzim.core.text import name_search_key
from tanzim.organs.models import KIND_ORDER, ROLE_ORDER, Mandate, Organ
from tanzim.territory.models import Territory


def _by_precedence(mandates: list[Mandate]) -> list[Mandate]:
    return sorted(mandates, key=lambda m: (ROLE_ORDER.get(m.role, 99), m.person.full_name_ar))


def _future(mandate: Mandate, today: datetime.date) -> bool:
    return mandate.effective_start is not None and mandate.effective_start > today


@dataclass
class OrgChart:
    organ: Organ
    current: list[Mandate]
    proposed: list[Mandate]
    past: list[Mandate]
    upcoming: list[Mandate]
    above: list[Organ]
    below: list[Organ] = field(default_factory=list)


def _organs_above(organ: Organ, *, limit: int = 10) -> list[Organ]:
    """The chain of parent organs, nearest first, each with its unit. Parents sit in the units
    above (a province's secretariat under its region's): the organs of those units are read in one
    query, and a parent found elsewhere costs one query more."""
    paths = [*organ.territory.ancestor_paths(), organ.territory.path]
    near = {o.pk: o for o in Organ.objects.select_related("territory").filter(territory__path__in=paths)}
    above: list[Organ] = []
    parent_id = organ.parent_id
    while parent_id is not None and len(above) < limit:
        parent = near.get(parent_id) or Organ.objects.select_related("territory").get(pk=parent_id)
        above.append(parent)
        parent_id = parent.parent_id
    return above


def org_chart(
    organ: Organ, *, visible_organs: QuerySet[Organ], today: datetime.date | None = None
) -> OrgChart:
    """Current, proposed and past office holders of an organ; the chain above; the organs below.

    `visible_organs` is the caller's scoped queryset: organs below outside the scope are left out.
    """
    today = today or timezone.localdate()
    mandates = list(organ.mandates.select_related("person").with_effective_start())
    current_ids = {m.pk for m in mandates if m.is_held_on(today)}
    above = _organs_above(organ)
    current_below = Mandate.objects.current(today).select_related("person")
    below = list(
        visible_organs.filter(parent=organ)
        .select_related("territory")
        .prefetch_related(Prefetch("mandates", queryset=current_below, to_attr="current_mandates"))
        .order_by("territory__path", "kind", "name_ar")
    )
    for child in below:
        child.current_mandates = _by_precedence(child.current_mandates)
    return OrgChart(
        organ=organ,
        current=_by_precedence([m for m in mandates if m.pk in current_ids]),
        proposed=_by_precedence([m for m in mandates if m.is_proposed]),
        past=sorted(
            [m for m in mandates if m.pk not in current_ids and not m.is_proposed and not _future(m, today)],
            key=lambda m: (m.end or today, m.effective_start or today),
            reverse=True,
        ),
        upcoming=_by_precedence([m for m in mandates if not m.is_proposed and _future(m, today)]),
        above=above,
        below=below,
    )


def organs_with_holders(organs: QuerySet[Organ], *, today: datetime.date | None = None) -> list[Organ]:
    """Organs, each with `current_mandates` (people in precedence order), in a fixed number of queries."""
    current = Mandate.objects.current(today).select_related("person")
    result = list(
        organs.select_related("territory", "parent").prefetch_related(
            Prefetch("mandates", queryset=current, to_attr="current_mandates")
        )
    )
    for organ in result:
        organ.current_mandates = _by_precedence(organ.current_mandates)
    return result


def territory_organs(territory: Territory, *, visible_organs: QuerySet[Organ]) -> list[Organ]:
    """The organs of one unit, secretariats first (KIND_ORDER), then by name."""
    organs = organs_with_holders(visible_organs.filter(territory=territory))
    return sorted(organs, key=lambda o: (o.provisional, KIND_ORDER.get(o.kind, 99), o.name_ar))


def mandates_search(
    mandates: QuerySet[Mandate],
    *,
    person: str = "",
    organ_id: int | None = None,
    on: datetime.date | None = None,
) -> QuerySet[Mandate]:
    """Mandates filtered by a person's name (Arabic or Latin, folded), an organ, and a date held."""
    queryset = mandates.select_related("person", "organ", "organ__territory")
    if person:
        key = name_search_key(person)
        queryset = queryset.filter(
            Q(person__name_key_ar__contains=key) | Q(person__name_key_latin__contains=key)
        )
    if organ_id is not None:
        queryset = queryset.filter(organ_id=organ_id)
    if on is not None:
        queryset = queryset.held_on(on)
    return queryset.order_by("organ__territory__path", "organ__name_ar", "role", "pk")
