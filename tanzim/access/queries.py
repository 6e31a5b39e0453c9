"""Scoped reads: every view and API operation fetches through these. Outside the scope is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tanzim.access.scope import Scope, person_id_of, scope_for
from tanzim.meetings.models import Attendance, Directive, DirectiveTarget, Meeting
from tanzim.organs.models import Mandate, Organ
from tanzim.people.models import Membership, Person, RollsCampaign
from tanzim.people.search import Within
from tanzim.press.models import Communique, Notice, NoticeRecipient
from tanzim.territory.models import Territory


def territories_visible(user) -> QuerySet[Territory]:
    """Units inside the scope (for lists); ancestors are reachable as ways in, see territory_for_user."""
    return Territory.objects.filter(scope_for(user).q("path"))


def territory_for_user(user, code: str) -> tuple[Territory, bool]:
    """(unit, inside) — inside the scope, or an ancestor of it (then `inside` is False). Else 404."""
    scope = scope_for(user)
    territory = Territory.objects.filter(code=code).first()
    if territory is None:
        raise Http404
    if scope.contains(territory):
        return territory, True
    if scope.on_the_way(territory) or territory.parent_id is None:
        return territory, False  # Morocco is everyone's way in, even with an empty scope
    raise Http404


def organs_visible(user) -> QuerySet[Organ]:
    return Organ.objects.filter(scope_for(user).q("territory__path"))


def organ_for_user(user, organ_id: int) -> Organ:
    organ = organs_visible(user).select_related("territory", "parent").filter(pk=organ_id).first()
    if organ is None:
        raise Http404
    return organ


def people_visible(user) -> QuerySet[Person]:
    """People attached inside the scope, and people serving in an organ inside it."""
    scope: Scope = scope_for(user)
    if scope.national:
        return Person.objects.all()
    if scope.empty:
        return Person.objects.none()
    # The few people serving in the scope's organs as a list, not a subquery: with `OR id IN
    # (subquery)` PostgreSQL cannot size the scope and walked the whole people table by id for a
    # name search (0.35–0.45 s for a province at a million people, 30 ms with the list).
    return Person.objects.filter(scope.q_unit("home") | Q(pk__in=scope.serving_person_ids))


def people_search_within(user) -> Within | None:
    """What `people_visible(user)` holds, for `people_search(…, within=…)` (None: the country)."""
    scope: Scope = scope_for(user)
    if scope.national:
        return None
    return Within(units=scope.territory_ids, people=scope.serving_person_ids)


def person_for_user(user, person_id: int) -> Person:
    person = people_visible(user).filter(pk=person_id).select_related("home", "commune").first()
    if person is None:
        raise Http404
    return person


def mandates_visible(user) -> QuerySet[Mandate]:
    return Mandate.objects.filter(scope_for(user).q("organ__territory__path"))


def members_visible(user) -> QuerySet[Membership]:
    """Memberships of people attached inside the user's scope."""
    return Membership.objects.filter(scope_for(user).q_unit("person__home"))


def member_for_user(user, membership_id: int) -> Membership:
    """One membership of the user's scope (as `members_visible`), else 404. Read by its key and
    checked against the scope's units here: the same answer as filtering by the scope, without a
    list of every unit of a province in the query."""
    try:
        membership = Membership.objects.select_related(
            "person", "person__home", "person__commune", "local_organ", "local_organ__territory"
        ).get(pk=membership_id)
    except Membership.DoesNotExist:
        raise Http404 from None
    if not scope_for(user).contains_unit(membership.person.home_id):
        raise Http404
    return membership


def campaigns_visible(user) -> QuerySet[RollsCampaign]:
    """Campaigns opened by an organ inside the scope, or above it (a local organ takes part in its
    province's campaign)."""
    scope = scope_for(user)
    if scope.national:
        return RollsCampaign.objects.all()
    query = scope.q("organ__territory__path")
    for path in scope.paths:
        parts = path.strip("/").split("/")
        ancestors = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]
        query |= Q(organ__territory__path__in=ancestors)
    return RollsCampaign.objects.filter(query) if not scope.empty else RollsCampaign.objects.none()


def campaign_for_user(user, campaign_id: int) -> RollsCampaign:
    campaign = (
        campaigns_visible(user).select_related("organ", "organ__territory").filter(pk=campaign_id).first()
    )
    if campaign is None:
        raise Http404
    return campaign


_person_id = person_id_of  # the name the domains' queries and views import


def meetings_visible(user) -> QuerySet[Meeting]:
    """Meetings of organs inside the scope, and meetings the user is invited to (wherever they are),
    except through an API token limited to a unit: that token sees the unit's meetings only."""
    scope = scope_for(user)
    query = scope.q("organ__territory__path") if not scope.empty else Q(pk__in=[])
    person_id = _person_id(user)
    if person_id and not scope.national and not scope.narrowed:
        query |= Q(pk__in=Attendance.objects.filter(person_id=person_id).values("meeting_id"))
    return Meeting.objects.filter(query)


def meetings_managed(user) -> QuerySet[Meeting]:
    """Meetings the user may change: those of organs inside the scope (not mere invitations)."""
    return Meeting.objects.filter(scope_for(user).q("organ__territory__path"))


def meeting_for_user(user, meeting_id: int) -> Meeting:
    meeting = (
        meetings_visible(user)
        .select_related("organ", "organ__territory", "premises")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404
    meeting.managed = meetings_managed(user).filter(pk=meeting.pk).exists()
    return meeting


def directives_visible(user) -> QuerySet[Directive]:
    """Directives issued by an organ inside the scope, and directives targeting an organ inside it
    (a local secretary sees what the province asked of his secretariat)."""
    scope = scope_for(user)
    if scope.national:
        return Directive.objects.all()
    if scope.empty:
        return Directive.objects.none()
    targeted = DirectiveTarget.objects.filter(scope.q("organ__territory__path")).values("directive_id")
    return Directive.objects.filter(scope.q("organ__territory__path") | Q(pk__in=targeted))


def directive_for_user(user, directive_id: int) -> Directive:
    directive = (
        directives_visible(user)
        .select_related("organ", "organ__territory", "meeting", "target_territory")
        .filter(pk=directive_id)
        .first()
    )
    if directive is None:
        raise Http404
    directive.managed = scope_for(user).contains(directive.organ.territory)
    return directive


def targets_reportable(user) -> QuerySet[DirectiveTarget]:
    """Targets the user may report progress for: target organs inside the scope."""
    return DirectiveTarget.objects.filter(scope_for(user).q("organ__territory__path"))


def communiques_visible(user) -> QuerySet[Communique]:
    """Communiqués of organs inside the scope, drafts included (the public sees published ones only)."""
    return Communique.objects.filter(scope_for(user).q("organ__territory__path"))


def communique_for_user(user, communique_id: int) -> Communique:
    communique = (
        communiques_visible(user)
        .select_related("organ", "organ__territory", "meeting")
        .filter(pk=communique_id)
        .first()
    )
    if communique is None:
        raise Http404
    return communique


def notices_sent_visible(user) -> QuerySet[Notice]:
    return Notice.objects.filter(scope_for(user).q("organ__territory__path"))


def notices_received_visible(user) -> QuerySet[NoticeRecipient]:
    return NoticeRecipient.objects.filter(scope_for(user).q("organ__territory__path"))
