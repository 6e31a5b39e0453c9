"""Who may see what: users linked to people, API tokens, and the audit log."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.people.models import Person


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="profile"
    )
    national = models.BooleanField(
        _("national staff"),
        default=False,
        help_text=_("Staff of the general secretariat or the organization pole: sees the whole country."),
    )

    def __str__(self) -> str:
        return str(self.user)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Narrowing: a token may be limited to one unit (inside its user's scope) and to some resources
    # (the first segment of the API path: "organs", "members"…; empty = every resource its user may read).
    territory = models.ForeignKey(
        "territory.Territory", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resources = models.CharField(max_length=300, blank=True, default="")

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @property
    def resource_list(self) -> list[str]:
        return [r for r in self.resources.split() if r]

    @staticmethod
    def new_key() -> str:
        return "tz_" + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(key: str) -> str:
        return _digest(key)


class AuditEvent(models.Model):
    """Append-only record of reads of personal data in bulk, exports and other sensitive actions."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    action = models.CharField(max_length=64, db_index=True)
    target = models.CharField(max_length=200, blank=True)
    scope = models.CharField(max_length=500, blank=True, help_text="territory paths the user acted within")
    count = models.PositiveIntegerField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only")


class LoginFailure(models.Model):
    """A failed login, kept for throttling (per username and per address)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username}"


class TotpDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238): the shared secret and the last step accepted.

    One per user. Created only once a code from the app has confirmed it; `last_step` refuses a
    code used before (a code read over the shoulder cannot be replayed within its 90 seconds).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64, help_text="base32")
    confirmed_at = models.DateTimeField(default=timezone.now)
    last_step = models.BigIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} TOTP"


class RecoveryCode(models.Model):
    """A one-time code to sign in without the authenticator app; only a digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} recovery code"

    @staticmethod
    def digest_of(*, user_id: int, code: str) -> str:
        normalized = "".join(code.split()).replace("-", "").lower()
        return _digest(f"{user_id}:{normalized}")
