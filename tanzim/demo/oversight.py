"""Synthetic structuring for the oversight dashboards (all records marked SYNTHETIC_SOURCE).

On top of the real seed records: local secretariats in part of the communes of Fès-Meknès and
Tanger-Tétouan-Al Hoceïma, each province with its own share (so coverage varies between provinces),
with a secretary, a member, meetings held (every two months since they were established, with
attendance), and some dormant ones (no secretary, or no meeting for months). The six synthetic local
secretariats of Taounate (tanzim/demo/meetings.py) get meetings too: four active, Bouhouda silent since
spring, Ain Aicha without a secretary. Taounate's provincial secretariat opens a standing feedback form
with a few answers (anonymous and signed). Dates are counted back from the day of the first load.

Idempotent: every record is looked up before it is created.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from tanzim.demo import seeds
from tanzim.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from tanzim.organs.models import Mandate, Organ, OrganKind
from tanzim.oversight.models import Survey, SurveyKind
from tanzim.oversight.services import survey_answer, survey_open
from tanzim.people.members import member_numbers_reserve
from tanzim.people.models import Membership, MemberStatus, Person
from tanzim.people.search import person_index_names
from tanzim.people.services import _keys
from tanzim.territory.models import Level, Territory

SYNTHETIC = seeds.SYNTHETIC_SOURCE
REGIONS = ("01", "03")  # Tanger-Tétouan-Al Hoceïma, Fès-Meknès
SHARES = (10, 25, 40, 55, 70, 85)  # % of a province's communes with a local secretariat
MEETING_EVERY = 60  # days
MEETING_TITLE = "اجتماع الأمانة المحلية (بيانات تجريبية) رقم %d"
FIRST_NAMES = [
    ("m", "محمد", "Mohamed"),
    ("f", "فاطمة", "Fatima"),
    ("m", "عبد الله", "Abdellah"),
    ("f", "خديجة", "Khadija"),
    ("m", "يوسف", "Youssef"),
    ("f", "نعيمة", "Naima"),
    ("m", "رشيد", "Rachid"),
    ("f", "سلمى", "Salma"),
]
LAST_NAMES = [
    ("الإدريسي", "Idrissi"),
    ("الفاسي", "Fassi"),
    ("الريفي", "Rifi"),
    ("الجبلي", "Jebli"),
    ("الشاوني", "Chaouni"),
    ("المكناسي", "Meknassi"),
    ("التطواني", "Tetouani"),
    ("الصنهاجي", "Sanhaji"),
]
# Taounate's synthetic locals (tanzim/demo/meetings.py): days since the last meeting held, or None.
TAOUNATE_LAST_MEETING = {
    "03.531.01.05": 12,  # Taounate
    "03.531.01.03": 30,  # Karia Ba Mohamed
    "03.531.03.15": 45,  # Sidi Mokhfi
    "03.531.05.07": 20,  # Jbabra
    "03.531.07.09": 200,  # Bouhouda: silent since spring → dormant
}
SEED_DAYS = {
    seeds.SEED_000_DAY,
    seeds.SEED_001_DAY,
    seeds.SEED_002_DAY,
    seeds.SEED_003_DAY,
    seeds.SEED_004_DAY,
}
# Provinces whose structuring the seed records tell (Taounate's locals and meetings, Tanger-Assilah's
# arrondissements): no synthetic local secretariat is added there.
SEED_PROVINCES = ("MA/03/03.531/", "MA/01/01.511/")
SURVEY_QUESTION = "كيف تقيمون عمل الأمانة الإقليمية خلال هذا الشهر؟ (بيانات تجريبية)"


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _units(region: Territory) -> list[Territory]:
    units = Territory.objects.filter(path__startswith=region.path).filter(
        level__in=[Level.COMMUNE, Level.ARRONDISSEMENT]
    )
    with_arrondissements = set(
        Territory.objects.filter(path__startswith=region.path, level=Level.ARRONDISSEMENT).values_list(
            "parent_id", flat=True
        )
    )
    return [unit for unit in units.order_by("path") if unit.pk not in with_arrondissements]


def _meetings(
    organ: Organ, since: datetime.date, last_days_ago: int | None, today: datetime.date
) -> list[Meeting]:
    """Meetings held every MEETING_EVERY days from `since` up to `last_days_ago` days before today."""
    if last_days_ago is None:
        return []
    last = today - datetime.timedelta(days=last_days_ago)
    days = []
    day = last
    while day >= since and len(days) < 12:
        # The seed meetings' days stay theirs alone (the demo's tests find them by day).
        days.append(day + datetime.timedelta(days=1) if day in SEED_DAYS else day)
        day -= datetime.timedelta(days=MEETING_EVERY)
    days.reverse()
    return [
        Meeting(
            organ=organ,
            kind="organizational",
            title_ar=MEETING_TITLE % (index + 1),
            title_fr=f"Réunion du secrétariat local (données synthétiques) n° {index + 1}",
            day=day,
            place_mode="address",
            address=organ.territory.name_ar,
            status=MeetingStatus.HELD,
            source=SYNTHETIC,
        )
        for index, day in enumerate(days)
    ]


def _person(unit: Territory, serial: int, *, role: str) -> Person:
    """A synthetic person (not saved): names, gender and year of birth drawn from the unit's code."""
    gender, first_ar, first_latin = FIRST_NAMES[_hash(f"{unit.code}{role}f") % len(FIRST_NAMES)]
    last_ar, last_latin = LAST_NAMES[_hash(f"{unit.code}{role}l") % len(LAST_NAMES)]
    person = Person(
        full_name_ar=f"{first_ar} {last_ar}",
        full_name_latin=f"{first_latin} {last_latin}",
        gender=gender,
        birth_year=1960 + _hash(f"{unit.code}{role}y") % 45,
        cin=f"ZV{700000 + serial}",
        commune=unit if unit.level == Level.COMMUNE else unit.parent,
        home=unit,
        source=SYNTHETIC,
    )
    _keys(person)
    return person


