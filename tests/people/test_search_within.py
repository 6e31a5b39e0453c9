"""A territory's name search reads only its own name links (`PersonWord.home`), kept by the database.

The unit of residence copied on the links is what a province's search reads; these tests check that
the database keeps it right through every way a person is written or moved, and that a search with
`within` finds exactly what the same search without it finds.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F

from tanzim.access.queries import people_search_within, people_visible
from tanzim.organs.models import Organ, OrganKind
from tanzim.people.members import membership_enroll
from tanzim.people.models import MemberStatus, Person, PersonWord
from tanzim.people.search import people_search, person_index_names
from tests.factories import MandateFactory, PersonFactory, territory

pytestmark = pytest.mark.django_db

KARIA = "03.531.01.03"  # a commune of Taounate
TAOUNATE = "03.531"
BENI_MAKADA = "01.511.01.03"  # an arrondissement of Tanger


def _link_units(person: Person) -> set[int | None]:
    return set(PersonWord.objects.filter(person=person).values_list("home_id", flat=True))


def test_every_link_of_the_demo_carries_its_person_unit():
    assert PersonWord.objects.exists()
    assert not PersonWord.objects.exclude(home_id=F("person__home_id")).exists()


def test_links_follow_a_person_moved_by_any_path():
    person = PersonFactory(
        full_name_ar="رضوان المتنقل", full_name_latin="Redouane Moutanaqil", home=territory(KARIA)
    )
    assert _link_units(person) == {territory(KARIA).pk}

    person.home = territory(BENI_MAKADA)
    person.save()
    assert _link_units(person) == {territory(BENI_MAKADA).pk}

    Person.objects.filter(pk=person.pk).update(home=territory(TAOUNATE))
    assert _link_units(person) == {territory(TAOUNATE).pk}

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_person SET home_id = %s WHERE id = %s", [territory(KARIA).pk, person.pk]
        )
    assert _link_units(person) == {territory(KARIA).pk}


def test_new_words_of_a_renamed_person_carry_the_unit():
    person = PersonFactory(full_name_ar="سميرة الأولى", full_name_latin="", home=territory(KARIA))
    person.full_name_ar = "سميرة الثانية"
    person.save()
    person_index_names([person])
    assert "الثانيه" in set(
        PersonWord.objects.filter(person=person).values_list("word__word", flat=True)
    )  # folded
    assert _link_units(person) == {territory(KARIA).pk}


@pytest.mark.parametrize("text", ["النجاري", "Najjari", "محمد", "Hjira", "رضوان المتنقل", "Tanjaoui"])
def test_a_search_within_the_scope_finds_what_the_search_without_finds(taounate_provincial_secretary, text):
    PersonFactory(full_name_ar="رضوان المتنقل", full_name_latin="Redouane Moutanaqil", home=territory(KARIA))
    # Serving in Taounate's secretariat while living in Tanger: in the scope through the mandate.
    outsider_serving = PersonFactory(
        full_name_ar="عادل الطنجاوي", full_name_latin="Adil Tanjaoui", home=territory(BENI_MAKADA)
    )
    secretariat = Organ.objects.get(kind=OrganKind.PROVINCIAL_SECRETARIAT, territory=territory(TAOUNATE))
    MandateFactory(person=outsider_serving, organ=secretariat)

    people = people_visible(taounate_provincial_secretary)
    within = people_search_within(taounate_provincial_secretary)
    assert within is not None and outsider_serving.pk in within.people

    narrowed = [(p.pk, score) for p, score in people_search(people, text, limit=200, within=within)]
    whole = [(p.pk, score) for p, score in people_search(people, text, limit=200)]
    assert narrowed == whole
    if text == "Tanjaoui":
        assert outsider_serving.pk in {pk for pk, _score in narrowed}


def test_the_member_list_search_of_a_province_never_shows_anyone_outside(taounate_client):
    for name, code in (("يونس داخل الإقليم", KARIA), ("يونس خارج الإقليم", BENI_MAKADA)):
        person = PersonFactory(full_name_ar=name, full_name_latin="", home=territory(code))
        membership_enroll(person=person, by=None, status=MemberStatus.ACTIVE)
    page = taounate_client.get("/members/", {"q": "يونس"}).context["page"]
    names = [m.person.full_name_ar for m in page.object_list]
    assert "يونس داخل الإقليم" in names
    assert "يونس خارج الإقليم" not in names


def test_the_national_scope_reads_every_link(national_admin):
    assert people_search_within(national_admin) is None
