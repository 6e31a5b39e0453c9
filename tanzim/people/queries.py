"""Reads on people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from tanzim.core.text import name_search_key
from tanzim.people.models import Gender, Membership, MemberStatus, Person, RollsCampaign
from tanzim.territory.models import Territory
from tanzim.territory.queries import unit_ids_under


def people_matching(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People whose Arabic or Latin name contains `text`, folded (hamza, accents, spacing)."""
    key = name_search_key(text)
    if not key:
        return people
    return people.filter(Q(name_key_ar__contains=key) | Q(name_key_latin__contains=key))


def enrolment_lookalikes(
    members: QuerySet[Membership], *, full_name_ar: str, home: Territory, birth_year: int | None, cin: str
) -> list[Membership]:
    """Members who may be the person about to be enrolled: the same Arabic name (folded: hamza,
    ta marbuta, spacing) living in the same unit, of the same year of birth when both are known,
    and without a different CIN. `members` is what the user may see: nobody outside it is named."""
    key = name_search_key(full_name_ar)
    if not key:
        return []
    found = members.filter(person__name_key_ar=key, person__home=home)
    if birth_year:
        found = found.filter(Q(person__birth_year=birth_year) | Q(person__birth_year__isnull=True))
    if cin:
        found = found.filter(Q(person__cin=cin) | Q(person__cin=""))
    return list(found.select_related("person").order_by("pk")[:5])


@dataclass(frozen=True)
class Representation:
    """Share of women and of under-35s in a group of people; unknowns are counted, not guessed."""

    total: int
    women: int
    gender_known: int
    under_35: int
    age_known: int
    as_of: datetime.datetime | None = None  # set when the figures come from the cache

    @property
    def women_share(self) -> float | None:
        return round(100 * self.women / self.gender_known, 1) if self.gender_known else None

    @property
    def under_35_share(self) -> float | None:
        return round(100 * self.under_35 / self.age_known, 1) if self.age_known else None


def representation(people: QuerySet[Person], *, on: datetime.date | None = None) -> Representation:
    """Women and under-35 figures for a queryset of people, in one query.

    Under 35 on `on` (today by default) means born in or after the year `on.year - 35`: with only the
    year of birth known, someone born that year may be 34 or 35 — we count them as under 35.
    """
    day = on or timezone.localdate()
    # DISTINCT only when a join can repeat a person (it sorts every row five times: twice the
    # time of the plain counts for a province of 87,000 members).
    distinct = _may_repeat_rows(people)
    figures = people.aggregate(
        total=Count("pk", distinct=distinct),
        women=Count("pk", filter=Q(gender=Gender.FEMALE), distinct=distinct),
        gender_known=Count("pk", filter=~Q(gender=""), distinct=distinct),
        under_35=Count("pk", filter=Q(birth_year__gte=day.year - 35), distinct=distinct),
        age_known=Count("pk", filter=Q(birth_year__isnull=False), distinct=distinct),
    )
    return Representation(**figures)


# Above the commune, active members' figures come from one table of every unit of residence,
# counted in one grouped query (about 1.3 s at a million members) and kept ten minutes in the cache
# the server's workers share: counting a province, a region or the country on each visit took 0.2–1 s
# at a million members, too much for a page opened this often. A commune's are always live.
CACHED_LEVELS = ("country", "region", "province", "prefecture_of_arrondissements")
REPRESENTATION_SECONDS = 600
FIGURES = ("total", "women", "gender_known", "under_35", "age_known")


def active_members_representation(territory: Territory) -> Representation:
    """Figures of the active members living in `territory` and below; above the commune, as of at
    most ten minutes ago (`as_of` says when)."""
    if territory.level not in CACHED_LEVELS:
        return representation(
            Person.objects.filter(
                membership__status=MemberStatus.ACTIVE, home__in=unit_ids_under([territory.path])
            )
        )
    as_of, by_unit = _active_members_by_unit()
    sums = [0] * len(FIGURES)
    for unit_id in unit_ids_under([territory.path]):
        for index, value in enumerate(by_unit.get(unit_id, ())):
            sums[index] += value
    return Representation(*sums, as_of=as_of)


def _active_members_by_unit() -> tuple[datetime.datetime, dict[int, tuple[int, ...]]]:
    """(when counted, {unit id: figures in the order of FIGURES}) for the active members of every
    unit of residence; cached for REPRESENTATION_SECONDS."""
    day = timezone.localdate()
    key = f"tanzim:active-members-by-unit:{day.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows = (
        Person.objects.filter(membership__status=MemberStatus.ACTIVE)
        .order_by()
        .values("home_id")
        .annotate(
            total=Count("pk"),
            women=Count("pk", filter=Q(gender=Gender.FEMALE)),
            gender_known=Count("pk", filter=~Q(gender="")),
            under_35=Count("pk", filter=Q(birth_year__gte=day.year - 35)),
            age_known=Count("pk", filter=Q(birth_year__isnull=False)),
        )
    )
    cached = (timezone.now(), {row["home_id"]: tuple(row[name] for name in FIGURES) for row in rows})
    cache.set(key, cached, REPRESENTATION_SECONDS)
    return cached


def _may_repeat_rows(queryset: QuerySet) -> bool:
    """Does the query join a to-many relation (reverse foreign key, many-to-many)?"""
    for join in queryset.query.alias_map.values():
        field = getattr(join, "join_field", None)
        if field is not None and (field.one_to_many or field.many_to_many):
            return True
    return False


@dataclass
class CampaignProgress:
    organ_id: int | None
    organ_name: str
    total: int
    checked: int
    lapsed: int

    @property
    def share(self) -> float:
        return round(100 * self.checked / self.total, 1) if self.total else 0.0


def campaign_progress(campaign: RollsCampaign, members: QuerySet[Membership]) -> list[CampaignProgress]:
    """Per local organ: members in the campaign's territory, how many were checked since it opened."""
    rows = (
        members.filter(person__home__path__startswith=campaign.organ.territory.path)
        .exclude(status__in=[MemberStatus.RESIGNED, MemberStatus.EXCLUDED])
        .values("local_organ_id", "local_organ__name_ar", "local_organ__name_fr")
        .annotate(
            total=Count("pk"),
            checked=Count("pk", filter=Q(roll_checked_on__gte=campaign.opened_on)),
            lapsed=Count(
                "pk", filter=Q(status=MemberStatus.LAPSED, status_changed_on__gte=campaign.opened_on)
            ),
        )
        .order_by("local_organ__name_ar")
    )
    french = (get_language() or "ar").startswith("fr")
    return [
        CampaignProgress(
            organ_id=row["local_organ_id"],
            organ_name=(
                row["local_organ__name_fr"]
                if french and row["local_organ__name_fr"]
                else row["local_organ__name_ar"]
            )
            or "",
            total=row["total"],
            checked=row["checked"],
            lapsed=row["lapsed"],
        )
        for row in rows
    ]
