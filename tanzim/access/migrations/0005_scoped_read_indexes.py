"""An index for the reads every scoped page makes, measured by the load bench at 1,000,000 members.

It sits on people_person but serves the access app's scoped reads (`members_visible`,
`people_visible`: everything under a territory path), so access creates it, as oversight does for
its own need (IF NOT EXISTS: harmless if the people app adds it later).

People in a territory: (home_id, id), with gender and year of birth carried along on PostgreSQL,
so that counting a province's members (the member list's pages) and its representation figures
read the index only, instead of the whole table: a province of 87,500 members 380–680 ms → 100 ms,
a province's representation 275 → 75–110 ms.

Not an index on the name (the member list's order): the planner then walked it for lists filtered
to one commune, hoping to meet the commune's members early — 2 s instead of 0.1 s.

On PostgreSQL it is built CONCURRENTLY (no lock on writes while a large table is indexed).
"""

from django.db import migrations

INDEX = {
    "postgresql": "CREATE INDEX CONCURRENTLY IF NOT EXISTS access_person_by_home "
    "ON people_person (home_id, id) INCLUDE (gender, birth_year)",
    "default": "CREATE INDEX IF NOT EXISTS access_person_by_home ON people_person (home_id, id, gender, birth_year)",
}


def create(apps, schema_editor):
    schema_editor.execute(INDEX.get(schema_editor.connection.vendor, INDEX["default"]))


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS access_person_by_home")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("access", "0004_api_token_narrowing"),
        ("people", "0006_person_word_by_person"),
    ]

    operations = [migrations.RunPython(create, drop)]
