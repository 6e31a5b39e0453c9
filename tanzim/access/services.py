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


LOCKOUT_WINDOW = datetime.timedelta(minutes=15)
LOCKOUT_PER_USERNAME = 5
LOCKOUT_PER_ADDRESS = 20


def login_locked(*, username: str, address: str | None) -> bool:
    """Too many failures lately for this username (5 in 15 min) or from this address (20)."""
    from tanzim.access.models import LoginFailure

    since = timezone.now() - LOCKOUT_WINDOW
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username=username.lower()).count() >= LOCKOUT_PER_USERNAME:
        return True
    return bool(address) and recent.filter(address=address).count() >= LOCKOUT_PER_ADDRESS


def login_failure_record(*, username: str, address: str | None) -> None:
    from tanzim.access.models import LoginFailure

    LoginFailure.objects.create(username=username.lower()[:150], address=address)
    audit_record(user=None, action="login.failure", target=username[:200], address=address or "")


def login_success_record(*, user: User, address: str | None) -> None:
    from tanzim.access.models import LoginFailure

    LoginFailure.objects.filter(username=user.get_username().lower()).delete()
    audit_record(user=user, action="login", address=address or "")
