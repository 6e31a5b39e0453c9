"""The seed world as loaded by demo_load: every name of the five seed reports in its place."""

from __future__ import annotations

import pytest
from django.conf import global_settings
from django.contrib.auth.models import User
from django.db.models import Count

from tanzim.access.models import Profile
from tanzim.demo import seeds
from tanzim.demo.services import demo_load
from tanzim.organs.models import How, Mandate, Organ, OrganKind, Premises, Role
from tanzim.people.models import Person

pytestmark = pytest.mark.django_db


def _holding(full_name_ar: str, role: str) -> list[tuple[str, str, str]]:
    """(organ kind, organ territory code, organ name) of each mandate of that person in that role."""
    return [
        (m.organ.kind, m.organ.territory.code, m.organ.name_ar)
        for m in Mandate.objects.filter(person__full_name_ar=full_name_ar, role=role).select_related(
            "organ__territory"
        )
    ]


@pytest.mark.parametrize(
    ("person", "role", "kind", "code", "organ_name"),
    [
        (
            "محمد النجاري",
            Role.SECRETARY,
            OrganKind.PROVINCIAL_SECRETARIAT,
            "03.531",
            "الأمانة الإقليمية بتاونات",
        ),
        (
            "محمد لطفي",
            Role.DEPUTY_SECRETARY,
            OrganKind.PROVINCIAL_SECRETARIAT,
            "03.531",
            "الأمانة الإقليمية بتاونات",
        ),
        (
            "مصطفى الغزواني",
            Role.HEAD_OF_POLE,
            OrganKind.POLE,
            "03.531",
            "قطب التواصل والإعلام بالأمانة الإقليمية بتاونات",
        ),
        (
            "محمد الحجيرة",
            Role.SECRETARY,
            OrganKind.REGIONAL_SECRETARIAT,
            "03",
            "الأمانة الجهوية لجهة فاس-مكناس",
        ),
        ("خديجة حجوبي", Role.PRESIDENT, OrganKind.REGIONAL_COUNCIL, "03", "المجلس الجهوي لجهة فاس-مكناس"),
        (
            "محمد السليماني",
            Role.SECRETARY,
            OrganKind.PROVINCIAL_SECRETARIAT,
            "03.231",
            "الأمانة الإقليمية بعمالة فاس",
        ),
        (
            "عبد العالي شينون",
            Role.MEMBER,
            OrganKind.CHAMBER_GROUP,
            "03.231",
            "فريق الأصالة والمعاصرة بغرفة التجارة والصناعة والخدمات",
        ),
        (
            "منير ليموري",
            Role.SECRETARY,
            OrganKind.PROVINCIAL_SECRETARIAT,
            "01.511",
            "الأمانة الإقليمية بعمالة طنجة-أصيلة",
        ),
        (
            "رضوان العلوي البلغيثي",
            Role.SECRETARY,
            OrganKind.LOCAL_SECRETARIAT,
            "01.511.01.06",
            "الأمانة المحلية بمقاطعة الشرف السواني",
        ),
        (
            "عمر لعزيري",
            Role.SECRETARY,
            OrganKind.LOCAL_SECRETARIAT,
            "01.511.01.03",
            "الأمانة المحلية بمقاطعة بني مكادة",
        ),
        (
            "عبد الحميد بوشعيب",
            Role.SECRETARY,
            OrganKind.LOCAL_SECRETARIAT,
            "01.511.01.05",
            "الأمانة المحلية بمقاطعة الشرف مغوغة",
        ),
        (
            "عبد اللطيف الغلبزوري",
            Role.SECRETARY,
            OrganKind.REGIONAL_SECRETARIAT,
            "01",
            "الأمانة الجهوية لجهة طنجة-تطوان-الحسيمة",
        ),
        ("عبد اللطيف وهبي", Role.SECRETARY_GENERAL, OrganKind.GENERAL_SECRETARIAT, "MA", "الأمانة العامة"),
        ("سمير كودار", Role.DEPUTY_SECRETARY_GENERAL, OrganKind.GENERAL_SECRETARIAT, "MA", "الأمانة العامة"),
        ("سمير كودار", Role.HEAD_OF_POLE, OrganKind.POLE, "MA", "قطب التنظيم"),
    ],
)
def test_every_seed_office_holder_is_in_place(person, role, kind, code, organ_name):
    assert _holding(person, role) == [(kind, code, organ_name)]


def test_every_seed_person_is_recorded_once_and_attached_where_the_seeds_say():
    for spec in seeds.PEOPLE.values():
        person = Person.objects.get(full_name_ar=spec["full_name_ar"])
        assert person.home.code == spec["home"]
        assert person.full_name_latin == spec["full_name_latin"]
        assert person.name_key_ar  # computed by person_create


def test_every_seed_mandate_is_dated_by_its_report_and_elected_or_appointed():
    # Besides the seeds' mandates, only the synthetic local secretaries of Taounate (marked so).
    assert Mandate.objects.exclude(source=seeds.SYNTHETIC_SOURCE).count() == len(seeds.MANDATES)
    for spec in seeds.MANDATES:
        mandate = Mandate.objects.get(
            person__full_name_ar=seeds.PEOPLE[spec["person"]]["full_name_ar"],
            role=spec["role"],
            organ__name_ar=seeds.ORGANS[spec["organ"]]["name_ar"],
        )
        assert mandate.start is None  # the reports do not say when the terms began
        assert mandate.attested_from == spec["attested_from"]
        assert mandate.end is None
        assert mandate.how in (How.ELECTED, How.APPOINTED)


