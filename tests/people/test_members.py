"""Membership: enrolment, status changes with reasons, exports and erasure — scoped and audited."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tanzim.access.models import AuditEvent
from tanzim.people.members import (
    ERASED_NAME_AR,
    member_numbers_reserve,
    membership_enroll,
    membership_status_change,
    person_erase,
)
from tanzim.people.models import Membership, MemberStatus, Person
from tanzim.people.queries import representation
from tests.factories import PersonFactory, territory

pytestmark = pytest.mark.django_db


def _member(name_ar: str) -> Membership:
    return Membership.objects.select_related("person").get(person__full_name_ar=name_ar)


def test_member_numbers_are_reserved_in_order_without_reuse():
    first = member_numbers_reserve(3)
    second = member_numbers_reserve(2)
    assert len(set(first + second)) == 5
    assert second[0] > first[-1]


def test_enrolment_attaches_the_local_secretariat_of_the_commune():
    person = PersonFactory(home=territory("01.511.01.03"), commune=territory("01.511.01.03"))
    membership = membership_enroll(person=person, by=None)
    assert membership.status == MemberStatus.APPLICANT
    assert membership.local_organ.name_ar == "الأمانة المحلية بمقاطعة بني مكادة"


def test_enrolment_without_local_secretariat_leaves_the_organ_empty():
    person = PersonFactory(home=territory("03.531.05.13"))  # a commune of Taounate without one
    assert membership_enroll(person=person, by=None).local_organ is None


def test_a_person_is_enrolled_once():
    membership = _member("محمد لطفي")
    with pytest.raises(ValidationError) as caught:
        membership_enroll(person=membership.person, by=None)
    assert "person" in caught.value.message_dict


def test_status_change_needs_an_allowed_transition_and_a_reason(national_admin):
    membership = _member("محمد لطفي")
    with pytest.raises(ValidationError):
        membership_status_change(
            membership=membership, to=MemberStatus.APPLICANT, reason="x", by=national_admin
        )
    with pytest.raises(ValidationError) as caught:
        membership_status_change(
            membership=membership, to=MemberStatus.SUSPENDED, reason=" ", by=national_admin
        )
    assert "status_reason" in caught.value.message_dict
    membership_status_change(
        membership=membership,
        to=MemberStatus.SUSPENDED,
        reason="قرار لجنة التحكيم",
        by=national_admin,
        on=datetime.date(2026, 3, 1),
    )
    membership.refresh_from_db()
    assert (membership.status, membership.status_reason, membership.status_changed_on) == (
        "suspended",
        "قرار لجنة التحكيم",
        datetime.date(2026, 3, 1),
    )
    latest = membership.history.latest("history_date")
    assert (latest.status, latest.history_change_reason) == ("suspended", "قرار لجنة التحكيم")


def test_excluded_is_final(national_admin):
    membership = _member("محمد لطفي")
    membership_status_change(
        membership=membership, to=MemberStatus.EXCLUDED, reason="قرار", by=national_admin
    )
    for target in MemberStatus.values:
        with pytest.raises(ValidationError):
            membership_status_change(membership=membership, to=target, reason="r", by=national_admin)


def test_enrol_page_refuses_a_commune_outside_the_territory(taounate_client):
    response = taounate_client.post(
        reverse("members:enroll"), {"full_name_ar": "سعاد الطنجي", "commune": "بني مكادة"}
    )
    assert response.status_code == 200
    assert "بني مكادة" in response.content.decode()
    assert not Person.objects.filter(full_name_ar="سعاد الطنجي").exists()


def test_enrol_page_records_a_member_in_the_territory(taounate_client):
    response = taounate_client.post(
        reverse("members:enroll"),
        {
            "full_name_ar": "سعاد التاوناتية",
            "commune": "جماعة تاونات",
            "phone": "0661 23 45 99",
            "cin": "cd 778899",
            "consent": "on",
            "consent_scope": "لائحة المنخرطين",
        },
    )
    membership = Membership.objects.get(person__full_name_ar="سعاد التاوناتية")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:detail", args=[membership.pk])
    assert (membership.person.cin, membership.person.phone, membership.person.home.code) == (
        "CD778899",
        "+212661234599",
        "03.531.01.05",
    )
    assert membership.consent_on is not None


def test_enrol_page_names_the_bad_field(taounate_client):
    response = taounate_client.post(
        reverse("members:enroll"), {"full_name_ar": "شخص", "commune": "تاونات", "cin": "123"}
    )
    assert response.status_code == 200
    assert "123" in response.content.decode()


def test_roll_export_xlsx_is_scoped_and_audited(taounate_client, taounate_provincial_secretary):
    response = taounate_client.get(reverse("members:export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    expected = Membership.objects.filter(person__home__path__startswith="MA/03/03.531/").count()
    assert len(rows) - 1 == expected > 0
    codes = {row[8] for row in rows[1:]}
    assert all(code.startswith("03.531") for code in codes)
    event = AuditEvent.objects.filter(
        user=taounate_provincial_secretary, action="members.export.xlsx"
    ).latest("at")
    assert event.count == expected


def test_roll_export_csv_has_a_bom_for_excel(beni_makada_client):
    response = beni_makada_client.get(reverse("members:export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert "عمر لعزيري" in body
    assert "محمد لطفي" not in body


def test_personal_data_export_contains_everything_and_is_audited(
    beni_makada_client, beni_makada_local_secretary
):
    membership = _member("عمر لعزيري")
    response = beni_makada_client.get(reverse("members:data", args=[membership.pk, "json"]))
    data = json.loads(response.content)
    assert data["person"]["full_name_ar"] == "عمر لعزيري"
    assert data["membership"]["number"] == membership.number
    assert [m["organ"] for m in data["mandates"]] == ["الأمانة المحلية بمقاطعة بني مكادة"]
    assert AuditEvent.objects.filter(
        user=beni_makada_local_secretary, action="member.data_export.json"
    ).exists()


def test_personal_data_pdf_is_a_pdf(beni_makada_client):
    membership = _member("عمر لعزيري")
    response = beni_makada_client.get(reverse("members:data", args=[membership.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_erasure_removes_identity_and_history_but_keeps_counts(national_admin):
    person = PersonFactory(
        full_name_ar="نوال المحذوفة",
        full_name_latin="Naoual Mahdoufa",
        cin="ZZ123456",
        phone="0661000111",
        gender="f",
        birth_year=1990,
        home=territory("03.531.01.05"),
    )
    membership_enroll(person=person, by=None, status=MemberStatus.ACTIVE)
    women_before = representation(Person.objects.filter(home__code="03.531.01.05")).women
    person_erase(person=person, by=national_admin, reason="طلب رقم 12")
    person.refresh_from_db()
    assert (person.full_name_ar, person.full_name_latin, person.cin, person.phone) == (
        ERASED_NAME_AR,
        "",
        "",
        "",
    )
    assert not person.history.filter(full_name_ar="نوال المحذوفة").exists()
    assert representation(Person.objects.filter(home__code="03.531.01.05")).women == women_before
    assert Membership.objects.get(person=person).status == MemberStatus.ACTIVE
    assert AuditEvent.objects.filter(action="person.erase", target=str(person.pk)).exists()


def test_erasure_needs_a_reason(national_admin):
    person = PersonFactory()
    with pytest.raises(ValidationError):
        person_erase(person=person, by=national_admin, reason="")


def test_representation_counts_women_and_under_35_with_unknowns_apart():
    home = territory("03.531.05.07")
    PersonFactory(home=home, gender="f", birth_year=2000)
    PersonFactory(home=home, gender="m", birth_year=1960)
    PersonFactory(home=home, gender="", birth_year=None)
    figures = representation(Person.objects.filter(home=home), on=datetime.date(2026, 1, 1))
    assert figures.total == Person.objects.filter(home=home).count()
    expected_women = Person.objects.filter(home=home, gender="f").count()
    assert figures.women == expected_women
    assert figures.under_35 == Person.objects.filter(home=home, birth_year__gte=1991).count()
    assert figures.gender_known == Person.objects.filter(home=home).exclude(gender="").count()


def test_member_page_of_another_territory_is_404(taounate_client):
    assert taounate_client.get(reverse("members:detail", args=[_member("عمر لعزيري").pk])).status_code == 404


def test_leaving_active_status_revokes_the_valid_card(national_admin):
    from tanzim.people.cards import card_issue

    membership = _member("عمر لعزيري")
    card = card_issue(membership=membership, by=national_admin)
    membership_status_change(
        membership=membership, to=MemberStatus.SUSPENDED, reason="قرار", by=national_admin
    )
    card.refresh_from_db()
    assert (card.status, card.reason) == ("revoked", "قرار")


@pytest.mark.parametrize("spelling", ["El Hjira", "لحجيرة", "الحجيره", "Lahjira", "hjira"])
def test_member_search_finds_hjira_in_any_spelling(admin_client_, spelling):
    body = admin_client_.get(reverse("members:list"), {"q": spelling}).content.decode()
    assert "محمد الحجيرة" in body


def test_member_search_never_crosses_the_territory(taounate_client):
    body = taounate_client.get(reverse("members:list"), {"q": "Laaziri"}).content.decode()
    assert "عمر لعزيري" not in body


def test_dues_are_recorded_once_per_year(beni_makada_client):
    membership = _member("عمر لعزيري")
    url = reverse("members:dues", args=[membership.pk])
    beni_makada_client.post(url, {"year": 2026, "amount": "100.00", "paid_on": "2026-01-10"})
    beni_makada_client.post(url, {"year": 2026, "amount": "120.00", "paid_on": "2026-02-10"})
    assert [(d.year, str(d.amount)) for d in membership.dues.all()] == [(2026, "120.00")]
    response = beni_makada_client.post(url, {"year": 2026, "amount": "-5", "paid_on": "2026-02-10"})
    assert response.status_code == 302
    assert str(membership.dues.get().amount) == "120.00"


def test_dues_refuse_a_far_year_and_a_future_payment_and_say_when_a_year_is_replaced(beni_makada_client):
    membership = _member("عمر لعزيري")
    url = reverse("members:dues", args=[membership.pk])
    today = timezone.localdate()
    far = beni_makada_client.post(
        url, {"year": today.year + 2, "amount": "100.00", "paid_on": today.isoformat()}, follow=True
    )
    future = beni_makada_client.post(
        url,
        {"year": today.year, "amount": "100.00", "paid_on": (today + datetime.timedelta(days=3)).isoformat()},
        follow=True,
    )
    assert not membership.dues.exists()
    with translation.override("ar"):
        in_the_future = gettext("The payment date is in the future.")
        replaced = gettext("The dues of %(year)s were already recorded: replaced.") % {"year": today.year}
    for response, words in ((far, str(today.year + 1)), (future, in_the_future)):
        body = response.content.decode()
        assert 'class="message error"' in body and 'role="alert"' in body and words in body
    first = beni_makada_client.post(
        url, {"year": today.year, "amount": "100.00", "paid_on": today.isoformat()}
    )
    again = beni_makada_client.post(
        url, {"year": today.year, "amount": "150.00", "paid_on": today.isoformat()}, follow=True
    )
    assert first.status_code == 302 and membership.dues.get().amount == 150
    assert 'class="message success"' in again.content.decode()
    assert replaced in again.content.decode()


def test_the_dues_date_box_holds_an_iso_day_in_french_too(beni_makada_client):
    """A date box reads ISO only: in French Django would write 23/11/2026 and the box would stay empty."""
    membership = _member("عمر لعزيري")
    beni_makada_client.cookies["django_language"] = "fr"
    body = beni_makada_client.get(reverse("members:detail", args=[membership.pk])).content.decode()
    assert 'lang="fr"' in body
    assert f'type="date" name="paid_on" value="{timezone.localdate().isoformat()}"' in body


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        (
            "full_name_ar",
            "Omar Benali",
            "Write this name in Arabic letters (the Latin spelling has its own field).",
        ),
        (
            "full_name_ar",
            "عمر Benali",
            "Write this name in Arabic letters (the Latin spelling has its own field).",
        ),
        ("full_name_latin", "عمر", "Write this name in Latin letters (the Arabic name has its own field)."),
    ],
)
def test_enrol_page_keeps_each_name_in_its_script(taounate_client, field, value, words):
    with translation.override("ar"):
        words = gettext(words)
    data = {"full_name_ar": "عمر بنعلي", "full_name_latin": "Omar Benali", "commune": "جماعة تاونات"}
    response = taounate_client.post(reverse("members:enroll"), {**data, field: value})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Person.objects.filter(full_name_latin="Omar Benali").exists()


def test_enrol_page_gives_an_example_commune_of_ones_own_territory(beni_makada_client):
    body = beni_makada_client.get(reverse("members:enroll")).content.decode()
    with translation.override("ar"):
        example = gettext("Arabic or French name, e.g. %(name)s")
    assert example % {"name": "بني مكادة"} in body
    assert "تاونات" not in body


def test_a_member_living_in_a_province_is_not_said_to_live_in_a_commune(taounate_client):
    person = PersonFactory(full_name_ar="سلمى الإقليمية", home=territory("03.531"))
    membership = membership_enroll(person=person, by=None)
    body = taounate_client.get(reverse("members:detail", args=[membership.pk])).content.decode()
    with translation.override("ar"):
        commune, unit = gettext("Commune"), gettext("Territory")
        none_here = gettext("none yet in this commune")
    assert f'<div class="muted small">{unit}</div>' in body
    assert f'<div class="muted small">{commune}</div>' not in body
    assert none_here not in body


def test_member_list_says_when_the_place_filter_is_unknown_or_outside_the_territory(taounate_client):
    url = reverse("members:list")
    unknown = taounate_client.get(url, {"territory": "xyzqw"}).content.decode()
    outside = taounate_client.get(url, {"territory": "بني مكادة"}).content.decode()
    inside = taounate_client.get(url, {"territory": "جماعة تاونات"}).content.decode()
    with translation.override("ar"):
        no_unit = gettext("No territorial unit is called “%(name)s”.") % {"name": "xyzqw"}
        out = gettext("“%(name)s” is outside your territory.") % {"name": "بني مكادة"}
    assert no_unit in unknown
    assert out in outside and "عمر لعزيري" not in outside
    assert 'class="errors"' not in inside


def test_enrolling_the_same_name_in_the_same_commune_asks_first_then_records_when_confirmed(taounate_client):
    url = reverse("members:enroll")
    data = {
        "full_name_ar": "عمر بنعلي",
        "full_name_latin": "Omar Benali",
        "commune": "جماعة تاونات",
        "birth_year": 1990,
    }
    first = taounate_client.post(url, data)
    assert first.status_code == 302
    again = taounate_client.post(url, {**data, "full_name_ar": "عمر  بنعلى"})  # another spacing, ى for ي
    body = again.content.decode()
    assert again.status_code == 200 and 'id="lookalikes"' in body
    assert Person.objects.filter(full_name_latin="Omar Benali").count() == 1
    other_year = taounate_client.post(url, {**data, "birth_year": 1971})  # not the same person: no question
    assert other_year.status_code == 302
    confirmed = taounate_client.post(url, {**data, "another_person": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.filter(full_name_latin="Omar Benali").count() == 3


def test_the_lookalike_question_never_names_someone_outside_the_territory(
    taounate_client, beni_makada_client
):
    data = {"full_name_ar": "سناء الطنجاوية", "commune": "بني مكادة"}
    assert beni_makada_client.post(reverse("members:enroll"), data).status_code == 302
    # Taounate cannot enrol in Beni Makada at all; with its own commune the Tangier member is not a lookalike.
    response = taounate_client.post(reverse("members:enroll"), {**data, "commune": "جماعة تاونات"})
    assert response.status_code == 302
