"""Citizens' issues and files (قضايا وملفات المواطنين), ethics complaints (شكايات) and the needs
reported for premises (مقرات).

A citizen's file is taken by an organ (a local secretariat at its desk, or the local secretariat of
the citizen's commune for the public form), routed to a parliamentarian for that territory, raised
with the government (a written or oral question) and answered. Its steps are `CaseEvent`s; the public
part of each step is what the citizen reads through the private follow link.

A complaint goes to the competent arbitration and ethics committee; it is confidential to that
committee and the parties (see `tanzim.casework.queries.complaints_visible`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanzim.organs.models import Organ, Premises
from tanzim.people.models import Person
from tanzim.territory.models import Territory


def _in_french() -> bool:
    return (get_language() or "ar").startswith("fr")


# --- Citizens' files ------------------------------------------------------------------------------


class CaseCategory(models.TextChoices):
    ADMINISTRATION = "administration", _("Administrative procedure")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Employment")
    HOUSING = "housing", _("Housing and urban planning")
    INFRASTRUCTURE = "infrastructure", _("Roads, water and electricity")
    SOCIAL = "social", _("Social support")
    ENVIRONMENT = "environment", _("Environment and sanitation")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_STUDY = "under_study", _("Under study")
    FORWARDED = "forwarded", _("Forwarded to a parliamentarian")
    RAISED = "raised", _("Raised with the government")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# Which status may follow which. Any open file may be closed (with a reason given to the citizen).
CASE_TRANSITIONS: dict[str, list[str]] = {
    CaseStatus.RECEIVED: [CaseStatus.UNDER_STUDY, CaseStatus.CLOSED],
    CaseStatus.UNDER_STUDY: [CaseStatus.FORWARDED, CaseStatus.CLOSED],
    CaseStatus.FORWARDED: [CaseStatus.RAISED, CaseStatus.CLOSED],
    CaseStatus.RAISED: [CaseStatus.ANSWERED, CaseStatus.CLOSED],
    CaseStatus.ANSWERED: [CaseStatus.CLOSED],
    CaseStatus.CLOSED: [],
}
OPEN_STATUSES = [
    CaseStatus.RECEIVED,
    CaseStatus.UNDER_STUDY,
    CaseStatus.FORWARDED,
    CaseStatus.RAISED,
]
# Service levels when no `ServiceLevel` row says otherwise: days a file may stay in a status.
DEFAULT_SERVICE_DAYS: dict[str, int] = {
    CaseStatus.RECEIVED: 7,
    CaseStatus.UNDER_STUDY: 14,
    CaseStatus.FORWARDED: 15,
    CaseStatus.RAISED: 60,
}


class Channel(models.TextChoices):
    DESK = "desk", _("At a party office")
    PUBLIC_FORM = "public_form", _("Public web form")


class QuestionKind(models.TextChoices):
    NONE = "", "—"
    WRITTEN = "written", _("Written question")
    ORAL = "oral", _("Oral question")


class ServiceLevel(models.Model):
    """How many days a file may stay in a status before it is overdue (set by national admins)."""

    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days"))

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.days}"


class CaseFileQuerySet(models.QuerySet["CaseFile"]):
    def open(self) -> CaseFileQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, days: dict[str, int], now: datetime.datetime | None = None) -> CaseFileQuerySet:
        """Open files that stayed longer in their status than its service level allows."""
        now = now or timezone.now()
        query = Q(pk__in=[])
        for status, limit in days.items():
            if status in OPEN_STATUSES:
                query |= Q(status=status, status_changed_at__lt=now - datetime.timedelta(days=limit))
        return self.filter(query)


class CaseFile(models.Model):
    """A citizen's issue or file. The citizen's contact details are personal data: only the organ
    that took the file, the organs above it and the assigned parliamentarian read them."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organ = models.ForeignKey(
        Organ, verbose_name=_("organ in charge"), on_delete=models.PROTECT, related_name="case_files"
    )
    commune = models.ForeignKey(
        Territory, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="case_files"
    )
    category = models.CharField(_("category"), max_length=16, choices=CaseCategory.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    citizen_name = models.CharField(_("citizen's name"), max_length=200)
    citizen_phone = models.CharField(_("phone"), max_length=16, blank=True)
    citizen_email = models.EmailField(_("e-mail"), blank=True)
    consent_at = models.DateTimeField(_("consent to processing given at"))
    consent_text = models.TextField(_("text of the consent"))
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    parliamentarian = models.ForeignKey(
        Person,
        verbose_name=_("parliamentarian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_files",
    )
    question_kind = models.CharField(
        _("kind of question"), max_length=8, choices=QuestionKind.choices, blank=True, default=""
    )
    question_reference = models.CharField(_("question reference"), max_length=60, blank=True)
    question_date = models.DateField(_("question date"), null=True, blank=True)
    answer = models.TextField(_("government's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # Only the SHA-256 of the private follow link's token (the link is shown once, like a password).
    follow_digest = models.CharField(max_length=64, unique=True)
    visitor = models.CharField(max_length=64, blank=True, help_text="keyed hash of the sender (public form)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.TextField(_("source"), blank=True)

    objects = CaseFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("citizen's file")
        verbose_name_plural = _("citizens' files")
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            models.Index(fields=["visitor", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["forwarded", "raised", "answered"])
                | Q(parliamentarian__isnull=False),
                name="casefile_forwarded_has_parliamentarian",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(models.Model):
    """A step of a file. `public_note` is read by the citizen; `internal_note` never leaves the party."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices)
    public_note = models.TextField(_("note for the citizen"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.status} {self.at:%Y-%m-%d}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="casework/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class VisitorHit(models.Model):
    """Public-form sends and failed follow-link lookups, by keyed hash of the visitor (no address is
    stored), for rate limits. Rows older than a day serve nothing and may be purged."""

    kind = models.CharField(max_length=16)
    visitor = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "visitor", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


# --- Ethics and arbitration -----------------------------------------------------------------------


class ComplaintCategory(models.TextChoices):
    CARD_REFUSED = "card_refused", _("Membership card refused")
    PREMISES_REFUSED = "premises_refused", _("Access to party premises refused")
    ORGAN_DECISION = "organ_decision", _("Decision of an organ")
    OTHER = "other", _("Other")


class RespondentKind(models.TextChoices):
    ORGAN = "organ", _("An organ")
    PERSON = "person", _("A person")


class ComplaintStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    HEARING_SET = "hearing_set", _("Hearing set")
    DECIDED = "decided", _("Decided")
    APPEALED = "appealed", _("Appealed to the national committee")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Complaint upheld")
    PARTLY_UPHELD = "partly_upheld", _("Complaint partly upheld")
    REJECTED = "rejected", _("Complaint rejected")
    INADMISSIBLE = "inadmissible", _("Complaint inadmissible")


APPEAL_DAYS = 30  # a party may appeal within this many days of the decision


class Complaint(models.Model):
    """A member's complaint to an arbitration and ethics committee. Confidential: only the members of
    the committee (and of the first committee after an appeal), the complainant and the respondent
    (the person, or the secretary of the organ) may see it."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    complainant = models.ForeignKey(
        Person, verbose_name=_("complainant"), on_delete=models.PROTECT, related_name="complaints_filed"
    )
    recorded_by_organ = models.ForeignKey(
        Organ,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_recorded",
    )
    category = models.CharField(_("category"), max_length=20, choices=ComplaintCategory.choices)
    respondent_kind = models.CharField(_("against"), max_length=8, choices=RespondentKind.choices)
    respondent_organ = models.ForeignKey(
        Organ,
        verbose_name=_("organ complained against"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_against",
    )
    respondent_person = models.ForeignKey(
        Person,
        verbose_name=_("person complained against"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_against",
    )
    decision_complained_of = models.CharField(_("decision complained of"), max_length=300, blank=True)
    description = models.TextField(_("facts"))
    committee = models.ForeignKey(
        Organ, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="complaints"
    )
    first_committee = models.ForeignKey(
        Organ,
        verbose_name=_("committee of first instance"),
        on_delete=models.PROTECT,
        related_name="complaints_first_instance",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.FILED
    )
    filed_on = models.DateField(_("filed on"), default=timezone.localdate)
    hearing_at = models.DateTimeField(_("hearing"), null=True, blank=True)
    hearing_place = models.CharField(_("place of the hearing"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    appeal_reasons = models.TextField(_("grounds of appeal"), blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=(Q(respondent_kind="organ") & Q(respondent_organ__isnull=False))
                | (Q(respondent_kind="person") & Q(respondent_person__isnull=False)),
                name="complaint_has_its_respondent",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def respondent(self) -> Organ | Person | None:
        return (
            self.respondent_organ if self.respondent_kind == RespondentKind.ORGAN else self.respondent_person
        )


class ComplaintEvent(models.Model):
    """A step of a complaint (filed, hearing set, decided, appealed), shown to those who may see it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=ComplaintStatus.choices)
    committee = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint.reference} {self.status}"


# --- Premises needs -------------------------------------------------------------------------------


class NeedCategory(models.TextChoices):
    FURNITURE = "furniture", _("Furniture")
    IT = "it", _("Computers, printer, internet")
    SIGNAGE = "signage", _("Signboard")
    REPAIRS = "repairs", _("Repairs")
    RENT = "rent", _("Rent and charges")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    DECLINED = "declined", _("Declined")


class PremisesNeed(models.Model):
    """An equipment or logistics need of a premises, reported by the local level, followed above."""

    premises = models.ForeignKey(
        Premises, verbose_name=_("premises"), on_delete=models.CASCADE, related_name="needs"
    )
    category = models.CharField(_("category"), max_length=12, choices=NeedCategory.choices)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.REPORTED
    )
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(_("follow-up"), max_length=300, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("premises need")
        verbose_name_plural = _("premises needs")

    def __str__(self) -> str:
        return f"{self.premises} — {self.get_category_display()}"


__all__ = [
    "CASE_TRANSITIONS",
    "CaseAttachment",
    "CaseCategory",
    "CaseEvent",
    "CaseFile",
    "CaseStatus",
    "Complaint",
    "ComplaintEvent",
    "PremisesNeed",
    "_in_french",
]
