"""Public pages (no login): the citizens' form and the private follow page.

The form is protected by a honeypot field, a signed timestamp (a minimum time to fill it in) and a
daily limit per visitor (a keyed hash of the address and browser; no address is stored). The follow
page is reached only through an unguessable token; it shows the file's steps and public notes, never
internal notes, contact details or anyone else's data, and wrong tokens are rate-limited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from tanzim.casework.forms import PublicCaseForm
from tanzim.casework.models import CaseStatus
from tanzim.casework.queries import case_by_token
from tanzim.casework.services import (
    CONSENT_TEXT,
    casefile_submit_public,
    follow_allowed,
    follow_miss_record,
    public_form_token,
)

# The citizen's view of the statuses (what each step means for him).
PUBLIC_STEPS = [s for s, _label in CaseStatus.choices if s != CaseStatus.CLOSED]


def _visitor(request: HttpRequest) -> tuple[str, str]:
    return request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_USER_AGENT", "")[:500]


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def public_form(request: HttpRequest) -> HttpResponse:
    form = PublicCaseForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            address, user_agent = _visitor(request)
            try:
                _case, token = casefile_submit_public(
                    commune=data["commune_unit"],
                    category=data["category"],
                    subject=data["subject"],
                    description=data["description"],
                    citizen_name=data["citizen_name"],
                    citizen_phone=data["citizen_phone"],
                    citizen_email=data["citizen_email"],
                    consent=data["consent"],
                    form_token=request.POST.get("form_token", ""),
                    honeypot=request.POST.get("website", ""),
                    visitor_key=address,
                    user_agent=user_agent,
                    attachments=data["attachments"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                return _private(redirect(reverse("doleances:follow", args=[token]) + "?new=1"))
        status = 400
    response = render(
        request,
        "casework/public_form.html",
        {"form": form, "form_token": public_form_token(), "consent_text": CONSENT_TEXT},
        status=status,
    )
    return _private(response)


def follow(request: HttpRequest, token: str) -> HttpResponse:
    address, user_agent = _visitor(request)
    if not follow_allowed(visitor_key=address, user_agent=user_agent):
        return _private(render(request, "casework/public_too_many.html", status=429))
    case = case_by_token(token)
    if case is None:
        follow_miss_record(visitor_key=address, user_agent=user_agent)
        raise Http404
    events = list(case.events.only("at", "status", "public_note"))
    reached = {e.status for e in events}
    steps = [
        {"status": s, "label": CaseStatus(s).label, "done": s in reached, "current": s == case.status}
        for s in PUBLIC_STEPS
    ]
    response = render(
        request,
        "casework/public_follow.html",
        {
            "case": case,
            "events": events,
            "steps": steps,
            "new": request.GET.get("new") == "1",
            "answer": case.answer if case.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED) else "",
        },
    )
    return _private(response)
