"""Premises: status, opening hours and equipment kept by the organ's territory; needs reported by the
local level and followed above; every member sees where his local premises is."""

from __future__ import annotations

import pytest

from tanzim.organs.models import Organ, Premises
from tanzim.people.models import Person
from tanzim.press.models import InboxMessage
from tests.casework.conftest import BENI_MAKADA, BENI_MAKADA_LOCAL, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def beni_makada_premises() -> Premises:
    return Premises.objects.get(organ__name_ar=BENI_MAKADA_LOCAL)


def test_local_secretary_updates_his_premises(beni_makada_client, beni_makada_premises):
    response = beni_makada_client.post(
        f"/premises/{beni_makada_premises.pk}/edit/",
        {
            "status": "open",
            "address": "زنقة 12، بني مكادة",
            "opening_hours": "كل يوم 18:00–21:00",
            "equipment": "حاسوب",
        },
    )
    assert response.status_code == 302
    beni_makada_premises.refresh_from_db()
    assert beni_makada_premises.opening_hours == "كل يوم 18:00–21:00"
    assert beni_makada_premises.history.first().opening_hours == "كل يوم 18:00–21:00"  # kept in the history


def test_a_reported_need_reaches_the_organ_above(beni_makada_client, beni_makada_premises):
    limouri = Person.objects.get(full_name_ar="منير ليموري")
    before = InboxMessage.objects.filter(person=limouri).count()
    beni_makada_client.post(
        f"/premises/{beni_makada_premises.pk}/needs/",
        {"category": "signage", "description": "لوحة تعريفية للمقر"},
    )
    assert beni_makada_premises.needs.filter(category="signage").exists()
    assert InboxMessage.objects.filter(person=limouri).count() == before + 1
    need = beni_makada_premises.needs.get(category="signage")
    tanger = client_for("limouri")
    assert (
        tanger.post(f"/premises/needs/{need.pk}/", {"status": "met", "answer": "سلمت اللوحة"}).status_code
        == 302
    )
    need.refresh_from_db()
    assert need.status == "met" and need.answer == "سلمت اللوحة"


def test_premises_outside_the_territory_are_404(taounate_client, beni_makada_premises):
    assert taounate_client.get(f"/premises/{beni_makada_premises.pk}/").status_code == 404
    assert (
        taounate_client.post(f"/premises/{beni_makada_premises.pk}/edit/", {"status": "closed"}).status_code
        == 404
    )
    assert "مقر الأمانة المحلية ببني مكادة" not in taounate_client.get("/premises/").content.decode()


def test_a_member_sees_where_his_local_premises_is():
    member = Person.objects.filter(
        home__code=BENI_MAKADA, membership__isnull=False, mandates__isnull=True
    ).first()
    body = client_for("member-premises", member).get("/premises/mine/").content.decode()
    assert "مقر الأمانة المحلية ببني مكادة" in body and "17:00–20:00" in body


def test_a_member_without_local_premises_is_shown_the_nearest_one_above():
    taounate_member = Person.objects.filter(
        home__code="03.531.01.05", membership__isnull=False, mandates__isnull=True
    ).first()
    body = client_for("member-taounate", taounate_member).get("/premises/mine/").content.decode()
    assert "المقر الإقليمي للحزب بتاونات" in body


def test_recording_premises_for_an_organ(beni_makada_client):
    organ = Organ.objects.get(name_ar=BENI_MAKADA_LOCAL)
    response = beni_makada_client.post(
        f"/premises/organ/{organ.pk}/new/",
        {
            "name_ar": "ملحقة بني مكادة",
            "commune": "بني مكادة",
            "status": "open",
            "opening_hours": "السبت صباحا",
        },
    )
    premises = Premises.objects.get(name_ar="ملحقة بني مكادة")
    assert (
        response.status_code == 302 and premises.commune.code == BENI_MAKADA and not premises.is_headquarters
    )


def test_premises_list_reads_a_fixed_number_of_queries(admin_client_, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert admin_client_.get("/premises/").status_code == 200
