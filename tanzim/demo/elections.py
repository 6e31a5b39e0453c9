"""Demo: the party's elected officials, a candidate-selection run and the voter-registration drive.

Real seed fact: seed 001 congratulates Abdelali Chinoune (عبد العالي شينون) on his election as
vice-president of the chamber of commerce, industry and services (in Fès); his rank among the
vice-presidents and the date of the election are not stated, so they stay empty. Everything else
here is synthetic and marked with SYNTHETIC_SOURCE.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from tanzim.demo import seeds
from tanzim.elections.models import Body, Incompatibility, Term
from tanzim.elections.services import body_get_or_create, term_record
from tanzim.people.members import dues_record, membership_enroll
from tanzim.people.models import Membership, MemberStatus, Person
from tanzim.people.services import person_create
from tanzim.territory.models import Territory

D = datetime.date
SYNTHETIC = seeds.SYNTHETIC_SOURCE

# Synthetic elected officials: (key, name_ar, name_latin, gender, birth_year, home code)
PEOPLE = [
    ("tanji", "أحمد الطنجي", "Ahmed Tanji", "m", 1971, "01.511"),
    ("taounati", "عبد الكريم التاوناتي", "Abdelkarim Taounati", "m", 1966, "03.531.01.05"),
    ("bennani", "سعاد بناني", "Souad Bennani", "f", 1979, "03.231.01.0"),
    ("rhafsaoui", "إدريس الغفساوي", "Driss Rhafsaoui", "m", 1968, "03.531.01.01"),
    ("karaoui", "لحسن القرواوي", "Lahcen Karaoui", "m", 1975, "03.531.01.03"),
    ("tissaoui", "فاطمة التيساوي", "Fatima Tissaoui", "f", 1983, "03.531.01.09"),
    ("agdali", "يوسف الأكدالي", "Youssef Agdali", "m", 1980, "03.231.01.01"),
]

# (kind, territory code, name_ar, name_fr)
BODIES = {
    "representatives": ("representatives", "MA", "مجلس النواب", "Chambre des représentants"),
    "councillors": ("councillors", "MA", "مجلس المستشارين", "Chambre des conseillers"),
    "fm_chamber_commerce": (
        "chamber_commerce",
        "03",
        "غرفة التجارة والصناعة والخدمات لجهة فاس-مكناس (فاس)",
        "Chambre de commerce, d'industrie et de services de Fès-Meknès (Fès)",
    ),
    "fm_regional_council": (
        "regional_council",
        "03",
        "مجلس جهة فاس-مكناس",
        "Conseil de la région Fès-Meknès",
    ),
    "taounate_provincial_council": (
        "provincial_council",
        "03.531",
        "المجلس الإقليمي لتاونات",
        "Conseil provincial de Taounate",
    ),
    "fes_commune": ("commune_council", "03.231.01.0", "المجلس الجماعي لفاس", "Conseil communal de Fès"),
    "agdal": (
        "arrondissement_council",
        "03.231.01.01",
        "مجلس مقاطعة أكدال",
        "Conseil d'arrondissement d'Agdal",
    ),
    "rhafsai": ("commune_council", "03.531.01.01", "المجلس الجماعي لغفساي", "Conseil communal de Rhafsai"),
    "karia": (
        "commune_council",
        "03.531.01.03",
        "المجلس الجماعي لقرية با محمد",
        "Conseil communal de Karia Ba Mohamed",
    ),
    "tissa": ("commune_council", "03.531.01.09", "المجلس الجماعي لتيسة", "Conseil communal de Tissa"),
    "taounate_commune": (
        "commune_council",
        "03.531.01.05",
        "المجلس الجماعي لتاونات",
        "Conseil communal de Taounate",
    ),
}

ELECTED_2021 = D(2021, 9, 8)
CHINOUNE_SOURCE = (
    seeds.SEED_001 + " — «هنأ الحاضرون السيد عبد العالي شينون ومن خلاله فريق الأصالة والمعاصرة بغرفة التجارة "
    "والصناعة والخدمات على انتخابه نائبا لرئيس الغرفة» (الرتبة وتاريخ الانتخاب غير مذكورين)"
)

# (person key, body key, office, rank, constituency code, elected_on, start, source)
TERMS = [
    ("chinoune", "fm_chamber_commerce", "vice_president", None, None, None, None, CHINOUNE_SOURCE),
    ("tanji", "representatives", "member", None, "01.511", ELECTED_2021, D(2021, 10, 8), SYNTHETIC),
    ("taounati", "representatives", "member", None, "03.531", ELECTED_2021, D(2021, 10, 8), SYNTHETIC),
    ("taounati", "taounate_commune", "member", None, "03.531.01.05", ELECTED_2021, D(2021, 9, 20), SYNTHETIC),
    ("rhafsaoui", "rhafsai", "president", None, "03.531.01.01", ELECTED_2021, D(2021, 9, 20), SYNTHETIC),
    ("karaoui", "karia", "president", None, "03.531.01.03", ELECTED_2021, D(2021, 9, 20), SYNTHETIC),
    (
        "karaoui",
        "taounate_provincial_council",
        "member",
        None,
        "03.531",
        ELECTED_2021,
        D(2021, 9, 25),
        SYNTHETIC,
    ),
    ("tissaoui", "tissa", "vice_president", 2, "03.531.01.09", ELECTED_2021, D(2021, 9, 20), SYNTHETIC),
    ("bennani", "fes_commune", "vice_president", 1, "03.231.01.0", ELECTED_2021, D(2021, 9, 20), SYNTHETIC),
    (
        "bennani",
        "fm_regional_council",
        "committee_chair",
        None,
        "03.231",
        ELECTED_2021,
        D(2021, 9, 28),
        SYNTHETIC,
    ),
    ("agdali", "agdal", "member", None, "03.231.01.01", ELECTED_2021, D(2021, 9, 20), SYNTHETIC),
]

INCOMPATIBILITIES = [
    dict(
        name_ar="رئاستان لمجلسين منتخبين في آن واحد",
        name_fr="Deux présidences de conseils élus à la fois",
        first_kinds=[
            "commune_council",
            "arrondissement_council",
            "provincial_council",
            "prefectural_council",
            "regional_council",
        ],
        first_offices=["president"],
        second_kinds=[
            "commune_council",
            "arrondissement_council",
            "provincial_council",
            "prefectural_council",
            "regional_council",
        ],
        second_offices=["president"],
        severity="refuse",
    ),
    dict(
        name_ar="عضوية البرلمان ورئاسة مجلس جهة",
        name_fr="Mandat parlementaire et présidence d'un conseil régional",
        first_kinds=["representatives", "councillors"],
        first_offices=[],
        second_kinds=["regional_council"],
        second_offices=["president"],
        severity="refuse",
    ),
    dict(
        name_ar="عضوية البرلمان ورئاسة مجلس جماعة",
        name_fr="Mandat parlementaire et présidence d'un conseil communal",
        first_kinds=["representatives", "councillors"],
        first_offices=[],
        second_kinds=["commune_council", "arrondissement_council"],
        second_offices=["president"],
        severity="warn",
    ),
]


def _territory(code: str) -> Territory:
    return Territory.objects.get(code=code)


def _person(key: str) -> Person:
    if key == "chinoune":
        return Person.objects.get(full_name_ar="عبد العالي شينون")
    _key, name_ar, name_latin, gender, birth_year, home = next(p for p in PEOPLE if p[0] == key)
    home_unit = _territory(home)
    person = Person.objects.filter(full_name_ar=name_ar, home=home_unit).first()
    if person is None:
        person = person_create(
            full_name_ar=name_ar,
            full_name_latin=name_latin,
            gender=gender,
            birth_year=birth_year,
            home=home_unit,
            commune=home_unit if home_unit.level in ("commune", "arrondissement") else None,
            honorific="mrs" if gender == "f" else "mr",
            source=SYNTHETIC,
        )
    return person


def demo_roster_load() -> int:
    """The elected officials' roster and the party's incompatibility table."""
    created = 0
    for spec in INCOMPATIBILITIES:
        if not Incompatibility.objects.filter(name_ar=spec["name_ar"]).exists():
            Incompatibility.objects.create(source=SYNTHETIC, **spec)
            created += 1
    bodies: dict[str, Body] = {}
    for key, (kind, code, name_ar, name_fr) in BODIES.items():
        territory = _territory(code)
        if not Body.objects.filter(kind=kind, territory=territory).exists():
            created += 1
        source = seeds.SEED_001 if key == "fm_chamber_commerce" else SYNTHETIC
        bodies[key] = body_get_or_create(
            kind=kind, territory=territory, name_ar=name_ar, name_fr=name_fr, source=source
        )
    for key, body_key, office, rank, constituency, elected_on, start, source in TERMS:
        person = _person(key)
        body = bodies[body_key]
        if Term.objects.filter(person=person, body=body, office=office).exists():
            continue
        term_record(
            person=person,
            body=body,
            office=office,
            rank=rank,
            constituency=_territory(constituency) if constituency else None,
            elected_on=elected_on,
            start=start,
            source=source,
            by=None,
        )
        created += 1
    return created


# ---------------------------------------------------------------------------------------------
# Candidate selection (synthetic): legislative elections 2026, Taounate constituency, one seat.

APPLICANTS = [
    # key, name_ar, name_latin, gender, birth_year, joined_on, dues years
    ("bouazzaoui", "سعيد البوعزاوي", "Said Bouazzaoui", "m", 1975, D(2010, 5, 2), [2023, 2024, 2025]),
    ("ouariaghli", "نزهة الورياغلي", "Nezha Ouariaghli", "f", 1988, D(2016, 1, 20), [2023, 2024, 2025]),
    (
        "zerhouni",
        "عبد الله الزرهوني",
        "Abdellah Zerhouni",
        "m",
        1969,
        D(2014, 9, 9),
        [2022, 2023, 2024, 2025],
    ),
]
CRITERIA = [
    ("الحضور الميداني والعمل التنظيمي", "Présence sur le terrain et travail d'organisation", "3"),
    ("الكفاءة والتكوين", "Compétence et formation", "2"),
    ("الحصيلة في المهام السابقة", "Bilan des mandats et missions précédents", "1"),
]
RULES = [("active_member", 0), ("min_seniority", 5), ("min_dues_years", 3), ("max_prior_terms", 2)]
# scores[applicant][committee member] = scores per criterion; Hjira declared a conflict with Ouariaghli.
SCORES = {
    "bouazzaoui": {"najjari": [8, 7, 6], "hjira": [7, 8, 6]},
    "ouariaghli": {"najjari": [9, 8, 7]},
    "zerhouni": {"najjari": [6, 6, 5], "hjira": [7, 5, 6]},
}
CONFLICTS = {("hjira", "ouariaghli"): "قرابة عائلية مع المترشحة (معطى اصطناعي)"}
ELECTION_NAME = ("الانتخابات التشريعية 2026", "Élections législatives 2026")


def _applicant_person(spec) -> Person:
    _key, name_ar, name_latin, gender, birth_year, joined_on, dues_years = spec
    home = _territory("03.531.01.05")
    person = Person.objects.filter(full_name_ar=name_ar, home=home).first()
    if person is None:
        person = person_create(
            full_name_ar=name_ar,
            full_name_latin=name_latin,
            gender=gender,
            birth_year=birth_year,
            home=home,
            commune=home,
            honorific="mrs" if gender == "f" else "mr",
            source=SYNTHETIC,
        )
    membership = Membership.objects.filter(person=person).first()
    if membership is None:
        membership = membership_enroll(
            person=person, by=None, status=MemberStatus.ACTIVE, joined_on=joined_on, source=SYNTHETIC
        )
    for year in dues_years:
        if not membership.dues.filter(year=year).exists():
            dues_record(membership=membership, year=year, amount=Decimal("100.00"), paid_on=D(year, 2, 15))
    return person


def demo_selection_load() -> int:
    from django.contrib.auth.models import User

    from tanzim.elections import services
    from tanzim.elections.models import Applicant, Call, Constituency, Election
    from tanzim.organs.models import Organ

    if Election.objects.filter(name_ar=ELECTION_NAME[0]).exists():
        return 0
    election = Election.objects.create(
        name_ar=ELECTION_NAME[0],
        name_fr=ELECTION_NAME[1],
        kind="legislative",
        body_kind="representatives",
        source=SYNTHETIC,
    )
    constituency = Constituency.objects.create(
        election=election,
        territory=_territory("03.531"),
        name_ar="الدائرة الانتخابية المحلية تاونات",
        name_fr="Circonscription locale de Taounate",
        seats=1,
    )
    regional = Organ.objects.get(name_ar="الأمانة الجهوية لجهة فاس-مكناس")
    ethics = Organ.objects.get(name_ar="اللجنة الوطنية للتحكيم والأخلاقيات")
    call = Call.objects.create(
        constituency=constituency,
        organ=regional,
        arbitration=ethics,
        opens_on=D(2026, 2, 2),
        closes_on=D(2026, 3, 16),
        source=SYNTHETIC,
    )
    users = {name: User.objects.get(username=name) for name in ("najjari", "hjira")}
    people = {name: Person.objects.get(pk=user.profile.person_id) for name, user in users.items()}
    created = 3
    criteria = [
        services.criterion_add(call=call, name_ar=ar, name_fr=fr, weight=w, by=users["hjira"])
        for ar, fr, w in CRITERIA
    ]
    for kind, value in RULES:
        services.eligibility_rule_add(call=call, kind=kind, value=value, by=users["hjira"])
    seats = {
        name: services.committee_seat_add(call=call, person=people[name], by=users["hjira"]) for name in users
    }
    applicants: dict[str, Applicant] = {}
    for offset, spec in enumerate(APPLICANTS):
        applicants[spec[0]] = services.applicant_add(
            call=call,
            person=_applicant_person(spec),
            applied_on=D(2026, 2, 10 + offset),
            statement="ملف ترشيح تجريبي (معطى اصطناعي)",
            source=SYNTHETIC,
            by=users["hjira"],
        )
    created += len(criteria) + len(RULES) + len(seats) + len(applicants)
    for (member, key), reason in CONFLICTS.items():
        services.conflict_declare(
            seat=seats[member], applicant=applicants[key], reason=reason, by=users[member]
        )
    for key, by_member in SCORES.items():
        for member, values in by_member.items():
            for criterion, value in zip(criteria, values, strict=True):
                services.score_record(
                    seat=seats[member],
                    applicant=applicants[key],
                    criterion=criterion,
                    value=value,
                    by=users[member],
                )
    services.call_decide(
        call=call,
        reasons=(
            "اعتمدت الأمانة الجهوية الترتيب كما تحسبه الصيغة المنشورة؛ تمنح المرتبة الأولى التزكية في الدائرة "
            "ذات المقعد الواحد (قرار اصطناعي للتجربة)."
        ),
        by=users["hjira"],
        on=D(2026, 4, 10),
    )
    services.appeal_file(
        applicant=applicants["bouazzaoui"],
        grounds="أطعن في الترتيب لأن المترشحة الأولى نقطها عضو واحد فقط من اللجنة (طعن اصطناعي للتجربة).",
        by=users["hjira"],
        on=D(2026, 4, 14),
    )
    return created + 2


# ---------------------------------------------------------------------------------------------
# Voter registration (synthetic): the period, targets, and a few declarations.

REGISTRATION_TARGETS = [
    ("03.531.01.05", 40),
    ("03.531.01.03", 20),
    ("01.511.01.03", 60),
    ("01.511.01.06", 30),
]


def demo_registration_load() -> int:
    from tanzim.elections import services
    from tanzim.elections.models import RegistrationDeclaration, RegistrationPeriod, RegistrationTarget

    created = 0
    if not RegistrationPeriod.objects.exists():
        services.registration_period_set(
            starts_on=D(2026, 11, 1),
            ends_on=D(2026, 12, 31),
            remind_days=7,
            note="فترة تجريبية اصطناعية — période de démonstration",
            source=SYNTHETIC,
            by=None,
        )
        created += 1
    for code, target in REGISTRATION_TARGETS:
        territory = _territory(code)
        if not RegistrationTarget.objects.filter(territory=territory).exists():
            services.registration_target_set(territory=territory, target=target, by=None, source=SYNTHETIC)
            created += 1
    for code, count in (("03.531.01.05", 7), ("01.511.01.03", 4), ("01.511.01.06", 2)):
        members = Membership.objects.filter(
            person__home__code=code, person__source=SYNTHETIC, status=MemberStatus.ACTIVE
        ).order_by("number")[:count]
        for index, membership in enumerate(members):
            if RegistrationDeclaration.objects.filter(person=membership.person).exists():
                continue
            services.registration_declare(
                person=membership.person,
                registered_since=D(2015 + index, 3, 1),
                by=None,
                by_member=index % 2 == 0,
                source=SYNTHETIC,
            )
            created += 1
    return created


def demo_elections_load() -> int:
    """Elected officials, the candidate-selection run and the registration drive; returns how many
    records were created (0 on a second run)."""
    return demo_roster_load() + demo_selection_load() + demo_registration_load()
