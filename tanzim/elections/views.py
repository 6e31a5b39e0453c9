"""Pages: the roster of elected officials, candidate selection, the voter-registration drive."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.queries import members_visible, organs_visible, people_visible, territory_for_user
from tanzim.access.scope import scope_for
from tanzim.access.services import audit_record
from tanzim.elections import forms, services
from tanzim.elections.models import (
    Appeal,
    BodyKind,
    Call,
    CommitteeSeat,
    Criterion,
    Incompatibility,
    Office,
    RegistrationDeclaration,
    RegistrationTarget,
)
from tanzim.elections.queries import (
    _person_id,
    appeal_for_user,
    applicant_for_user,
    body_for_user,
    call_for_user,
    calls_visible,
    ranking,
    registration_period_current,
    registration_progress,
    term_for_user,
    terms_visible,
)
from tanzim.people.models import Membership, Person
from tanzim.people.search import people_search
from tanzim.territory.models import Level, Territory
from tanzim.territory.queries import territory_resolve


def _errors(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _form_errors(request: HttpRequest, form) -> None:
    texts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        texts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    messages.error(request, " ".join(texts))


# ---------------------------------------------------------------------------------------------
# Roster


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """Current terms within the user's scope, by territory and body; filter by kind and territory."""
    terms = (
        terms_visible(request.user)
        .current()
        .select_related("person", "body", "body__territory", "constituency")
        .order_by("body__territory__path", "body__kind", "office", "rank", "person__full_name_ar")
    )
    kind = request.GET.get("kind", "")
    if kind in BodyKind.values:
        terms = terms.filter(body__kind=kind)
    place = request.GET.get("territory", "").strip()
    unknown_place = False
    if place:
        found = territory_resolve(place)
        if found:
            terms = terms.of(found[0])
        else:
            unknown_place = True
            terms = terms.none()
    page = Paginator(terms, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        user=request.user,
        action="elections.roster",
        count=len(page.object_list),
        kind=kind,
        territory=place,
        page=page.number,
    )
    return render(
        request,
        "elections/roster.html",
        {
            "page": page,
            "kinds": BodyKind.choices,
            "kind": kind,
            "place": place,
            "unknown_place": unknown_place,
            "can_record": not scope_for(request.user).empty,
        },
    )


@login_required
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    body = body_for_user(request.user, body_id)
    terms = (
        terms_visible(request.user)
        .filter(body=body)
        .select_related("person", "constituency")
        .order_by("end", "office", "rank", "person__full_name_ar")
    )
    current = list(terms.current())
    past = [t for t in terms if t not in current]
    audit_record(user=request.user, action="elections.body", target=str(body), count=len(current) + len(past))
    return render(
        request,
        "elections/body.html",
        {"body": body, "current": current, "past": past, "end_form": forms.TermEndForm()},
    )


def _resolve(text: str) -> Territory | None:
    text = text.strip()
    if not text:
        return None
    by_code = Territory.objects.filter(code=text).first()
    if by_code:
        return by_code
    found = territory_resolve(text)
    return found[0] if found else None


