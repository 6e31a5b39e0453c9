"""Membership cards (البطاقة الحزبية): issue, revoke, deny, public verification, printable PDF.

A card carries a random token; its QR code points at `<public site>/v/<token>/`, a public page that
says whether the card is valid and of which local organ, and nothing about the person.

The PDF is drawn by WeasyPrint from `people/card_pdf.html` with the bundled Amiri font (OFL), so the
Arabic is shaped by HarfBuzz and the same on every server. Two sheets:

- "a4" (default): ten ID-1 cards (85.6 × 54 mm) per A4 page, two columns of five, with a hairline
  cutting outline — what a local secretariat prints on an office printer for a whole organ;
- "card": one card per page, the page being exactly ID-1 — for PVC card printers.

The model has no photo field: the card keeps an empty framed box where a photo can be glued; the
template shows `photo_uri` (a data: URI) instead when one is supplied later.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import segno
from babel.dates import format_date
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access.services import audit_record
from tanzim.organs.models import Organ
from tanzim.people.models import Card, CardStatus, Membership, MemberStatus

PARTY_NAME_AR = "حزب الأصالة والمعاصرة"
PARTY_NAME_FR = "Parti Authenticité et Modernité"

# Stored (not translated) as the reason of a card revoked because a new one was issued.
REASON_REPLACED = "replaced"

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "tanzim" / "fonts"
CARDS_PER_A4 = 10
# Characters of the member number the public page shows (the end); the rest is masked.
NUMBER_VISIBLE_CHARS = 3


def _token_new() -> str:
    """22 URL-safe characters, 128 random bits: unguessable, fits `Card.token` (32)."""
    while True:
        token = secrets.token_urlsafe(16)
        if not Card.objects.filter(token=token).exists():
            return token


def _reason_checked(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


def _membership_locked(membership: Membership) -> Membership:
    """Re-read the membership under a row lock, so two decisions on one member run one after the other."""
    membership.refresh_from_db(from_queryset=Membership.objects.select_for_update())
    return membership


def _card_revoked(card: Card, *, by: User | None, reason: str) -> Card:
    card.status = CardStatus.REVOKED
    card.revoked_on = timezone.localdate()
    card.reason = reason
    card.decided_by = by
    card._change_reason = reason
    card.save(update_fields=["status", "revoked_on", "reason", "decided_by"])
    audit_record(user=by, action="card.revoke", target=card.membership.number, reason=reason)
    return card


@transaction.atomic
def card_issue(*, membership: Membership, by: User | None) -> Card:
    """Issue a card to an active member; a card they already hold is revoked first ("replaced")."""
    membership = _membership_locked(membership)
    if membership.status != MemberStatus.ACTIVE:
        raise ValidationError(
            _("A card can only be issued to an active member; this membership is “%(status)s”.")
            % {"status": membership.get_status_display()}
        )
    if membership.local_organ is None:
        raise ValidationError(
            _("A card cannot be issued to member %(number)s: no local organ is recorded.")
            % {"number": membership.number}
        )
    for previous in Card.objects.select_for_update().filter(membership=membership, status=CardStatus.ISSUED):
        _card_revoked(previous, by=by, reason=REASON_REPLACED)
    card = Card.objects.create(
        membership=membership,
        status=CardStatus.ISSUED,
        token=_token_new(),
        issued_on=timezone.localdate(),
        decided_by=by,
    )
    audit_record(user=by, action="card.issue", target=membership.number)
    return card


@transaction.atomic
def card_revoke(*, card: Card, by: User | None, reason: str) -> Card:
    """Withdraw an issued card; its QR code then answers "not valid"."""
    reason = _reason_checked(reason)
    card.refresh_from_db(from_queryset=Card.objects.select_for_update())
    if card.status != CardStatus.ISSUED:
        raise ValidationError(
            _("Only an issued card can be revoked; this card is “%(status)s”.")
            % {"status": card.get_status_display()}
        )
    return _card_revoked(card, by=by, reason=reason)


@transaction.atomic
def card_deny(*, membership: Membership, by: User | None, reason: str) -> Card:
    """Record the refusal of a card, with its reason (a "denied" card row, never printable)."""
    reason = _reason_checked(reason)
    membership = _membership_locked(membership)
    if Card.objects.filter(membership=membership, status=CardStatus.ISSUED).exists():
        raise ValidationError(
            _("Member %(number)s holds a valid card: revoke it rather than deny a card.")
            % {"number": membership.number}
        )
    card = Card(
        membership=membership,
        status=CardStatus.DENIED,
        token=_token_new(),
        reason=reason,
        decided_by=by,
    )
    card._change_reason = reason
    card.save()
    audit_record(user=by, action="card.deny", target=membership.number, reason=reason)
    return card


def _number_masked(number: str) -> str:
    visible = number[-NUMBER_VISIBLE_CHARS:] if len(number) > NUMBER_VISIBLE_CHARS * 2 else ""
    return "•" * (len(number) - len(visible)) + visible


def card_verification(token: str) -> dict | None:
    """What the public verification page may show for a token; None when no card has it.

    Valid card: the party, the local organ (its name is public), the issue date and the last three
    characters of the member number, so whoever holds the card can check the QR code belongs to it.
    Invalid card (revoked, replaced, denied, member no longer active): only `valid: False` — not why,
    since "suspended" or "excluded" about a named card holder is itself personal data. Never the
    person's names, CIN, phone, birth year, residence, or the membership status.
    """
    if not token or len(token) > Card._meta.get_field("token").max_length:
        return None
    card = (
        Card.objects.select_related("membership__local_organ")
        .only(
            "status",
            "issued_on",
            "membership__status",
            "membership__number",
            "membership__local_organ__name_ar",
            "membership__local_organ__name_fr",
        )
        .filter(token=token)
        .first()
    )
    if card is None:
        return None
    membership = card.membership
    organ = membership.local_organ
    valid = (
        card.status == CardStatus.ISSUED and membership.status == MemberStatus.ACTIVE and organ is not None
    )
    return {
        "valid": valid,
        "party_name_ar": PARTY_NAME_AR,
        "party_name_fr": PARTY_NAME_FR,
        "organ_name_ar": organ.name_ar if valid else None,
        "organ_name_fr": (organ.name_fr or None) if valid else None,
        "issued_on": card.issued_on if valid else None,
        "number_masked": _number_masked(membership.number) if valid else None,
    }


def card_verify_url(card: Card, *, base_url: str) -> str:
    """The public verification URL printed as a QR code: `<base_url>/v/<token>/`."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base_url must be an absolute http(s) URL, not {base_url!r}")
    return f"{base_url.rstrip('/')}/v/{card.token}/"


