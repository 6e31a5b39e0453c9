"""Oversight pages: coverage dashboards with map and charts, scorecards, settings, evaluation surveys.

Dashboards open only for units inside the user's territory (an ancestor such as the region above a
province is a 404 here: its figures are other secretaries' territory).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.queries import _person_id, organ_for_user, organs_visible, territory_for_user
from tanzim.access.scope import home_territories, scope_for
from tanzim.access.services import audit_record
from tanzim.organs.models import Mandate, OrganKind
from tanzim.oversight import exports, maps
from tanzim.oversight.charts import bars, coverage_chart
from tanzim.oversight.forms import AnswerForm, PeriodForm, SettingsForm, SurveyForm
from tanzim.oversight.models import INDICATORS, Survey, SurveyParticipation
from tanzim.oversight.queries import (
    CoverageReport,
    coverage_of,
    coverage_report,
    scorecard,
    scorecard_settings,
    survey_comments,
    survey_results,
)
from tanzim.oversight.services import (
    scorecard_settings_update,
    survey_answer,
    survey_close,
    survey_eligible,
    survey_is_open,
    survey_open,
    survey_period,
)
from tanzim.people.models import Membership, MemberStatus, Person
from tanzim.territory.models import Level, Territory

UNIT_LEVELS = (Level.COMMUNE, Level.ARRONDISSEMENT)


def _french() -> bool:
    return (get_language() or "ar").startswith("fr")


def _territory_inside(request: HttpRequest, code: str) -> Territory:
    territory, inside = territory_for_user(request.user, code)
    if not inside:
        raise Http404
    return territory


def _label(name: str, active: int, total: int, share: float) -> str:
    return _("%(name)s: %(share)s %% (%(active)s of %(total)s communes)") % {
        "name": name,
        "share": share,
        "active": active,
        "total": total,
    }


def _map(report: CoverageReport, layer: str) -> maps.Map | None:
    """Regions or provinces of Morocco (national page) or the provinces of a region."""
    territory = report.territory
    if territory.level not in (Level.COUNTRY, Level.REGION):
        return None
    depth = 2 if layer == "regions" else 3
    coverage: dict[str, list] = {}
    for unit in report.units:
        code = unit.path.split("/")[depth - 1]
        coverage.setdefault(code, []).append(unit)
    values = {}
    for code, units in coverage.items():
        figures = coverage_of(units)
        shape_name = next((s for s in maps.shapes(layer) if s.code == code), None)
        name = (shape_name.name_fr if _french() else shape_name.name_ar) if shape_name else code
        values[code] = (
            figures.share,
            reverse("oversight:dashboard", kwargs={"code": code}),
            _label(name, figures.active, figures.total, figures.share),
        )
    only = None
    if territory.level == Level.REGION:
        only = {s.code for s in maps.shapes("provinces") if s.region_code == territory.code}
    return maps.choropleth(layer, values, only=only, french=_french())


def _dashboard_context(request: HttpRequest, territory: Territory) -> dict:
    report = coverage_report(territory)
    layer = request.GET.get("layer") if request.GET.get("layer") in ("regions", "provinces") else None
    if layer is None:
        layer = "regions" if territory.level == Level.COUNTRY else "provinces"
    unit = report.units[0] if territory.level in UNIT_LEVELS and len(report.units) == 1 else None
    own_score = None
    if unit is not None and unit.organ_id:
        end = report.today
        # Ranked within the province: only this organ's row is shown.
        province = Territory.objects.get(path="/".join(territory.path.split("/")[:3]) + "/")
        rows = scorecard(province, start=end - datetime.timedelta(days=89), end=end)
        own_score = next((row for row in rows if row.organ_id == unit.organ_id), None)
    children_bars = bars(
        [
            (
                child.territory.name_fr if _french() and child.territory.name_fr else child.territory.name_ar,
                child.coverage.share,
                reverse("oversight:dashboard", kwargs={"code": child.territory.code}),
            )
            for child in report.children
        ]
    )
    return {
        "territory": territory,
        "report": report,
        "coverage": report.coverage,
        "chart": coverage_chart(report.history, report.plan),
        "map": _map(report, layer),
        "layer": layer,
        "children": list(zip(report.children, children_bars, strict=True)),
        "unit": unit,
        "own_score": own_score,
        "is_unit": territory.level in UNIT_LEVELS,
        "is_country": territory.level == Level.COUNTRY,
        "shows_units": territory.level not in (Level.COUNTRY, Level.REGION),
        "ancestors": [t for t in territory.ancestors() if scope_for(request.user).contains(t)],
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the user's territory; a list when they have several, an empty state without."""
    tops = home_territories(scope_for(request.user))
    if len(tops) == 1:
        return render(request, "oversight/dashboard.html", _dashboard_context(request, tops[0]))
    return render(request, "oversight/home.html", {"tops": tops})


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    territory = _territory_inside(request, code)
    return render(request, "oversight/dashboard.html", _dashboard_context(request, territory))


