"""The draft communiqué of a held meeting, in the register of the party's press reports.

Arabic first ("عقدت الأمانة الإقليمية … يوم السبت 17 يناير 2026 بالمقر الإقليمي …، وترأس
الاجتماع …، وحضر الاجتماع …"), then French. The author edits the draft before publishing.
A year the sources do not state is written in square brackets ("[2023]") and its basis is given in
a closing note: an inferred year is never passed off as stated.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date

from tanzim.meetings.models import (
    KIND_AR,
    KIND_FR,
    PART_OF_DAY_AR,
    Directive,
    Meeting,
    MeetingChair,
    PlaceMode,
)
from tanzim.organs.models import ROLE_AR_FEMININE
from tanzim.people.cards import PARTY_NAME_AR, PARTY_NAME_FR
from tanzim.people.models import Gender
from tanzim.territory.names import titled_name

PART_OF_DAY_FR = {"morning": "le matin du", "afternoon": "l'après-midi du", "evening": "le soir du"}
# Organs named by a masculine noun take "عقد"; the others (الأمانة، اللجنة، المنظمة…) "عقدت".
MASCULINE_HEADS = ("المجلس", "المكتب", "القطب", "الفريق", "المنتدى")


@dataclass
class Draft:
    title_ar: str
    body_ar: str
    title_fr: str
    body_fr: str
    signed_by: str


def _join_ar(items: list[str]) -> str:
    """ "أ، ب، وج" — the seeds' way of listing."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "، ".join(items[:-1]) + " و" + items[-1]