def test_the_reader_comment_author_holds_no_mandate():
    soufiani = Person.objects.get(full_name_ar="رشيد السفياني")
    assert not soufiani.mandates.exists()


def test_seed_organs_hang_where_the_seeds_say():
    for spec in seeds.ORGANS.values():
        organ = Organ.objects.get(kind=spec["kind"], name_ar=spec["name_ar"])
        assert organ.territory.code == spec["territory"]
        parent_key = spec.get("parent")
        if parent_key:
            assert organ.parent.name_ar == seeds.ORGANS[parent_key]["name_ar"]
            assert organ.territory.is_within(organ.parent.territory)
        else:
            assert organ.parent is None
        assert not organ.provisional


def test_parliamentary_groups_name_their_chamber():
    chambers = set(Organ.objects.filter(kind=OrganKind.PARLIAMENTARY_GROUP).values_list("chamber", flat=True))
    assert chambers == {"representatives", "councillors"}


def test_twelve_provisional_regional_secretariats_and_ethics_committees():
    for kind, parent_name in (
        (OrganKind.REGIONAL_SECRETARIAT, "الأمانة العامة"),
        (OrganKind.ETHICS_COMMITTEE, "اللجنة الوطنية للتحكيم والأخلاقيات"),
    ):
        provisional = Organ.objects.filter(kind=kind, provisional=True).select_related("territory", "parent")
        assert provisional.count() == 12
        regions = {o.territory.code for o in provisional}
        assert len(regions) == 12
        assert all(o.territory.level == "region" for o in provisional)
        assert all(o.established_on is None for o in provisional)
        assert all(o.parent.name_ar == parent_name for o in provisional)
        assert all(o.source == seeds.PROVISIONAL_2020 for o in provisional)
        assert all(o.name_ar.endswith(f"{o.territory.name_ar} (2020)") for o in provisional)


def test_fes_meknes_has_both_its_elected_and_its_provisional_regional_secretariat():
    per_region = dict(
        Organ.objects.filter(kind=OrganKind.REGIONAL_SECRETARIAT)
        .values_list("territory__code")
        .annotate(n=Count("pk"))
    )
    assert per_region["03"] == 2
    assert per_region["01"] == 2
    assert per_region["02"] == 1


def test_the_taounate_headquarters():
    premises = Premises.objects.get(organ__name_ar="الأمانة الإقليمية بتاونات")
    assert premises.commune.code == "03.531.01.05"
    assert premises.name_ar == "المقر الإقليمي للحزب بتاونات"


def test_demo_logins_are_linked_to_their_people(settings):
    expected = {login[0]: login for login in seeds.LOGINS}
    for username, (_, person_key, national, _label) in expected.items():
        profile = Profile.objects.select_related("person", "user").get(user__username=username)
        assert profile.national == national
        assert profile.user.is_staff == national
        if person_key:
            assert profile.person.full_name_ar == seeds.PEOPLE[person_key]["full_name_ar"]
        else:
            assert profile.person is None
    # The logins were created by the session fixture with Django's default hasher.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    assert User.objects.get(username="najjari").check_password(seeds.DEMO_PASSWORD)


def test_demo_load_twice_creates_nothing():
    counts = (
        Organ.objects.count(),
        Person.objects.count(),
        Mandate.objects.count(),
        Premises.objects.count(),
        User.objects.count(),
        Profile.objects.count(),
    )
    report = demo_load()
    assert (report.organs, report.people, report.mandates, report.premises, report.users, report.members) == (
        0,
        0,
        0,
        0,
        0,
        0,
    )
    assert (
        Organ.objects.count(),
        Person.objects.count(),
        Mandate.objects.count(),
        Premises.objects.count(),
        User.objects.count(),
        Profile.objects.count(),
    ) == counts


def test_demo_load_counts_what_the_seeds_describe():
    """The first load (session fixture) created exactly the seed records: compare with the seeds' size."""
    from tanzim.demo.meetings import TAOUNATE_LOCALS

    # Everything beyond the seeds is marked synthetic (members, local secretariats, the demo's
    # structuring, casework and elections records).
    synthetic_people = Person.objects.filter(source=seeds.SYNTHETIC_SOURCE)
    assert Person.objects.exclude(source=seeds.SYNTHETIC_SOURCE).count() == len(seeds.PEOPLE)
    assert synthetic_people.count() >= sum(count for _code, count in seeds.SYNTHETIC_MEMBERS)
    seed_organs = Organ.objects.exclude(source=seeds.SYNTHETIC_SOURCE)
    assert seed_organs.count() == len(seeds.ORGANS) + 2 * 12
    assert Organ.objects.filter(
        source=seeds.SYNTHETIC_SOURCE, territory__code__in=[code for code, *_rest in TAOUNATE_LOCALS]
    ).count() == len(TAOUNATE_LOCALS)
    assert Premises.objects.exclude(source=seeds.SYNTHETIC_SOURCE).count() == len(seeds.PREMISES)
    assert User.objects.filter(username__in=[login[0] for login in seeds.LOGINS]).count() == len(seeds.LOGINS)


def test_demo_load_restores_a_deleted_mandate_without_duplicating_the_rest():
    Mandate.objects.filter(person__full_name_ar="محمد لطفي").delete()
    report = demo_load()
    assert (report.organs, report.people, report.mandates) == (0, 0, 1)
    assert _holding("محمد لطفي", Role.DEPUTY_SECRETARY) == [
        (OrganKind.PROVINCIAL_SECRETARIAT, "03.531", "الأمانة الإقليمية بتاونات")
    ]
