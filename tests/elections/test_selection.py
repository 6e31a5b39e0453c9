"""Candidate selection: eligibility from the records, independent scoring with conflicts of
interest, the ranking formula, scores hidden until the decision, the decision and the appeal."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tanzim.access.models import AuditEvent
from tanzim.elections import services
from tanzim.elections.models import Appeal, Call, Conflict, Score
from tanzim.elections.queries import eligibility, ranking
from tanzim.people.members import membership_enroll
from tests.conftest import second_factor_passed
from tests.factories import PersonFactory, territory

pytestmark = pytest.mark.django_db

DEMO_CALL = "الدائرة الانتخابية المحلية تاونات"


def _demo_call() -> Call:
    return Call.objects.get(constituency__name_ar=DEMO_CALL)


def test_demo_run_ranking_equals_the_published_formula():
    call = _demo_call()
    rows = ranking(call)
    conflicted = set(Conflict.objects.filter(applicant__call=call).values_list("seat_id", "applicant_id"))
    for row in rows:
        expected = Decimal(0)
        for criterion in call.criteria.all():
            values = [
                s.value
                for s in Score.objects.filter(applicant=row.applicant, criterion=criterion)
                if (s.seat_id, s.applicant_id) not in conflicted
            ]
            mean = (sum(values) / len(values)).quantize(Decimal("0.01"))
            expected += criterion.weight * mean
        assert row.score == expected.quantize(Decimal("0.01"))
        assert row.formula.endswith(f"= {row.score}")
    assert [(r.applicant.person.full_name_ar, r.rank, r.score) for r in rows] == [
        ("نزهة الورياغلي", 1, Decimal("50.00")),
        ("سعيد البوعزاوي", 2, Decimal("43.50")),
        ("عبد الله الزرهوني", 3, Decimal("36.00")),
    ]


def test_demo_run_has_a_decision_with_reasons_and_an_appeal_to_the_national_arbitration_committee():
    call = _demo_call()
    assert call.decided and call.decision_reasons
    outcomes = {a.person.full_name_ar: a.outcome for a in call.applicants.select_related("person")}
    assert outcomes["نزهة الورياغلي"] == "selected"
    assert outcomes["سعيد البوعزاوي"] == "not_selected"
    appeal = Appeal.objects.get(applicant__call=call)
    assert appeal.committee.name_ar == "اللجنة الوطنية للتحكيم والأخلاقيات"
    assert appeal.status == "filed"
    assert call.committee.count() == 2
    conflict = Conflict.objects.get(applicant__call=call)
    assert conflict.seat.person.full_name_ar == "محمد الحجيرة"
    assert not Score.objects.filter(seat=conflict.seat, applicant=conflict.applicant).exists()


def test_demo_run_every_step_is_in_the_audit_log():
    actions = set(AuditEvent.objects.filter(action__startswith="elections.").values_list("action", flat=True))
    assert {
        "elections.criterion_add",
        "elections.committee_seat_add",
        "elections.applicant_add",
        "elections.conflict_declare",
        "elections.score_record",
        "elections.call_decide",
        "elections.appeal_file",
    } <= actions


def test_each_eligibility_rule_is_evaluated_from_the_records():
    call = _demo_call()
    results = {
        r.rule.kind: r for r in eligibility(call.applicants.get(person__full_name_ar="سعيد البوعزاوي"))
    }
    assert all(r.passed for r in results.values())
    assert "2010-05-02" in results["min_seniority"].detail
    assert "2023, 2024, 2025" in results["min_dues_years"].detail


def test_recent_member_without_dues_is_not_eligible_and_not_ranked(open_call):
    call, najjari = open_call["call"], open_call["users"]["najjari"]
    services.eligibility_rule_add(call=call, kind="min_seniority", value=5, by=najjari)
    services.eligibility_rule_add(call=call, kind="min_dues_years", value=2, by=najjari)
    services.eligibility_rule_add(call=call, kind="woman", value=0, by=najjari)
    services.eligibility_rule_add(call=call, kind="max_age", value=40, by=najjari)
    person = PersonFactory(home=territory("03.531.01.05"), gender="f", birth_year=1996)
    membership_enroll(person=person, by=None, status="active", joined_on=datetime.date(2025, 6, 1))
    applicant = services.applicant_add(
        call=call, person=person, applied_on=datetime.date(2026, 3, 1), by=najjari
    )
    results = {r.rule.kind: r.passed for r in eligibility(applicant)}
    assert results == {"min_seniority": False, "min_dues_years": False, "woman": True, "max_age": True}
    row = next(r for r in ranking(call) if r.applicant == applicant)
    assert not row.eligible and row.rank is None


def test_prior_terms_count_against_the_limit(open_call):
    call, najjari = open_call["call"], open_call["users"]["najjari"]
    call.constituency.election.body_kind = "representatives"
    call.constituency.election.save()
    services.eligibility_rule_add(call=call, kind="max_prior_terms", value=0, by=najjari)
    from tanzim.elections.models import Term

    representative = Term.objects.get(
        person__full_name_ar="عبد الكريم التاوناتي", body__kind="representatives"
    )
    membership_enroll(
        person=representative.person, by=None, status="active", joined_on=datetime.date(2010, 1, 1)
    )
    applicant = services.applicant_add(
        call=call, person=representative.person, applied_on=datetime.date(2026, 3, 1), by=najjari
    )
    (result,) = eligibility(applicant)
    assert not result.passed and "1" in result.detail


def test_conflicted_committee_member_cannot_score_that_applicant(open_call):
    seat, applicant = open_call["seats"]["hjira"], open_call["applicants"][0]
    hjira = open_call["users"]["hjira"]
    services.conflict_declare(seat=seat, applicant=applicant, reason="قرابة", by=hjira)
    with pytest.raises(ValidationError) as error:
        services.score_record(
            seat=seat, applicant=applicant, criterion=open_call["criteria"][0], value=5, by=hjira
        )
    assert "applicant" in error.value.message_dict
    # The other applicant can still be scored by the same member.
    services.score_record(
        seat=seat, applicant=open_call["applicants"][1], criterion=open_call["criteria"][0], value=5, by=hjira
    )


def test_declaring_a_conflict_withdraws_the_scores_already_given(open_call):
    seat, applicant = open_call["seats"]["najjari"], open_call["applicants"][0]
    services.conflict_declare(
        seat=seat, applicant=applicant, reason="مصلحة", by=open_call["users"]["najjari"]
    )
    assert not Score.objects.filter(seat=seat, applicant=applicant).exists()
    assert AuditEvent.objects.filter(action="elections.conflict_declare", detail__withdrawn=2).exists()


def test_score_above_the_highest_score_is_refused(open_call):
    with pytest.raises(ValidationError) as error:
        services.score_record(
            seat=open_call["seats"]["hjira"],
            applicant=open_call["applicants"][0],
            criterion=open_call["criteria"][0],
            value=11,
            by=None,
        )
    assert "value" in error.value.message_dict


def test_page_hides_the_score_form_from_the_conflicted_member(open_call):
    client = Client()
    client.force_login(open_call["users"]["hjira"])
    applicant = open_call["applicants"][0]
    url = reverse("elections:applicant", args=[applicant.pk])
    assert 'id="score-form"' in client.get(url).content.decode()
    client.post(reverse("elections:conflict", args=[applicant.pk]), {"reason": "قرابة"})
    body = client.get(url).content.decode()
    assert 'id="score-form"' not in body and 'id="conflict-blocked"' in body
    response = client.post(
        reverse("elections:score", args=[applicant.pk]), {f"c{open_call['criteria'][0].pk}": "9"}
    )
    assert response.status_code == 302
    assert not Score.objects.filter(seat=open_call["seats"]["hjira"], applicant=applicant).exists()


def _client(persona: str) -> Client:
    client = Client()
    if persona == "outsider":
        user, _ = User.objects.get_or_create(username="outsider")
        client.force_login(user)
    elif persona != "anonymous":
        client.force_login(User.objects.get(username=persona))
        if persona == "admin":
            second_factor_passed(client)
    return client


# Before the decision: the committee sees the scores; the responsible organ, national admins and
# everyone else do not (those outside the territory do not see the call at all).
SEES_CALL_BEFORE = {
    "admin": False,
    "najjari": True,
    "hjira": True,
    "limouri": None,
    "laaziri": None,
    "outsider": None,
}


@pytest.mark.parametrize("persona", sorted(SEES_CALL_BEFORE))
def test_scores_are_visible_only_to_the_committee_until_the_decision(open_call, persona):
    client = _client(persona)
    call, applicant = open_call["call"], open_call["applicants"][0]
    expected = SEES_CALL_BEFORE[persona]
    for url in (
        reverse("elections:call", args=[call.pk]),
        reverse("elections:applicant", args=[applicant.pk]),
    ):
        response = client.get(url)
        if expected is None:
            assert response.status_code == 404, (persona, url)
            continue
        body = response.content.decode()
        assert response.status_code == 200
        assert ("7.25" in body) is expected, (persona, url)
        assert ("6.75" in body) is expected, (persona, url)


@pytest.mark.parametrize("persona", ["admin", "najjari", "hjira"])
def test_scores_are_visible_to_those_who_see_the_call_after_the_decision(open_call, persona):
    services.call_decide(call=open_call["call"], reasons="قرار الاختبار", by=open_call["users"]["najjari"])
    body = _client(persona).get(reverse("elections:call", args=[open_call["call"].pk])).content.decode()
    assert "2.00 × 7.25 + 1.00 × 6.75 = 21.25" in body


def test_decision_needs_reasons_and_then_freezes_the_scores(open_call):
    call, najjari = open_call["call"], open_call["users"]["najjari"]
    with pytest.raises(ValidationError):
        services.call_decide(call=call, reasons="  ", by=najjari)
    services.call_decide(call=call, reasons="الأعلى نقطة", by=najjari)
    first = open_call["applicants"][0]
    first.refresh_from_db()
    assert first.outcome == "selected" and first.rank == 1 and first.weighted_score == Decimal("21.25")
    with pytest.raises(ValidationError):
        services.score_record(
            seat=open_call["seats"]["hjira"],
            applicant=first,
            criterion=open_call["criteria"][0],
            value=1,
            by=None,
        )


def test_appeal_only_after_the_decision_and_ruled_by_the_arbitration_committee(open_call):
    call, najjari = open_call["call"], open_call["users"]["najjari"]
    second = open_call["applicants"][1]
    with pytest.raises(ValidationError):
        services.appeal_file(applicant=second, grounds="طعن", by=najjari)
    services.call_decide(call=call, reasons="الأعلى نقطة", by=najjari)
    client = _client("najjari")
    client.post(reverse("elections:appeal", args=[second.pk]), {"grounds": "لم أنقط"})
    appeal = Appeal.objects.get(applicant=second)
    assert appeal.committee == call.arbitration and appeal.status == "filed"
    # The provincial secretary is not on the arbitration committee: his ruling is refused.
    client.post(reverse("elections:appeal_rule", args=[appeal.pk]), {"status": "rejected", "ruling": "مرفوض"})
    appeal.refresh_from_db()
    assert appeal.status == "filed"
    _client("admin").post(
        reverse("elections:appeal_rule", args=[appeal.pk]), {"status": "rejected", "ruling": "مرفوض"}
    )
    appeal.refresh_from_db()
    assert appeal.status == "rejected" and appeal.ruled_on


def test_only_members_apply(open_call):
    with pytest.raises(ValidationError) as error:
        services.applicant_add(
            call=open_call["call"], person=PersonFactory(), applied_on=datetime.date(2026, 3, 1), by=None
        )
    assert "person" in error.value.message_dict


def test_criteria_cannot_change_once_scoring_has_begun(open_call):
    with pytest.raises(ValidationError) as error:
        services.criterion_add(call=open_call["call"], name_ar="معيار متأخر", weight="1", by=None)
    assert "weight" in error.value.message_dict


def test_provincial_secretary_opens_a_call_in_his_province(taounate_client):
    from tanzim.organs.models import Organ

    response = taounate_client.post(
        reverse("elections:call_new"),
        {
            "election_name_ar": "الانتخابات الجماعية 2027",
            "election_kind": "communal",
            "body_kind": "commune_council",
            "territory": "03.531.01.09",
            "seats": "5",
            "list_kind": "general",
            "organ": Organ.objects.get(name_ar="الأمانة الإقليمية بتاونات").pk,
            "arbitration": Organ.objects.get(name_ar="اللجنة الوطنية للتحكيم والأخلاقيات").pk,
            "opens_on": "2027-01-01",
            "closes_on": "2027-02-01",
        },
    )
    call = Call.objects.get(constituency__election__name_ar="الانتخابات الجماعية 2027")
    assert response.status_code == 302 and response["Location"] == reverse("elections:call", args=[call.pk])
    assert call.constituency.territory.code == "03.531.01.09" and call.constituency.seats == 5


def test_a_call_outside_the_territory_is_refused(taounate_client):
    from tanzim.organs.models import Organ

    response = taounate_client.post(
        reverse("elections:call_new"),
        {
            "election_name_ar": "انتخابات خارج التراب",
            "election_kind": "communal",
            "body_kind": "commune_council",
            "territory": "01.511.01.03",
            "seats": "5",
            "list_kind": "general",
            "organ": Organ.objects.get(name_ar="الأمانة الإقليمية بتاونات").pk,
            "arbitration": Organ.objects.get(name_ar="اللجنة الوطنية للتحكيم والأخلاقيات").pk,
            "opens_on": "2027-01-01",
            "closes_on": "2027-02-01",
        },
    )
    assert response.status_code == 200
    assert not Call.objects.filter(constituency__election__name_ar="انتخابات خارج التراب").exists()


def test_before_the_decision_outsiders_of_the_committee_see_no_rank(open_call, admin_client_):
    services.score_record(
        seat=open_call["seats"]["najjari"],
        applicant=open_call["applicants"][1],
        criterion=open_call["criteria"][0],
        value=10,
        by=None,
    )
    body = admin_client_.get(reverse("elections:call", args=[open_call["call"].pk])).content.decode()
    # Applicants in the order they applied, no rank: the second (scored higher) is not first.
    assert body.index("مترشح أول") < body.index("مترشح ثان")
    assert 'id="scores-hidden"' in body
