from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tanzim.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore an archive into an empty database (new SQLite file or empty PostgreSQL database) and verify it."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--sqlite", type=Path, help="path of the new SQLite database file")
        parser.add_argument("--pg-database", help="name of an empty PostgreSQL database")
        parser.add_argument("--no-media", action="store_true", help="do not copy the uploaded files back")

    def handle(
        self, *args, archive: Path, sqlite: Path | None, pg_database: str | None, no_media: bool, **options
    ):
        media = None if no_media or not getattr(settings, "MEDIA_ROOT", "") else Path(settings.MEDIA_ROOT)
        try:
            restored = backup_restore(archive, sqlite_path=sqlite, pg_database=pg_database, media_root=media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored and verified: {restored.tables} tables, {restored.rows} rows.")
