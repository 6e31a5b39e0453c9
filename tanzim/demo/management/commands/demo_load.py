from django.core.management.base import BaseCommand

from tanzim.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the seed reports' organs, people, mandates and premises, and the demo logins (idempotent)."

    def handle(self, *args, **options):
        report = demo_load()
        self.stdout.write(
            f"Demo: +{report.organs} organs, +{report.people} people, +{report.mandates} mandates, "
            f"+{report.premises} premises, +{report.members} members, +{report.meetings} meetings, "
            f"+{report.users} logins."
        )
