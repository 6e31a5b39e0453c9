"""Duplicates against the people already recorded, and between rows of the file.

`batch_classify` decides, for each valid row of a batch, whether it is new (to create), already
recorded with the same data (unchanged), or doubtful (a merge candidate). Nothing here writes.

Rules:
- CIN: exact. The same CIN with the same data is "unchanged"; with other data it is doubtful.
- Without a CIN match: same commune and birth year, and the name compared across Arabic and Latin
  scripts (`name_similarity`). Two rows or people that both carry a CIN are never the same person
  when their CINs differ. Equal name keys with the same data → unchanged; close names → doubtful.
- A member number already held by somebody else → rejected.
- Within the file: a CIN or member number seen in an earlier row → rejected (first occurrence
  wins); an exact repeat of an earlier row → rejected; a close name → doubtful.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from tanzim.people.imports.checking import DOUBTFUL, REJECTED, Issue, RowData, issue_make
from tanzim.people.imports.scratch import FileIndex, Seen
from tanzim.people.matching import SAME_NAME, name_similarity

SIMILAR = SAME_NAME  # name similarity (0–100) from which two people of one commune and year are doubtful


def names_similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Best similarity (0–100, across scripts) between any name of one side and any of the other."""
    best = 0.0
    others = [y for y in b if y]
    for x in a:
        if not x:
            continue
        for y in others:
            score = name_similarity(x, y)
            if score > best:
                best = score
    return best


@dataclass(slots=True)
class Known:
    """A person already recorded, with the membership fields an import compares."""

    id: int
    cin: str
    full_name_ar: str
    full_name_latin: str
    name_key_ar: str
    name_key_latin: str
    birth_year: int | None
    phone: str
    gender: str
    home_id: int
    membership_id: int | None
    number: str
    joined_on: datetime.date | None
    home_path: str

    @property
    def display_name(self) -> str:
        return self.full_name_ar or self.full_name_latin


_KNOWN_COLUMNS = (
    "p.id, p.cin, p.full_name_ar, p.full_name_latin, p.name_key_ar, p.name_key_latin, p.birth_year, "
    "p.phone, p.gender, p.home_id, m.id, m.number, m.joined_on, h.path"
)
_KNOWN_FROM = (
    "people_person p JOIN territory_territory h ON h.id = p.home_id "
    "LEFT JOIN people_membership m ON m.person_id = p.id"
)


def _known(rows: Iterable[tuple]) -> list[Known]:
    out = []
    for r in rows:
        joined = r[12]
        if isinstance(joined, str):  # SQLite returns dates as text in raw queries
            joined = datetime.date.fromisoformat(joined)
        out.append(Known(*r[:12], joined or None, r[13]))
    return out


