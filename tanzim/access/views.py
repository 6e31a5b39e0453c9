from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanzim.access.queries import organs_visible
from tanzim.access.scope import home_territories, scope_for
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


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
