"""The number of unread in-app notices, for the inbox link in the navigation bar."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tanzim.press.notice_queries import inbox_unread_count


def inbox(request: HttpRequest) -> dict[str, object]:
    """`inbox_unread`: one COUNT query, run only if a template shows it; nothing for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: inbox_unread_count(user))}
