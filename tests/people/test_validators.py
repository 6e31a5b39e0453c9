"""CIN and +212 phone numbers: normalisation and validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tanzim.people.validators import normalize_cin, normalize_phone, validate_cin, validate_phone


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("CD123456", "CD123456"),
        ("a 12345", "A12345"),
        ("bk-12.345", "BK12345"),
        (" z1 ", "Z1"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_cin(written, stored):
    assert normalize_cin(written) == stored


@pytest.mark.parametrize("cin", ["CD123456", "A12345", "BK1", "Z999999", ""])
def test_valid_cins_pass(cin):
    validate_cin(cin)  # raises on failure
    assert normalize_cin(cin) == cin


@pytest.mark.parametrize("cin", ["123456", "ABC123", "A1234567", "CD", "A12B34", "cd123456", "A-123"])
def test_invalid_cins_are_rejected_naming_the_value(cin):
    with pytest.raises(ValidationError) as caught:
        validate_cin(cin)
    assert caught.value.code == "invalid_cin"
    assert cin in caught.value.messages[0]


@pytest.mark.parametrize(
    "written",
    ["0661234567", "+212 661-234567", "00212661234567", "0661-23 45 67", "+212661234567", " 06 61 23 45 67 "],
)
def test_moroccan_mobile_numbers_are_stored_in_e164(written):
    assert normalize_phone(written) == "+212661234567"


def test_fixed_lines_and_07_mobiles_are_moroccan_numbers_too():
    assert normalize_phone("0537123456") == "+212537123456"
    assert normalize_phone("0761234567") == "+212761234567"


def test_empty_phone_stays_empty():
    assert normalize_phone("") == ""
    assert normalize_phone("   ") == ""
    assert normalize_phone(None) == ""


@pytest.mark.parametrize("written", ["12345", "+33612345678", "0033612345678", "06612345", "abc", "+212 12"])
def test_non_moroccan_or_malformed_phones_are_rejected_naming_the_value(written):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(written)
    assert caught.value.code == "invalid_phone"
    assert written in caught.value.messages[0]


def test_validate_phone_accepts_only_the_stored_form():
    validate_phone("+212661234567")
    validate_phone("")
    for not_stored in ("0661234567", "+212 661 234 567"):
        with pytest.raises(ValidationError) as caught:
            validate_phone(not_stored)
        assert not_stored in caught.value.messages[0]
