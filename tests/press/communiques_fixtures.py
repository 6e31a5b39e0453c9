"""Builders shared by the communiqué tests, the public-site tests and the matrix cases: the meeting of
seed 002 (Taounate, Saturday 17 January 2026), held, and communiqués in any status."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tanzim.meetings.models import GroupRule, Meeting, MeetingKind, MeetingStatus
from tanzim.meetings.services import (
    directive_issue,
    meeting_invite_group,
    meeting_plan,
    meeting_record_save,
    meeting_status_change,
)
from tanzim.organs.models import Organ, Premises
from tanzim.people.models import Person
from tanzim.press.models import Communique, CommuniqueStatus
from tanzim.territory.models import Territory

TAOUNATE_SECRETARIAT = "الأمانة الإقليمية بتاونات"
TANGER_SECRETARIAT = "الأمانة الإقليمية بعمالة طنجة-أصيلة"
BENI_MAKADA_LOCAL = "الأمانة المحلية بمقاطعة بني مكادة"
SEED_002_DAY = datetime.date(2026, 1, 17)


def organ(name_ar: str) -> Organ:
    return Organ.objects.get(name_ar=name_ar)


def seed_002_meeting(
    *,
    held: bool = True,
    title_ar: str = "اجتماع تنظيمي وتواصلي للأمانة الإقليمية",
    day: datetime.date = SEED_002_DAY,
) -> Meeting:
    """The organizational meeting of the Taounate provincial secretariat, as seed 002 reports it
    (on another day if given)."""
    secretariat = organ(TAOUNATE_SECRETARIAT)
    meeting = meeting_plan(
        organ=secretariat,
        kind=MeetingKind.ORGANIZATIONAL,
        title_ar=title_ar,
        title_fr="Réunion organisationnelle du secrétariat provincial",
        day=day,
        premises=Premises.objects.get(name_ar="المقر الإقليمي للحزب بتاونات"),
        chairs=[
            Person.objects.get(full_name_ar="محمد الحجيرة"),
            Person.objects.get(full_name_ar="محمد النجاري"),
        ],
        agenda=[
            ("المستجدات السياسية والتنظيمية", "L'actualité politique et organisationnelle"),
            ("الاستعداد للاستحقاقات المقبلة", "La préparation des échéances électorales"),
        ],
    )
    meeting_invite_group(
        meeting=meeting,
        rule=GroupRule.ORGAN_MEMBERS,
        organ=secretariat,
        label_ar="أعضاء الأمانة الإقليمية",
        label_fr="les membres du secrétariat provincial",
    )
    meeting_invite_group(
        meeting=meeting,
        rule=GroupRule.NAMED,
        label_ar="الأمناء المحليون",
        label_fr="les secrétaires locaux",
    )
    if held:
        meeting_status_change(meeting=meeting, to=MeetingStatus.HELD, on=day)
        meeting_record_save(
            meeting=meeting,
            minutes_ar="افتتح الأمين الإقليمي الاجتماع بكلمة ترحيبية.",
            conclusions_ar="وأكد المشاركون على تسريع الهيكلة التنظيمية وإعادة الاعتبار للعمل الحزبي القاعدي.",
            conclusions_fr="Les participants ont insisté sur l'accélération de la structuration.",
        )
        directive_issue(
            organ=secretariat,
            meeting=meeting,
            text_ar="تعميم الهيكلة التنظيمية على جميع جماعات الإقليم",
            text_fr="Étendre la structuration à toutes les communes de la province",
            issued_on=day,
            deadline_kind="months",
            deadline_amount=3,
            notify=False,
        )
    return meeting


def communique(
    *,
    organ_name: str = TAOUNATE_SECRETARIAT,
    status: str = CommuniqueStatus.PUBLISHED,
    title_ar: str = "بلاغ تجريبي",
    body_ar: str = "نص البلاغ التجريبي.",
    title_fr: str = "Communiqué de test",
    body_fr: str = "Texte du communiqué de test.",
    published_at: datetime.datetime | None = None,
) -> Communique:
    published = status != CommuniqueStatus.DRAFT
    return Communique.objects.create(
        organ=organ(organ_name),
        status=status,
        title_ar=title_ar,
        body_ar=body_ar,
        title_fr=title_fr,
        body_fr=body_fr,
        published_at=(published_at or timezone.now()) if published else None,
    )


def unit(code: str) -> Territory:
    return Territory.objects.get(code=code)
