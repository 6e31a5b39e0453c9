"""Meeting and directive pages: thin views over the services, every read through the scoped helpers."""

from __future__ import annotations

import mimetypes
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.queries import (
    _person_id,
    directive_for_user,
    directives_visible,
    meeting_for_user,
    meetings_visible,
    members_visible,
    organs_visible,
    people_search_within,
    people_visible,
    targets_reportable,
)
from tanzim.access.scope import scope_for
from tanzim.access.services import audit_record
from tanzim.core.days import parse_day
from tanzim.meetings.forms import (
    CheckInForm,
    DirectiveForm,
    InviteGroupForm,
    InvitePeopleForm,
    MeetingPlanForm,
    ProgressReportForm,
    RecordForm,
    SendForm,
    StatusChangeForm,
)
from tanzim.meetings.models import (
    MEETING_TRANSITIONS,
    Attendance,
    AttendanceStatus,
    CheckIn,
    Deadline,
    Directive,
    DirectiveTarget,
    GroupRule,
    Meeting,
    MeetingStatus,
    ProgressReport,
    TargetStatus,
)
from tanzim.meetings.queries import (
    DIRECTIVE_STATES,
    BoardState,
    attendance_counts,
    directive_board,
    directive_summaries,
    directives_search,
    group_counts,
    group_label,
    meetings_ordered,
    meetings_search,
    my_organ_ids,
    office_holders,
)
from tanzim.meetings.services import (
    attendance_record,
    check_in_resolve,
    directive_issue,
    invitations_send,
    meeting_invite_group,
    meeting_invite_people,
    meeting_plan,
    meeting_record_save,
    meeting_status_change,
    progress_report,
)
from tanzim.organs.models import KIND_ORDER, Organ, OrganKind
from tanzim.people.models import Person
from tanzim.people.search import people_search

ATTENDANCE_PAGE_SIZE = 50
SEARCH_LIMIT = 20


