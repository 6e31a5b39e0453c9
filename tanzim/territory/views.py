from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanzim.access.queries import organs_visible, territory_for_user
from tanzim.access.scope import scope_for
from tanzim.organs.queries import territory_organs
from tanzim.people.queries import active_members_representation
from tanzim.territory.models import Level
from tanzim.territory.queries import children_with_counts, level_totals


@login_required
def country(request: HttpRequest) -> HttpResponse:
    return detail(request, "MA")


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """A unit: its place in the tree, its figures, the units below it and the party's organs there."""
    territory, inside = territory_for_user(request.user, code)
    scope = scope_for(request.user)
    children = [c for c in children_with_counts(territory) if scope.contains(c) or scope.on_the_way(c)]
    organ_counts = dict(
        organs_visible(request.user)
        .filter(territory__parent=territory)
        .values_list("territory_id")
        .annotate(n=Count("pk"))
        .values_list("territory_id", "n")
    )
    for child in children:
        child.organ_count = organ_counts.get(child.pk, 0)
    return render(
        request,
        "territory/detail.html",
        {
            "territory": territory,
            "inside": inside,
            "ancestors": territory.ancestors(),
            "children": children,
            "totals": level_totals(territory) if inside else {},
            "organs": territory_organs(territory, visible_organs=organs_visible(request.user))
            if inside
            else [],
            "Level": Level,
            "children_are_communes": territory.level == Level.PROVINCE,
            "membership": active_members_representation(territory) if inside else None,
        },
    )
