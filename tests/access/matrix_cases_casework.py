"""Matrix cases for citizens' files, ethics complaints and premises (picked up by test_matrix.py).

Created on demand: a citizen's file (with an attachment) taken by the Taounate provincial
secretariat, the Beni Makada and the Charf-Souani local secretariats; a complaint by najjari
(Taounate) against his communication pole, and one by a Beni Makada member against the Beni Makada
local secretariat (laaziri answers for it); premises of Taounate, Beni Makada and Charf-Souani, each
with a reported need.

Complaints are not territorial: the national admin (no committee mandate, not a party) gets a 404
on every complaint — there is no "inside" case for him.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from tanzim.access.matrix import Rule
from tanzim.casework.models import CaseAttachment, CaseFile, Complaint, PremisesNeed
from tanzim.casework.queries import token_digest
from tanzim.casework.services import casefile_receive, complaint_file, premises_add
from tanzim.organs.models import Organ, Premises
from tanzim.people.models import Person
from tanzim.people.services import person_create
from tanzim.territory.models import Territory

TAOUNATE = "الأمانة الإقليمية بتاونات"
TAOUNATE_POLE = "قطب التواصل والإعلام بالأمانة الإقليمية بتاونات"
BENI_MAKADA = "الأمانة المحلية بمقاطعة بني مكادة"
CHARF_SOUANI = "الأمانة المحلية بمقاطعة الشرف السواني"
COMMUNE = {TAOUNATE: "03.531.01.05", BENI_MAKADA: "01.511.01.03", CHARF_SOUANI: "01.511.01.06"}
FOLLOW_TOKEN = "matrix-follow-token-7Qp2vXk9LmN4"
# The smallest PDF that PDF readers (and pdftotext) open: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] "
    b"/Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\nxref\n0 4\n"
    b"0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n"
    b"<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def _case(organ_name: str) -> CaseFile:
    subject = f"ملف المصفوفة — {organ_name}"
    case = CaseFile.objects.filter(subject=subject).first()
    if case is None:
        case, _token = casefile_receive(
            organ=Organ.objects.get(name_ar=organ_name),
            commune=Territory.objects.get(code=COMMUNE[organ_name]),
            category="other",
            subject=subject,
            description="وصف ملف المصفوفة لاختبار الصلاحيات، بيانات اصطناعية.",
            citizen_name="مواطن المصفوفة",
            citizen_phone="0661999001",
            consent=True,
        )
        attachment = CaseAttachment(
            case=case, original_name="doc.pdf", content_type="application/pdf", size=len(PDF)
        )
        attachment.file.save("doc.pdf", ContentFile(PDF), save=True)
    return case


CASE_INSIDE = {"admin": TAOUNATE, "najjari": TAOUNATE, "laaziri": BENI_MAKADA}
CASE_OUTSIDE = {"najjari": BENI_MAKADA, "laaziri": CHARF_SOUANI, "outsider": TAOUNATE, "anonymous": TAOUNATE}


def _pairs(rule: Rule, persona: str, inside: dict, outside: dict, build) -> list[tuple[dict, bool]]:
    cases = []
    if persona in inside:
        cases.append(({**dict(rule.kwargs), **build(inside[persona])}, True))
    if persona in outside:
        cases.append(({**dict(rule.kwargs), **build(outside[persona])}, False))
    return cases


def casefile_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    return _pairs(rule, persona, CASE_INSIDE, CASE_OUTSIDE, lambda name: {"case_id": _case(name).pk})


def attachment_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    def build(name: str) -> dict:
        case = _case(name)
        return {"case_id": case.pk, "attachment_id": case.attachments.first().pk}

    return _pairs(rule, persona, CASE_INSIDE, CASE_OUTSIDE, build)


def follow_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    """Public: the right token is "inside" for everyone; a made-up one is a 404."""
    case = _case(CHARF_SOUANI)
    if case.follow_digest != token_digest(FOLLOW_TOKEN):
        case.follow_digest = token_digest(FOLLOW_TOKEN)
        case.save(update_fields=["follow_digest"])
    return [({"token": FOLLOW_TOKEN}, True), ({"token": "no-such-follow-token"}, False)]


def _najjari_complaint() -> Complaint:
    najjari = Person.objects.get(full_name_ar="محمد النجاري")
    found = Complaint.objects.filter(complainant=najjari, source="matrix").first()
    return found or complaint_file(
        complainant=najjari,
        category="organ_decision",
        respondent_kind="organ",
        respondent_organ=Organ.objects.get(name_ar=TAOUNATE_POLE),
        decision_complained_of="قرار المصفوفة",
        description="وقائع شكاية المصفوفة لاختبار السرية، بيانات اصطناعية.",
        by=None,
        source="matrix",
    )


def _beni_makada_complaint() -> Complaint:
    member = Person.objects.filter(full_name_ar="منخرط المصفوفة").first() or person_create(
        full_name_ar="منخرط المصفوفة", home=Territory.objects.get(code=COMMUNE[BENI_MAKADA])
    )
    found = Complaint.objects.filter(complainant=member, source="matrix").first()
    return found or complaint_file(
        complainant=member,
        category="premises_refused",
        respondent_kind="organ",
        respondent_organ=Organ.objects.get(name_ar=BENI_MAKADA),
        description="وقائع شكاية المصفوفة لاختبار السرية، بيانات اصطناعية.",
        by=None,
        source="matrix",
    )


def complaint_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    """Only laaziri gets an "inside" case here: test_matrix.py gives the regional secretary and the
    pole head najjari's cases, and they are no party to najjari's complaint. Who sees a complaint
    is checked for every persona, both ways, in tests/casework/test_ethics.py."""
    inside = {"laaziri": _beni_makada_complaint}
    outside = {
        "admin": _beni_makada_complaint,
        "najjari": _beni_makada_complaint,
        "laaziri": _najjari_complaint,
        "outsider": _najjari_complaint,
        "anonymous": _najjari_complaint,
    }
    return _pairs(rule, persona, inside, outside, lambda make: {"complaint_id": make().pk})


def _premises(organ_name: str) -> Premises:
    organ = Organ.objects.get(name_ar=organ_name)
    premises = Premises.objects.filter(organ=organ).order_by("pk").first() or premises_add(
        organ=organ,
        name_ar=f"مقر المصفوفة — {organ_name}",
        commune=Territory.objects.get(code=COMMUNE[organ_name]),
    )
    if not premises.needs.exists():
        PremisesNeed.objects.create(premises=premises, category="other", description="حاجة المصفوفة")
    return premises


PREMISES_INSIDE = {"admin": TAOUNATE, "najjari": TAOUNATE, "laaziri": BENI_MAKADA}
PREMISES_OUTSIDE = {
    "najjari": BENI_MAKADA,
    "laaziri": CHARF_SOUANI,
    "outsider": TAOUNATE,
    "anonymous": TAOUNATE,
}


def premises_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    return _pairs(
        rule, persona, PREMISES_INSIDE, PREMISES_OUTSIDE, lambda n: {"premises_id": _premises(n).pk}
    )


def need_cases(rule: Rule, persona: str) -> list[tuple[dict, bool]]:
    return _pairs(
        rule, persona, PREMISES_INSIDE, PREMISES_OUTSIDE, lambda n: {"need_id": _premises(n).needs.first().pk}
    )


CASES = {
    "casefile": casefile_cases,
    "casefile_attachment": attachment_cases,
    "follow_token": follow_cases,
    "complaint": complaint_cases,
    "premises": premises_cases,
    "premises_need": need_cases,
}
