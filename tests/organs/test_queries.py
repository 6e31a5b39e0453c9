"""org_chart, organs_with_holders, territory_organs and mandates_search on the seed world."""

from __future__ import annotations

import datetime

import pytest

from tanzim.demo.seeds import SEED_000_DAY, SEED_002_DAY, SYNTHETIC_SOURCE
from tanzim.organs.models import How, Mandate, Organ, OrganKind, Role
from tanzim.organs.queries import mandates_search, org_chart, organs_with_holders, territory_organs
from tanzim.organs.services import mandate_end, mandate_record
from tests.factories import MandateFactory, OrganFactory, PersonFactory, territory

pytestmark = pytest.mark.django_db

D = datetime.date


def _organ(name_ar: str) -> Organ:
    return Organ.objects.get(name_ar=name_ar)


@pytest.fixture
def taounate_secretariat() -> Organ:
    return _organ("الأمانة الإقليمية بتاونات")


# --- org_chart ------------------------------------------------------------------------------------


def test_org_chart_of_taounate_lists_current_holders_in_precedence_order(taounate_secretariat):
    chart = org_chart(taounate_secretariat, visible_organs=Organ.objects.all(), today=SEED_002_DAY)
    assert [(m.person.full_name_ar, m.role) for m in chart.current] == [
        ("محمد النجاري", Role.SECRETARY),
        ("محمد لطفي", Role.DEPUTY_SECRETARY),
    ]
    assert chart.proposed == []
    assert chart.past == []


def test_org_chart_precedence_does_not_depend_on_names(taounate_secretariat):
    # A treasurer whose name sorts first still comes after the secretary and the deputy.
    MandateFactory(
        organ=taounate_secretariat,
        role=Role.TREASURER,
        start=D(2023, 1, 1),
        person=PersonFactory(full_name_ar="أأأ أمين المال"),
    )
    chart = org_chart(taounate_secretariat, visible_organs=Organ.objects.all(), today=SEED_002_DAY)
    assert [m.role for m in chart.current] == [Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.TREASURER]


def test_org_chart_above_is_the_chain_up_to_the_general_secretariat(taounate_secretariat):
    chart = org_chart(taounate_secretariat, visible_organs=Organ.objects.all(), today=SEED_002_DAY)
    assert [o.name_ar for o in chart.above] == ["الأمانة الجهوية لجهة فاس-مكناس", "الأمانة العامة"]
    assert chart.above[0].kind == OrganKind.REGIONAL_SECRETARIAT
    assert chart.above[-1].kind == OrganKind.GENERAL_SECRETARIAT


def test_org_chart_below_shows_the_communication_pole_with_its_head(taounate_secretariat):
    chart = org_chart(
        taounate_secretariat,
        visible_organs=Organ.objects.exclude(kind=OrganKind.LOCAL_SECRETARIAT),
        today=SEED_002_DAY,
    )
    assert [o.name_ar for o in chart.below] == ["قطب التواصل والإعلام بالأمانة الإقليمية بتاونات"]
    pole = chart.below[0]
    assert [(m.person.full_name_ar, m.role) for m in pole.current_mandates] == [
        ("مصطفى الغزواني", Role.HEAD_OF_POLE)
    ]


def test_org_chart_below_leaves_out_organs_outside_the_visible_scope(taounate_secretariat):
    chart = org_chart(
        taounate_secretariat,
        visible_organs=Organ.objects.exclude(kind__in=[OrganKind.POLE, OrganKind.LOCAL_SECRETARIAT]),
        today=SEED_002_DAY,
    )
    assert chart.below == []
    assert len(chart.current) == 2  # the organ's own holders are not filtered by the scope


def test_org_chart_before_the_first_attestation_shows_nobody_current(taounate_secretariat):
    chart = org_chart(
        taounate_secretariat,
        visible_organs=Organ.objects.all(),
        today=SEED_000_DAY - datetime.timedelta(days=1),
    )
    assert chart.current == []
    assert chart.below[0].current_mandates == []


