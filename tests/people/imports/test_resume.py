"""kill -9 in the middle of an import loses nothing committed, and the next run finishes the job.

The command runs in a subprocess against a copy of the test database, since the subprocess cannot
see the test's own (in-memory on SQLite, transactional on both) database:
- SQLite: the in-memory test database is copied to a file with SQLite's backup API, and the
  subprocess gets it through TANZIM_SQLITE_PATH;
- PostgreSQL: the test database (already migrated, territory and demo loaded) is the template of a
  new database (CREATE DATABASE … TEMPLATE, after closing this process's connections), passed in
  DATABASE_URL, dropped at the end.
Both CI legs run it; nothing is skipped.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from tests.people.imports.rollfiles import HEADERS_AR, synthetic_rows, write_csv

ROWS = 30_000
DUPLICATE_EVERY = 1_000  # every 1000th row repeats the CIN of an earlier row: rejected


@contextmanager
def database_copy(tmp_path: Path) -> Iterator[tuple[dict[str, str], Callable[[str], list[tuple]]]]:
    """A copy of the test database for a subprocess: (environment for it, a query function)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = tmp_path / "copy.sqlite3"
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        copy.close()

        def query(sql: str) -> list[tuple]:
            with sqlite3.connect(target, timeout=10) as reader:
                return reader.execute(sql).fetchall()

        yield {"TANZIM_SQLITE_PATH": str(target), "DATABASE_URL": ""}, query
        return

    import psycopg

    params = connection.settings_dict
    template, name = params["NAME"], f"{params['NAME']}_kill9"
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }
    connections.close_all()
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        # A template must have no other session: idle connections left by other threads of this test
        # process (the browser tests' live server) are ended first; this thread's were closed above.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [template],
        )
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def query(sql: str) -> list[tuple]:
        with psycopg.connect(dbname=name, autocommit=True, **server) as reader:
            return reader.execute(sql).fetchall()

    password = f":{server['password']}" if server["password"] else ""
    url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    try:
        yield {"DATABASE_URL": url}, query
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _roll(path: Path) -> Path:
    rows = []
    for i, row in enumerate(synthetic_rows(ROWS), start=1):
        if i % DUPLICATE_EVERY == 0:
            row[2] = f"TA{i - 500:06d}"  # the CIN of row i - 500 of the data
        rows.append(row)
    return write_csv(path, [HEADERS_AR, *rows], encoding="cp1256")


def test_kill_9_half_way_then_start_again_loses_and_duplicates_nothing(tmp_path, django_db_blocker):
    path = _roll(tmp_path / "big.csv")
    duplicates = ROWS // DUPLICATE_EVERY
    command = [
        sys.executable,
        "manage.py",
        "people_import_roll",
        str(path),
        "--user",
        "najjari",
        "--batch-size",
        "500",
        "--no-progress",
    ]
    with django_db_blocker.unblock(), database_copy(tmp_path) as (database, query):
        env = {**os.environ, **database, "TANZIM_MEDIA_ROOT": str(tmp_path / "media")}
        env = {k: v for k, v in env.items() if v}
        checkpoint_sql = "SELECT checkpoint, created, rejected, status, id FROM people_rollimport"
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                found = query(checkpoint_sql)
                if found and found[0][0] >= ROWS // 3:  # a third in: a real prefix to skip
                    break
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.01)
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.wait()
        assert process.returncode == -signal.SIGKILL

        checkpoint, created, rejected, status, import_id = query(checkpoint_sql)[0]
        assert ROWS // 3 <= checkpoint < ROWS, "killed too late to test anything"
        assert status == "running"
        imported = "SELECT count(*) FROM people_person WHERE source LIKE 'roll import #%'"
        # What the killed run committed is whole: people, issues and counters of the same batches.
        assert query(imported)[0][0] == created == checkpoint - rejected
        assert query("SELECT count(*) FROM people_rollimportissue")[0][0] == rejected

        again = subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
        )
        assert again.returncode == 0, again.stderr
        assert f"Resuming import #{import_id} after {checkpoint} committed rows" in again.stdout

        assert query(checkpoint_sql)[0] == (ROWS, ROWS - duplicates, duplicates, "done", import_id)
        assert query(imported)[0][0] == ROWS - duplicates
        assert query("SELECT count(*) FROM people_rollimport")[0][0] == 1
        assert query("SELECT cin FROM people_person WHERE cin <> '' GROUP BY cin HAVING count(*) > 1") == []
        assert (
            query(
                "SELECT count(*) FROM people_membership m JOIN people_person p ON p.id = m.person_id "
                "WHERE p.source LIKE 'roll import #%'"
            )[0][0]
            == ROWS - duplicates
        )
        issues = query("SELECT row, code FROM people_rollimportissue ORDER BY row")
        assert issues == [
            (i + 1, "cin_duplicate_in_file") for i in range(DUPLICATE_EVERY, ROWS + 1, DUPLICATE_EVERY)
        ]
        history = f"SELECT count(*) FROM people_historicalperson WHERE history_change_reason = 'roll import #{import_id}'"
        assert query(history)[0][0] == ROWS - duplicates
        audits = query("SELECT count(*) FROM access_auditevent WHERE action = 'people.import'")
        assert audits[0][0] == 1  # the killed run could not write its audit event; the resumed one did


