from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanzim.access.queries import mandates_visible, people_visible, person_for_user
from tanzim.access.services import audit_record
from tanzim.people.queries import people_matching


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """People in the user's territory; each page read is logged (a bulk read of personal data)."""
    query = request.GET.get("q", "").strip()
    people = (
        people_matching(people_visible(request.user), query)
        .select_related("home")
        .order_by("full_name_ar", "pk")
    )
    page = Paginator(people, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
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
