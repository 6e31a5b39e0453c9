"""Matrix cases for notices and memos and the personal inbox (picked up by tests/access/test_matrix.py).

Three notices, created on demand: the Taounate provincial secretariat to its pole (sent inside
Taounate), the Tanger-Assilah provincial secretariat to two local secretariats of Tanger, and the
Fès-Meknès regional secretariat to the Taounate provincial secretariat (received in Taounate). No
attachment is stored, so attachment routes answer 404 inside the scope too (`missing_ok`).
"""

from __future__ import annotations

from tanzim.access.matrix import Rule
from tanzim.access.models import Profile
from tanzim.organs.models import Organ
from tanzim.press.models import InboxKind, InboxMessage, Notice, NoticeRecipient, NoticeReply

TAOUNATE = "الأمانة الإقليمية بتاونات"
TAOUNATE_POLE = "قطب التواصل والإعلام بالأمانة الإقليمية بتاونات"
TANGER = "الأمانة الإقليمية بعمالة طنجة-أصيلة"
BENI_MAKADA = "الأمانة المحلية بمقاطعة بني مكادة"
CHARF_SOUANI = "الأمانة المحلية بمقاطعة الشرف السواني"
FES_MEKNES = "الأمانة الجهوية لجهة فاس-مكناس"


def _notice(sender: str, to: list[str]) -> Notice:
    organ = Organ.objects.get(name_ar=sender)
    notice, _ = Notice.objects.get_or_create(
        organ=organ, subject=f"مذكرة المصفوفة من {sender}", defaults={"body": "نص المذكرة", "kind": "memo"}
    )
    for name in to:
        recipient, _ = NoticeRecipient.objects.get_or_create(
            notice=notice, organ=Organ.objects.get(name_ar=name)
        )
        NoticeReply.objects.get_or_create(recipient=recipient, defaults={"body": "تقرير الهيئة"})
    return notice


def _taounate_to_pole() -> Notice:
    return _notice(TAOUNATE, [TAOUNATE_POLE])


def _tanger_to_locals() -> Notice:
    return _notice(TANGER, [BENI_MAKADA, CHARF_SOUANI])


def _region_to_taounate() -> Notice:
    return _notice(FES_MEKNES, [TAOUNATE])


def _recipient(notice: Notice, organ: str) -> NoticeRecipient:
    return notice.recipients.get(organ__name_ar=organ)


def notice_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    """Sent notices: scoped by the sending organ."""
    inside = {"admin": _taounate_to_pole, "najjari": _taounate_to_pole}
    outside = {"najjari": _tanger_to_locals, "laaziri": _taounate_to_pole, "outsider": _taounate_to_pole}
    cases = []
    if persona in inside:
        cases.append(({"notice_id": inside[persona]().pk}, True))
    if persona in outside:
        cases.append(({"notice_id": outside[persona]().pk}, False))
    if persona == "anonymous":
        cases.append(({"notice_id": _taounate_to_pole().pk}, False))
    return cases


def _recipient_for(key: str) -> NoticeRecipient:
    return {
        "region→taounate": lambda: _recipient(_region_to_taounate(), TAOUNATE),
        "tanger→beni makada": lambda: _recipient(_tanger_to_locals(), BENI_MAKADA),
        "tanger→charf souani": lambda: _recipient(_tanger_to_locals(), CHARF_SOUANI),
    }[key]()


RECEIVED_INSIDE = {
    "admin": "tanger→beni makada",
    "najjari": "region→taounate",
    "laaziri": "tanger→beni makada",
}
RECEIVED_OUTSIDE = {
    "najjari": "tanger→beni makada",
    "laaziri": "tanger→charf souani",
    "outsider": "region→taounate",
    "anonymous": "region→taounate",
}


def recipient_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    """Received notices: scoped by the recipient organ."""
    cases = []
    if persona in RECEIVED_INSIDE:
        cases.append(({"recipient_id": _recipient_for(RECEIVED_INSIDE[persona]).pk}, True))
    if persona in RECEIVED_OUTSIDE:
        cases.append(({"recipient_id": _recipient_for(RECEIVED_OUTSIDE[persona]).pk}, False))
    return cases


def reply_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    """Replies: seen by the replying organ's side and by the sender's side."""
    cases = []
    if persona in RECEIVED_INSIDE:
        cases.append(({"reply_id": _recipient_for(RECEIVED_INSIDE[persona]).replies.get().pk}, True))
    if persona in RECEIVED_OUTSIDE:
        cases.append(({"reply_id": _recipient_for(RECEIVED_OUTSIDE[persona]).replies.get().pk}, False))
    return cases


def _message_of(username: str) -> InboxMessage:
    person = Profile.objects.get(user__username=username).person
    message, _ = InboxMessage.objects.get_or_create(
        person=person, kind=InboxKind.NOTICE, subject_ar="رسالة المصفوفة", defaults={"url": "/notices/"}
    )
    return message


# The login of each persona whose person may receive messages (the matrix test makes the logins of
# the pole head and of the plain member).
LOGINS = {
    "najjari": "najjari",
    "laaziri": "laaziri",
    "hjira": "hjira",
    "ghazouani": "matrix-ghazouani",
    "member": "matrix-member",
}


def inbox_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    """Inbox messages: one's own only; a national admin has no person, so no message is his."""
    cases = []
    if persona in LOGINS:
        cases.append(({"message_id": _message_of(LOGINS[persona]).pk}, True))
    other = "laaziri" if persona == "najjari" else "najjari"
    if persona != "anonymous":
        cases.append(({"message_id": _message_of(other).pk}, False))
    else:
        cases.append(({"message_id": _message_of("najjari").pk}, False))
    return cases


CASES = {
    "notice": notice_cases,
    "notice_recipient": recipient_cases,
    "notice_reply": reply_cases,
    "inbox_message": inbox_cases,
}
