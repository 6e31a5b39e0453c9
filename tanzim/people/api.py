"""Members in the API: the roll of the caller's territory, in keyset pages; every read is audited.

The list gives what a secretary needs to work with a roll (number, name, status, local organ,
commune); phone and CIN only on one member's page, and that read is audited too.
"""

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from tanzim.access.queries import members_visible, people_search_within, people_visible
from tanzim.access.services import audit_record
from tanzim.api.pagination import AfterId
from tanzim.api.schemas import ErrorOut, PersonRef, ValidationErrorOut
from tanzim.people.models import MemberStatus
from tanzim.people.search import people_search
from tanzim.territory.queries import territory_resolve, unit_ids_under

router = Router(tags=["members"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}
# A name search returns at most this many best matches (then in id order, page by page).
SEARCH_LIMIT = 500


class LocalOrganRef(Schema):
    id: int
    name_ar: str
    name_fr: str


class MemberOut(Schema):
    id: int
    number: str
    status: str
    joined_on: datetime.date | None
    person: PersonRef
    local_organ: LocalOrganRef | None
    commune_code: str | None

    @staticmethod
    def resolve_commune_code(obj) -> str | None:
        return obj.person.commune.code if obj.person.commune_id else None


class MemberDetailOut(MemberOut):
    status_reason: str
    status_changed_on: datetime.date | None
    gender: str
    birth_year: int | None
    phone: str
    cin: str
    consent_on: datetime.date | None
    roll_checked_on: datetime.date | None

    @staticmethod
    def resolve_gender(obj) -> str:
        return obj.person.gender

    @staticmethod
    def resolve_birth_year(obj) -> int | None:
        return obj.person.birth_year

    @staticmethod
    def resolve_phone(obj) -> str:
        return obj.person.phone

    @staticmethod
    def resolve_cin(obj) -> str:
        return obj.person.cin


class MemberFilters(Schema):
    q: str | None = Field(None, max_length=100, description="a name in Arabic or Latin script, any spelling")
    status: MemberStatus | None = None
    territory: str | None = Field(None, max_length=100, description="a unit (code or name) and below")
    local_organ: int | None = Field(None, ge=1, le=2**62)


@router.get("/members", response={200: list[MemberOut], **ERRORS})
@paginate(AfterId)
def member_list(request: HttpRequest, filters: Query[MemberFilters]):
    """Members inside the caller's scope, in id order; follow `next` for the following page."""
    members = members_visible(request.user).select_related("person", "person__commune", "local_organ")
    if filters.status:
        members = members.filter(status=filters.status)
    if filters.local_organ:
        members = members.filter(local_organ_id=filters.local_organ)
    if filters.territory:
        found = territory_resolve(filters.territory)
        members = (
            members.filter(person__home__in=unit_ids_under([found[0].path])) if found else members.none()
        )
    if filters.q and filters.q.strip():
        ranked = people_search(
            people_visible(request.user),
            filters.q,
            limit=SEARCH_LIMIT,
            within=people_search_within(request.user),
        )
        members = members.filter(person_id__in=[person.pk for person, _score in ranked])
    audit_record(
        user=request.user,
        action="api.members.list",
        target=request.GET.urlencode()[:200],
    )
    return members


@router.get("/members/{membership_id}", response={200: MemberDetailOut, 404: ErrorOut, **ERRORS})
def member_detail(request: HttpRequest, membership_id: int = Path(..., ge=1, le=2**62)):
    membership = (
        members_visible(request.user)
        .select_related("person", "person__commune", "local_organ")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    audit_record(user=request.user, action="api.members.detail", target=membership.number)
    return membership