@login_required
def dashboard_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    territory = _territory_inside(request, code)
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    context = _dashboard_context(request, territory)
    audit_record(user=request.user, action=f"oversight.export.{fmt}", target=territory.code)
    name = f"coverage-{territory.code}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.coverage_xlsx(context["report"]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(exports.coverage_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date, PeriodForm]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = today - datetime.timedelta(days=89), today
    if form.is_valid():
        end = form.cleaned_data.get("end") or end
        start = form.cleaned_data.get("start") or end - datetime.timedelta(days=89)
    return start, end, form


@login_required
def scorecard_view(request: HttpRequest, code: str) -> HttpResponse:
    territory = _territory_inside(request, code)
    start, end, form = _period(request)
    settings = scorecard_settings()
    weights = settings.weights()
    broad = territory.level in (Level.COUNTRY, Level.REGION)
    rows = [] if broad else scorecard(territory, start=start, end=end, weights=weights)
    provinces = (
        Territory.objects.filter(path__startswith=territory.path, level=Level.PROVINCE).order_by("path")
        if broad
        else []
    )
    return render(
        request,
        "oversight/scorecard.html",
        {
            "territory": territory,
            "rows": rows,
            "provinces": provinces,
            "form": form,
            "start": start,
            "end": end,
            "previous_start": start - (end - start) - datetime.timedelta(days=1),
            "previous_end": start - datetime.timedelta(days=1),
            "weights": [(name, weights[name]) for name in INDICATORS],
            "settings": settings,
        },
    )


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    """The weights of the scorecard and the activity window: the organization pole (national admins)."""
    if not scope_for(request.user).national:
        raise Http404
    settings = scorecard_settings()
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scorecard_settings_update(
                by=request.user,
                active_days=data["active_days"],
                weights={name: data[f"weight_{name}"] for name in INDICATORS},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The scorecard settings are saved."))
        return redirect("oversight:settings")
    return render(request, "oversight/settings.html", {"form": form})


# --- Evaluation surveys --------------------------------------------------------------------------


def surveys_visible(user):
    """Surveys of organs inside the user's territory (what the organs opened)."""
    return Survey.objects.filter(scope_for(user).q("organ__territory__path"))


def survey_for_user(user, survey_id: int) -> Survey:
    survey = surveys_visible(user).select_related("organ", "organ__territory").filter(pk=survey_id).first()
    if survey is None:
        raise Http404
    return survey


def _person(user) -> Person | None:
    person_id = _person_id(user)
    return Person.objects.select_related("home").filter(pk=person_id).first() if person_id else None


def surveys_answerable(person: Person, today: datetime.date):
    """Open surveys the person may answer: of organs they hold office in, or (active members) of organs
    at or above their home territory."""
    parts = person.home.path.strip("/").split("/")
    above = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    query = Q(organ__in=Mandate.objects.current(today).filter(person=person).values("organ_id"))
    if Membership.objects.filter(person=person, status=MemberStatus.ACTIVE).exists():
        query |= Q(organ__territory__path__in=above)
    return (
        Survey.objects.filter(query)
        .filter(opens_on__lte=today)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .select_related("organ", "organ__territory")
    )


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = (
        surveys_visible(request.user)
        .select_related("organ", "organ__territory")
        .annotate(answer_count=Count("answers"))
        .order_by("-opens_on", "-pk")[:200]
    )
    organs = (
        organs_visible(request.user)
        .exclude(status="dissolved")
        .filter(
            kind__in=[
                OrganKind.LOCAL_SECRETARIAT,
                OrganKind.PROVINCIAL_SECRETARIAT,
                OrganKind.REGIONAL_SECRETARIAT,
            ]
        )
        .select_related("territory")
        .order_by("territory__path", "kind")[:300]
    )
    return render(
        request,
        "oversight/survey_list.html",
        {"surveys": surveys, "organs": organs, "today": timezone.localdate()},
    )


@login_required
def survey_new(request: HttpRequest, organ_id: int) -> HttpResponse:
    organ = organ_for_user(request.user, organ_id)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                survey = survey_open(
                    organ=organ,
                    by=request.user,
                    question_ar=data["question_ar"],
                    question_fr=data["question_fr"],
                    kind=data["kind"],
                    allow_anonymous=data["allow_anonymous"],
                    closes_on=data["closes_on"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The survey is open to the members."))
                return redirect("oversight:survey", survey_id=survey.pk)
        else:
            messages.error(request, _("Check the form: %(fields)s") % {"fields": ", ".join(form.errors)})
        return redirect("oversight:survey_new", organ_id=organ.pk)
    return render(request, "oversight/survey_new.html", {"organ": organ, "form": form})


@login_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, survey_id)
    months = survey_results(survey)
    audit_record(user=request.user, action="survey.results", target=str(survey.pk))
    return render(
        request,
        "oversight/survey_detail.html",
        {
            "survey": survey,
            "months": months,
            "comments": survey_comments(survey),
            "participants": survey.participations.count(),
            "is_open": survey_is_open(survey, timezone.localdate()),
        },
    )


@login_required
def survey_export(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    survey = survey_for_user(request.user, survey_id)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    audit_record(user=request.user, action=f"survey.export.{fmt}", target=str(survey.pk))
    months, comments = survey_results(survey), survey_comments(survey)
    if fmt == "csv":
        response = HttpResponse(
            exports.survey_csv(survey, months, comments), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.survey_xlsx(survey, months, comments),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.{fmt}"'
    return response


@login_required
@require_POST
def survey_close_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, survey_id)
    try:
        survey_close(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The survey is closed."))
    return redirect("oversight:survey", survey_id=survey.pk)


@login_required
def my_evaluations(request: HttpRequest) -> HttpResponse:
    """A member's own page of evaluations: the surveys open to them and whether they answered."""
    person = _person(request.user)
    today = timezone.localdate()
    rows = []
    if person is not None:
        surveys = list(surveys_answerable(person, today))
        answered = set(
            SurveyParticipation.objects.filter(person=person, survey__in=surveys).values_list(
                "survey_id", "period"
            )
        )
        rows = [(survey, (survey.pk, survey_period(survey, today)) in answered) for survey in surveys]
    return render(request, "oversight/mine.html", {"rows": rows, "person": person})


def _answerable(request: HttpRequest, survey_id: int) -> tuple[Survey, Person]:
    person = _person(request.user)
    if person is None:
        raise Http404
    today = timezone.localdate()
    survey = surveys_answerable(person, today).filter(pk=survey_id).first()
    if survey is None or not survey_eligible(survey=survey, person=person, today=today):
        raise Http404
    return survey, person


@login_required
def survey_answer_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey, person = _answerable(request, survey_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                survey_answer(
                    survey=survey,
                    person=person,
                    rating=data["rating"],
                    comment=data["comment"],
                    anonymous=data["anonymous"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("oversight:answer", survey_id=survey.pk)
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("oversight:mine")
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect("oversight:answer", survey_id=survey.pk)
    return render(request, "oversight/answer.html", {"survey": survey, "form": form})
