"""The voter-registration drive: official period, targets, declarations, progress, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tanzim.elections import services
from tanzim.elections.models import RegistrationDeclaration, RegistrationPeriod, RegistrationReminder
from tanzim.elections.queries import registration_progress
from tanzim.people.models import Membership
from tanzim.press.models import InboxMessage
from tests.elections.conftest import person_of
from tests.factories import territory

pytestmark = pytest.mark.django_db


def test_member_declares_from_his_own_page(taounate_client):
    response = taounate_client.post(reverse("elections:my_registration"), {"registered_since": "2016-03-01"})
    assert response.status_code == 302
    declaration = RegistrationDeclaration.objects.get(person=person_of("najjari"))
    assert declaration.by_member and declaration.registered_since == datetime.date(2016, 3, 1)


def test_a_date_in_the_future_is_refused():
    with pytest.raises(ValidationError) as error:
        services.registration_declare(
            person=person_of("najjari"),
            registered_since=timezone.localdate() + datetime.timedelta(days=1),
            by=None,
            by_member=True,
        )
    assert "registered_since" in error.value.message_dict


def test_local_secretary_records_a_member_of_his_unit_only(beni_makada_client):
    member = (
        Membership.objects.filter(person__home__code="01.511.01.03", person__voter_registration__isnull=True)
        .order_by("number")
        .first()
    )
    other = Membership.objects.filter(person__home__code="01.511.01.06").order_by("number").last()
    url = reverse("elections:registration_record", args=["01.511.01.03"])
    beni_makada_client.post(url, {"membership": member.number, "registered_since": "2020-01-10"})
    declaration = RegistrationDeclaration.objects.get(person=member.person)
    assert not declaration.by_member
    beni_makada_client.post(url, {"membership": other.number, "registered_since": "2020-01-10"})
    assert not RegistrationDeclaration.objects.filter(
        person=other.person, registered_since="2020-01-10"
    ).exists()


def test_progress_per_unit_counts_target_and_declarations():
    rows = {row.unit.code: row for row in registration_progress(territory("01.511"))}
    beni_makada = rows["01.511.01.03"]
    assert beni_makada.target == 60
    assert (
        beni_makada.declared
        == RegistrationDeclaration.objects.filter(person__home__code="01.511.01.03").count()
    )
    assert beni_makada.percent == round(100 * beni_makada.declared / 60)
    province_rows = {row.unit.code: row for row in registration_progress(territory("03"))}
    assert province_rows["03.531"].target == 60


def test_targets_are_set_per_commune_or_arrondissement():
    with pytest.raises(ValidationError) as error:
        services.registration_target_set(territory=territory("03.531"), target=10, by=None)
    assert "territory" in error.value.message_dict


def test_only_national_admins_enter_the_official_period(taounate_client):
    response = taounate_client.post(
        reverse("elections:registration_period"), {"starts_on": "2027-01-01", "ends_on": "2027-02-01"}
    )
    assert response.status_code == 404
    assert not RegistrationPeriod.objects.filter(starts_on="2027-01-01").exists()


def test_unit_page_outside_the_territory_is_a_404(beni_makada_client):
    assert (
        beni_makada_client.get(reverse("elections:registration_unit", args=["01.511.01.06"])).status_code
        == 404
    )
    body = beni_makada_client.get(
        reverse("elections:registration_unit", args=["01.511.01.03"])
    ).content.decode()
    assert 'id="target">60<' in body


def test_reminders_go_to_local_secretaries_once_before_the_deadline():
    today = timezone.localdate()
    RegistrationPeriod.objects.all().delete()
    services.registration_period_set(
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=3),
        remind_days=7,
        by=None,
    )
    laaziri = person_of("laaziri")
    before = InboxMessage.objects.filter(person=laaziri).count()
    call_command("elections_remind")
    messages = InboxMessage.objects.filter(person=laaziri).order_by("-pk")
    assert messages.count() == before + 1
    assert "بني مكادة" in messages[0].subject_ar and "60" in messages[0].subject_ar
    assert messages[0].url == "/elections/registration/01.511.01.03/"
    sent = RegistrationReminder.objects.count()
    call_command("elections_remind")
    assert RegistrationReminder.objects.count() == sent
    assert InboxMessage.objects.filter(person=laaziri).count() == before + 1
    assert not InboxMessage.objects.filter(
        person=person_of("najjari"), subject_ar__contains="اللوائح"
    ).exists()


def test_no_reminder_before_the_window():
    today = timezone.localdate()
    RegistrationPeriod.objects.all().delete()
    services.registration_period_set(
        starts_on=today, ends_on=today + datetime.timedelta(days=20), remind_days=7, by=None
    )
    assert services.registration_remind(today=today) == 0
    assert services.registration_remind(today=today + datetime.timedelta(days=14)) > 0


def test_registration_overview_for_every_persona():
    for username in ("admin", "najjari", "laaziri"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        if username == "admin":
            from tests.conftest import second_factor_passed

            second_factor_passed(client)
        assert client.get(reverse("elections:registration")).status_code == 200
