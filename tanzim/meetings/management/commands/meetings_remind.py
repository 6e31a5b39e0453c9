"""Daily reminders: planned meetings coming up get a reminder (in-app notice and e-mail) for every
invited person not yet reminded; late directive targets get an overdue alert for their secretaries.
Running it twice sends nothing new (each reminder and alert is recorded once)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tanzim.meetings.models import Meeting, MeetingStatus
from tanzim.meetings.services import invitations_send, overdue_alerts_send


class Command(BaseCommand):
    help = (
        "Send reminders for planned meetings happening tomorrow (or within --days N) and overdue "
        "alerts for late directives. Safe to run again: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=1,
            help="remind of meetings within this many days (default 1: tomorrow)",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        today = timezone.localdate()
        meetings = Meeting.objects.filter(
            status=MeetingStatus.PLANNED,
            day__gt=today,
            day__lte=today + datetime.timedelta(days=days),
        ).select_related("organ")
        reminded = notices = emails = 0
        for meeting in meetings.order_by("day", "pk"):
            sent = invitations_send(meeting=meeting, reminder=True)
            if sent["notices"]:
                reminded += 1
            notices += sent["notices"]
            emails += sent["emails"]
        alerts = overdue_alerts_send(today=today)
        self.stdout.write(
            f"Reminders: {notices} in-app notices and {emails} e-mails for {reminded} meetings "
            f"(of {meetings.count()} planned within {days} day(s)). Overdue alerts: {alerts}."
        )
