"""Reads for citizens' files, complaints and premises. Every page fetches through these helpers.

Citizens' files follow the territorial rule (the organ that took the file and the organs above it)
plus one explicit grant: the parliamentarian the file is assigned to, when he has a login
(`Profile.person`). Complaints do NOT follow the territorial rule: see `complaints_visible`.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from tanzim.access.queries import _person_id, organs_visible
from tanzim.access.scope import scope_for
from tanzim.casework.models import (
    DEFAULT_SERVICE_DAYS,
    OPEN_STATUSES,
    CaseFile,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    PremisesNeed,
    ServiceLevel,
)
from tanzim.organs.models import Mandate, Organ, OrganKind, Premises, Role
from tanzim.people.models import Person
from tanzim.territory.models import Level, Territory

SECRETARIAT_KINDS = [
    OrganKind.LOCAL_SECRETARIAT,
    OrganKind.PROVINCIAL_SECRETARIAT,
    OrganKind.REGIONAL_SECRETARIAT,
    OrganKind.GENERAL_SECRETARIAT,
]
# Who answers for an organ complained against: its secretary (or president, or head).
ORGAN_LEADS = [Role.SECRETARY_GENERAL, Role.SECRETARY, Role.PRESIDENT, Role.HEAD_OF_POLE]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def service_days() -> dict[str, int]:
    """Days a file may stay in each open status (ServiceLevel rows override the defaults)."""
    days = dict(DEFAULT_SERVICE_DAYS)
    days.update({row.status: row.days for row in ServiceLevel.objects.all()})
    return days


# --- Territory → organs and parliamentarians ------------------------------------------------------


def secretariat_for(territory: Territory) -> Organ | None:
    """The nearest secretariat at or above a unit: the local one of the arrondissement or commune,
    else the provincial, regional or general secretariat."""
    prefixes = [territory.path[: i + 1] for i, ch in enumerate(territory.path) if ch == "/"]
    organs = Organ.objects.filter(
        kind__in=SECRETARIAT_KINDS, territory__path__in=prefixes, status="active"
    ).select_related("territory")
    return max(organs, key=lambda o: (len(o.territory.path), -o.pk), default=None)


def _province_of(territory: Territory) -> Territory | None:
    if territory.level == Level.PROVINCE:
        return territory
    return next((t for t in territory.ancestors() if t.level == Level.PROVINCE), None)


def parliamentarians_for(territory: Territory) -> list[Person]:
    """The party's parliamentarians for a unit: those whose constituency covers it
    (`tanzim.elections.queries.parliamentarians_for`). Without the elections app, members of a
    parliamentary group attached to the unit's province stand in for them."""
    try:
        from tanzim.elections.queries import parliamentarians_for as elected_for
    except ImportError:  # pragma: no cover - the elections app is installed
        elected_for = None
    if elected_for is not None:
        return sorted(elected_for(territory), key=lambda p: p.full_name_ar)
    province = _province_of(territory)
    if province is None:
        return []
    mandates = (
        Mandate.objects.current()
        .filter(organ__kind=OrganKind.PARLIAMENTARY_GROUP, person__home__path__startswith=province.path)
        .select_related("person")
    )
    return sorted({m.person_id: m.person for m in mandates}.values(), key=lambda p: p.full_name_ar)


# --- Citizens' files ------------------------------------------------------------------------------


def cases_managed(user) -> QuerySet[CaseFile]:
    """Files of organs inside the user's territory (the organ that took it and those above)."""
    return CaseFile.objects.filter(scope_for(user).q("organ__territory__path"))


def cases_visible(user) -> QuerySet[CaseFile]:
    """Files in the territory, and files assigned to the user as parliamentarian."""
    scope = scope_for(user)
    query = scope.q("organ__territory__path") if not scope.empty else Q(pk__in=[])
    person_id = _person_id(user)
    if person_id and not scope.national:
        query |= Q(parliamentarian_id=person_id)
    return CaseFile.objects.filter(query)


