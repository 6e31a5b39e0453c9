"""The five seed meetings as the demo loads them: dates (stated or inferred with their basis), chairs,
groups, directives with their deadlines and follow-up, and the communiqués Tanzim generated."""

from __future__ import annotations

import datetime

import pytest

from tanzim.demo.services import demo_load
from tanzim.meetings.models import Directive, Meeting, MeetingStatus
from tanzim.meetings.queries import BoardState, directive_board
from tanzim.press.models import Communique

pytestmark = pytest.mark.django_db

D = datetime.date


def _meeting(day: datetime.date) -> Meeting:
    """The seed meeting of that day (the demo's synthetic meetings cite no seed report)."""
    return Meeting.objects.select_related("organ").get(day=day, source__startswith="تقرير صحفي")


def test_the_five_seed_meetings_are_held_on_their_days():
    days = set(Meeting.objects.values_list("day", flat=True))
    assert {D(2022, 10, 29), D(2023, 4, 7), D(2026, 1, 17), D(2020, 11, 2), D(2020, 5, 5)} <= days
    for day in (D(2022, 10, 29), D(2023, 4, 7), D(2026, 1, 17), D(2020, 11, 2), D(2020, 5, 5)):
        assert _meeting(day).status == MeetingStatus.HELD


def test_inferred_years_are_marked_with_their_basis_and_stated_ones_are_not():
    fes, tanger = _meeting(D(2023, 4, 7)), _meeting(D(2020, 11, 2))
    assert fes.day_inferred and "2017" in fes.day_basis and "الحجيرة" in fes.day_basis
    assert tanger.day_inferred and "2026" in tanger.day_basis and "المؤتمر الوطني الرابع" in tanger.day_basis
    for day in (D(2022, 10, 29), D(2026, 1, 17), D(2020, 5, 5)):
        meeting = _meeting(day)
        assert not meeting.day_inferred and meeting.day_basis == ""


def test_chairs_keep_the_order_and_titles_of_the_reports():
    taounate = _meeting(D(2026, 1, 17))
    chairs = [
        (c.person.full_name_ar, c.mandate.title_ar)
        for c in taounate.chairs.select_related("person", "mandate")
    ]
    assert chairs == [("محمد الحجيرة", "الأمين الجهوي"), ("محمد النجاري", "الأمين العام الإقليمي")]
    pole = _meeting(D(2022, 10, 29))
    assert [c.person.full_name_ar for c in pole.chairs.all()] == [
        "محمد النجاري",
        "مصطفى الغزواني",
        "محمد لطفي",
    ]
    assert _meeting(D(2020, 5, 5)).place_mode == "online"


def test_the_tanger_meeting_resolves_its_group_to_the_three_local_secretaries():
    tanger = _meeting(D(2020, 11, 2))
    group = tanger.invitee_groups.get()
    names = set(group.attendances.values_list("person__full_name_ar", flat=True))
    assert names == {"رضوان العلوي البلغيثي", "عمر لعزيري", "عبد الحميد بوشعيب"}


def test_the_taounate_communique_has_date_place_chairs_and_the_five_directives():
    communique = Communique.objects.get(meeting=_meeting(D(2026, 1, 17)))
    body = communique.body_ar
    assert communique.is_published
    assert "السبت 17 يناير 2026" in body
    assert "بالمقر الإقليمي للحزب بتاونات" in body
    assert "الأمين الجهوي" in body and "الدكتور محمد الحجيرة" in body
    assert "الأمين العام الإقليمي" in body and "الدكتور محمد النجاري" in body
    for text in (
        "جعل الهيكلة التنظيمية أولوية المرحلة وتعميمها على جميع جماعات الإقليم خلال ثلاثة أشهر",
        "الانطلاق المبكر في الاستعداد للاستحقاقات التشريعية لسنة 2026",
        "اعتماد مقاربة تشاركية في صناعة القرار التنظيمي والحزبي",
        "تعزيز الانضباط الحزبي والالتزام بأخلاقيات العمل السياسي",
        "تقوية التنسيق بين مستويات التنظيم الحزبي المختلفة",
    ):
        assert text in body
    assert "17 أبريل 2026" in body  # the deadline of the first directive
    assert "samedi 17 janvier 2026" in communique.body_fr


def test_an_inferred_year_is_bracketed_in_the_communique_with_its_basis():
    body = Communique.objects.get(meeting=_meeting(D(2023, 4, 7))).body_ar
    assert "الجمعة 7 أبريل [2023]" in body
    assert "مستنتجة" in body


def test_every_seed_meeting_has_its_published_communique():
    assert Communique.objects.published().filter(meeting__isnull=False).count() >= 5


def test_the_structuring_directive_is_due_three_months_later_and_late_targets_are_flagged():
    directive = Directive.objects.filter(meeting=_meeting(D(2026, 1, 17))).order_by("order").first()
    assert directive.due_on == D(2026, 4, 17)
    board = directive_board(directive, today=D(2026, 11, 23))
    states = {row.target.organ.territory.name_fr: row.state for row in board.rows}
    assert states == {
        "Taounate": BoardState.DONE,
        "Karia Ba Mohamed": BoardState.LATE,
        "Jbabra": BoardState.DONE_LATE,
        "Sidi Mokhfi": BoardState.LATE,
        "Bouhouda": BoardState.LATE,
        "Ain Aicha": BoardState.LATE,
    }
    before = directive_board(directive, today=D(2026, 3, 1))
    assert before.counts[BoardState.LATE] == 0 and before.counts[BoardState.NOT_STARTED] == 3


def test_loading_the_demo_again_changes_nothing():
    counts = (Meeting.objects.count(), Directive.objects.count(), Communique.objects.count())
    report = demo_load()
    assert report.meetings == 0
    assert (Meeting.objects.count(), Directive.objects.count(), Communique.objects.count()) == counts
