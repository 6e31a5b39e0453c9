from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tanzim.territory.services import CORRECTIONS_FILE, HCP_DIR, TerritoryDataError, territory_load


class Command(BaseCommand):
    help = "Load (or refresh) Morocco's regions, provinces, communes and arrondissements from the HCP files."

    def add_arguments(self, parser):
        parser.add_argument("--hcp-dir", type=Path, default=HCP_DIR, help="folder with the HCP CSV files")
        parser.add_argument("--corrections", type=Path, default=CORRECTIONS_FILE)

    def handle(self, *args, hcp_dir: Path, corrections: Path, **options):
        try:
            report = territory_load(hcp_dir=hcp_dir, corrections_file=corrections)
        except TerritoryDataError as error:
            raise CommandError(str(error)) from error
        if report.changed:
            self.stdout.write(
                f"Territory loaded: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged; aliases +{report.aliases_created} -{report.aliases_deleted}; "
                f"cercles +{report.cercles_created}."
            )
        else:
            self.stdout.write(f"Territory already up to date ({report.unchanged} units), nothing changed.")