def case_for_user(user, case_id: int) -> CaseFile:
    case = (
        cases_visible(user)
        .select_related("organ", "organ__territory", "commune", "parliamentarian")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_by_token(token: str) -> CaseFile | None:
    if not token or len(token) > 100:
        return None
    return CaseFile.objects.select_related("commune").filter(follow_digest=token_digest(token)).first()


@dataclass
class BoardColumn:
    status: str
    label: str
    count: int
    overdue: int
    days: int | None


def case_board(cases: QuerySet[CaseFile]) -> list[BoardColumn]:
    """Counts per status, with the overdue ones (past their service level)."""
    days = service_days()
    counts = Counter(cases.values_list("status", flat=True))
    late = Counter(cases.overdue(days).values_list("status", flat=True))
    return [
        BoardColumn(
            status=value,
            label=str(label),
            count=counts.get(value, 0),
            overdue=late.get(value, 0),
            days=days.get(value) if value in OPEN_STATUSES else None,
        )
        for value, label in CaseStatus.choices
    ]


def case_due(case: CaseFile, days: dict[str, int]):
    """When the file is due to leave its status (None when closed or answered)."""
    if case.status not in OPEN_STATUSES:
        return None
    return case.status_changed_at + datetime.timedelta(days=days[case.status])


def cases_filter(
    cases: QuerySet[CaseFile],
    *,
    status: str = "",
    organ_id: int | None = None,
    parliamentarian_id: int | None = None,
    overdue: bool = False,
    category: str = "",
) -> QuerySet[CaseFile]:
    if status:
        cases = cases.filter(status=status)
    if organ_id:
        cases = cases.filter(organ_id=organ_id)
    if parliamentarian_id:
        cases = cases.filter(parliamentarian_id=parliamentarian_id)
    if category:
        cases = cases.filter(category=category)
    if overdue:
        cases = cases.overdue(service_days())
    return cases


def intake_organs(user) -> QuerySet[Organ]:
    """Organs a user may take a file for: secretariats inside the territory."""
    return organs_visible(user).filter(kind__in=SECRETARIAT_KINDS).select_related("territory")


def communes_of(organ: Organ) -> QuerySet[Territory]:
    return Territory.objects.filter(
        path__startswith=organ.territory.path, level__in=[Level.COMMUNE, Level.ARRONDISSEMENT]
    )


# --- Ethics and arbitration -----------------------------------------------------------------------


def competent_committee(person: Person) -> Organ:
    """The regional arbitration and ethics committee of the person's region when there is one, else
    the national committee."""
    region_path = (
        "/".join(person.home.path.split("/")[:2]) + "/" if person.home.level != Level.COUNTRY else ""
    )
    committees = Organ.objects.filter(kind=OrganKind.ETHICS_COMMITTEE).exclude(status="dissolved")
    if region_path:
        regional = committees.filter(territory__path=region_path).order_by("pk").first()
        if regional is not None:
            return regional
    national = national_committee()
    if national is None:
        raise Organ.DoesNotExist("No national arbitration and ethics committee")
    return national


def national_committee() -> Organ | None:
    return (
        Organ.objects.filter(kind=OrganKind.ETHICS_COMMITTEE, territory__parent__isnull=True)
        .exclude(status="dissolved")
        .order_by("pk")
        .first()
    )


def committee_members(organ: Organ) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=Mandate.objects.current().filter(organ=organ).values("person_id"))


def organ_leads(organ: Organ) -> QuerySet[Person]:
    """Who answers for an organ complained against: its current secretary (or president, or head)."""
    return Person.objects.filter(
        pk__in=Mandate.objects.current().filter(organ=organ, role__in=ORGAN_LEADS).values("person_id")
    )


def _committees_of(person_id: int) -> QuerySet:
    return (
        Mandate.objects.current()
        .filter(person_id=person_id, organ__kind=OrganKind.ETHICS_COMMITTEE)
        .values("organ_id")
    )


