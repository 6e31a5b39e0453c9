"""The order of the roll and of the people list (by Arabic name), for scoped pages at any size.

A list page reads the keys of its rows first (tanzim/core/paging.py): people's ids in name order.
The scope is passed as a list of unit ids (`Scope.q_unit`), and two indexes let PostgreSQL answer
that from an index alone whatever the scope's size:

- `access_person_name_order` (full_name_ar, id) INCLUDE (home_id): walked in name order for a
  province or the country, keeping the scope's units as it goes;
- `access_person_by_home_name` (home_id, full_name_ar, id) INCLUDE (gender, birth_year): a commune
  or an arrondissement already in name order; it replaces `access_person_by_home` of 0005
  ((home_id, id) INCLUDE (gender, birth_year)), and still serves the counts and representation
  figures of a unit from the index alone.

Measured on the load bench's 1,000,000 members, first and 20th page: a commune 0.5–12 ms, Taounate
(16,600 members) 1–15 ms, Casablanca (87,500) 0.5–6.5 ms, where the whole scope was counted and sorted
before (0.3–0.6 s for a province, 2.2 s for the country). An earlier index on the name alone, with the
scope as a path prefix through a join, had PostgreSQL walk the whole name index for one commune (2 s);
this migration drops it (`access_person_by_name`) from databases that still hold it.
"""

from django.db import migrations

CREATE = {
    "postgresql": [
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS access_person_name_order "
        "ON people_person (full_name_ar, id) INCLUDE (home_id)",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS access_person_by_home_name "
        "ON people_person (home_id, full_name_ar, id) INCLUDE (gender, birth_year)",
    ],
    "default": [
        "CREATE INDEX IF NOT EXISTS access_person_name_order ON people_person (full_name_ar, id, home_id)",
        "CREATE INDEX IF NOT EXISTS access_person_by_home_name "
        "ON people_person (home_id, full_name_ar, id, gender, birth_year)",
    ],
}
HOME_0005 = {
    "postgresql": "CREATE INDEX CONCURRENTLY IF NOT EXISTS access_person_by_home "
    "ON people_person (home_id, id) INCLUDE (gender, birth_year)",
    "default": "CREATE INDEX IF NOT EXISTS access_person_by_home ON people_person (home_id, id, gender, birth_year)",
}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("DROP INDEX IF EXISTS access_person_by_name")
    for statement in CREATE.get(vendor, CREATE["default"]):
        schema_editor.execute(statement)
    schema_editor.execute("DROP INDEX IF EXISTS access_person_by_home")


def drop(apps, schema_editor):
    schema_editor.execute(HOME_0005.get(schema_editor.connection.vendor, HOME_0005["default"]))
    schema_editor.execute("DROP INDEX IF EXISTS access_person_by_home_name")
    schema_editor.execute("DROP INDEX IF EXISTS access_person_name_order")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("access", "0005_scoped_read_indexes")]

    operations = [migrations.RunPython(create, drop)]
