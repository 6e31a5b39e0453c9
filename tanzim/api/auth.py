from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from tanzim.access.scope import Scope, scope_for
from tanzim.access.services import api_token_find


def _resource(request: HttpRequest) -> str:
    """ "/api/members/12" → "members"."""
    return request.path.split("/api/", 1)[-1].split("/", 1)[0]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tz_…` — a token issued with manage.py access_token_issue.

    A token limited to some resources answers 403 elsewhere; a token limited to a unit sees that unit
    and below only (its user's scope, narrowed).
    """

    def authenticate(self, request: HttpRequest, token: str):
        found = api_token_find(token)
        if found is None:
            return None
        user = found.user
        if found.resource_list and _resource(request) not in found.resource_list:
            raise HttpError(403, f"This token does not give access to /api/{_resource(request)}.")
        if found.territory is not None:
            scope = scope_for(user)
            narrowed = found.territory.path if scope.contains(found.territory) else None
            user._tanzim_scope = Scope(paths=(narrowed,) if narrowed else (), narrowed=True)
        request.user = user
        return user


api_auth = [TokenAuth(), django_auth]
