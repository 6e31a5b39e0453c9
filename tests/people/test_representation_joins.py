"""Representation figures count each person once, with or without a join that repeats rows."""

import pytest

from tanzim.organs.models import Mandate
from tanzim.people.models import Person
from tanzim.people.queries import representation

pytestmark = pytest.mark.django_db


def test_a_to_many_join_does_not_count_a_person_twice():
    holders = Mandate.objects.values_list("person_id", flat=True)
    people = set(holders)
    joined = Person.objects.filter(mandates__isnull=False)  # one row per mandate
    assert joined.count() == len(holders) > len(people)  # some hold several mandates
    assert representation(joined).total == len(people)


def test_without_a_to_many_join_the_plain_counts_are_the_same():
    active = Person.objects.filter(membership__status="active")
    assert representation(active).total == active.count() == active.distinct().count()
