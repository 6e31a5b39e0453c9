"""Reads for notices and memos: the organs below a sender, the received and sent boxes with read
receipts, and the personal inbox."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from tanzim.access.queries import _person_id, notices_received_visible, notices_sent_visible
from tanzim.access.scope import scope_for
from tanzim.organs.models import KIND_ORDER, Mandate, Organ, OrganKind, OrganStatus
from tanzim.press.models import InboxMessage, Notice, NoticeRecipient, NoticeReply

# A chain of organs is a few levels deep (national → region → province → local); the bound only
# guards against a cycle someone might write by hand in the admin.
MAX_DEPTH = 8
_UNREAD = Case(
    When(read_at__isnull=True, then=Value(True)), default=Value(False), output_field=BooleanField()
)


def organs_below(organ: Organ) -> list[Organ]:
    """The organs a notice from `organ` may go to: its children, their children and so on, not
    dissolved. A pole speaks for the secretariat it belongs to: a pole's notice also goes to the
    organs below that secretariat in territories under the pole's own (the organization pole writes
    to the regional, provincial and local secretariats)."""
    roots = [organ.pk]
    if organ.kind == OrganKind.POLE and organ.parent_id:
        roots.append(organ.parent_id)
    found: set[int] = set()
    frontier = roots
    for _depth in range(MAX_DEPTH):
        children = set(Organ.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        children -= found | {organ.pk}
        if not children:
            break
        found |= children
        frontier = list(children)
    below = (
        Organ.objects.filter(pk__in=found)
        .exclude(status=OrganStatus.DISSOLVED)
        .select_related("territory")
        .order_by("territory__path", "kind", "name_ar")
    )
    territory_path = organ.territory.path
    own = _descendants_of(organ, found)
    return [
        o
        for o in below
        if o.pk in own or (o.territory.path.startswith(territory_path) and o.territory.path != territory_path)
    ]


def _descendants_of(organ: Organ, among: set[int]) -> set[int]:
    """Which of `among` hang below `organ` itself (not only below its parent)."""
    parents = dict(Organ.objects.filter(pk__in=among).values_list("pk", "parent_id"))
    result: set[int] = set()
    for pk in among:
        cursor, steps = parents.get(pk), 0
        while cursor is not None and steps < MAX_DEPTH:
            if cursor == organ.pk:
                result.add(pk)
                break
            cursor, steps = parents.get(cursor), steps + 1
    return result


def sending_organs(user) -> list[Organ]:
    """The organs the user may send from: those where they hold a current mandate (inside their
    scope); national staff without a mandate may send from any organ that is not a local
    secretariat."""
    scope = scope_for(user)
    if scope.empty:
        return []
    person_id = _person_id(user)
    organs = Organ.objects.filter(scope.q("territory__path")).exclude(status=OrganStatus.DISSOLVED)
    mine = (
        organs.filter(pk__in=Mandate.objects.current().filter(person_id=person_id).values("organ_id"))
        if person_id
        else organs.none()
    )
    if not mine.exists() and scope.national:
        mine = organs.exclude(kind=OrganKind.LOCAL_SECRETARIAT)
    organs_list = list(mine.select_related("territory"))
    organs_list.sort(key=lambda o: (o.territory.path, KIND_ORDER.get(o.kind, 99), o.name_ar))
    return organs_list


def _mandate_organ_ids(user) -> list[int]:
    person_id = _person_id(user)
    if not person_id:
        return []
    return list(Mandate.objects.current().filter(person_id=person_id).values_list("organ_id", flat=True))


def notices_received(user) -> QuerySet[NoticeRecipient]:
    """What organs inside the user's scope received from outside it (from the organs above), and
    whatever the organs the user serves in received. Unread first, then the newest."""
    scope = scope_for(user)
    mine = Q(organ_id__in=_mandate_organ_ids(user))
    from_outside = Q(pk__in=[]) if scope.national else ~scope.q("notice__organ__territory__path")
    return (
        notices_received_visible(user)
        .filter(from_outside | mine)
        .select_related("notice", "notice__organ", "organ", "organ__territory")
        .annotate(unread=_UNREAD)
        .annotate(reply_count=Count("replies"))
        .order_by("-unread", "-notice__sent_at", "-pk")
    )


def notices_sent(user) -> QuerySet[Notice]:
    """Notices sent by organs inside the user's scope, each with `recipient_count` and `read_count`."""
    return (
        notices_sent_visible(user)
        .select_related("organ")
        .annotate(
            recipient_count=Count("recipients", distinct=True),
            read_count=Count("recipients", filter=Q(recipients__read_at__isnull=False), distinct=True),
            reply_count=Count("recipients__replies", distinct=True),
        )
        .order_by("-sent_at", "-pk")
    )


