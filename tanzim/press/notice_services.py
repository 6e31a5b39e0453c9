"""Writes for notices and memos (بلاغات ومذكرات) sent down the organs, their read receipts and the
replies going up; and the personal inbox (mark read).

Every function validates what it is given and raises ValidationError with a message naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access.queries import _person_id, organs_visible
from tanzim.meetings.queries import organ_secretaries
from tanzim.organs.models import Organ
from tanzim.people.models import Person
from tanzim.press.models import InboxKind, InboxMessage, Notice, NoticeKind, NoticeRecipient, NoticeReply
from tanzim.press.notice_queries import organs_below

ALL_BELOW = "all"

# What a secretariat attaches to a notice: a PDF, a scan or photo, an office document; at most 10 MB.
# The first bytes must match the extension, so a renamed executable is refused.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
_PDF = (b"%PDF",)
_IMAGE = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",)}
_ZIP = (b"PK\x03\x04",)  # docx, xlsx, pptx, odt, ods, odp
_OLE = (b"\xd0\xcf\x11\xe0",)  # doc, xls, ppt
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": _PDF,
    **_IMAGE,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
}


def attachment_check(attachment: UploadedFile | None, *, field: str = "attachment") -> None:
    """Refuse a file that is not a PDF, an image or an office document, or is larger than 10 MB."""
    if attachment is None:
        return
    name = (attachment.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    signatures = ATTACHMENT_SIGNATURES.get(extension)
    if signatures is None:
        raise ValidationError(
            {
                field: _("Attach a PDF, an image or an office document (%(exts)s).")
                % {"exts": ", ".join(sorted(ATTACHMENT_SIGNATURES))}
            }
        )
    if attachment.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB.")})
    attachment.seek(0)
    head = attachment.read(8)
    attachment.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {field: _("The file “%(name)s” is not what its name says.") % {"name": attachment.name}}
        )


def _recipients_resolve(organ: Organ, recipients: str | Iterable[Organ]) -> list[Organ]:
    below = organs_below(organ)
    if isinstance(recipients, str):
        if recipients != ALL_BELOW:
            raise ValidationError({"recipients": _("Choose “all organs below” or the organs to send to.")})
        chosen = below
    else:
        allowed = {o.pk for o in below}
        chosen = []
        for candidate in recipients:
            if candidate.pk not in allowed:
                raise ValidationError(
                    {
                        "recipients": _("%(organ)s is not below %(sender)s.")
                        % {"organ": candidate.name, "sender": organ.name}
                    }
                )
            if candidate not in chosen:
                chosen.append(candidate)
    if not chosen:
        raise ValidationError(
            {"recipients": _("There is no organ below %(sender)s.") % {"sender": organ.name}}
        )
    return chosen


def _inbox_notify(people: Iterable[Person], *, subject_ar: str, subject_fr: str, url: str) -> int:
    unique = {person.pk: person for person in people}
    InboxMessage.objects.bulk_create(
        [
            InboxMessage(
                person_id=pk,
                kind=InboxKind.NOTICE,
                subject_ar=subject_ar[:300],
                subject_fr=subject_fr[:300],
                url=url,
            )
            for pk in unique
        ]
    )
    return len(unique)


@transaction.atomic
def notice_send(
    *,
    organ: Organ,
    kind: str,
    subject: str,
    body: str,
    recipients: str | Iterable[Organ] = ALL_BELOW,
    by: User,
    reference: str = "",
    attachment: UploadedFile | None = None,
) -> Notice:
    """Send a notice or memo from `organ` to every organ below it (`recipients="all"`) or to chosen
    organs among them. The leaders of each recipient organ get an in-app notice."""
    if not organs_visible(by).filter(pk=organ.pk).exists():
        raise ValidationError({"organ": _("You cannot send on behalf of %(organ)s.") % {"organ": organ.name}})
    if kind not in NoticeKind.values:
        raise ValidationError({"kind": _("Choose a notice or a memo.")})
    if not subject.strip():
        raise ValidationError({"subject": _("Give the subject.")})
    if not body.strip():
        raise ValidationError({"body": _("Write the text.")})
    attachment_check(attachment)
    organs = _recipients_resolve(organ, recipients)
    notice = Notice(
        organ=organ,
        kind=kind,
        reference=reference.strip(),
        subject=subject.strip(),
        body=body.strip(),
        author=by,
    )
    if attachment is not None:
        notice.attachment = attachment
    notice.full_clean(exclude=["author", "attachment"])
    notice.save()
    NoticeRecipient.objects.bulk_create([NoticeRecipient(notice=notice, organ=o) for o in organs])
    rows = {row.organ_id: row for row in notice.recipients.all()}
    leaders = organ_secretaries(organs)
    prefix_ar = "مذكرة من" if kind == NoticeKind.MEMO else "بلاغ من"
    prefix_fr = "Note" if kind == NoticeKind.MEMO else "Communication"
    subject_ar = f"{prefix_ar} {organ.name_ar}: {notice.subject}"
    subject_fr = f"{prefix_fr} ({organ.name_fr or organ.name_ar}) : {notice.subject}"
    messages = []
    for organ_id, people in leaders.items():
        for person in {p.pk: p for p in people}.values():
            messages.append(
                InboxMessage(
                    person=person,
                    kind=InboxKind.NOTICE,
                    subject_ar=subject_ar[:300],
                    subject_fr=subject_fr[:300],
                    url=f"/notices/received/{rows[organ_id].pk}/",
                )
            )
    InboxMessage.objects.bulk_create(messages)
    return notice


@transaction.atomic
def notice_open(*, recipient: NoticeRecipient, user: User) -> NoticeRecipient:
    """Record that the recipient organ read the notice: the first reading only (who, when). The
    user's in-app notice pointing to it is marked read as well."""
    now = timezone.now()
    if recipient.read_at is None:
        updated = NoticeRecipient.objects.filter(pk=recipient.pk, read_at__isnull=True).update(
            read_at=now, read_by=user
        )
        if updated:
            recipient.read_at, recipient.read_by = now, user
        else:  # someone else of the same organ read it at the same moment
            recipient.refresh_from_db(fields=["read_at", "read_by"])
    person_id = _person_id(user)
    if person_id:
        InboxMessage.objects.filter(
            person_id=person_id, url=f"/notices/received/{recipient.pk}/", read_at__isnull=True
        ).update(read_at=now)
    return recipient


