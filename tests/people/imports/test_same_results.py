"""PostgreSQL (COPY into a staging table) and SQLite (batched inserts) store exactly the same rows.

One file, imported with every writer the database offers (on PostgreSQL both COPY and batched
inserts, on SQLite batched inserts), is compared field by field with `expected_snapshot.json`;
both CI legs compare with that same file, so the two databases agree with each other.
Regenerate it (after a deliberate change) with:
    TANZIM_UPDATE_EXPECTED=1 .venv/bin/python -m pytest tests/people/imports/test_same_results.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tanzim.people.imports.services import import_create, import_run
from tanzim.people.models import Person, PersonWord, RollImport
from tests.people.imports.rollfiles import write_csv

pytestmark = pytest.mark.django_db

EXPECTED = Path(__file__).with_name("expected_snapshot.json")
WRITERS = ["batch", "copy"] if connection.vendor == "postgresql" else ["batch"]

# fmt: off
ROWS: list[list[object]] = [
    ["Nom", "الاسم العائلي", "Prénom", "الاسم الشخصي", "CIN", "GSM", "الجماعة", "الإقليم", "تاريخ الازدياد",
     "Sexe", "تاريخ الانخراط", "N° d'adhérent"],
    ["Alaoui", "العلوي", "Mohamed", "محمد", "CD100001", "0661234567", "تاونات", "", "12/03/1985", "H", "01/02/2020", ""],
    ["Idrissi", "الإدريسي", "Fatima", "فاطمة", "CD100002", "0662123456", "قرية بامحمد", "", "1990", "F", "", "T-77"],
    ["", "الزياني", "", "إدريس", "CD100016", "0671123456", "سيدي المخفي", "تاونات", "1977", "", "", ""],
    ["Mekkaoui", "", "Said", "", "", "0672123456", "Beni Makada", "", "1966", "m", "2019-05-04", ""],
    ["", "المكاوي", "", "سعيد", "", "0672123457", "بني مكادة", "", "1966", "", "", ""],
    ["Ouazzani", "الوزاني", "Anas", "أنس", "ZT900001", "+212661000001", "تاونات", "", "1963", "", "", ""],
    ["Mrabet", "المرابط", "Leila", "ليلى", "ZT900002", "0669999999", "تاونات", "", "1976", "", "", ""],
    ["Alaoui", "العلوي", "Ahmed", "أحمد", "CD100001", "0661234599", "تاونات", "", "1986", "", "", ""],
    ["Tazi", "التازي", "Souad", "سعاد", "12AB", "0661234511", "طنجة", "", "1981", "x", "", ""],
    ["Hjira", "الحجيرة", "Mohamed", "محمد", "", "0661000111", "Taounate", "", "1970", "", "", ""],
]
# fmt: on


def import_snapshot(roll_import: RollImport) -> dict:
    """Everything an import stored or reported, without database ids (sequences differ)."""
    today = timezone.localdate()

    def neutral(text: str | None) -> str | None:
        return text.replace(f"#{roll_import.pk}", "#N") if text else text

    people = []
    for person in (
        Person.objects.filter(source__startswith=f"roll import #{roll_import.pk} ")
        .select_related("home", "commune", "membership__local_organ")
        .order_by("full_name_ar", "cin")
    ):
        membership = person.membership
        people.append(
            {
                "person": [
                    person.full_name_ar,
                    person.full_name_latin,
                    person.honorific,
                    person.gender,
                    person.birth_year,
                    person.phone,
                    person.cin,
                    person.home.code,
                    person.commune.code,
                    person.name_key_ar,
                    person.name_key_latin,
                    neutral(person.source),
                ],
                "membership": [
                    membership.number,
                    str(membership.joined_on),
                    membership.local_organ.name_fr if membership.local_organ else None,
                    membership.status,
                    membership.status_reason,
                    str(membership.status_changed_on),
                    str(membership.consent_on),
                    membership.consent_scope,
                    membership.roll_checked_on == today,
                    neutral(membership.source),
                ],
                "history": [
                    [
                        h.history_type,
                        h.history_user.username,
                        neutral(h.history_change_reason),
                        h.full_name_ar,
                    ]
                    for h in person.history.all()
                ]
                + [
                    [h.history_type, h.history_user.username, neutral(h.history_change_reason), h.number]
                    for h in membership.history.all()
                ],
                "words": sorted(
                    [w.word.word, w.word.skeleton]
                    for w in PersonWord.objects.filter(person=person).select_related("word")
                ),
            }
        )
    issues = [
        [
            i.row,
            i.severity,
            i.field,
            i.code,
            i.message_ar,
            i.message_fr,
            i.related_row,
            i.candidate.full_name_ar if i.candidate else None,
            i.raw,
        ]
        for i in roll_import.issues.select_related("candidate").order_by("row", "code")
    ]
    counters = [
        roll_import.rows_done,
        roll_import.created,
        roll_import.unchanged,
        roll_import.rejected,
        roll_import.doubtful,
        roll_import.checkpoint,
    ]
    return json.loads(
        json.dumps({"counters": counters, "people": people, "issues": issues}, ensure_ascii=False)
    )


def test_every_writer_on_every_database_stores_the_same_rows(tmp_path, national_admin):
    path = write_csv(tmp_path / "roll.csv", ROWS, encoding="cp1256", delimiter=";")
    snapshots = {}
    for writer in WRITERS:
        with transaction.atomic():
            roll_import = import_run(
                roll_import=import_create(user=national_admin, file=path), writer=writer, batch_size=4
            )
            snapshots[writer] = import_snapshot(roll_import)
            transaction.set_rollback(True)
    if os.environ.get("TANZIM_UPDATE_EXPECTED"):
        EXPECTED.write_text(
            json.dumps(snapshots["batch"], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    for writer, snapshot in snapshots.items():
        assert snapshot == expected, writer
    assert expected["counters"] == [10, 5, 1, 2, 2, 10]
