"""The JSON API, first cut: territories, organs, mandates — scoped exactly like the pages."""

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from tanzim.access.queries import mandates_visible, organs_visible, territories_visible
from tanzim.access.services import audit_record
from tanzim.api.auth import api_auth
from tanzim.api.pagination import BoundedLimitOffset
from tanzim.api.schemas import ErrorOut, MandateOut, OrganOut, TerritoryOut, ValidationErrorOut
from tanzim.organs.models import OrganKind
from tanzim.organs.queries import mandates_search
from tanzim.territory.models import Level
from tanzim.territory.queries import territory_resolve

# Every operation documents its error answers: 401 without valid credentials, 403 for a token
# limited to other resources, 404 outside the caller's territory (or absent), 422 for a malformed
# parameter. Bodies: {"detail": …}.
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}

api = NinjaAPI(
    title="Tanzim API",
    version="1",
    description="Territory, organs, mandates, members, meetings, directives and communiqués of the party, scoped to the caller's territory.",
    auth=api_auth,
    urls_namespace="api",
)


class TerritoryFilters(Schema):
    level: Level | None = None
    parent: str | None = None
    name: str | None = None


@api.get("/territories", response={200: list[TerritoryOut], **ERRORS}, tags=["territory"])
@paginate(BoundedLimitOffset)
def territory_list(request: HttpRequest, filters: Query[TerritoryFilters]):
    """Units inside the caller's scope. `name` accepts Arabic or French, with or without prefix."""
    units = territories_visible(request.user).select_related("parent")
    if filters.level:
        units = units.filter(level=filters.level)
    if filters.parent:
        units = units.filter(parent__code=filters.parent)
    if filters.name:
        ids = [t.pk for t in territory_resolve(filters.name)]
        units = units.filter(pk__in=ids)
    return units.order_by("path")


@api.get("/territories/{code}", response={200: TerritoryOut, 404: ErrorOut, **ERRORS}, tags=["territory"])
def territory_detail(request: HttpRequest, code: str):
    unit = territories_visible(request.user).select_related("parent").filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


class OrganFilters(Schema):
    territory: str | None = None
    kind: OrganKind | None = None


@api.get("/organs", response={200: list[OrganOut], **ERRORS}, tags=["organs"])
@paginate(BoundedLimitOffset)
def organ_list(request: HttpRequest, filters: Query[OrganFilters]):
    """Organs inside the caller's scope; `territory` (a code or a name) includes the units below it."""
    organs = organs_visible(request.user).select_related("territory")
    if filters.kind:
        organs = organs.filter(kind=filters.kind)
    if filters.territory:
        found = territory_resolve(filters.territory) if not filters.territory[:2].isdigit() else None
        path = found[0].path if found else None
        if path is None:
            unit = territories_visible(request.user).filter(code=filters.territory).first()
            path = unit.path if unit else None
        organs = organs.filter(territory__path__startswith=path) if path else organs.none()
    return organs.order_by("territory__path", "kind", "pk")


@api.get("/organs/{organ_id}", response={200: OrganOut, 404: ErrorOut, **ERRORS}, tags=["organs"])
def organ_detail(request: HttpRequest, organ_id: int):
    organ = organs_visible(request.user).select_related("territory").filter(pk=organ_id).first()
    if organ is None:
        raise Http404
    return organ


ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class MandateFilters(Schema):
    person: str | None = None
    organ: int | None = Field(None, ge=1, le=2**62)
    on: str | None = Field(
        None,
        pattern=ISO_DATE,
        json_schema_extra={"format": "date"},
        description="YYYY-MM-DD: mandates held that day",
    )


@api.get("/mandates", response={200: list[MandateOut], **ERRORS}, tags=["organs"])
@paginate(BoundedLimitOffset)
def mandate_list(request: HttpRequest, filters: Query[MandateFilters]):
    """Mandates inside the caller's scope; `person` matches Arabic or Latin names; `on` = held that day."""
    try:
        on = datetime.date.fromisoformat(filters.on) if filters.on else None
    except ValueError as error:
        raise ValidationError(
            [{"loc": ["query", "on"], "msg": str(error), "type": "date_from_datetime_parsing"}]
        ) from error
    found = mandates_search(
        mandates_visible(request.user), person=filters.person or "", organ_id=filters.organ, on=on
    )
    audit_record(
        user=request.user, action="api.mandates.list", target=filters.person or "", on=str(filters.on or "")
    )
    return found


# Meetings and directives (tanzim/meetings/api.py): imported last, their router needs `api` built.
from tanzim.meetings.api import router as meetings_router  # noqa: E402

api.add_router("", meetings_router)

# Communiqués (tanzim/press/api.py): public, published ones only.
from tanzim.press.api import router as press_router  # noqa: E402

api.add_router("", press_router)

# Members (tanzim/people/api.py): the roll of the caller's territory, keyset pages, audited.
from tanzim.people.api import router as members_router  # noqa: E402

api.add_router("", members_router)
