"""Writes of oversight: the scorecard settings, evaluation surveys and their answers."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access.services import audit_record
from tanzim.organs.models import Mandate, Organ
from tanzim.oversight.models import (
    INDICATORS,
    ScorecardSettings,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyParticipation,
)
from tanzim.people.models import Membership, MemberStatus, Person


@transaction.atomic
def scorecard_settings_update(
    *, by: User | None, active_days: int, weights: dict[str, int]
) -> ScorecardSettings:
    settings = ScorecardSettings.objects.select_for_update().order_by("pk").first() or ScorecardSettings()
    settings.active_days = active_days
    for name in INDICATORS:
        setattr(settings, f"weight_{name}", weights.get(name, 0))
    if not any(weights.get(name) for name in INDICATORS):
        raise ValidationError({"weight_meetings": _("At least one weight must be above zero.")})
    settings.updated_by = by
    settings.full_clean()
    settings.save()
    from tanzim.oversight.queries import SETTINGS_CACHE_KEY

    cache.delete(SETTINGS_CACHE_KEY)
    audit_record(
        user=by, action="oversight.settings", target=str(settings.pk), active_days=active_days, **weights
    )
    return settings


@transaction.atomic
def survey_open(
    *,
    organ: Organ,
    by: User | None,
    question_ar: str,
    question_fr: str = "",
    kind: str = SurveyKind.SURVEY,
    allow_anonymous: bool = True,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    source: str = "",
) -> Survey:
    """An organ opens a survey (or a standing feedback form) to its members."""
    opens_on = opens_on or timezone.localdate()
    if closes_on is not None and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The closing day is before the opening day.")})
    survey = Survey(
        organ=organ,
        kind=kind,
        question_ar=question_ar.strip(),
        question_fr=question_fr.strip(),
        allow_anonymous=allow_anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
        source=source,
    )
    survey.full_clean()
    survey.save()
    if by is not None:
        audit_record(user=by, action="survey.open", target=str(survey.pk))
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: User | None, on: datetime.date | None = None) -> Survey:
    on = on or timezone.localdate()
    if survey.closes_on is not None and survey.closes_on <= on:
        raise ValidationError({"closes_on": _("This survey is already closed.")})
    survey.closes_on = max(on, survey.opens_on)
    survey.save(update_fields=["closes_on"])
    audit_record(user=by, action="survey.close", target=str(survey.pk))
    return survey


def survey_is_open(survey: Survey, today: datetime.date) -> bool:
    return survey.opens_on <= today and (survey.closes_on is None or survey.closes_on >= today)


def survey_eligible(*, survey: Survey, person: Person, today: datetime.date) -> bool:
    """Who may answer: office holders of the organ, and its active members (attached inside its
    territory)."""
    if Mandate.objects.current(today).filter(person=person, organ_id=survey.organ_id).exists():
        return True
    return Membership.objects.filter(
        person=person,
        status=MemberStatus.ACTIVE,
        person__home__path__startswith=survey.organ.territory.path,
    ).exists()


def survey_period(survey: Survey, today: datetime.date) -> datetime.date:
    """The month an answer counts for: this month for a standing form, the opening month otherwise."""
    day = today if survey.kind == SurveyKind.STANDING else survey.opens_on
    return day.replace(day=1)


ANONYMOUS_MIX = 50


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    person: Person,
    rating: int,
    comment: str = "",
    anonymous: bool = False,
    today: datetime.date | None = None,
) -> SurveyAnswer:
    """Record a member's answer. Anonymous: the answer is stored without the person and without a
    time; only the participation (survey, person, month) is kept, to refuse a second answer."""
    today = today or timezone.localdate()
    if not survey_is_open(survey, today):
        raise ValidationError({"rating": _("This survey is not open.")})
    if anonymous and not survey.allow_anonymous:
        raise ValidationError({"anonymous": _("This survey does not take anonymous answers.")})
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("The rating goes from 1 to 5.")})
    if not survey_eligible(survey=survey, person=person, today=today):
        raise ValidationError({"rating": _("Only the organ's members and office holders may answer.")})
    period = survey_period(survey, today)
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, person=person, period=period)
    except IntegrityError:
        raise ValidationError({"rating": _("You have already answered.")}) from None
    answer = SurveyAnswer(
        survey=survey,
        period=period,
        rating=int(rating),
        comment=comment.strip(),
        person=None if anonymous else person,
    )
    if not anonymous:
        answer.save()
        return answer
    # Written with up to ANONYMOUS_MIX earlier anonymous answers of the month, all deleted and
    # inserted again in random order: the row's physical place and its transaction are shared with
    # them, so not even the database's system columns pair it with the participation written above.
    earlier = list(
        SurveyAnswer.objects.filter(survey=survey, period=period, person__isnull=True).order_by("?")[
            :ANONYMOUS_MIX
        ]
    )
    batch = [*earlier, answer]
    random.SystemRandom().shuffle(batch)
    SurveyAnswer.objects.filter(pk__in=[row.pk for row in earlier]).delete()
    SurveyAnswer.objects.bulk_create(batch)
    return answer
