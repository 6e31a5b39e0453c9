"""Two-factor authentication (TOTP, RFC 6238): enrolment, the code step of the login, recovery
codes, mandatory enrolment of national admins, turning it off, and the audit trail."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tanzim.access import totp
from tanzim.access.middleware import CHECKED, SECOND_FACTOR
from tanzim.access.models import AuditEvent, LoginFailure, RecoveryCode, TotpDevice
from tanzim.access.services import RECOVERY_CODES, totp_enrol_confirm
from tests.conftest import second_factor_passed

pytestmark = pytest.mark.django_db

PASSWORD = "a-test-password-2026"
T0 = 1_790_000_010.0  # a fixed instant, 10 s into its 30-second step


@pytest.fixture
def clock(monkeypatch):
    """The clock codes are checked against, fixed at T0; `clock.at(t)` moves it."""

    class Clock:
        now = T0

        def at(self, when: float) -> None:
            self.now = when

    fixed = Clock()
    monkeypatch.setattr(totp, "now", lambda: fixed.now)
    return fixed


def _user(username: str) -> User:
    """A demo user with a password hashed by the suite's fast hasher."""
    user = User.objects.get(username=username)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def _enrolled(username: str, secret: str | None = None) -> tuple[User, str, list[str]]:
    """A user with a confirmed authenticator app (enrolled one step before T0) and its recovery codes."""
    user = _user(username)
    secret = secret or totp.secret_new()
    codes = totp_enrol_confirm(user=user, secret=secret, code=totp.code_at(secret, T0 - 30), address=None)
    return user, secret, codes


def _password_step(client: Client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD}
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


def _code_step(client: Client, code: str):
    return client.post(reverse("login_code"), {"code": code})


