"""Communiqués (بلاغات صحفية) with their public page, views and moderated comments; notices and
memos (بلاغات ومذكرات) sent down the organs with read receipts and replies; the personal inbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanzim.meetings.models import Meeting
from tanzim.organs.models import Organ
from tanzim.people.models import Person


def _in_french() -> bool:
    return (get_language() or "ar").startswith("fr")


class CommuniqueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CommuniqueQuerySet(models.QuerySet["Communique"]):
    def published(self) -> CommuniqueQuerySet:
        return self.filter(status=CommuniqueStatus.PUBLISHED, published_at__isnull=False)


class Communique(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communiques",
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="communiques"
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    body_ar = models.TextField(_("text (Arabic)"))
    body_fr = models.TextField(_("text (French)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommuniqueStatus.choices,
        default=CommuniqueStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)
    views = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source = models.TextField(_("source"), blank=True)

    objects = CommuniqueQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("communiqué")
        verbose_name_plural = _("communiqués")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_fr if _in_french() and self.title_fr else self.title_ar

    @property
    def body(self) -> str:
        return self.body_fr if _in_french() and self.body_fr else self.body_ar

    @property
    def is_published(self) -> bool:
        return self.status == CommuniqueStatus.PUBLISHED and self.published_at is not None


class CommuniqueView(models.Model):
    """One reader's view on one day (a keyed hash of address and browser, never the address)."""

    communique = models.ForeignKey(Communique, on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["communique", "visitor", "day"], name="communique_view_once")
        ]

    def __str__(self) -> str:
        return f"{self.communique_id} {self.day}"


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class Comment(models.Model):
    communique = models.ForeignKey(Communique, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), help_text=_("Your e-mail address will not be published."))
    body = models.TextField(_("comment"), max_length=3000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    visitor = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} — {self.get_status_display()}"


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("Notice")
    MEMO = "memo", _("Memo")


class Notice(models.Model):
    """A notice or memo an organ sends to organs below it (all, or chosen ones)."""

    organ = models.ForeignKey(
        Organ, verbose_name=_("sending organ"), on_delete=models.PROTECT, related_name="notices_sent"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    attachment = models.FileField(_("attachment"), upload_to="notices/", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.subject


class NoticeRecipient(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    organ = models.ForeignKey(
        Organ, verbose_name=_("recipient organ"), on_delete=models.PROTECT, related_name="notices_received"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organ__territory__path"]
        constraints = [models.UniqueConstraint(fields=["notice", "organ"], name="notice_recipient_once")]

    def __str__(self) -> str:
        return f"{self.notice} → {self.organ}"


class NoticeReply(models.Model):
    """A reply or report going up from a recipient organ."""

    recipient = models.ForeignKey(NoticeRecipient, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("reply"))
    attachment = models.FileField(_("attachment"), upload_to="notices/replies/", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.sent_at:%Y-%m-%d}"


class InboxKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")
    DIRECTIVE = "directive", _("Directive")
    NOTICE = "notice", _("Notice")
    OVERDUE = "overdue", _("Overdue")


class InboxMessage(models.Model):
    """An in-app notice to one person (an invitation, a reminder, a directive for their organ)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="inbox")
    kind = models.CharField(max_length=12, choices=InboxKind.choices)
    subject_ar = models.CharField(max_length=300)
    subject_fr = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "read_at"])]

    def __str__(self) -> str:
        return self.subject_fr if _in_french() and self.subject_fr else self.subject_ar
