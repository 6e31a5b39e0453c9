"""Meetings (اجتماعات ولقاءات) and the directives (توجيهات، قرارات) they issue, with their follow-up.

A meeting is convened by an organ, chaired by office holders, attended by people invited one by one
or as groups ("the local secretaries of Taounate province"), and ends with conclusions and
directives. A directive targets organs (by rule, e.g. every local secretariat under Taounate) with a
deadline; each target reports progress and the issuing organ follows it on a board.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanzim.organs.models import Mandate, Organ, OrganKind, Premises
from tanzim.people.models import Person
from tanzim.territory.models import Territory


def _in_french() -> bool:
    return (get_language() or "ar").startswith("fr")


class MeetingKind(models.TextChoices):
    ORGANIZATIONAL = "organizational", _("Organizational meeting")
    COMMUNICATIVE = "communicative", _("Communicative meeting")
    COUNCIL_SESSION = "council_session", _("Council session")
    POLE_MEETING = "pole_meeting", _("Pole meeting")
    VIDEOCONFERENCE = "videoconference", _("Meeting by video-conference")


# How the seeds name each kind, for the communiqué (الاجتماع التنظيمي، اللقاء التواصلي…).
KIND_AR = {
    "organizational": "اجتماعا تنظيميا",
    "communicative": "لقاء تواصليا",
    "council_session": "دورة",
    "pole_meeting": "اجتماعا",
    "videoconference": "اجتماعا عبر تقنية التناظر المرئي",
}
KIND_FR = {
    "organizational": "une réunion organisationnelle",
    "communicative": "une rencontre de communication",
    "council_session": "une session",
    "pole_meeting": "une réunion",
    "videoconference": "une réunion par visioconférence",
}


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


# The status machine: planned → held → minutes approved, or planned → cancelled.
MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.PLANNED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: {MeetingStatus.APPROVED},
    MeetingStatus.APPROVED: set(),
    MeetingStatus.CANCELLED: set(),
}


class PlaceMode(models.TextChoices):
    PREMISES = "premises", _("Party premises")
    ADDRESS = "address", _("Another address")
    ONLINE = "online", _("Online")


class PartOfDay(models.TextChoices):
    UNKNOWN = "", "—"
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


PART_OF_DAY_AR = {"morning": "صباح", "afternoon": "بعد زوال", "evening": "مساء"}


class Meeting(models.Model):
    organ = models.ForeignKey(
        Organ, verbose_name=_("convening organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=MeetingKind.choices)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    day = models.DateField(_("day"), db_index=True)
    day_inferred = models.BooleanField(
        _("year inferred"),
        default=False,
        help_text=_("The source does not state the year; it was inferred (see the basis)."),
    )
    day_basis = models.TextField(_("basis of the date"), blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    part_of_day = models.CharField(
        _("part of the day"), max_length=12, choices=PartOfDay.choices, blank=True, default=""
    )
    place_mode = models.CharField(
        _("place"), max_length=12, choices=PlaceMode.choices, default=PlaceMode.PREMISES
    )
    premises = models.ForeignKey(
        Premises,
        verbose_name=_("premises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_link = models.URLField(_("link of the online meeting"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
        db_index=True,
    )
    context_ar = models.TextField(_("context (Arabic)"), blank=True)
    context_fr = models.TextField(_("context (French)"), blank=True)
    minutes_ar = models.TextField(_("minutes (Arabic)"), blank=True)
    minutes_fr = models.TextField(_("minutes (French)"), blank=True)
    conclusions_ar = models.TextField(_("conclusions (Arabic)"), blank=True)
    conclusions_fr = models.TextField(_("conclusions (French)"), blank=True)
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reason of the cancellation"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-day", "-start_time", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["organ", "day"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_fr if _in_french() and self.title_fr else self.title_ar

    @property
    def conclusions(self) -> str:
        return self.conclusions_fr if _in_french() and self.conclusions_fr else self.conclusions_ar

    @property
    def minutes(self) -> str:
        return self.minutes_fr if _in_french() and self.minutes_fr else self.minutes_ar

    @property
    def is_open(self) -> bool:
        """Planned or held: attendance, agenda and directives may still change."""
        return self.status in (MeetingStatus.PLANNED, MeetingStatus.HELD)

    @property
    def place_label(self) -> str:
        if self.place_mode == PlaceMode.ONLINE:
            return str(_("Online"))
        if self.place_mode == PlaceMode.PREMISES and self.premises_id:
            return str(self.premises)
        return self.address


class MeetingChair(models.Model):
    """Who chaired (ترأس), in the order the report names them, with the title they held that day."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="chairs")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    mandate = models.ForeignKey(
        Mandate, verbose_name=_("as"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="meeting_chair_once")]

    def __str__(self) -> str:
        return f"{self.person} — {self.meeting}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    title_ar = models.CharField(_("item (Arabic)"), max_length=400)
    title_fr = models.CharField(_("item (French)"), max_length=400, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title_fr if _in_french() and self.title_fr else self.title_ar


class GroupRule(models.TextChoices):
    """Invitee groups resolved by rule at the time of inviting (the seeds' attendance lines)."""

    ORGAN_MEMBERS = "organ_members", _("Members of an organ")
    SECRETARIES_UNDER = "secretaries_under", _("Secretaries of organs of a kind within a territory")
    PARLIAMENTARIANS = "parliamentarians", _("Parliamentarians of a territory")
    NATIONAL_COUNCIL = "national_council", _("Members of the national council in a territory")
    ELECTED_OFFICIALS = "elected_officials", _("Elected officials of the party in a territory")
    ACTIVE_MEMBERS = "active_members", _("Active members within a territory")
    NAMED = "named", _("A group named only (nobody listed by name)")


class InviteeGroup(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitee_groups")
    rule = models.CharField(_("rule"), max_length=24, choices=GroupRule.choices)
    organ = models.ForeignKey(
        Organ, verbose_name=_("organ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organ_kind = models.CharField(
        _("kind of organ"), max_length=32, choices=OrganKind.choices, blank=True, default=""
    )
    label_ar = models.CharField(_("as the report names them (Arabic)"), max_length=300)
    label_fr = models.CharField(_("as the report names them (French)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    attended = models.BooleanField(
        _("attended"), default=True, help_text=_("The group was present (named in the report).")
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label_fr if _in_french() and self.label_fr else self.label_ar


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class CheckIn(models.TextChoices):
    NONE = "", "—"
    NUMBER = "number", _("Member number")
    NAME = "name", _("Name search")
    CARD = "card", _("Card QR code")
    LIST = "list", _("Attendance list")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        InviteeGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )
    invited = models.BooleanField(_("invited"), default=True)
    status = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    checked_in_by = models.CharField(
        _("recorded by"), max_length=8, choices=CheckIn.choices, blank=True, default=""
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "person__full_name_ar"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")]
        indexes = [models.Index(fields=["person", "meeting"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"


class Deadline(models.TextChoices):
    NONE = "", _("No deadline")
    DATE = "date", _("A date")
    DAYS = "days", _("Within days")
    WEEKS = "weeks", _("Within weeks")
    MONTHS = "months", _("Within months")


class Indicator(models.TextChoices):
    NONE = "", _("No indicator")
    ACTIVE_LOCAL_SHARE = (
        "active_local_share",
        _("Share of communes with an active local secretariat"),
    )
    REPORTED_NUMBER = "reported_number", _("A number each target reports")


class Directive(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("issuing organ"), on_delete=models.PROTECT, related_name="directives"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text_ar = models.TextField(_("directive (Arabic)"))
    text_fr = models.TextField(_("directive (French)"), blank=True)
    issued_on = models.DateField(_("issued on"))
    deadline_kind = models.CharField(
        _("deadline"), max_length=8, choices=Deadline.choices, blank=True, default=""
    )
    deadline_amount = models.PositiveSmallIntegerField(_("within"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    target_kind = models.CharField(
        _("target organs: kind"), max_length=32, choices=OrganKind.choices, blank=True, default=""
    )
    target_territory = models.ForeignKey(
        Territory,
        verbose_name=_("target organs: within"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.CharField(
        _("indicator"), max_length=24, choices=Indicator.choices, blank=True, default=""
    )
    indicator_goal = models.DecimalField(_("goal"), max_digits=8, decimal_places=2, null=True, blank=True)
    indicator_label = models.CharField(_("indicator (label)"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-issued_on", "meeting", "order", "pk"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_fr if _in_french() and self.text_fr else self.text_ar

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return bool(self.due_on and self.due_on < (today or timezone.localdate()))


class TargetStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class DirectiveTarget(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="targets")
    organ = models.ForeignKey(
        Organ, verbose_name=_("target organ"), on_delete=models.PROTECT, related_name="directive_targets"
    )
    status = models.CharField(
        _("progress"), max_length=12, choices=TargetStatus.choices, default=TargetStatus.NOT_STARTED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    indicator_value = models.DecimalField(
        _("indicator value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["directive", "organ__territory__path"]
        constraints = [models.UniqueConstraint(fields=["directive", "organ"], name="directive_target_once")]
        indexes = [models.Index(fields=["organ", "status"])]

    def __str__(self) -> str:
        return f"{self.organ} — {self.get_status_display()}"

    def is_late(self, today: datetime.date | None = None) -> bool:
        """Not done by the deadline, or done after it."""
        due = self.directive.due_on
        if not due:
            return False
        if self.status == TargetStatus.DONE:
            return bool(self.done_on and self.done_on > due)
        return due < (today or timezone.localdate())


def evidence_path(instance: ProgressReport, filename: str) -> str:
    return f"directives/{instance.target.directive_id}/{instance.target.organ_id}/{filename}"


class ProgressReport(models.Model):
    target = models.ForeignKey(DirectiveTarget, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("progress"), max_length=12, choices=TargetStatus.choices)
    note = models.TextField(_("note"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    indicator_value = models.DecimalField(
        _("indicator value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.target} — {self.created_at:%Y-%m-%d}"