@pytest.mark.django_db
def test_duplicates_within_the_file_point_to_the_first_row_across_batches(
    tmp_path, taounate_provincial_secretary
):
    """What a resumed run re-reads (the rows before the checkpoint) is exactly what it must know."""
    from tanzim.people.imports.services import import_create, import_run

    rows = [HEADERS_AR, *synthetic_rows(30)]
    rows.append(list(rows[3]))  # data row 3 again, at the end: another batch
    path = write_csv(tmp_path / "roll.csv", rows)
    roll_import = import_create(user=taounate_provincial_secretary, file=path)
    import_run(roll_import=roll_import, batch_size=7)
    issue = roll_import.issues.get()
    assert (issue.row, issue.code) == (32, "cin_duplicate_in_file")
    assert "السطر 4" in issue.message_ar


@pytest.mark.django_db
def test_a_failed_run_resumes_at_its_checkpoint_and_ends_as_a_clean_run_would(
    tmp_path, taounate_provincial_secretary, monkeypatch
):
    from tanzim.people.imports import services
    from tanzim.people.imports.services import import_create, import_run
    from tanzim.people.models import Person, RollImportStatus

    rows = [HEADERS_AR, *synthetic_rows(40)]
    rows[25][2] = rows[5][2]  # a CIN twice, the second time after the failure
    path = write_csv(tmp_path / "roll.csv", rows)
    roll_import = import_create(user=taounate_provincial_secretary, file=path)

    real_commit = services._Run._commit
    calls = {"n": 0}

    def failing_commit(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise ConnectionError("database went away")
        return real_commit(self, *args, **kwargs)

    monkeypatch.setattr(services._Run, "_commit", failing_commit)
    with pytest.raises(ConnectionError):
        import_run(roll_import=roll_import, batch_size=10)
    roll_import.refresh_from_db()
    assert (roll_import.status, roll_import.checkpoint, roll_import.created) == (
        RollImportStatus.FAILED,
        20,
        20,
    )
    assert "database went away" in roll_import.error

    monkeypatch.setattr(services._Run, "_commit", real_commit)
    roll_import = import_run(roll_import=roll_import, batch_size=10)
    assert (roll_import.status, roll_import.checkpoint, roll_import.created, roll_import.rejected) == (
        "done",
        40,
        39,
        1,
    )
    issue = roll_import.issues.get()
    assert (issue.row, issue.code, issue.message_fr) == (
        26,
        "cin_duplicate_in_file",
        f"CIN « {rows[5][2]} » en double : déjà à la ligne 6",
    )
    assert Person.objects.filter(source__startswith=f"roll import #{roll_import.pk} ").count() == 39
