"""Three indexes on the name-word links instead of six.

The links had the primary key, the unique (word, person), (person, word), (word, home, person) and
Django's own index on each foreign key: every link of a roll import wrote six index entries, and at
a million members (4.1 million links, 670 MB of indexes) the roll import took 597 s where it took
321 s before (word, home, person) came. Now: the primary key, the unique (person, word), which also
answers "does this person have this word", and (word, home, person), which answers "who has this
word" in some units or in the whole country.

SQLite rebuilds the table to change its constraints: the triggers of migration 0007 are dropped
first (a rebuilt table loses its own, and SQLite refuses to rename a table while a trigger names a
dropped one) and created again at the end.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

HOME = importlib.import_module("tanzim.people.migrations.0007_person_word_home")


def sqlite_triggers_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in HOME.SQLITE_DOWN:
            schema_editor.execute(statement)


def sqlite_triggers_create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in HOME.SQLITE_UP[:2]:  # the two triggers (not the filling of existing links)
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_person_word_home"),
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(sqlite_triggers_drop, sqlite_triggers_create),
        migrations.RemoveConstraint(
            model_name="personword",
            name="person_word_unique",
        ),
        migrations.RemoveIndex(
            model_name="personword",
            name="person_word_by_person",
        ),
        migrations.AlterField(
            model_name="personword",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="name_words",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="personword",
            name="word",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="people",
                to="people.nameword",
            ),
        ),
        migrations.AddConstraint(
            model_name="personword",
            constraint=models.UniqueConstraint(fields=("person", "word"), name="person_word_unique"),
        ),
        migrations.RunPython(sqlite_triggers_create, sqlite_triggers_drop),
    ]
