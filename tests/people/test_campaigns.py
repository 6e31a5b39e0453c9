"""Rolls update campaigns: a province opens one, local organs confirm or mark lapsed, progress adds up."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tanzim.access.queries import members_visible
from tanzim.organs.models import Organ
from tanzim.people.members import campaign_confirm_member, campaign_open
from tanzim.people.models import Membership, MemberStatus, RollsCampaign
from tanzim.people.queries import campaign_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def tanger_campaign(national_admin) -> RollsCampaign:
    return campaign_open(
        organ=Organ.objects.get(name_ar="الأمانة الإقليمية بعمالة طنجة-أصيلة"),
        title="تحيين لوائح المنخرطين بطنجة-أصيلة",
        deadline=timezone.localdate() + datetime.timedelta(days=90),
        by=national_admin,
    )


def test_a_campaign_cannot_end_in_the_past(national_admin):
    with pytest.raises(ValidationError):
        campaign_open(
            organ=Organ.objects.get(name_ar="الأمانة الإقليمية بتاونات"),
            title="t",
            deadline=timezone.localdate() - datetime.timedelta(days=1),
            by=national_admin,
        )


def test_progress_equals_the_members_checked_per_local_organ(
    tanger_campaign, national_admin, laaziri_members
):
    confirmed, lapsed = laaziri_members[:3], laaziri_members[3]
    for membership in confirmed:
        campaign_confirm_member(campaign=tanger_campaign, membership=membership, by=national_admin)
    campaign_confirm_member(
        campaign=tanger_campaign, membership=lapsed, by=national_admin, lapsed_reason="غادر"
    )
    rows = {row.organ_name: row for row in campaign_progress(tanger_campaign, Membership.objects.all())}
    beni_makada = rows["الأمانة المحلية بمقاطعة بني مكادة"]
    expected_total = (
        Membership.objects.filter(local_organ__name_ar="الأمانة المحلية بمقاطعة بني مكادة")
        .exclude(status__in=[MemberStatus.RESIGNED, MemberStatus.EXCLUDED])
        .count()
    )
    assert (beni_makada.total, beni_makada.checked, beni_makada.lapsed) == (expected_total, 4, 1)
    lapsed.refresh_from_db()
    assert lapsed.status == MemberStatus.LAPSED
    assert "الأمانة الإقليمية بتاونات" not in rows


@pytest.fixture
def laaziri_members() -> list[Membership]:
    return list(
        Membership.objects.filter(local_organ__name_ar="الأمانة المحلية بمقاطعة بني مكادة", status="active")
        .select_related("person", "person__home")
        .order_by("pk")[:4]
    )


def test_local_secretary_sees_only_his_organ_in_the_province_campaign(
    tanger_campaign, beni_makada_local_secretary
):
    rows = campaign_progress(tanger_campaign, members_visible(beni_makada_local_secretary))
    assert [row.organ_name for row in rows] == ["الأمانة المحلية بمقاطعة بني مكادة"]


def test_member_outside_the_campaign_territory_is_refused(tanger_campaign, national_admin):
    taounate_member = Membership.objects.get(person__full_name_ar="محمد لطفي")
    with pytest.raises(ValidationError):
        campaign_confirm_member(campaign=tanger_campaign, membership=taounate_member, by=national_admin)


def test_confirm_button_answers_the_htmx_row(beni_makada_client, tanger_campaign, laaziri_members):
    membership = laaziri_members[0]
    response = beni_makada_client.post(
        reverse("members:campaign_check", args=[tanger_campaign.pk, membership.pk]),
        {"action": "confirm"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="member-{membership.pk}"' in response.content.decode()
    membership.refresh_from_db()
    assert membership.roll_checked_on == timezone.localdate()


def test_taounate_secretary_cannot_see_the_tanger_campaign(taounate_client, tanger_campaign):
    assert taounate_client.get(reverse("members:campaign", args=[tanger_campaign.pk])).status_code == 404
