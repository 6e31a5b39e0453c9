"""Writes on people. Every create/update goes through here so match keys stay right."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanzim.core.text import has_arabic, name_search_key
from tanzim.people.models import Person
from tanzim.people.validators import normalize_cin, normalize_phone
from tanzim.territory.models import Territory


def _field_checked(field: str, normalize, value: str) -> str:
    """Normalise a value; a ValidationError comes back attached to `field`."""
    try:
        return normalize(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _check_unique_cin(person: Person) -> None:
    if person.cin and Person.objects.filter(cin=person.cin).exclude(pk=person.pk).exists():
        raise ValidationError(
            {"cin": _("CIN %(value)s is already recorded for another person.") % {"value": person.cin}}
        )


def _keys(person: Person) -> None:
    person.name_key_ar = name_search_key(person.full_name_ar) if has_arabic(person.full_name_ar) else ""
    person.name_key_latin = name_search_key(person.full_name_latin)


@transaction.atomic
def person_create(
    *,
    full_name_ar: str,
    home: Territory,
    full_name_latin: str = "",
    honorific: str = "",
    gender: str = "",
    birth_year: int | None = None,
    phone: str = "",
    cin: str = "",
    commune: Territory | None = None,
    source: str = "",
) -> Person:
    """Create a person; phone and CIN are normalised then validated (ValidationError names the field)."""
    person = Person(
        full_name_ar=full_name_ar.strip(),
        full_name_latin=full_name_latin.strip(),
        honorific=honorific,
        gender=gender,
        birth_year=birth_year,
        phone=_field_checked("phone", normalize_phone, phone),
        cin=normalize_cin(cin),
        commune=commune,
        home=home,
        source=source,
    )
    _keys(person)
    _check_unique_cin(person)
    person.full_clean()
    person.save()
    from tanzim.people.search import person_index_names

    person_index_names([person])
    return person


@transaction.atomic
def person_update(*, person: Person, **changes) -> Person:
    if "phone" in changes:
        changes["phone"] = _field_checked("phone", normalize_phone, changes["phone"])
    if "cin" in changes:
        changes["cin"] = normalize_cin(changes["cin"])
    for field, value in changes.items():
        setattr(person, field, value)
    _keys(person)
    _check_unique_cin(person)
    person.full_clean()
    person.save()
    from tanzim.people.search import person_index_names

    person_index_names([person])
    return person
