"""Reads on the territory: resolving names people write, counts and populations for pages."""

from __future__ import annotations

import bisect
import time
from collections.abc import Sequence
from functools import lru_cache

from django.db.models import Count, Q, Sum
from rapidfuzz import fuzz, process

from tanzim.territory.models import LEVEL_RANK, Level, Territory, TerritoryAlias
from tanzim.territory.names import split_name

FUZZY_CUTOFF = 88


@lru_cache(maxsize=1)
def _alias_index() -> tuple[list[str], list[int], dict[int, tuple[str, str]]]:
    """All alias keys with their territory ids, and each territory's (level, path), for fuzzy matching."""
    rows = list(
        TerritoryAlias.objects.values_list("key", "territory_id", "territory__level", "territory__path")
    )
    return [r[0] for r in rows], [r[1] for r in rows], {r[1]: (r[2], r[3]) for r in rows}


def forget_alias_cache() -> None:
    _alias_index.cache_clear()


def _ordered(territories: list[Territory]) -> list[Territory]:
    return sorted(territories, key=lambda t: (LEVEL_RANK[Level(t.level)], t.code))


def territory_resolve(
    text: str,
    *,
    levels: Sequence[str] | None = None,
    within: Territory | None = None,
    fuzzy: bool = True,
) -> list[Territory]:
    """Units whose Arabic or French name (or a known alias) is `text`, best level first.

    Accepts administrative prefixes ("إقليم تاونات", "Préfecture de Fès", "جماعة …"), which also
    narrow the level, and ignores case, accents, diacritics, hamza forms, hyphens and spacing.
    When nothing matches exactly, close spellings (similarity ≥ 88/100) are returned instead.
    """
    hinted, key = split_name(text)
    if not key:
        return []
    wanted_levels = tuple(levels) if levels else hinted
    queryset = Territory.objects.filter(aliases__key=key).distinct()
    if wanted_levels:
        queryset = queryset.filter(level__in=wanted_levels)
    if within is not None:
        queryset = queryset.within(within)
    found = list(queryset)
    if found or not fuzzy:
        return _ordered(found)

    keys, territory_ids, unit_of = _alias_index()
    allowed = [
        i
        for i, tid in enumerate(territory_ids)
        if (not wanted_levels or unit_of[tid][0] in wanted_levels)
        and (within is None or unit_of[tid][1].startswith(within.path))
    ]
    matches = process.extract(
        key, {i: keys[i] for i in allowed}, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=10
    )
    if not matches:
        return []
    best = max(score for _, score, _ in matches)
    ids = {territory_ids[i] for _, score, i in matches if score == best}
    return _ordered(list(Territory.objects.filter(pk__in=ids)))


# The paths of every unit (a few thousand rows) kept in each process: every request of a scoped
# user turns its scope into unit ids, and a query for it cost more than the rest of the scope.
# Only `territory_load` changes the tree (the admin shows paths and parents read-only): it forgets
# the index of its own process, and other processes read the tree again after UNIT_INDEX_SECONDS
# (docs/operations.md: restart the server after loading new territorial data).
UNIT_INDEX_SECONDS = 600.0
_unit_index: tuple[float, list[str], list[int]] | None = None


def _units_by_path() -> tuple[list[str], list[int]]:
    """(paths in order, ids in the same order) of every unit."""
    global _unit_index
    now = time.monotonic()
    if _unit_index is None or now - _unit_index[0] > UNIT_INDEX_SECONDS:
        rows = sorted(Territory.objects.values_list("path", "pk"))  # Python's order, not a collation's
        _unit_index = (now, [path for path, _pk in rows], [pk for _path, pk in rows])
    return _unit_index[1], _unit_index[2]


def forget_unit_index() -> None:
    global _unit_index
    _unit_index = None


def unit_ids_under(paths: Sequence[str]) -> list[int]:
    """Ids of the units at or below any of `paths`, in id order (to filter a large table by
    `…_id IN (…)`). Paths end with "/", so the units below one are a run of the sorted paths."""
    if not paths:
        return []
    all_paths, all_ids = _units_by_path()
    ids: set[int] = set()
    for path in paths:
        start = bisect.bisect_left(all_paths, path)
        end = start
        while end < len(all_paths) and all_paths[end].startswith(path):
            end += 1
        ids.update(all_ids[start:end])
    return sorted(ids)


def territory_resolve_one(text: str, **kwargs) -> Territory | None:
    """The single unit `text` names, or None when it names none or several of the same rank."""
    found = territory_resolve(text, **kwargs)
    if not found:
        return None
    if len(found) > 1 and LEVEL_RANK[Level(found[0].level)] == LEVEL_RANK[Level(found[1].level)]:
        return None
    return found[0]


def children_with_counts(territory: Territory, *, restrict: Q | None = None) -> list[Territory]:
    """Children of a unit, each annotated with `commune_count` (communes below it)."""
    children = Territory.objects.filter(parent=territory)
    if restrict is not None:
        children = children.filter(restrict)
    children = list(children.order_by("name_ar"))
    if not children or territory.level not in (Level.COUNTRY, Level.REGION):
        return children
    counts = dict(
        Territory.objects.communes()
        .filter(path__startswith=territory.path)
        .values_list("parent__path" if territory.level == Level.REGION else "parent__parent__path")
        .annotate(n=Count("pk"))
        .values_list("parent__path" if territory.level == Level.REGION else "parent__parent__path", "n")
    )
    for child in children:
        child.commune_count = counts.get(child.path, 0)
    return children


def level_totals(territory: Territory) -> dict[str, dict[str, int]]:
    """Counts and population by level below a unit (communes split urban/rural)."""
    rows = (
        Territory.objects.below(territory)
        .values("level", "kind")
        .annotate(n=Count("pk"), population=Sum("population_2024"))
    )
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        entry = totals.setdefault(row["level"], {"count": 0, "population": 0})
        entry["count"] += row["n"]
        if row["level"] != Level.ARRONDISSEMENT:
            entry["population"] += row["population"] or 0
        if row["level"] == Level.COMMUNE:
            entry[row["kind"] or "unknown"] = row["n"]
    return totals
