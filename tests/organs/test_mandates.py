"""Mandates in time: held_on / current / past, and the services that record, end and approve them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import override

from tanzim.organs.models import How, Mandate, Role
from tanzim.organs.services import mandate_approve, mandate_end, mandate_record
from tests.factories import MandateFactory, OrganFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


def held(mandate: Mandate, day: datetime.date) -> bool:
    return Mandate.objects.held_on(day).filter(pk=mandate.pk).exists()


# --- held_on -------------------------------------------------------------------------------------


def test_one_mandate_s_is_held_on_agrees_with_the_query_on_every_mandate_and_day():
    """The org chart decides "current" in Python: the same answer as `held_on` for every mandate of
    the demo and the factory cases (start only, attested only, ended, proposed)."""
    MandateFactory(start=None, attested_from=D(2022, 5, 1))
    MandateFactory(start=D(2021, 3, 1), end=D(2023, 6, 30))
    MandateFactory(start=D(2021, 3, 1), how=How.PROPOSED)
    mandates = list(Mandate.objects.all())
    days = [D(2015, 1, 1), D(2021, 3, 1), D(2022, 5, 1), D(2023, 6, 30), D(2023, 7, 1), D(2026, 11, 23)]
    for day in days:
        held_ids = set(Mandate.objects.held_on(day).values_list("pk", flat=True))
        assert {m.pk for m in mandates if m.is_held_on(day)} == held_ids, day


def test_held_from_the_start_day_inclusive():
    mandate = MandateFactory(start=D(2021, 3, 1))
    assert not held(mandate, D(2021, 2, 28))
    assert held(mandate, D(2021, 3, 1))
    assert held(mandate, D(2030, 1, 1))


def test_held_until_the_end_day_inclusive():
    mandate = MandateFactory(start=D(2021, 3, 1), end=D(2022, 6, 30))
    assert held(mandate, D(2022, 6, 30))
    assert not held(mandate, D(2022, 7, 1))


def test_without_a_start_the_first_attestation_places_the_mandate():
    mandate = MandateFactory(start=None, attested_from=D(2022, 10, 29))
    assert not held(mandate, D(2022, 10, 28))
    assert held(mandate, D(2022, 10, 29))


def test_a_known_start_wins_over_a_later_attestation():
    mandate = MandateFactory(start=D(2021, 1, 1), attested_from=D(2022, 10, 29))
    assert held(mandate, D(2021, 6, 1))
    annotated = Mandate.objects.with_effective_start().get(pk=mandate.pk)
    assert annotated.effective_start == D(2021, 1, 1)


def test_a_proposed_mandate_is_never_held_even_with_dates():
    proposed = MandateFactory(how=How.PROPOSED, start=D(2021, 1, 1))
    assert not held(proposed, D(2021, 1, 1))
    assert not held(proposed, D(2030, 1, 1))
    assert not Mandate.objects.current().filter(pk=proposed.pk).exists()
    assert Mandate.objects.proposed().filter(pk=proposed.pk).exists()


def test_a_mandate_ending_yesterday_is_past_not_current():
    today = datetime.date.today()  # noqa: DTZ011 — the default "today" of current() and past()
    ended = MandateFactory(start=today - 100 * DAY, end=today - DAY)
    assert Mandate.objects.past().filter(pk=ended.pk).exists()
    assert not Mandate.objects.current().filter(pk=ended.pk).exists()


def test_a_mandate_ending_today_is_still_current_and_not_past():
    today = datetime.date.today()  # noqa: DTZ011 — the default "today" of current() and past()
    ending = MandateFactory(start=today - 100 * DAY, end=today)
    assert Mandate.objects.current().filter(pk=ending.pk).exists()
    assert not Mandate.objects.past().filter(pk=ending.pk).exists()


def test_current_and_past_accept_an_explicit_day():
    mandate = MandateFactory(start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert Mandate.objects.current(D(2020, 6, 1)).filter(pk=mandate.pk).exists()
    assert not Mandate.objects.past(D(2020, 6, 1)).filter(pk=mandate.pk).exists()
    assert Mandate.objects.past(D(2021, 1, 1)).filter(pk=mandate.pk).exists()
    assert not Mandate.objects.current(D(2021, 1, 1)).filter(pk=mandate.pk).exists()


def test_held_on_selects_exactly_the_mandates_in_force():
    organ = OrganFactory()
    day = D(2023, 5, 1)
    in_force = [
        MandateFactory(organ=organ, start=D(2023, 1, 1)),
        MandateFactory(organ=organ, start=None, attested_from=D(2023, 5, 1)),
        MandateFactory(organ=organ, start=D(2022, 1, 1), end=D(2023, 5, 1)),
    ]
    MandateFactory(organ=organ, start=D(2023, 5, 2))  # not yet
    MandateFactory(organ=organ, start=D(2022, 1, 1), end=D(2023, 4, 30))  # over
    MandateFactory(organ=organ, how=How.PROPOSED, start=None)  # awaiting approval
    found = set(Mandate.objects.held_on(day).filter(organ=organ).values_list("pk", flat=True))
    assert found == {m.pk for m in in_force}


# --- mandate_record -------------------------------------------------------------------------------


def test_mandate_record_without_start_nor_attestation_is_refused():
    person, organ = PersonFactory(), OrganFactory()
    with pytest.raises(ValidationError) as caught:
        mandate_record(person=person, organ=organ, role=Role.MEMBER, how=How.ELECTED)
    assert "start" in caught.value.message_dict
    assert not Mandate.objects.filter(person=person).exists()


def test_a_proposed_mandate_may_be_recorded_without_dates():
    mandate = mandate_record(
        person=PersonFactory(), organ=OrganFactory(), role=Role.SECRETARY, how=How.PROPOSED
    )
    assert mandate.pk is not None
    assert mandate.is_proposed


def test_mandate_record_refuses_an_end_before_the_start():
    with pytest.raises(ValidationError):
        MandateFactory(start=D(2022, 1, 1), end=D(2021, 12, 31))


def test_mandate_record_refuses_an_unknown_role():
    with pytest.raises(ValidationError) as caught:
        MandateFactory(role="emperor")
    assert "role" in caught.value.message_dict


def test_the_database_refuses_an_end_before_the_start():
    person, organ = PersonFactory(), OrganFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.create(
            person=person,
            organ=organ,
            role=Role.MEMBER,
            how=How.ELECTED,
            start=D(2022, 1, 1),
            end=D(2021, 1, 1),
        )


def test_the_database_refuses_a_proposed_mandate_with_an_approval_day():
    person, organ = PersonFactory(), OrganFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.create(
            person=person, organ=organ, role=Role.MEMBER, how=How.PROPOSED, approved_on=D(2022, 1, 1)
        )


# --- mandate_end ----------------------------------------------------------------------------------


def test_mandate_end_closes_the_term():
    mandate = MandateFactory(start=D(2021, 1, 1))
    mandate_end(mandate=mandate, on=D(2023, 6, 30), reason="استقالة")
    mandate.refresh_from_db()
    assert mandate.end == D(2023, 6, 30)
    assert held(mandate, D(2023, 6, 30))
    assert not held(mandate, D(2023, 7, 1))


def test_mandate_end_before_the_start_is_refused():
    mandate = MandateFactory(start=D(2021, 1, 1))
    with pytest.raises(ValidationError) as caught:
        mandate_end(mandate=mandate, on=D(2020, 12, 31))
    assert "end" in caught.value.message_dict
    mandate.refresh_from_db()
    assert mandate.end is None


def test_mandate_end_before_the_first_attestation_is_refused_when_the_start_is_unknown():
    mandate = MandateFactory(start=None, attested_from=D(2022, 10, 29))
    with pytest.raises(ValidationError):
        mandate_end(mandate=mandate, on=D(2022, 10, 28))
    mandate_end(mandate=mandate, on=D(2022, 10, 29))
    mandate.refresh_from_db()
    assert mandate.end == D(2022, 10, 29)


def test_history_keeps_the_open_term_when_a_mandate_is_ended():
    mandate = MandateFactory(start=D(2021, 1, 1))
    assert mandate.history.count() == 1

    mandate_end(mandate=mandate, on=D(2023, 6, 30), reason="انتهاء الولاية")

    records = list(mandate.history.order_by("history_date", "history_id"))
    assert len(records) == 2
    assert [r.end for r in records] == [None, D(2023, 6, 30)]
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_change_reason == "انتهاء الولاية"
    assert records[0].instance.end is None


# --- mandate_approve ------------------------------------------------------------------------------


def test_approval_makes_a_proposed_mandate_held_from_the_approval_day():
    proposed = MandateFactory(how=How.PROPOSED, start=None, role=Role.SECRETARY)
    assert not held(proposed, D(2024, 3, 1))

    mandate_approve(mandate=proposed, on=D(2024, 3, 1))

    proposed.refresh_from_db()
    assert (proposed.how, proposed.approved_on, proposed.start) == (
        How.APPOINTED,
        D(2024, 3, 1),
        D(2024, 3, 1),
    )
    assert not held(proposed, D(2024, 2, 29))
    assert held(proposed, D(2024, 3, 1))


def test_approval_keeps_a_start_already_known_and_accepts_another_how():
    proposed = MandateFactory(how=How.PROPOSED, start=D(2024, 1, 15))
    mandate_approve(mandate=proposed, on=D(2024, 3, 1), how=How.ELECTED)
    proposed.refresh_from_db()
    assert (proposed.how, proposed.start, proposed.approved_on) == (
        How.ELECTED,
        D(2024, 1, 15),
        D(2024, 3, 1),
    )
    assert held(proposed, D(2024, 1, 15))


def test_only_a_proposed_mandate_can_be_approved():
    elected = MandateFactory(how=How.ELECTED)
    with pytest.raises(ValidationError):
        mandate_approve(mandate=elected, on=D(2024, 3, 1))
    elected.refresh_from_db()
    assert elected.approved_on is None


# --- Titles ---------------------------------------------------------------------------------------


def test_title_is_the_party_wording_else_the_role():
    worded = MandateFactory(role=Role.SECRETARY, title_ar="الأمين الإقليمي", title_fr="Secrétaire provincial")
    plain = MandateFactory(role=Role.TREASURER)
    with override("ar"):
        assert worded.title == "الأمين الإقليمي"
        assert plain.title == str(plain.get_role_display())
    with override("fr"):
        assert worded.title == "Secrétaire provincial"
        assert plain.title == str(plain.get_role_display())


def test_role_title_is_feminine_in_arabic_for_a_woman_without_written_title():
    woman = PersonFactory(gender="f")
    mandate = MandateFactory(person=woman, role=Role.PRESIDENT, title_ar="", title_fr="")
    with override("ar"):
        assert mandate.title == "الرئيسة"
    with override("fr"):
        assert mandate.title == "Président"
