"""People: anyone the party deals with — office holders today, members in the next step."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tanzim.people.validators import validate_cin, validate_phone
from tanzim.territory.models import Territory


class Honorific(models.TextChoices):
    NONE = "", "—"
    MR = "mr", _("Mr")
    MRS = "mrs", _("Mrs")
    DOCTOR = "dr", _("Dr")
    PROFESSOR = "pr", _("Prof.")


HONORIFIC_AR = {"mr": "السيد", "mrs": "السيدة", "dr": "الدكتور", "pr": "الأستاذ"}
HONORIFIC_AR_FEMININE = {"dr": "الدكتورة", "pr": "الأستاذة"}


class Gender(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class PersonQuerySet(models.QuerySet["Person"]):
    def within_paths(self, paths: list[str]) -> PersonQuerySet:
        query = models.Q()
        for path in paths:
            query |= models.Q(home__path__startswith=path)
        return self.filter(query) if paths else self.none()


class Person(models.Model):
    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200)
    full_name_latin = models.CharField(_("full name (Latin script)"), max_length=200, blank=True)
    honorific = models.CharField(
        _("honorific"), max_length=4, choices=Honorific.choices, blank=True, default=""
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True, default="")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, default="", validators=[validate_phone])
    cin = models.CharField(_("CIN"), max_length=8, blank=True, default="", validators=[validate_cin])
    commune = models.ForeignKey(
        Territory,
        verbose_name=_("commune of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        limit_choices_to={"level__in": ["commune", "arrondissement"]},
    )
    home = models.ForeignKey(
        Territory,
        verbose_name=_("attached to"),
        on_delete=models.PROTECT,
        related_name="attached_people",
        help_text=_(
            "The territory whose organs may see this person: the commune of residence, "
            "or the territory of the organ they serve in when the commune is not known."
        ),
    )
    name_key_ar = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    name_key_latin = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    source = models.TextField(_("source"), blank=True, help_text=_("Where this record comes from"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name_ar"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["cin"], condition=~models.Q(cin=""), name="person_cin_unique_when_set"
            ),
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "ar").startswith("fr") and self.full_name_latin:
            return self.full_name_latin
        return self.full_name_ar or self.full_name_latin

    @property
    def honorific_name(self) -> str:
        """ "الدكتور محمد الحجيرة" in Arabic; "Dr Mohamed Hjira" in French."""
        if not self.honorific:
            return self.display_name
        if (get_language() or "ar").startswith("fr") and self.full_name_latin:
            return f"{self.get_honorific_display()} {self.full_name_latin}"
        table = HONORIFIC_AR_FEMININE if self.gender == Gender.FEMALE else {}
        return f"{table.get(self.honorific, HONORIFIC_AR[self.honorific])} {self.full_name_ar}"
