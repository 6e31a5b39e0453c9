"""API of meetings and directives: filters, scope, and what a meeting's answer leaves out."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tanzim.meetings.services import directive_issue, meeting_invite_group, progress_report
from tanzim.organs.models import Organ
from tests.factories import territory
from tests.meetings.conftest import BENI_MAKADA, TANGER_SECRETARIAT, TAOUNATE_SECRETARIAT

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_meetings_filter_by_day_organ_territory_and_status(taounate_client, taounate_meeting, tanger_meeting):
    assert taounate_meeting.pk in _ids(taounate_client.get("/api/meetings"))
    assert tanger_meeting.pk not in _ids(taounate_client.get("/api/meetings"))
    assert taounate_meeting.pk in _ids(taounate_client.get("/api/meetings", {"on": "2026-01-17"}))
    assert taounate_meeting.pk not in _ids(taounate_client.get("/api/meetings", {"on": "2026-01-18"}))
    assert taounate_meeting.pk in _ids(
        taounate_client.get("/api/meetings", {"organ": taounate_meeting.organ_id, "status": "planned"})
    )
    assert taounate_meeting.pk not in _ids(taounate_client.get("/api/meetings", {"status": "held"}))
    assert taounate_meeting.pk in _ids(taounate_client.get("/api/meetings", {"territory": "03.531"}))
    assert taounate_meeting.pk in _ids(taounate_client.get("/api/meetings", {"territory": "تاونات"}))
    assert _ids(taounate_client.get("/api/meetings", {"territory": "لا مكان"})) == []


def test_meetings_bad_date_is_a_422(taounate_client):
    assert taounate_client.get("/api/meetings", {"on": "2026-02-30"}).status_code == 422
    assert taounate_client.get("/api/meetings", {"on": "17/01/2026"}).status_code == 422


def test_meeting_detail_names_chairs_and_counts_attendees(taounate_client, taounate_locals, taounate_meeting):
    from tanzim.meetings.services import meeting_chair_add
    from tanzim.people.models import Person

    meeting_chair_add(meeting=taounate_meeting, person=Person.objects.get(full_name_ar="محمد النجاري"))
    meeting_invite_group(
        meeting=taounate_meeting,
        rule="secretaries_under",
        territory=territory("03.531"),
        label_ar="الأمناء المحليون",
    )
    response = taounate_client.get(f"/api/meetings/{taounate_meeting.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["chairs"][0]["full_name_ar"] == "محمد النجاري"
    assert data["chairs"][0]["title_ar"] == "الأمين العام الإقليمي"
    assert data["groups"][0]["label_ar"] == "الأمناء المحليون"
    assert data["attendance"]["invited"] == data["attendance"]["total"] >= 3
    assert "سعاد التيساوية" not in response.content.decode()  # attendees are counted, not listed


def test_meeting_detail_outside_is_404(taounate_client, tanger_meeting):
    assert taounate_client.get(f"/api/meetings/{tanger_meeting.pk}").status_code == 404


def test_directives_filter_by_target_state_and_overdue(taounate_client, beni_makada_client, taounate_locals):
    today = timezone.localdate()
    province = Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT)
    late = directive_issue(
        organ=province,
        issued_on=today - datetime.timedelta(days=40),
        text_ar="توجيه متأخر",
        deadline_kind="days",
        deadline_amount=30,
        target_kind="local_secretariat",
        target_territory=territory("03.531"),
    )
    open_one = directive_issue(
        organ=province,
        issued_on=today,
        text_ar="توجيه جار",
        deadline_kind="months",
        deadline_amount=3,
        targets=[taounate_locals.rhafsai],
    )
    progress_report(target=late.targets.get(organ=taounate_locals.tissa), status="done", note="تم")
    tanger = directive_issue(
        organ=Organ.objects.get(name_ar=TANGER_SECRETARIAT),
        issued_on=today,
        text_ar="توجيه طنجة",
        targets=[Organ.objects.get(name_ar=BENI_MAKADA)],
    )
    everything = _ids(taounate_client.get("/api/directives"))
    assert {late.pk, open_one.pk} <= set(everything) and tanger.pk not in everything
    assert late.pk in _ids(taounate_client.get("/api/directives", {"overdue": "true"}))
    assert open_one.pk not in _ids(taounate_client.get("/api/directives", {"overdue": "true"}))
    assert _ids(
        taounate_client.get("/api/directives", {"target_organ": taounate_locals.tissa.pk, "status": "done"})
    ) == [late.pk]
    assert open_one.pk in _ids(
        taounate_client.get(
            "/api/directives", {"target_organ": taounate_locals.rhafsai.pk, "status": "not_started"}
        )
    )
    assert late.pk in _ids(taounate_client.get("/api/directives", {"status": "late"}))
    assert tanger.pk in _ids(beni_makada_client.get("/api/directives"))
    item = next(i for i in taounate_client.get("/api/directives").json()["items"] if i["id"] == late.pk)
    assert item["overdue"] is True and item["counts"]["done_late"] == 1 and item["counts"]["late"] >= 1


def test_directive_detail_targets_and_scope(taounate_client, beni_makada_client, taounate_locals):
    province = Organ.objects.get(name_ar=TAOUNATE_SECRETARIAT)
    directive = directive_issue(
        organ=province,
        issued_on=timezone.localdate(),
        text_ar="توجيه",
        deadline_kind="weeks",
        deadline_amount=2,
        targets=[taounate_locals.rhafsai, taounate_locals.tissa],
    )
    data = taounate_client.get(f"/api/directives/{directive.pk}").json()
    assert {t["organ"]["id"] for t in data["targets"]} == {
        taounate_locals.rhafsai.pk,
        taounate_locals.tissa.pk,
    }
    assert {t["state"] for t in data["targets"]} == {"not_started"}
    assert data["due_on"] == (timezone.localdate() + datetime.timedelta(weeks=2)).isoformat()
    assert beni_makada_client.get(f"/api/directives/{directive.pk}").status_code == 404
    from django.test import Client

    local = Client()
    local.force_login(taounate_locals.user)
    mine = local.get(f"/api/directives/{directive.pk}").json()
    assert [t["organ"]["id"] for t in mine["targets"]] == [taounate_locals.rhafsai.pk]


def test_meetings_territory_filter_ignores_nul_characters(taounate_client, taounate_meeting):
    assert taounate_meeting.pk in _ids(taounate_client.get("/api/meetings", {"territory": "03.531\x00"}))
