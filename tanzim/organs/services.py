"""Writes on organs, mandates and premises."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanzim.organs.models import How, Mandate, Organ, Premises
from tanzim.people.models import Person
from tanzim.territory.models import Territory


@transaction.atomic
def organ_create(
    *,
    kind: str,
    territory: Territory,
    name_ar: str,
    name_fr: str = "",
    parent: Organ | None = None,
    chamber: str = "",
    provisional: bool = False,
    established_on: datetime.date | None = None,
    source: str = "",
) -> Organ:
    if parent is not None and not territory.is_within(parent.territory):
        raise ValidationError(
            {"parent": _("The organ above must sit at the same level of territory or higher.")}
        )
    organ = Organ(
        kind=kind,
        territory=territory,
        name_ar=name_ar,
        name_fr=name_fr,
        parent=parent,
        chamber=chamber,
        provisional=provisional,
        established_on=established_on,
        source=source,
    )
    organ.full_clean()
    organ.save()
    return organ


@transaction.atomic
def mandate_record(
    *,
    person: Person,
    organ: Organ,
    role: str,
    how: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    attested_from: datetime.date | None = None,
    title_ar: str = "",
    title_fr: str = "",
    source: str = "",
) -> Mandate:
    """Record a term. A term with neither start nor attestation date cannot be placed in time."""
    if start is None and attested_from is None and how != How.PROPOSED:
        raise ValidationError(
            {"start": _("Give the start date or the date a source first shows the mandate.")}
        )
    mandate = Mandate(
        person=person,
        organ=organ,
        role=role,
        how=how,
        start=start,
        end=end,
        attested_from=attested_from,
        title_ar=title_ar,
        title_fr=title_fr,
        source=source,
    )
    mandate.full_clean()
    mandate.save()
    return mandate


@transaction.atomic
def mandate_end(*, mandate: Mandate, on: datetime.date, reason: str = "") -> Mandate:
    """Close a term; history keeps the earlier state."""
    effective_start = mandate.start or mandate.attested_from
    if effective_start and on < effective_start:
        raise ValidationError({"end": _("A mandate cannot end before it starts.")})
    mandate.end = on
    mandate._change_reason = reason
    mandate.save(update_fields=["end"])
    return mandate


@transaction.atomic
def mandate_approve(*, mandate: Mandate, on: datetime.date, how: str = How.APPOINTED) -> Mandate:
    """A proposed office holder is approved: the term starts on the approval day."""
    if mandate.how != How.PROPOSED:
        raise ValidationError(_("Only a proposed mandate can be approved."))
    mandate.how = how
    mandate.approved_on = on
    mandate.start = mandate.start or on
    mandate.save(update_fields=["how", "approved_on", "start"])
    return mandate


@transaction.atomic
def premises_record(
    *,
    organ: Organ,
    name_ar: str,
    name_fr: str = "",
    address: str = "",
    commune: Territory | None = None,
    status: str = "open",
    source: str = "",
) -> Premises:
    premises = Premises(
        organ=organ,
        name_ar=name_ar,
        name_fr=name_fr,
        address=address,
        commune=commune,
        status=status,
        source=source,
    )
    premises.full_clean()
    premises.save()
    return premises
