"""Members in the API (keyset pages, scoped, audited) and tokens narrowed to a unit or to resources."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tanzim.access.models import ApiToken, AuditEvent
from tanzim.access.services import api_token_issue
from tanzim.people.models import Membership
from tanzim.territory.models import Territory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _client(user, **narrowing) -> Client:
    key = api_token_issue(user=user, valid_for=DAY, **narrowing)
    return Client(headers={"Authorization": f"Bearer {key}"})


def _all_pages(client: Client, url: str, params: dict) -> list[dict]:
    """Follow `next` until the end, as an API client would."""
    items: list[dict] = []
    answer = client.get(url, params).json()
    while True:
        items += answer["results"]
        if not answer["next"]:
            return items
        answer = client.get(answer["next"]).json()


def test_member_pages_follow_the_cursor_through_the_whole_roll_once(national_admin):
    client = _client(national_admin)
    items = _all_pages(client, "/api/members", {"page_size": 7})
    ids = [item["id"] for item in items]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids)) == Membership.objects.count()
    first = client.get("/api/members", {"page_size": 7}).json()
    assert len(first["results"]) == 7 and first["next_after"] == first["results"][-1]["id"]
    last = client.get("/api/members", {"after": ids[-1]}).json()
    assert last == {"next": None, "next_after": None, "results": []}


def test_a_taounate_token_lists_taounate_members_only(taounate_provincial_secretary):
    client = _client(taounate_provincial_secretary)
    items = _all_pages(client, "/api/members", {"page_size": 50})
    taounate = Membership.objects.filter(
        person__home__path__startswith=Territory.objects.get(code="03.531").path
    )
    assert {item["id"] for item in items} == set(taounate.values_list("pk", flat=True))
    tanger = Membership.objects.get(person__full_name_ar="عمر لعزيري")
    assert client.get(f"/api/members/{tanger.pk}").status_code == 404


def test_member_filters_and_the_detail_read_are_audited(taounate_provincial_secretary):
    client = _client(taounate_provincial_secretary)
    found = client.get("/api/members", {"q": "Najjari"}).json()["results"]
    assert [item["person"]["full_name_ar"] for item in found] == ["محمد النجاري"]
    active = client.get("/api/members", {"status": "active", "page_size": 500}).json()["results"]
    assert active and {item["status"] for item in active} == {"active"}
    detail = client.get(f"/api/members/{found[0]['id']}").json()
    assert detail["number"] == found[0]["number"] and "phone" in detail
    actions = list(
        AuditEvent.objects.filter(user=taounate_provincial_secretary).values_list("action", flat=True)
    )
    assert actions.count("api.members.list") == 2 and "api.members.detail" in actions


def test_a_bad_position_or_page_size_is_a_422(national_admin):
    client = _client(national_admin)
    assert client.get("/api/members", {"after": "abc"}).status_code == 422
    assert client.get("/api/members", {"after": -1}).status_code == 422
    assert client.get("/api/members", {"page_size": 0}).status_code == 422
    assert client.get("/api/members", {"page_size": 501}).status_code == 422


def test_a_token_narrowed_to_a_commune_sees_that_commune_only(taounate_provincial_secretary):
    commune = Territory.objects.get(code="03.531.01.05")
    client = _client(taounate_provincial_secretary, territory=commune)
    items = _all_pages(client, "/api/members", {"page_size": 100})
    assert items and {item["commune_code"] for item in items} == {"03.531.01.05"}
    organs = client.get("/api/organs", {"limit": 100}).json()["items"]
    assert {o["territory_code"] for o in organs} == {"03.531.01.05"}


def test_a_token_cannot_reach_beyond_its_user(taounate_provincial_secretary):
    with pytest.raises(ValidationError):
        api_token_issue(user=taounate_provincial_secretary, territory=Territory.objects.get(code="01.511"))
    with pytest.raises(ValidationError):
        api_token_issue(user=taounate_provincial_secretary, resources=["everything"])
    assert not ApiToken.objects.filter(user=taounate_provincial_secretary).exists()


def test_a_token_limited_to_organs_gets_403_elsewhere(taounate_provincial_secretary):
    client = _client(taounate_provincial_secretary, resources=["organs", "territories"])
    assert client.get("/api/organs").status_code == 200
    refused = client.get("/api/members")
    assert refused.status_code == 403
    assert "members" in refused.json()["detail"]
    assert client.get("/api/mandates").status_code == 403


def test_the_command_issues_narrowed_tokens_and_refuses_bad_ones(taounate_provincial_secretary, capsys):
    call_command("access_token_issue", "najjari", "--territory", "03.531.01.05", "--resources", "members")
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(digest=ApiToken.digest_of(key))
    assert token.territory.code == "03.531.01.05" and token.resource_list == ["members"]
    with pytest.raises(CommandError) as outside:
        call_command("access_token_issue", "najjari", "--territory", "01.511")
    assert str(Territory.objects.get(code="01.511")) in str(outside.value)
    with pytest.raises(CommandError) as unknown:
        call_command("access_token_issue", "najjari", "--resources", "secrets")
    assert "secrets" in str(unknown.value)


def test_a_token_s_last_use_is_written_once_a_minute(taounate_provincial_secretary):
    key = api_token_issue(user=taounate_provincial_secretary, valid_for=DAY)
    token = ApiToken.objects.get(digest=ApiToken.digest_of(key))
    assert token.last_used_at is None
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get("/api/organs").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert client.get("/api/organs").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first  # the same minute: not written again
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    assert client.get("/api/organs").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at >= first  # a minute and more later: written again


def test_a_token_narrowed_to_a_commune_sees_none_of_the_meetings_its_user_is_invited_to_elsewhere(
    taounate_provincial_secretary,
):
    from tanzim.meetings.models import Meeting

    commune = Territory.objects.get(code="03.531.01.05")

    def seen(client: Client) -> list[Meeting]:
        answer = client.get("/api/meetings", {"limit": 100})
        assert answer.status_code == 200
        ids = [item["id"] for item in answer.json()["items"]]
        return list(Meeting.objects.filter(pk__in=ids).select_related("organ__territory"))

    whole = seen(_client(taounate_provincial_secretary))
    assert any(not m.organ.territory.path.startswith(commune.path) for m in whole)  # the test means something
    narrowed = seen(_client(taounate_provincial_secretary, territory=commune))
    assert all(m.organ.territory.path.startswith(commune.path) for m in narrowed)
    outside = next(m for m in whole if not m.organ.territory.path.startswith(commune.path))
    assert (
        _client(taounate_provincial_secretary, territory=commune)
        .get(f"/api/meetings/{outside.pk}")
        .status_code
        == 404
    )
