"""Structuring coverage: Taounate's list of communes to act on, opening a local secretariat and holding a
meeting, the roll condition, history and the directive's plan, scope and bounded queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from tanzim.meetings.models import Meeting, MeetingStatus
from tanzim.meetings.services import meeting_plan, meeting_status_change
from tanzim.organs.models import Mandate, Organ, OrganKind, OrganStatus, Role
from tanzim.organs.services import mandate_record, organ_create
from tanzim.oversight.queries import coverage_history, coverage_report, coverage_units
from tanzim.people.members import campaign_confirm_member, campaign_open
from tanzim.people.models import Membership
from tanzim.people.services import person_create
from tanzim.territory.models import Level, Territory
from tests.factories import territory

pytestmark = pytest.mark.django_db

TAOUNATE = "03.531"
TANGER_ASSILAH = "01.511"


def _active_by_the_records(code: str, today: datetime.date, days: int = 90) -> bool:
    """A commune's local secretariat is active, computed straight from the records."""
    for organ in Organ.objects.filter(
        kind=OrganKind.LOCAL_SECRETARIAT, territory__code=code, status="active"
    ):
        secretary = Mandate.objects.current(today).filter(organ=organ, role=Role.SECRETARY).exists()
        met = Meeting.objects.filter(
            organ=organ,
            status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED],
            day__gt=today - datetime.timedelta(days=days),
            day__lte=today,
        ).exists()
        if secretary and met:
            return True
    return False


def _listed(response) -> set[str]:
    table = response.content.decode().split('id="to-act-on"', 1)
    return (
        set(re.findall(r'<tr data-code="([0-9.]+)"', table[1].split("</table>")[0]))
        if len(table) > 1
        else set()
    )


def test_taounate_page_lists_exactly_the_communes_without_an_active_local_secretariat(taounate_client):
    today = timezone.localdate()
    communes = list(
        Territory.objects.filter(parent__code=TAOUNATE, level=Level.COMMUNE).values_list("code", flat=True)
    )
    expected = {code for code in communes if not _active_by_the_records(code, today)}
    response = taounate_client.get(f"/oversight/t/{TAOUNATE}/")
    assert response.status_code == 200
    assert _listed(response) == expected
    assert 0 < len(expected) < len(communes)  # the demo has active and dormant secretariats there
    share = round(100 * (len(communes) - len(expected)) / len(communes), 1)
    assert response.context["coverage"].share == share


def _open_and_meet(code: str) -> Organ:
    """What a province does: open a local secretariat, elect its secretary, hold a meeting."""
    commune = territory(code)
    province = Organ.objects.get(kind=OrganKind.PROVINCIAL_SECRETARIAT, territory__code=TAOUNATE)
    today = timezone.localdate()
    organ = organ_create(
        kind=OrganKind.LOCAL_SECRETARIAT,
        territory=commune,
        parent=province,
        name_ar=f"الأمانة المحلية ب{commune.name_ar}",
        established_on=today - datetime.timedelta(days=10),
    )
    secretary = person_create(full_name_ar="كريم المفتوحي", home=commune, commune=commune, gender="m")
    mandate_record(
        person=secretary,
        organ=organ,
        role=Role.SECRETARY,
        how="elected",
        start=today - datetime.timedelta(days=10),
    )
    meeting = meeting_plan(
        organ=organ,
        kind="organizational",
        title_ar="الجمع العام التأسيسي",
        day=today - datetime.timedelta(days=2),
        place_mode="address",
        address=commune.name_ar,
    )
    meeting_status_change(meeting=meeting, to=MeetingStatus.HELD, on=today - datetime.timedelta(days=2))
    return organ


def test_opening_a_local_secretariat_and_holding_a_meeting_raises_coverage(taounate_client):
    region_before = coverage_report(territory("03")).coverage.active
    before = taounate_client.get(f"/oversight/t/{TAOUNATE}/")
    uncovered = sorted(u.code for u in before.context["report"].uncovered)
    code = uncovered[0]
    coverage = before.context["coverage"]

    _open_and_meet(code)

    after = taounate_client.get(f"/oversight/t/{TAOUNATE}/")
    new = after.context["coverage"]
    assert (new.active, new.total) == (coverage.active + 1, coverage.total)
    assert new.share == round(100 * (coverage.active + 1) / coverage.total, 1)
    assert code not in _listed(after)
    assert _listed(after) == _listed(before) - {code}
    assert f'data-code="{code}"' in after.content.decode().split('id="active-units"')[1]
    assert coverage_report(territory("03")).coverage.active == region_before + 1  # the region counts it too


def test_a_local_secretariat_without_a_meeting_in_the_window_is_dormant():
    organ = _open_and_meet("03.531.09.03")
    Meeting.objects.filter(organ=organ).update(day=timezone.localdate() - datetime.timedelta(days=120))
    unit = next(u for u in coverage_units(territory(TAOUNATE)) if u.code == "03.531.09.03")
    assert unit.state == "dormant" and unit.missing == ["no_meeting"]
    wider = next(u for u in coverage_units(territory(TAOUNATE), active_days=180) if u.code == "03.531.09.03")
    assert wider.state == "active"


