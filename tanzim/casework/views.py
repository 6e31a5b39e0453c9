"""Citizens' files pages (inside the party): the board, intake at the desk, the file page and its
steps. Thin views over services; every read through the scoped helpers; bulk reads audited."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.queries import _person_id, organ_for_user, person_for_user
from tanzim.access.services import audit_record
from tanzim.casework.forms import CaseIntakeForm, CaseStepForm
from tanzim.casework.models import CASE_TRANSITIONS, CaseCategory, CaseFile, CaseStatus
from tanzim.casework.queries import (
    case_board,
    case_due,
    case_for_user,
    cases_filter,
    cases_visible,
    intake_organs,
    parliamentarians_for,
    service_days,
)
from tanzim.casework.services import casefile_can_act, casefile_link_renew, casefile_receive, casefile_step
from tanzim.core.csvstream import csv_lines
from tanzim.organs.models import Organ
from tanzim.people.models import Person


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


def _error_message(request: HttpRequest, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    else:
        messages.error(request, " ".join(error.messages))


def _attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def follow_url(request: HttpRequest, token: str) -> str:
    base = (getattr(settings, "TANZIM_PUBLIC_URL", "") or request.build_absolute_uri("/")).rstrip("/")
    return base + reverse("doleances:follow", args=[token])


def _board(
    request: HttpRequest, cases, *, heading: str, context: dict, action: str, target: str
) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    category = request.GET.get("category", "")
    category = category if category in CaseCategory.values else ""
    overdue = request.GET.get("overdue") == "1"
    organ_id = _int(request.GET.get("organ"))
    columns = case_board(cases)
    filtered = cases_filter(cases, status=status, overdue=overdue, organ_id=organ_id, category=category)
    page = Paginator(
        filtered.select_related("organ", "commune", "parliamentarian").order_by("status_changed_at", "pk"),
        settings.TANZIM_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    days = service_days()
    now = timezone.now()
    for case in page.object_list:
        case.due = case_due(case, days)
        case.late = case.due is not None and case.due < now
    audit_record(
        user=request.user,
        action=action,
        target=target or request.GET.urlencode()[:200],
        count=len(page.object_list),
    )
    organs = Organ.objects.filter(pk__in=cases.values("organ_id")).select_related("territory")
    return render(
        request,
        "casework/board.html",
        {
            "heading": heading,
            "columns": columns,
            "page": page,
            "filters": {"status": status, "overdue": overdue, "organ": organ_id, "category": category},
            "statuses": CaseStatus.choices,
            "categories": CaseCategory.choices,
            "organs": sorted(organs, key=lambda o: (o.territory.path, o.name_ar)),
            "can_take": intake_organs(request.user).exists(),
            **context,
        },
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """All files the user may see: his territory's, and those assigned to him as parliamentarian."""
    person_id = _person_id(request.user)
    return _board(
        request,
        cases_visible(request.user),
        heading=_("Citizens' files"),
        context={
            "my_person_id": person_id
            if person_id and cases_visible(request.user).filter(parliamentarian_id=person_id).exists()
            else None
        },
        action="casework.board",
        target="",
    )


@login_required
def organ_board(request: HttpRequest, organ_id: int) -> HttpResponse:
    organ = organ_for_user(request.user, organ_id)
    cases = cases_visible(request.user).filter(organ__territory__path__startswith=organ.territory.path)
    return _board(
        request,
        cases,
        heading=_("Citizens' files — %(organ)s") % {"organ": organ.name},
        context={"organ": organ},
        action="casework.board.organ",
        target=str(organ.pk),
    )


@login_required
def parliamentarian_board(request: HttpRequest, person_id: int) -> HttpResponse:
    if _person_id(request.user) == person_id:
        person = Person.objects.get(pk=person_id)
    else:
        person = person_for_user(request.user, person_id)
    cases = cases_visible(request.user).filter(parliamentarian=person)
    return _board(
        request,
        cases,
        heading=_("Citizens' files entrusted to %(person)s") % {"person": person.honorific_name},
        context={"parliamentarian": person},
        action="casework.board.parliamentarian",
        target=str(person.pk),
    )