@login_required
def term_new(request: HttpRequest) -> HttpResponse:
    """Record a term: find the person, then the body, office and dates; incompatibilities are
    checked by the service (refused, or recorded with a warning naming both terms)."""
    scope = scope_for(request.user)
    if scope.empty:
        raise Http404
    people = people_visible(request.user)
    person = None
    raw_person = request.POST.get("person") or request.GET.get("person")
    if raw_person and raw_person.isdigit():
        person = people.filter(pk=int(raw_person)).first()
    q = request.GET.get("q", "").strip()
    found = [p for p, _score in people_search(people, q, limit=20)] if q and person is None else []
    if found:  # a list of people found by name, as on the people list: logged
        audit_record(user=request.user, action="people.search", target=q[:200], count=len(found))
    form = forms.TermForm(request.POST or None, initial={"person": person.pk if person else None})
    if request.method == "POST":
        if person is None:
            messages.error(request, _("Choose the person first."))
            return redirect("elections:term_new")
        if form.is_valid():
            data = form.cleaned_data
            territory = _resolve(data["territory"])
            constituency = _resolve(data["constituency"]) if data["constituency"] else None
            if territory is None:
                form.add_error("territory", _("No territorial unit has this name or code."))
            elif data["constituency"] and constituency is None:
                form.add_error("constituency", _("No territorial unit has this name or code."))
            elif not (
                scope.contains(territory) or (constituency is not None and scope.contains(constituency))
            ):
                form.add_error("territory", _("This body and constituency are outside your territory."))
            else:
                try:
                    body = services.body_get_or_create(kind=data["kind"], territory=territory)
                    term = services.term_record(
                        person=person,
                        body=body,
                        office=data["office"],
                        rank=data["rank"],
                        committee=data["committee"],
                        constituency=constituency,
                        elected_on=data["elected_on"],
                        start=data["start"],
                        end=data["end"],
                        source=data["source"],
                        by=request.user,
                    )
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    for warning in term.warnings:
                        messages.warning(request, warning)
                    messages.success(request, _("Term recorded: %(term)s.") % {"term": term})
                    return redirect("elections:body", body.pk)
    return render(
        request, "elections/term_new.html", {"form": form, "person": person, "q": q, "found": found}
    )


