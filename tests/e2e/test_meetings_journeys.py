"""Browser journey of a meeting and its directive: the Taounate provincial secretary plans a meeting,
invites the local secretaries of the province, records attendance, marks it held and issues a
directive "within three months" to every local secretariat under Taounate; a local secretary of
Taounate signs in, sees the directive and reports progress; the provincial secretary's board shows it."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOCAL_ORGAN = "الأمانة المحلية بجماعة تافرانت"
LOCAL_SECRETARY = "حميد التافرانتي"


def _local_secretary_login() -> str:
    """A local secretariat under Taounate with its secretary and his login (created the way the
    services create them)."""
    from django.contrib.auth.models import User

    from tanzim.access.models import Profile
    from tanzim.organs.models import Organ
    from tanzim.organs.services import mandate_record, organ_create
    from tanzim.people.services import person_create
    from tanzim.territory.models import Territory

    commune = Territory.objects.filter(code__startswith="03.531.", level="commune").order_by("-code").first()
    organ = organ_create(
        kind="local_secretariat",
        territory=commune,
        parent=Organ.objects.get(name_ar="الأمانة الإقليمية بتاونات"),
        name_ar=LOCAL_ORGAN,
        name_fr="Secrétariat local de Tafrant",
    )
    person = person_create(full_name_ar=LOCAL_SECRETARY, full_name_latin="Hamid Tafranti", home=commune)
    mandate_record(
        person=person,
        organ=organ,
        role="secretary",
        how="elected",
        start=datetime.date(2024, 5, 4),
        title_ar="الأمين المحلي",
        title_fr="Secrétaire local",
    )
    user = User.objects.create_user(username="tafranti", password=DEMO_PASSWORD)
    Profile.objects.create(user=user, person=person)
    return user.username


def _sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(re.escape(base_url) + r"/$"))


def test_meeting_invitations_attendance_directive_and_its_follow_up(
    page, base_url, login, screenshot, browser, tmp_path, request
):
    from django.utils import timezone

    from tanzim.organs.models import Mandate, Organ

    local_username = _local_secretary_login()
    province = Organ.objects.get(name_ar="الأمانة الإقليمية بتاونات")
    najjari_mandate = Mandate.objects.get(person__full_name_ar="محمد النجاري", organ=province)
    today = timezone.localdate()

    # 1. najjari plans a meeting of the provincial secretariat, at its premises, chaired by himself.
    login("najjari")
    page.goto(f"{base_url}/meetings/")
    page.locator("main h1 a.button").click()
    expect(page).to_have_url(re.compile(r"/meetings/plan/$"))
    page.select_option("select[name=organ]", str(province.pk))
    page.select_option("select[name=kind]", "organizational")
    page.fill("input[name=title_ar]", "اجتماع الأمانة الإقليمية بتاونات مع الأمناء المحليين")
    page.fill(
        "input[name=title_fr]", "Réunion du secrétariat provincial de Taounate avec les secrétaires locaux"
    )
    page.fill("input[name=day]", today.isoformat())
    page.fill("input[name=start_time]", "15:00")
    page.select_option("select[name=premises]", str(province.premises.first().pk))
    page.select_option("select[name=chairs]", [str(najjari_mandate.pk)])
    page.fill("textarea[name=agenda]", "تتبع الهيكلة | Suivi de la structuration\nالاستحقاقات المقبلة")
    screenshot("plan")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    meeting_url = page.url
    expect(page.locator("main")).to_contain_text("الأمين العام الإقليمي")  # the chair's title

    # 2. Invites "the local secretaries of the province" (default rule, territory and name).
    page.locator("a[href$='/invite/group/']").click()
    page.locator("main form.card button.primary").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/#groups$"))
    expect(page.locator("#groups + table")).to_contain_text("الأمناء المحليون لإقليم تاونات")
    page.locator("form[action$='/send/'] button.primary").click()
    expect(page.locator("main p.message").first).to_be_visible()

    # 3. Records attendance at the door: the new local secretary present, found by name.
    page.fill("#checkin-name", "التافرانتي")
    page.locator("form[action='#attendance'] button").click()
    page.locator("form.holder", has_text=LOCAL_SECRETARY).locator("button[value=present]").click()
    row = page.locator("table.attendance tr", has_text=LOCAL_SECRETARY)
    expect(row.locator("button.on")).to_have_attribute("value", "present")
    expect(page.locator("#count-present")).not_to_have_text("0")

    # 4. Marks it held; issues a directive within three months to the local secretariats of Taounate.
    page.locator("#mark-held").click()
    expect(page.locator("#meeting-status")).to_have_text(re.compile(r"\S"))
    page.locator("a[href$='/directive/']").click()
    page.fill("textarea[name=text_ar]", "عقد الجموع العامة لتجديد مكاتب الأمانات المحلية")
    page.fill("textarea[name=text_fr]", "Tenir les assemblées générales de renouvellement des bureaux locaux")
    page.fill("input[name=deadline_amount]", "3")
    page.locator("main form.card button.primary").click()
    expect(page).to_have_url(re.compile(r"/directives/\d+/$"))
    directive_url = page.url
    board = page.locator("table.board")
    expect(board).to_contain_text(LOCAL_ORGAN)
    page.goto(meeting_url)
    expect(page.locator("#directives + table")).to_contain_text("عقد الجموع العامة")
    screenshot("meeting-ar")

    # 5. The local secretary signs in, sees the directive first in his list, and reports progress.
    other = browser.new_context(
        locale="fr-MA", timezone_id="Africa/Casablanca", viewport={"width": 1280, "height": 900}
    )
    local = other.new_page()
    _sign_in(local, base_url, local_username)
    local.goto(f"{base_url}/directives/")
    first = local.locator("table.directives tbody tr").first
    expect(first).to_contain_text("Tenir les assemblées générales")  # his page is in French
    first.locator("a").click()
    expect(local).to_have_url(directive_url)
    evidence = tmp_path / "pv-assemblee.pdf"
    evidence.write_bytes(b"%PDF-1.4 proces-verbal")
    local.select_option("#report-form select[name=status]", "in_progress")
    local.fill("#report-form textarea[name=note]", "تم استدعاء المنخرطين لجمع عام يوم الأحد المقبل")
    local.set_input_files("#report-form input[name=evidence]", str(evidence))
    local.locator("#report-form button.primary").click()
    expect(local.locator("table.board")).to_contain_text("تم استدعاء المنخرطين")
    expect(local.locator("table.board tbody tr")).to_have_count(1)  # his organ only
    local.screenshot(path=str(SCREENSHOTS / f"{request.node.name}--local-report-fr.png"), full_page=True)
    other.close()

    # 6. najjari's board shows the report, with its evidence file served through the scoped view.
    page.goto(directive_url)
    row = page.locator("table.board tr", has_text=LOCAL_ORGAN)
    expect(row).to_contain_text("تم استدعاء المنخرطين")
    expect(row.locator("a[href*='/directives/evidence/']")).to_be_visible()
    screenshot("board-ar")
    page.locator("button[name=language][value=fr]").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    screenshot("board-fr")
    page.goto(meeting_url)
    screenshot("meeting-fr")
