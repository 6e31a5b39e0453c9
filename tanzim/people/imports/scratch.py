"""What the file already contained, for duplicates within the file, in flat memory.

A private temporary SQLite database (``sqlite3.connect("")``: on disk, deleted when closed, and
never left behind even by kill -9) holds, for the rows accepted so far: CIN → first row, member
number → first row, and (commune, birth year) → rows with their name keys. A 1,000,000-row file
needs a few tens of MB of disk here instead of hundreds of MB of Python objects.

The index depends on the file only (not on the database), so a resumed run rebuilds it by
re-reading the rows before the checkpoint, and finds exactly what the first run found.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

_CHUNK = 900  # SQLite host parameters per statement, with room to spare


@dataclass(frozen=True, slots=True)
class Seen:
    row: int
    has_cin: bool
    key_ar: str
    key_latin: str
    name: str
    person_id: int | None


class FileIndex:
    def __init__(self) -> None:
        self.without_cin = 0  # rows indexed without a CIN (none: rows with a CIN need no look-up)
        self.db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self.db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -16000;
            PRAGMA temp_store = FILE;
            CREATE TABLE cin (cin TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE num (num TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE ident (
                home INTEGER NOT NULL, year INTEGER NOT NULL, row INTEGER NOT NULL,
                has_cin INTEGER NOT NULL, key_ar TEXT NOT NULL, key_latin TEXT NOT NULL,
                name TEXT NOT NULL, person INTEGER
            );
            CREATE INDEX ident_block ON ident (home, year, has_cin);
            CREATE TABLE want (home INTEGER NOT NULL, year INTEGER NOT NULL, everyone INTEGER NOT NULL);
            """
        )

    def close(self) -> None:
        self.db.close()

    def _lookup(self, table: str, column: str, values: Iterable[str]) -> dict[str, int]:
        values = list(values)
        found: dict[str, int] = {}
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                self.db.execute(f"SELECT {column}, row FROM {table} WHERE {column} IN ({marks})", chunk)
            )
        return found

    def cins(self, values: Iterable[str]) -> dict[str, int]:
        return self._lookup("cin", "cin", values)

    def numbers(self, values: Iterable[str]) -> dict[str, int]:
        return self._lookup("num", "num", values)

    def blocks(self, wanted: dict[tuple[int, int], bool]) -> dict[tuple[int, int], list[Seen]]:
        """Rows of each (commune, year) block; all of them when the value is True, else only those
        without a CIN (a row with a CIN cannot be the same person as another row with a CIN)."""
        wanted = wanted if self.without_cin else {key: True for key, everyone in wanted.items() if everyone}
        if not wanted:
            return {}
        self.db.execute("BEGIN")
        self.db.execute("DELETE FROM want")
        self.db.executemany(
            "INSERT INTO want VALUES (?, ?, ?)", [(h, y, int(a)) for (h, y), a in wanted.items()]
        )
        found: dict[tuple[int, int], list[Seen]] = {}
        for home, year, row, has_cin, key_ar, key_latin, name, person in self.db.execute(
            "SELECT i.home, i.year, i.row, i.has_cin, i.key_ar, i.key_latin, i.name, i.person "
            "FROM want w JOIN ident i ON i.home = w.home AND i.year = w.year "
            "AND (w.everyone = 1 OR i.has_cin = 0) ORDER BY i.row"
        ):
            found.setdefault((home, year), []).append(
                Seen(row, bool(has_cin), key_ar, key_latin, name, person)
            )
        self.db.execute("COMMIT")
        return found

    def add(
        self,
        *,
        cins: list[tuple[str, int]],
        numbers: list[tuple[str, int]],
        idents: list[tuple[int, int, int, int, str, str, str, int | None]],
    ) -> None:
        """Record a batch: (cin, row), (number, row), (home, year, row, has_cin, key_ar, key_latin, name, person)."""
        self.db.execute("BEGIN")
        self.db.executemany("INSERT OR IGNORE INTO cin VALUES (?, ?)", cins)
        self.db.executemany("INSERT OR IGNORE INTO num VALUES (?, ?)", numbers)
        self.db.executemany("INSERT INTO ident VALUES (?, ?, ?, ?, ?, ?, ?, ?)", idents)
        self.without_cin += sum(1 for ident in idents if not ident[3])
        self.db.execute("COMMIT")