def _attendances(meetings: list[Meeting], people: list[Person]) -> list[Attendance]:
    out = []
    for meeting in meetings:
        for person in people:
            present = _hash(f"{meeting.organ_id}{meeting.title_ar}{person.cin}") % 4 != 0
            out.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    status=AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT,
                    checked_in_by="list",
                )
            )
    return out


def _structure(picked: list[tuple[Territory, Organ | None, int]], today: datetime.date) -> int:
    """Synthetic local secretariats in the picked units, written in bulk (a few hundred rows each):
    one in five dormant (half of those without a secretary, all silent for months)."""
    organs, people, mandates, members, plans = [], [], [], [], []
    for unit, parent, serial in picked:
        roll = _hash(unit.code) % 100
        established = today - datetime.timedelta(days=120 + _hash(unit.code + "e") % 700)
        organ = Organ(
            kind=OrganKind.LOCAL_SECRETARIAT,
            territory=unit,
            parent=parent,
            name_ar=f"الأمانة المحلية ب{unit.name_ar}",
            name_fr=f"Secrétariat local de {unit.name_fr}",
            established_on=established,
            source=SYNTHETIC,
        )
        organs.append(organ)
        dormant = roll % 5 == 0
        office = []
        if not (dormant and roll % 2):
            secretary = _person(unit, serial * 2, role="secretary")
            office.append((secretary, "secretary"))
        member = _person(unit, serial * 2 + 1, role="member")
        if roll % 3 == 0:
            office.append((member, "deputy_secretary"))
        unit_people = [p for p, _role in office if p is not member] + [member]
        people.extend(unit_people)
        mandates.append((organ, office, established))
        members.extend(
            (p, organ, established + datetime.timedelta(days=roll if p is member else 0)) for p in unit_people
        )
        plans.append((organ, established, (150 + roll) if dormant else 5 + roll % 70, unit_people))
    Organ.objects.bulk_create(organs)
    Person.objects.bulk_create(people)
    person_index_names(people)
    Mandate.objects.bulk_create(
        Mandate(
            person=person,
            organ=organ,
            role=role,
            how="elected",
            start=established,
            title_ar=("الأمينة المحلية" if person.gender == "f" else "الأمين المحلي")
            if role == "secretary"
            else "",
            title_fr=("Secrétaire locale" if person.gender == "f" else "Secrétaire local")
            if role == "secretary"
            else "",
            source=SYNTHETIC,
        )
        for organ, office, established in mandates
        for person, role in office
    )
    numbers = member_numbers_reserve(len(members))
    Membership.objects.bulk_create(
        Membership(
            person=person,
            number=number,
            joined_on=joined,
            local_organ=organ,
            status=MemberStatus.ACTIVE,
            status_changed_on=joined,
            consent_on=joined,
            consent_scope="لائحة المنخرطين",
            source=SYNTHETIC,
        )
        for (person, organ, joined), number in zip(members, numbers, strict=True)
    )
    meetings = Meeting.objects.bulk_create(
        [m for organ, since, days_ago, _p in plans for m in _meetings(organ, since, days_ago, today)]
    )
    attending = {organ.pk: unit_people for organ, _s, _d, unit_people in plans}
    Attendance.objects.bulk_create(
        [a for meeting in meetings for a in _attendances([meeting], attending[meeting.organ_id])]
    )
    return len(organs) + len(people) + len(meetings)


