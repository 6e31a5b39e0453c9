"""Import a membership roll (CSV or XLSX) with a progress bar; resumes an interrupted import.

    manage.py people_import_roll roll.xlsx --user najjari --dry-run
    manage.py people_import_roll roll.csv --user najjari --mapping '{"full_name": "الاسم", "commune": 4}'
    manage.py people_import_roll roll.csv --user najjari            # resumes if it was cut off
    manage.py people_import_roll roll.csv --user najjari --resume 12

Starting the same file (same content) again for the same user continues its unfinished import
from the last committed batch; a finished one is imported anew (which changes nothing).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tanzim.people.import_models import UNFINISHED_STATUSES
from tanzim.people.imports.headers import FIELD_LABELS, MappingError, mapping_check
from tanzim.people.imports.queries import import_find_unfinished, import_for_user
from tanzim.people.imports.services import (
    BATCH_SIZE,
    file_sha256,
    import_create,
    import_mapping_set,
    import_run,
)
from tanzim.people.models import RollImport, RollImportStatus


class Command(BaseCommand):
    help = "Import a membership roll (CSV or XLSX, Arabic or French headers) within the user's territory."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the importer (their scope applies)")
        parser.add_argument("--dry-run", action="store_true", help="check everything, store no person")
        parser.add_argument(
            "--mapping",
            default="",
            help='JSON: {"field": column index or title, …} for columns not recognised',
        )
        parser.add_argument("--header-row", type=int, default=None, help="row of the column titles (0: none)")
        parser.add_argument("--sheet", default="", help="XLSX sheet (default: the first)")
        parser.add_argument("--resume", type=int, default=None, metavar="IMPORT_ID")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--writer", choices=["copy", "batch"], default=None, help=""" "copy" needs PostgreSQL"""
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        mapping = self._mapping(options["mapping"])
        path: Path = options["file"]
        roll_import = self._import(user, path, options, mapping)

        if roll_import.status == RollImportStatus.NEEDS_MAPPING:
            if mapping:
                try:
                    roll_import = import_mapping_set(
                        roll_import=roll_import, mapping=mapping, by=user, header_row=options["header_row"]
                    )
                except MappingError as error:
                    raise CommandError(str(error)) from error
            if roll_import.status == RollImportStatus.NEEDS_MAPPING:
                raise CommandError(self._mapping_help(roll_import))

        if roll_import.checkpoint:
            self.stdout.write(
                f"Resuming import #{roll_import.pk} after {roll_import.checkpoint} committed rows "
                "(re-reading them first)."
            )
        bar = None
        if not options["no_progress"]:
            bar = tqdm(
                total=roll_import.rows_total,
                initial=roll_import.checkpoint,
                unit="row",
                unit_scale=True,
                desc=f"import #{roll_import.pk}" + (" (dry run)" if roll_import.dry_run else ""),
                file=sys.stderr,
            )

        def progress(current: RollImport) -> None:
            if bar is not None:
                if current.rows_done > (bar.total or 0) and current.status != RollImportStatus.DONE:
                    bar.total = None
                bar.update(current.rows_done - bar.n)

        try:
            roll_import = import_run(
                roll_import=roll_import,
                batch_size=options["batch_size"],
                on_progress=progress,
                writer=options["writer"],
            )
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(
            f"Import #{roll_import.pk} {roll_import.status}: {roll_import.rows_done} rows — "
            f"{roll_import.created} {'to create' if roll_import.dry_run else 'created'}, "
            f"{roll_import.unchanged} unchanged, {roll_import.rejected} rejected, {roll_import.doubtful} doubtful."
        )
        if roll_import.report:
            self.stdout.write(f"Report: {roll_import.report.path}")

    @staticmethod
    def _mapping(raw: str) -> dict | None:
        if not raw:
            return None
        try:
            mapping = json.loads(raw)
        except json.JSONDecodeError as error:
            raise CommandError(f"--mapping is not JSON: {error}") from error
        if not isinstance(mapping, dict):
            raise CommandError('--mapping must be a JSON object: {"field": column}')
        return mapping

    def _import(self, user: User, path: Path, options: dict, mapping: dict | None) -> RollImport:
        if options["resume"] is not None:
            try:
                roll_import = import_for_user(user, options["resume"])
            except Exception as error:
                raise CommandError(f"no import #{options['resume']} for {user.username}") from error
            if roll_import.status not in (*UNFINISHED_STATUSES, RollImportStatus.NEEDS_MAPPING):
                raise CommandError(f"import #{roll_import.pk} is {roll_import.status}: nothing to resume")
            return roll_import
        if not path.is_file():
            raise CommandError(f"no file {path}")
        with path.open("rb") as handle:
            sha256 = file_sha256(handle)
        found = import_find_unfinished(user=user, sha256=sha256, dry_run=options["dry_run"])
        if found is not None:
            return found
        try:
            return import_create(
                user=user,
                file=path,
                dry_run=options["dry_run"],
                mapping=mapping,
                header_row=options["header_row"],
                sheet=options["sheet"],
            )
        except PermissionDenied as error:
            raise CommandError(f"{user.username} has no territory to import into") from error
        except (ValidationError, MappingError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error

    @staticmethod
    def _mapping_help(roll_import: RollImport) -> str:
        check = mapping_check(roll_import.mapping)
        lines = [f"Import #{roll_import.pk}: the columns need matching (--mapping)."]
        lines.append(f"Header row {roll_import.header_row}:")
        for index, title in enumerate(roll_import.headers):
            fields = [name for name, cols in roll_import.mapping.items() if index in cols]
            lines.append(f"  {index}: {title!r}" + (f" → {', '.join(fields)}" if fields else ""))
        for name in check.missing:
            ar, fr = FIELD_LABELS.get(name, (name, name))
            lines.append(f"Missing: {name} ({ar} / {fr})")
        for name, cols in check.ambiguous.items():
            lines.append(f"Ambiguous: {name} in columns {cols}")
        lines.append(
            'Example: --mapping \'{"full_name": 0, "commune": "الجماعة"}\' '
            "(fields: full_name, last_name, first_name, cin, phone, commune, commune_code, province, "
            "birth_date, gender, joined_on, number, status)"
        )
        return "\n".join(lines)
