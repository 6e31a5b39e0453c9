"""Browser journeys of elections: the roster of elected officials, the selection ranking with its
formula (Arabic and French), a committee member scoring and declaring a conflict, and a local
secretary recording a member's registration on the electoral lists."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _to_french(page) -> None:
    page.locator("header.topbar").get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_regional_secretary_reads_the_roster_of_fes(page, base_url, login, screenshot):
    login("hjira")
    page.goto(f"{base_url}/elections/?territory=فاس")
    roster = page.locator("#roster")
    expect(roster).to_contain_text("عبد العالي شينون")
    expect(roster).to_contain_text("نائب الرئيس")
    expect(roster).to_contain_text("سعاد بناني")
    expect(roster).not_to_contain_text("إدريس الغفساوي")  # Rhafsai, Taounate: not in Fès
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot("ar")
    page.goto(f"{base_url}/elections/")
    expect(page.locator("#roster")).to_contain_text("إدريس الغفساوي")
    _to_french(page)
    expect(page.locator("#roster")).to_contain_text("Abdelali Chinoune")
    expect(page.locator("#roster")).to_contain_text("Chambre de commerce")
    screenshot("fr")


def test_selection_ranking_shows_the_formula_with_the_numbers(page, base_url, login, screenshot):
    login("hjira")
    page.goto(f"{base_url}/elections/calls/")
    page.locator("table a", has_text="الانتخابات التشريعية 2026").click()
    expect(page).to_have_url(re.compile(r"/elections/calls/\d+/$"))
    table = page.locator("#ranking-table")
    first = table.locator("tbody tr").first
    expect(first).to_contain_text("نزهة الورياغلي")
    expect(first).to_contain_text("3.00 × 9.00 + 2.00 × 8.00 + 1.00 × 7.00 = 50.00")
    expect(table).to_contain_text("43.50")
    expect(table).to_contain_text("محمد الحجيرة")  # his declared conflict is shown
    expect(page.locator("#formula")).to_contain_text("S = 3.00 × m(C1) + 2.00 × m(C2) + 1.00 × m(C3)")
    screenshot("ar")
    _to_french(page)
    expect(page.locator("#ranking-table")).to_contain_text("Nezha Ouariaghli")
    expect(page.locator("#ranking-table")).to_contain_text("= 50.00")
    screenshot("fr")


def test_committee_member_scores_and_is_blocked_after_declaring_a_conflict(page, base_url, login, screenshot):
    from django.contrib.auth.models import User

    from tanzim.elections import services
    from tanzim.elections.models import Call, Constituency, Election, Score
    from tanzim.organs.models import Organ
    from tanzim.people.members import membership_enroll
    from tanzim.people.services import person_create
    from tanzim.territory.models import Territory

    najjari = User.objects.get(username="najjari")
    taounate = Territory.objects.get(code="03.531.01.05")
    election = Election.objects.create(
        name_ar="الانتخابات الجماعية (اختبار)", kind="communal", body_kind="commune_council"
    )
    constituency = Constituency.objects.create(
        election=election, territory=taounate, name_ar="دائرة تاونات 1", seats=1
    )
    call = Call.objects.create(
        constituency=constituency,
        organ=Organ.objects.get(name_ar="الأمانة الإقليمية بتاونات"),
        arbitration=Organ.objects.get(name_ar="اللجنة الوطنية للتحكيم والأخلاقيات"),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    services.criterion_add(call=call, name_ar="الحضور الميداني", weight="2", by=najjari)
    services.committee_seat_add(call=call, person=najjari.profile.person, by=najjari)
    applicants = []
    for name in ("كريم المترشح", "هدى المترشحة"):
        person = person_create(full_name_ar=name, home=taounate)
        membership_enroll(person=person, by=None, status="active", joined_on=datetime.date(2015, 1, 1))
        applicants.append(
            services.applicant_add(call=call, person=person, applied_on=datetime.date(2026, 2, 1), by=najjari)
        )

    login("najjari")
    page.goto(f"{base_url}/elections/applicants/{applicants[0].pk}/")
    page.locator("#score-form input[type=number]").fill("8.5")
    page.locator("#score-form button").click()
    expect(page.locator("#score-form input[type=number]")).to_have_value("8.50")
    assert Score.objects.get(applicant=applicants[0]).value == 8.5
    screenshot("scored")
    page.goto(f"{base_url}/elections/applicants/{applicants[1].pk}/")
    page.fill("input[name=reason]", "قرابة عائلية")
    page.locator("form[action$='/conflict/'] button").click()
    expect(page.locator("#conflict-blocked")).to_be_visible()
    expect(page.locator("#score-form")).to_have_count(0)
    screenshot("blocked")
    page.goto(f"{base_url}/elections/calls/{call.pk}/")
    expect(page.locator("#ranking-table")).to_contain_text("2.00 × 8.50 = 17.00")


def test_local_secretary_records_a_registration_on_the_electoral_lists(page, base_url, login, screenshot):
    from tanzim.people.models import Membership

    member = (
        Membership.objects.filter(person__home__code="01.511.01.03", person__voter_registration__isnull=True)
        .select_related("person")
        .order_by("number")
        .first()
    )
    login("laaziri")
    page.goto(f"{base_url}/elections/registration/")
    page.locator("main a", has_text="بني مكادة").first.click()
    expect(page.locator("#target")).to_have_text("60")
    declared = int(page.locator("#declared").inner_text())
    page.fill("input[name=membership]", member.number)
    page.fill("input[name=registered_since]", "2019-02-11")
    page.locator("form[action$='/declare/'] button").click()
    expect(page.locator("#declared")).to_have_text(str(declared + 1))
    expect(page.locator("main table")).to_contain_text(member.person.full_name_ar)
    screenshot()
