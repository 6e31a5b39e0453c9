"""Pages of the large lists (the roll, people) that stay fast at a million rows.

Two costs grow with a territory in Django's plain pagination: the exact count of every row before
the first page, and fetching whole rows (joined to their commune and organ) only to skip most of
them. Here the count stops at `COUNT_CAP` (the page then says "more than …"), and a page is read in
two steps: first the keys of its rows in order — a narrow query PostgreSQL answers from an index
alone —, then those rows only.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

COUNT_CAP = 2000  # rows counted at most: 40 pages of 50


class CappedPaginator(Paginator):
    """A paginator counting at most `cap` rows; `capped` tells the template there are more."""

    def __init__(self, object_list, per_page: int, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        if isinstance(self.object_list, QuerySet):
            # Unordered: a sorted LIMIT would walk the name order to find the scope's rows.
            return self.object_list.order_by()[: self.cap + 1].count()
        return len(self.object_list)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


def keyed_page(
    rows: QuerySet, *, order: Sequence[str], key: str, number, per_page: int, cap: int | None = None
) -> Page:
    """Page `number` of `rows` sorted by `order`, read as keys first (`key`: a unique column, the
    last of `order` as a tie-break), then the page's rows with whatever `rows` selects and joins."""
    keys_in_order = rows.order_by(*order).values_list(key, flat=True)
    return rows_for_page(CappedPaginator(keys_in_order, per_page, cap=cap).get_page(number), rows, key=key)


def rows_for_page(page: Page, rows: QuerySet, *, key: str) -> Page:
    """`page` of keys turned into the rows of `rows` with those keys, in the page's order."""
    keys = list(page.object_list)
    by_key = {getattr(row, key): row for row in rows.order_by().filter(**{f"{key}__in": keys})}
    page.object_list = [by_key[k] for k in keys if k in by_key]
    return page