def test_org_chart_separates_proposed_and_past_holders(taounate_secretariat):
    proposed = MandateFactory(organ=taounate_secretariat, role=Role.TREASURER, how=How.PROPOSED, start=None)
    older = MandateFactory(organ=taounate_secretariat, role=Role.SECRETARY, start=D(2016, 1, 1))
    mandate_end(mandate=older, on=D(2019, 12, 31))
    recent = MandateFactory(organ=taounate_secretariat, role=Role.RAPPORTEUR, start=D(2020, 1, 1))
    mandate_end(mandate=recent, on=D(2022, 6, 30))

    chart = org_chart(taounate_secretariat, visible_organs=Organ.objects.all(), today=SEED_002_DAY)

    assert chart.proposed == [proposed]
    assert chart.past == [recent, older]  # most recent end first
    assert proposed not in chart.current
    assert [m.person.full_name_ar for m in chart.current] == ["محمد النجاري", "محمد لطفي"]


def test_org_chart_above_follows_a_parent_outside_the_units_above(
    taounate_secretariat, django_assert_max_num_queries
):
    """A parent in a unit that is not above the organ (the services refuse it; a row written by
    hand may have it) is read apart, with its own chain, in order."""
    tanger_pole = OrganFactory(territory=territory("01.511"), parent=_organ("الأمانة العامة"))
    committee = OrganFactory(parent=taounate_secretariat)
    Organ.objects.filter(pk=committee.pk).update(parent=tanger_pole)  # in Taounate, under Tanger
    committee.refresh_from_db()
    chart = org_chart(committee, visible_organs=Organ.objects.all(), today=SEED_002_DAY)
    assert chart.above == [tanger_pole, _organ("الأمانة العامة")]
    assert [o.territory.code for o in chart.above] == ["01.511", "MA"]
    with django_assert_max_num_queries(5):  # the chain of a province's secretariat: one read
        chart = org_chart(taounate_secretariat, visible_organs=Organ.objects.all(), today=SEED_002_DAY)
        assert [o.territory.code for o in chart.above] == ["03", "MA"]


def test_org_chart_of_the_general_secretariat_has_nothing_above():
    chart = org_chart(_organ("الأمانة العامة"), visible_organs=Organ.objects.all(), today=SEED_002_DAY)
    assert chart.above == []
    assert [m.role for m in chart.current] == [Role.SECRETARY_GENERAL, Role.DEPUTY_SECRETARY_GENERAL]
    below = {o.name_ar for o in chart.below}
    assert "الأمانة الجهوية لجهة فاس-مكناس" in below
    assert "قطب التنظيم" in below
    assert sum(1 for o in chart.below if o.provisional) == 12


# --- organs_with_holders --------------------------------------------------------------------------


def test_organs_with_holders_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    for _ in range(5):
        organ = OrganFactory(parent=_organ("الأمانة الإقليمية بتاونات"))
        MandateFactory(organ=organ, role=Role.HEAD_OF_POLE)
        MandateFactory(organ=organ, role=Role.MEMBER)

    with django_assert_max_num_queries(2):
        organs = organs_with_holders(Organ.objects.all(), today=SEED_002_DAY)
        seen = [
            (
                o.territory.code,
                o.parent.name_ar if o.parent else None,
                [m.person.full_name_ar for m in o.current_mandates],
            )
            for o in organs
        ]

    assert len(seen) == Organ.objects.count()


def test_organs_with_holders_gives_each_organ_its_current_holders(taounate_secretariat):
    organs = {o.pk: o for o in organs_with_holders(Organ.objects.all(), today=SEED_002_DAY)}
    taounate = organs[taounate_secretariat.pk]
    assert [m.person.full_name_ar for m in taounate.current_mandates] == ["محمد النجاري", "محمد لطفي"]
    assert [m.person.full_name_ar for m in organs[_organ("الأمانة العامة").pk].current_mandates] == [
        "عبد اللطيف وهبي",
        "سمير كودار",
    ]
    held = sum(len(o.current_mandates) for o in organs.values())
    assert held == Mandate.objects.current(SEED_002_DAY).count()


def test_organs_with_holders_on_an_earlier_day(taounate_secretariat):
    organs = {o.pk: o for o in organs_with_holders(Organ.objects.all(), today=D(2021, 1, 1))}
    assert organs[taounate_secretariat.pk].current_mandates == []
    tta = organs[_organ("الأمانة الجهوية لجهة طنجة-تطوان-الحسيمة").pk]
    assert [m.person.full_name_ar for m in tta.current_mandates] == ["عبد اللطيف الغلبزوري"]