@login_required
def export(request: HttpRequest) -> StreamingHttpResponse:
    """The files the user may see, as CSV (citizens' contact details included: audited)."""
    cases = cases_filter(
        cases_visible(request.user),
        status=request.GET.get("status", "") if request.GET.get("status", "") in CaseStatus.values else "",
        overdue=request.GET.get("overdue") == "1",
    ).select_related("organ", "commune", "parliamentarian")
    count = cases.count()
    audit_record(
        user=request.user, action="casework.export.csv", target=request.GET.urlencode()[:200], count=count
    )
    header = [
        _("reference"),
        _("received on"),
        _("organ"),
        _("commune"),
        _("category"),
        _("subject"),
        _("status"),
        _("citizen"),
        _("phone"),
        _("e-mail"),
        _("parliamentarian"),
        _("question reference"),
        _("answered on"),
    ]
    rows = (
        [
            c.reference,
            c.created_at.date().isoformat(),
            c.organ.name,
            c.commune.name,
            c.get_category_display(),
            c.subject,
            c.get_status_display(),
            c.citizen_name,
            c.citizen_phone,
            c.citizen_email,
            c.parliamentarian.display_name if c.parliamentarian else "",
            c.question_reference,
            c.answered_on.isoformat() if c.answered_on else "",
        ]
        for c in cases.iterator()
    )
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="casework-{timezone.localdate().isoformat()}.csv"'
    )
    return response


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """A secretariat takes a citizen's file at its desk."""
    organs = intake_organs(request.user)
    if not organs.exists():
        raise Http404
    form = CaseIntakeForm(request.POST or None, request.FILES or None, organs=organs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, token = casefile_receive(
                organ=data["organ"],
                commune=data["commune_unit"],
                category=data["category"],
                subject=data["subject"],
                description=data["description"],
                citizen_name=data["citizen_name"],
                citizen_phone=data["citizen_phone"],
                citizen_email=data["citizen_email"],
                consent=data["consent"],
                by=request.user,
                attachments=data["attachments"],
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "File %(ref)s recorded. Give the citizen this private link to follow it (shown once): %(url)s"
                )
                % {"ref": case.reference, "url": follow_url(request, token)},
            )
            return redirect("casework:detail", case.pk)
    return render(request, "casework/intake.html", {"form": form})


@login_required
def detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for_user(request.user, case_id)
    audit_record(user=request.user, action="casework.view", target=case.reference)
    can_act = casefile_can_act(case=case, user=request.user)
    statuses = CASE_TRANSITIONS.get(case.status, [])
    parliamentarians = parliamentarians_for(case.commune) if CaseStatus.FORWARDED in statuses else []
    form = (
        CaseStepForm(statuses=statuses, parliamentarians=parliamentarians) if can_act and statuses else None
    )
    days = service_days()
    due = case_due(case, days)
    return render(
        request,
        "casework/detail.html",
        {
            "case": case,
            "events": list(case.events.select_related("by")),
            "attachments": list(case.attachments.all()),
            "form": form,
            "next_statuses": list(statuses),
            "can_act": can_act,
            "parliamentarians": parliamentarians,
            "due": due,
            "late": due is not None and due < timezone.now(),
        },
    )


@login_required
@require_POST
def step(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for_user(request.user, case_id)
    parliamentarians = parliamentarians_for(case.commune)
    form = CaseStepForm(
        request.POST, statuses=CASE_TRANSITIONS.get(case.status, []), parliamentarians=parliamentarians
    )
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("casework:detail", case.pk)
    data = form.cleaned_data
    try:
        casefile_step(
            case=case,
            status=data["status"],
            by=request.user,
            public_note=data["public_note"],
            internal_note=data["internal_note"],
            parliamentarian=data["parliamentarian"],
            question_kind=data["question_kind"],
            question_reference=data["question_reference"],
            question_date=data["question_date"],
            answer=data["answer"],
            answered_on=data["answered_on"],
        )
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("File %(ref)s: %(status)s.") % {"ref": case.reference, "status": case.get_status_display()},
        )
    return redirect("casework:detail", case.pk)


@login_required
@require_POST
def link(request: HttpRequest, case_id: int) -> HttpResponse:
    """A new private follow link for the citizen (the old one stops working)."""
    case = case_for_user(request.user, case_id)
    if not casefile_can_act(case=case, user=request.user):
        messages.error(
            request, _("Only the organ in charge and the assigned parliamentarian may move this file on.")
        )
        return redirect("casework:detail", case.pk)
    token = casefile_link_renew(case=case, by=request.user)
    audit_record(user=request.user, action="casework.link", target=case.reference)
    messages.success(
        request,
        _("New private link for the citizen (shown once; the previous one no longer works): %(url)s")
        % {"url": follow_url(request, token)},
    )
    return redirect("casework:detail", case.pk)


@login_required
def attachment(request: HttpRequest, case_id: int, attachment_id: int) -> FileResponse:
    case = case_for_user(request.user, case_id)
    item = case.attachments.filter(pk=attachment_id).first()
    if item is None or not item.file:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    audit_record(user=request.user, action="casework.attachment", target=f"{case.reference}/{item.pk}")
    content_type = (
        item.content_type or mimetypes.guess_type(item.original_name)[0] or "application/octet-stream"
    )
    return FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=content_type)


__all__ = ["CaseFile"]
