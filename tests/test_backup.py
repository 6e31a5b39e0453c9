"""Backup and restore round trip: every table of the restored database equals the original."""

from __future__ import annotations

import sqlite3
import uuid

import psycopg
import pytest
from django.db import connection

from tanzim.core.backup import (
    BackupError,
    _digest_rows,
    _pg_tables,
    _sqlite_tables,
    backup_create,
    backup_restore,
)
from tanzim.organs.models import Organ

pytestmark = pytest.mark.django_db


def test_backup_then_restore_gives_identical_tables(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    manifest = backup_create(archive)
    assert manifest["tables"]["territory_territory"]["rows"] == 1640
    assert manifest["tables"]["organs_organ"]["rows"] == Organ.objects.count()
    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        restored = backup_restore(archive, sqlite_path=target)
        conn = sqlite3.connect(target)
        found = {t: _digest_rows(conn.cursor(), t) for t in _sqlite_tables(conn)}
        conn.close()
    else:
        name = f"tanzim_restore_{uuid.uuid4().hex[:8]}"
        params = connection.settings_dict
        admin = f"host={params['HOST'] or '127.0.0.1'} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING UTF8')
        try:
            restored = backup_restore(archive, pg_database=name)
            with (
                psycopg.connect(admin.replace("dbname=postgres", f"dbname={name}")) as conn,
                conn.cursor() as cur,
            ):
                found = {t: _digest_rows(cur, t) for t in _pg_tables(cur)}
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    assert found == manifest["tables"]
    assert restored.tables == len(manifest["tables"])


def test_restore_refuses_a_non_empty_target(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive)
    if connection.vendor == "sqlite":
        target = tmp_path / "existing.sqlite3"
        target.write_bytes(b"not empty")
        with pytest.raises(BackupError, match="not empty"):
            backup_restore(archive, sqlite_path=target)
        assert target.read_bytes() == b"not empty"
    else:  # the test database itself is not empty
        before = Organ.objects.count()
        with pytest.raises(BackupError, match="not empty"):
            backup_restore(archive, pg_database=connection.settings_dict["NAME"])
        assert Organ.objects.count() == before
