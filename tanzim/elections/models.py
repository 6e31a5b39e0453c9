"""Elected officials (المنتخبون), candidate selection (اختيار المرشحين) and the voter-registration drive
(التسجيل في اللوائح الانتخابية).

A public body is a (kind, territory) pair: the commune council of a commune, the regional council of
a region, the House of Representatives (territory: Morocco), the Fès-Meknès chamber of commerce.
A `Term` is a person's seat in a body, with its office, constituency and dates.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tanzim.core.models import BilingualNameMixin
from tanzim.organs.models import Organ
from tanzim.people.models import Person
from tanzim.territory.models import Territory


class BodyKind(models.TextChoices):
    COMMUNE_COUNCIL = "commune_council", _("Commune council")
    ARRONDISSEMENT_COUNCIL = "arrondissement_council", _("Arrondissement council")
    PROVINCIAL_COUNCIL = "provincial_council", _("Provincial council")
    PREFECTURAL_COUNCIL = "prefectural_council", _("Prefectural council")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    HOUSE_OF_REPRESENTATIVES = "representatives", _("House of Representatives")
    HOUSE_OF_COUNCILLORS = "councillors", _("House of Councillors")
    CHAMBER_COMMERCE = "chamber_commerce", _("Chamber of commerce, industry and services")
    CHAMBER_CRAFTS = "chamber_crafts", _("Chamber of crafts")
    CHAMBER_AGRICULTURE = "chamber_agriculture", _("Chamber of agriculture")
    CHAMBER_FISHERIES = "chamber_fisheries", _("Chamber of maritime fisheries")


PARLIAMENT_KINDS = [BodyKind.HOUSE_OF_REPRESENTATIVES, BodyKind.HOUSE_OF_COUNCILLORS]
COUNCIL_KINDS = [
    BodyKind.COMMUNE_COUNCIL,
    BodyKind.ARRONDISSEMENT_COUNCIL,
    BodyKind.PROVINCIAL_COUNCIL,
    BodyKind.PREFECTURAL_COUNCIL,
    BodyKind.REGIONAL_COUNCIL,
]
CHAMBER_KINDS = [
    BodyKind.CHAMBER_COMMERCE,
    BodyKind.CHAMBER_CRAFTS,
    BodyKind.CHAMBER_AGRICULTURE,
    BodyKind.CHAMBER_FISHERIES,
]


class BodyQuerySet(models.QuerySet["Body"]):
    def within(self, territory: Territory) -> BodyQuerySet:
        return self.filter(territory__path__startswith=territory.path)


class Body(BilingualNameMixin):
    """A public elected body: a council, a house of parliament, a professional chamber."""

    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices, db_index=True)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="public_bodies"
    )
    source = models.TextField(_("source"), blank=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["territory__path", "kind"]
        verbose_name = _("elected body")
        verbose_name_plural = _("elected bodies")
        constraints = [
            models.UniqueConstraint(fields=["kind", "territory"], name="body_one_per_kind_and_territory")
        ]


class Office(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    SECRETARY = "secretary", _("Secretary")
    COMMITTEE_CHAIR = "committee_chair", _("Committee chair")
    MEMBER = "member", _("Member")


OFFICE_AR_FEMININE = {
    "president": "رئيسة",
    "vice_president": "نائبة الرئيس",
    "secretary": "كاتبة",
    "committee_chair": "رئيسة لجنة",
    "member": "عضوة",
}
# Office names for women (رئيسة، نائبة الرئيس، كاتبة، عضوة; présidente, vice-présidente…).
OFFICE_FEMININE = {
    "president": pgettext_lazy("woman", "President"),
    "vice_president": pgettext_lazy("woman", "Vice-president"),
    "secretary": pgettext_lazy("woman", "Secretary"),
    "committee_chair": pgettext_lazy("woman", "Committee chair"),
    "member": pgettext_lazy("woman", "Member"),
}


OFFICE_MSGIDS = {
    "president": "President",
    "vice_president": "Vice-president",
    "secretary": "Secretary",
    "committee_chair": "Committee chair",
    "member": "Member",
}


class TermQuerySet(models.QuerySet["Term"]):
    def held_on(self, day: datetime.date) -> TermQuerySet:
        """Terms in force on `day`: started by then (or start unknown) and not ended before."""
        return self.filter(Q(start__isnull=True) | Q(start__lte=day)).filter(
            Q(end__isnull=True) | Q(end__gte=day)
        )

    def current(self, today: datetime.date | None = None) -> TermQuerySet:
        return self.held_on(today or timezone.localdate())

    def within(self, territory: Territory) -> TermQuerySet:
        """Terms of bodies inside `territory`, or whose constituency lies inside it."""
        return self.filter(
            Q(body__territory__path__startswith=territory.path)
            | Q(constituency__path__startswith=territory.path)
        )

    def of(self, territory: Territory) -> TermQuerySet:
        """ "The elected officials in Fès": terms of bodies or constituencies inside `territory`, and
        terms held by people attached there (a Fès member of the regional chamber of commerce)."""
        return self.filter(
            Q(body__territory__path__startswith=territory.path)
            | Q(constituency__path__startswith=territory.path)
            | Q(person__home__path__startswith=territory.path)
        )


class Term(models.Model):
    """A person's term in an elected body: office (vice-presidents with their rank), constituency,
    election day, start and end (empty end: in office as far as we know)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="terms"
    )
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="terms")
    office = models.CharField(_("office"), max_length=20, choices=Office.choices, default=Office.MEMBER)
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, help_text=_("Vice-presidents: 1 for the first, 2 for the second…")
    )
    committee = models.CharField(_("committee"), max_length=200, blank=True)
    constituency = models.ForeignKey(
        Territory,
        verbose_name=_("constituency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elected_terms",
    )
    elected_on = models.DateField(_("election day"), null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    recorded_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["body__territory__path", "body__kind", "office", "rank", "person__full_name_ar"]
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="term_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.office_label} — {self.body}"

    @property
    def office_label(self) -> str:
        label = str(self.get_office_display())
        if self.person.gender == "f":
            if (get_language() or "ar").startswith("ar"):
                label = OFFICE_AR_FEMININE.get(self.office, label)
            elif self.office in OFFICE_FEMININE:
                feminine = str(OFFICE_FEMININE[self.office])
                # Until the catalogue has the feminine form, keep the usual one (never the English msgid).
                label = feminine if feminine != OFFICE_MSGIDS[self.office] else label
        if self.office == Office.VICE_PRESIDENT and self.rank:
            return f"{label} ({self.rank})"
        if self.office == Office.COMMITTEE_CHAIR and self.committee:
            return f"{label} — {self.committee}"
        return label


class Severity(models.TextChoices):
    REFUSE = "refuse", _("Refuse the term")
    WARN = "warn", _("Record with a warning")


class Incompatibility(BilingualNameMixin):
    """A party rule: a person may not hold a term matching side A and one matching side B at once.

    Each side is a list of body kinds and a list of offices; an empty list matches any.
    """

    first_kinds = models.JSONField(_("first side: body kinds"), default=list, blank=True)
    first_offices = models.JSONField(_("first side: offices"), default=list, blank=True)
    second_kinds = models.JSONField(_("second side: body kinds"), default=list, blank=True)
    second_offices = models.JSONField(_("second side: offices"), default=list, blank=True)
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.REFUSE
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("incompatibility")
        verbose_name_plural = _("incompatibilities")

    @staticmethod
    def _side_matches(kinds: list[str], offices: list[str], term: Term) -> bool:
        return (not kinds or term.body.kind in kinds) and (not offices or term.office in offices)

    def applies(self, new: Term, held: Term) -> bool:
        return (
            self._side_matches(self.first_kinds, self.first_offices, new)
            and self._side_matches(self.second_kinds, self.second_offices, held)
        ) or (
            self._side_matches(self.second_kinds, self.second_offices, new)
            and self._side_matches(self.first_kinds, self.first_offices, held)
        )


# ---------------------------------------------------------------------------------------------
# Candidate selection


class ElectionKind(models.TextChoices):
    LEGISLATIVE = "legislative", _("Legislative elections")
    COMMUNAL = "communal", _("Communal elections")
    REGIONAL = "regional", _("Regional elections")
    CHAMBERS = "chambers", _("Professional chambers elections")


class Election(BilingualNameMixin):
    kind = models.CharField(_("kind"), max_length=16, choices=ElectionKind.choices)
    body_kind = models.CharField(
        _("body elected"),
        max_length=32,
        choices=BodyKind.choices,
        help_text=_("Used for prior-mandate rules"),
    )
    polling_day = models.DateField(_("polling day"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-polling_day", "pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")


class ListKind(models.TextChoices):
    GENERAL = "general", _("Local list")
    WOMEN = "women", _("Women's list")
    YOUTH = "youth", _("Youth list")


class Constituency(BilingualNameMixin):
    """A constituency (دائرة انتخابية) of an election, tied to a territorial unit, with its seats."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="constituencies")
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    list_kind = models.CharField(_("list"), max_length=8, choices=ListKind.choices, default=ListKind.GENERAL)

    class Meta:
        ordering = ["election", "territory__path", "list_kind"]
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open for candidacies")
    SCORING = "scoring", _("Committee scoring")
    DECIDED = "decided", _("Decided")


class Call(models.Model):
    """A call for candidacies in one constituency, run by the responsible organ."""

    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="calls")
    organ = models.ForeignKey(
        Organ, verbose_name=_("responsible organ"), on_delete=models.PROTECT, related_name="candidacy_calls"
    )
    arbitration = models.ForeignKey(
        Organ,
        verbose_name=_("arbitration committee"),
        on_delete=models.PROTECT,
        related_name="candidacy_appeals_calls",
        limit_choices_to={"kind": "ethics_committee"},
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=8, choices=CallStatus.choices, default=CallStatus.OPEN)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons of the decision"), blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("call for candidacies")
        verbose_name_plural = _("calls for candidacies")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="call_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.constituency.election} — {self.constituency}"

    @property
    def decided(self) -> bool:
        return self.status == CallStatus.DECIDED

    def scores_exist(self) -> bool:
        return Score.objects.filter(criterion__call=self).exists()


class Criterion(BilingualNameMixin):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=10)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_score_positive"),
        ]


class RuleKind(models.TextChoices):
    ACTIVE_MEMBER = "active_member", _("Active member")
    MIN_SENIORITY = "min_seniority", _("Member for at least N years")
    MIN_DUES_YEARS = "min_dues_years", _("Dues paid for each of the last N years")
    MAX_PRIOR_TERMS = "max_prior_terms", _("At most N prior terms in the body elected")
    WOMAN = "woman", _("Woman (women's list)")
    MAX_AGE = "max_age", _("At most N years old in the election year (youth list)")


class EligibilityRule(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    value = models.PositiveSmallIntegerField(_("N"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="eligibility_rule_once_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.value})"


class CommitteeSeat(models.Model):
    """A member of the selection committee of a call; scores applicants independently."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="committee")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="selection_seats")

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [models.UniqueConstraint(fields=["call", "person"], name="committee_seat_once")]

    def __str__(self) -> str:
        return str(self.person)


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    INELIGIBLE = "ineligible", _("Not eligible")


def _candidacy_upload(instance: Applicant, filename: str) -> str:
    return f"elections/candidacies/{instance.call_id}/{filename}"


class Applicant(models.Model):
    """A member applying in a call, with the file they submit."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applicants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="candidacies")
    statement = models.TextField(_("statement"), blank=True)
    file = models.FileField(_("file"), upload_to=_candidacy_upload, blank=True)
    applied_on = models.DateField(_("applied on"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    weighted_score = models.DecimalField(
        _("weighted score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["call", "applied_on", "pk"]
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        constraints = [models.UniqueConstraint(fields=["call", "person"], name="applicant_once_per_call")]

    def __str__(self) -> str:
        return str(self.person)


class Conflict(models.Model):
    """A committee member's declared conflict of interest with an applicant: they may not score them."""

    seat = models.ForeignKey(CommitteeSeat, on_delete=models.CASCADE, related_name="conflicts")
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seat", "applicant"], name="conflict_once")]

    def __str__(self) -> str:
        return f"{self.seat} ≠ {self.applicant}"


class Score(models.Model):
    seat = models.ForeignKey(CommitteeSeat, on_delete=models.CASCADE, related_name="scores")
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seat", "applicant", "criterion"], name="score_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.seat} → {self.applicant}: {self.value}"


class AppealStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


class Appeal(models.Model):
    """An applicant's appeal against the decision, to the arbitration committee of the call."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="appeals")
    committee = models.ForeignKey(
        Organ,
        verbose_name=_("arbitration committee"),
        on_delete=models.PROTECT,
        related_name="candidacy_appeals",
    )
    grounds = models.TextField(_("grounds"))
    filed_on = models.DateField(_("filed on"))
    filed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=AppealStatus.choices, default=AppealStatus.FILED
    )
    ruling = models.TextField(_("ruling"), blank=True)
    ruled_on = models.DateField(_("ruled on"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    # ---------------------------------------------------------------------------------------------
    # Voter-registration drive

    def __str__(self) -> str:
        return f"{self.applicant} — {self.get_status_display()}"


class RegistrationPeriod(models.Model):
    """The official period of registration on the electoral lists, as the Ministry of the Interior
    announces it (entered by the national level)."""

    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    remind_days = models.PositiveSmallIntegerField(
        _("remind local secretaries N days before the end"), default=7
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("registration period")
        verbose_name_plural = _("registration periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="registration_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} → {self.ends_on}"


class RegistrationTarget(models.Model):
    """How many members of a commune (or arrondissement) should be registered on the lists."""

    territory = models.OneToOneField(Territory, on_delete=models.PROTECT, related_name="registration_target")
    target = models.PositiveIntegerField(_("target"))
    set_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.TextField(_("source"), blank=True)

    def __str__(self) -> str:
        return f"{self.territory}: {self.target}"


class RegistrationDeclaration(models.Model):
    """ "I am registered on the electoral lists since <date>": declared by the member, or recorded by
    the local secretary."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="voter_registration")
    registered_since = models.DateField(_("registered since"))
    declared_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_member = models.BooleanField(_("declared by the member"), default=True)
    source = models.TextField(_("source"), blank=True)

    def __str__(self) -> str:
        return f"{self.person}: {self.registered_since}"


class RegistrationReminder(models.Model):
    """One reminder sent to one secretary for one period (so the command never sends it twice)."""

    period = models.ForeignKey(RegistrationPeriod, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "person", "territory"], name="registration_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.territory}"
