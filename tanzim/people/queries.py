"""Reads on people."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tanzim.core.text import name_search_key
from tanzim.people.models import Person


def people_matching(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People whose Arabic or Latin name contains `text`, folded (hamza, accents, spacing)."""
    key = name_search_key(text)
    if not key:
        return people
    return people.filter(Q(name_key_ar__contains=key) | Q(name_key_latin__contains=key))