def _join_fr(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def day_ar(meeting: Meeting) -> str:
    """ "السبت 17 يناير 2026"; an inferred year in brackets: "الجمعة 7 أبريل [2023]"."""
    weekday = format_date(meeting.day, "EEEE", locale="ar_MA")
    day_month = format_date(meeting.day, "d MMMM", locale="ar_MA")
    year = f"[{meeting.day.year}]" if meeting.day_inferred else str(meeting.day.year)
    return f"{weekday} {day_month} {year}"


def day_fr(meeting: Meeting) -> str:
    weekday = format_date(meeting.day, "EEEE", locale="fr_MA")
    day_month = format_date(meeting.day, "d MMMM", locale="fr_MA")
    year = f"[{meeting.day.year}]" if meeting.day_inferred else str(meeting.day.year)
    return f"{weekday} {day_month} {year}"


def _chair_ar(chair: MeetingChair) -> str:
    """ "الأمين الجهوي بجهة فاس-مكناس الدكتور محمد الحجيرة": title, where, honorific and name."""
    person = chair.person
    title = ""
    if chair.mandate is not None:
        mandate = chair.mandate
        title = (
            mandate.title_ar
            or (ROLE_AR_FEMININE.get(mandate.role, "") if person.gender == Gender.FEMALE else "")
            or str(mandate.get_role_display())
        )
        territory = mandate.organ.territory
        if territory.parent_id:
            title = f"{title} ب{_titled(territory, 'ar')}"
    return f"{title} {person.honorific_name}".strip()


def _chair_fr(chair: MeetingChair) -> str:
    """ "Dr Mohamed Hjira, secrétaire régional (Fès-Meknès)"."""
    person = chair.person
    name = person.full_name_latin or person.full_name_ar
    honorific = {"mr": "M.", "mrs": "Mme", "dr": "Dr", "pr": "Pr"}.get(person.honorific, "")
    named = f"{honorific} {name}".strip()
    if chair.mandate is None or not chair.mandate.title_fr:
        return named
    title = chair.mandate.title_fr
    territory = chair.mandate.organ.territory
    where = f" ({territory.name_fr or territory.name_ar})" if territory.parent_id else ""
    return f"{named}, {title[:1].lower()}{title[1:]}{where}"


def _place_ar(meeting: Meeting) -> str:
    if meeting.place_mode == PlaceMode.ONLINE:
        # "اجتماعا عبر تقنية التناظر المرئي" already says it for a video-conference.
        return "" if meeting.kind == "videoconference" else "عبر تقنية التناظر المرئي"
    if meeting.place_mode == PlaceMode.PREMISES and meeting.premises is not None:
        return f"ب{meeting.premises.name_ar}"
    return f"ب{meeting.address}" if meeting.address else ""


def _place_fr(meeting: Meeting) -> str:
    if meeting.place_mode == PlaceMode.ONLINE:
        return "" if meeting.kind == "videoconference" else "par visioconférence"
    if meeting.place_mode == PlaceMode.PREMISES and meeting.premises is not None:
        premises = meeting.premises
        return (
            f"au {premises.name_fr[0].lower()}{premises.name_fr[1:]}"
            if premises.name_fr
            else f"au local « {premises.name_ar} »"
        )
    return f"à l'adresse : {meeting.address}" if meeting.address else ""


def _deadline_ar(directive: Directive) -> str:
    if not directive.due_on:
        return ""
    due = format_date(directive.due_on, "d MMMM y", locale="ar_MA")
    return f" (في أجل أقصاه {due})"


def _deadline_fr(directive: Directive) -> str:
    if not directive.due_on:
        return ""
    due = format_date(directive.due_on, "d MMMM y", locale="fr_MA")
    return f" (échéance : {due})"


# Organs named "<head> ب<place>" or "<head> ل<place>": the party's name goes between, as the seeds
# write it ("الأمانة الإقليمية لحزب الأصالة والمعاصرة بإقليم تاونات").
TERRITORIAL_HEADS = (
    "الأمانة الجهوية",
    "الأمانة الإقليمية",
    "الأمانة المحلية",
    "المجلس الجهوي",
    "المجلس الإقليمي",
)


def _organ_of_party_ar(organ) -> str:
    """ "الأمانة الإقليمية لحزب الأصالة والمعاصرة بإقليم تاونات" (the seeds' form), else
    "<organ> لحزب الأصالة والمعاصرة"."""
    name = organ.name_ar
    territory = organ.territory
    for head in TERRITORIAL_HEADS:
        if name.startswith((head + " ب", head + " ل")) and territory.parent_id:
            return f"{head} ل{PARTY_NAME_AR} ب{_titled(territory, 'ar')}"
    return f"{name} ل{PARTY_NAME_AR}"


def _verb_ar(organ_name: str) -> str:
    """The head noun decides, with or without its article: "القطب …" and "قطب التواصل …" take "عقد"."""
    head = organ_name.split(maxsplit=1)[0] if organ_name.strip() else ""
    definite = head if head.startswith("ال") else "ال" + head
    return "عقد" if definite in MASCULINE_HEADS else "عقدت"


def communique_draft(meeting: Meeting) -> Draft:
    """The draft communiqué of a meeting (Arabic and French), from its records — the same whatever
    the language of the request (honorifics and role names follow the language of each part)."""
    from django.utils import translation

    with translation.override("ar"):
        return _communique_draft(meeting)


def _communique_draft(meeting: Meeting) -> Draft:
    organ = meeting.organ
    territory = organ.territory
    chairs = list(
        meeting.chairs.select_related("person", "mandate", "mandate__organ", "mandate__organ__territory")
    )
    groups = [g for g in meeting.invitee_groups.all() if g.attended]
    agenda = list(meeting.agenda.all())
    directives = list(meeting.directives.order_by("order", "pk"))
    kind_ar = KIND_AR.get(meeting.kind, "اجتماعا")
    kind_fr = KIND_FR.get(meeting.kind, "une réunion")
    where_ar = _titled(territory, "ar")

    # Arabic
    title_ar = f"{PARTY_NAME_AR} يعقد {kind_ar.replace('اجتماعا', 'اجتماعاً', 1)}"
    if territory.parent_id:
        title_ar += f" ب{where_ar}"
    part = PART_OF_DAY_AR.get(meeting.part_of_day, "")
    when_ar = f"{part} يوم {day_ar(meeting)}" if part else f"يوم {day_ar(meeting)}"
    opening = f"{_verb_ar(organ.name_ar)} {_organ_of_party_ar(organ)} {kind_ar}، {when_ar}"
    place = _place_ar(meeting)
    opening += f" {place}." if place else "."
    paragraphs_ar = [opening]
    if chairs:
        paragraphs_ar.append(f"وترأس الاجتماع {_join_ar([_chair_ar(c) for c in chairs])}.")
    if groups:
        paragraphs_ar.append(f"وحضر الاجتماع {_join_ar([g.label_ar for g in groups])}.")
    if meeting.context_ar.strip():
        paragraphs_ar.append(meeting.context_ar.strip())
    if agenda:
        paragraphs_ar.append(
            "وتناول الاجتماع النقاط التالية: " + "، ".join(item.title_ar for item in agenda) + "."
        )
    if meeting.conclusions_ar.strip():
        paragraphs_ar.append(meeting.conclusions_ar.strip())
    if directives:
        lines = [f"{i}. {d.text_ar}{_deadline_ar(d)}" for i, d in enumerate(directives, start=1)]
        paragraphs_ar.append("وخلص الاجتماع إلى التوجهات الأساسية التالية:\n" + "\n".join(lines))
    if meeting.day_inferred:
        paragraphs_ar.append(
            f"ملاحظة: السنة بين معقوفتين مستنتجة وغير مذكورة في المصدر ({meeting.day_basis})."
        )

    # French
    from django.utils import translation

    translation.activate("fr")  # restored by the caller's override("ar") block
    title_fr = f"Le {PARTY_NAME_FR} tient {kind_fr}"
    if territory.parent_id:
        title_fr += f" — {_titled(territory, 'fr')}"
    part_fr = PART_OF_DAY_FR.get(meeting.part_of_day, "le")
    organ_fr = organ.name_fr or organ.name_ar
    opening_fr = f"{_capitalize(_article_fr(organ_fr))} du {PARTY_NAME_FR} a tenu {kind_fr} {part_fr} {day_fr(meeting)}"
    place_fr = _place_fr(meeting)
    opening_fr += f" {place_fr}." if place_fr else "."
    paragraphs_fr = [opening_fr]
    if chairs:
        paragraphs_fr.append(f"La réunion était présidée par {_join_fr([_chair_fr(c) for c in chairs])}.")
    if groups:
        paragraphs_fr.append(
            "Y ont pris part : " + _join_fr([g.label_fr or g.label_ar for g in groups]) + "."
        )
    if meeting.context_fr.strip():
        paragraphs_fr.append(meeting.context_fr.strip())
    if agenda:
        paragraphs_fr.append(
            "Les points suivants ont été examinés : "
            + " ; ".join(item.title_fr or item.title_ar for item in agenda)
            + "."
        )
    if meeting.conclusions_fr.strip():
        paragraphs_fr.append(meeting.conclusions_fr.strip())
    if directives:
        lines = [f"{i}. {d.text_fr or d.text_ar}{_deadline_fr(d)}" for i, d in enumerate(directives, start=1)]
        paragraphs_fr.append("La réunion a adopté les orientations suivantes :\n" + "\n".join(lines))
    if meeting.day_inferred:
        paragraphs_fr.append(
            f"Note : l'année entre crochets est déduite, la source ne l'indique pas ({meeting.day_basis})."
        )

    return Draft(
        title_ar=title_ar,
        body_ar="\n\n".join(paragraphs_ar),
        title_fr=title_fr,
        body_fr="\n\n".join(paragraphs_fr),
        signed_by=organ.name_ar,
    )


def _article_fr(name: str) -> str:
    """ "Secrétariat provincial de Taounate" → "le Secrétariat provincial de Taounate"."""
    lowered = name[:1].lower() + name[1:]
    if lowered[:1] in "aeéiouh":
        return "l'" + name
    feminine = ("commission", "organisation", "jeunesse", "femmes")
    return ("la " if lowered.startswith(feminine) else "le ") + name


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _titled(territory, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return titled_name(territory)
