"""Days typed in filters and URLs: ISO, day-first, Arabic-Indic digits; anything else is named."""

import datetime

import pytest

from tanzim.core.days import parse_day


@pytest.mark.parametrize(
    "raw",
    ["2026-11-23", "23/11/2026", "23-11-2026", "23.11.2026", " 23/11/2026 ", "٢٣/١١/٢٠٢٦", "۲۳/۱۱/۲۰۲۶"],
)
def test_a_day_is_read_in_the_forms_people_write(raw):
    assert parse_day(raw) == (datetime.date(2026, 11, 23), "")


def test_nothing_typed_is_no_day_and_no_error():
    assert parse_day("") == (None, "")
    assert parse_day("   ") == (None, "")


@pytest.mark.parametrize("raw", ["31/02/2026", "2026-13-01", "11/2026", "demain", "23/11/26"])
def test_an_unreadable_day_is_named_in_the_error(raw):
    day, error = parse_day(raw)
    assert day is None
    assert raw in error
