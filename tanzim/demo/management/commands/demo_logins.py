from django.conf import settings
from django.core.management.base import BaseCommand

from tanzim.demo.meetings import DEMO_LOCAL_LOGIN
from tanzim.demo.seeds import DEMO_PASSWORD, LOGINS


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, _person, _national, label in LOGINS:
            self.stdout.write(f"    {username:<10} {label}")
        username, label = DEMO_LOCAL_LOGIN
        self.stdout.write(f"    {username:<10} {label}")
        if settings.TANZIM_TOTP_REQUIRED_FOR_NATIONAL:
            self.stdout.write(
                "  Two-factor codes are required for national admins: at the first sign-in, admin is asked\n"
                "  to scan a QR code with an authenticator app (FreeOTP, Aegis, Google Authenticator…)."
            )
        else:
            self.stdout.write(
                "  Two-factor codes are optional here (TANZIM_TOTP_REQUIRED_FOR_NATIONAL=0, the default with\n"
                "  TANZIM_DEBUG=1); in production national admins such as admin must set up an authenticator\n"
                "  app. To try it: sign in, click your username (Account security)."
            )