@require_POST
@login_required
def term_end_view(request: HttpRequest, term_id: int) -> HttpResponse:
    term = term_for_user(request.user, term_id)
    back = redirect("elections:body", term.body_id)
    scope = scope_for(request.user)
    if not (scope.contains(term.body.territory) or (term.constituency and scope.contains(term.constituency))):
        messages.error(request, _("This term is recorded by the level above you."))
        return back
    form = forms.TermEndForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    try:
        services.term_end(term=term, end=form.cleaned_data["end"], by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return back
    messages.success(request, _("End of the term recorded."))
    return back


@login_required
def incompatibilities(request: HttpRequest) -> HttpResponse:
    rules = list(Incompatibility.objects.all())
    kinds = dict(BodyKind.choices)
    offices = dict(Office.choices)
    for rule in rules:
        rule.first_label = _side(rule.first_kinds, rule.first_offices, kinds, offices)
        rule.second_label = _side(rule.second_kinds, rule.second_offices, kinds, offices)
    return render(
        request,
        "elections/incompatibilities.html",
        {"rules": rules, "form": forms.IncompatibilityForm(), "national": scope_for(request.user).national},
    )


def _side(kind_values: list[str], office_values: list[str], kinds: dict, offices: dict) -> str:
    office_text = " / ".join(str(offices.get(v, v)) for v in office_values) or _("any office")
    kind_text = " / ".join(str(kinds.get(v, v)) for v in kind_values) or _("any body")
    return f"{office_text} — {kind_text}"


@require_POST
@login_required
def incompatibility_add(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).national:
        raise Http404
    form = forms.IncompatibilityForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("elections:incompatibilities")
    try:
        services.incompatibility_add(by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Rule added."))
    return redirect("elections:incompatibilities")


# ---------------------------------------------------------------------------------------------
# Candidate selection


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    calls = (
        calls_visible(request.user)
        .select_related("constituency", "constituency__election", "constituency__territory", "organ")
        .order_by("-opens_on", "pk")
    )
    page = Paginator(calls, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "elections/calls.html", {"page": page})


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    """The responsible organ opens a call for candidacies in a constituency of its territory."""
    scope = scope_for(request.user)
    if scope.empty:
        raise Http404
    organs = organs_visible(request.user).exclude(status="dissolved").select_related("territory")
    form = forms.CallForm(request.POST or None, organs=organs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        territory = _resolve(data["territory"])
        if territory is None or not scope.contains(territory):
            form.add_error("territory", _("No territorial unit of your territory has this name or code."))
        elif data["election"] is None and not data["election_name_ar"].strip():
            form.add_error("election", _("Choose an election or name a new one."))
        else:
            try:
                with transaction.atomic():
                    election = data["election"] or services.election_create(
                        name_ar=data["election_name_ar"],
                        name_fr=data["election_name_fr"],
                        kind=data["election_kind"],
                        body_kind=data["body_kind"],
                        by=request.user,
                    )
                    call = services.call_open(
                        election=election,
                        territory=territory,
                        constituency_name_ar=data["constituency_name_ar"],
                        seats=data["seats"],
                        list_kind=data["list_kind"],
                        organ=data["organ"],
                        arbitration=data["arbitration"],
                        opens_on=data["opens_on"],
                        closes_on=data["closes_on"],
                        by=request.user,
                    )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Call for candidacies opened."))
                return redirect("elections:call", call.pk)
    return render(request, "elections/call_new.html", {"form": form})


@login_required
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_for_user(request.user, call_id)
    rows = ranking(call)
    if not call.scores_visible:
        # Before the decision, outside the committee: not even the order may hint at the scores.
        rows = sorted(rows, key=lambda row: (row.applicant.applied_on, row.applicant.pk))
    audit_record(
        user=request.user,
        action="elections.call",
        target=str(call),
        count=len(rows),
        scores_shown=call.scores_visible,
    )
    return render(
        request,
        "elections/call.html",
        {
            "call": call,
            "rows": rows,
            "criteria": list(call.criteria.all()),
            "rules": list(call.rules.all()),
            "committee": list(call.committee.select_related("person")),
            "appeals": list(Appeal.objects.filter(applicant__call=call).select_related("applicant__person")),
            "criterion_form": forms.CriterionForm(),
            "rule_form": forms.RuleForm(),
            "decision_form": forms.DecisionForm(),
        },
    )


SETUP_STEPS = ("criterion", "rule", "committee", "applicant")


@require_POST
@login_required
def call_setup(request: HttpRequest, call_id: int, what: str) -> HttpResponse:
    """The responsible organ sets up its call: criteria, eligibility rules, committee, applicants."""
    call = call_for_user(request.user, call_id)
    back = redirect(reverse("elections:call", args=[call.pk]) + "#setup")
    if not call.managed:
        messages.error(request, _("Only the responsible organ sets up this call."))
        return back
    if what not in SETUP_STEPS:
        raise Http404
    try:
        if what == "criterion":
            form = forms.CriterionForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return back
            services.criterion_add(call=call, by=request.user, **form.cleaned_data)
        elif what == "rule":
            form = forms.RuleForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return back
            services.eligibility_rule_add(call=call, by=request.user, **form.cleaned_data)
        else:
            form = forms.PersonPickForm(request.POST, request.FILES)
            if not form.is_valid():
                _form_errors(request, form)
                return back
            pool = (
                people_visible(request.user)
                if what == "committee"
                else Person.objects.filter(pk__in=members_visible(request.user).values("person_id"))
            )
            person = pool.filter(pk=form.cleaned_data["person"]).first()
            if person is None:
                messages.error(request, _("No person with this number in your territory."))
                return back
            if what == "committee":
                services.committee_seat_add(call=call, person=person, by=request.user)
            else:
                services.applicant_add(
                    call=call,
                    person=person,
                    statement=form.cleaned_data["statement"],
                    file=form.cleaned_data["file"],
                    by=request.user,
                )
    except ValidationError as error:
        _errors(request, error)
        return back
    messages.success(request, _("Saved."))
    return back


@require_POST
@login_required
def call_decide(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_for_user(request.user, call_id)
    back = redirect(reverse("elections:call", args=[call.pk]) + "#decision")
    if not call.managed:
        messages.error(request, _("Only the responsible organ records the decision."))
        return back
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    try:
        services.call_decide(call=call, reasons=form.cleaned_data["reasons"], by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return back
    messages.success(request, _("Decision recorded; the scores are now visible."))
    return back


@login_required
def applicant_detail(request: HttpRequest, applicant_id: int) -> HttpResponse:
    applicant = applicant_for_user(request.user, applicant_id)
    call = applicant.call
    row = next(r for r in ranking(call) if r.applicant.pk == applicant.pk)
    seat = call.seat
    conflicted = seat is not None and seat.conflicts.filter(applicant=applicant).exists()
    my_scores = {}
    if seat is not None:
        my_scores = {s.criterion_id: s.value for s in seat.scores.filter(applicant=applicant)}
    criteria = list(call.criteria.all())
    for criterion in criteria:
        criterion.my_score = my_scores.get(criterion.pk)
    audit_record(
        user=request.user,
        action="elections.applicant",
        target=str(applicant),
        applicant=applicant.pk,
        scores_shown=call.scores_visible,
    )
    return render(
        request,
        "elections/applicant.html",
        {
            "applicant": applicant,
            "call": call,
            "row": row,
            "seat": seat,
            "conflicted": conflicted,
            "criteria": criteria,
            "appeals": list(applicant.appeals.select_related("committee")),
            "conflict_form": forms.ConflictForm(),
            "appeal_form": forms.AppealForm(),
            "ruling_form": forms.AppealRulingForm(),
        },
    )


@login_required
def applicant_file(request: HttpRequest, applicant_id: int) -> HttpResponse:
    applicant = applicant_for_user(request.user, applicant_id)
    if not applicant.file:
        raise Http404
    audit_record(
        user=request.user, action="elections.applicant_file", target=str(applicant), applicant=applicant.pk
    )
    return FileResponse(
        applicant.file.open("rb"), as_attachment=True, filename=applicant.file.name.rsplit("/", 1)[-1]
    )


def _applicant_back(applicant, anchor: str = "") -> HttpResponse:
    return redirect(reverse("elections:applicant", args=[applicant.pk]) + (f"#{anchor}" if anchor else ""))


def _my_seat(request: HttpRequest, call: Call) -> CommitteeSeat | None:
    return call.seat


@require_POST
@login_required
def conflict_declare(request: HttpRequest, applicant_id: int) -> HttpResponse:
    applicant = applicant_for_user(request.user, applicant_id)
    back = _applicant_back(applicant, "scoring")
    seat = _my_seat(request, applicant.call)
    if seat is None:
        messages.error(request, _("Only members of the selection committee declare conflicts of interest."))
        return back
    form = forms.ConflictForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    try:
        services.conflict_declare(
            seat=seat, applicant=applicant, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        _errors(request, error)
        return back
    messages.success(request, _("Conflict of interest recorded: you will not score this applicant."))
    return back


@require_POST
@login_required
def score(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """Scores of one committee member for one applicant, one field per criterion (`c<id>`)."""
    applicant = applicant_for_user(request.user, applicant_id)
    back = _applicant_back(applicant, "scoring")
    seat = _my_seat(request, applicant.call)
    if seat is None:
        messages.error(request, _("Only members of the selection committee score applicants."))
        return back
    given = 0
    try:
        for criterion in Criterion.objects.filter(call=applicant.call):
            raw = request.POST.get(f"c{criterion.pk}", "").strip().replace(",", ".")
            if raw:
                services.score_record(
                    seat=seat, applicant=applicant, criterion=criterion, value=raw, by=request.user
                )
                given += 1
    except ValidationError as error:
        _errors(request, error)
        return back
    if not given:
        messages.error(request, _("Give at least one score."))
        return back
    messages.success(request, _("Your scores are saved."))
    return back


@require_POST
@login_required
def appeal_file(request: HttpRequest, applicant_id: int) -> HttpResponse:
    applicant = applicant_for_user(request.user, applicant_id)
    back = _applicant_back(applicant, "appeal")
    form = forms.AppealForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    try:
        services.appeal_file(applicant=applicant, grounds=form.cleaned_data["grounds"], by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return back
    messages.success(
        request, _("Appeal filed with %(committee)s.") % {"committee": applicant.call.arbitration}
    )
    return back


@require_POST
@login_required
def appeal_rule(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = appeal_for_user(request.user, appeal_id)
    back = _applicant_back(appeal.applicant, "appeal")
    if not appeal.applicant.call.arbitrates:
        messages.error(request, _("Only the arbitration committee rules on this appeal."))
        return back
    form = forms.AppealRulingForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    try:
        services.appeal_rule(appeal=appeal, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
        return back
    messages.success(request, _("Ruling recorded."))
    return back


# ---------------------------------------------------------------------------------------------
# Voter registration


@login_required
def registration(request: HttpRequest) -> HttpResponse:
    """The drive: the official period, and progress in each unit at the top of the user's scope."""
    scope = scope_for(request.user)
    tops = list(Territory.objects.filter(path__in=scope.paths).order_by("path")) if not scope.empty else []
    tables = [(top, registration_progress(top)) for top in tops]
    return render(
        request,
        "elections/registration.html",
        {
            "period": registration_period_current(),
            "tables": tables,
            "national": scope.national,
            "period_form": forms.PeriodForm(),
        },
    )


@login_required
def registration_unit(request: HttpRequest, code: str) -> HttpResponse:
    territory, inside = territory_for_user(request.user, code)
    if not inside:
        raise Http404
    rows = registration_progress(territory)
    local = territory.level in (Level.COMMUNE, Level.ARRONDISSEMENT)
    declarations = []
    if local:
        declarations = list(
            RegistrationDeclaration.objects.filter(person__home=territory)
            .select_related("person", "person__membership")
            .order_by("person__full_name_ar")
        )
        audit_record(
            user=request.user,
            action="elections.registration_declarations",
            target=code,
            count=len(declarations),
        )
    return render(
        request,
        "elections/registration_unit.html",
        {
            "territory": territory,
            "trail": territory.ancestors(),
            "rows": rows,
            "local": local,
            "target": RegistrationTarget.objects.filter(territory=territory).first(),
            "declarations": declarations,
            "period": registration_period_current(),
            "target_form": forms.TargetForm(),
            "record_form": forms.RecordDeclarationForm(),
        },
    )


@require_POST
@login_required
def registration_target(request: HttpRequest, code: str) -> HttpResponse:
    territory, inside = territory_for_user(request.user, code)
    if not inside:
        raise Http404
    back = redirect("elections:registration_unit", code)
    form = forms.TargetForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    try:
        services.registration_target_set(
            territory=territory, target=form.cleaned_data["target"], by=request.user
        )
    except ValidationError as error:
        _errors(request, error)
        return back
    messages.success(request, _("Target saved."))
    return back


@require_POST
@login_required
def registration_record(request: HttpRequest, code: str) -> HttpResponse:
    """The local secretary records a member's registration (members of this unit only)."""
    territory, inside = territory_for_user(request.user, code)
    if not inside:
        raise Http404
    back = redirect("elections:registration_unit", code)
    form = forms.RecordDeclarationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    membership = (
        members_visible(request.user)
        .filter(person__home=territory, number=form.cleaned_data["membership"].strip())
        .select_related("person")
        .first()
    )
    if membership is None:
        messages.error(request, _("No member of this unit has this number."))
        return back
    try:
        services.registration_declare(
            person=membership.person,
            registered_since=form.cleaned_data["registered_since"],
            by=request.user,
            by_member=False,
        )
    except ValidationError as error:
        _errors(request, error)
        return back
    messages.success(request, _("Registration recorded for %(person)s.") % {"person": membership.person})
    return back


@require_POST
@login_required
def registration_period(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).national:
        raise Http404
    form = forms.PeriodForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("elections:registration")
    try:
        services.registration_period_set(by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Registration period saved."))
    return redirect("elections:registration")


@login_required
def my_registration(request: HttpRequest) -> HttpResponse:
    """A member declares: "I am registered on the electoral lists since <date>"."""
    person_id = _person_id(request.user)
    membership = (
        Membership.objects.filter(person_id=person_id).select_related("person").first() if person_id else None
    )
    form = forms.DeclarationForm(request.POST or None)
    if request.method == "POST":
        if membership is None:
            messages.error(request, _("Only members declare their registration here."))
            return redirect("elections:my_registration")
        if form.is_valid():
            try:
                services.registration_declare(
                    person=membership.person,
                    registered_since=form.cleaned_data["registered_since"],
                    by=request.user,
                    by_member=True,
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Thank you: your registration is recorded."))
            return redirect("elections:my_registration")
    declaration = RegistrationDeclaration.objects.filter(person_id=person_id).first() if person_id else None
    return render(
        request,
        "elections/my_registration.html",
        {
            "membership": membership,
            "declaration": declaration,
            "form": form,
            "period": registration_period_current(),
        },
    )
