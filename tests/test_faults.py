"""Faults: the database goes away under the application, and a big import runs while people work.

1. A database that stops answering gives a clear 503 page (Arabic and French, "try again"), not a
   500, whether the error comes from a view or from a middleware loading the session — on both
   backends, with a database error injected into the queries.
2. PostgreSQL going away and coming back under a real server (PostgreSQL only: the SQLite leg has no
   server to lose). Restarting the whole cluster would cut every other session on the machine (other
   test runs, other databases), so the test does to its own database what a restart does to a
   client: it forbids new connections (`ALTER DATABASE … ALLOW_CONNECTIONS false`) and ends the open
   ones (`pg_terminate_backend`), then allows them again. gunicorn serves a copy of the test
   database in a subprocess, with persistent connections as in production: requests during the
   outage get the 503 page, the first request after it gets a fresh connection (CONN_HEALTH_CHECKS)
   and nothing written before the outage is lost.
3. A 20,000-row roll import runs through the task path (uploaded through the import page, queued,
   run by `db_worker`) while threads keep reading pages of the same server: every read answers 200
   within a bound, and the import ends with every row. Both backends (SQLite in WAL mode lets the
   readers work while the import writes), each with a copy of the test database for the subprocesses.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from tanzim.demo.seeds import DEMO_PASSWORD
from tests.conftest import second_factor_passed
from tests.people.imports.test_resume import database_copy

MESSAGE_AR = "الخدمة غير متاحة مؤقتا"
MESSAGE_FR = "Service momentanément indisponible"


def _failing_queries(tables: tuple[str, ...] = ()):
    """A query wrapper raising what psycopg raises when the server is gone (for the given tables)."""

    def wrapper(execute, sql, params, many, context):
        if not tables or any(table in sql for table in tables):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


@pytest.mark.django_db
def test_database_error_in_a_view_gives_the_503_page(taounate_client, caplog):
    caplog.set_level(logging.ERROR, logger="tanzim.database")
    with connection.execute_wrapper(_failing_queries(("people_membership",))):
        response = taounate_client.get(reverse("members:list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert MESSAGE_AR in body and MESSAGE_FR in body
    assert "database unavailable: GET /members/: OperationalError" in caplog.text


@pytest.mark.django_db
def test_database_error_while_loading_the_session_gives_the_503_page(national_admin, caplog):
    """The session and the user are loaded by middleware, before any view: still the 503 page."""
    caplog.set_level(logging.ERROR, logger="tanzim.database")
    client = Client(raise_request_exception=False)
    client.force_login(national_admin)
    second_factor_passed(client)
    with connection.execute_wrapper(_failing_queries()):
        response = client.get(reverse("organs:list"))
    assert response.status_code == 503
    assert MESSAGE_FR in response.content.decode()
    assert "database unavailable" in caplog.text
    assert client.get(reverse("organs:list")).status_code == 200  # the next request works


@pytest.mark.django_db
def test_other_errors_stay_500(taounate_client):
    client = Client(raise_request_exception=False)
    client.cookies = taounate_client.cookies

    def wrapper(execute, sql, params, many, context):
        if "people_membership" in sql:
            raise ValueError("a bug, not an outage")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        assert client.get(reverse("members:list")).status_code == 500


# --- A real server: gunicorn in a subprocess on a copy of the test database --------------------

VENV_BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _gunicorn(database: dict[str, str], tmp_path: Path, *, workers: int) -> Iterator[tuple[str, Path]]:
    """gunicorn as in production (TANZIM_DEBUG=0, sync workers) on the copy; (base URL, its log)."""
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        **database,
        "TANZIM_DEBUG": "0",
        "TANZIM_SECRET_KEY": "faults-test-secret-key-0123456789-0123456789-0123456789",
        "TANZIM_SSL_REDIRECT": "0",  # plain HTTP on the loopback: TLS is nginx's part
        "TANZIM_SECURE_COOKIES": "0",
        "TANZIM_HSTS_SECONDS": "0",
        "TANZIM_MEDIA_ROOT": str(tmp_path / "media"),
    }
    env = {key: value for key, value in env.items() if value}
    args = [str(VENV_BIN / "gunicorn"), "tanzim.wsgi:application", "--workers", str(workers)]
    args += ["--bind", f"127.0.0.1:{port}", "--timeout", "120"]
    with open(log, "w") as out:
        server = subprocess.Popen(
            args, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/accounts/login/", timeout=5).status_code == 200:
                    break
            assert time.monotonic() < deadline, "gunicorn did not start: " + log.read_text()
            time.sleep(0.2)
        yield base, log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    answer = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, answer.text[:500]
    return session


def _post(session: requests.Session, base: str, path: str, data: dict, **kwargs) -> requests.Response:
    headers = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": base + "/"}
    return session.post(base + path, data=data, headers=headers, allow_redirects=False, timeout=60, **kwargs)


def _require_test_database() -> None:
    """pytest-django creates the test database only when a selected test is marked django_db;
    these tests run subprocesses on a copy of it and are not marked (no transaction to hold)."""
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_") or getattr(connection, "is_in_memory_db", lambda: False)(), (
        f"no test database ({name}): run the whole module, or with a test marked django_db"
    )


def _demo_passwords_in_pbkdf2(query) -> None:
    """The production hashers of the server: demo logins reloaded by browser tests may be MD5."""
    hashed = PBKDF2PasswordHasher().encode(DEMO_PASSWORD, PBKDF2PasswordHasher().salt())
    query(f"UPDATE auth_user SET password = '{hashed}' WHERE username IN ('najjari', 'admin') RETURNING id")


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="a PostgreSQL server going away: the PostgreSQL leg of CI runs it",
)
def test_postgresql_going_away_gives_503_then_the_service_comes_back_with_nothing_lost(
    tmp_path, django_db_setup, django_db_blocker
):
    """Per-database outage, not a cluster restart (that would cut every other session on the
    machine): ALTER DATABASE … ALLOW_CONNECTIONS false + pg_terminate_backend, then true again."""
    import psycopg

    _require_test_database()
    with django_db_blocker.unblock(), database_copy(tmp_path) as (database, query):
        _demo_passwords_in_pbkdf2(query)
        name = database["DATABASE_URL"].rsplit("/", 1)[1]
        params = connection.settings_dict
        server = {
            "host": params["HOST"] or "127.0.0.1",
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "password": params["PASSWORD"] or None,
        }

        def terminate(*, allow: bool | None = None) -> None:
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                if allow is not None:
                    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allow).lower()}')
                if allow is not True:
                    admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
                    )

        member_id, number = query(
            "SELECT m.id, m.number FROM people_membership m JOIN people_person p ON p.id = m.person_id "
            "WHERE p.full_name_ar = 'محمد لطفي'"
        )[0]
        counts_sql = (
            "SELECT (SELECT count(*) FROM people_person), (SELECT count(*) FROM people_membership), "
            "(SELECT count(*) FROM people_dues)"
        )
        # One worker: its persistent connection (CONN_MAX_AGE) is the one the outage kills.
        with _gunicorn(database, tmp_path, workers=1) as (base, log):
            session = _signed_in(base, "najjari")
            written = _post(
                session,
                base,
                f"/members/{member_id}/dues/",
                {"year": 2019, "amount": "77.00", "paid_on": "2019-03-01"},
            )
            assert written.status_code == 302
            before = query(counts_sql)[0]
            assert session.get(f"{base}/members/", timeout=60).status_code == 200

            # The persistent connection dies (what a restart does to it): the health check sees it
            # and the next request opens a new one instead of failing.
            terminate()
            assert session.get(f"{base}/members/", timeout=60).status_code == 200

            # The database is down: a clear 503 page, for reads and for writes.
            terminate(allow=False)
            try:
                for path in ("/members/", f"/members/{member_id}/", "/organs/"):
                    down = session.get(base + path, timeout=60)
                    assert down.status_code == 503, (path, down.status_code)
                    assert MESSAGE_AR in down.text and MESSAGE_FR in down.text
                    assert down.headers["Retry-After"] == "30"
                lost = _post(
                    session,
                    base,
                    f"/members/{member_id}/dues/",
                    {"year": 2020, "amount": "88.00", "paid_on": "2020-03-01"},
                )
                assert lost.status_code == 503
            finally:
                terminate(allow=True)

            # Back: the same session works, the write made before is there, nothing else changed.
            page = session.get(f"{base}/members/{member_id}/", timeout=60)
            assert page.status_code == 200 and number in page.text
            assert query(counts_sql)[0] == before
            assert query(f"SELECT year, amount FROM people_dues WHERE membership_id = {member_id}") == [
                (2019, Decimal("77.00"))
            ]
            assert "database unavailable: GET /members/" in log.read_text()


READ_PATHS = (
    "/members/",
    "/members/?q=محمد العلوي",
    "/organs/",
    "/territory/03.531/",
    "/people/",
    "/api/territories?parent=03.531",
)
IMPORT_ROWS = 20_000
READ_BOUND_S = 20.0  # each answer, on a busy 2-core CI machine with the import running


def test_pages_keep_answering_while_a_roll_import_runs(tmp_path, django_db_setup, django_db_blocker):
    """A 20,000-row import through the task path (the import page, the queue, `db_worker`) while
    four threads keep reading pages: every answer is a 200 within READ_BOUND_S seconds."""
    from tests.people.imports.rollfiles import synthetic_csv

    _require_test_database()
    roll = synthetic_csv(tmp_path / "roll.csv", IMPORT_ROWS)
    with django_db_blocker.unblock(), database_copy(tmp_path) as (database, query):
        _demo_passwords_in_pbkdf2(query)
        people_before = query("SELECT count(*) FROM people_person")[0][0]
        env = {**os.environ, **database, "TANZIM_MEDIA_ROOT": str(tmp_path / "media")}
        env = {key: value for key, value in env.items() if value}
        worker_log = tmp_path / "worker.log"
        with (
            _gunicorn(database, tmp_path, workers=3) as (base, log),
            open(worker_log, "w") as worker_out,
        ):
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-startup-delay",
                    "--no-reload",
                    "--interval",
                    "0.2",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=worker_out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                session = _signed_in(base, "najjari")
                with open(roll, "rb") as handle:
                    uploaded = _post(
                        session,
                        base,
                        "/members/imports/",
                        {"real_run": "on"},
                        files={"file": ("roll.csv", handle)},
                    )
                assert uploaded.status_code == 302 and "/members/imports/" in uploaded.headers["Location"]

                answers: list[tuple[str, int, float]] = []
                stop = threading.Event()

                def read(offset: int) -> None:
                    reader = requests.Session()
                    reader.cookies.update(session.cookies)
                    for turn in itertools.count(offset):
                        if stop.is_set():
                            return
                        path = READ_PATHS[turn % len(READ_PATHS)]
                        started = time.monotonic()
                        status = reader.get(base + path, timeout=120, allow_redirects=False).status_code
                        answers.append((path, status, time.monotonic() - started))

                status_sql = (
                    "SELECT status, rows_done, created, rejected FROM people_rollimport WHERE NOT dry_run"
                )
                threads = [threading.Thread(target=read, args=(n,)) for n in range(4)]
                for thread in threads:
                    thread.start()
                seen_running, deadline = False, time.monotonic() + 600
                try:
                    while True:
                        found = query(status_sql)
                        if found and found[0][0] == "running":
                            seen_running = True
                        if found and found[0][0] in ("done", "failed"):
                            break
                        assert worker.poll() is None, worker_log.read_text()
                        assert time.monotonic() < deadline, (found, worker_log.read_text()[-2000:])
                        time.sleep(0.2)
                finally:
                    stop.set()
                    for thread in threads:
                        thread.join()
            finally:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)

            status, rows_done, created, rejected = query(status_sql)[0]
            assert (status, rows_done, created, rejected) == ("done", IMPORT_ROWS, IMPORT_ROWS, 0), (
                worker_log.read_text()[-2000:]
            )
            assert query("SELECT count(*) FROM people_person")[0][0] == people_before + IMPORT_ROWS
            assert seen_running  # the reads did overlap the import
            during = [answer for answer in answers if answer[1] != 200 or answer[2] > READ_BOUND_S]
            assert len(answers) >= 4 * len(READ_PATHS), answers
            assert not during, (during, log.read_text()[-2000:])