def _taounate_meetings(today: datetime.date) -> int:
    created = 0
    for code, days_ago in TAOUNATE_LAST_MEETING.items():
        organ = Organ.objects.filter(kind=OrganKind.LOCAL_SECRETARIAT, territory__code=code).first()
        if organ is None or organ.meetings.filter(source=SYNTHETIC).exists():
            continue
        since = max(organ.established_on or today, today - datetime.timedelta(days=330))
        meetings = Meeting.objects.bulk_create(_meetings(organ, since, days_ago, today))
        holders = [
            m.person for m in Mandate.objects.current(today).filter(organ=organ).select_related("person")
        ]
        Attendance.objects.bulk_create(_attendances(meetings, holders))
        created += len(meetings)
    return created


def _taounate_survey(today: datetime.date) -> int:
    organ = (
        Organ.objects.filter(kind=OrganKind.PROVINCIAL_SECRETARIAT, territory__code="03.531")
        .order_by("pk")
        .first()
    )
    if organ is None or Survey.objects.filter(organ=organ, question_ar=SURVEY_QUESTION).exists():
        return 0
    survey = survey_open(
        organ=organ,
        by=None,
        question_ar=SURVEY_QUESTION,
        question_fr="Comment jugez-vous le travail du secrétariat provincial ce mois-ci ? (données synthétiques)",
        kind=SurveyKind.STANDING,
        allow_anonymous=True,
        opens_on=today.replace(day=1),
        source=SYNTHETIC,
    )
    members = Person.objects.filter(
        source=SYNTHETIC, home__path__startswith=organ.territory.path, membership__status=MemberStatus.ACTIVE
    ).order_by("pk")[:5]
    comments = [
        "نطلب لقاءات تواصلية أكثر في الجماعات القروية.",
        "",
        "التواصل مع الأمانات المحلية تحسن هذا الشهر.",
        "",
        "ينبغي إشراك الشباب أكثر في الهيكلة.",
    ]
    for index, person in enumerate(members):
        survey_answer(
            survey=survey,
            person=person,
            rating=(index % 4) + 2,
            comment=comments[index],
            anonymous=index % 2 == 0,
            today=today,
        )
    return 1 + len(members)


@transaction.atomic
def demo_oversight_load() -> int:
    """Create what is missing of the synthetic structuring; returns the number of records created."""
    today = timezone.localdate()
    created = 0
    taken = set(Organ.objects.filter(kind=OrganKind.LOCAL_SECRETARIAT).values_list("territory_id", flat=True))
    serial = 0
    picked: list[tuple[Territory, Organ | None, int]] = []
    for region in Territory.objects.filter(level=Level.REGION, code__in=REGIONS).order_by("code"):
        provinces = {p.path: p for p in Territory.objects.filter(parent=region, level=Level.PROVINCE)}
        parents = {
            organ.territory.path: organ
            for organ in Organ.objects.filter(
                kind=OrganKind.PROVINCIAL_SECRETARIAT, territory__in=provinces.values()
            ).select_related("territory")
        }
        for unit in _units(region):
            province_path = "/".join(unit.path.split("/")[:3]) + "/"
            serial += 1
            if province_path in SEED_PROVINCES or unit.pk in taken:
                continue  # the seed provinces keep their story; real organs stay as they are
            share = SHARES[_hash(province_path) % len(SHARES)]
            if _hash(unit.code + "pick") % 100 < share:
                picked.append((unit, parents.get(province_path), serial))
    created += _structure(picked, today) if picked else 0
    created += _taounate_meetings(today)
    created += _taounate_survey(today)
    return created
