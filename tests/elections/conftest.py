from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from tanzim.elections import services
from tanzim.elections.models import Call, Constituency, Election
from tanzim.organs.models import Organ
from tanzim.people.members import membership_enroll
from tanzim.people.models import Person
from tests.factories import PersonFactory, territory


def person_of(username: str) -> Person:
    return Person.objects.get(pk=User.objects.get(username=username).profile.person_id)


@pytest.fixture
def open_call(db) -> dict:
    """An undecided call in Taounate: two criteria (weights 2 and 1), Najjari and Hjira on the
    committee, two applicants; Najjari has scored the first applicant 7.25 and 6.75."""
    hjira = User.objects.get(username="hjira")
    najjari = User.objects.get(username="najjari")
    election = Election.objects.create(
        name_ar="انتخابات الاختبار", kind="communal", body_kind="commune_council"
    )
    constituency = Constituency.objects.create(
        election=election, territory=territory("03.531.01.05"), name_ar="دائرة الاختبار", seats=1
    )
    call = Call.objects.create(
        constituency=constituency,
        organ=Organ.objects.get(name_ar="الأمانة الإقليمية بتاونات"),
        arbitration=Organ.objects.get(name_ar="اللجنة الوطنية للتحكيم والأخلاقيات"),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    first = services.criterion_add(call=call, name_ar="المعيار الأول", weight="2", by=najjari)
    second = services.criterion_add(call=call, name_ar="المعيار الثاني", weight="1", by=najjari)
    seats = {
        "najjari": services.committee_seat_add(call=call, person=person_of("najjari"), by=najjari),
        "hjira": services.committee_seat_add(call=call, person=person_of("hjira"), by=najjari),
    }
    applicants = []
    for name in ("مترشح أول", "مترشح ثان"):
        person = PersonFactory(full_name_ar=name, home=territory("03.531.01.05"))
        membership_enroll(person=person, by=None, status="active", joined_on=datetime.date(2015, 1, 1))
        applicants.append(
            services.applicant_add(call=call, person=person, applied_on=datetime.date(2026, 2, 1), by=najjari)
        )
    services.score_record(
        seat=seats["najjari"], applicant=applicants[0], criterion=first, value="7.25", by=najjari
    )
    services.score_record(
        seat=seats["najjari"], applicant=applicants[0], criterion=second, value="6.75", by=najjari
    )
    return {
        "call": call,
        "criteria": [first, second],
        "seats": seats,
        "applicants": applicants,
        "users": {"najjari": najjari, "hjira": hjira},
    }