def complaints_visible(user) -> QuerySet[Complaint]:
    """Confidential: the members of the committee seized (and of the first committee after an
    appeal), the complainant, and the respondent — the person, or the secretary of the organ.
    Territorial scope gives nothing here: national admins and secretaries above see no complaint
    unless they are one of those (national admins see counts only, see `complaint_counts`)."""
    person_id = _person_id(user)
    if not person_id:
        return Complaint.objects.none()
    committees = _committees_of(person_id)
    led = Mandate.objects.current().filter(person_id=person_id, role__in=ORGAN_LEADS).values("organ_id")
    return Complaint.objects.filter(
        Q(committee_id__in=committees)
        | Q(first_committee_id__in=committees)
        | Q(complainant_id=person_id)
        | Q(respondent_kind="person", respondent_person_id=person_id)
        | Q(respondent_kind="organ", respondent_organ_id__in=led)
    )


@dataclass
class ComplaintAccess:
    committee_member: bool
    complainant: bool
    respondent: bool

    @property
    def party(self) -> bool:
        return self.complainant or self.respondent


def complaint_for_user(user, complaint_id: int) -> tuple[Complaint, ComplaintAccess]:
    complaint = (
        complaints_visible(user)
        .select_related(
            "complainant",
            "respondent_person",
            "respondent_organ",
            "committee",
            "first_committee",
            "recorded_by_organ",
        )
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None:
        raise Http404
    person_id = _person_id(user)
    on_committee = (
        Mandate.objects.current().filter(person_id=person_id, organ_id=complaint.committee_id).exists()
    )
    respondent = (complaint.respondent_kind == "person" and complaint.respondent_person_id == person_id) or (
        complaint.respondent_kind == "organ"
        and organ_leads(complaint.respondent_organ).filter(pk=person_id).exists()
    )
    return complaint, ComplaintAccess(
        committee_member=on_committee,
        complainant=complaint.complainant_id == person_id,
        respondent=respondent,
    )


def complaint_counts() -> list[dict]:
    """Counts per committee and status, with no content: what a national admin may see."""
    rows: dict[int, dict] = {}
    for committee_id, status in Complaint.objects.values_list("committee_id", "status"):
        row = rows.setdefault(committee_id, {"committee_id": committee_id, "total": 0, "open": 0})
        row["total"] += 1
        if status not in (ComplaintStatus.DECIDED, ComplaintStatus.CLOSED):
            row["open"] += 1
    names = {o.pk: o for o in Organ.objects.filter(pk__in=rows)}
    return [dict(row, committee=names[row["committee_id"]]) for row in rows.values()]


def complainable_people(user) -> QuerySet[Person]:
    """Members a user may record a complaint for: people in his territory."""
    from tanzim.access.queries import people_visible

    return people_visible(user)


# --- Premises -------------------------------------------------------------------------------------


def premises_visible(user) -> QuerySet[Premises]:
    return Premises.objects.filter(scope_for(user).q("organ__territory__path"))


def premises_for_user(user, premises_id: int) -> Premises:
    premises = (
        premises_visible(user)
        .select_related("organ", "organ__territory", "commune")
        .filter(pk=premises_id)
        .first()
    )
    if premises is None:
        raise Http404
    return premises


def needs_visible(user) -> QuerySet[PremisesNeed]:
    return PremisesNeed.objects.filter(scope_for(user).q("premises__organ__territory__path"))


def need_for_user(user, need_id: int) -> PremisesNeed:
    need = needs_visible(user).select_related("premises", "premises__organ").filter(pk=need_id).first()
    if need is None:
        raise Http404
    return need


def my_premises(user) -> tuple[Organ | None, list[Premises]]:
    """A member's local organ and the premises where he can go: his local organ's, else the nearest
    organ above that has one."""
    from tanzim.people.models import Membership

    person_id = _person_id(user)
    if not person_id:
        return None, []
    membership = Membership.objects.filter(person_id=person_id).select_related("local_organ").first()
    organ = membership.local_organ if membership else None
    if organ is None:
        person = Person.objects.select_related("home").get(pk=person_id)
        organ = secretariat_for(person.home)
    current = organ
    while current is not None:
        found = list(
            Premises.objects.filter(organ=current).exclude(status="closed").select_related("commune", "organ")
        )
        if found:
            return organ, found
        current = current.parent
    return organ, []
