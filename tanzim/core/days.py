"""A day typed in a filter or a URL (`?on=`): ISO as the date boxes send it, or the day-first
form people write in Morocco (23/11/2026, 23-11-2026, 23.11.2026). Arabic-Indic digits are read too."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_day(raw: str) -> tuple[datetime.date | None, str]:
    """(the day, "") or (None, a message naming the value); (None, "") when nothing was typed."""
    text = raw.strip().translate(_DIGITS)
    if not text:
        return None, ""
    try:
        return datetime.date.fromisoformat(text), ""
    except ValueError:
        pass
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day), ""
        except ValueError:
            pass
    return None, _("“%(value)s” is not a date; write it as 23/11/2026 or 2026-11-23.") % {
        "value": raw.strip()
    }
