from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.queries import (
    campaign_for_user,
    campaigns_visible,
    mandates_visible,
    member_for_user,
    members_visible,
    organ_for_user,
    organs_visible,
    people_search_within,
    people_visible,
    person_for_user,
)
from tanzim.access.scope import scope_for
from tanzim.access.services import audit_record
from tanzim.core.paging import keyed_page, rows_for_page
from tanzim.people.cards import (
    card_deny,
    card_issue,
    card_revoke,
    card_verification,
    cards_pdf,
    cards_pdf_for_organ,
)
from tanzim.people.exports import person_data, person_data_pdf, roll_csv_stream, roll_xlsx
from tanzim.people.forms import CampaignForm, DuesForm, EnrollForm, ReasonForm, StatusForm
from tanzim.people.members import (
    campaign_confirm_member,
    campaign_open,
    dues_record,
    membership_enroll,
    membership_status_change,
    person_erase,
)
from tanzim.people.models import CardStatus, Membership, MemberStatus
from tanzim.people.queries import campaign_progress, enrolment_lookalikes
from tanzim.people.search import people_search
from tanzim.people.services import person_create
from tanzim.territory.queries import territory_resolve, unit_ids_under


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """People in the user's territory; each page read is logged (a bulk read of personal data)."""
    query = request.GET.get("q", "").strip()
    visible = people_visible(request.user).select_related("home")
    number = request.GET.get("page")
    if query:
        listed = [
            person
            for person, _score in people_search(
                visible, query, limit=SEARCH_LIMIT, within=people_search_within(request.user)
            )
        ]
        page = Paginator(listed, settings.TANZIM_PAGE_SIZE).get_page(number)
    else:
        page = keyed_page(
            visible, order=("full_name_ar", "pk"), key="pk", number=number, per_page=settings.TANZIM_PAGE_SIZE
        )
    audit_record(
        user=request.user, action="people.list", target=query, count=len(page.object_list), page=page.number
    )
    return render(request, "people/list.html", {"page": page, "q": query})


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for_user(request.user, person_id)
    mandates = (
        mandates_visible(request.user)
        .filter(person=person)
        .select_related("organ", "organ__territory")
        .with_effective_start()
        .order_by("-effective_start")
    )
    audit_record(user=request.user, action="people.view", target=str(person.pk))
    return render(request, "people/detail.html", {"person": person, "mandates": mandates})


# --- Members ------------------------------------------------------------------------------------


def _members_filtered(request: HttpRequest):
    members = members_visible(request.user).select_related("person", "person__home", "local_organ")
    status = request.GET.get("status", "")
    if status in MemberStatus.values:
        members = members.filter(status=status)
    place = request.GET.get("territory", "").strip()
    place_problem = ""
    if place:
        found = territory_resolve(place)
        members = (
            members.filter(person__home__in=unit_ids_under([found[0].path])) if found else members.none()
        )
        scope = scope_for(request.user)
        if not found:
            place_problem = _("No territorial unit is called “%(name)s”.") % {"name": place}
        elif not (scope.contains(found[0]) or scope.on_the_way(found[0])):
            place_problem = _("“%(name)s” is outside your territory.") % {"name": place}
    query = request.GET.get("q", "").strip()
    return members, {"status": status, "territory": place, "q": query, "place_problem": place_problem}


SEARCH_LIMIT = 200


def _ranked(request: HttpRequest, members, query: str) -> list[int]:
    """Person ids of the members matching a name in any spelling (Arabic or Latin), best first."""
    ranked = people_search(
        people_visible(request.user), query, limit=SEARCH_LIMIT, within=people_search_within(request.user)
    )
    order = [person.pk for person, _score in ranked]
    are_members = set(members.filter(person_id__in=order).values_list("person_id", flat=True))
    return [pk for pk in order if pk in are_members]


def _ranked_page(request: HttpRequest, members, query: str, number) -> Page:
    """A page of the ranked members: the ranking is ids; only the page's rows are read whole."""
    page = Paginator(_ranked(request, members, query), settings.TANZIM_PAGE_SIZE).get_page(number)
    return rows_for_page(page, members, key="person_id")


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    """The roll of the user's territory; every page read is audited."""
    members, filters = _members_filtered(request)
    number = request.GET.get("page")
    if filters["q"]:
        page = _ranked_page(request, members, filters["q"], number)
    else:
        # By name; one membership per person, so the person's id breaks ties and is the page's key.
        page = keyed_page(
            members,
            order=("person__full_name_ar", "person_id"),
            key="person_id",
            number=number,
            per_page=settings.TANZIM_PAGE_SIZE,
        )
    audit_record(
        user=request.user,
        action="members.list",
        target=request.GET.urlencode()[:200],
        count=len(page.object_list),
        page=page.number,
    )
    return render(
        request,
        "people/member_list.html",
        {
            "page": page,
            "statuses": MemberStatus.choices,
            "can_enroll": not scope_for(request.user).empty,
            **filters,
        },
    )


