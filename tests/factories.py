"""factory_boy factories for people, organs and mandates.

The territory is never fabricated: it is the real one loaded by the session fixture, so factories
look units up by HCP code (`territory("03.531")`). People, organs and mandates are created through
the services, so the name keys, normalisation and checks the application relies on are applied.
"""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from tanzim.organs.models import How, Mandate, Organ, OrganKind, Role
from tanzim.organs.services import mandate_record, organ_create
from tanzim.people.models import Person
from tanzim.people.services import person_create
from tanzim.territory.models import Territory

TAOUNATE = "03.531"


def territory(code: str) -> Territory:
    return Territory.objects.get(code=code)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name_ar = factory.Sequence(lambda n: f"شخص تجريبي {n}")
    full_name_latin = factory.Sequence(lambda n: f"Test Person {n}")
    home = factory.LazyFunction(lambda: territory(TAOUNATE))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return person_create(*args, **kwargs)


class OrganFactory(DjangoModelFactory):
    class Meta:
        model = Organ

    kind = OrganKind.POLE
    territory = factory.LazyFunction(lambda: territory(TAOUNATE))
    name_ar = factory.Sequence(lambda n: f"هيئة تجريبية {n}")
    name_fr = factory.Sequence(lambda n: f"Organe de test {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return organ_create(*args, **kwargs)


class MandateFactory(DjangoModelFactory):
    class Meta:
        model = Mandate

    person = factory.SubFactory(PersonFactory)
    organ = factory.SubFactory(OrganFactory)
    role = Role.MEMBER
    how = How.ELECTED
    start = datetime.date(2024, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return mandate_record(*args, **kwargs)
