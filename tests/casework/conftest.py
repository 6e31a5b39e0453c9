"""Helpers of the casework tests: users linked to people, and a file taken in Beni Makada."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tanzim.access.models import Profile
from tanzim.casework.services import casefile_receive
from tanzim.organs.models import Organ
from tanzim.people.models import Person
from tanzim.territory.models import Territory

BENI_MAKADA = "01.511.01.03"
BENI_MAKADA_LOCAL = "الأمانة المحلية بمقاطعة بني مكادة"


def client_for(username: str, person: Person | None = None) -> Client:
    """A signed-in client; a new user linked to `person` when the username does not exist yet."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password="not-used-123")
        Profile.objects.create(user=user, person=person)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def beni_makada_file(db):
    case, token = casefile_receive(
        organ=Organ.objects.get(name_ar=BENI_MAKADA_LOCAL),
        commune=Territory.objects.get(code=BENI_MAKADA),
        category="infrastructure",
        subject="إنارة عمومية معطلة بزنقة الاختبار",
        description="الإنارة العمومية معطلة منذ شهرين في الزنقة، والسكان يطالبون بإصلاحها.",
        citizen_name="سلمى الاختبار",
        citizen_phone="0661777888",
        consent=True,
    )
    case.token = token
    return case


@pytest.fixture
def tanji() -> Person:
    """The elections demo's synthetic representative of Tanger-Assilah."""
    return Person.objects.get(full_name_ar="أحمد الطنجي")
