"""Membership writes: enrolment, status changes with reasons, dues, consent, rolls campaigns, erasure.

Typed keyword-only functions, called by the pages, the API and the roll import alike.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access.services import audit_record
from tanzim.organs.models import Organ, OrganKind
from tanzim.people.models import (
    STATUS_TRANSITIONS,
    CardStatus,
    Dues,
    MemberNumberSequence,
    Membership,
    MemberStatus,
    Person,
    RollsCampaign,
)
from tanzim.territory.models import Territory

MEMBER_NUMBER_PREFIX = "M"


def member_numbers_reserve(count: int) -> list[str]:
    """Reserve `count` consecutive member numbers ("M0000001"…), safe under concurrency."""
    if count <= 0:
        return []
    with transaction.atomic():
        sequence, _created = MemberNumberSequence.objects.select_for_update().get_or_create(pk=1)
        first = sequence.last + 1
        MemberNumberSequence.objects.filter(pk=1).update(last=F("last") + count)
    return [f"{MEMBER_NUMBER_PREFIX}{n:07d}" for n in range(first, first + count)]


def local_organ_for(territory: Territory | None) -> Organ | None:
    """The active local secretariat of a commune or arrondissement, if the party has one there."""
    if territory is None:
        return None
    return (
        Organ.objects.filter(kind=OrganKind.LOCAL_SECRETARIAT, territory=territory, status="active")
        .order_by("provisional", "pk")
        .first()
    )


@transaction.atomic
def membership_enroll(
    *,
    person: Person,
    by: User | None,
    joined_on: datetime.date | None = None,
    number: str = "",
    local_organ: Organ | None = None,
    status: str = MemberStatus.APPLICANT,
    consent_on: datetime.date | None = None,
    consent_scope: str = "",
    source: str = "",
) -> Membership:
    """Make a person a member (applicant by default). One membership per person."""
    if Membership.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already a member.")})
    if number and Membership.objects.filter(number=number).exists():
        raise ValidationError({"number": _("Member number %(number)s is already used.") % {"number": number}})
    today = timezone.localdate()
    membership = Membership(
        person=person,
        number=number or member_numbers_reserve(1)[0],
        joined_on=joined_on or today,
        local_organ=local_organ or local_organ_for(person.commune or person.home),
        status=status,
        status_changed_on=today,
        consent_on=consent_on,
        consent_scope=consent_scope,
        source=source,
    )
    membership.full_clean()
    membership.save()
    audit_record(user=by, action="member.enroll", target=membership.number)
    return membership


@transaction.atomic
def membership_status_change(
    *, membership: Membership, to: str, reason: str, by: User | None, on: datetime.date | None = None
) -> Membership:
    """Move a member to another status; the reason and the date are kept (and in the history)."""
    if to not in STATUS_TRANSITIONS.get(membership.status, set()):
        raise ValidationError(
            {
                "status": _("A member cannot go from “%(from)s” to “%(to)s”.")
                % {"from": membership.get_status_display(), "to": MemberStatus(to).label}
            }
        )
    if not reason.strip():
        raise ValidationError({"status_reason": _("Give the reason for this change of status.")})
    membership.status = to
    membership.status_reason = reason.strip()
    membership.status_changed_on = on or timezone.localdate()
    membership._change_reason = reason.strip()
    membership.save(update_fields=["status", "status_reason", "status_changed_on"])
    if to != MemberStatus.ACTIVE:
        from tanzim.people.cards import card_revoke

        for card in membership.cards.filter(status=CardStatus.ISSUED):
            card_revoke(card=card, by=by, reason=reason.strip())
    audit_record(user=by, action="member.status", target=membership.number, to=to)
    return membership


@transaction.atomic
def dues_record(
    *, membership: Membership, year: int, amount: Decimal, paid_on: datetime.date
) -> tuple[Dues, bool]:
    """The dues of one year (a second payment for the same year replaces the first); (dues, created).
    A year may be paid one year ahead, not more; a payment is not dated in the future."""
    today = timezone.localdate()
    errors = {}
    if amount <= 0:
        errors["amount"] = _("The amount must be positive.")
    if year > today.year + 1:
        errors["year"] = _("Dues can be paid at most one year ahead (%(year)s).") % {"year": today.year + 1}
    if paid_on > today:
        errors["paid_on"] = _("The payment date is in the future.")
    if errors:
        raise ValidationError(errors)
    return Dues.objects.update_or_create(
        membership=membership, year=year, defaults={"amount": amount, "paid_on": paid_on}
    )


@transaction.atomic
def membership_consent_record(*, membership: Membership, on: datetime.date, scope: str) -> Membership:
    membership.consent_on = on
    membership.consent_scope = scope
    membership.save(update_fields=["consent_on", "consent_scope"])
    return membership


@transaction.atomic
def campaign_open(*, organ: Organ, title: str, deadline: datetime.date, by: User | None) -> RollsCampaign:
    """Open a rolls update campaign for the territory of an organ ("update the rolls of Taounate by …")."""
    today = timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": _("The deadline is already past.")})
    campaign = RollsCampaign(
        organ=organ, title=title.strip(), deadline=deadline, opened_on=today, opened_by=by
    )
    campaign.full_clean()
    campaign.save()
    audit_record(user=by, action="campaign.open", target=str(campaign.pk))
    return campaign


@transaction.atomic
def campaign_confirm_member(
    *, campaign: RollsCampaign, membership: Membership, by: User | None, lapsed_reason: str = ""
) -> Membership:
    """A local organ confirms a member on the roll, or marks them lapsed (with a reason)."""
    if campaign.closed_on is not None:
        raise ValidationError(_("This campaign is closed."))
    if not membership.person.home.is_within(campaign.organ.territory):
        raise ValidationError(_("This member is outside the campaign's territory."))
    if lapsed_reason:
        membership_status_change(membership=membership, to=MemberStatus.LAPSED, reason=lapsed_reason, by=by)
    membership.roll_checked_on = timezone.localdate()
    membership.save(update_fields=["roll_checked_on"])
    return membership


ERASED_NAME_AR = "(محذوف)"


@transaction.atomic
def person_erase(*, person: Person, by: User | None, reason: str) -> Person:
    """Erase a person on request (law 09-08): names, CIN, phone and residence go, history included.

    Kept for aggregate counts: gender, year of birth, the attached territory, the membership's
    status and dates. The person can no longer be found by name.
    """
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for the erasure (e.g. the request's reference).")}
        )
    from tanzim.people.models import PersonWord

    person.full_name_ar = ERASED_NAME_AR
    person.full_name_latin = ""
    person.honorific = ""
    person.phone = ""
    person.cin = ""
    person.commune = None
    person.source = ""
    person.name_key_ar = ""
    person.name_key_latin = ""
    person.save()
    PersonWord.objects.filter(person=person).delete()
    person.history.all().delete()
    if hasattr(person, "membership"):
        person.membership.history.all().delete()
    audit_record(user=by, action="person.erase", target=str(person.pk), reason=reason.strip())
    return person
