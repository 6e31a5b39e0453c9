from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from tanzim.access.services import api_token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tz_…` — a token issued with manage.py access_token_issue."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is None:
            return None
        request.user = user
        return user


api_auth = [TokenAuth(), django_auth]
