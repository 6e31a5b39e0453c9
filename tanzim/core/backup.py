"""Consistent backups: the database (SQLite or PostgreSQL) and the uploaded files, in one archive.

An archive is a .tar.gz holding `manifest.json` (row count and SHA-256 of every table, read in the
same snapshot as the dump), the database (`db.sqlite3` from SQLite's online backup API, or
`db.pgdump` from `pg_dump -Fc --snapshot=…`), and `media/`. `backup_restore` loads it into an empty
database and checks every table against the manifest before saying it is done.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1


class BackupError(Exception):
    pass


@dataclass
class Restored:
    tables: int
    rows: int


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _digest_rows(cursor, table: str) -> dict:
    """Row count and SHA-256 of a table's rows in primary-key (first column) order."""
    cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY 1")
    digest, rows = hashlib.sha256(), 0
    while batch := cursor.fetchmany(5000):
        for row in batch:
            digest.update(repr(tuple(_plain(v) for v in row)).encode())
            rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def _plain(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return value


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [r[0] for r in rows]


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [r[0] for r in cursor.fetchall()]


def _pg_conninfo(env: dict[str, str]) -> str:
    return f"host={env['PGHOST']} port={env['PGPORT']} user={env['PGUSER']} dbname={env['PGDATABASE']}"


def _pg_env(database: str | None = None) -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "PGHOST": str(db.get("HOST") or "127.0.0.1"),
        "PGPORT": str(db.get("PORT") or 5432),
        "PGUSER": str(db.get("USER") or "postgres"),
        "PGDATABASE": database or connection.settings_dict["NAME"],
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def backup_create(out: Path) -> dict:
    """Write the archive to `out`; return the manifest."""
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        manifest: dict = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(),
            "vendor": connection.vendor,
            "tables": {},
        }
        if connection.vendor == "sqlite":
            target = sqlite3.connect(folder / "db.sqlite3")
            connection.connection.backup(target)  # online backup: one consistent snapshot
            manifest["tables"] = {t: _digest_rows(target.cursor(), t) for t in _sqlite_tables(target)}
            target.close()
        elif connection.vendor == "postgresql":
            # A connection of its own: the snapshot holds committed data only, whatever the caller's
            # transaction; pg_dump reads that very snapshot, the manifest is computed inside it.
            import psycopg

            env = _pg_env()
            with (
                psycopg.connect(_pg_conninfo(env), password=env.get("PGPASSWORD")) as conn,
                conn.cursor() as cursor,
            ):
                cursor.execute("SET TIME ZONE 'UTC'")
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                dump = subprocess.run(
                    [
                        "pg_dump",
                        "-Fc",
                        "--no-owner",
                        f"--snapshot={snapshot}",
                        "-f",
                        str(folder / "db.pgdump"),
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if dump.returncode != 0:
                    raise BackupError(f"pg_dump failed: {dump.stderr.strip()}")
                manifest["tables"] = {t: _digest_rows(cursor, t) for t in _pg_tables(cursor)}
        else:
            raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
        (folder / "manifest.json").write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(out, "w:gz") as archive:
            for name in ("manifest.json", "db.sqlite3", "db.pgdump"):
                if (folder / name).exists():
                    archive.add(folder / name, arcname=name)
            media = Path(settings.MEDIA_ROOT) if getattr(settings, "MEDIA_ROOT", "") else None
            if media and media.exists():
                archive.add(media, arcname="media")
    return manifest


@contextlib.contextmanager
def _opened(archive_path: Path) -> Iterator[tuple[Path, dict]]:
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(work, filter="data")
        folder = Path(work)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
        yield folder, manifest


def _compare(manifest: dict, found: dict) -> None:
    wrong = [t for t in manifest["tables"] if found.get(t) != manifest["tables"][t]]
    extra = sorted(set(found) - set(manifest["tables"]))
    if wrong or extra:
        raise BackupError(f"Restored data differs from the archive: tables {wrong + extra}")


def backup_restore(
    archive_path: Path,
    *,
    sqlite_path: Path | None = None,
    pg_database: str | None = None,
    media_root: Path | None = None,
) -> Restored:
    """Restore into an EMPTY target (a new SQLite file, or an empty PostgreSQL database) and verify
    every table against the manifest. Nothing existing is overwritten."""
    with _opened(archive_path) as (folder, manifest):
        if manifest["vendor"] == "sqlite":
            if sqlite_path is None:
                raise BackupError(
                    "This archive holds a SQLite database: give the path of the new database file."
                )
            if sqlite_path.exists() and sqlite_path.stat().st_size > 0:
                raise BackupError(f"{sqlite_path} exists and is not empty: restore into a new file.")
            shutil.copyfile(folder / "db.sqlite3", sqlite_path)
            restored = sqlite3.connect(sqlite_path)
            found = {t: _digest_rows(restored.cursor(), t) for t in _sqlite_tables(restored)}
            restored.close()
        else:
            if not pg_database:
                raise BackupError(
                    "This archive holds a PostgreSQL database: give the name of an empty database."
                )
            import psycopg

            env = _pg_env(pg_database)
            conninfo = _pg_conninfo(env)
            with psycopg.connect(conninfo, password=env.get("PGPASSWORD")) as conn, conn.cursor() as cursor:
                if _pg_tables(cursor):
                    raise BackupError(f"Database {pg_database} is not empty: restore into an empty database.")
            result = subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", "-d", pg_database, str(folder / "db.pgdump")],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
            with psycopg.connect(conninfo, password=env.get("PGPASSWORD")) as conn, conn.cursor() as cursor:
                cursor.execute("SET TIME ZONE 'UTC'")
                found = {t: _digest_rows(cursor, t) for t in _pg_tables(cursor)}
        _compare(manifest, found)
        if media_root is not None and (folder / "media").exists():
            for source in (folder / "media").rglob("*"):
                target = media_root / source.relative_to(folder / "media")
                if source.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                elif not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target)
        return Restored(tables=len(found), rows=sum(t["rows"] for t in found.values()))
