"""Matrix cases for oversight surveys (picked up by tests/access/test_matrix.py).

Created on demand: a survey of the general secretariat, of the Taounate and Tanger-Assilah provincial
secretariats, and of the Beni Makada and Charf-Souani local secretariats. Results pages are scoped by
the survey's organ. Answering needs to hold office in the organ or be one of its active members
(attached inside its territory): the general secretariat's survey is open to every member, so the
office holders of Fès-Meknès and Taounate (all members; the matrix gives hjira and ghazouani najjari's
cases) answer it, and none of them answers Tanger-Assilah's; laaziri answers Beni Makada's and not
Charf-Souani's; the national admin (no person) and the outsider answer nothing, and the plain member
of Taounate (the matrix gives him the outsider's cases) does not answer Tanger's.
"""

from __future__ import annotations

import datetime

from tanzim.access.matrix import Rule
from tanzim.organs.models import Organ
from tanzim.oversight.models import Survey

TAOUNATE = "الأمانة الإقليمية بتاونات"
TANGER = "الأمانة الإقليمية بعمالة طنجة-أصيلة"
BENI_MAKADA = "الأمانة المحلية بمقاطعة بني مكادة"
CHARF_SOUANI = "الأمانة المحلية بمقاطعة الشرف السواني"


NATIONAL = "general_secretariat"


def _survey(organ_name: str) -> Survey:
    organ = (
        Organ.objects.filter(kind=NATIONAL).order_by("pk").first()
        if organ_name == NATIONAL
        else Organ.objects.get(name_ar=organ_name)
    )
    survey, _ = Survey.objects.get_or_create(
        organ=organ,
        question_ar=f"سؤال المصفوفة — {organ_name}",
        defaults={"opens_on": datetime.date(2026, 1, 1)},
    )
    return survey


SURVEY_INSIDE = {"admin": TAOUNATE, "najjari": TAOUNATE, "laaziri": BENI_MAKADA}
SURVEY_OUTSIDE = {"najjari": TANGER, "laaziri": CHARF_SOUANI, "outsider": TAOUNATE, "anonymous": TAOUNATE}
ANSWER_INSIDE = {"najjari": NATIONAL, "laaziri": BENI_MAKADA}
ANSWER_OUTSIDE = {
    "admin": NATIONAL,  # a national admin without a person answers nothing
    "najjari": TANGER,
    "laaziri": CHARF_SOUANI,
    "outsider": TANGER,
    "anonymous": TAOUNATE,
}


def _cases(inside: dict, outside: dict):
    def build(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
        cases = []
        if persona in inside:
            cases.append(({**dict(rule.kwargs), "survey_id": _survey(inside[persona]).pk}, True))
        if persona in outside:
            cases.append(({**dict(rule.kwargs), "survey_id": _survey(outside[persona]).pk}, False))
        return cases

    return build


CASES = {
    "survey": _cases(SURVEY_INSIDE, SURVEY_OUTSIDE),
    "survey_answer": _cases(ANSWER_INSIDE, ANSWER_OUTSIDE),
}