def test_a_secretariat_marked_dormant_does_not_count():
    organ = _open_and_meet("03.531.09.03")
    Organ.objects.filter(pk=organ.pk).update(status=OrganStatus.DORMANT)
    unit = next(u for u in coverage_units(territory(TAOUNATE)) if u.code == "03.531.09.03")
    assert unit.state == "dormant" and "marked_dormant" in unit.missing


def test_a_rolls_campaign_requires_the_roll_to_be_updated_since_it_opened(taounate_provincial_secretary):
    organ = _open_and_meet("03.531.09.03")
    person = person_create(full_name_ar="عضو الحملة", home=organ.territory, commune=organ.territory)
    membership = Membership.objects.create(
        person=person, number="T-ROLL-1", local_organ=organ, status="active"
    )
    province = Organ.objects.get(kind=OrganKind.PROVINCIAL_SECRETARIAT, territory__code=TAOUNATE)
    campaign = campaign_open(
        organ=province,
        title="تحيين لوائح تاونات",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        by=taounate_provincial_secretary,
    )
    unit = next(u for u in coverage_units(territory(TAOUNATE)) if u.code == "03.531.09.03")
    assert unit.state == "dormant" and unit.missing == ["roll"]
    campaign_confirm_member(campaign=campaign, membership=membership, by=taounate_provincial_secretary)
    unit = next(u for u in coverage_units(territory(TAOUNATE)) if u.code == "03.531.09.03")
    assert unit.state == "active" and unit.roll_checked == timezone.localdate()


def test_history_today_equals_the_live_coverage_and_the_past_ignores_later_secretariats():
    today, month_ago = timezone.localdate(), timezone.localdate() - datetime.timedelta(days=30)
    report = coverage_report(territory(TAOUNATE))
    assert report.history[-1].day == today and report.history[-1].active == report.coverage.active
    units = coverage_units(territory(TAOUNATE))
    [past_before] = coverage_history(territory(TAOUNATE), [month_ago], active_days=90, units=units)
    _open_and_meet("03.531.09.03")  # established ten days ago
    past_after, now = coverage_history(territory(TAOUNATE), [month_ago, today], active_days=90, units=units)
    assert past_after.active == past_before.active
    assert now.active == report.coverage.active + 1 and now.total == len(units)


def test_taounate_chart_shows_the_structuring_directive_plan_against_the_actual_line(taounate_client):
    response = taounate_client.get(f"/oversight/t/{TAOUNATE}/")
    plan = response.context["report"].plan
    assert plan is not None and plan.goal == 100.0
    assert plan.directive.due_on == datetime.date(2026, 4, 17)
    chart = response.context["chart"]
    assert chart.planned and chart.deadline_x is not None
    assert 'id="coverage-chart"' in response.content.decode()


def test_weighted_coverage_uses_the_2024_population():
    report = coverage_report(territory(TAOUNATE))
    active = [u for u in report.units if u.state == "active"]
    total = sum(u.population for u in report.units)
    assert report.coverage.population == total == territory(TAOUNATE).population_2024
    assert report.coverage.population_share == round(100 * sum(u.population for u in active) / total, 1)


def test_regions_and_provinces_add_up_to_the_country():
    report = coverage_report(territory("MA"))
    assert len(report.children) == 12
    assert sum(c.coverage.total for c in report.children) == report.coverage.total
    assert sum(c.coverage.active for c in report.children) == report.coverage.active
    assert report.coverage.total == len(report.units) > 1500


def test_dashboards_are_404_outside_the_territory_and_above_it(taounate_client, beni_makada_client):
    assert taounate_client.get(f"/oversight/t/{TANGER_ASSILAH}/").status_code == 404
    assert taounate_client.get("/oversight/t/03/").status_code == 404  # the region above: not his figures
    assert taounate_client.get("/oversight/t/MA/").status_code == 404
    assert beni_makada_client.get("/oversight/t/01.511.01.03/").status_code == 200
    assert beni_makada_client.get(f"/oversight/t/{TAOUNATE}/scorecard/").status_code == 404


def test_oversight_home_opens_the_users_own_dashboard(taounate_client, beni_makada_client, admin_client_):
    assert taounate_client.get("/oversight/").context["territory"].code == TAOUNATE
    local = beni_makada_client.get("/oversight/")
    assert local.context["territory"].code == "01.511.01.03" and local.context["unit"] is not None
    assert admin_client_.get("/oversight/").context["territory"].code == "MA"


@pytest.mark.parametrize(("code", "most"), [("MA", 18), ("03", 18), (TAOUNATE, 18), ("03.531.01.05", 32)])
def test_dashboard_queries_stay_bounded_whatever_the_number_of_communes(
    admin_client_, code, most, django_assert_max_num_queries
):
    """With an empty cache (history: 3 queries). A commune's own page adds its organ's scorecard
    (ranked in the province: 12 grouped queries)."""
    with django_assert_max_num_queries(most):
        response = admin_client_.get(f"/oversight/t/{code}/")
    assert response.status_code == 200


def test_dashboard_query_count_does_not_grow_with_organs_and_meetings(admin_client_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        admin_client_.get("/oversight/t/MA/")
    for code in ("03.531.09.03", "03.531.09.05", "03.531.05.01"):
        _open_and_meet(code)
    cache.clear()  # the past points of the history are cached: compute them again
    with CaptureQueriesContext(connection) as after:
        admin_client_.get("/oversight/t/MA/")
    assert len(after) == len(before)
