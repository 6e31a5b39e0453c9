import getpass

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from tanzim.access.services import totp_reset


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes (phone and recovery codes lost); "
        "a national admin enrols again at the next sign-in. Audited (totp.reset)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--operator", default="", help="who does it, for the audit log (default: the OS user)"
        )

    def handle(self, *args, username: str, operator: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if not totp_reset(user=user, operator=operator or getpass.getuser()):
            raise CommandError(f"{username} has no authenticator app.")
        self.stdout.write(
            f"Two-factor authentication removed for {username}: new enrolment at the next sign-in."
        )
