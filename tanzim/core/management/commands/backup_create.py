from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tanzim.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one consistent .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path, help="archive path (default var/backups/tanzim-<time>.tar.gz)"
        )

    def handle(self, *args, out: Path | None, **options):
        out = out or Path("var/backups") / f"tanzim-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup_create(out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"{out}: {len(manifest['tables'])} tables, {rows} rows ({manifest['vendor']}).")
