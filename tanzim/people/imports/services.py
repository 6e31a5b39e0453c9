"""Writes of the roll import: create an import, give its mapping, run it, decide on candidates.

The web page calls `import_create` with the uploaded file, then `import_enqueue` (a background
task runs `import_run`) and polls `RollImport` counters; the command `people_import_roll` calls
`import_create` and `import_run` directly with a progress bar.

A run reads the file in batches (5,000 rows). Each batch is checked (values, duplicates within
the file, then against the recorded people) and committed in ONE transaction together with its
issues, the counters and the checkpoint. A run killed at any point keeps whole batches only, and
the next run skips exactly the committed rows (re-reading them only to know what the file held).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from contextlib import closing
from itertools import islice
from pathlib import Path
from typing import IO

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from tanzim.access.scope import scope_for
from tanzim.access.services import audit_record
from tanzim.people.import_models import UNFINISHED_STATUSES
from tanzim.people.imports.checking import REJECTED, Issue, RowChecker, RowData
from tanzim.people.imports.dedup import db_check, file_check
from tanzim.people.imports.headers import column_keys, mapping_check, mapping_from_user
from tanzim.people.imports.reading import Sniffed, UnreadableFile, data_rows, file_sniff
from tanzim.people.imports.report import report_write
from tanzim.people.imports.scratch import FileIndex
from tanzim.people.imports.values import cell_text
from tanzim.people.imports.writing import (
    BatchWriter,
    CopyWriter,
    WriteConflict,
    WriteContext,
    issues_write,
    local_organs_map,
    writer_for,
)
from tanzim.people.members import member_numbers_reserve
from tanzim.people.models import (
    IssueResolution,
    IssueSeverity,
    Membership,
    Person,
    RollImport,
    RollImportIssue,
    RollImportStatus,
)
from tanzim.people.services import person_update

BATCH_SIZE = 5000
CONFLICT_RETRIES = 3
# Batches of all imports take turns on PostgreSQL, so that two imports of overlapping files
# cannot both create the same person without a CIN (no constraint could catch that).
ADVISORY_LOCK_KEY = 7_261_004_221
MERGEABLE_CODES = {
    "similar_in_file",
    "similar_person",
    "cin_exists_different",
    "person_exists_different",
    "person_not_member",
}

ProgressCallback = Callable[[RollImport], None]


class ImportNotRunnable(ValueError):
    """The import waits for its column mapping, or is already done."""


class ConcurrentRun(RuntimeError):
    """Another process is running the same import (it committed the batch this one was on)."""


def file_sha256(handle: IO[bytes]) -> str:
    handle.seek(0)
    digest = hashlib.sha256()
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def _sniffed_apply(roll_import: RollImport, sniffed: Sniffed) -> None:
    roll_import.file_format = sniffed.file_format
    roll_import.encoding = sniffed.encoding
    roll_import.delimiter = sniffed.delimiter
    roll_import.sheet = sniffed.sheet
    roll_import.header_row = sniffed.header_row
    roll_import.headers = sniffed.headers
    roll_import.rows_total = sniffed.rows_estimate


def import_create(
    *,
    user: User,
    file: File | str | Path,
    original_name: str = "",
    dry_run: bool = False,
    mapping: dict | None = None,
    header_row: int | None = None,
    sheet: str = "",
) -> RollImport:
    """Store the file, sniff it (format, encoding, delimiter, header row, columns) and create the
    import: "queued" when every needed column is found, else "needs_mapping" (see
    `import_mapping_set`). The importer's scope is kept with the import; an import runs within it.

    Raises PermissionDenied for a user with no territory, ValidationError for a file that is not
    a CSV or XLSX roll, or a mapping naming unknown fields or columns.
    """
    scope = scope_for(user)
    if scope.empty:
        raise PermissionDenied("no territory to import into")
    if isinstance(file, str | Path):
        path = Path(file)
        with path.open("rb") as handle:
            return import_create(
                user=user,
                file=File(handle, name=path.name),
                original_name=original_name or path.name,
                dry_run=dry_run,
                mapping=mapping,
                header_row=header_row,
                sheet=sheet,
            )
    original_name = os.path.basename(original_name or file.name or "roll.csv")[:255]
    sha256 = file_sha256(file)
    roll_import = RollImport(
        created_by=user,
        scope_paths=list(scope.paths),
        original_name=original_name,
        sha256=sha256,
        file_size=file.size or 0,
        dry_run=dry_run,
    )
    roll_import.file.save(original_name, file, save=False)
    try:
        with roll_import.file.open("rb") as handle:
            sniffed = file_sniff(handle, sheet=sheet, header_row=header_row)
    except (UnreadableFile, KeyError) as error:
        roll_import.file.delete(save=False)
        raise ValidationError(
            {
                "file": "الملف ليس جدولا مقروءا (CSV أو XLSX) / Le fichier n'est pas un tableau lisible (CSV ou XLSX)"
            }
        ) from error
    _sniffed_apply(roll_import, sniffed)
    found = mapping_from_user(mapping, sniffed.headers) if mapping else sniffed.mapping
    roll_import.mapping = found.as_json()
    roll_import.status = RollImportStatus.QUEUED if found.complete else RollImportStatus.NEEDS_MAPPING
    roll_import.save()
    return roll_import


def import_mapping_set(
    *, roll_import: RollImport, mapping: dict, by: User, header_row: int | None = None
) -> RollImport:
    """Give the columns (by index or title) for the fields detection missed or got wrong.

    The import becomes "queued" when the mapping is complete; it stays "needs_mapping" otherwise.
    """
    if roll_import.status not in (RollImportStatus.NEEDS_MAPPING, RollImportStatus.QUEUED):
        raise ImportNotRunnable("the mapping can only change before the import runs")
    if header_row is not None and header_row != roll_import.header_row:
        with roll_import.file.open("rb") as handle:
            _sniffed_apply(roll_import, file_sniff(handle, sheet=roll_import.sheet, header_row=header_row))
    found = mapping_from_user(mapping, roll_import.headers)
    roll_import.mapping = found.as_json()
    roll_import.status = RollImportStatus.QUEUED if found.complete else RollImportStatus.NEEDS_MAPPING
    roll_import.save()
    return roll_import


def import_enqueue(*, roll_import: RollImport) -> str:
    """Run the import in the background (django-tasks); returns the task result id."""
    from tanzim.people.tasks import roll_import_run

    if roll_import.status not in UNFINISHED_STATUSES:
        raise ImportNotRunnable(roll_import.status)
    return roll_import_run.enqueue(roll_import.pk).id


def _raw(cells: list[object], keys: list[str]) -> dict[str, str]:
    raw = {}
    for index, cell in enumerate(cells):
        text = cell_text(cell)
        key = keys[index] if index < len(keys) else f"#{index + 1}"
        if text or index < len(keys):
            raw[key] = text
    return raw


class _Run:
    """One run of one import: the checker, the file index and the writer, batch after batch."""

    def __init__(self, roll_import: RollImport, *, writer: str | None):
        self.roll_import = roll_import
        self.checker = RowChecker(mapping=roll_import.mapping, scope_paths=roll_import.scope_paths)
        self.index = FileIndex()
        self.writer: BatchWriter | CopyWriter = writer_for(writer)
        self.keys = column_keys(list(roll_import.headers or []))
        now = timezone.now()
        self.context = WriteContext(
            import_id=roll_import.pk,
            original_name=roll_import.original_name,
            user_id=roll_import.created_by_id,
            now=now,
            today=timezone.localdate(now),
            local_organs={} if roll_import.dry_run else local_organs_map(),
        )
        self.checkpoint = roll_import.checkpoint

    def _check(self, chunk: list[tuple[int, list[object]]]) -> tuple[list[RowData], dict[int, list[Issue]]]:
        valid: list[RowData] = []
        issues: dict[int, list[Issue]] = {}
        for row, cells in chunk:
            data, found = self.checker.check(cells, row=row)
            if data is None:
                issues[row] = found
            else:
                valid.append(data)
        return valid, issues

    def replay(self, chunk: list[tuple[int, list[object]]]) -> None:
        """Rows committed by an earlier run: only what the file index needs."""
        valid, _issues = self._check(chunk)
        _verdicts, entries = file_check(valid, self.index)
        entries.commit(self.index, {})

    def batch(self, chunk: list[tuple[int, list[object]]]) -> None:
        valid, issues = self._check(chunk)
        verdicts, entries = file_check(valid, self.index)
        for data, verdict in zip(valid, verdicts, strict=True):
            if verdict.issue is not None:
                issues[data.row] = [verdict.issue]
        cells = dict(chunk)
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                persons = self._commit(chunk, valid, verdicts, issues, cells)
                break
            except WriteConflict:
                if attempt == CONFLICT_RETRIES:
                    raise
        entries.commit(self.index, persons)
        self.checkpoint += len(chunk)

    @transaction.atomic
    def _commit(self, chunk, valid, verdicts, file_issues, cells) -> dict[int, int]:
        ri = self.roll_import
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
                # A batch commits with its checkpoint: should the server itself crash before the
                # commit reaches the disk, the batch is simply done again on resume.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        claimed = RollImport.objects.filter(pk=ri.pk, checkpoint=self.checkpoint).update(
            heartbeat_at=timezone.now()
        )
        if not claimed:
            raise ConcurrentRun(f"import #{ri.pk} moved past row {self.checkpoint} in another process")
        outcome = db_check(valid, verdicts, scope_paths=ri.scope_paths, dry_run=ri.dry_run)
        persons: dict[int, int] = dict(outcome.unchanged)
        if outcome.new and not ri.dry_run:
            given = [d.number for d in outcome.new]
            reserved = iter(member_numbers_reserve(sum(1 for n in given if not n)))
            numbers = [n or next(reserved) for n in given]
            persons.update(self.writer.write(outcome.new, numbers, self.context))
        for issue, other_row in outcome.pending_candidates:
            issue.candidate_id = persons.get(other_row)
        by_row: dict[int, list[Issue]] = {row: list(found) for row, found in file_issues.items()}
        for issue in outcome.issues:
            by_row.setdefault(issue.row, []).append(issue)
        rejected = sum(1 for found in by_row.values() if any(i.severity == REJECTED for i in found))
        doubtful = len(by_row) - rejected
        issues_write(
            ri.pk, [(issue, _raw(cells[row], self.keys)) for row in sorted(by_row) for issue in by_row[row]]
        )
        created, unchanged = len(outcome.new), len(outcome.unchanged)
        RollImport.objects.filter(pk=ri.pk).update(
            checkpoint=self.checkpoint + len(chunk),
            rows_done=F("rows_done") + len(chunk),
            ok=F("ok") + created + unchanged,
            created=F("created") + created,
            unchanged=F("unchanged") + unchanged,
            rejected=F("rejected") + rejected,
            doubtful=F("doubtful") + doubtful,
        )
        return persons


def import_run(
    *,
    roll_import: RollImport,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
    writer: str | None = None,
) -> RollImport:
    """Run (or resume at its checkpoint) an import to the end; write its report; audit it.

    `on_progress` gets the import (counters refreshed) after every committed batch. `writer`
    forces "copy" or "batch" (tests compare both); by default COPY on PostgreSQL.
    A failure leaves the import "failed" with the error, everything committed kept; running it
    again resumes.
    """
    roll_import = RollImport.objects.get(pk=roll_import.pk)
    if roll_import.status == RollImportStatus.DONE:
        return roll_import
    if (
        roll_import.status == RollImportStatus.NEEDS_MAPPING
        or not mapping_check(roll_import.mapping).complete
    ):
        raise ImportNotRunnable("the columns must be matched first (import_mapping_set)")
    resumed_at = roll_import.checkpoint
    RollImport.objects.filter(pk=roll_import.pk).update(
        status=RollImportStatus.RUNNING, started_at=Coalesce(F("started_at"), timezone.now()), error=""
    )
    run = _Run(roll_import, writer=writer)
    try:
        with (
            roll_import.file.open("rb") as handle,
            closing(
                data_rows(
                    handle,
                    file_format=roll_import.file_format,
                    encoding=roll_import.encoding,
                    delimiter=roll_import.delimiter,
                    sheet=roll_import.sheet,
                    header_row=roll_import.header_row or 0,
                    headers=list(roll_import.headers or []),
                )
            ) as rows,
        ):
            to_replay = roll_import.checkpoint
            while to_replay > 0:
                chunk = list(islice(rows, min(batch_size, to_replay)))
                if not chunk:
                    break
                run.replay(chunk)
                to_replay -= len(chunk)
            while chunk := list(islice(rows, batch_size)):
                run.batch(chunk)
                if on_progress is not None:
                    roll_import.refresh_from_db()
                    on_progress(roll_import)
    except ConcurrentRun:
        run.index.close()
        raise
    except Exception as error:
        run.index.close()
        RollImport.objects.filter(pk=roll_import.pk).update(
            status=RollImportStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        roll_import.refresh_from_db()
        _audit(roll_import, resumed_at=resumed_at)
        raise
    run.index.close()
    roll_import.refresh_from_db()
    report_write(roll_import)
    with transaction.atomic():
        RollImport.objects.filter(pk=roll_import.pk).update(
            status=RollImportStatus.DONE, finished_at=timezone.now(), rows_total=F("rows_done")
        )
        roll_import.refresh_from_db()
        _audit(roll_import, resumed_at=resumed_at)
    _statistics_refresh(roll_import)
    if on_progress is not None:
        on_progress(roll_import)
    return roll_import


# After a large import PostgreSQL's planner statistics are stale until autovacuum catches up, and
# name searches can pick a full scan meanwhile (measured: p95 about four times slower).
ANALYZE_AFTER_ROWS = 10_000


def _statistics_refresh(roll_import: RollImport) -> None:
    if connection.vendor != "postgresql" or roll_import.dry_run or roll_import.created < ANALYZE_AFTER_ROWS:
        return
    with connection.cursor() as cursor:
        for table in ("people_person", "people_membership", "people_personword", "people_nameword"):
            cursor.execute(f"ANALYZE {table}")


def _audit(roll_import: RollImport, *, resumed_at: int) -> None:
    audit_record(
        user=roll_import.created_by,
        action="people.import",
        target=roll_import.original_name,
        count=roll_import.rows_done,
        import_id=roll_import.pk,
        dry_run=roll_import.dry_run,
        status=roll_import.status,
        sha256=roll_import.sha256,
        resumed_at=resumed_at,
        created=roll_import.created,
        unchanged=roll_import.unchanged,
        rejected=roll_import.rejected,
        doubtful=roll_import.doubtful,
    )


# Decisions on doubtful rows -------------------------------------------------------------------


def _decidable(issue: RollImportIssue, by: User) -> RowData:
    """The row of a doubtful issue, checked again; refuses what cannot be decided, or not by `by`."""
    roll_import = issue.roll_import
    if issue.severity != IssueSeverity.DOUBTFUL or issue.code not in MERGEABLE_CODES:
        raise ValidationError("هذا السطر لا يحتمل الدمج / Cette ligne ne se prête pas à une fusion")
    if issue.resolution:
        raise ValidationError("سبق البت في هذا السطر / Cette ligne a déjà été tranchée")
    if roll_import.dry_run:
        raise ValidationError(
            "استيراد تجريبي لم يسجل شيئا: استورد الملف فعليا أولا / "
            "Essai sans enregistrement : importer le fichier d'abord"
        )
    scope = scope_for(by)
    checker = RowChecker(mapping=roll_import.mapping, scope_paths=list(scope.paths))
    keys = column_keys(list(roll_import.headers or []))
    cells: list[object] = [issue.raw.get(key, "") for key in keys]
    data, problems = checker.check(cells, row=issue.row)
    if data is None:
        raise ValidationError([f"{p.message_ar} / {p.message_fr}" for p in problems])
    if issue.candidate_id is not None and not scope.contains(issue.candidate.home):
        raise PermissionDenied("candidate outside the scope")
    return data


def _resolve(issue: RollImportIssue, *, by: User, resolution: str, person: Person) -> None:
    now = timezone.now()
    RollImportIssue.objects.filter(roll_import_id=issue.roll_import_id, row=issue.row, resolution="").update(
        resolution=resolution, resolved_by=by, resolved_at=now, resolved_person=person
    )
    issue.refresh_from_db()


def _context(issue: RollImportIssue, by: User) -> WriteContext:
    now = timezone.now()
    return WriteContext(
        import_id=issue.roll_import_id,
        original_name=issue.roll_import.original_name,
        user_id=by.pk,
        now=now,
        today=timezone.localdate(now),
        local_organs=local_organs_map(),
    )


@transaction.atomic
def import_candidate_keep_separate(*, issue: RollImportIssue, by: User) -> Person:
    """The doubtful row is somebody else: store it as a new person and member."""
    data = _decidable(issue, by)
    if data.cin and Person.objects.filter(cin=data.cin).exists():
        raise ValidationError(
            {"cin": f"رقم البطاقة الوطنية «{data.cin}» مسجل من قبل / CIN « {data.cin} » déjà enregistrée"}
        )
    if data.number and Membership.objects.filter(number=data.number).exists():
        raise ValidationError(
            {"number": f"رقم المنخرط «{data.number}» مستعمل / N° d'adhérent « {data.number} » déjà attribué"}
        )
    numbers = [data.number or member_numbers_reserve(1)[0]]
    try:
        person_id = BatchWriter().write([data], numbers, _context(issue, by))[data.row]
    except WriteConflict as error:
        raise ValidationError(str(error)) from error
    person = Person.objects.get(pk=person_id)
    _resolve(issue, by=by, resolution=IssueResolution.KEPT_SEPARATE, person=person)
    audit_record(
        user=by,
        action="people.import.keep_separate",
        target=str(person.pk),
        import_id=issue.roll_import_id,
        row=issue.row,
    )
    return person


@transaction.atomic
def import_candidate_merge(*, issue: RollImportIssue, by: User) -> Person:
    """The doubtful row is the candidate person: fill what the candidate lacks from the row
    (Latin name, CIN, phone, birth year, gender, commune) and make them a member if they are not.
    Values the candidate already has are kept, even when the row differs."""
    data = _decidable(issue, by)
    if issue.candidate_id is None:
        raise ValidationError("لا يوجد شخص مقترح للدمج / Aucune personne proposée pour la fusion")
    person = Person.objects.select_for_update().get(pk=issue.candidate_id)
    changes: dict[str, object] = {}
    if data.full_name_latin and not person.full_name_latin:
        changes["full_name_latin"] = data.full_name_latin
    if data.cin and not person.cin and not Person.objects.filter(cin=data.cin).exists():
        changes["cin"] = data.cin
    if data.phone and not person.phone:
        changes["phone"] = data.phone
    if data.birth_year and not person.birth_year:
        changes["birth_year"] = data.birth_year
    if data.gender and not person.gender:
        changes["gender"] = data.gender
    if person.commune_id is None:
        changes["commune_id"] = data.home_id
    if changes:
        person._change_reason = f"roll import #{issue.roll_import_id}, row {issue.row}: merge"
        person._history_user = by
        person_update(person=person, **changes)
    if not Membership.objects.filter(person=person).exists():
        context = _context(issue, by)
        number = data.number
        if not number or Membership.objects.filter(number=number).exists():
            number = member_numbers_reserve(1)[0]
        membership = Membership(
            person=person,
            number=number,
            joined_on=data.joined_on,
            local_organ_id=context.local_organs.get(data.home_id),
            status=data.status,
            status_changed_on=data.joined_on,
            roll_checked_on=context.today,
            source=context.membership_source(issue.row),
        )
        membership._change_reason = context.history_reason
        membership._history_user = by
        membership.full_clean()
        membership.save()
    _resolve(issue, by=by, resolution=IssueResolution.MERGED, person=person)
    audit_record(
        user=by,
        action="people.import.merge",
        target=str(person.pk),
        import_id=issue.roll_import_id,
        row=issue.row,
        filled=sorted(changes),
    )
    return person
