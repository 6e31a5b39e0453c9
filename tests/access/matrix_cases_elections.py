"""Matrix cases for elected officials and candidate selection (picked up by tests/access/test_matrix.py).

Bodies and terms: the Rhafsai commune council (Taounate, in the demo), and arrondissement councils
of Beni Makada and Charf-Souani created here with one term each. Calls: the demo's Taounate call
(legislative 2026, decided, with an appeal), and communal calls in Beni Makada and Charf-Souani
created here with one applicant and one appeal each.
"""

from __future__ import annotations

import datetime

from tanzim.access.matrix import Rule
from tanzim.elections.models import (
    Appeal,
    Applicant,
    Body,
    Call,
    Constituency,
    Election,
    Term,
)
from tanzim.organs.models import Organ
from tanzim.people.models import Membership
from tanzim.territory.models import Territory

DAY = datetime.date(2026, 1, 17)
TAOUNATE_CALL = "الدائرة الانتخابية المحلية تاونات"


def _body(code: str) -> Body:
    territory = Territory.objects.get(code=code)
    if code.startswith("03.531"):
        return Body.objects.get(kind="commune_council", territory=territory)
    body, _ = Body.objects.get_or_create(
        kind="arrondissement_council",
        territory=territory,
        defaults={"name_ar": f"مجلس مقاطعة {territory.name_ar}"},
    )
    member = Membership.objects.filter(person__home=territory).order_by("number").first()
    Term.objects.get_or_create(person=member.person, body=body, defaults={"office": "member", "start": DAY})
    return body


def _call(code: str) -> Call:
    if code == "03.531":
        return Call.objects.get(constituency__name_ar=TAOUNATE_CALL)
    territory = Territory.objects.get(code=code)
    election, _ = Election.objects.get_or_create(
        name_ar="انتخابات المصفوفة", defaults={"kind": "communal", "body_kind": "arrondissement_council"}
    )
    constituency, _ = Constituency.objects.get_or_create(
        election=election, territory=territory, defaults={"name_ar": territory.name_ar, "seats": 3}
    )
    organ = Organ.objects.filter(territory=territory, kind="local_secretariat").first()
    call, created = Call.objects.get_or_create(
        constituency=constituency,
        defaults={
            "organ": organ,
            "arbitration": Organ.objects.get(name_ar="اللجنة الوطنية للتحكيم والأخلاقيات"),
            "opens_on": DAY,
            "closes_on": DAY,
        },
    )
    if created:
        member = Membership.objects.filter(person__home=territory).order_by("-number").first()
        applicant = Applicant.objects.create(call=call, person=member.person, applied_on=DAY)
        Appeal.objects.create(
            applicant=applicant, committee=call.arbitration, grounds="طعن المصفوفة", filed_on=DAY
        )
    return call


INSIDE = {"admin": "03.531", "najjari": "03.531", "laaziri": "01.511.01.03"}
OUTSIDE = {"najjari": "01.511.01.03", "laaziri": "01.511.01.06", "outsider": "03.531", "anonymous": "03.531"}


def _cases(make, rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    cases = []
    if persona in INSIDE:
        cases.append(({**dict(rule.kwargs), **make(INSIDE[persona])}, True))
    if persona in OUTSIDE:
        cases.append(({**dict(rule.kwargs), **make(OUTSIDE[persona])}, False))
    return cases


def _body_code(code: str) -> str:
    return "03.531.01.01" if code == "03.531" else code


def body_cases(rule: Rule, persona: str):
    return _cases(lambda code: {"body_id": _body(_body_code(code)).pk}, rule, persona)


def term_cases(rule: Rule, persona: str):
    return _cases(
        lambda code: {"term_id": _body(_body_code(code)).terms.order_by("pk").first().pk}, rule, persona
    )


def call_cases(rule: Rule, persona: str):
    return _cases(lambda code: {"call_id": _call(code).pk}, rule, persona)


def applicant_cases(rule: Rule, persona: str):
    return _cases(
        lambda code: {"applicant_id": _call(code).applicants.order_by("pk").first().pk}, rule, persona
    )


def appeal_cases(rule: Rule, persona: str):
    return _cases(
        lambda code: {
            "appeal_id": Appeal.objects.filter(applicant__call=_call(code)).order_by("pk").first().pk
        },
        rule,
        persona,
    )


CASES = {
    "body": body_cases,
    "term": term_cases,
    "call": call_cases,
    "applicant": applicant_cases,
    "appeal": appeal_cases,
}
