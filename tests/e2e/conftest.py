"""Browser tests: Debian's chromium driven by Playwright (sync API) against pytest-django's live_server.

Database state
--------------
``live_server`` makes every test transactional (pytest-django requests ``transactional_db`` for it), and a
transactional test FLUSHES the database at teardown: the territory and the seed demo loaded once per test
database by ``tests/conftest.py::django_db_setup`` would be gone for whatever runs next. Two guards:

* ``_seed_world`` (autouse, per test): if a previous transactional test flushed the database, load the
  territory and the demo again (both loaders are idempotent; about 1 s on SQLite, 1.7 s on PostgreSQL,
  against 1.2 s / 3.6 s to deserialize a ``serialized_rollback`` snapshot, which would moreover have to be
  re-taken after the session load because pytest-django serializes the database right after migrating).
* ``_restore_seed_world`` (autouse, per module): after the module's last test has been flushed, load them
  again, so the tests that run after the browser tests (other transactional tests, whatever the order)
  still see the whole country and the demo.

pytest-django runs transactional tests after the plain ``db`` ones, so most of the suite never meets the flush;
the guards are for the transactional tests collected after these (and for any order). Reloaded demo logins
get MD5 password hashes (fast), the session-loaded ones keep PBKDF2: both verify (``FAST_HASHERS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "tanzim-demo-2026"  # tanzim.demo.seeds.DEMO_PASSWORD, written out: the tests type it
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    # The session load hashed the demo passwords with the default hasher; keep it so they still verify.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def _seed_world_present() -> bool:
    from django.contrib.auth.models import User

    from tanzim.territory.models import Territory

    return Territory.objects.filter(code="MA").exists() and User.objects.filter(username="najjari").exists()


def _load_seed_world() -> None:
    from django.test import override_settings

    from tanzim.demo.services import demo_load
    from tanzim.territory.services import territory_load

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        territory_load()
        demo_load()


@pytest.fixture(autouse=True)
def _fast_hashing(settings) -> None:
    """Overrides the suite's MD5-only hashing: the demo logins must keep working through the real form."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="module", autouse=True)
def _restore_seed_world(django_db_setup, django_db_blocker) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        if not _seed_world_present():
            _load_seed_world()


@pytest.fixture(autouse=True)
def _seed_world(live_server, browser) -> None:
    if not _seed_world_present():
        _load_seed_world()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API marks an asyncio loop as running in this thread for as long as it is started, so
    # Django would refuse the ORM calls of the tests, of the data reloads and of the flush that ends every
    # transactional test ("You cannot call this from an async context"). The live server runs in its own
    # thread and is not affected.
    from django.db import connections

    with pytest.MonkeyPatch.context() as mp, sync_playwright() as playwright:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While that loop "runs", asgiref keeps Django's connections in context-local storage, apart from the
        # thread's own: close those before stopping Playwright, or they stay open and PostgreSQL refuses to
        # drop the test database at the end of the session ("being accessed by other users").
        connections.close_all()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context (no cookies, no language choice) per test; JavaScript errors fail the test."""
    context = browser.new_context(
        locale="ar-MA", timezone_id="Africa/Casablanca", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def login(page: Page, base_url: str) -> Callable[[str], None]:
    """Log in through the real form, as a person would."""

    def _login(username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(f"{base_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("main form").get_by_role("button").click()
        expect(page).to_have_url(re.compile(re.escape(base_url) + r"/$"))

    return _login


@pytest.fixture
def screenshot(page: Page, request) -> Callable[..., Path]:
    """Full-page screenshot: test-output/screenshots/<test-name>.png, or <test-name>--<step>.png."""

    def _shot(step: str = "") -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}{f'--{step}' if step else ''}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot
