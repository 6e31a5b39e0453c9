"""Premises pages: each organ's premises (address, status, opening hours, equipment), the needs the
local level reports, and, for every member, where his local premises is."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.queries import organ_for_user, organs_visible
from tanzim.casework.forms import NeedForm, NeedUpdateForm, PremisesAddForm, PremisesForm, resolve_commune
from tanzim.casework.models import NeedStatus
from tanzim.casework.queries import (
    SECRETARIAT_KINDS,
    my_premises,
    need_for_user,
    premises_for_user,
    premises_visible,
)
from tanzim.casework.services import need_report, need_update, premises_add, premises_update
from tanzim.casework.views import _attach_errors, _error_message
from tanzim.organs.models import PremisesStatus

OPEN_NEEDS = [NeedStatus.REPORTED, NeedStatus.IN_PROGRESS]
WITHOUT_SHOWN = 30  # secretariats without premises listed on the page


@login_required
def premises_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in PremisesStatus.values else ""
    premises = premises_visible(request.user).select_related("organ", "organ__territory", "commune")
    if status:
        premises = premises.filter(status=status)
    premises = premises.annotate(open_needs=Count("needs", filter=Q(needs__status__in=OPEN_NEEDS))).order_by(
        "organ__territory__path", "name_ar"
    )
    page = Paginator(premises, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    without = (
        organs_visible(request.user)
        .filter(kind__in=SECRETARIAT_KINDS, status="active", premises__isnull=True)
        .select_related("territory")
        .order_by("territory__path", "name_ar")
    )
    return render(
        request,
        "casework/premises_list.html",
        {
            "page": page,
            "statuses": PremisesStatus.choices,
            "status": status,
            "without": list(without[:WITHOUT_SHOWN]),
            "without_count": without.count(),
        },
    )


@login_required
def premises_mine(request: HttpRequest) -> HttpResponse:
    """Where a member's local premises is (his local organ's, else the nearest one above)."""
    organ, premises = my_premises(request.user)
    return render(request, "casework/premises_mine.html", {"organ": organ, "premises": premises})


@login_required
def premises_detail(request: HttpRequest, premises_id: int) -> HttpResponse:
    premises = premises_for_user(request.user, premises_id)
    return render(
        request,
        "casework/premises_detail.html",
        {
            "p": premises,
            "needs": list(premises.needs.select_related("reported_by")),
            "form": PremisesForm(
                initial={
                    "status": premises.status,
                    "address": premises.address,
                    "opening_hours": premises.opening_hours,
                    "equipment": premises.equipment,
                }
            ),
            "need_form": NeedForm(),
            "need_statuses": NeedStatus.choices,
        },
    )


@login_required
@require_POST
def premises_edit(request: HttpRequest, premises_id: int) -> HttpResponse:
    premises = premises_for_user(request.user, premises_id)
    form = PremisesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("premises:detail", premises.pk)
    try:
        premises_update(premises=premises, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Premises updated."))
    return redirect("premises:detail", premises.pk)


@login_required
@require_POST
def premises_need(request: HttpRequest, premises_id: int) -> HttpResponse:
    premises = premises_for_user(request.user, premises_id)
    form = NeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("premises:detail", premises.pk)
    try:
        need_report(premises=premises, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Need reported; the organ above was notified."))
    return redirect("premises:detail", premises.pk)


@login_required
@require_POST
def need_status(request: HttpRequest, need_id: int) -> HttpResponse:
    need = need_for_user(request.user, need_id)
    form = NeedUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("premises:detail", need.premises_id)
    try:
        need_update(need=need, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Need updated."))
    return redirect("premises:detail", need.premises_id)


@login_required
def premises_new(request: HttpRequest, organ_id: int) -> HttpResponse:
    organ = organ_for_user(request.user, organ_id)
    form = PremisesAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        commune = resolve_commune(data["commune"], within=organ.territory) if data["commune"] else None
        if data["commune"] and commune is None:
            form.add_error(
                "commune",
                _("No single commune of the organ's territory is called “%(name)s”.")
                % {"name": data["commune"]},
            )
        else:
            try:
                premises = premises_add(
                    organ=organ,
                    name_ar=data["name_ar"],
                    name_fr=data["name_fr"],
                    address=data["address"],
                    commune=commune,
                    opening_hours=data["opening_hours"],
                    status=data["status"],
                    by=request.user,
                )
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                messages.success(request, _("Premises recorded."))
                return redirect("premises:detail", premises.pk)
    return render(request, "casework/premises_new.html", {"form": form, "organ": organ})
