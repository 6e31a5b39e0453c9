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
from tanzim.elections.services import body_get_or_create
from tanzim.people.members import dues_record
from tanzim.people.models import Person
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
        # Demo terms are written directly: the incompatibility table is checked on terms recorded
        # through the pages (term_record), and the demo's terms respect it.
        Term.objects.create(
            person=person,
            body=body,
            office=office,
            rank=rank,
            constituency=_territory(constituency) if constituency else None,
            elected_on=elected_on,
            start=start,
            source=source,
        )
        created += 1
    for spec in INCOMPATIBILITIES:
        if not Incompatibility.objects.filter(name_ar=spec["name_ar"]).exists():
            Incompatibility.objects.create(source=SYNTHETIC, **spec)
            created += 1
    return created


def demo_elections_load() -> int:
    """Elected officials, the candidate-selection run and the registration drive; returns how many
    records were created (0 on a second run)."""
    return demo_roster_load()


__all__ = ["Decimal", "demo_elections_load", "dues_record"]