def test_territory_organs_lists_the_organs_of_one_territory():
    found = territory_organs(territory("03.531"), visible_organs=Organ.objects.all())
    assert [o.kind for o in found] == ["provincial_secretariat", "pole", "women_organization"]
    assert {o.name_ar for o in found} == set(
        Organ.objects.at(territory("03.531")).values_list("name_ar", flat=True)
    )
    assert all(hasattr(o, "current_mandates") for o in found)
    assert territory_organs(territory("03.531"), visible_organs=Organ.objects.none()) == []


# --- mandates_search ------------------------------------------------------------------------------


def test_najjari_is_found_as_taounate_provincial_secretary_on_the_day_of_seed_000():
    found = list(mandates_search(Mandate.objects.all(), person="النجاري", on=D(2022, 10, 29)))
    assert len(found) == 1
    mandate = found[0]
    assert mandate.person.full_name_ar == "محمد النجاري"
    assert mandate.role == Role.SECRETARY
    assert mandate.organ.territory.code == "03.531"
    assert mandate.organ.kind == OrganKind.PROVINCIAL_SECRETARIAT


def test_najjari_is_not_found_the_day_before_his_first_attestation():
    assert not mandates_search(Mandate.objects.all(), person="النجاري", on=D(2022, 10, 28)).exists()


@pytest.mark.parametrize("written", ["Najjari", "najjari", "محمد النجاري", "النَّجَّاري"])
def test_mandates_search_folds_the_person_name(written):
    found = mandates_search(Mandate.objects.all(), person=written)
    assert [m.person.full_name_ar for m in found] == ["محمد النجاري"]


def test_mandates_search_by_organ_and_by_name_together(taounate_secretariat):
    in_organ = mandates_search(Mandate.objects.all(), organ_id=taounate_secretariat.pk)
    assert {m.person.full_name_ar for m in in_organ} == {"محمد النجاري", "محمد لطفي"}
    narrowed = mandates_search(Mandate.objects.all(), organ_id=taounate_secretariat.pk, person="لطفي")
    assert [m.person.full_name_ar for m in narrowed] == ["محمد لطفي"]


def test_mandates_search_on_a_day_lists_everyone_named_so_in_force():
    found = mandates_search(Mandate.objects.all(), person="محمد", on=D(2023, 4, 7))
    assert {m.person.full_name_ar for m in found} == {
        "محمد النجاري",
        "محمد لطفي",
        "محمد الحجيرة",
        "محمد السليماني",
    }
    paths = [m.organ.territory.path for m in found]
    assert paths == sorted(paths)


def test_mandates_search_leaves_out_ended_and_proposed_mandates_on_a_day():
    person = PersonFactory(full_name_ar="كريم المنصوري", full_name_latin="Karim Mansouri")
    ended = MandateFactory(person=person, start=D(2020, 1, 1))
    mandate_end(mandate=ended, on=D(2021, 1, 1))
    MandateFactory(person=person, how=How.PROPOSED, start=None)
    assert mandates_search(Mandate.objects.all(), person="المنصوري").count() == 2
    assert list(mandates_search(Mandate.objects.all(), person="Mansouri", on=D(2020, 6, 1))) == [ended]
    assert not mandates_search(Mandate.objects.all(), person="Mansouri", on=D(2021, 1, 2)).exists()


def test_mandates_search_stays_inside_the_given_queryset():
    # The seeds' mandates in Tanger-Tétouan-Al Hoceïma (the demo's synthetic ones left out).
    tanger_only = Mandate.objects.filter(organ__territory__path__startswith=territory("01").path).exclude(
        source=SYNTHETIC_SOURCE
    )
    assert not mandates_search(tanger_only, person="النجاري").exists()
    assert {m.person.full_name_ar for m in mandates_search(tanger_only, on=D(2020, 11, 2))} == {
        "عبد اللطيف الغلبزوري",
        "منير ليموري",
        "رضوان العلوي البلغيثي",
        "عمر لعزيري",
        "عبد الحميد بوشعيب",
    }


def test_org_chart_puts_a_mandate_starting_later_under_upcoming_not_past():
    organ = Organ.objects.get(name_ar="الأمانة الإقليمية بتاونات")
    person = PersonFactory()
    mandate = mandate_record(
        person=person, organ=organ, role="member", how="elected", start=datetime.date(2026, 2, 1)
    )
    chart = org_chart(organ, visible_organs=Organ.objects.all(), today=datetime.date(2026, 1, 17))
    assert mandate in chart.upcoming
    assert mandate not in chart.past
    assert mandate not in chart.current
