"""Load the seed world (see seeds.py) as real records. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from tanzim.access.models import Profile
from tanzim.demo import seeds
from tanzim.demo.casework import demo_casework_load
from tanzim.demo.elections import demo_elections_load
from tanzim.demo.meetings import demo_meetings_load
from tanzim.demo.oversight import demo_oversight_load
from tanzim.organs.models import Mandate, Organ, Premises
from tanzim.organs.services import mandate_record, organ_create, premises_record
from tanzim.people.members import membership_enroll
from tanzim.people.models import Membership, MemberStatus, Person
from tanzim.people.services import person_create
from tanzim.territory.models import Territory


@dataclass
class DemoReport:
    organs: int = 0
    people: int = 0
    mandates: int = 0
    premises: int = 0
    users: int = 0
    members: int = 0
    meetings: int = 0


def _territory(code: str) -> Territory:
    return Territory.objects.get(code=code)


@transaction.atomic
def demo_load() -> DemoReport:
    """Create what is missing of the seed organs, people, mandates, premises and demo logins."""
    if not Territory.objects.filter(code="MA").exists():
        raise RuntimeError("Load the territory first: manage.py territory_load")
    report = DemoReport()
    organs: dict[str, Organ] = {}
    regions = list(Territory.objects.regions().order_by("code"))

    def organ(key: str) -> Organ:
        if key in organs:
            return organs[key]
        spec = dict(seeds.ORGANS[key])
        parent = organ(spec.pop("parent")) if "parent" in spec else None
        territory = _territory(spec.pop("territory"))
        found = Organ.objects.filter(kind=spec["kind"], territory=territory, name_ar=spec["name_ar"]).first()
        if found is None:
            found = organ_create(territory=territory, parent=parent, **spec)
            report.organs += 1
        organs[key] = found
        return found

    for key in seeds.ORGANS:
        organ(key)

    for region in regions:
        for kind, name_ar, name_fr, parent_key in (
            (
                "regional_secretariat",
                "الأمانة الجهوية المؤقتة لجهة",
                "Secrétariat régional provisoire",
                "general_secretariat",
            ),
            (
                "ethics_committee",
                "اللجنة الجهوية المؤقتة للتحكيم والأخلاقيات لجهة",
                "Commission régionale provisoire d'arbitrage et d'éthique",
                "national_ethics",
            ),
        ):
            full_ar = f"{name_ar} {region.name_ar} (2020)"
            if not Organ.objects.filter(kind=kind, territory=region, name_ar=full_ar).exists():
                organ_create(
                    kind=kind,
                    territory=region,
                    parent=organs[parent_key],
                    provisional=True,
                    name_ar=full_ar,
                    name_fr=f"{name_fr} — {region.name_fr} (2020)",
                    source=seeds.PROVISIONAL_2020,
                )
                report.organs += 1

    people: dict[str, Person] = {}
    for key, spec in seeds.PEOPLE.items():
        spec = dict(spec)
        home = _territory(spec.pop("home"))
        found = Person.objects.filter(full_name_ar=spec["full_name_ar"], home=home).first()
        if found is None:
            found = person_create(home=home, **spec)
            report.people += 1
        people[key] = found

    for spec in seeds.MANDATES:
        spec = dict(spec)
        person, held = people[spec.pop("person")], organs[spec.pop("organ")]
        if not Mandate.objects.filter(person=person, organ=held, role=spec["role"]).exists():
            mandate_record(person=person, organ=held, **spec)
            report.mandates += 1

    for spec in seeds.PREMISES:
        spec = dict(spec)
        held = organs[spec.pop("organ")]
        commune = _territory(spec.pop("commune"))
        if not Premises.objects.filter(organ=held, name_ar=spec["name_ar"]).exists():
            premises_record(organ=held, commune=commune, **spec)
            report.premises += 1

    demo_meetings_load(organs, people, report)
    report.members = _demo_members(people)

    for username, person_key, national, _label in seeds.LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, password=seeds.DEMO_PASSWORD, is_staff=national, is_superuser=national
            )
            report.users += 1
        Profile.objects.update_or_create(
            user=user, defaults={"person": people[person_key] if person_key else None, "national": national}
        )
    demo_elections_load()
    demo_oversight_load()
    demo_casework_load()
    return report


def _demo_members(people: dict[str, Person]) -> int:
    """Enrol the seeds' office holders and add the synthetic members (deterministic, idempotent)."""
    created = 0
    for key, person in people.items():
        if key == "soufiani" or Membership.objects.filter(person=person).exists():
            continue
        membership_enroll(person=person, by=None, status=MemberStatus.ACTIVE, source=seeds.SYNTHETIC_SOURCE)
        created += 1
    serial = 0
    for code, count in seeds.SYNTHETIC_MEMBERS:
        commune = _territory(code)
        for i in range(count):
            serial += 1
            gender, first_ar, first_latin = seeds.SYNTHETIC_FIRST_NAMES[
                (serial * 7) % len(seeds.SYNTHETIC_FIRST_NAMES)
            ]
            last_ar, last_latin = seeds.SYNTHETIC_LAST_NAMES[
                (serial * 5 + i) % len(seeds.SYNTHETIC_LAST_NAMES)
            ]
            cin = f"ZT{900000 + serial}"
            if Person.objects.filter(cin=cin).exists():
                continue
            person = person_create(
                full_name_ar=f"{first_ar} {last_ar}",
                full_name_latin=f"{first_latin} {last_latin}",
                gender=gender,
                birth_year=1950 + (serial * 13) % 55,
                cin=cin,
                phone=f"+2126{61000000 + serial:08d}",
                commune=commune,
                home=commune,
                source=seeds.SYNTHETIC_SOURCE,
            )
            status = MemberStatus.ACTIVE if serial % 9 else MemberStatus.APPLICANT
            membership_enroll(
                person=person,
                by=None,
                status=status,
                source=seeds.SYNTHETIC_SOURCE,
                consent_on=datetime.date(2025, 1, 15),
                consent_scope="لائحة المنخرطين",
            )
            created += 1
    return created
