"""`manage.py people_import_roll`: dry run, mapping on the command line, resuming the same file."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tanzim.people.imports import services
from tanzim.people.models import Person, RollImport
from tests.people.imports.rollfiles import HEADERS_AR, synthetic_rows, write_csv

pytestmark = pytest.mark.django_db


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command("people_import_roll", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_prints_the_counts_and_the_report(tmp_path, taounate_provincial_secretary):
    path = write_csv(tmp_path / "roll.csv", [HEADERS_AR, *synthetic_rows(12)], encoding="cp1256")
    before = Person.objects.count()
    out = _call(str(path), "--user", "najjari", "--dry-run")
    assert "12 rows — 12 to create, 0 unchanged, 0 rejected, 0 doubtful" in out
    assert "Report: " in out and out.strip().endswith(".xlsx")
    assert Person.objects.count() == before
    out = _call(str(path), "--user", "najjari")
    assert "12 created" in out
    assert Person.objects.count() == before + 12


def test_columns_not_recognised_are_listed_and_can_be_given(tmp_path, taounate_provincial_secretary):
    path = write_csv(
        tmp_path / "roll.csv", [["الاسم", "ب.ت.و", "الجماعة"], ["محمد العلوي", "CD700001", "تاونات"]]
    )
    with pytest.raises(CommandError) as caught:
        _call(str(path), "--user", "najjari")
    message = str(caught.value)
    assert "0: 'الاسم' → first_name" in message and "Missing: name" in message
    out = _call(str(path), "--user", "najjari", "--mapping", '{"full_name": "الاسم"}')
    assert "1 created" in out
    assert RollImport.objects.count() == 1  # the import waiting for its mapping was the one run


def test_starting_the_same_file_again_resumes_the_unfinished_import(
    tmp_path, taounate_provincial_secretary, monkeypatch
):
    path = write_csv(tmp_path / "roll.csv", [HEADERS_AR, *synthetic_rows(30)])
    real_commit = services._Run._commit
    calls = {"n": 0}

    def failing_commit(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("connection lost")
        return real_commit(self, *args, **kwargs)

    monkeypatch.setattr(services._Run, "_commit", failing_commit)
    with pytest.raises(ConnectionError):
        _call(str(path), "--user", "najjari", "--batch-size", "10")
    monkeypatch.setattr(services._Run, "_commit", real_commit)
    roll_import = RollImport.objects.get()
    out = _call(str(path), "--user", "najjari", "--batch-size", "10")
    assert f"Resuming import #{roll_import.pk} after 10 committed rows" in out
    roll_import.refresh_from_db()
    assert (roll_import.status, roll_import.created, roll_import.rows_done) == ("done", 30, 30)
    with pytest.raises(CommandError, match="nothing to resume"):
        _call(str(path), "--user", "najjari", "--resume", str(roll_import.pk))


def test_mistakes_on_the_command_line_are_explained(tmp_path, taounate_provincial_secretary):
    path = write_csv(tmp_path / "roll.csv", [HEADERS_AR])
    with pytest.raises(CommandError, match="no user"):
        _call(str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="no file"):
        _call(str(tmp_path / "missing.csv"), "--user", "najjari")
    with pytest.raises(CommandError, match="not JSON"):
        _call(str(path), "--user", "najjari", "--mapping", "{cin: 3}")
    with pytest.raises(CommandError, match="no territory"):
        from django.contrib.auth.models import User

        User.objects.create_user(username="nobody-here", password="x-123456789")
        _call(str(path), "--user", "nobody-here")
