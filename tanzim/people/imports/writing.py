"""Writing a batch of new members: people, memberships, the name index and the history, set-based.

Person and membership ids are allocated first (PostgreSQL: from their sequences in one query;
SQLite: after the highest id ever given, under the write lock the batch transaction holds), so
every table is written with plain multi-row statements and no row-by-row round trip:

- `CopyWriter` (PostgreSQL, the default there): the batch is COPied into a temporary staging
  table, then one INSERT … SELECT per table with ON CONFLICT DO NOTHING guards; if a guard skipped
  a row (somebody else stored that CIN or member number meanwhile) the batch raises
  `WriteConflict` and is checked again.
- `BatchWriter` (SQLite, and PostgreSQL on request): batched `executemany` inserts of the same
  values, with the same guards.

Both run inside the caller's batch transaction and store exactly the same rows (a test imports one
file both ways on PostgreSQL and compares; both legs of CI compare with the same expected rows).
What they write matches what the services write one at a time: `Person` with its name keys,
`Membership`, the name index of `tanzim.people.search` (`NameWord`, `PersonWord`) and one "+"
history row per person and membership (django-simple-history), by the importing user.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection

from tanzim.organs.models import Organ, OrganKind
from tanzim.people.imports.checking import Issue, RowData
from tanzim.people.matching import index_words
from tanzim.people.models import NameWord

_WORD_MAX = NameWord._meta.get_field("word").max_length
_SKELETON_MAX = NameWord._meta.get_field("skeleton").max_length


class WriteConflict(Exception):
    """A CIN or member number of the batch was stored by somebody else since it was checked."""


@dataclass(frozen=True)
class WriteContext:
    import_id: int
    original_name: str
    user_id: int | None
    now: datetime.datetime
    today: datetime.date
    local_organs: dict[int, int]

    def person_source(self, row: int) -> str:
        return f"roll import #{self.import_id} ({self.original_name}), row {row}"

    def membership_source(self, row: int) -> str:
        return f"roll import #{self.import_id}, row {row}"[:200]

    @property
    def history_reason(self) -> str:
        return f"roll import #{self.import_id}"


def local_organs_map() -> dict[int, int]:
    """Territory id → its active local secretariat (non-provisional first, then the oldest);
    the rule of `tanzim.people.members.local_organ_for`, for every territory at once."""
    found: dict[int, int] = {}
    rows = (
        Organ.objects.filter(kind=OrganKind.LOCAL_SECRETARIAT, status="active")
        .order_by("provisional", "pk")
        .values_list("territory_id", "pk")
    )
    for territory_id, organ_id in rows:
        found.setdefault(territory_id, organ_id)
    return found


def _history_enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


def ids_allocate(cursor, table: str, count: int) -> list[int]:
    """`count` fresh primary keys for `table` (its sequence on PostgreSQL; on SQLite after the
    highest id ever given — AUTOINCREMENT's own counter — under the transaction's write lock)."""
    if count <= 0:
        return []
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
        )
        return [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
    last = cursor.fetchone()[0]
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    last = max(last, cursor.fetchone()[0])
    return list(range(last + 1, last + 1 + count))


def _name_words(d: RowData) -> dict[str, str]:
    """What `tanzim.people.search.person_index_names` indexes for a person: word → skeleton."""
    words: dict[str, str] = {}
    for name in (d.full_name_ar, d.full_name_latin):
        for word, skeleton in index_words(name):
            words[word[:_WORD_MAX]] = skeleton[:_SKELETON_MAX]
    return words


_PERSON_COLUMNS = (
    "id, full_name_ar, full_name_latin, honorific, gender, birth_year, phone, cin, commune_id, home_id, "
    "name_key_ar, name_key_latin, source, created_at"
)
_MEMBERSHIP_COLUMNS = (
    "id, person_id, number, joined_on, local_organ_id, status, status_reason, status_changed_on, "
    "consent_on, consent_scope, roll_checked_on, source"
)
_HISTORY_PERSON_COLUMNS = (
    "id, full_name_ar, full_name_latin, honorific, gender, birth_year, phone, cin, commune_id, home_id, "
    "name_key_ar, name_key_latin, source, created_at, history_date, history_change_reason, history_type, "
    "history_user_id"
)
_HISTORY_MEMBERSHIP_COLUMNS = (
    "id, person_id, number, joined_on, local_organ_id, status, status_reason, status_changed_on, "
    "consent_on, consent_scope, roll_checked_on, source, history_date, history_change_reason, history_type, "
    "history_user_id"
)


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


class BatchWriter:
    """Batched multi-row inserts (`executemany`), any database: the SQLite path."""

    name = "batch"

    def write(self, rows: list[RowData], numbers: list[str], ctx: WriteContext) -> dict[int, int]:
        """Store the rows; return row number → new person id."""
        if not rows:
            return {}
        ops = connection.ops
        now = ops.adapt_datetimefield_value(ctx.now)
        today = ops.adapt_datefield_value(ctx.today)
        with connection.cursor() as cursor:
            person_ids = ids_allocate(cursor, "people_person", len(rows))
            membership_ids = ids_allocate(cursor, "people_membership", len(rows))
            people = [
                (
                    pid,
                    d.full_name_ar,
                    d.full_name_latin,
                    "",
                    d.gender,
                    d.birth_year,
                    d.phone,
                    d.cin,
                    d.home_id,
                    d.home_id,
                    d.name_key_ar,
                    d.name_key_latin,
                    ctx.person_source(d.row),
                    now,
                )
                for pid, d in zip(person_ids, rows, strict=True)
            ]
            memberships = [
                (
                    mid,
                    pid,
                    number,
                    ops.adapt_datefield_value(d.joined_on),
                    ctx.local_organs.get(d.home_id),
                    d.status,
                    "",
                    ops.adapt_datefield_value(d.joined_on),
                    None,
                    "",
                    today,
                    ctx.membership_source(d.row),
                )
                for mid, pid, d, number in zip(membership_ids, person_ids, rows, numbers, strict=True)
            ]
            try:
                cursor.executemany(
                    f"INSERT INTO people_person ({_PERSON_COLUMNS}) VALUES ({_marks(14)})", people
                )
                cursor.executemany(
                    f"INSERT INTO people_membership ({_MEMBERSHIP_COLUMNS}) VALUES ({_marks(12)})",
                    memberships,
                )
            except IntegrityError as error:
                raise WriteConflict(str(error)) from error
            self._index_names(cursor, rows, person_ids)
            if _history_enabled():
                extra = (now, ctx.history_reason, "+", ctx.user_id)
                cursor.executemany(
                    f"INSERT INTO people_historicalperson ({_HISTORY_PERSON_COLUMNS}) VALUES ({_marks(18)})",
                    [(*person, *extra) for person in people],
                )
                cursor.executemany(
                    f"INSERT INTO people_historicalmembership ({_HISTORY_MEMBERSHIP_COLUMNS}) "
                    f"VALUES ({_marks(16)})",
                    [(*membership, *extra) for membership in memberships],
                )
        return {d.row: pid for d, pid in zip(rows, person_ids, strict=True)}

    @staticmethod
    def _index_names(cursor, rows: list[RowData], person_ids: list[int]) -> None:
        links: list[tuple[int, str]] = []
        skeletons: dict[str, str] = {}
        for pid, d in zip(person_ids, rows, strict=True):
            for word, skeleton in _name_words(d).items():
                skeletons[word] = skeleton
                links.append((pid, word))
        cursor.executemany(
            "INSERT INTO people_nameword (word, skeleton) VALUES (%s, %s) ON CONFLICT (word) DO UPDATE "
            "SET skeleton = excluded.skeleton WHERE people_nameword.skeleton <> excluded.skeleton",
            sorted(skeletons.items()),
        )
        ids: dict[str, int] = {}
        words = sorted(skeletons)
        for start in range(0, len(words), 500):
            chunk = words[start : start + 500]
            cursor.execute(
                f"SELECT word, id FROM people_nameword WHERE word IN ({_marks(len(chunk))})", chunk
            )
            ids.update(cursor.fetchall())
        cursor.executemany(
            "INSERT INTO people_personword (person_id, word_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [(pid, ids[word]) for pid, word in links],
        )


_STAGE = "people_roll_stage"
_WORDS = "people_roll_words"
_STAGE_COLUMNS = [
    ("row_no", "integer"),
    ("person_id", "bigint"),
    ("membership_id", "bigint"),
    ("full_name_ar", "varchar(200)"),
    ("full_name_latin", "varchar(200)"),
    ("gender", "varchar(1)"),
    ("birth_year", "smallint"),
    ("phone", "varchar(16)"),
    ("cin", "varchar(8)"),
    ("home_id", "bigint"),
    ("name_key_ar", "varchar(200)"),
    ("name_key_latin", "varchar(200)"),
    ("person_source", "text"),
    ("number", "varchar(20)"),
    ("joined_on", "date"),
    ("local_organ_id", "bigint"),
    ("status", "varchar(16)"),
    ("membership_source", "varchar(200)"),
]
_STAGE_PERSON = (
    "person_id, full_name_ar, full_name_latin, '', gender, birth_year, phone, cin, home_id, home_id, "
    "name_key_ar, name_key_latin, person_source, %s"
)
_STAGE_MEMBERSHIP = (
    "membership_id, person_id, number, joined_on, local_organ_id, status, '', joined_on, NULL, '', %s, "
    "membership_source"
)


class CopyWriter:
    """PostgreSQL: COPY into a temporary staging table, then one INSERT … SELECT per table."""

    name = "copy"

    def write(self, rows: list[RowData], numbers: list[str], ctx: WriteContext) -> dict[int, int]:
        if not rows:
            return {}
        n = len(rows)
        with connection.cursor() as cursor:
            columns = ", ".join(f"{name} {kind}" for name, kind in _STAGE_COLUMNS)
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} ({columns}) ON COMMIT DELETE ROWS")
            cursor.execute(f"TRUNCATE {_STAGE}")  # when batches run inside an outer transaction
            person_ids = ids_allocate(cursor, "people_person", n)
            membership_ids = ids_allocate(cursor, "people_membership", n)
            names = ", ".join(name for name, _kind in _STAGE_COLUMNS)
            with cursor.cursor.copy(f"COPY {_STAGE} ({names}) FROM STDIN") as copy:
                for pid, mid, d, number in zip(person_ids, membership_ids, rows, numbers, strict=True):
                    copy.write_row(
                        (
                            d.row,
                            pid,
                            mid,
                            d.full_name_ar,
                            d.full_name_latin,
                            d.gender,
                            d.birth_year,
                            d.phone,
                            d.cin,
                            d.home_id,
                            d.name_key_ar,
                            d.name_key_latin,
                            ctx.person_source(d.row),
                            number,
                            d.joined_on,
                            ctx.local_organs.get(d.home_id),
                            d.status,
                            ctx.membership_source(d.row),
                        )
                    )
            cursor.execute(
                f"WITH inserted AS (INSERT INTO people_person ({_PERSON_COLUMNS}) "
                f"SELECT {_STAGE_PERSON} FROM {_STAGE} ORDER BY row_no "
                "ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM inserted",
                [ctx.now],
            )
            if cursor.fetchone()[0] != n:
                raise WriteConflict("CIN")
            cursor.execute(
                f"WITH inserted AS (INSERT INTO people_membership ({_MEMBERSHIP_COLUMNS}) "
                f"SELECT {_STAGE_MEMBERSHIP} FROM {_STAGE} ORDER BY row_no "
                "ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM inserted",
                [ctx.today],
            )
            if cursor.fetchone()[0] != n:
                raise WriteConflict("number")
            self._index_names(cursor, rows, person_ids)
            if _history_enabled():
                cursor.execute(
                    f"INSERT INTO people_historicalperson ({_HISTORY_PERSON_COLUMNS}) "
                    f"SELECT {_STAGE_PERSON}, %s, %s, '+', %s FROM {_STAGE} ORDER BY row_no",
                    [ctx.now, ctx.now, ctx.history_reason, ctx.user_id],
                )
                cursor.execute(
                    f"INSERT INTO people_historicalmembership ({_HISTORY_MEMBERSHIP_COLUMNS}) "
                    f"SELECT {_STAGE_MEMBERSHIP}, %s, %s, '+', %s FROM {_STAGE} ORDER BY row_no",
                    [ctx.today, ctx.now, ctx.history_reason, ctx.user_id],
                )
        return {d.row: pid for d, pid in zip(rows, person_ids, strict=True)}

    @staticmethod
    def _index_names(cursor, rows: list[RowData], person_ids: list[int]) -> None:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {_WORDS} (person_id bigint, word varchar({_WORD_MAX}), "
            f"skeleton varchar({_SKELETON_MAX})) ON COMMIT DELETE ROWS"
        )
        cursor.execute(f"TRUNCATE {_WORDS}")
        with cursor.cursor.copy(f"COPY {_WORDS} (person_id, word, skeleton) FROM STDIN") as copy:
            for pid, d in zip(person_ids, rows, strict=True):
                for word, skeleton in _name_words(d).items():
                    copy.write_row((pid, word, skeleton))
        cursor.execute(
            "INSERT INTO people_nameword (word, skeleton) SELECT DISTINCT ON (word) word, skeleton "
            f"FROM {_WORDS} ORDER BY word ON CONFLICT (word) DO UPDATE SET skeleton = EXCLUDED.skeleton "
            "WHERE people_nameword.skeleton <> EXCLUDED.skeleton"
        )
        cursor.execute(
            # With the person's unit (which the insert trigger would otherwise look up row by row).
            "INSERT INTO people_personword (person_id, word_id, home_id) SELECT w.person_id, n.id, p.home_id "
            f"FROM {_WORDS} w JOIN people_nameword n ON n.word = w.word "
            "JOIN people_person p ON p.id = w.person_id ON CONFLICT DO NOTHING"
        )


_ISSUE_COLUMNS = (
    "roll_import_id, row, severity, field, code, message_ar, message_fr, raw, candidate_id, related_row, "
    "resolution, resolved_by_id, resolved_at, resolved_person_id"
)


def issues_write(import_id: int, issues: list[tuple[Issue, dict[str, str]]]) -> None:
    """Store a batch's issues with their raw rows: COPY on PostgreSQL, executemany elsewhere (the
    ORM's bulk_create costs ten times more on a file where most rows are bad)."""
    rows = [
        (
            import_id,
            issue.row,
            issue.severity,
            issue.field,
            issue.code,
            issue.message_ar,
            issue.message_fr,
            json.dumps(raw, ensure_ascii=False),
            issue.candidate_id,
            issue.related_row,
            "",
            None,
            None,
            None,
        )
        for issue, raw in issues
    ]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY people_rollimportissue ({_ISSUE_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO people_rollimportissue ({_ISSUE_COLUMNS}) VALUES ({_marks(14)})", rows
            )


def writer_for(name: str | None = None) -> BatchWriter | CopyWriter:
    """COPY on PostgreSQL, batched inserts elsewhere; `name` ("copy"/"batch") forces one."""
    if name == "batch":
        return BatchWriter()
    if name == "copy" or (name is None and connection.vendor == "postgresql"):
        if connection.vendor != "postgresql":
            raise ValueError("the COPY writer needs PostgreSQL")
        return CopyWriter()
    return BatchWriter()