@transaction.atomic
def notice_reply(
    *, recipient: NoticeRecipient, body: str, by: User, attachment: UploadedFile | None = None
) -> NoticeReply:
    """A reply or report going up from the recipient organ to the sender. Replying counts as reading;
    the sending organ's leaders and the notice's author get an in-app notice."""
    if not body.strip():
        raise ValidationError({"body": _("Write the reply.")})
    attachment_check(attachment)
    reply = NoticeReply(recipient=recipient, body=body.strip(), author=by)
    if attachment is not None:
        reply.attachment = attachment
    reply.save()
    notice_open(recipient=recipient, user=by)
    notice = recipient.notice
    people = list(organ_secretaries([notice.organ])[notice.organ_id])
    author_person = (
        Person.objects.filter(profile__user_id=notice.author_id).first() if notice.author_id else None
    )
    if author_person is not None:
        people.append(author_person)
    replier = _person_id(by)
    organ = recipient.organ
    _inbox_notify(
        [p for p in people if p.pk != replier],
        subject_ar=f"رد {organ.name_ar} على: {notice.subject}",
        subject_fr=f"Réponse ({organ.name_fr or organ.name_ar}) : {notice.subject}",
        url=f"/notices/{notice.pk}/",
    )
    return reply


def inbox_message_open(*, message: InboxMessage) -> InboxMessage:
    """Mark one in-app notice read (the first time only)."""
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def inbox_read_all(*, person: Person | int) -> int:
    """Mark every unread in-app notice of a person read; returns how many."""
    person_id = person if isinstance(person, int) else person.pk
    return InboxMessage.objects.filter(person_id=person_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


__all__ = [
    "ALL_BELOW",
    "attachment_check",
    "inbox_message_open",
    "inbox_read_all",
    "notice_open",
    "notice_reply",
    "notice_send",
]
