"""Pages of notices and memos (received, sent with read receipts, write, read and reply) and of the
personal inbox. Every read goes through a scoped helper: outside the user's territory is a 404."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tanzim.access.queries import _person_id
from tanzim.organs.models import Organ
from tanzim.press.models import NoticeKind
from tanzim.press.notice_queries import (
    inbox_of,
    notice_for_user,
    notice_receipts,
    notice_recipient_for_user,
    notice_reply_for_user,
    notices_received,
    notices_sent,
    on_sender_side,
    organs_below,
    sending_organs,
)
from tanzim.press.notice_services import (
    ALL_BELOW,
    inbox_message_open,
    inbox_read_all,
    notice_open,
    notice_reply,
    notice_send,
)

CHOSEN = "chosen"


class NoticeForm(forms.Form):
    organ = forms.TypedChoiceField(label=gettext_lazy("Sending organ"), coerce=int)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=NoticeKind.choices, initial=NoticeKind.NOTICE
    )
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=60, required=False)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=300)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    attachment = forms.FileField(
        label=gettext_lazy("Attachment"),
        required=False,
        help_text=gettext_lazy("PDF, image or office document, at most 10 MB."),
    )
    recipients = forms.ChoiceField(
        label=gettext_lazy("Send to"),
        widget=forms.RadioSelect,
        choices=[
            (ALL_BELOW, gettext_lazy("All organs below")),
            (CHOSEN, gettext_lazy("Only the organs chosen below")),
        ],
        initial=ALL_BELOW,
    )
    chosen = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Organs"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, senders: list[Organ], below: list[Organ], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].choices = [(o.pk, o.name) for o in senders]
        self.fields["chosen"].choices = [(o.pk, f"{o.name} — {o.territory.name}") for o in below]

    def clean(self):
        data = super().clean()
        if data.get("recipients") == CHOSEN and not data.get("chosen"):
            self.add_error("chosen", _("Choose at least one organ, or send to all organs below."))
        if data.get("recipients") == ALL_BELOW and data.get("chosen"):
            self.add_error(
                "chosen", _("You ticked some organs: send “only to the organs chosen”, or untick them.")
            )
        return data


class ReplyForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Reply or report"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(
        label=gettext_lazy("Attachment"),
        required=False,
        help_text=gettext_lazy("PDF, image or office document, at most 10 MB."),
    )


def _page(request: HttpRequest, queryset, param: str = "page"):
    return Paginator(queryset, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get(param))


def _download(file: FieldFile) -> FileResponse:
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(file.name))


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """Two boxes: received (unread first) and sent (with read receipts)."""
    box = "sent" if request.GET.get("box") == "sent" else "received"
    received = notices_received(request.user)
    sent = notices_sent(request.user)
    return render(
        request,
        "press/notices/list.html",
        {
            "box": box,
            "page": _page(request, sent if box == "sent" else received),
            "unread": received.filter(read_at__isnull=True).count(),
            "can_send": bool(sending_organs(request.user)),
        },
    )


@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    senders = sending_organs(request.user)
    if not senders:
        raise Http404
    by_pk = {o.pk: o for o in senders}
    raw = request.POST.get("organ") or request.GET.get("organ") or ""
    sender = by_pk.get(int(raw)) if raw.isdigit() and int(raw) in by_pk else senders[0]
    below = organs_below(sender)
    if request.method == "POST":
        form = NoticeForm(request.POST, request.FILES, senders=senders, below=below)
        if form.is_valid():
            data = form.cleaned_data
            chosen = [o for o in below if o.pk in set(data["chosen"])]
            try:
                notice = notice_send(
                    organ=sender,
                    kind=data["kind"],
                    reference=data["reference"],
                    subject=data["subject"],
                    body=data["body"],
                    attachment=data["attachment"],
                    recipients=ALL_BELOW if data["recipients"] == ALL_BELOW else chosen,
                    by=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                count = notice.recipients.count()
                messages.success(
                    request,
                    ngettext("Sent to %(count)s organ.", "Sent to %(count)s organs.", count)
                    % {"count": count},
                )
                return redirect("notices:detail", notice.pk)
    else:
        form = NoticeForm(senders=senders, below=below, initial={"organ": sender.pk})
    return render(
        request,
        "press/notices/new.html",
        {"form": form, "sender": sender, "below": below, "single_sender": len(senders) == 1},
    )


@login_required
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    """A sent notice as the sender sees it: who read it and when, and the replies."""
    notice = notice_for_user(request.user, notice_id)
    return render(
        request, "press/notices/detail.html", {"notice": notice, "receipts": notice_receipts(notice)}
    )


@login_required
def notice_attachment(request: HttpRequest, notice_id: int) -> FileResponse:
    return _download(notice_for_user(request.user, notice_id).attachment)


@login_required
def notice_received(request: HttpRequest, recipient_id: int) -> HttpResponse:
    """A received notice as the recipient organ reads it: opening it is the read receipt."""
    recipient = notice_recipient_for_user(request.user, recipient_id)
    sender_side = on_sender_side(request.user, recipient)
    if not sender_side:
        notice_open(recipient=recipient, user=request.user)
    return render(
        request,
        "press/notices/received.html",
        {
            "recipient": recipient,
            "notice": recipient.notice,
            "replies": list(recipient.replies.select_related("author__profile__person")),
            "sender_side": sender_side,
            "form": None if sender_side else ReplyForm(),
        },
    )


@login_required
def notice_received_attachment(request: HttpRequest, recipient_id: int) -> FileResponse:
    return _download(notice_recipient_for_user(request.user, recipient_id).notice.attachment)


@login_required
@require_POST
def notice_reply_send(request: HttpRequest, recipient_id: int) -> HttpResponse:
    recipient = notice_recipient_for_user(request.user, recipient_id)
    if on_sender_side(request.user, recipient):
        messages.error(request, _("Replies come from the organ that received the notice."))
        return redirect("notices:received", recipient.pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            notice_reply(
                recipient=recipient,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
                by=request.user,
            )
            messages.success(request, _("Your reply was sent."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Write the reply."))
    return redirect("notices:received", recipient.pk)


@login_required
def notice_reply_attachment(request: HttpRequest, reply_id: int) -> FileResponse:
    return _download(notice_reply_for_user(request.user, reply_id).attachment)


@login_required
def inbox_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "press/inbox/list.html",
        {"page": _page(request, inbox_of(request.user)), "has_person": bool(_person_id(request.user))},
    )


@login_required
@require_POST
def inbox_open(request: HttpRequest, message_id: int) -> HttpResponse:
    """Mark the message read and go where it points."""
    message = inbox_of(request.user).filter(pk=message_id).first()
    if message is None:
        raise Http404
    inbox_message_open(message=message)
    if message.url and url_has_allowed_host_and_scheme(
        message.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(message.url)
    return redirect("inbox:list")


@login_required
@require_POST
def inbox_read_all_view(request: HttpRequest) -> HttpResponse:
    person_id = _person_id(request.user)
    count = inbox_read_all(person=person_id) if person_id else 0
    messages.success(
        request,
        ngettext("%(count)s message marked read.", "%(count)s messages marked read.", count)
        % {"count": count},
    )
    return redirect("inbox:list")