def _chunks(values: list, size: int) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _probe(cursor, *, keys: list[tuple], columns: tuple[str, ...], select: str, where: str) -> list[tuple]:
    """`select` FROM … WHERE `where`, once per key (`where` uses w.<column> for the key's values).

    PostgreSQL: the keys as a VALUES list, each probed through CROSS JOIN LATERAL with an OFFSET 0
    fence, so every key is one index lookup whatever the size of the tables — with a plain join
    the planner would rather hash the whole people table for a few thousand keys. SQLite: the same
    as a join, which its planner always does by index, in chunks under its parameter limit.
    """
    rows: list[tuple] = []
    width = len(columns)
    marks = "(" + ", ".join(["%s"] * width) + ")"
    names = ", ".join(columns)
    for chunk in _chunks(keys, 30000 // width):
        values = ", ".join([marks] * len(chunk))
        params = [v for key in chunk for v in key]
        if connection.vendor == "postgresql":
            sql = (
                f"SELECT k.* FROM (VALUES {values}) AS w({names}) CROSS JOIN LATERAL "
                f"(SELECT {select} WHERE {where} OFFSET 0) AS k"
            )
        else:
            sql = f"WITH w({names}) AS (VALUES {values}) SELECT {select.replace(' FROM ', ' FROM w, ', 1)} WHERE {where}"
        cursor.execute(sql, params)
        rows += cursor.fetchall()
    return rows


def known_by_cin(cins: Iterable[str]) -> dict[str, Known]:
    keys = [(cin,) for cin in sorted(set(cins))]
    with connection.cursor() as cursor:
        rows = _probe(
            cursor,
            keys=keys,
            columns=("cin",),
            select=f"{_KNOWN_COLUMNS} FROM {_KNOWN_FROM}",
            where="p.cin = w.cin AND p.cin <> ''",  # `<> ''`: the partial unique index applies
        )
    return {known.cin: known for known in _known(rows)}


def known_numbers(numbers: Iterable[str]) -> dict[str, int]:
    """Member number → id of the person holding it."""
    keys = [(number,) for number in sorted(set(numbers))]
    with connection.cursor() as cursor:
        rows = _probe(
            cursor,
            keys=keys,
            columns=("number",),
            select="n.number, n.person_id FROM people_membership n",
            where="n.number = w.number",
        )
    return dict(rows)


def known_in_blocks(wanted: dict[tuple[int, int], bool]) -> dict[tuple[int, int], list[Known]]:
    """People of each (commune, birth year) block — year 0 meaning unknown; only those without a
    CIN when the value is False. Each probe is a range of the (home, birth_year, cin) index of
    migration 0004, `cin = ''` included in the range, so a block of thousands of people with a CIN
    costs nothing to a row that has one."""
    found: dict[tuple[int, int], list[Known]] = {}
    probes = [
        (True, True, "p.home_id = w.home AND p.birth_year = w.year"),
        (True, False, "p.home_id = w.home AND p.birth_year = w.year AND p.cin = ''"),
        (False, True, "p.home_id = w.home AND p.birth_year IS NULL"),
        (False, False, "p.home_id = w.home AND p.birth_year IS NULL AND p.cin = ''"),
    ]
    with connection.cursor() as cursor:
        for dated, everyone, where in probes:
            keys = [
                (h, y) if dated else (h,)
                for (h, y), e in wanted.items()
                if bool(y) == dated and e == everyone
            ]
            if not keys:
                continue
            rows = _probe(
                cursor,
                keys=keys,
                columns=("home", "year") if dated else ("home",),
                select=f"{_KNOWN_COLUMNS} FROM {_KNOWN_FROM}",
                where=where,
            )
            for known in _known(rows):
                found.setdefault((known.home_id, known.birth_year or 0), []).append(known)
    for people in found.values():
        people.sort(key=lambda k: k.id)
    return found


def differences(data: RowData, known: Known) -> list[str]:
    """Fields the row gives that differ from what is recorded (what the row leaves empty is no change)."""
    diff = []
    if data.name_key_ar and data.name_key_ar != known.name_key_ar:
        diff.append("full_name_ar")
    if data.name_key_latin and data.name_key_latin != known.name_key_latin:
        diff.append("full_name_latin")
    provided = data.provided
    if "cin" in provided and data.cin != known.cin:
        diff.append("cin")
    if "birth_year" in provided and data.birth_year != known.birth_year:
        diff.append("birth_year")
    if "phone" in provided and data.phone != known.phone:
        diff.append("phone")
    if "gender" in provided and data.gender != known.gender:
        diff.append("gender")
    if data.home_id != known.home_id:
        diff.append("commune")
    if known.membership_id is not None:
        if "number" in provided and data.number != known.number:
            diff.append("number")
        if "joined_on" in provided and data.joined_on != known.joined_on:
            diff.append("joined_on")
    return diff


@dataclass(slots=True)
class Outcome:
    """What a batch's valid rows come to: rows to create, rows already there, and issues."""

    new: list[RowData] = field(default_factory=list)
    unchanged: dict[int, int] = field(default_factory=dict)  # row → person id
    issues: list[Issue] = field(default_factory=list)
    # doubtful rows whose candidate is the person of an earlier row of this same batch: (issue, row)
    pending_candidates: list[tuple[Issue, int]] = field(default_factory=list)


def _block_key(data: RowData) -> tuple[int, int]:
    return (data.home_id, data.birth_year or 0)


def _same_name(data: RowData, key_ar: str, key_latin: str) -> bool:
    return bool(
        (data.name_key_ar and data.name_key_ar == key_ar)
        or (data.name_key_latin and data.name_key_latin == key_latin)
    )


@dataclass(slots=True)
class FileVerdict:
    """Within-file result for one valid row: rejected (a CIN or number seen before), or similar to
    an earlier row, or clear."""

    issue: Issue | None = None
    similar_to: Seen | None = None
    in_batch: bool = False  # the earlier row is in the same batch


@dataclass(slots=True)
class FileEntries:
    """What a batch adds to the file index once its rows are settled (person ids filled in then)."""

    cins: list[tuple[str, int]] = field(default_factory=list)
    numbers: list[tuple[str, int]] = field(default_factory=list)
    idents: list[RowData] = field(default_factory=list)

    def commit(self, index: FileIndex, persons: dict[int, int]) -> None:
        index.add(
            cins=self.cins,
            numbers=self.numbers,
            idents=[
                (
                    d.home_id,
                    d.birth_year or 0,
                    d.row,
                    int(bool(d.cin)),
                    d.name_key_ar,
                    d.name_key_latin,
                    d.display_name,
                    persons.get(d.row),
                )
                for d in self.idents
            ],
        )


def file_check(rows: list[RowData], index: FileIndex) -> tuple[list[FileVerdict], FileEntries]:
    """Compare each valid row with the earlier rows of the file (the index, then this batch)."""
    earlier_cins = index.cins(d.cin for d in rows if d.cin)
    earlier_numbers = index.numbers(d.number for d in rows if d.number)
    wanted: dict[tuple[int, int], bool] = {}
    for d in rows:
        key = _block_key(d)
        wanted[key] = wanted.get(key, False) or not d.cin
    earlier_blocks = index.blocks(wanted)

    verdicts: list[FileVerdict] = []
    entries = FileEntries()
    batch_cins: dict[str, int] = {}
    batch_numbers: dict[str, int] = {}
    batch_idents: dict[tuple[int, int], list[Seen]] = {}
    for d in rows:
        verdict = FileVerdict()
        first_cin = (earlier_cins.get(d.cin) or batch_cins.get(d.cin)) if d.cin else None
        first_number = (earlier_numbers.get(d.number) or batch_numbers.get(d.number)) if d.number else None
        if first_cin:
            verdict.issue = issue_make(
                row=d.row,
                severity=REJECTED,
                code="cin_duplicate_in_file",
                field="cin",
                value=d.cin,
                other=first_cin,
            )
        elif first_number:
            verdict.issue = issue_make(
                row=d.row,
                severity=REJECTED,
                code="number_duplicate_in_file",
                field="number",
                value=d.number,
                other=first_number,
            )
        else:
            key = _block_key(d)
            best, best_score, in_batch = None, 0.0, False
            for batch_part, seen in ((False, earlier_blocks.get(key, ())), (True, batch_idents.get(key, ()))):
                for other in seen:
                    if d.cin and other.has_cin:
                        continue
                    if _same_name(d, other.key_ar, other.key_latin):
                        score = 100.0
                    else:
                        score = names_similarity(
                            (d.full_name_ar, d.full_name_latin), (other.name, other.key_latin)
                        )
                    if score >= SIMILAR and score > best_score:
                        best, best_score, in_batch = other, score, batch_part
            verdict.similar_to, verdict.in_batch = best, in_batch
        verdicts.append(verdict)
        if verdict.issue is None:
            if d.cin:
                batch_cins[d.cin] = d.row
                entries.cins.append((d.cin, d.row))
            if d.number:
                batch_numbers[d.number] = d.row
                entries.numbers.append((d.number, d.row))
            batch_idents.setdefault(_block_key(d), []).append(
                Seen(d.row, bool(d.cin), d.name_key_ar, d.name_key_latin, d.display_name, None)
            )
            entries.idents.append(d)
    return verdicts, entries


def db_check(
    rows: list[RowData], verdicts: list[FileVerdict], *, scope_paths: list[str], dry_run: bool = False
) -> Outcome:
    """Compare the rows the file let through with the people already recorded.

    Order: a CIN already recorded decides (unchanged, or doubtful with that person); then a close
    earlier row of the file (doubtful); then a person of the same commune, year and name.
    A CIN recorded for somebody outside the importer's territory is rejected without naming them:
    an import must not tell a secretary who, elsewhere, holds a CIN.
    """
    outcome = Outcome()
    candidates = [(d, v) for d, v in zip(rows, verdicts, strict=True) if v.issue is None]
    by_cin = known_by_cin(d.cin for d, _ in candidates if d.cin)
    holders = known_numbers(d.number for d, _ in candidates if d.number)
    wanted: dict[tuple[int, int], bool] = {}
    for d, _ in candidates:
        if d.cin and d.cin in by_cin:
            continue
        key = _block_key(d)
        wanted[key] = wanted.get(key, False) or not d.cin
    blocks = known_in_blocks(wanted) if wanted else {}

    for d, verdict in candidates:
        match: Known | None = by_cin.get(d.cin) if d.cin else None
        code = "cin_exists_different"
        similar: Known | None = None
        if match is None and verdict.similar_to is None:
            exact, best, best_score = [], None, 0.0
            for known in blocks.get(_block_key(d), ()):
                if d.cin and known.cin:
                    continue
                if _same_name(d, known.name_key_ar, known.name_key_latin):
                    exact.append(known)
                    continue
                score = names_similarity(
                    (d.full_name_ar, d.full_name_latin), (known.full_name_ar, known.full_name_latin)
                )
                if score >= SIMILAR and score > best_score:
                    best, best_score = known, score
            if len(exact) == 1:
                match, code = exact[0], "person_exists_different"
            else:
                similar = exact[0] if exact else best

        if match is not None and not any(match.home_path.startswith(p) for p in scope_paths):
            outcome.issues.append(
                issue_make(
                    row=d.row, severity=REJECTED, code="cin_exists_elsewhere", field="cin", value=d.cin
                )
            )
            continue

        holder = holders.get(d.number) if d.number else None
        if holder is not None and (match is None or holder != match.id):
            outcome.issues.append(
                issue_make(row=d.row, severity=REJECTED, code="number_taken", field="number", value=d.number)
            )
            continue

        if match is not None:
            diff = differences(d, match)
            if not diff and match.membership_id is not None:
                outcome.unchanged[d.row] = match.id
                continue
            if not diff:
                code = "person_not_member"
            outcome.issues.append(
                issue_make(
                    row=d.row,
                    severity=DOUBTFUL,
                    code=code,
                    field="cin" if code == "cin_exists_different" else "",
                    value=d.cin,
                    name=match.display_name,
                    fields=diff,
                    candidate_id=match.id,
                )
            )
            continue

        if verdict.similar_to is not None:
            other = verdict.similar_to
            issue = issue_make(
                row=d.row,
                severity=DOUBTFUL,
                code="similar_in_file",
                other=other.row,
                name=other.name,
                related_row=other.row,
            )
            if verdict.in_batch:
                outcome.pending_candidates.append((issue, other.row))
            elif other.person_id:
                issue.candidate_id = other.person_id
            elif not dry_run:  # an earlier row committed before a restart: find its person again
                issue.candidate_id = _person_of_row(d, other)
            outcome.issues.append(issue)
            continue

        if similar is not None:
            outcome.issues.append(
                issue_make(
                    row=d.row,
                    severity=DOUBTFUL,
                    code="similar_person",
                    name=similar.display_name,
                    candidate_id=similar.id,
                )
            )
            continue
        outcome.new.append(d)
    return outcome


def _person_of_row(data: RowData, other: Seen) -> int | None:
    """The person recorded for an earlier row of the file (same commune, year and name keys)."""
    found = known_in_blocks({_block_key(data): True})
    for known in found.get(_block_key(data), ()):
        if (other.key_ar and known.name_key_ar == other.key_ar) or (
            other.key_latin and known.name_key_latin == other.key_latin
        ):
            return known.id
    return None
