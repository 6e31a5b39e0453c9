"""Logins are audited and throttled: 5 failures per username in 15 minutes lock that username."""

import pytest
from django.urls import reverse

from tanzim.access.models import AuditEvent, LoginFailure
from tanzim.demo.seeds import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_successful_login_is_audited(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    response = _login(client, "najjari", DEMO_PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", user__username="najjari").exists()


def test_five_failures_lock_the_username_even_with_the_right_password(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for _ in range(5):
        assert _login(client, "najjari", "wrong-password").status_code == 200
    assert LoginFailure.objects.filter(username="najjari").count() == 5
    locked = _login(client, "najjari", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.failure", target="najjari").count() == 5


def test_other_usernames_are_not_locked_by_one_attack(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for _ in range(5):
        _login(client, "najjari", "wrong-password")
    assert _login(client, "laaziri", DEMO_PASSWORD).status_code == 302


def test_success_clears_the_failures(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for _ in range(3):
        _login(client, "najjari", "wrong-password")
    assert _login(client, "najjari", DEMO_PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="najjari").exists()
