"""Oversight (المتابعة والتقييم): the settings of the scorecards, and members' evaluation surveys.

Coverage and scorecards are computed from the records (organs, mandates, meetings, memberships,
directives); nothing here stores a figure. What is stored: the weights the organization pole sets,
and the evaluation surveys with their answers.

Anonymity is real: an anonymous `SurveyAnswer` has no person, no timestamp (only the month it counts
for) and a random primary key; the fact that a person answered (to stop a second answer) is kept
apart in `SurveyParticipation`, which points at the survey, never at the answer.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanzim.organs.models import Organ
from tanzim.people.models import Person

# The scorecard's indicators, in the order of the page; each has a weight in ScorecardSettings.
INDICATORS = (
    "meetings",
    "attendance",
    "members",
    "new_members",
    "roll",
    "women",
    "youth",
    "directives",
)


def _weight(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, default=1, validators=[MaxValueValidator(10)])


class ScorecardSettings(models.Model):
    """One row: the weights of the scorecard and the activity window, set by the organization pole."""

    active_days = models.PositiveSmallIntegerField(
        _("activity window (days)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_("A local secretariat is active when it held a meeting within this many days."),
    )
    weight_meetings = _weight(_("weight: meetings held"))
    weight_attendance = _weight(_("weight: attendance rate"))
    weight_members = _weight(_("weight: members"))
    weight_new_members = _weight(_("weight: new members"))
    weight_roll = _weight(_("weight: roll freshness"))
    weight_women = _weight(_("weight: women in the leadership"))
    weight_youth = _weight(_("weight: under-35 in the leadership"))
    weight_directives = _weight(_("weight: directives completed on time"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("scorecard settings")
        verbose_name_plural = _("scorecard settings")

    def __str__(self) -> str:
        return f"{self.active_days} days"

    def weights(self) -> dict[str, int]:
        return {name: getattr(self, f"weight_{name}") for name in INDICATORS}


class SurveyKind(models.TextChoices):
    SURVEY = "survey", _("Survey (one answer each)")
    STANDING = "standing", _("Standing feedback form (one answer each month)")


class Survey(models.Model):
    """An organ asks its members to rate and comment its work."""

    organ = models.ForeignKey(
        Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="surveys"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SurveyKind.choices, default=SurveyKind.SURVEY)
    question_ar = models.CharField(_("question (Arabic)"), max_length=300)
    question_fr = models.CharField(_("question (French)"), max_length=300, blank=True)
    allow_anonymous = models.BooleanField(
        _("members may answer anonymously"),
        default=True,
        help_text=_("An anonymous answer is stored without the person: nobody can tell who gave it."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("evaluation survey")
        verbose_name_plural = _("evaluation surveys")

    def __str__(self) -> str:
        return self.question

    @property
    def question(self) -> str:
        if (get_language() or "ar").startswith("fr") and self.question_fr:
            return self.question_fr
        return self.question_ar


class SurveyAnswer(models.Model):
    """A rating (1–5) and a comment. `person` is empty when the member chose to answer anonymously.

    No creation time and no sequential id: the month (`period`) is all that is kept of when.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    period = models.DateField(_("month"), help_text=_("First day of the month the answer counts for"))
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["period", "id"]  # random ids: the order says nothing about who answered when
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="survey_rating_1_5")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.period:%Y-%m} {self.rating}"


class SurveyParticipation(models.Model):
    """That a person answered a survey for a month (so they answer once); never which answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person", "period"], name="survey_participation_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.person_id} {self.period:%Y-%m}"
