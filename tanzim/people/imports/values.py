"""Parsing of one cell of a roll: text, CIN, +212 phone, dates, gender, member status.

Each parser returns the stored value or raises `ValueError`; messages are built by `checking`.
The phone parser has a fast path for the usual shapes (0661…, +212661…, 00212661…, 661… from an
Excel number cell) checked against libphonenumber's own patterns for Morocco, and falls back to
`normalize_phone` (libphonenumber's full parser, ~20 µs a call) for anything else, so both agree.
"""

from __future__ import annotations

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from openpyxl.utils.datetime import from_excel

from tanzim.people.models import MemberStatus
from tanzim.people.validators import CIN_PATTERN, normalize_phone

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"\s+")


def cell_text(value: object) -> str:
    """A cell as text: numbers without a trailing '.0', dates in ISO, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = str(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    if "\u00a0" in text or "\n" in text or "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text.replace("\u00a0", " "))
    return text.strip()


def digits_ascii(text: str) -> str:
    """Arabic-Indic and Persian digits (١٩٨٥, ۱۹۸۵) as ASCII digits."""
    return text.translate(_DIGITS)


_CIN_STRIP = re.compile(r"[\s\-./]")


def cin_parse(text: str) -> str:
    """'ab 123456', 'AB-123456' → 'AB123456'; '' stays ''; anything else raises ValueError."""
    cin = _CIN_STRIP.sub("", digits_ascii(text)).upper()
    if cin and not CIN_PATTERN.match(cin):
        raise ValueError(cin)
    return cin


def _phone_patterns() -> list[tuple[re.Pattern[str], tuple[int, ...]]]:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("MA")
    general = metadata.general_desc
    patterns = []
    for name in (
        "fixed_line",
        "mobile",
        "toll_free",
        "premium_rate",
        "shared_cost",
        "personal_number",
        "voip",
        "pager",
        "uan",
        "voicemail",
    ):
        desc = getattr(metadata, name, None)
        if desc is None or not desc.national_number_pattern:
            continue
        lengths = tuple(desc.possible_length or general.possible_length or ())
        patterns.append((re.compile(f"(?:{desc.national_number_pattern})"), lengths))
    return patterns


_PHONE_TYPES = _phone_patterns()
_PHONE_GENERAL = re.compile(
    f"(?:{phonenumbers.PhoneMetadata.metadata_for_region('MA').general_desc.national_number_pattern})"
)
_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
_PHONE_SHAPES = re.compile(r"^(?:\+212|00212|0)?(\d{9})$")


def _moroccan_valid(national: str) -> bool:
    if not _PHONE_GENERAL.fullmatch(national):
        return False
    return any(
        (not lengths or len(national) in lengths) and pattern.fullmatch(national)
        for pattern, lengths in _PHONE_TYPES
    )


def phone_parse(text: str) -> str:
    """A Moroccan number in E.164 (+212…), '' for an empty cell; raises ValueError otherwise."""
    if not text:
        return ""
    compact = _PHONE_SEPARATORS.sub("", digits_ascii(text))
    shape = _PHONE_SHAPES.match(compact)
    if shape is not None:
        national = shape.group(1)
        if _moroccan_valid(national):
            return "+212" + national
        raise ValueError(text)
    try:
        return normalize_phone(digits_ascii(text))
    except ValidationError as error:
        raise ValueError(text) from error


_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_TIME_SUFFIX = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
# Excel's serial day numbers for 1900-01-01 … 2100-12-31, when a date arrives as a plain number.
_EXCEL_SERIALS = range(1, 73415)


def date_parse(value: object) -> tuple[datetime.date | None, int]:
    """(full date or None when only the year is given, year). Raises ValueError.

    Accepts Excel date cells, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, yyyy/mm/dd, a year
    alone (1985), a trailing time (from CSV exported by Excel), and Arabic-Indic digits. Two-digit
    years are refused: 05/03/15 could be 1915 or 2015.
    """
    if isinstance(value, datetime.datetime):
        return value.date(), value.year
    if isinstance(value, datetime.date):
        return value, value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if number != value:
            raise ValueError(value)
        if 1000 <= number <= 9999:
            return None, number
        if number in _EXCEL_SERIALS:
            day = from_excel(number)
            return day.date(), day.year
        raise ValueError(value)
    text = _TIME_SUFFIX.sub("", digits_ascii(str(value or "")).strip()).strip()
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _YEAR.match(text):
        return None, int(match.group(1))
    else:
        raise ValueError(value)
    return datetime.date(year, month, day), year  # ValueError for 31/02/1990


_GENDERS = {
    "f": "f",
    "femme": "f",
    "feminin": "f",
    "féminin": "f",
    "female": "f",
    "أنثى": "f",
    "انثى": "f",
    "انثي": "f",
    "أنثي": "f",
    "ا": "f",
    "أ": "f",
    "مؤنث": "f",
    "السيدة": "f",
    "mme": "f",
    "m": "m",
    "h": "m",
    "homme": "m",
    "masculin": "m",
    "male": "m",
    "ذكر": "m",
    "ذ": "m",
    "مذكر": "m",
    "السيد": "m",
    "mr": "m",
}


def gender_parse(text: str) -> str:
    if not text:
        return ""
    key = text.strip().lower().rstrip(".")
    if key in _GENDERS:
        return _GENDERS[key]
    raise ValueError(text)


_STATUSES = {
    **{status.value: status.value for status in MemberStatus},
    "actif": MemberStatus.ACTIVE,
    "active": MemberStatus.ACTIVE,
    "نشيط": MemberStatus.ACTIVE,
    "نشط": MemberStatus.ACTIVE,
    "فاعل": MemberStatus.ACTIVE,
    "منخرط": MemberStatus.ACTIVE,
    "candidat": MemberStatus.APPLICANT,
    "demandeur": MemberStatus.APPLICANT,
    "طالب انخراط": MemberStatus.APPLICANT,
    "suspendu": MemberStatus.SUSPENDED,
    "موقوف": MemberStatus.SUSPENDED,
    "expiré": MemberStatus.LAPSED,
    "منقطع": MemberStatus.LAPSED,
    "démissionnaire": MemberStatus.RESIGNED,
    "مستقيل": MemberStatus.RESIGNED,
    "exclu": MemberStatus.EXCLUDED,
    "مطرود": MemberStatus.EXCLUDED,
}


def status_parse(text: str) -> str:
    """A member status (code, or its usual French or Arabic word); '' for an empty cell."""
    if not text:
        return ""
    key = text.strip().lower()
    if key in _STATUSES:
        return str(_STATUSES[key])
    for status in MemberStatus:
        if key == str(status.label).lower():
            return status.value
    raise ValueError(text)
