import json
import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access import totp
from tanzim.access.forms import CodeForm
from tanzim.access.middleware import CHECKED, SECOND_FACTOR, second_factor_mark
from tanzim.access.models import AuditEvent, RecoveryCode, TotpDevice
from tanzim.access.queries import organs_visible
from tanzim.access.scope import home_territories, scope_for
from tanzim.access.services import (
    SecondFactorError,
    audit_record,
    login_failure_record,
    login_locked,
    login_success_record,
    second_factor_enrolled,
    second_factor_required,
    totp_disable,
    totp_enrol_confirm,
    totp_verify,
)
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


# The two-step login: the password step keeps the user here (not signed in) for a few minutes.
LOGIN_PENDING = "tanzim_login_pending"
LOGIN_PENDING_SECONDS = 300
# The secret shown on the enrolment page, kept in the session until a code confirms it.
ENROL_SECRET = "tanzim_totp_secret"


class LoginView(auth_views.LoginView):
    """Django's login, throttled (5 failures per username, 20 per address, in 15 minutes) and audited.

    A user with an authenticator app is not signed in after the password: the session keeps who
    they are for five minutes and the code step (`login_code`) signs them in.
    """

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
        user = form.get_user()
        if second_factor_enrolled(user):
            self.request.session[LOGIN_PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "until": time.time() + LOGIN_PENDING_SECONDS,
                "next": self.get_success_url(),
            }
            return redirect("login_code")
        response = super().form_valid(form)
        login_success_record(user=user, address=_address(self.request))
        return response


def _pending_login(request: HttpRequest):
    """The user who gave the right password a moment ago in this session, or None."""
    pending = request.session.get(LOGIN_PENDING)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        return None, None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def login_code(request: HttpRequest) -> HttpResponse:
    """Second step of the login: a code from the authenticator app (or a recovery code)."""
    if request.user.is_authenticated:
        return redirect("home")
    user, pending = _pending_login(request)
    if user is None:
        if request.session.pop(LOGIN_PENDING, None) is not None:
            messages.error(request, _("The sign-in took too long. Enter your password again."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            method = totp_verify(user=user, code=form.cleaned_data["code"], address=_address(request))
        except SecondFactorError as error:
            if error.reason == "locked":
                form.add_error(None, _("Too many failed attempts. Wait 15 minutes, then try again."))
                status = 429
            else:
                form.add_error("code", _("Wrong code, or a code already used. Wait for the next one."))
            form.data = {"code": ""}  # an empty field for the next try
        else:
            del request.session[LOGIN_PENDING]
            login(request, user, backend=pending["backend"])
            second_factor_mark(request, CHECKED)
            login_success_record(user=user, address=_address(request), method=method)
            if method == "recovery":
                left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)s left. Each code works once.")
                    % {"left": left},
                )
            target = pending.get("next") or "/"
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target)
    return render(
        request, "access/login_code.html", {"form": form, "username": user.get_username()}, status=status
    )


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """Two-factor authentication for one's own account: state, enrolment, removal."""
    device = TotpDevice.objects.filter(user=request.user).first()
    codes_left = RecoveryCode.objects.filter(user=request.user, used_at__isnull=True).count() if device else 0
    return render(
        request,
        "access/security.html",
        {
            "device": device,
            "codes_left": codes_left,
            "required": second_factor_required(request.user),
            "form": CodeForm(),
        },
    )


@login_required
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret (QR code and text); a code from the app confirms it. Recovery codes once."""
    if second_factor_enrolled(request.user):
        return redirect("account_security")
    secret = request.session.get(ENROL_SECRET) or totp.secret_new()
    request.session[ENROL_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_enrol_confirm(
                user=request.user, secret=secret, code=form.cleaned_data["code"], address=_address(request)
            )
        except SecondFactorError:
            form.add_error(
                "code", _("This code does not match. Check the phone's time and try the next code.")
            )
        else:
            del request.session[ENROL_SECRET]
            second_factor_mark(request, CHECKED)
            return render(request, "access/recovery_codes.html", {"codes": codes})
    uri = totp.provisioning_uri(secret, account=request.user.get_username())
    return render(
        request,
        "access/totp_enrol.html",
        {
            "form": form,
            "qr_svg": totp.qr_svg(uri),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "required": second_factor_required(request.user),
        },
    )


@login_required
@require_POST
def totp_disable_view(request: HttpRequest) -> HttpResponse:
    """Remove the authenticator app: needs a current code (or a recovery code)."""
    if not second_factor_enrolled(request.user):
        return redirect("account_security")
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a current code to turn two-factor authentication off."))
        return redirect("account_security")
    try:
        totp_disable(user=request.user, code=form.cleaned_data["code"], address=_address(request))
    except SecondFactorError as error:
        if error.reason == "locked":
            messages.error(request, _("Too many failed attempts. Wait 15 minutes, then try again."))
        else:
            messages.error(request, _("Wrong code, or a code already used. Wait for the next one."))
        return redirect("account_security")
    # National admins who must use a code are sent to enrol again by the middleware.
    request.session.pop(SECOND_FACTOR, None)
    messages.success(request, _("Two-factor authentication is off for your account."))
    return redirect("account_security")


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