def _attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _error_message(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _form_errors_message(request: HttpRequest, form) -> None:
    texts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields and form.fields[field].label else ""
        texts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    messages.error(request, " ".join(texts))


def _text(request: HttpRequest, name: str) -> str:
    """A search parameter, without the NUL characters PostgreSQL refuses in a query."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:200]


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


def _managed_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = meeting_for_user(request.user, meeting_id)
    if not meeting.managed:
        raise Http404
    return meeting


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else ""))


# --- Meetings -----------------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Meetings in the user's territory and those they are invited to: upcoming first, then past."""
    from tanzim.territory.queries import territory_resolve

    visible = meetings_visible(request.user)
    on, on_error = parse_day(request.GET.get("on", "").strip())
    organ_id = _int(request.GET.get("organ"))
    status = request.GET.get("status", "")
    status = status if status in MeetingStatus.values else ""
    place = _text(request, "territory")
    territory, unknown_place = None, False
    if place:
        found = territory_resolve(place)
        territory, unknown_place = (found[0], False) if found else (None, True)
    meetings = meetings_search(visible, on=on, organ_id=organ_id, territory=territory, status=status)
    if unknown_place or on_error:
        meetings = meetings.none()
    page = Paginator(meetings_ordered(meetings), settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    organs = Organ.objects.filter(pk__in=visible.values("organ_id")).select_related("territory")
    return render(
        request,
        "meetings/list.html",
        {
            "page": page,
            "organs": sorted(organs, key=lambda o: (o.territory.path, o.name_ar)),
            "statuses": MeetingStatus.choices,
            "filters": {
                "on": on.isoformat() if on else "",  # the date box reads ISO only
                "organ": organ_id,
                "status": status,
                "territory": place,
            },
            "on_error": on_error,
            "unknown_place": unknown_place,
            "today": timezone.localdate(),
            "can_plan": organs_visible(request.user).exists(),
        },
    )


@login_required
def meeting_plan_view(request: HttpRequest) -> HttpResponse:
    """Plan a meeting of an organ inside the user's territory."""
    organs = organs_visible(request.user)
    if not organs.exists():
        raise Http404
    scope = scope_for(request.user)
    holders = office_holders(organs, scope.paths)
    mine = min(
        organs.filter(pk__in=my_organ_ids(_person_id(request.user))).select_related("territory"),
        key=lambda organ: (organ.territory.depth, KIND_ORDER.get(organ.kind, 99)),
        default=None,
    )
    form = MeetingPlanForm(
        request.POST or None, organs=organs, holders=holders, initial={"organ": mine.pk if mine else None}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_plan(
                organ=data["organ"],
                kind=data["kind"],
                title_ar=data["title_ar"],
                title_fr=data["title_fr"],
                day=data["day"],
                start_time=data["start_time"],
                part_of_day=data["part_of_day"] or "",
                place_mode=data["place_mode"],
                premises=data["premises"],
                address=data["address"],
                online_link=data["online_link"],
                chairs=[mandate.person for mandate in data["chairs"]],
                agenda=form.agenda_items(),
                by=request.user,
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Meeting planned."))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/plan.html", {"form": form})


def _communique_url(meeting: Meeting) -> str:
    """The press app builds communiqués; its route may not exist yet in this tree."""
    try:
        return reverse("press:communique_from_meeting", kwargs={"meeting_id": meeting.pk})
    except NoReverseMatch:
        return ""


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Everything about a meeting; the management forms only for the organs of the user's territory."""
    meeting = meeting_for_user(request.user, meeting_id)
    chairs = list(meeting.chairs.select_related("person", "mandate", "mandate__person", "mandate__organ"))
    directives = directive_summaries(meeting.directives.all())
    context = {
        "meeting": meeting,
        "chairs": chairs,
        "groups": group_counts(meeting),
        "agenda": list(meeting.agenda.all()),
        "counts": attendance_counts(meeting),
        "directives": directives,
        "transitions": sorted(MEETING_TRANSITIONS.get(meeting.status, set())),
        "statuses": dict(MeetingStatus.choices),
        "communique_url": _communique_url(meeting),
        "attendance_statuses": AttendanceStatus.choices,
        "today": timezone.localdate(),
    }
    if meeting.managed:
        rows = meeting.attendances.select_related("person", "group").order_by("person__full_name_ar", "pk")
        attendance_page = Paginator(rows, ATTENDANCE_PAGE_SIZE).get_page(request.GET.get("apage"))
        audit_record(
            user=request.user,
            action="meeting.attendance",
            target=str(meeting.pk),
            count=len(attendance_page.object_list),
            page=attendance_page.number,
        )
        query = _text(request, "q")
        invited_found, members_found = [], []
        if query:
            invited_ids = meeting.attendances.values("person_id")
            invited_found = [
                person for person, _score in people_search(Person.objects.filter(pk__in=invited_ids), query)
            ][:SEARCH_LIMIT]
            in_scope = Person.objects.filter(pk__in=members_visible(request.user).values("person_id"))
            members_found = [
                person
                for person, _score in people_search(in_scope, query, limit=SEARCH_LIMIT * 2)
                if person not in invited_found
            ][:SEARCH_LIMIT]
            audit_record(
                user=request.user,
                action="meeting.check_in_search",
                target=query[:200],
                count=len(invited_found) + len(members_found),
            )
        context.update(
            {
                "attendance_page": attendance_page,
                "q": query,
                "invited_found": invited_found,
                "members_found": members_found,
                "record_form": RecordForm(
                    initial={
                        "minutes_ar": meeting.minutes_ar,
                        "minutes_fr": meeting.minutes_fr,
                        "conclusions_ar": meeting.conclusions_ar,
                        "conclusions_fr": meeting.conclusions_fr,
                    }
                ),
            }
        )
    return render(request, "meetings/detail.html", context)


@login_required
@require_POST
def meeting_status(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(request, meeting_id)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        _form_errors_message(request, form)
        return _back(meeting)
    try:
        meeting_status_change(meeting=meeting, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request, _("The meeting is now “%(status)s”.") % {"status": meeting.get_status_display()}
        )
    return _back(meeting)


@login_required
def meeting_invite_group_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Invite a group by rule ("the local secretaries of Taounate province"); default names offered."""
    meeting = _managed_meeting(request, meeting_id)
    scope = scope_for(request.user)
    organs = organs_visible(request.user)
    initial = {
        "rule": GroupRule.SECRETARIES_UNDER,
        "territory": meeting.organ.territory.title,
        "organ_kind": OrganKind.LOCAL_SECRETARIAT,
    }
    form = InviteGroupForm(request.POST or None, organs=organs, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organ_kind = data["organ_kind"] or (
            OrganKind.LOCAL_SECRETARIAT if data["rule"] == GroupRule.SECRETARIES_UNDER else ""
        )
        default_ar, default_fr = group_label(
            data["rule"], organ=data["organ"], territory=data["territory"], organ_kind=organ_kind
        )
        try:
            group = meeting_invite_group(
                meeting=meeting,
                rule=data["rule"],
                label_ar=data["label_ar"] or default_ar,
                label_fr=data["label_fr"] or default_fr,
                organ=data["organ"],
                territory=data["territory"],
                organ_kind=organ_kind,
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(
                request,
                _("%(group)s invited: %(count)s people.")
                % {"group": group, "count": group.attendances.count()},
            )
            return _back(meeting, "groups")
    examples = [
        (label, *group_label(rule, territory=meeting.organ.territory, organ_kind=OrganKind.LOCAL_SECRETARIAT))
        for rule, label in GroupRule.choices
        if rule not in (GroupRule.ORGAN_MEMBERS, GroupRule.NAMED)
    ]
    return render(
        request, "meetings/invite_group.html", {"meeting": meeting, "form": form, "examples": examples}
    )


@login_required
def meeting_invite_people_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Invite people one by one: by member number, or chosen from a name search in the territory."""
    meeting = _managed_meeting(request, meeting_id)
    query = _text(request, "q")
    found = []
    if query:
        found = [
            person
            for person, _score in people_search(
                people_visible(request.user), query, within=people_search_within(request.user)
            )
        ]
        audit_record(user=request.user, action="meeting.invite_search", target=query[:200], count=len(found))
    form = InvitePeopleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        people = list(people_visible(request.user).filter(pk__in=form.cleaned_data["person"]))
        numbers = form.cleaned_data["numbers"].replace(",", " ").split()
        unknown = []
        for number in numbers:
            try:
                people.append(check_in_resolve(members=members_visible(request.user), number=number))
            except ValidationError:
                unknown.append(number)
        if unknown:
            form.add_error(
                "numbers", _("No member with the number %(number)s.") % {"number": ", ".join(unknown)}
            )
        elif not people:
            form.add_error(None, _("Choose people or give member numbers."))
        else:
            try:
                added = meeting_invite_people(meeting=meeting, people=people)
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                messages.success(request, _("%(count)s people invited.") % {"count": added})
                return _back(meeting, "attendance")
    return render(
        request,
        "meetings/invite_people.html",
        {"meeting": meeting, "form": form, "q": query, "found": found},
    )


@login_required
@require_POST
def meeting_send(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Send the invitations (or reminders) not sent yet."""
    meeting = _managed_meeting(request, meeting_id)
    form = SendForm(request.POST)
    reminder = form.is_valid() and form.cleaned_data["reminder"]
    try:
        counts = invitations_send(meeting=meeting, reminder=reminder)
    except ValidationError as error:
        _error_message(request, error)
    else:
        text = (
            _("Reminders sent: %(notices)s notices, %(emails)s e-mails.")
            if reminder
            else _("Invitations sent: %(notices)s notices, %(emails)s e-mails.")
        )
        messages.success(request, text % counts)
    return _back(meeting, "attendance")


@login_required
@require_POST
def meeting_check_in(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Attendance at the door: a member number, a card's QR code (a scanner types its URL), or a
    person chosen from the invited or a name search; also the per-row present/excused/absent buttons."""
    meeting = _managed_meeting(request, meeting_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        _form_errors_message(request, form)
        return _back(meeting, "attendance")
    data = form.cleaned_data
    members = members_visible(request.user)
    try:
        if data["number"]:
            person, how = check_in_resolve(members=members, number=data["number"]), CheckIn.NUMBER
        elif data["card"]:
            person, how = check_in_resolve(members=members, card_token=data["card"]), CheckIn.CARD
        else:
            invited = Attendance.objects.filter(meeting=meeting, person_id=data["person"]).exists()
            person = (
                Person.objects.filter(pk=data["person"]).first()
                if invited
                else people_visible(request.user).filter(pk=data["person"]).first()
            )
            if person is None:
                raise ValidationError(_("This person is not among the invited or in your territory."))
            how = CheckIn.NAME if request.POST.get("via") == "search" else CheckIn.LIST
        attendance = attendance_record(meeting=meeting, person=person, status=data["status"], how=how)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {"name": person.display_name, "status": attendance.get_status_display()},
        )
    return _back(meeting, "attendance")


@login_required
@require_POST
def meeting_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(request, meeting_id)
    form = RecordForm(request.POST)
    if form.is_valid():
        try:
            meeting_record_save(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("Minutes and conclusions saved."))
    else:
        _form_errors_message(request, form)
    return _back(meeting, "record")


@login_required
def meeting_directive_issue(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Issue a directive from a meeting: text, deadline, target organs by rule and/or by name."""
    meeting = _managed_meeting(request, meeting_id)
    scope = scope_for(request.user)
    below = organs_visible(request.user).filter(territory__path__startswith=meeting.organ.territory.path)
    form = DirectiveForm(
        request.POST or None,
        organs=below.exclude(pk=meeting.organ_id),
        scope=scope,
        initial={
            "target_kind": OrganKind.LOCAL_SECRETARIAT,
            "target_territory": meeting.organ.territory.title,
            "deadline_kind": Deadline.MONTHS,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive = directive_issue(
                organ=meeting.organ,
                meeting=meeting,
                issued_on=meeting.day,
                text_ar=data["text_ar"],
                text_fr=data["text_fr"],
                deadline_kind=data["deadline_kind"],
                deadline_amount=data["deadline_amount"],
                due_on=data["due_on"],
                target_kind=data["target_kind"],
                target_territory=data["target_territory"],
                targets=list(data["targets"]),
                indicator=data["indicator"],
                indicator_goal=data["indicator_goal"],
                indicator_label=data["indicator_label"],
                by=request.user,
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            if not directive.targets.exists():
                messages.warning(request, _("No organ matches the targets of this directive."))
            messages.success(
                request, _("Directive issued to %(count)s organs.") % {"count": directive.targets.count()}
            )
            return redirect("directives:detail", directive.pk)
    return render(request, "meetings/directive_issue.html", {"meeting": meeting, "form": form})


# --- Directives ---------------------------------------------------------------------------------


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    """Directives issued in the territory or addressed to its organs; a secretary's own organs first."""
    from django.db.models import Case, IntegerField, Value, When

    visible = directives_visible(request.user)
    status = request.GET.get("status", "")
    status = status if status in DIRECTIVE_STATES else ""
    filters = {
        "organ": _int(request.GET.get("organ")),
        "target": _int(request.GET.get("target")),
        "status": status,
        "overdue": request.GET.get("overdue") in ("1", "true", "on"),
    }
    today = timezone.localdate()
    directives = directives_search(
        visible,
        issuing_organ_id=filters["organ"],
        target_organ_id=filters["target"],
        status=status,
        overdue=filters["overdue"],
        today=today,
    )
    mine = my_organ_ids(_person_id(request.user), on=today)
    mine_directives = DirectiveTarget.objects.filter(organ_id__in=mine).values("directive_id")
    directives = directives.annotate(
        mine=Case(When(pk__in=mine_directives, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("mine", "-issued_on", "pk")
    page = Paginator(directives, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = directive_summaries(Directive.objects.filter(pk__in=[d.pk for d in page.object_list]))
    mine_set = set(mine_directives.values_list("directive_id", flat=True)) if mine else set()
    page.object_list.sort(key=lambda d: (d.pk not in mine_set, -d.issued_on.toordinal(), d.pk))
    for directive in page.object_list:
        directive.mine = directive.pk in mine_set
    issuing = Organ.objects.filter(pk__in=visible.values("organ_id")).select_related("territory")
    targeted = Organ.objects.filter(
        pk__in=DirectiveTarget.objects.filter(directive__in=visible).values("organ_id")
    ).select_related("territory")
    return render(
        request,
        "meetings/directive_list.html",
        {
            "page": page,
            "filters": filters,
            "issuing": sorted(issuing, key=lambda o: (o.territory.path, o.name_ar)),
            "targeted": sorted(targeted, key=lambda o: (o.territory.path, o.name_ar)),
            "states": [
                ("done", _("Done")),
                ("in_progress", _("In progress")),
                ("not_started", _("Not started")),
                ("late", _("Late")),
            ],
            "today": today,
        },
    )


@login_required
def directive_detail(request: HttpRequest, directive_id: int) -> HttpResponse:
    """The follow-up board: per target organ, its state, days left or late, reports and evidence."""
    directive = directive_for_user(request.user, directive_id)
    board = directive_board(directive)
    scope = scope_for(request.user)
    if not directive.managed:
        board.rows = [row for row in board.rows if scope.contains(row.target.organ.territory)]
        board.counts = Counter(row.state for row in board.rows)
    reportable = set(
        targets_reportable(request.user).filter(directive=directive).values_list("pk", flat=True)
    )
    for row in board.rows:
        row.reports = list(row.target.reports.all())
        row.reportable = row.target.pk in reportable
        due = directive.due_on
        row.days_late = (board.today - due).days if due and row.state == BoardState.LATE else None
        if due and row.state == BoardState.DONE_LATE and row.target.done_on:
            row.days_late = (row.target.done_on - due).days
    late_rows = [row for row in board.rows if row.state == BoardState.LATE]
    mine = set(my_organ_ids(_person_id(request.user)))
    report_form = ProgressReportForm()
    return render(
        request,
        "meetings/directive_detail.html",
        {
            "directive": directive,
            "board": board,
            "late_rows": late_rows,
            "report_form": report_form,
            "target_statuses": TargetStatus.choices,
            "states": BoardState,
            "reportable_rows": sorted(
                (row for row in board.rows if row.reportable), key=lambda row: row.target.organ_id not in mine
            ),
        },
    )


@login_required
@require_POST
def directive_report(request: HttpRequest, directive_id: int) -> HttpResponse:
    """A target organ reports progress (note, optional evidence file, indicator value)."""
    directive = directive_for_user(request.user, directive_id)
    back = redirect(reverse("directives:detail", args=[directive.pk]) + "#report")
    form = ProgressReportForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors_message(request, form)
        return back
    data = form.cleaned_data
    target = (
        targets_reportable(request.user)
        .filter(directive=directive, pk=data["target"])
        .select_related("directive", "organ")
        .first()
    )
    if target is None:
        messages.error(request, _("You cannot report for this organ."))
        return back
    try:
        progress_report(
            target=target,
            status=data["status"],
            note=data["note"],
            evidence=data["evidence"],
            indicator_value=data["indicator_value"] if directive.indicator else None,
            by=request.user,
        )
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Progress recorded for %(organ)s.") % {"organ": target.organ.name})
    return back


@login_required
def evidence_download(request: HttpRequest, report_id: int) -> HttpResponse:
    """An evidence file, only for those who may see the report: the issuing organ's territory, or
    the target organ's."""
    report = (
        ProgressReport.objects.select_related(
            "target__organ__territory", "target__directive__organ__territory"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None or not report.evidence:
        raise Http404
    scope = scope_for(request.user)
    directive = report.target.directive
    if not (scope.contains(directive.organ.territory) or scope.contains(report.target.organ.territory)):
        raise Http404
    if not directives_visible(request.user).filter(pk=directive.pk).exists():
        raise Http404
    try:
        handle = report.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = report.evidence.name.rsplit("/", 1)[-1]
    audit_record(user=request.user, action="directive.evidence", target=str(report.pk))
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
