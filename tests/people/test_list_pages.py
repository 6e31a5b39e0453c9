"""The roll's pages at any size: name order across pages, a bounded count, the scope kept.

The pages are read keys first (tanzim/core/paging.py) and the scope is a list of unit ids
(`Scope.q_unit`); these tests check that what a secretary sees is the same as the plain query would
give: every member of the territory once, in name order, nobody from elsewhere.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tanzim.access.queries import members_visible
from tanzim.access.scope import scope_for
from tanzim.core import paging
from tanzim.people.members import membership_enroll
from tanzim.people.models import MemberStatus
from tanzim.people.queries import active_members_representation
from tests.factories import PersonFactory, territory

pytestmark = pytest.mark.django_db

KARIA = "03.531.01.03"  # Karia Ba Mohamed, a commune of Taounate
TANGER_ARRONDISSEMENT = "01.511.01.03"  # Beni Makada


def _enrol(name_ar: str, code: str, status: str = MemberStatus.ACTIVE):
    person = PersonFactory(full_name_ar=name_ar, full_name_latin="", home=territory(code))
    return membership_enroll(person=person, by=None, status=status)


def _names_on_every_page(client, params: dict) -> list[str]:
    names, number = [], 1
    while True:
        page = client.get("/members/", {**params, "page": number}).context["page"]
        names += [m.person.full_name_ar for m in page.object_list]
        if not page.has_next():
            return names
        number += 1


def test_pages_follow_name_order_and_hold_every_member_once(
    taounate_client, taounate_provincial_secretary, settings
):
    settings.TANZIM_PAGE_SIZE = 3
    for name in ("ياسين", "أمين", "بشرى", "زكرياء", "حميد", "أمين", "دنيا"):
        _enrol(f"{name} ترتيب", KARIA)
    _enrol("أمين ترتيب", TANGER_ARRONDISSEMENT)  # outside the secretary's province

    expected = [
        m.person.full_name_ar
        for m in members_visible(taounate_provincial_secretary)
        .filter(person__home=territory(KARIA))
        .select_related("person")
        .order_by("person__full_name_ar", "person_id")
    ]
    listed = _names_on_every_page(taounate_client, {"territory": "Karia Ba Mohamed"})

    assert listed == expected
    assert listed.count("أمين ترتيب") == 2  # the two of Karia, not the one of Tanger
    assert len(listed) >= 7


def test_the_whole_scope_is_listed_without_anyone_outside(
    taounate_client, taounate_provincial_secretary, settings
):
    settings.TANZIM_PAGE_SIZE = 50
    _enrol("غريب خارج النطاق", TANGER_ARRONDISSEMENT)
    listed = _names_on_every_page(taounate_client, {})
    inside = members_visible(taounate_provincial_secretary).count()

    assert len(listed) == inside
    assert "غريب خارج النطاق" not in listed
    # The scope is the province's units, passed as ids.
    assert territory(KARIA).pk in scope_for(taounate_provincial_secretary).territory_ids
    assert territory(TANGER_ARRONDISSEMENT).pk not in scope_for(taounate_provincial_secretary).territory_ids


def test_the_count_stops_at_the_cap_and_the_page_says_so(taounate_client, settings, monkeypatch):
    settings.TANZIM_PAGE_SIZE = 2
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    for index in range(6):
        _enrol(f"عضو سقف {index}", KARIA)

    response = taounate_client.get("/members/", {"territory": "Karia Ba Mohamed"})
    paginator = response.context["page"].paginator
    assert paginator.capped and paginator.count == 4 and paginator.num_pages == 2
    assert "أكثر من 4" in response.content.decode()

    french = taounate_client.get("/members/", {"territory": "Karia Ba Mohamed"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "plus de 4" in french.content.decode()

    # Under the cap: the exact count, as before.
    monkeypatch.setattr(paging, "COUNT_CAP", 1000)
    exact = taounate_client.get("/members/", {"territory": "Karia Ba Mohamed"}).context["page"].paginator
    assert not exact.capped and exact.count >= 6


def test_a_page_number_past_the_end_shows_the_last_page(taounate_client, settings):
    settings.TANZIM_PAGE_SIZE = 2
    for index in range(3):
        _enrol(f"عضو أخير {index}", KARIA)
    page = taounate_client.get("/members/", {"territory": "Karia Ba Mohamed", "page": 999}).context["page"]
    assert page.number == page.paginator.num_pages
    assert page.object_list


def test_filters_and_search_keep_working_on_the_keyed_pages(taounate_client):
    _enrol("سلمى فلترة", KARIA, status=MemberStatus.SUSPENDED)
    _enrol("سعاد فلترة", KARIA)

    suspended = _names_on_every_page(
        taounate_client, {"territory": "Karia Ba Mohamed", "status": "suspended"}
    )
    assert "سلمى فلترة" in suspended and "سعاد فلترة" not in suspended

    found = taounate_client.get("/members/", {"q": "فلترة"}).context["page"].object_list
    assert {m.person.full_name_ar for m in found} >= {"سلمى فلترة", "سعاد فلترة"}


def test_figures_above_the_commune_come_from_the_cache_with_their_time_a_commune_is_live():
    country, province, commune = territory("MA"), territory("03.531"), territory(KARIA)
    first = {unit.code: active_members_representation(unit) for unit in (country, province)}
    assert all(figures.as_of is not None for figures in first.values())

    live = active_members_representation(commune)
    assert live.as_of is None
    _enrol("عضوة جديدة للأرقام", KARIA)
    assert active_members_representation(commune).total == live.total + 1
    # The same cached figures for ten minutes at most, then counted again.
    assert active_members_representation(province) == first["03.531"]
    assert active_members_representation(country) == first["MA"]
    cache.clear()
    assert active_members_representation(province).total == first["03.531"].total + 1


def test_the_country_page_says_when_its_figures_were_counted(admin_client_):
    response = admin_client_.get("/territory/MA/")
    assert response.status_code == 200
    assert response.context["membership"].as_of is not None
    assert "إلى حدود الساعة" in response.content.decode()


def test_cached_figures_of_a_unit_equal_a_direct_count():
    """The table of every unit, summed for a province, a region, the country, gives the figures a
    direct count of the same people gives."""
    from tanzim.people.models import Person
    from tanzim.people.queries import representation

    _enrol("سناء للمقارنة", KARIA)
    _enrol("عمر للمقارنة", TANGER_ARRONDISSEMENT)
    for code in ("03.531", "03", "MA", "01.511"):
        unit = territory(code)
        direct = representation(
            Person.objects.filter(membership__status=MemberStatus.ACTIVE, home__path__startswith=unit.path)
        )
        cached = active_members_representation(unit)
        assert cached.as_of is not None
        assert (cached.total, cached.women, cached.gender_known, cached.under_35, cached.age_known) == (
            direct.total,
            direct.women,
            direct.gender_known,
            direct.under_35,
            direct.age_known,
        ), code
        assert cached.total > 0, code


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_member_s_status_reads_as_django_s_own_display_in_both_languages(language):
    from django.db.models import Model
    from django.utils.translation import override

    from tanzim.people.models import Membership, MemberStatus

    field = Membership._meta.get_field("status")
    with override(language):
        for status in [*MemberStatus.values, "unknown"]:
            membership = Membership(status=status)
            assert membership.get_status_display() == Model._get_FIELD_display(membership, field)
