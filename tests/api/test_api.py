"""The JSON API answers like the pages: same scope, token or session auth."""

import datetime

import pytest
from django.test import Client

from tanzim.access.models import ApiToken
from tanzim.access.services import api_token_issue

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/territories", "/api/organs", "/api/mandates"} <= set(paths)


def test_api_refuses_anonymous_callers(client):
    assert client.get("/api/territories").status_code == 401


def test_mandates_of_najjari_on_a_date(admin_client_):
    response = admin_client_.get("/api/mandates", {"person": "النجاري", "on": "2022-10-29"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(m["person"]["full_name_ar"], m["role"], m["organ"]["territory_code"]) for m in items] == [
        ("محمد النجاري", "secretary", "03.531")
    ]
    assert items[0]["title_ar"] == "الأمين العام الإقليمي"


def test_mandates_by_latin_name(admin_client_):
    items = admin_client_.get("/api/mandates", {"person": "najjari"}).json()["items"]
    assert {m["person"]["full_name_latin"] for m in items} == {"Mohamed Najjari"}


def test_mandates_not_held_before_first_attestation(admin_client_):
    items = admin_client_.get("/api/mandates", {"person": "النجاري", "on": "2022-10-28"}).json()["items"]
    assert items == []


def test_territory_name_resolves_the_arrondissement(admin_client_):
    items = admin_client_.get("/api/territories", {"name": "الشرف السواني"}).json()["items"]
    assert [(t["code"], t["level"], t["name_fr"]) for t in items] == [
        ("01.511.01.06", "arrondissement", "Charf-Souani")
    ]


def test_territories_filter_by_level_and_parent(admin_client_):
    regions = admin_client_.get("/api/territories", {"level": "region", "limit": 100}).json()
    assert regions["count"] == 12
    communes = admin_client_.get("/api/territories", {"parent": "03.531", "limit": 100}).json()
    assert communes["count"] == 49


def test_bad_level_is_a_clear_422(admin_client_):
    response = admin_client_.get("/api/territories", {"level": "planet"})
    assert response.status_code == 422
    assert "level" in str(response.json())


def test_taounate_token_sees_no_tanger(taounate_provincial_secretary):
    key = api_token_issue(user=taounate_provincial_secretary, valid_for=datetime.timedelta(days=1))
    client = Client(headers={"Authorization": f"Bearer {key}"})
    mandates = client.get("/api/mandates", {"limit": 100}).json()["items"]
    assert mandates, "the Taounate secretary sees Taounate mandates"
    assert {m["organ"]["territory_code"][:6] for m in mandates} == {"03.531"}
    assert client.get("/api/territories", {"name": "الشرف السواني"}).json()["items"] == []
    organs = client.get("/api/organs", {"limit": 100}).json()["items"]
    assert all(o["territory_code"].startswith("03.531") for o in organs)
    tanger = client.get("/api/organs", {"territory": "طنجة-أصيلة"}).json()
    assert tanger["count"] == 0
    assert client.get("/api/territories/01.511").status_code == 404


def test_expired_or_revoked_token_is_refused(taounate_provincial_secretary):
    key = api_token_issue(user=taounate_provincial_secretary, valid_for=datetime.timedelta(days=1))
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get("/api/territories").status_code == 200
    ApiToken.objects.update(revoked_at=datetime.datetime.now(tz=datetime.UTC))
    assert client.get("/api/territories").status_code == 401
    assert (
        Client(headers={"Authorization": "Bearer tz_not-a-token"}).get("/api/territories").status_code == 401
    )


def test_only_the_token_digest_is_stored(taounate_provincial_secretary):
    key = api_token_issue(user=taounate_provincial_secretary)
    stored = ApiToken.objects.get(user=taounate_provincial_secretary)
    assert key not in (stored.digest, stored.prefix)
    assert stored.digest == ApiToken.digest_of(key)


def test_organs_by_territory_name_include_units_below(admin_client_):
    items = admin_client_.get("/api/organs", {"territory": "عمالة طنجة-أصيلة", "limit": 100}).json()["items"]
    codes = sorted(o["territory_code"] for o in items)
    assert codes == ["01.511", "01.511.01.03", "01.511.01.05", "01.511.01.06"]