def _actions(username: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(user__username=username, action__startswith="totp")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- The algorithm ----------------------------------------------------------------------------


def test_codes_match_the_rfc_6238_test_vectors():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of the RFC's "12345678901234567890"
    assert totp.hotp(secret, totp.step_at(59), digits=8) == "94287082"
    assert totp.hotp(secret, totp.step_at(1111111109), digits=8) == "07081804"
    assert totp.hotp(secret, totp.step_at(2000000000), digits=8) == "69279037"
    assert totp.code_at(secret, 59) == "287082"


def test_provisioning_address_and_qr_code():
    secret = totp.secret_new()
    assert len(secret) == 32 and re.fullmatch(r"[A-Z2-7]+", secret)
    uri = totp.provisioning_uri(secret, account="najjari")
    assert uri.startswith("otpauth://totp/Tanzim:najjari?secret=" + secret)
    assert "issuer=Tanzim" in uri and "digits=6" in uri and "period=30" in uri
    svg = totp.qr_svg(uri)
    assert svg.startswith("<svg") and "</svg>" in svg


# --- Enrolment --------------------------------------------------------------------------------


def test_enrolment_shows_the_secret_and_confirms_with_a_code(clock):
    user = _user("najjari")
    client = Client()
    client.force_login(user)

    page = client.get(reverse("totp_enrol"))
    assert page.status_code == 200
    secret = client.session["tanzim_totp_secret"]
    body = page.content.decode()
    assert "<svg" in body
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in body
    assert (
        client.get(reverse("totp_enrol")).context["secret_groups"][0] == secret[:4]
    )  # same secret on reload

    wrong = client.post(
        reverse("totp_enrol"), {"code": "000000" if totp.code_at(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert not TotpDevice.objects.filter(user=user).exists()

    done = client.post(reverse("totp_enrol"), {"code": totp.code_at(secret)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == RECOVERY_CODES == len(set(codes))
    for code in codes:
        assert code in done.content.decode()
    device = TotpDevice.objects.get(user=user)
    assert device.secret == secret and device.last_step == totp.step_at(T0)
    stored = set(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert len(stored) == RECOVERY_CODES and not stored & set(codes)  # digests only
    assert client.session[SECOND_FACTOR] == CHECKED
    assert "tanzim_totp_secret" not in client.session
    assert _actions("najjari") == ["totp.failure", "totp.enable"]
    # Enrolled: the page sends to the account page instead of showing a new secret.
    assert client.get(reverse("totp_enrol")).url == reverse("account_security")


def test_account_security_page_tells_the_state(clock):
    client = Client()
    client.force_login(_user("laaziri"))
    assert reverse("totp_enrol") in client.get(reverse("account_security")).content.decode()
    user = _enrolled("laaziri")[0]  # a new password: log in again
    client.force_login(user)
    second_factor_passed(client)
    page = client.get(reverse("account_security"))
    assert page.context["device"] is not None and page.context["codes_left"] == RECOVERY_CODES
    assert reverse("totp_disable") in page.content.decode()


# --- Login ------------------------------------------------------------------------------------


def test_login_with_a_code_after_the_password(client, clock):
    _user, secret, _codes = _enrolled("najjari")
    response = _password_step(client, "najjari", next_url="/members/")
    assert response.status_code == 302 and response.url == reverse("login_code")
    assert "_auth_user_id" not in client.session  # not signed in by the password alone
    assert client.get("/members/").status_code == 302

    step = client.get(reverse("login_code"))
    assert step.status_code == 200 and "najjari" in step.content.decode()

    done = _code_step(client, totp.code_at(secret))
    assert done.status_code == 302 and done.url == "/members/"
    assert client.session["_auth_user_id"] == str(User.objects.get(username="najjari").pk)
    assert client.session[SECOND_FACTOR] == CHECKED
    assert client.get("/members/").status_code == 200
    login = AuditEvent.objects.filter(action="login", user__username="najjari").latest("pk")
    assert login.detail["method"] == "totp"


def test_login_without_an_app_is_one_step(client):
    _user("najjari")
    response = _password_step(client, "najjari")
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get("/").status_code == 200
    assert client.session[SECOND_FACTOR] == "none"


def test_wrong_code_is_refused_audited_and_counts_towards_the_lockout(client, clock):
    _user, secret, _codes = _enrolled("najjari")
    right = totp.code_at(secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    _password_step(client, "najjari")

    refused = _code_step(client, wrong)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert refused.context["form"].errors["code"]
    assert LoginFailure.objects.filter(username="najjari").count() == 1
    failure = AuditEvent.objects.get(action="totp.failure", user__username="najjari")
    assert failure.detail["reason"] == "wrong" and failure.detail["purpose"] == "login"

    for _ in range(4):
        _code_step(client, wrong)
    locked = _code_step(client, right)
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    # The password step is locked as well: the five wrong codes count like five wrong passwords.
    again = Client()
    assert _password_step(again, "najjari").status_code == 429


def test_a_code_works_once(client, clock):
    _user, secret, _codes = _enrolled("najjari")
    code = totp.code_at(secret)
    _password_step(client, "najjari")
    assert _code_step(client, code).status_code == 302

    other = Client()
    _password_step(other, "najjari")
    replay = _code_step(other, code)
    assert replay.status_code == 200 and "_auth_user_id" not in other.session
    assert AuditEvent.objects.filter(action="totp.failure", detail__reason="replayed").count() == 1

    clock.at(T0 + 30)  # the next code is fine
    assert _code_step(other, totp.code_at(secret)).status_code == 302


def test_a_code_of_the_step_before_or_after_is_accepted_not_two_steps_away(clock):
    user, secret, _codes = _enrolled("najjari")
    from tanzim.access.services import SecondFactorError, totp_verify

    clock.at(T0 + 300)
    with pytest.raises(SecondFactorError):
        totp_verify(user=user, code=totp.code_at(secret, T0 + 300 - 60), address=None)
    with pytest.raises(SecondFactorError):
        totp_verify(user=user, code=totp.code_at(secret, T0 + 300 + 60), address=None)
    assert totp_verify(user=user, code=totp.code_at(secret, T0 + 300 - 30), address=None) == "totp"
    assert totp_verify(user=user, code=totp.code_at(secret, T0 + 300 + 30), address=None) == "totp"
    # The step before the last one accepted is now a replay, even inside the window.
    with pytest.raises(SecondFactorError) as refused:
        totp_verify(user=user, code=totp.code_at(secret, T0 + 300), address=None)
    assert refused.value.reason == "replayed"


def test_recovery_code_signs_in_once(client, clock):
    _user, _secret, codes = _enrolled("najjari")
    _password_step(client, "najjari")
    done = _code_step(client, codes[3].upper().replace("-", " "))  # as typed from paper
    assert done.status_code == 302 and "_auth_user_id" in client.session
    assert RecoveryCode.objects.filter(user__username="najjari", used_at__isnull=False).count() == 1
    assert AuditEvent.objects.filter(action="login", detail__method="recovery").exists()
    assert AuditEvent.objects.get(action="totp.recovery_code").detail["left"] == RECOVERY_CODES - 1

    other = Client()
    _password_step(other, "najjari")
    assert _code_step(other, codes[3]).status_code == 200
    assert "_auth_user_id" not in other.session
    assert _code_step(other, codes[4]).status_code == 302


def test_the_code_step_expires(client, clock, monkeypatch):
    _enrolled("najjari")
    _password_step(client, "najjari")
    import time as time_module

    later = time_module.time() + 301
    monkeypatch.setattr("tanzim.access.views.time.time", lambda: later)
    response = client.get(reverse("login_code"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert "tanzim_login_pending" not in client.session


def test_the_code_step_without_a_password_goes_back_to_the_login(client):
    response = client.get(reverse("login_code"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.post(reverse("login_code"), {"code": "123456"}).url == reverse("login")


def test_a_session_that_skipped_the_code_is_signed_out(clock):
    """Django's admin login (or any login but ours) cannot skip the code of an enrolled user."""
    user, _secret, _codes = _enrolled("najjari")
    client = Client()
    client.force_login(user)
    response = client.get("/members/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session

    admin = _enrolled("admin")[0]
    client.force_login(admin)
    assert client.get("/django-admin/").status_code == 302
    assert "_auth_user_id" not in client.session


# --- National admins must enrol ---------------------------------------------------------------


def test_national_admin_is_sent_to_enrolment_before_anything_else(client, settings, clock):
    settings.TANZIM_TOTP_REQUIRED_FOR_NATIONAL = True
    _user("admin")
    response = _password_step(client, "admin")
    assert response.status_code == 302  # signed in: no app yet, so no code step
    for url in ("/", "/members/", "/audit/", reverse("account_security"), "/api/territories"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("totp_enrol"), url
    page = client.get(reverse("totp_enrol"))
    assert page.status_code == 200 and page.context["required"]
    assert client.post(reverse("set_language"), {"language": "fr", "next": "/"}).status_code == 302

    secret = client.session["tanzim_totp_secret"]
    assert client.post(reverse("totp_enrol"), {"code": totp.code_at(secret)}).status_code == 200
    assert client.get("/audit/").status_code == 200

    assert client.post(reverse("logout")).status_code == 302
    _password_step(client, "admin")
    assert client.get("/audit/").url.startswith(reverse("login"))  # not signed in until the code
    clock.at(T0 + 30)
    assert _code_step(client, totp.code_at(secret)).status_code == 302
    assert client.get("/audit/").status_code == 200


def test_national_admin_logged_in_by_a_test_needs_the_second_factor_mark(settings):
    settings.TANZIM_TOTP_REQUIRED_FOR_NATIONAL = True
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/").url == reverse("totp_enrol")
    assert second_factor_passed(client).get("/").status_code == 200


def test_secretaries_are_not_required_to_enrol(settings):
    settings.TANZIM_TOTP_REQUIRED_FOR_NATIONAL = True
    client = Client()
    client.force_login(User.objects.get(username="najjari"))
    assert client.get("/").status_code == 200


def test_when_not_required_national_admins_may_skip_it(settings):
    settings.TANZIM_TOTP_REQUIRED_FOR_NATIONAL = False
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/audit/").status_code == 200


# --- Turning it off ---------------------------------------------------------------------------


def test_turning_it_off_needs_a_current_code(clock):
    user, secret, _codes = _enrolled("najjari")
    client = second_factor_passed(_logged_in(user))
    stale = totp.code_at(secret, T0 - 30)  # the enrolment's code: already used

    refused = client.post(reverse("totp_disable"), {"code": stale})
    assert refused.status_code == 302
    assert TotpDevice.objects.filter(user=user).exists()
    failure = AuditEvent.objects.filter(action="totp.failure").latest("pk")
    assert (failure.detail["purpose"], failure.detail["reason"]) == ("disable", "replayed")
    assert client.post(reverse("totp_disable"), {"code": ""}).status_code == 302
    assert TotpDevice.objects.filter(user=user).exists()

    assert client.post(reverse("totp_disable"), {"code": totp.code_at(secret)}).status_code == 302
    assert not TotpDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert client.get("/").status_code == 200  # still signed in, now without an app
    assert _actions("najjari") == ["totp.enable", "totp.failure", "totp.disable"]


def test_a_national_admin_who_turns_it_off_enrols_again(settings, clock):
    settings.TANZIM_TOTP_REQUIRED_FOR_NATIONAL = True
    user, secret, _codes = _enrolled("admin")
    client = second_factor_passed(_logged_in(user))
    assert client.post(reverse("totp_disable"), {"code": totp.code_at(secret)}).status_code == 302
    assert client.get("/").url == reverse("totp_enrol")


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Audit ------------------------------------------------------------------------------------


def test_every_step_is_in_the_audit_log(client, clock):
    user, secret, codes = _enrolled("najjari")
    _password_step(client, "najjari")
    _code_step(client, "999999" if totp.code_at(secret) != "999999" else "888888")
    _code_step(client, totp.code_at(secret))
    client.post(reverse("logout"))
    _password_step(client, "najjari")
    _code_step(client, codes[0])
    clock.at(T0 + 30)
    client.post(reverse("totp_disable"), {"code": totp.code_at(secret)})

    events = list(
        AuditEvent.objects.filter(user=user, action__startswith="totp")
        .order_by("pk")
        .values_list("action", "detail")
    )
    assert [action for action, _detail in events] == [
        "totp.enable",
        "totp.failure",
        "totp.recovery_code",
        "totp.disable",
    ]
    assert [
        detail.get("method")
        for detail in AuditEvent.objects.filter(user=user, action="login")
        .order_by("pk")
        .values_list("detail", flat=True)
    ] == ["totp", "recovery"]


def test_an_operator_resets_a_lost_app(clock):
    from django.core.management import CommandError, call_command

    user, _secret, _codes = _enrolled("admin")
    call_command("access_totp_reset", "admin", "--operator", "ops")
    assert not TotpDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    reset = AuditEvent.objects.get(action="totp.reset")
    assert (reset.target, reset.detail["operator"]) == ("admin", "ops")
    with pytest.raises(CommandError):
        call_command("access_totp_reset", "admin")
