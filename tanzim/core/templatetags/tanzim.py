"""Template helpers: Moroccan dates and numbers in the language of the request."""

from __future__ import annotations

import datetime

from babel.dates import format_date
from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language

register = template.Library()


def _locale() -> str:
    return "fr_MA" if (get_language() or "ar").startswith("fr") else "ar_MA"


@register.filter
def date_ma(value: datetime.date | None, style: str = "long") -> str:
    """ "17 يناير 2026" (Moroccan month names: ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر) or "17 janvier 2026"."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    pattern = {"long": "d MMMM y", "full": "EEEE d MMMM y", "short": "dd/MM/y"}.get(style, "d MMMM y")
    return format_date(value, pattern, locale=_locale())


@register.filter
def num(value: int | None) -> str:
    if value is None or value == "":
        return "—"
    return format_decimal(value, locale=_locale())


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return "?" + params.urlencode()
