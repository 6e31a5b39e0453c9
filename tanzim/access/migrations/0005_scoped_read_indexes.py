"""Indexes for the reads every scoped page makes, measured by the load bench at 1,000,000 members.

They sit on people_person but serve the access app's scoped reads (`members_visible`,
`people_visible`: everything under a territory path), so access creates them, as oversight does
for its own need (IF NOT EXISTS: harmless if the people app adds them later).

- people in a territory: (home_id, id), with gender and year of birth carried along on PostgreSQL,
  so that counting a province's members (the member list's pages) and its representation figures
  read the index only, instead of the whole table: a province of 87,500 members 380–680 ms → 100 ms;
- people by name: (full_name_ar, id), the order of the member list, so that a page is read in
  order instead of sorting the whole territory: 210 ms → 30–60 ms for a page of Casablanca's roll.

On PostgreSQL they are built CONCURRENTLY (no lock on writes while a large table is indexed).
"""

from django.db import migrations

INDEXES = {
    "postgresql": [
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS access_person_by_home "
        "ON people_person (home_id, id) INCLUDE (gender, birth_year)",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS access_person_by_name ON people_person (full_name_ar, id)",
    ],
    "default": [
        "CREATE INDEX IF NOT EXISTS access_person_by_home ON people_person (home_id, id, gender, birth_year)",
        "CREATE INDEX IF NOT EXISTS access_person_by_name ON people_person (full_name_ar, id)",
    ],
}
DROP = ["DROP INDEX IF EXISTS access_person_by_home", "DROP INDEX IF EXISTS access_person_by_name"]


def create(apps, schema_editor):
    for sql in INDEXES.get(schema_editor.connection.vendor, INDEXES["default"]):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("access", "0004_api_token_narrowing"),
        ("people", "0006_person_word_by_person"),
    ]

    operations = [migrations.RunPython(create, drop)]
