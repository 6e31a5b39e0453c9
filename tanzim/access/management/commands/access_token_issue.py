import datetime

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from tanzim.access.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once (only its digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=90, help="validity in days (default 90)")
        parser.add_argument("--label", default="")

    def handle(self, *args, username: str, days: int, label: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        key = api_token_issue(user=user, label=label, valid_for=datetime.timedelta(days=days))
        self.stdout.write(key)
