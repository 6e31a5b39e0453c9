"""Daily: remind local secretaries of the end of the registration period on the electoral lists.
Running it twice sends nothing new (each reminder is recorded once per period and unit)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from tanzim.elections.services import registration_remind


class Command(BaseCommand):
    help = (
        "Send an in-app reminder to every local secretary when the official registration period "
        "ends within its reminder window. Safe to run again: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="run as if on this day (YYYY-MM-DD)")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be a date, YYYY-MM-DD.") from error
        sent = registration_remind(today=today)
        self.stdout.write(f"Registration reminders sent: {sent}.")
