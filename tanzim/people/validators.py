"""Moroccan identifiers: CIN (national identity card) and +212 phone numbers."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# One or two letters (the issuing prefecture) then up to six digits: "A123456", "BK12345", "CD9876".
CIN_PATTERN = re.compile(r"^[A-Z]{1,2}\d{1,6}$")


def normalize_cin(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value or "").upper()


def validate_cin(value: str) -> None:
    if value and not CIN_PATTERN.match(value):
        raise ValidationError(
            _("CIN %(value)s is not valid: one or two letters followed by up to six digits (e.g. CD123456)."),
            code="invalid_cin",
            params={"value": value},
        )


def normalize_phone(value: str) -> str:
    """'0661-23 45 67', '00212661234567' and '+212 661 234 567' all give '+212661234567'.

    Raises ValidationError when the number is not a valid Moroccan number.
    """
    raw = (value or "").strip()
    if not raw:
        return ""
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, "MA")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Phone %(value)s is not a phone number."), code="invalid_phone", params={"value": value}
        ) from error
    if number.country_code != 212 or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Phone %(value)s is not a valid Moroccan number (+212…)."),
            code="invalid_phone",
            params={"value": value},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    if value and normalize_phone(value) != value:
        raise ValidationError(
            _("Phone %(value)s must be stored as +212 followed by nine digits."),
            code="invalid_phone",
            params={"value": value},
        )
