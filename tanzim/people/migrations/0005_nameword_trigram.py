"""PostgreSQL only: pg_trgm and a GIN trigram index on lower(NameWord.word), for similar spellings.

The index is on the expression lower(word), not on the column: pg_trgm 1.6 makes `=` indexable by
GIN, and the planner then chose the trigram index for large `word IN (...)` lists (seconds instead
of milliseconds). On the expression, equality and prefix lookups keep the B-tree indexes, and
`tanzim.people.search` queries `lower(word) % 'query'`.

On SQLite (and any other database) this migration does nothing: search falls back to skeleton
lookups and rapidfuzz. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may
create it.
"""

from django.db import migrations

INDEX_NAME = "people_nameword_word_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    table = apps.get_model("people", "NameWord")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(INDEX_NAME)} ON {quote(table)} USING gin (lower({quote('word')}) gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX_NAME)}")


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0004_roll_imports"),
    ]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
