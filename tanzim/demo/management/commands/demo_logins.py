from django.core.management.base import BaseCommand

from tanzim.demo.seeds import DEMO_PASSWORD, LOGINS


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, _person, _national, label in LOGINS:
            self.stdout.write(f"    {username:<10} {label}")
