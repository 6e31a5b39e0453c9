"""Internal pages of communiqués: the list in the user's territory, the draft from a meeting, the
editing page (with publish and withdraw), comment moderation and the PDFs (communiqué, minutes)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.queries import (
    communique_for_user,
    communiques_visible,
    meeting_for_user,
    meetings_managed,
)
from tanzim.access.services import audit_record
from tanzim.press import pdf
from tanzim.press.models import Comment, CommuniqueStatus
from tanzim.press.queries import (
    comments_pending,
    communiques_search,
    communiques_with_counts,
    meetings_without_communique,
)
from tanzim.press.services import (
    MODERATION,
    comment_moderate,
    communique_from_meeting,
    communique_publish,
    communique_update,
    communique_withdraw,
)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def communique_list(request: HttpRequest) -> HttpResponse:
    communiques = communiques_visible(request.user)
    status = request.GET.get("status", "")
    if status in CommuniqueStatus.values:
        communiques = communiques.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        communiques = communiques_search(communiques, query)
    communiques = communiques_with_counts(communiques).order_by("-updated_at", "-pk")
    page = Paginator(communiques, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "press/communique_list.html",
        {
            "page": page,
            "status": status,
            "statuses": CommuniqueStatus.choices,
            "q": query,
            "pending_total": comments_pending(communiques_visible(request.user)).count(),
            "meetings_ready": meetings_without_communique(meetings_managed(request.user)),
        },
    )


@login_required
@require_POST
def communique_from_meeting_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Draft (or reopen) the communiqué of a held meeting the user manages; then its editing page."""
    meeting = meeting_for_user(request.user, meeting_id)
    if not meeting.managed:
        raise Http404
    try:
        communique = communique_from_meeting(
            meeting=meeting, by=request.user, refresh=request.POST.get("refresh") == "1"
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_meeting_url(meeting.pk))
    messages.success(request, _("The draft communiqué is ready: read it, edit it, then publish it."))
    return redirect("press:edit", communique.pk)


def _meeting_url(meeting_id: int) -> str:
    """The meeting's page when the meetings app has one, else the communiqués."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("meetings:detail", args=[meeting_id])
    except NoReverseMatch:
        return reverse("press:list")


@login_required
def communique_edit(request: HttpRequest, communique_id: int) -> HttpResponse:
    """Titles and texts in Arabic and French, a preview, and the publish/withdraw buttons."""
    communique = communique_for_user(request.user, communique_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            communique_update(
                communique=communique,
                by=request.user,
                title_ar=request.POST.get("title_ar", ""),
                body_ar=request.POST.get("body_ar", ""),
                title_fr=request.POST.get("title_fr", ""),
                body_fr=request.POST.get("body_fr", ""),
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            communique.title_ar = request.POST.get("title_ar", "")
            communique.body_ar = request.POST.get("body_ar", "")
            communique.title_fr = request.POST.get("title_fr", "")
            communique.body_fr = request.POST.get("body_fr", "")
        else:
            messages.success(request, _("Communiqué saved."))
            return redirect("press:edit", communique.pk)
    return render(
        request,
        "press/communique_edit.html",
        {
            "communique": communique,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "pending": comments_pending(communiques_visible(request.user).filter(pk=communique.pk)).count(),
        },
    )


@login_required
@require_POST
def communique_publish_view(request: HttpRequest, communique_id: int) -> HttpResponse:
    communique = communique_for_user(request.user, communique_id)
    try:
        communique_publish(communique=communique, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Communiqué published on the public site."))
    return redirect("press:edit", communique.pk)


@login_required
@require_POST
def communique_withdraw_view(request: HttpRequest, communique_id: int) -> HttpResponse:
    communique = communique_for_user(request.user, communique_id)
    try:
        communique_withdraw(communique=communique, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Communiqué withdrawn: the public site no longer shows it."))
    return redirect("press:edit", communique.pk)


@login_required
def communique_pdf(request: HttpRequest, communique_id: int) -> HttpResponse:
    communique = communique_for_user(request.user, communique_id)
    response = HttpResponse(pdf.communique_pdf(communique), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="communique-{communique.pk}.pdf"'
    return response


@login_required
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes of a meeting the user may see (audited). The names of who attended go to those
    who manage the meeting; an invitee from another unit gets the counts, as on the meeting's page."""
    meeting = meeting_for_user(request.user, meeting_id)
    document = pdf.minutes_pdf(meeting, with_names=meeting.managed)
    audit_record(user=request.user, action="meeting.minutes_pdf", target=str(meeting.pk))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
def comment_queue(request: HttpRequest) -> HttpResponse:
    """Comments waiting for moderation on communiqués in the user's territory."""
    comments = comments_pending(communiques_visible(request.user))
    page = Paginator(comments, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    decisions = [("approve", _("Approve")), ("reject", _("Reject")), ("spam", _("Spam"))]
    return render(request, "press/comments.html", {"page": page, "decisions": decisions})


@login_required
@require_POST
def comment_moderate_view(request: HttpRequest, comment_id: int, decision: str) -> HttpResponse:
    comment = (
        Comment.objects.filter(pk=comment_id, communique__in=communiques_visible(request.user))
        .select_related("communique__organ__territory")
        .first()
    )
    if comment is None or decision not in MODERATION:
        raise Http404
    try:
        comment_moderate(comment=comment, by=request.user, decision=decision)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Comment moderated: %(status)s.") % {"status": comment.get_status_display()}
        )
    return redirect(request.POST.get("next") if _safe_next(request) else "press:comments")


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
