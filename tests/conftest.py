"""Shared fixtures: the real territory and the seed demo are loaded once per test database.

Personas match the permission tiers: national_admin, taounate_provincial_secretary,
beni_makada_local_secretary, outsider (a user with no mandate).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tanzim.demo.services import demo_load
    from tanzim.territory.services import territory_load

    with django_db_blocker.unblock():
        territory_load()
        demo_load()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (cached figures of one test never reach another)."""
    from django.core.cache import cache

    from tanzim.territory.queries import forget_unit_index

    cache.clear()
    forget_unit_index()  # units a test adds are in the next read of the tree


def _client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def national_admin(db) -> User:
    return User.objects.get(username="admin")


@pytest.fixture
def taounate_provincial_secretary(db) -> User:
    return User.objects.get(username="najjari")


@pytest.fixture
def beni_makada_local_secretary(db) -> User:
    return User.objects.get(username="laaziri")


@pytest.fixture
def outsider(db) -> User:
    return User.objects.create_user(username="outsider", password="not-used-123")


def second_factor_passed(client: Client) -> Client:
    """Mark a force-logged-in session as having passed the two-factor code step, as the real login
    does (tanzim.access.middleware): a national admin must, when TANZIM_TOTP_REQUIRED_FOR_NATIONAL
    is on, and anyone with an authenticator app must, or the middleware sends them away."""
    from tanzim.access.middleware import CHECKED, SECOND_FACTOR

    session = client.session
    session[SECOND_FACTOR] = CHECKED
    session.save()
    return client


@pytest.fixture
def admin_client_(national_admin) -> Client:
    return second_factor_passed(_client_for("admin"))


@pytest.fixture
def taounate_client(taounate_provincial_secretary) -> Client:
    return _client_for("najjari")


@pytest.fixture
def beni_makada_client(beni_makada_local_secretary) -> Client:
    return _client_for("laaziri")


# Roll imports (tests/people/imports): background tasks run at once, inside the test, instead of
# waiting in the database queue for a `db_worker`.
@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
