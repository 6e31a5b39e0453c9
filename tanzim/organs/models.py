"""Organs (هيئات), the mandates people hold in them, and their premises (مقرات)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tanzim.core.models import BilingualNameMixin
from tanzim.people.models import Gender, Person
from tanzim.territory.models import Territory


class OrganKind(models.TextChoices):
    GENERAL_SECRETARIAT = "general_secretariat", _("General secretariat")
    POLITICAL_BUREAU = "political_bureau", _("Political bureau")
    NATIONAL_COUNCIL = "national_council", _("National council")
    REGIONAL_SECRETARIAT = "regional_secretariat", _("Regional secretariat")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    PROVINCIAL_SECRETARIAT = "provincial_secretariat", _("Provincial secretariat")
    LOCAL_SECRETARIAT = "local_secretariat", _("Local secretariat")
    POLE = "pole", _("Pole")
    YOUTH_ORGANIZATION = "youth_organization", _("Youth organization")
    WOMEN_ORGANIZATION = "women_organization", _("Women's organization")
    ETHICS_COMMITTEE = "ethics_committee", _("Arbitration and ethics committee")
    PARLIAMENTARY_GROUP = "parliamentary_group", _("Parliamentary group")
    CHAMBER_GROUP = "chamber_group", _("Group in a professional chamber")
    FORUM = "forum", _("Forum")


# Precedence of organ kinds on a page: secretariats first, then councils, poles, parallel organizations.
KIND_ORDER = {
    kind: rank
    for rank, kind in enumerate(
        [
            "general_secretariat",
            "political_bureau",
            "regional_secretariat",
            "provincial_secretariat",
            "local_secretariat",
            "national_council",
            "regional_council",
            "pole",
            "youth_organization",
            "women_organization",
            "ethics_committee",
            "parliamentary_group",
            "chamber_group",
            "forum",
        ]
    )
}


class Chamber(models.TextChoices):
    NONE = "", "—"
    REPRESENTATIVES = "representatives", _("House of Representatives")
    COUNCILLORS = "councillors", _("House of Councillors")


class OrganStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    DISSOLVED = "dissolved", _("Dissolved")


class OrganQuerySet(models.QuerySet["Organ"]):
    def within(self, territory: Territory) -> OrganQuerySet:
        return self.filter(territory__path__startswith=territory.path)

    def within_paths(self, paths: list[str]) -> OrganQuerySet:
        query = Q()
        for path in paths:
            query |= Q(territory__path__startswith=path)
        return self.filter(query) if paths else self.none()

    def at(self, territory: Territory) -> OrganQuerySet:
        return self.filter(territory=territory)


class Organ(BilingualNameMixin):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganKind.choices, db_index=True)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="organs"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("organ above"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    chamber = models.CharField(_("chamber"), max_length=16, choices=Chamber.choices, blank=True, default="")
    provisional = models.BooleanField(_("provisional"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=OrganStatus.choices, default=OrganStatus.ACTIVE
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()
    objects = OrganQuerySet.as_manager()

    class Meta:
        ordering = ["territory__path", "kind", "name_ar"]
        verbose_name = _("organ")
        verbose_name_plural = _("organs")


class Role(models.TextChoices):
    SECRETARY_GENERAL = "secretary_general", _("Secretary general")
    DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", _("Deputy secretary general")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    HEAD_OF_POLE = "head_of_pole", _("Head of pole")
    TREASURER = "treasurer", _("Treasurer")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    MEMBER = "member", _("Member")


# Roles that lead an organ, in order of precedence on the org chart.
LEADING_ROLES = [
    Role.SECRETARY_GENERAL,
    Role.PRESIDENT,
    Role.SECRETARY,
    Role.HEAD_OF_POLE,
    Role.DEPUTY_SECRETARY_GENERAL,
    Role.VICE_PRESIDENT,
    Role.DEPUTY_SECRETARY,
    Role.TREASURER,
    Role.RAPPORTEUR,
]
# Arabic role names for women where the language marks it (رئيسة، أمينة، نائبة، عضوة).
ROLE_AR_FEMININE = {
    "secretary_general": "الأمينة العامة",
    "deputy_secretary_general": "نائبة الأمين العام",
    "secretary": "الأمينة",
    "deputy_secretary": "نائبة الأمين",
    "president": "الرئيسة",
    "vice_president": "نائبة الرئيس",
    "head_of_pole": "رئيسة القطب",
    "treasurer": "أمينة المال",
    "rapporteur": "المقررة",
    "member": "عضوة",
}
ROLE_ORDER = {role: rank for rank, role in enumerate([*LEADING_ROLES, Role.MEMBER])}


class How(models.TextChoices):
    ELECTED = "elected", _("Elected")
    APPOINTED = "appointed", _("Appointed")
    PROVISIONAL = "provisional", _("Provisional")
    PROPOSED = "proposed", _("Proposed, awaiting approval")


class MandateQuerySet(models.QuerySet["Mandate"]):
    def with_effective_start(self) -> MandateQuerySet:
        return self.annotate(effective_start=Coalesce("start", "attested_from"))

    def held_on(self, day: datetime.date) -> MandateQuerySet:
        """Mandates in force on `day`: started (or first attested) by then and not ended before."""
        return (
            self.with_effective_start()
            .exclude(how=How.PROPOSED)
            .filter(effective_start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
        )

    def current(self, today: datetime.date | None = None) -> MandateQuerySet:
        return self.held_on(today or timezone.localdate())

    def past(self, today: datetime.date | None = None) -> MandateQuerySet:
        return self.filter(end__lt=today or timezone.localdate())

    def proposed(self) -> MandateQuerySet:
        return self.filter(how=How.PROPOSED)


class Mandate(models.Model):
    """A person's term in a role of an organ. Dates the sources leave open stay empty.

    `start` is the day the term began when known; `attested_from` is the earliest day a source shows
    the person in the role (a press report, a decision). "Who held what on a date" uses `start`, or
    `attested_from` when the start is not known.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="mandates"
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="mandates"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title_ar = models.CharField(
        _("title (Arabic)"),
        max_length=200,
        blank=True,
        help_text=_("The title as the party writes it, e.g. الأمين العام الإقليمي"),
    )
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    how = models.CharField(_("how"), max_length=16, choices=How.choices)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    attested_from = models.DateField(_("first attested on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()
    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["organ", "role", "start"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="mandate_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(how="proposed") | Q(approved_on__isnull=True),
                name="mandate_proposed_not_approved",
            ),
        ]
        indexes = [models.Index(fields=["organ", "role"]), models.Index(fields=["person", "end"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} — {self.organ}"

    @property
    def title(self) -> str:
        """The title as the party writes it, else the role's name (feminine in Arabic when known)."""
        if (get_language() or "ar").startswith("fr"):
            return self.title_fr or str(self.get_role_display())
        if self.title_ar:
            return self.title_ar
        if self.person.gender == Gender.FEMALE and (get_language() or "ar").startswith("ar"):
            return ROLE_AR_FEMININE.get(self.role, str(self.get_role_display()))
        return str(self.get_role_display())

    @property
    def is_proposed(self) -> bool:
        return self.how == How.PROPOSED

    def is_held_on(self, day: datetime.date) -> bool:
        """`MandateQuerySet.held_on` for one mandate already read (no query)."""
        effective_start = self.start or self.attested_from
        return (
            not self.is_proposed
            and effective_start is not None
            and effective_start <= day
            and (self.end is None or self.end >= day)
        )


class PremisesStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    NEEDS_EQUIPMENT = "needs_equipment", _("Needs equipment")


class Premises(models.Model):
    organ = models.ForeignKey(
        Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="premises"
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    commune = models.ForeignKey(
        Territory,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="premises",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PremisesStatus.choices, default=PremisesStatus.OPEN
    )
    is_headquarters = models.BooleanField(_("headquarters"), default=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=200, blank=True, help_text=_("e.g. Monday to Friday, 16:00–20:00")
    )
    equipment = models.TextField(_("equipment"), blank=True, help_text=_("What the premises has"))
    source = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")

    def __str__(self) -> str:
        if (get_language() or "ar").startswith("fr") and self.name_fr:
            return self.name_fr
        return self.name_ar


__all__ = ["Gender", "How", "Mandate", "Organ", "OrganKind", "Premises", "Role"]
