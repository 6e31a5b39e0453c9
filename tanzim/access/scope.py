"""Territorial scope: a user sees the territory of each current mandate in a secretariat or a pole
and everything below it.

National staff (Profile.national), superusers and holders of a current mandate in the general
secretariat, the political bureau or a national pole see the whole country. Everything a view or the API reads goes through these helpers, so a
provincial secretary in Taounate never sees Tanger: outside the scope is a 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from tanzim.territory.models import Level, Territory
from tanzim.territory.queries import unit_ids_under

COUNTRY_PATH = "MA/"

# Organs whose office holders manage a territory and so see its records: the secretariats and their
# poles. A seat in a council, an ethics committee, a parliamentary group or a parallel organization
# gives no territorial access (members of a national committee do not read the national roll); those
# roles reach what they need through their own rules (a committee its complaints, for instance).
SCOPE_GIVING_KINDS = (
    "general_secretariat",
    "political_bureau",
    "regional_secretariat",
    "provincial_secretariat",
    "local_secretariat",
    "pole",
)


@dataclass(frozen=True)
class Scope:
    paths: tuple[str, ...]
    # Limited below the user's own scope (an API token issued for one unit): only what lies there,
    # none of what the user sees by other ways (the meetings they are invited to elsewhere).
    narrowed: bool = False

    @property
    def national(self) -> bool:
        return COUNTRY_PATH in self.paths

    @property
    def empty(self) -> bool:
        return not self.paths

    def q(self, path_field: str) -> Q:
        """A filter keeping rows whose `path_field` lies inside the scope (nothing when empty)."""
        if self.national:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        query = Q()
        for path in self.paths:
            query |= Q(**{f"{path_field}__startswith": path})
        return query

    @cached_property
    def territory_ids(self) -> list[int]:
        """Ids of every unit inside the scope (one query on the small territory table, once per scope)."""
        return unit_ids_under(self.paths)

    @cached_property
    def _territory_id_set(self) -> frozenset[int]:
        return frozenset(self.territory_ids)

    def contains_unit(self, unit_id: int | None) -> bool:
        """True when the unit with this id lies inside the scope (no query once the ids are known)."""
        return self.national or (unit_id is not None and unit_id in self._territory_id_set)

    @cached_property
    def serving_person_ids(self) -> list[int]:
        """People holding a mandate in an organ inside the scope (some of them live elsewhere)."""
        from tanzim.organs.models import Mandate

        if not self.paths:
            return []
        serving = Mandate.objects.filter(self.q("organ__territory__path")).values_list("person_id", flat=True)
        return sorted(set(serving))

    def q_unit(self, territory_field: str) -> Q:
        """Like `q`, for a foreign key to a unit, filtered as a list of unit ids.

        For the large tables (people, memberships): PostgreSQL sizes `home_id IN (…)` from its
        statistics on that column and picks the right plan for a commune as for a province, where a
        path prefix reached through a join is a guess — at a million members the guess sent it
        walking the whole name index for a commune of a few hundred members.
        """
        if self.national:
            return Q()
        return Q(**{f"{territory_field}__in": self.territory_ids})

    def contains_path(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.paths)

    def contains(self, territory: Territory) -> bool:
        return self.contains_path(territory.path)

    def on_the_way(self, territory: Territory) -> bool:
        """True for an ancestor of the scope (Morocco, a region above a province), shown as a way in."""
        return any(p.startswith(territory.path) for p in self.paths)


def _compact(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by a shorter one."""
    kept: list[str] = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(sorted(kept))


_PERSON_ID = "_tanzim_person_id"  # the one per-request cache of the user's person, on the user object


def person_id_of(user: User | AnonymousUser) -> int | None:
    """The person behind the account (None for a visitor or an account without one), read once per
    request object: `scope_for` fills the same cache from the profile row it reads anyway."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, _PERSON_ID, False)
    if cached is not False:
        return cached
    from tanzim.access.models import Profile

    person_id = Profile.objects.filter(user=user).values_list("person_id", flat=True).first()
    setattr(user, _PERSON_ID, person_id)
    return person_id


def scope_for(user: User | AnonymousUser, *, today: datetime.date | None = None) -> Scope:
    """The user's territorial scope, computed once per request object (cached on the user)."""
    if not user.is_authenticated:
        return Scope(paths=())
    cached = getattr(user, "_tanzim_scope", None)
    if cached is not None and today is None:
        return cached
    from tanzim.access.models import Profile
    from tanzim.organs.models import Mandate

    # Two columns of the profile, no join: with the person joined, a planner working from stale
    # statistics of this small table (new accounts, autovacuum not there yet) chose a merge join
    # walking the whole people table — seconds per request at a million members.
    row = Profile.objects.filter(user=user).values_list("national", "person_id").first()
    national, person_id = row if row is not None else (False, None)
    setattr(user, _PERSON_ID, person_id)  # the user's person, for the pages' other reads (person_id_of)
    if user.is_superuser or national:
        scope = Scope(paths=(COUNTRY_PATH,))
    elif person_id:
        paths = set(
            Mandate.objects.current(today)
            .filter(person_id=person_id, organ__kind__in=SCOPE_GIVING_KINDS)
            .values_list("organ__territory__path", flat=True)
        )
        scope = Scope(paths=_compact(paths))
    else:
        scope = Scope(paths=())
    if today is None:
        user._tanzim_scope = scope
    return scope


def home_territories(scope: Scope) -> list[Territory]:
    """The top units of a scope (for the home page and navigation)."""
    return list(Territory.objects.filter(path__in=scope.paths).order_by("path"))


__all__ = ["COUNTRY_PATH", "Level", "Scope", "home_territories", "scope_for"]