def _qr_uri(url: str) -> str:
    """The QR code as an SVG data URI (vector: sharp at any print resolution), with its quiet zone."""
    return segno.make(url, error="m").svg_data_uri(scale=1, border=4, dark="#000", light="#fff")


def _date_ar(day: datetime.date | None) -> str:
    """ "5 يوليوز 2026": Moroccan Arabic month names whatever the language of the request."""
    return format_date(day, "d MMMM y", locale="ar_MA") if day else ""


def _card_context(card: Card, *, base_url: str) -> dict:
    membership = card.membership
    person = membership.person
    return {
        "name_ar": person.full_name_ar,
        "name_latin": person.full_name_latin,
        "number": membership.number,
        "organ_ar": membership.local_organ.name_ar if membership.local_organ else "",
        "issued_on": _date_ar(card.issued_on),
        "photo_uri": None,
        "qr_uri": _qr_uri(card_verify_url(card, base_url=base_url)),
    }


def cards_pdf(cards: Sequence[Card], *, base_url: str, sheet: Literal["a4", "card"] = "a4") -> bytes:
    """One PDF with the given issued cards of active members: ten per A4 page (default) or one per
    ID-1 page. ValidationError when there is nothing to print or a card would not verify."""
    from weasyprint import HTML  # heavy import, only when a PDF is drawn

    if not cards:
        raise ValidationError(_("There is no issued card to print."))
    for card in cards:
        if card.status != CardStatus.ISSUED:
            raise ValidationError(
                _("Only issued cards can be printed; the card of member %(number)s is “%(status)s”.")
                % {"number": card.membership.number, "status": card.get_status_display()}
            )
        if card.membership.status != MemberStatus.ACTIVE:
            raise ValidationError(
                _("Member %(number)s is “%(status)s”: their card would not verify, so it is not printed.")
                % {"number": card.membership.number, "status": card.membership.get_status_display()}
            )
    items = [_card_context(card, base_url=base_url) for card in cards]
    per_page = CARDS_PER_A4 if sheet == "a4" else 1
    pages = [items[start : start + per_page] for start in range(0, len(items), per_page)]
    html = render_to_string(
        "people/card_pdf.html",
        {
            "pages": pages,
            "sheet": sheet,
            "party_name_ar": PARTY_NAME_AR,
            "party_name_fr": PARTY_NAME_FR,
            "font_regular": (FONTS_DIR / "Amiri-Regular.ttf").as_uri(),
            "font_bold": (FONTS_DIR / "Amiri-Bold.ttf").as_uri(),
        },
    )
    return HTML(string=html, base_url=FONTS_DIR.as_uri() + "/").write_pdf()


def cards_pdf_for_organ(organ: Organ, *, base_url: str, sheet: Literal["a4", "card"] = "a4") -> bytes:
    """All issued cards of the active members of a local organ, in one PDF, by Arabic name."""
    cards = list(
        Card.objects.filter(
            status=CardStatus.ISSUED,
            membership__local_organ=organ,
            membership__status=MemberStatus.ACTIVE,
        )
        .select_related("membership__person", "membership__local_organ")
        .order_by("membership__person__full_name_ar", "membership__number")
    )
    return cards_pdf(cards, base_url=base_url, sheet=sheet)
