from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, PaginationBase


class BoundedLimitOffset(LimitOffsetPagination):
    """limit/offset pages whose offset is bounded too: an absurd offset is a 422, not a database error."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=settings.NINJA_PAGINATION_MAX_OFFSET)


class AfterId(PaginationBase):
    """Keyset pages for the large lists (members): `?after=<last id seen>&page_size=…`, in id order.

    The answer gives `next` (the URL of the following page, or null at the end) and `next_after`.
    A page costs the same at the start and at the millionth row, unlike an offset; a row added or
    removed meanwhile never makes a client skip or repeat another one.
    """

    class Input(Schema):
        after: int = Field(0, ge=0, le=2**62, description="the id of the last row already seen (0 to start)")
        page_size: int = Field(100, ge=1, le=500)

    class Output(Schema):
        next: str | None
        next_after: int | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        rows = list(queryset.filter(pk__gt=pagination.after).order_by("pk")[: pagination.page_size + 1])
        more = len(rows) > pagination.page_size
        rows = rows[: pagination.page_size]
        next_after = rows[-1].pk if more else None
        next_url = None
        if next_after is not None:
            query = request.GET.copy()
            query["after"] = str(next_after)
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return {"next": next_url, "next_after": next_after, "results": rows}
