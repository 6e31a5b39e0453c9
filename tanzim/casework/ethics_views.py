"""Ethics and arbitration pages. Confidential: a complaint is shown only to the members of its
committee and to its parties (see `complaints_visible`); anyone else gets a 404, national admins
included. National admins see counts per committee, without content."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.queries import _person_id, organs_visible, people_visible
from tanzim.access.scope import scope_for
from tanzim.casework.forms import AppealForm, ComplaintForm, DecisionForm, HearingForm
from tanzim.casework.models import APPEAL_DAYS, ComplaintStatus
from tanzim.casework.queries import (
    competent_committee,
    complaint_counts,
    complaint_for_user,
    complaints_visible,
    national_committee,
)
from tanzim.casework.services import complaint_appeal, complaint_decide, complaint_file, complaint_hearing_set
from tanzim.casework.views import _attach_errors, _error_message
from tanzim.organs.models import Mandate, Organ
from tanzim.people.models import Person


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    complaints = list(
        complaints_visible(request.user).select_related(
            "complainant", "committee", "respondent_organ", "respondent_person"
        )
    )
    person_id = _person_id(request.user)
    committees = set(
        Mandate.objects.current()
        .filter(person_id=person_id, organ__kind="ethics_committee")
        .values_list("organ_id", flat=True)
    )
    for c in complaints:
        if c.complainant_id == person_id:
            c.role = _("complainant")
        elif c.committee_id in committees or c.first_committee_id in committees:
            c.role = _("committee member")
        else:
            c.role = _("respondent")
    scope = scope_for(request.user)
    return render(
        request,
        "casework/ethics_list.html",
        {
            "complaints": complaints,
            "counts": complaint_counts() if scope.national else None,
            "can_file": bool(person_id) or not scope.empty,
        },
    )


def _organs_for_respondent():
    return Organ.objects.select_related("territory").order_by("territory__path", "kind", "name_ar")


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    """A member files a complaint in his own name; a secretary may record one for a member of his
    territory (the secretary does not see it afterwards: it is the committee's and the parties')."""
    person_id = _person_id(request.user)
    scope = scope_for(request.user)
    if not person_id and scope.empty:  # an account not linked to a member: nothing to file
        return render(request, "casework/ethics_new.html", {"form": None, "committee": None})
    for_others = not scope.empty
    form = ComplaintForm(request.POST or None, for_others=for_others, organs=_organs_for_respondent())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complainant_id = data.get("complainant") or person_id
        complainant = (
            people_visible(request.user).filter(pk=complainant_id).select_related("home").first()
            if complainant_id and complainant_id != person_id
            else Person.objects.select_related("home").filter(pk=person_id).first()
        )
        respondent_person = (
            Person.objects.filter(pk=data["respondent_person"]).first()
            if data.get("respondent_person")
            else None
        )
        if complainant is None:
            form.add_error("complainant" if for_others else None, _("Choose a member of your territory."))
        elif data.get("respondent_person") and respondent_person is None:
            form.add_error("respondent_person", _("No person has this number."))
        else:
            recorded_by = None
            if complainant.pk != person_id:
                recorded_by = (
                    organs_visible(request.user)
                    .filter(mandates__person_id=person_id)
                    .order_by("territory__path")
                    .first()
                    if person_id
                    else None
                )
            try:
                complaint = complaint_file(
                    complainant=complainant,
                    category=data["category"],
                    respondent_kind=data["respondent_kind"],
                    respondent_organ=data.get("respondent_organ"),
                    respondent_person=respondent_person,
                    decision_complained_of=data.get("decision_complained_of", ""),
                    description=data["description"],
                    recorded_by_organ=recorded_by,
                    by=request.user,
                )
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Complaint %(ref)s filed with %(committee)s.")
                    % {"ref": complaint.reference, "committee": complaint.committee.name},
                )
                if complainant.pk == person_id:
                    return redirect("ethics:detail", complaint.pk)
                return redirect("ethics:list")
    committee = None
    if person_id and not for_others:
        committee = competent_committee(Person.objects.select_related("home").get(pk=person_id))
    return render(request, "casework/ethics_new.html", {"form": form, "committee": committee})


@login_required
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint, access = complaint_for_user(request.user, complaint_id)
    national = national_committee()
    can_appeal = (
        access.party
        and complaint.status == ComplaintStatus.DECIDED
        and national is not None
        and complaint.committee_id != national.pk
    )
    return render(
        request,
        "casework/ethics_detail.html",
        {
            "c": complaint,
            "access": access,
            "events": list(complaint.events.select_related("committee")),
            "hearing_form": HearingForm()
            if access.committee_member
            and complaint.status
            in (ComplaintStatus.FILED, ComplaintStatus.HEARING_SET, ComplaintStatus.APPEALED)
            else None,
            "decision_form": DecisionForm()
            if access.committee_member and complaint.status == ComplaintStatus.HEARING_SET
            else None,
            "appeal_form": AppealForm() if can_appeal else None,
            "appeal_days": APPEAL_DAYS,
        },
    )


@login_required
@require_POST
def complaint_hearing(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint, _access = complaint_for_user(request.user, complaint_id)
    form = HearingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("ethics:detail", complaint.pk)
    try:
        complaint_hearing_set(
            complaint=complaint,
            at=form.cleaned_data["hearing_at"],
            place=form.cleaned_data["hearing_place"],
            by=request.user,
        )
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Hearing set; the parties were notified."))
    return redirect("ethics:detail", complaint.pk)


@login_required
@require_POST
def complaint_decision(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint, _access = complaint_for_user(request.user, complaint_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("ethics:detail", complaint.pk)
    try:
        complaint_decide(complaint=complaint, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Decision recorded; the parties were notified."))
    return redirect("ethics:detail", complaint.pk)


@login_required
@require_POST
def complaint_appeal_view(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint, _access = complaint_for_user(request.user, complaint_id)
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("ethics:detail", complaint.pk)
    try:
        complaint_appeal(complaint=complaint, reasons=form.cleaned_data["appeal_reasons"], by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Appeal lodged with the national committee."))
    return redirect("ethics:detail", complaint.pk)
