"""Writes for communiqués (بلاغات صحفية): the draft from a held meeting, edits, publication,
withdrawal, the daily view counter and moderated comments.

Notices, memos and the inbox have their writes in `notice_services.py`.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access.scope import scope_for
from tanzim.meetings.models import Meeting, MeetingStatus
from tanzim.press.drafting import communique_draft
from tanzim.press.models import (
    Comment,
    CommentStatus,
    Communique,
    CommuniqueStatus,
    CommuniqueView,
)

# Comments: what a person writing by hand never trips, what a script usually does.
COMMENT_MIN_SECONDS = 4  # between the page being shown and the comment being sent
COMMENT_FORM_MAX_AGE = 2 * 24 * 3600  # a form older than this is stale: reload the page
COMMENTS_PER_HOUR = 5  # per visitor (keyed hash of address and browser)
COMMENT_MAX_LINKS = 2
COMMENT_MAX_LENGTH = 3000
COMMENT_NAME_MAX_LENGTH = 100
TITLE_MAX_LENGTH = 300

# Crawlers, link previews and empty user agents are not readers.
BOT_MARKERS = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|facebookcatalog|whatsapp|telegram|twitterbot|"
    r"linkedinbot|embedly|preview|curl|wget|python-requests|httpclient|headless|lighthouse|"
    r"pingdom|monitor|feedfetcher|mediapartners|bingpreview|yandex|baidu|duckduck|archive\.org",
    re.IGNORECASE,
)
LINK = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(com|net|org|ma|info|biz|ru|xyz|top|io)\b", re.IGNORECASE)
_COMMENT_SALT = "tanzim.press.comment"
_VISITOR_SALT = b"tanzim.press.visitor"


# --- Communiqués --------------------------------------------------------------------------------


@transaction.atomic
def communique_from_meeting(*, meeting: Meeting, by: User | None, refresh: bool = False) -> Communique:
    """The draft communiqué of a held meeting, written from its records (see `drafting`).

    One communiqué per meeting: a second call returns the existing one untouched (whatever its
    status), so edits are never lost; with `refresh=True` a communiqué still in draft gets the text
    written again from the meeting's current records.
    """
    if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED):
        raise ValidationError(
            {
                "meeting": _(
                    "A communiqué is written after the meeting: this meeting is “%(status)s”. "
                    "Mark it held first."
                )
                % {"status": meeting.get_status_display()}
            }
        )
    existing = Communique.objects.select_for_update().filter(meeting=meeting).order_by("pk").first()
    if existing is not None and not (refresh and existing.status == CommuniqueStatus.DRAFT):
        return existing
    draft = communique_draft(meeting)
    fields = {
        "title_ar": draft.title_ar[:TITLE_MAX_LENGTH],
        "body_ar": draft.body_ar,
        "title_fr": draft.title_fr[:TITLE_MAX_LENGTH],
        "body_fr": draft.body_fr,
        "signed_by": draft.signed_by[:200],
    }
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*fields, "updated_at"])
        return existing
    return Communique.objects.create(
        meeting=meeting,
        organ=meeting.organ,
        author=by,
        source=_("Drafted from the records of the meeting of %(day)s.") % {"day": meeting.day.isoformat()},
        **fields,
    )


def _text(value: str) -> str:
    """Line ends as "\n" (browsers send "\r\n"), so paragraphs stay separated by one empty line."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def communique_update(
    *,
    communique: Communique,
    by: User | None,
    title_ar: str,
    body_ar: str,
    title_fr: str = "",
    body_fr: str = "",
) -> Communique:
    """Change the titles and texts. A published communiqué can be corrected too (its page shows the
    date of the last change); it cannot lose its Arabic title or text."""
    title_ar, body_ar = (title_ar or "").strip(), _text(body_ar)
    title_fr, body_fr = (title_fr or "").strip(), _text(body_fr)
    errors: dict[str, str] = {}
    for name, value in (("title_ar", title_ar), ("title_fr", title_fr)):
        if len(value) > TITLE_MAX_LENGTH:
            errors[name] = _("A title has at most %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
    if communique.status == CommuniqueStatus.PUBLISHED:
        if not title_ar:
            errors["title_ar"] = _("A published communiqué needs its Arabic title.")
        if not body_ar:
            errors["body_ar"] = _("A published communiqué needs its Arabic text.")
    if errors:
        raise ValidationError(errors)
    communique.title_ar, communique.body_ar = title_ar, body_ar
    communique.title_fr, communique.body_fr = title_fr, body_fr
    if communique.author_id is None and by is not None:
        communique.author = by
    communique.save(update_fields=["title_ar", "body_ar", "title_fr", "body_fr", "author", "updated_at"])
    return communique


def communique_publish(*, communique: Communique, by: User | None) -> Communique:
    """Put the communiqué on the public site. A communiqué published before and withdrawn keeps its
    first publication date."""
    errors = {}
    if not communique.title_ar.strip():
        errors["title_ar"] = _("Give the communiqué an Arabic title before publishing it.")
    if not communique.body_ar.strip():
        errors["body_ar"] = _("Write the Arabic text before publishing the communiqué.")
    if errors:
        raise ValidationError(errors)
    if communique.status == CommuniqueStatus.PUBLISHED:
        raise ValidationError(_("This communiqué is already published."))
    communique.status = CommuniqueStatus.PUBLISHED
    communique.published_at = communique.published_at or timezone.now()
    communique.save(update_fields=["status", "published_at", "updated_at"])
    return communique


def communique_withdraw(*, communique: Communique, by: User | None) -> Communique:
    """Take a published communiqué off the public site (its page, feeds and API answer 404)."""
    if communique.status != CommuniqueStatus.PUBLISHED:
        raise ValidationError(
            _("Only a published communiqué can be withdrawn; this one is “%(status)s”.")
            % {"status": communique.get_status_display()}
        )
    communique.status = CommuniqueStatus.WITHDRAWN
    communique.save(update_fields=["status", "updated_at"])
    return communique


# --- Readers ------------------------------------------------------------------------------------


def is_bot(user_agent: str) -> bool:
    """Crawlers, link previews (Facebook, WhatsApp…), scripts, and requests without a user agent."""
    user_agent = (user_agent or "").strip()
    return not user_agent or bool(BOT_MARKERS.search(user_agent))


def visitor_hash(visitor_key: str, user_agent: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) of the visitor's address and browser: counts one
    reader per day without ever storing the address."""
    key = hashlib.sha256(_VISITOR_SALT + settings.SECRET_KEY.encode()).digest()
    message = f"{visitor_key}\n{user_agent}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def communique_view_record(
    *, communique: Communique, visitor_key: str, user_agent: str, day: datetime.date | None = None
) -> bool:
    """Count one view per visitor per day on a published communiqué; bots are not counted.
    `visitor_key` is the visitor's address: only its keyed hash with the user agent is stored.
    True when the view was counted."""
    if not communique.is_published or is_bot(user_agent):
        return False
    day = day or timezone.localdate()
    try:
        with transaction.atomic():
            _, created = CommuniqueView.objects.get_or_create(
                communique=communique, visitor=visitor_hash(visitor_key, user_agent), day=day
            )
    except IntegrityError:  # the same reader twice at the same instant
        return False
    if created:
        Communique.objects.filter(pk=communique.pk).update(views=F("views") + 1)
        communique.views += 1
    return created


# --- Comments -----------------------------------------------------------------------------------


def comment_form_token(communique: Communique, *, now: datetime.datetime | None = None) -> str:
    """A signed timestamp for the comment form of this communiqué, checked when it comes back."""
    moment = (now or timezone.now()).timestamp()
    return signing.dumps({"c": communique.pk, "t": round(moment, 3)}, salt=_COMMENT_SALT, compress=True)


def _form_age(communique: Communique, token: str, now: datetime.datetime) -> float:
    """Seconds since the form was shown; ValidationError for a forged, stale or foreign token."""
    try:
        data = signing.loads(token or "", salt=_COMMENT_SALT, max_age=COMMENT_FORM_MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise ValidationError(
            {"form_token": _("This form has expired; reload the page and write your comment again.")}
        ) from error
    if not isinstance(data, dict) or data.get("c") != communique.pk:
        raise ValidationError({"form_token": _("This form belongs to another communiqué; reload the page.")})
    return now.timestamp() - float(data.get("t", 0))


def comment_form_is_fresh(communique: Communique, token: str) -> bool:
    """Whether the token is a valid, unexpired form token of this communiqué (a real form)."""
    try:
        _form_age(communique, token, timezone.now())
    except ValidationError:
        return False
    return True


def comment_submit(
    *,
    communique: Communique,
    name: str,
    email: str,
    body: str,
    form_token: str,
    honeypot: str = "",
    visitor_key: str = "",
    user_agent: str = "",
    now: datetime.datetime | None = None,
) -> Comment:
    """A reader's comment, held for moderation ("pending"). Refused, with the reason: a filled
    honeypot field, a form sent back too fast or too late, more than two links, a text too long,
    too many comments from the same visitor within the hour."""
    if not communique.is_published:
        raise ValidationError(_("Comments are open on published communiqués only."))
    if (honeypot or "").strip():
        raise ValidationError(_("Your comment was refused as automated. Leave the hidden field empty."))
    now = now or timezone.now()
    age = _form_age(communique, form_token, now)
    if age < COMMENT_MIN_SECONDS:
        raise ValidationError(
            {"form_token": _("That was too fast for a person: take a moment to read, then send again.")}
        )
    name, email, body = (name or "").strip(), (email or "").strip(), _text(body)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give your name.")
    elif len(name) > COMMENT_NAME_MAX_LENGTH:
        errors["name"] = _("A name has at most %(max)s characters.") % {"max": COMMENT_NAME_MAX_LENGTH}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Give a valid e-mail address (it will not be published).")
    if not body:
        errors["body"] = _("Write your comment.")
    elif len(body) > COMMENT_MAX_LENGTH:
        errors["body"] = _("A comment has at most %(max)s characters; yours has %(length)s.") % {
            "max": COMMENT_MAX_LENGTH,
            "length": len(body),
        }
    elif len(LINK.findall(body)) > COMMENT_MAX_LINKS:
        errors["body"] = _("A comment may contain at most %(max)s links.") % {"max": COMMENT_MAX_LINKS}
    if errors:
        raise ValidationError(errors)
    visitor = visitor_hash(visitor_key, user_agent)
    recent = Comment.objects.filter(visitor=visitor, created_at__gte=now - datetime.timedelta(hours=1))
    if recent.count() >= COMMENTS_PER_HOUR:
        raise ValidationError(
            _("You have sent %(count)s comments within the hour; wait a little before sending another.")
            % {"count": COMMENTS_PER_HOUR}
        )
    return Comment.objects.create(
        communique=communique,
        name=name,
        email=email,
        body=body,
        status=CommentStatus.PENDING,
        visitor=visitor,
        created_at=now,
    )


MODERATION = {
    "approve": CommentStatus.APPROVED,
    "reject": CommentStatus.REJECTED,
    "spam": CommentStatus.SPAM,
}


def comment_moderate(*, comment: Comment, by: User, decision: str) -> Comment:
    """Approve (it appears on the public page), reject, or mark as spam — by a user whose territory
    contains the communiqué's organ."""
    if decision not in MODERATION:
        raise ValidationError({"decision": _("Choose approve, reject or spam.")})
    if not scope_for(by).contains(comment.communique.organ.territory):
        raise ValidationError(_("This comment is on a communiqué outside your territory."))
    comment.status = MODERATION[decision]
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment
