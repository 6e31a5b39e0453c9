from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanzim.access.queries import organ_for_user, organs_visible
from tanzim.access.scope import scope_for
from tanzim.core.days import parse_day
from tanzim.organs.models import OrganKind
from tanzim.organs.queries import org_chart, organs_with_holders
from tanzim.people.models import Person
from tanzim.people.queries import representation
from tanzim.territory.queries import territory_resolve


@login_required
def organ_list(request: HttpRequest) -> HttpResponse:
    organs = (
        organs_visible(request.user)
        .select_related("territory")
        .order_by("territory__path", "kind", "name_ar")
    )
    kind = request.GET.get("kind", "")
    if kind in OrganKind.values:
        organs = organs.filter(kind=kind)
    place = request.GET.get("territory", "").strip()
    unknown_place = False
    if place:
        found = territory_resolve(place)
        if found:
            organs = organs.filter(territory__path__startswith=found[0].path)
        else:
            unknown_place = True
            organs = organs.none()
    page = Paginator(organs, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = organs_with_holders(organs.filter(pk__in=[o.pk for o in page.object_list]))
    return render(
        request,
        "organs/list.html",
        {
            "page": page,
            "kinds": OrganKind.choices,
            "kind": kind,
            "place": place,
            "unknown_place": unknown_place,
        },
    )


@login_required
def organ_detail(request: HttpRequest, organ_id: int) -> HttpResponse:
    """The org chart of one organ: office holders now, proposed and past; organs above and below."""
    organ = organ_for_user(request.user, organ_id)
    scope = scope_for(request.user)
    on, on_error = parse_day(request.GET.get("on", ""))
    chart = org_chart(organ, visible_organs=organs_visible(request.user), today=on)
    return render(
        request,
        "organs/detail.html",
        {
            "chart": chart,
            "organ": organ,
            "premises": list(organ.premises.select_related("commune")),
            "above_visible": {o.pk for o in chart.above if scope.contains(o.territory)},
            "trail": [*organ.territory.ancestors(), organ.territory],
            "leadership": representation(Person.objects.filter(pk__in=[m.person_id for m in chart.current])),
            "on": on,
            "on_error": on_error,
        },
    )
