"""Matrix cases for communiqués: internal routes scoped by the communiqué's organ (or the meeting's),
public routes open to everyone for a published communiqué and 404 for a draft.

Records are made here with neutral texts (no person's name), inside and outside each persona's
territory: najjari — Taounate (03.531); laaziri — Beni Makada (01.511.01.03); admin — the country.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from tanzim.meetings.models import Meeting, MeetingKind, MeetingStatus, PlaceMode
from tanzim.organs.models import Organ
from tanzim.press.models import Comment, Communique, CommuniqueStatus

TAOUNATE = "الأمانة الإقليمية بتاونات"
TANGER = "الأمانة الإقليمية بعمالة طنجة-أصيلة"
BENI_MAKADA = "الأمانة المحلية بمقاطعة بني مكادة"

# persona → (organ inside its territory, organ outside it)
INSIDE = {"admin": BENI_MAKADA, "najjari": TAOUNATE, "laaziri": BENI_MAKADA}
OUTSIDE = {"najjari": TANGER, "laaziri": TAOUNATE, "outsider": TAOUNATE, "anonymous": TAOUNATE}


def _communique(organ_name: str, status: str = CommuniqueStatus.DRAFT) -> Communique:
    organ = Organ.objects.get(name_ar=organ_name)
    communique, _ = Communique.objects.get_or_create(
        organ=organ,
        title_ar=f"بلاغ المصفوفة ({status})",
        defaults={
            "body_ar": "نص بلاغ لاختبار الصلاحيات.",
            "title_fr": "Communiqué de la matrice",
            "body_fr": "Texte de test des droits.",
            "status": status,
            "published_at": timezone.now() if status != CommuniqueStatus.DRAFT else None,
        },
    )
    return communique


def _meeting(organ_name: str) -> Meeting:
    organ = Organ.objects.get(name_ar=organ_name)
    meeting, _ = Meeting.objects.get_or_create(
        organ=organ,
        title_ar="اجتماع المصفوفة",
        defaults={
            "kind": MeetingKind.ORGANIZATIONAL,
            "day": datetime.date(2026, 1, 10),
            "place_mode": PlaceMode.ADDRESS,
            "address": "قاعة الاجتماعات",
            "status": MeetingStatus.HELD,
            "minutes_ar": "محضر اجتماع المصفوفة.",
        },
    )
    return meeting


def _comment(organ_name: str) -> Comment:
    communique = _communique(organ_name, CommuniqueStatus.PUBLISHED)
    comment, _ = Comment.objects.get_or_create(
        communique=communique, name="قارئ المصفوفة", defaults={"email": "m@example.ma", "body": "تعليق"}
    )
    return comment


def _scoped(make, key: str):
    def builder(rule, persona: str) -> list[tuple[dict, bool]]:
        cases = []
        if persona in INSIDE:
            cases.append(({**dict(rule.kwargs), key: make(INSIDE[persona]).pk}, True))
        if persona in OUTSIDE:
            cases.append(({**dict(rule.kwargs), key: make(OUTSIDE[persona]).pk}, False))
        return cases

    return builder


def _public_communique(rule, persona: str) -> list[tuple[dict, bool]]:
    """Anyone reads a published communiqué; a draft or a withdrawn one is 404 for everyone."""
    return [
        ({"communique_id": _communique(TAOUNATE, CommuniqueStatus.PUBLISHED).pk}, True),
        ({"communique_id": _communique(TANGER, CommuniqueStatus.DRAFT).pk}, False),
        ({"communique_id": _communique(BENI_MAKADA, CommuniqueStatus.WITHDRAWN).pk}, False),
    ]


def _public_territory(rule, persona: str) -> list[tuple[dict, bool]]:
    return [({"code": "03.531"}, True), ({"code": "99.999"}, False)]


def _public_organ(rule, persona: str) -> list[tuple[dict, bool]]:
    return [({"organ_id": Organ.objects.get(name_ar=TAOUNATE).pk}, True), ({"organ_id": 2**40}, False)]


CASES = {
    "communique": _scoped(_communique, "communique_id"),
    "press_meeting": _scoped(_meeting, "meeting_id"),
    "comment": _scoped(_comment, "comment_id"),
    "public_communique": _public_communique,
    "public_territory": _public_territory,
    "public_organ": _public_organ,
}
