import json

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tanzim.access.models import AuditEvent
from tanzim.access.queries import organs_visible
from tanzim.access.scope import home_territories, scope_for
from tanzim.access.services import audit_record, login_failure_record, login_locked, login_success_record
from tanzim.core.csvstream import csv_lines
from tanzim.organs.models import Mandate
from tanzim.organs.queries import organs_with_holders


def home(request: HttpRequest) -> HttpResponse:
    """The user's own organs and territory; a short presentation for visitors."""
    if not request.user.is_authenticated:
        return render(request, "access/welcome.html")
    scope = scope_for(request.user)
    person = getattr(getattr(request.user, "profile", None), "person", None)
    own_organ_ids = []
    mandates = []
    if person is not None:
        mandates = list(
            Mandate.objects.current().filter(person=person).select_related("organ", "organ__territory")
        )
        own_organ_ids = [m.organ_id for m in mandates]
    own_organs = organs_with_holders(organs_visible(request.user).filter(pk__in=own_organ_ids))
    return render(
        request,
        "access/home.html",
        {
            "person": person,
            "mandates": mandates,
            "own_organs": own_organs,
            "territories": home_territories(scope),
            "scope": scope,
        },
    )


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class LoginView(auth_views.LoginView):
    """Django's login, throttled (5 failures per username, 20 per address, in 15 minutes) and audited."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if login_locked(username=username, address=_address(request)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many failed attempts. Wait 15 minutes, then try again."))
            return self.render_to_response(self.get_context_data(form=form, locked=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_failure_record(username=self.request.POST.get("username", ""), address=_address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        login_success_record(user=form.get_user(), address=_address(self.request))
        return response


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit log, for national admins only (404 for everyone else); filter by action and user."""
    if not scope_for(request.user).national:
        raise Http404
    events = AuditEvent.objects.select_related("user").order_by("-at", "-pk")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    username = request.GET.get("user", "").strip()
    if username:
        events = events.filter(user__username=username)
    if request.GET.get("format") == "csv":
        audit_record(user=request.user, action="audit.export", target=request.GET.urlencode()[:200])
        response = StreamingHttpResponse(_audit_csv(events), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="tanzim-audit.csv"'
        return response
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    actions = AuditEvent.objects.values_list("action", flat=True).distinct().order_by("action")
    return render(
        request,
        "access/audit_list.html",
        {"page": page, "action": action, "user_filter": username, "actions": actions},
    )


def _audit_csv(events):
    header = ["at", "user", "action", "target", "scope", "count", "detail"]
    rows = (
        [
            event.at.isoformat(),
            event.user.username if event.user else "",
            event.action,
            event.target,
            event.scope,
            event.count if event.count is not None else "",
            json.dumps(event.detail, ensure_ascii=False),
        ]
        for event in events.iterator(chunk_size=2000)
    )
    return csv_lines(header, rows)
