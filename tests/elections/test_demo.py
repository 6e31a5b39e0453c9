"""The elections demo: idempotent, seed facts cited, everything else marked synthetic."""

from __future__ import annotations

import pytest

from tanzim.demo import seeds
from tanzim.demo.elections import demo_elections_load
from tanzim.elections.models import Applicant, Body, Call, Term

pytestmark = pytest.mark.django_db


def test_a_second_run_creates_nothing():
    before = (Term.objects.count(), Body.objects.count(), Call.objects.count(), Applicant.objects.count())
    assert demo_elections_load() == 0
    assert (
        Term.objects.count(),
        Body.objects.count(),
        Call.objects.count(),
        Applicant.objects.count(),
    ) == before


def test_only_the_seed_001_chamber_term_is_real_everything_else_is_marked_synthetic():
    real = Term.objects.exclude(source=seeds.SYNTHETIC_SOURCE)
    assert list(real.values_list("person__full_name_ar", flat=True)) == ["عبد العالي شينون"]
    assert seeds.SEED_001 in real.get().source
    assert all(
        p.source == seeds.SYNTHETIC_SOURCE
        for p in [
            t.person for t in Term.objects.filter(source=seeds.SYNTHETIC_SOURCE).select_related("person")
        ]
    )
    assert not Applicant.objects.exclude(source=seeds.SYNTHETIC_SOURCE).exists()


def test_the_demo_run_has_three_applicants_two_committee_members_and_one_conflict():
    call = Call.objects.get(constituency__name_ar="الدائرة الانتخابية المحلية تاونات")
    assert call.applicants.count() == 3
    assert call.committee.count() == 2
    assert sum(seat.conflicts.count() for seat in call.committee.all()) == 1
