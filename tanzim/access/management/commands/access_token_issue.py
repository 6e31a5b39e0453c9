import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tanzim.access.services import API_RESOURCES, api_token_issue
from tanzim.territory.models import Territory


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once (only its digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=90, help="validity in days (default 90)")
        parser.add_argument("--label", default="")
        parser.add_argument(
            "--territory", default="", help="limit the token to this unit and below (a code, e.g. 03.531)"
        )
        parser.add_argument(
            "--resources",
            default="",
            help=f"limit the token to these parts of the API, comma-separated: {', '.join(API_RESOURCES)}",
        )

    def handle(self, *args, username: str, days: int, label: str, territory: str, resources: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        unit = None
        if territory:
            unit = Territory.objects.filter(code=territory).first()
            if unit is None:
                raise CommandError(f"No unit with the code {territory!r}.")
        try:
            key = api_token_issue(
                user=user,
                label=label,
                valid_for=datetime.timedelta(days=days),
                territory=unit,
                resources=[r.strip() for r in resources.split(",") if r.strip()],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(key)
