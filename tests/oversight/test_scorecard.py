"""The local-secretariat scorecard: each figure equals what the records behind it give, the score
follows the formula shown on the page with the pole's weights, ranks within the province, trend."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F, Q
from django.utils import timezone

from tanzim.meetings.models import Attendance, DirectiveTarget, Meeting
from tanzim.organs.models import Mandate, Organ, OrganKind
from tanzim.oversight.models import INDICATORS, ScorecardSettings
from tanzim.oversight.queries import scorecard
from tanzim.people.models import Membership
from tests.factories import territory

pytestmark = pytest.mark.django_db

HELD = ("held", "approved")


def _by_the_records(organ: Organ, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """The same figures, counted one by one from the records (no grouping)."""
    meetings = Meeting.objects.filter(organ=organ, status__in=HELD, day__gte=start, day__lte=end)
    attendances = Attendance.objects.filter(meeting__in=meetings, invited=True)
    members = Membership.objects.filter(local_organ=organ, status="active")
    holders = {m.person for m in Mandate.objects.held_on(end).filter(organ=organ).select_related("person")}
    targets = DirectiveTarget.objects.filter(
        organ=organ, directive__due_on__gte=start, directive__due_on__lte=end
    )
    return {
        "meetings": meetings.count(),
        "invited": attendances.count(),
        "present": attendances.filter(status="present").count(),
        "members": members.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end)).count(),
        "new_members": members.filter(joined_on__gte=start, joined_on__lte=end).count(),
        "checked": members.filter(roll_checked_on__gte=start, roll_checked_on__lte=end).count(),
        "leaders": len(holders),
        "women": sum(1 for p in holders if p.gender == "f"),
        "youth": sum(1 for p in holders if p.birth_year and p.birth_year > end.year - 35),
        "directives_due": targets.count(),
        "directives_on_time": targets.filter(status="done", done_on__lte=F("directive__due_on")).count(),
    }


@pytest.mark.parametrize("code", ["03.531", "03.451", "01.511"])
def test_every_scorecard_figure_equals_what_the_records_give(code):
    end = timezone.localdate()
    start = end - datetime.timedelta(days=364)
    rows = scorecard(territory(code), start=start, end=end)
    assert rows
    checked = 0
    for row in rows:
        organ = Organ.objects.get(pk=row.organ_id)
        expected = _by_the_records(organ, start, end)
        assert {name: getattr(row.figures, name) for name in expected} == expected, organ
        checked += expected["meetings"] + expected["members"]
    assert checked > 0  # the demo gives these organs meetings and members to count


def test_the_score_follows_the_formula_shown_on_the_page():
    end = timezone.localdate()
    start = end - datetime.timedelta(days=179)
    weights = {name: i + 1 for i, name in enumerate(INDICATORS)}
    rows = scorecard(territory("03.451"), start=start, end=end, weights=weights)
    best = {
        name: max(getattr(r.figures, name) for r in rows) for name in ("meetings", "members", "new_members")
    }
    for row in rows:
        f = row.figures
        parts = {
            "meetings": f.meetings / best["meetings"] if best["meetings"] else 0.0,
            "attendance": f.present / f.invited if f.invited else None,
            "members": f.members / best["members"] if best["members"] else 0.0,
            "new_members": f.new_members / best["new_members"] if best["new_members"] else 0.0,
            "roll": f.checked / f.members if f.members else None,
            "women": f.women / f.leaders if f.leaders else None,
            "youth": f.youth / f.leaders if f.leaders else None,
            "directives": f.directives_on_time / f.directives_due if f.directives_due else None,
        }
        used = [(weights[n], v) for n, v in parts.items() if v is not None]
        assert row.score == round(100 * sum(w * v for w, v in used) / sum(w for w, _v in used), 1)
    scores = [r.score for r in rows]
    assert scores == sorted(scores, reverse=True) and [r.rank for r in rows] == list(range(1, len(rows) + 1))


def test_trend_compares_with_the_period_of_the_same_length_before():
    end = timezone.localdate()
    start = end - datetime.timedelta(days=89)
    rows = scorecard(territory("03.451"), start=start, end=end)
    earlier = scorecard(
        territory("03.451"), start=start - datetime.timedelta(days=90), end=start - datetime.timedelta(days=1)
    )
    previous = {r.organ_id: r.score for r in earlier}
    for row in rows:
        assert row.previous_score == previous[row.organ_id]
        assert row.trend == round(row.score - row.previous_score, 1)


def test_scorecard_page_shows_the_formula_weights_and_links_to_the_records(
    taounate_client, django_assert_max_num_queries
):
    ScorecardSettings.objects.create(weight_meetings=3, weight_women=2)
    with django_assert_max_num_queries(24):
        response = taounate_client.get("/oversight/t/03.531/scorecard/")
    body = response.content.decode()
    assert "score = 100 × Σ wᵢ·xᵢ / Σ wᵢ" in body and "= 3</span>" in body
    row = response.context["rows"][0]
    assert f'/meetings/?organ={row.organ_id}" data-figure="meetings">{row.figures.meetings}<' in body
    assert f"/directives/?target={row.organ_id}" in body


def test_only_the_organization_pole_sets_the_weights(admin_client_, taounate_client):
    assert taounate_client.get("/oversight/settings/").status_code == 404
    assert taounate_client.post("/oversight/settings/", {"active_days": 30}).status_code == 404
    data = {"active_days": 60, **{f"weight_{name}": 2 for name in INDICATORS}}
    response = admin_client_.post("/oversight/settings/", data)
    assert response.status_code == 302
    settings = ScorecardSettings.objects.get()
    assert settings.active_days == 60 and settings.weights() == {name: 2 for name in INDICATORS}
    assert admin_client_.get("/oversight/t/03.531/").context["report"].active_days == 60


def test_local_secretary_sees_his_own_record_with_his_score(beni_makada_client):
    response = beni_makada_client.get("/oversight/t/01.511.01.03/")
    unit = response.context["unit"]
    organ = Organ.objects.get(kind=OrganKind.LOCAL_SECRETARIAT, territory__code="01.511.01.03")
    assert unit.organ_id == organ.pk
    assert response.context["own_score"].organ_id == organ.pk