@login_required
def members_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered roll as CSV or XLSX; audited with the filter and the row count."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    members, filters = _members_filtered(request)
    if filters["q"]:
        members = members.filter(person_id__in=_ranked(request, members, filters["q"]))
    count = members.count()
    audit_record(
        user=request.user, action=f"members.export.{fmt}", target=request.GET.urlencode()[:200], count=count
    )
    language = "fr" if (get_language() or "ar").startswith("fr") else "ar"
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(roll_csv_stream(members, language=language), content_type="text/csv")
    else:
        response = HttpResponse(
            roll_xlsx(members, language=language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="tanzim-roll-{stamp}.{fmt}"'
    return response


@login_required
def member_detail(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = member_for_user(request.user, membership_id)
    audit_record(user=request.user, action="member.view", target=membership.number)
    history = membership.history.select_related("history_user").order_by("-history_date")[:50]
    return render(
        request,
        "people/member_detail.html",
        {
            "membership": membership,
            "person": membership.person,
            "history": history,
            "dues": membership.dues.order_by("-year"),
            "cards": membership.cards.order_by("-pk"),
            "has_valid_card": membership.cards.filter(status=CardStatus.ISSUED).exists(),
            "status_form": StatusForm(current=membership.status),
            "reason_form": ReasonForm(),
            "dues_form": DuesForm(
                initial={"year": timezone.localdate().year, "paid_on": timezone.localdate()}
            ),
        },
    )


@login_required
def member_enroll(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if scope.empty:
        raise Http404
    form = EnrollForm(request.POST or None, scope=scope)
    lookalikes: list[Membership] = []
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["another_person"]:
        data = form.cleaned_data
        lookalikes = enrolment_lookalikes(
            members_visible(request.user),
            full_name_ar=data["full_name_ar"],
            home=data["commune"],
            birth_year=data["birth_year"],
            cin=data["cin"],
        )
    if request.method == "POST" and form.is_valid() and not lookalikes:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = person_create(
                    full_name_ar=data["full_name_ar"],
                    full_name_latin=data["full_name_latin"],
                    honorific=data["honorific"],
                    gender=data["gender"],
                    birth_year=data["birth_year"],
                    phone=data["phone"],
                    cin=data["cin"],
                    commune=data["commune"],
                    home=data["commune"],
                    source=_("Entered by %(user)s") % {"user": request.user.get_username()},
                )
                membership = membership_enroll(
                    person=person,
                    by=request.user,
                    joined_on=data["joined_on"],
                    consent_on=timezone.localdate() if data["consent"] else None,
                    consent_scope=data["consent_scope"] if data["consent"] else "",
                )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Member %(number)s recorded.") % {"number": membership.number})
            return redirect("members:detail", membership.pk)
    return render(request, "people/member_enroll.html", {"form": form, "lookalikes": lookalikes})


def _attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_POST
def member_dues(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = member_for_user(request.user, membership_id)
    form = DuesForm(request.POST)
    if form.is_valid():
        try:
            _dues, created = dues_record(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_valid():
        year = form.cleaned_data["year"]
        audit_record(user=request.user, action="member.dues", target=membership.number, year=year)
        if created:
            messages.success(request, _("Dues recorded."))
        else:
            messages.success(
                request, _("The dues of %(year)s were already recorded: replaced.") % {"year": year}
            )
    else:
        messages.error(
            request,
            " ".join(
                f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
                for f, e in form.errors.items()
            ),
        )
    return redirect("members:detail", membership.pk)


@login_required
@require_POST
def member_status(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = member_for_user(request.user, membership_id)
    form = StatusForm(request.POST, current=membership.status)
    if form.is_valid():
        try:
            membership_status_change(
                membership=membership,
                to=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("Status changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a status and give the reason."))
    return redirect("members:detail", membership.pk)


@login_required
def member_data(request: HttpRequest, membership_id: int, fmt: str) -> HttpResponse:
    """Everything held about the member (law 09-08 access request), as JSON or PDF; audited."""
    if fmt not in ("json", "pdf"):
        raise Http404
    membership = member_for_user(request.user, membership_id)
    audit_record(user=request.user, action=f"member.data_export.{fmt}", target=membership.number)
    if fmt == "json":
        response = JsonResponse(
            person_data(membership.person), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
    else:
        response = HttpResponse(person_data_pdf(membership.person), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tanzim-{membership.number}.{fmt}"'
    return response


@login_required
@require_POST
def member_erase(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = member_for_user(request.user, membership_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the erasure (e.g. the request's reference)."))
        return redirect("members:detail", membership.pk)
    person_erase(person=membership.person, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("The person's data was erased; aggregate counts are kept."))
    return redirect("members:detail", membership.pk)


# --- Rolls update campaigns -------------------------------------------------------------------------

CAMPAIGN_ORGAN_KINDS = ["general_secretariat", "regional_secretariat", "provincial_secretariat"]


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    organs = organs_visible(request.user).filter(kind__in=CAMPAIGN_ORGAN_KINDS).select_related("territory")
    form = CampaignForm(request.POST or None)
    organ_error = ""
    if request.method == "POST":
        organ = organs.filter(pk=request.POST.get("organ") or 0).first()
        if organ is None:
            organ_error = _("Choose the organ that opens the campaign.")
        elif form.is_valid():
            try:
                campaign = campaign_open(
                    organ=organ,
                    title=form.cleaned_data["title"],
                    deadline=form.cleaned_data["deadline"],
                    by=request.user,
                )
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                return redirect("members:campaign", campaign.pk)
    campaigns = campaigns_visible(request.user).select_related("organ", "organ__territory")
    return render(
        request,
        "people/campaign_list.html",
        {"campaigns": campaigns, "form": form, "organs": organs, "organ_error": organ_error},
    )


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_for_user(request.user, campaign_id)
    progress = campaign_progress(campaign, members_visible(request.user))
    return render(request, "people/campaign_detail.html", {"campaign": campaign, "progress": progress})


@login_required
def campaign_roll(request: HttpRequest, campaign_id: int, organ_id: int) -> HttpResponse:
    """The members of one local organ in a campaign, each to confirm or mark lapsed."""
    campaign = campaign_for_user(request.user, campaign_id)
    organ = organ_for_user(request.user, organ_id)
    members = (
        members_visible(request.user)
        .filter(local_organ=organ, person__home__path__startswith=campaign.organ.territory.path)
        .exclude(status__in=[MemberStatus.RESIGNED, MemberStatus.EXCLUDED])
        .select_related("person")
        .order_by("person__full_name_ar")
    )
    audit_record(user=request.user, action="campaign.roll", target=f"{campaign.pk}/{organ.pk}")
    return render(
        request, "people/campaign_roll.html", {"campaign": campaign, "organ": organ, "members": members}
    )


@login_required
@require_POST
def campaign_check(request: HttpRequest, campaign_id: int, membership_id: int) -> HttpResponse:
    campaign = campaign_for_user(request.user, campaign_id)
    membership = member_for_user(request.user, membership_id)
    lapsed_reason = (
        request.POST.get("lapsed_reason", "").strip() if request.POST.get("action") == "lapse" else ""
    )
    if request.POST.get("action") == "lapse" and not lapsed_reason:
        lapsed_reason = _("Not found during the rolls update")
    try:
        campaign_confirm_member(
            campaign=campaign, membership=membership, by=request.user, lapsed_reason=lapsed_reason
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        membership.refresh_from_db()
        return render(request, "people/_campaign_row.html", {"campaign": campaign, "m": membership})
    if membership.local_organ_id:
        return redirect("members:campaign_roll", campaign.pk, membership.local_organ_id)
    return redirect("members:campaign", campaign.pk)


# --- Membership cards ---------------------------------------------------------------------------


def _public_url(request: HttpRequest) -> str:
    return settings.TANZIM_PUBLIC_URL or request.build_absolute_uri("/")


@login_required
@require_POST
def card_action(request: HttpRequest, membership_id: int, action: str) -> HttpResponse:
    """Issue, revoke or deny the member's card; revoke and deny need a reason."""
    membership = member_for_user(request.user, membership_id)
    reason = request.POST.get("reason", "").strip()
    try:
        if action == "issue":
            card_issue(membership=membership, by=request.user)
            messages.success(request, _("Card issued."))
        elif action == "revoke":
            card = membership.cards.filter(status=CardStatus.ISSUED).first()
            if card is None:
                raise Http404
            card_revoke(card=card, by=request.user, reason=reason)
            messages.success(request, _("Card revoked."))
        elif action == "deny":
            card_deny(membership=membership, by=request.user, reason=reason)
            messages.success(request, _("Card denied; the reason is recorded."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("members:detail", membership.pk)


@login_required
def card_pdf(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = member_for_user(request.user, membership_id)
    card = membership.cards.filter(status=CardStatus.ISSUED).select_related("membership__person").first()
    if card is None:
        raise Http404
    try:
        pdf = cards_pdf([card], base_url=_public_url(request), sheet="card")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("members:detail", membership.pk)
    audit_record(user=request.user, action="card.pdf", target=membership.number)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="card-{membership.number}.pdf"'
    return response


@login_required
def organ_cards_pdf(request: HttpRequest, organ_id: int) -> HttpResponse:
    """All valid cards of a local organ's active members, in one PDF (A4 sheets)."""
    organ = organ_for_user(request.user, organ_id)
    try:
        pdf = cards_pdf_for_organ(organ, base_url=_public_url(request))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        return redirect("organs:detail", organ.pk)
    audit_record(user=request.user, action="card.batch_pdf", target=str(organ.pk))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cards-{organ.pk}.pdf"'
    return response


def card_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: is this card valid, and of which local organ — nothing about the person."""
    verification = card_verification(token)
    if verification is None:
        raise Http404
    return render(request, "people/card_verify.html", {"v": verification})
