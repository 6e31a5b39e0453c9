"""The second factor on every request: a session is for the app only once its code was checked.

The session remembers what the sign-in went through (`SECOND_FACTOR`):
- "totp": a code from the authenticator app (or a recovery code) was checked — nothing more to do;
- "none": the user had no authenticator app and does not need one — nothing more to do;
- absent: a session that did not come through the two-step login (Django's admin login, a test's
  `force_login`, a session opened before the app was enrolled). A user with an enrolled app is
  signed out and sent to the login page; a national admin who must use a code and has no app yet
  (TANZIM_TOTP_REQUIRED_FOR_NATIONAL) is sent to the enrolment page from every page but that one,
  logging out and the language switch. Anyone else gets "none", once.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tanzim.access.services import second_factor_enrolled, second_factor_required

SECOND_FACTOR = "tanzim_second_factor"
CHECKED = "totp"
NOT_NEEDED = "none"


def second_factor_mark(request: HttpRequest, state: str) -> None:
    request.session[SECOND_FACTOR] = state


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def _open_paths(self) -> frozenset[str]:
        """What a national admin without an app may still reach before enrolling."""
        return frozenset(reverse(name) for name in ("totp_enrol", "logout", "set_language"))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._check(request) or self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        state = request.session.get(SECOND_FACTOR)
        if state in (CHECKED, NOT_NEEDED):
            return None
        if second_factor_enrolled(user):
            logout(request)
            return redirect_to_login(request.get_full_path())
        if second_factor_required(user):
            if request.path in self._open_paths:
                return None
            return redirect("totp_enrol")
        second_factor_mark(request, NOT_NEEDED)
        return None
