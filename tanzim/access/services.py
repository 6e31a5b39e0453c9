"""Writes of the access app: the audit log, API tokens, demo accounts."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from tanzim.access.models import ApiToken, AuditEvent
from tanzim.access.scope import scope_for


def audit_record(*, user, action: str, target: str = "", count: int | None = None, **detail) -> AuditEvent:
    """Log a sensitive action (bulk read of personal data, export, login…) with the user's scope."""
    scope = scope_for(user) if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        target=target[:200],
        scope=",".join(scope.paths)[:500] if scope else "",
        count=count,
        detail=detail,
    )


def api_token_issue(*, user: User, label: str = "", valid_for: datetime.timedelta | None = None) -> str:
    """Create a token and return its key; only the digest is kept, so show the key once."""
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        label=label,
        digest=ApiToken.digest_of(key),
        prefix=key[3:11],
        expires_at=timezone.now() + valid_for if valid_for else None,
    )
    audit_record(user=user, action="api_token.issue", target=label)
    return key


def api_token_user(key: str) -> User | None:
    token = ApiToken.objects.usable().select_related("user").filter(digest=ApiToken.digest_of(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
