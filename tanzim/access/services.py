"""Writes of the access app: the audit log, API tokens, login throttling, two-factor codes."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access import totp
from tanzim.access.models import ApiToken, AuditEvent, Profile, RecoveryCode, TotpDevice
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


# What a token may be limited to: the first segment of the API paths.
API_RESOURCES = (
    "territories",
    "organs",
    "mandates",
    "members",
    "meetings",
    "directives",
    "communiques",
)


def api_token_issue(
    *,
    user: User,
    label: str = "",
    valid_for: datetime.timedelta | None = None,
    territory=None,
    resources: list[str] | tuple[str, ...] = (),
) -> str:
    """Create a token and return its key; only the digest is kept, so show the key once.

    `territory` narrows the token to one unit inside its user's scope; `resources` to some parts of
    the API (see API_RESOURCES). Both are checked here: a token never reaches further than its user.
    """
    unknown = sorted(set(resources) - set(API_RESOURCES))
    if unknown:
        raise ValidationError(
            {"resources": _("Unknown API resources: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    if territory is not None and not scope_for(user).contains(territory):
        raise ValidationError(
            {"territory": _("%(unit)s is outside the territory of this user.") % {"unit": territory}}
        )
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        label=label,
        digest=ApiToken.digest_of(key),
        prefix=key[3:11],
        expires_at=timezone.now() + valid_for if valid_for else None,
        territory=territory,
        resources=" ".join(resources),
    )
    audit_record(
        user=user,
        action="api_token.issue",
        target=label,
        territory=territory.code if territory is not None else "",
        resources=" ".join(resources),
    )
    return key


# A token's last use is written at most once a minute: a script calling the API many times a
# second would otherwise write the same row on every call, for a time shown to the minute.
TOKEN_USE_PRECISION = datetime.timedelta(minutes=1)


def api_token_find(key: str) -> ApiToken | None:
    """The usable token behind a key (its user active), its last use brought up to the minute."""
    token = (
        ApiToken.objects.usable()
        .select_related("user", "territory")
        .filter(digest=ApiToken.digest_of(key))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_user(key: str) -> User | None:
    token = api_token_find(key)
    return token.user if token is not None else None


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


def login_success_record(*, user: User, address: str | None, method: str = "password") -> None:
    """A complete login (password, then the code when the user has an authenticator app):
    the failures of the username are forgotten. `method`: "password", "totp" or "recovery"."""
    from tanzim.access.models import LoginFailure

    LoginFailure.objects.filter(username=user.get_username().lower()).delete()
    audit_record(user=user, action="login", address=address or "", method=method)


# --- Two-factor authentication (TOTP) ----------------------------------------------------------

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or copied by hand


class SecondFactorError(ValueError):
    """A code was refused: `reason` is "wrong", "replayed", "locked" or "not_enrolled"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def second_factor_enrolled(user: User) -> bool:

    return TotpDevice.objects.filter(user=user).exists()


def second_factor_required(user: User) -> bool:
    """National admins (Profile.national) and superusers must use a code when the setting says so
    (TANZIM_TOTP_REQUIRED_FOR_NATIONAL, on by default in production)."""

    if not settings.TANZIM_TOTP_REQUIRED_FOR_NATIONAL:
        return False
    return user.is_superuser or Profile.objects.filter(user=user, national=True).exists()


def _recovery_code_new() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _second_factor_failure(*, user: User, address: str | None, purpose: str, reason: str) -> None:
    """A refused code counts as a failed login of that username (the lock-out of login_locked)."""
    from tanzim.access.models import LoginFailure

    if reason != "locked":
        LoginFailure.objects.create(username=user.get_username().lower()[:150], address=address)
    audit_record(
        user=user,
        action="totp.failure",
        target=user.get_username(),
        purpose=purpose,
        reason=reason,
        address=address or "",
    )


def totp_enrol_confirm(*, user: User, secret: str, code: str, address: str | None) -> list[str]:
    """Confirm the authenticator app with a code computed from `secret`; store it and return ten
    new recovery codes (shown once: only their digests are kept).

    Raises SecondFactorError("wrong") for a code that does not match (audited, not counted in the
    lock-out: the user has the secret on screen, nothing is being guessed).
    """

    step = totp.code_match(secret, code)
    if step is None:
        audit_record(
            user=user, action="totp.failure", target=user.get_username(), purpose="enrol", reason="wrong"
        )
        raise SecondFactorError("wrong")
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        TotpDevice.objects.create(user=user, secret=secret, last_step=step, last_used_at=timezone.now())
        codes = _recovery_codes_replace(user=user)
        audit_record(user=user, action="totp.enable", target=user.get_username(), address=address or "")
    return codes


def _recovery_codes_replace(*, user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:
        code = _recovery_code_new()
        if code not in codes:
            codes.append(code)
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=RecoveryCode.digest_of(user_id=user.pk, code=code)) for code in codes
    )
    return codes


def _code_spend(*, user: User, code: str) -> str:
    """Accept a code once: "totp" or "recovery", else raise SecondFactorError (wrong, replayed…)."""

    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            raise SecondFactorError("not_enrolled")
        step = totp.code_match(device.secret, code)
        if step is not None:
            if step <= device.last_step:
                raise SecondFactorError("replayed")
            TotpDevice.objects.filter(pk=device.pk).update(last_step=step, last_used_at=timezone.now())
            return "totp"
        spent = RecoveryCode.objects.filter(
            user=user, digest=RecoveryCode.digest_of(user_id=user.pk, code=code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if spent:
            return "recovery"
    raise SecondFactorError("wrong")


def totp_verify(*, user: User, code: str, address: str | None, purpose: str = "login") -> str:
    """Check a code from the authenticator app, or a recovery code (spent by its use).

    Returns "totp" or "recovery". A code accepted once is refused afterwards (the device keeps the
    last time step accepted). Refused codes are audited and count towards the lock-out of the
    username (5 in 15 minutes, with the failed passwords); a locked username is refused at once.
    Raises SecondFactorError.
    """
    if login_locked(username=user.get_username(), address=address):
        _second_factor_failure(user=user, address=address, purpose=purpose, reason="locked")
        raise SecondFactorError("locked")
    try:
        method = _code_spend(user=user, code=code)
    except SecondFactorError as error:
        _second_factor_failure(user=user, address=address, purpose=purpose, reason=error.reason)
        raise
    if method == "recovery":
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        audit_record(user=user, action="totp.recovery_code", target=user.get_username(), left=left)
    return method


def totp_disable(*, user: User, code: str, address: str | None) -> None:
    """Remove the authenticator app and the recovery codes; needs a current code (or a recovery
    code). Raises SecondFactorError when the code is refused."""

    totp_verify(user=user, code=code, address=address, purpose="disable")
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit_record(user=user, action="totp.disable", target=user.get_username(), address=address or "")


def totp_reset(*, user: User, operator: str) -> bool:
    """An operator removes a user's authenticator app and recovery codes (phone and codes lost):
    no code needed; audited with the operator's name. False when there was nothing to remove."""
    with transaction.atomic():
        removed, _by_model = TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        if removed:
            audit_record(user=None, action="totp.reset", target=user.get_username(), operator=operator)
    return bool(removed)
