"""Public API of communiqués: published ones only, for anyone (no credentials), with text search
(Arabic folded, French accents ignored), territory (that unit and below) and organ filters."""

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from tanzim.api.pagination import BoundedLimitOffset
from tanzim.api.schemas import ErrorOut, ValidationErrorOut
from tanzim.press.models import Communique
from tanzim.press.queries import communiques_public, communiques_search

router = Router(tags=["communiques"])

ERRORS = {422: ValidationErrorOut}


class OrganBrief(Schema):
    id: int
    name_ar: str
    name_fr: str
    territory_code: str

    @staticmethod
    def resolve_territory_code(obj) -> str:
        return obj.territory.code


class CommuniqueSummary(Schema):
    id: int
    title_ar: str
    title_fr: str
    organ: OrganBrief
    published_at: datetime.datetime
    views: int
    url: str

    @staticmethod
    def resolve_url(obj: Communique) -> str:
        from django.urls import reverse

        return reverse("news:detail", args=[obj.pk])


class CommuniqueOut(CommuniqueSummary):
    body_ar: str
    body_fr: str
    signed_by: str
    updated_at: datetime.datetime


class CommuniqueFilters(Schema):
    q: str | None = Field(None, max_length=200, description="words to find in the titles and texts")
    territory: str | None = Field(
        None, max_length=40, description="territorial code (HCP): that unit and the units below it"
    )
    organ: int | None = Field(None, ge=1, le=2**62)


@router.get("/communiques", auth=None, response={200: list[CommuniqueSummary], **ERRORS})
@paginate(BoundedLimitOffset)
def communique_list(request: HttpRequest, filters: Query[CommuniqueFilters]):
    """Published communiqués, newest first."""
    communiques = communiques_public()
    if filters.q:
        communiques = communiques_search(communiques, filters.q)
    if filters.territory:
        from tanzim.territory.models import Territory

        unit = Territory.objects.filter(code=filters.territory).only("path").first()
        communiques = (
            communiques.filter(organ__territory__path__startswith=unit.path) if unit else communiques.none()
        )
    if filters.organ is not None:
        communiques = communiques.filter(organ_id=filters.organ)
    return communiques


@router.get("/communiques/{communique_id}", auth=None, response={200: CommuniqueOut, 404: ErrorOut, **ERRORS})
def communique_detail(request: HttpRequest, communique_id: int = Path(..., ge=1, le=2**62)):
    """One published communiqué with its full text (Arabic and French)."""
    communique = communiques_public().filter(pk=communique_id).first()
    if communique is None:
        raise Http404
    return communique
