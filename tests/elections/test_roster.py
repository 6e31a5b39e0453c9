"""The roster of elected officials: bodies, terms, incompatibilities, and the groups built on it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from tanzim.elections.models import Body, Term
from tanzim.elections.queries import parliamentarians_for
from tanzim.elections.services import body_get_or_create, term_end, term_record
from tanzim.meetings.models import GroupRule
from tanzim.meetings.queries import group_people
from tests.factories import PersonFactory, territory

pytestmark = pytest.mark.django_db


def test_citizen_file_in_beni_makada_finds_the_tanger_assilah_representative():
    names = set(parliamentarians_for(territory("01.511.01.03")).values_list("full_name_ar", flat=True))
    assert names == {"أحمد الطنجي"}


def test_parliamentarians_for_taounate_are_not_those_of_tanger():
    names = set(parliamentarians_for(territory("03.531.01.05")).values_list("full_name_ar", flat=True))
    assert "أحمد الطنجي" not in names
    assert "عبد الكريم التاوناتي" in names


def test_a_regional_constituency_counts_for_the_provinces_inside_it(national_admin):
    councillors = Body.objects.get(kind="councillors")
    person = PersonFactory(home=territory("01"))
    term_record(
        person=person,
        body=councillors,
        office="member",
        constituency=territory("01"),
        start=datetime.date(2021, 10, 8),
        by=national_admin,
    )
    assert person in parliamentarians_for(territory("01.511.01.03"))
    assert person not in parliamentarians_for(territory("03.531"))


def test_an_ended_term_no_longer_counts(national_admin):
    term = Term.objects.get(person__full_name_ar="أحمد الطنجي")
    term_end(term=term, end=datetime.date(2025, 1, 1), by=national_admin)
    assert not parliamentarians_for(territory("01.511")).exists()


def test_chinoune_is_vice_president_of_the_fes_chamber_without_a_stated_rank():
    term = Term.objects.get(person__full_name_ar="عبد العالي شينون")
    assert term.body.kind == "chamber_commerce"
    assert term.office == "vice_president"
    assert term.rank is None and term.elected_on is None
    assert "001" in term.source


def test_elected_officials_of_fes_as_an_invitee_group_include_the_roster():
    people = set(
        group_people(GroupRule.ELECTED_OFFICIALS, territory=territory("03.231")).values_list(
            "full_name_ar", flat=True
        )
    )
    assert {"عبد العالي شينون", "سعاد بناني", "يوسف الأكدالي"} <= people
    assert "إدريس الغفساوي" not in people


def test_parliamentarians_group_of_taounate_includes_the_roster_representative():
    people = group_people(GroupRule.PARLIAMENTARIANS, territory=territory("03.531"))
    assert set(people.values_list("full_name_ar", flat=True)) >= {"عبد الكريم التاوناتي"}


def test_second_council_presidency_is_refused_naming_both_terms(national_admin):
    president = Term.objects.get(person__full_name_ar="إدريس الغفساوي", office="president")
    tissa = body_get_or_create(kind="commune_council", territory=territory("03.531.01.09"))
    with pytest.raises(ValidationError) as error:
        term_record(
            person=president.person,
            body=tissa,
            office="president",
            start=datetime.date(2024, 1, 1),
            by=national_admin,
        )
    message = " ".join(error.value.messages)
    assert "المجلس الجماعي لغفساي" in message and "المجلس الجماعي لتيسة" in message


def test_presidency_that_ended_before_is_not_incompatible(national_admin):
    president = Term.objects.get(person__full_name_ar="إدريس الغفساوي", office="president")
    term_end(term=president, end=datetime.date(2023, 12, 31), by=national_admin)
    tissa = body_get_or_create(kind="commune_council", territory=territory("03.531.01.09"))
    term = term_record(
        person=president.person,
        body=tissa,
        office="president",
        start=datetime.date(2024, 1, 1),
        by=national_admin,
    )
    assert term.pk and term.warnings == []


def test_representative_presiding_a_commune_is_recorded_with_a_warning(national_admin):
    representative = Term.objects.get(
        person__full_name_ar="عبد الكريم التاوناتي", body__kind="representatives"
    )
    taounate = Body.objects.get(kind="commune_council", territory__code="03.531.01.05")
    term = term_record(
        person=representative.person,
        body=taounate,
        office="president",
        start=datetime.date(2024, 1, 1),
        by=national_admin,
    )
    assert term.pk
    assert len(term.warnings) == 1 and "مجلس النواب" in term.warnings[0]


def test_a_body_sits_at_its_level_of_territory():
    with pytest.raises(ValidationError) as error:
        body_get_or_create(kind="commune_council", territory=territory("03.531"))
    assert "territory" in error.value.message_dict


def test_rank_is_for_vice_presidents_only(national_admin):
    body = Body.objects.get(kind="commune_council", territory__code="03.531.01.09")
    with pytest.raises(ValidationError) as error:
        term_record(person=PersonFactory(), body=body, office="member", rank=2, by=national_admin)
    assert "rank" in error.value.message_dict


def test_roster_page_pins_its_query_count(taounate_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = taounate_client.get("/elections/")
    body = response.content.decode()
    assert "إدريس الغفساوي" in body and "عبد الكريم التاوناتي" in body
    assert "أحمد الطنجي" not in body  # Tanger-Assilah's representative is outside Taounate


def test_roster_outside_the_territory_shows_nothing_of_it(beni_makada_client):
    body = beni_makada_client.get("/elections/?territory=تاونات").content.decode()
    assert "إدريس الغفساوي" not in body


def test_body_outside_the_territory_is_a_404(beni_makada_client):
    body = Body.objects.get(kind="commune_council", territory__code="03.531.01.01")
    assert beni_makada_client.get(f"/elections/bodies/{body.pk}/").status_code == 404


def test_recording_a_term_from_the_page_shows_the_warning(admin_client_):
    from tanzim.people.models import Person

    person = Person.objects.get(full_name_ar="عبد الكريم التاوناتي")
    response = admin_client_.post(
        f"/elections/terms/new/?person={person.pk}",
        {
            "person": person.pk,
            "kind": "commune_council",
            "territory": "03.531.01.05",
            "office": "president",
            "start": "2024-01-01",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "مجلس النواب" in body  # the warning names the term already held
    assert Term.objects.filter(person=person, office="president").exists()


def test_record_a_term_starts_by_finding_the_person_in_the_territory(taounate_client):
    body = taounate_client.get("/elections/terms/new/?q=الغفساوي").content.decode()
    assert "إدريس الغفساوي" in body
    from tanzim.access.models import AuditEvent

    logged = AuditEvent.objects.filter(action="people.search", target="الغفساوي").get()
    assert logged.count >= 1 and logged.user.username == "najjari"
    body = taounate_client.get("/elections/terms/new/?q=الطنجي").content.decode()
    assert "أحمد الطنجي" not in body  # attached to Tanger-Assilah: outside Taounate


def test_a_provincial_secretary_cannot_record_a_term_outside_his_province(taounate_client):
    from tanzim.people.models import Person

    person = Person.objects.get(full_name_ar="إدريس الغفساوي")
    taounate_client.post(
        f"/elections/terms/new/?person={person.pk}",
        {
            "person": person.pk,
            "kind": "arrondissement_council",
            "territory": "01.511.01.03",
            "office": "member",
        },
    )
    assert not Term.objects.filter(person=person, body__territory__code="01.511.01.03").exists()
