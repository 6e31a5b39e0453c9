"""Fixtures for meetings and directives: local secretariats under Taounate with their secretaries
(the demo has none yet), one of them with a login, and a planned meeting of the province."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from tanzim.access.models import Profile
from tanzim.meetings.models import Meeting
from tanzim.meetings.services import meeting_plan
from tanzim.organs.models import How, Organ, OrganKind, Role
from tanzim.organs.services import mandate_record, organ_create
from tanzim.people.services import person_create
from tests.factories import territory

TAOUNATE_SECRETARIAT = "الأمانة الإقليمية بتاونات"
TANGER_SECRETARIAT = "الأمانة الإقليمية بعمالة طنجة-أصيلة"
BENI_MAKADA = "الأمانة المحلية بمقاطعة بني مكادة"
CHARF_SOUANI = "الأمانة المحلية بمقاطعة الشرف السواني"
# Communes of Taounate province: Rhafsai and Tissa.
RHAFSAI, TISSA = "03.531.01.01", "03.531.01.09"


@dataclass
class TaounateLocals:
    rhafsai: Organ
    tissa: Organ
    rhafsai_secretary: object
    tissa_secretary: object
    user: User  # the Rhafsai local secretary's login


@pytest.fixture
def taounate_locals(db) -> TaounateLocals:
    province = Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT)
    organs, secretaries = [], []
    for code, name_ar, name_fr, person_ar, person_latin in (
        (
            RHAFSAI,
            "الأمانة المحلية بغفساي",
            "Secrétariat local de Rhafsai",
            "يوسف الغفساوي",
            "Youssef Rhafsaoui",
        ),
        (TISSA, "الأمانة المحلية بتيسة", "Secrétariat local de Tissa", "سعاد التيساوية", "Souad Tissaouia"),
    ):
        organ = organ_create(
            kind=OrganKind.LOCAL_SECRETARIAT,
            territory=territory(code),
            parent=province,
            name_ar=name_ar,
            name_fr=name_fr,
        )
        person = person_create(full_name_ar=person_ar, full_name_latin=person_latin, home=territory(code))
        mandate_record(
            person=person,
            organ=organ,
            role=Role.SECRETARY,
            how=How.ELECTED,
            start=datetime.date(2024, 3, 1),
            title_ar="الأمين المحلي",
            title_fr="Secrétaire local",
        )
        organs.append(organ)
        secretaries.append(person)
    user = User.objects.create_user(username="rhafsaoui", password="tanzim-demo-2026")
    Profile.objects.create(user=user, person=secretaries[0])
    return TaounateLocals(organs[0], organs[1], secretaries[0], secretaries[1], user)


@pytest.fixture
def taounate_meeting(db) -> Meeting:
    province = Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT)
    return meeting_plan(
        organ=province,
        kind="organizational",
        title_ar="الاجتماع التنظيمي للأمانة الإقليمية بتاونات",
        title_fr="Réunion organisationnelle du secrétariat provincial de Taounate",
        day=datetime.date(2026, 1, 17),
        part_of_day="afternoon",
        place_mode="premises",
        premises=province.premises.first(),
    )


@pytest.fixture
def tanger_meeting(db) -> Meeting:
    return meeting_plan(
        organ=Organ.objects.get(name_ar=TANGER_SECRETARIAT),
        kind="organizational",
        title_ar="اجتماع الأمانة الإقليمية بطنجة",
        day=datetime.date(2026, 1, 17),
        place_mode="address",
        address="طنجة",
    )
