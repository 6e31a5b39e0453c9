"""The person's unit of residence on the name-word links, kept by the database.

A name search inside a province intersected the links of its words for the whole country (a family
name shared by 25,000 people, a first name by 40,000) before keeping the province's people. With the
unit on the link and the index (word, home, person), it reads only the links of the province's units.

The copy is kept by triggers, so that no writer can forget it (the ORM, the roll import's bulk SQL,
an update of the person's residence by any path): on insert of a link without a unit, the person's
unit is filled in; on a change of `people_person.home_id`, the person's links follow. A link written
with its unit (the roll import does) costs the trigger nothing.

Applying it fills the unit of every existing link and builds the index: 2 min 4 s for the load
bench's 4.1 million links (1,000,000 members) on 2 CPUs, during which writes to the links wait.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL_UP = [
    """CREATE OR REPLACE FUNCTION people_personword_home_fill() RETURNS trigger AS $$
    BEGIN
        SELECT home_id INTO NEW.home_id FROM people_person WHERE id = NEW.person_id;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER people_personword_home_fill BEFORE INSERT ON people_personword
    FOR EACH ROW WHEN (NEW.home_id IS NULL) EXECUTE FUNCTION people_personword_home_fill()""",
    """CREATE OR REPLACE FUNCTION people_person_home_follow() RETURNS trigger AS $$
    BEGIN
        UPDATE people_personword SET home_id = NEW.home_id WHERE person_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER people_person_home_follow AFTER UPDATE OF home_id ON people_person
    FOR EACH ROW WHEN (OLD.home_id IS DISTINCT FROM NEW.home_id) EXECUTE FUNCTION people_person_home_follow()""",
    "UPDATE people_personword w SET home_id = p.home_id FROM people_person p WHERE p.id = w.person_id",
]

POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS people_person_home_follow ON people_person",
    "DROP FUNCTION IF EXISTS people_person_home_follow()",
    "DROP TRIGGER IF EXISTS people_personword_home_fill ON people_personword",
    "DROP FUNCTION IF EXISTS people_personword_home_fill()",
]

SQLITE_UP = [
    """CREATE TRIGGER people_personword_home_fill AFTER INSERT ON people_personword
    FOR EACH ROW WHEN NEW.home_id IS NULL BEGIN
        UPDATE people_personword SET home_id = (SELECT home_id FROM people_person WHERE id = NEW.person_id)
        WHERE id = NEW.id;
    END""",
    """CREATE TRIGGER people_person_home_follow AFTER UPDATE OF home_id ON people_person
    FOR EACH ROW WHEN OLD.home_id IS NOT NEW.home_id BEGIN
        UPDATE people_personword SET home_id = NEW.home_id WHERE person_id = NEW.id;
    END""",
    """UPDATE people_personword SET home_id =
        (SELECT home_id FROM people_person WHERE people_person.id = people_personword.person_id)""",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS people_person_home_follow",
    "DROP TRIGGER IF EXISTS people_personword_home_fill",
]


def up(apps, schema_editor):
    statements = POSTGRESQL_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    for statement in statements:
        schema_editor.execute(statement)


def down(apps, schema_editor):
    statements = POSTGRESQL_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_person_word_by_person"),
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="personword",
            name="home",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="territory.territory",
            ),
        ),
        migrations.RunPython(up, down),
        migrations.AddIndex(
            model_name="personword",
            index=models.Index(fields=["word", "home", "person"], name="person_word_by_home"),
        ),
    ]
