"""Matrix cases for meetings and directives (picked up by tests/access/test_matrix.py).

Created on demand: a planned meeting of the Taounate provincial secretariat, of the Tanger-Assilah
provincial secretariat and of the Beni Makada and Charf-Souani local secretariats; a directive
of Taounate to its communication pole, and one of Tanger-Assilah to Beni Makada and Charf-Souani
(Beni Makada's secretary sees it as a target); one progress report with an evidence file on each
target, for the scoped evidence download.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from tanzim.access.matrix import Rule
from tanzim.meetings.models import Directive, DirectiveTarget, Meeting, ProgressReport
from tanzim.organs.models import Organ

TAOUNATE = "الأمانة الإقليمية بتاونات"
TAOUNATE_POLE = "قطب التواصل والإعلام بالأمانة الإقليمية بتاونات"
TANGER = "الأمانة الإقليمية بعمالة طنجة-أصيلة"
BENI_MAKADA = "الأمانة المحلية بمقاطعة بني مكادة"
CHARF_SOUANI = "الأمانة المحلية بمقاطعة الشرف السواني"
DAY = datetime.date(2026, 1, 17)


def _meeting(organ_name: str) -> Meeting:
    organ = Organ.objects.get(name_ar=organ_name)
    meeting, _ = Meeting.objects.get_or_create(
        organ=organ,
        title_ar=f"اجتماع المصفوفة — {organ_name}",
        defaults={"kind": "organizational", "day": DAY, "place_mode": "address", "address": "المقر"},
    )
    return meeting


def _directive(issuer: str, targets: list[str]) -> Directive:
    organ = Organ.objects.get(name_ar=issuer)
    directive, _ = Directive.objects.get_or_create(
        organ=organ, text_ar=f"توجيه المصفوفة من {issuer}", defaults={"issued_on": DAY}
    )
    for name in targets:
        target, created = DirectiveTarget.objects.get_or_create(
            directive=directive, organ=Organ.objects.get(name_ar=name)
        )
        if created:
            report = ProgressReport(target=target, status="in_progress", note="تقرير المصفوفة")
            report.evidence.save("evidence.txt", ContentFile(b"matrix evidence"), save=False)
            report.save()
    return directive


def _taounate_directive() -> Directive:
    return _directive(TAOUNATE, [TAOUNATE_POLE])


def _tanger_directive() -> Directive:
    return _directive(TANGER, [BENI_MAKADA, CHARF_SOUANI])


MEETING_INSIDE = {"admin": TAOUNATE, "najjari": TAOUNATE, "laaziri": BENI_MAKADA}
MEETING_OUTSIDE = {"najjari": TANGER, "laaziri": CHARF_SOUANI, "outsider": TAOUNATE, "anonymous": TAOUNATE}


def meeting_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    cases = []
    if persona in MEETING_INSIDE:
        cases.append(({**dict(rule.kwargs), "meeting_id": _meeting(MEETING_INSIDE[persona]).pk}, True))
    if persona in MEETING_OUTSIDE:
        cases.append(({**dict(rule.kwargs), "meeting_id": _meeting(MEETING_OUTSIDE[persona]).pk}, False))
    return cases


DIRECTIVE_INSIDE = {
    "admin": _taounate_directive,
    "najjari": _taounate_directive,
    "laaziri": _tanger_directive,
}
DIRECTIVE_OUTSIDE = {
    "najjari": _tanger_directive,
    "laaziri": _taounate_directive,
    "outsider": _taounate_directive,
    "anonymous": _taounate_directive,
}


def directive_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    cases = []
    if persona in DIRECTIVE_INSIDE:
        cases.append(({**dict(rule.kwargs), "directive_id": DIRECTIVE_INSIDE[persona]().pk}, True))
    if persona in DIRECTIVE_OUTSIDE:
        cases.append(({**dict(rule.kwargs), "directive_id": DIRECTIVE_OUTSIDE[persona]().pk}, False))
    return cases


def _report(directive: Directive, organ: str) -> ProgressReport:
    return ProgressReport.objects.filter(target__directive=directive, target__organ__name_ar=organ).first()


def evidence_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    """Evidence of Beni Makada's report is Beni Makada's (and Tanger's), not Charf-Souani's."""
    inside = {
        "admin": lambda: _report(_taounate_directive(), TAOUNATE_POLE),
        "najjari": lambda: _report(_taounate_directive(), TAOUNATE_POLE),
        "laaziri": lambda: _report(_tanger_directive(), BENI_MAKADA),
    }
    outside = {
        "najjari": lambda: _report(_tanger_directive(), BENI_MAKADA),
        "laaziri": lambda: _report(_tanger_directive(), CHARF_SOUANI),
        "outsider": lambda: _report(_taounate_directive(), TAOUNATE_POLE),
        "anonymous": lambda: _report(_taounate_directive(), TAOUNATE_POLE),
    }
    cases = []
    if persona in inside:
        cases.append(({"report_id": inside[persona]().pk}, True))
    if persona in outside:
        cases.append(({"report_id": outside[persona]().pk}, False))
    return cases


CASES = {"meeting": meeting_cases, "directive": directive_cases, "progress_report": evidence_cases}