@dataclass
class Receipts:
    """Read receipts of a sent notice: one row per recipient organ, with its replies."""

    rows: list[NoticeRecipient]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def read(self) -> int:
        return sum(1 for row in self.rows if row.read_at)


def notice_receipts(notice: Notice) -> Receipts:
    rows = list(
        notice.recipients.select_related("organ", "organ__territory", "read_by__profile__person")
        .prefetch_related("replies__author__profile__person")
        .order_by("organ__territory__path", "organ__name_ar")
    )
    return Receipts(rows=rows)


def notice_recipient_for_user(user, recipient_id: int) -> NoticeRecipient:
    """A received notice as the recipient organ's side sees it (scoped: outside → 404)."""
    from django.http import Http404

    recipient = (
        notices_received_visible(user)
        .select_related("notice", "notice__organ", "notice__organ__territory", "organ", "organ__territory")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None:
        raise Http404
    return recipient


def notice_for_user(user, notice_id: int) -> Notice:
    """A sent notice as its sender's side sees it (scoped: outside → 404)."""
    from django.http import Http404

    notice = (
        notices_sent_visible(user).select_related("organ", "organ__territory").filter(pk=notice_id).first()
    )
    if notice is None:
        raise Http404
    return notice


def notice_reply_for_user(user, reply_id: int) -> NoticeReply:
    """A reply, for the sender's side or the replying organ's side (scoped: outside → 404)."""
    from django.http import Http404

    scope = scope_for(user)
    reply = (
        NoticeReply.objects.filter(
            scope.q("recipient__organ__territory__path")
            | scope.q("recipient__notice__organ__territory__path")
        )
        .filter(pk=reply_id)
        .first()
        if not scope.empty
        else None
    )
    if reply is None:
        raise Http404
    return reply


def on_sender_side(user, recipient: NoticeRecipient) -> bool:
    """True when the user reads a received notice as its sender would (the sending organ is inside
    their scope and they serve in no recipient organ): reading it then is no read receipt."""
    scope = scope_for(user)
    if not scope.contains(recipient.notice.organ.territory):
        return False
    return recipient.organ_id not in _mandate_organ_ids(user)


def inbox_of(user) -> QuerySet[InboxMessage]:
    """The signed-in user's own in-app notices, unread first, then the newest."""
    person_id = _person_id(user)
    if not person_id:
        return InboxMessage.objects.none()
    return (
        InboxMessage.objects.filter(person_id=person_id)
        .annotate(unread=_UNREAD)
        .order_by("-unread", "-created_at", "-pk")
    )


def inbox_unread_count(user) -> int:
    """Unread in-app notices of the user's person: one count (the person is known from the scope)."""
    person_id = _person_id(user)
    if not person_id:
        return 0
    return InboxMessage.objects.filter(person_id=person_id, read_at__isnull=True).count()


__all__ = [
    "Receipts",
    "inbox_of",
    "inbox_unread_count",
    "notice_for_user",
    "notice_receipts",
    "notice_recipient_for_user",
    "notice_reply_for_user",
    "notices_received",
    "notices_sent",
    "on_sender_side",
    "organs_below",
    "sending_organs",
]
