"""Exports of personal data: a scoped roll (CSV/XLSX) and one person's own data (JSON/PDF).

Callers audit every export (tanzim.access.services.audit_record) before sending the file.
"""

from __future__ import annotations

import datetime
import io
import tempfile
from collections.abc import Iterator

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook

from tanzim.core.csvstream import csv_lines
from tanzim.people.models import Membership, Person

ROLL_COLUMNS = [
    ("number", "رقم المنخرط", "N° d'adhérent"),
    ("full_name_ar", "الاسم الكامل", "Nom complet (arabe)"),
    ("full_name_latin", "الاسم بالحروف اللاتينية", "Nom (latin)"),
    ("gender", "الجنس", "Sexe"),
    ("birth_year", "سنة الازدياد", "Année de naissance"),
    ("cin", "رقم البطاقة الوطنية", "CIN"),
    ("phone", "الهاتف", "Téléphone"),
    ("commune", "الجماعة", "Commune"),
    ("commune_code", "رمز الجماعة", "Code commune"),
    ("local_organ", "الهيئة المحلية", "Instance locale"),
    ("status", "الوضعية", "Statut"),
    ("joined_on", "تاريخ الانخراط", "Date d'adhésion"),
]


def roll_rows(members: QuerySet[Membership], *, batch: int = 2000) -> Iterator[list]:
    """One list per member, streamed in primary-key order (flat memory on large rolls)."""
    members = members.select_related("person", "person__home", "local_organ").order_by("pk")
    for m in members.iterator(chunk_size=batch):
        p = m.person
        yield [
            m.number,
            p.full_name_ar,
            p.full_name_latin,
            p.gender,
            p.birth_year or "",
            p.cin,
            p.phone,
            p.home.name_ar,
            p.home.code,
            m.local_organ.name_ar if m.local_organ_id else "",
            m.status,
            m.joined_on.isoformat() if m.joined_on else "",
        ]


def _header(language: str) -> list[str]:
    return [ar if language == "ar" else fr for _key, ar, fr in ROLL_COLUMNS]


def roll_csv_stream(members: QuerySet[Membership], *, language: str = "ar") -> Iterator[str]:
    """CSV lines (UTF-8 with BOM so that Excel shows Arabic), for a StreamingHttpResponse."""
    return csv_lines(_header(language), roll_rows(members))


def roll_xlsx(members: QuerySet[Membership], *, language: str = "ar") -> bytes:
    """An XLSX roll written in streaming mode, right-to-left sheet for Arabic."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="المنخرطون" if language == "ar" else "Adhérents")
    sheet.sheet_view.rightToLeft = language == "ar"
    sheet.append(_header(language))
    for row in roll_rows(members):
        sheet.append(row)
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        return handle.read()


def person_data(person: Person) -> dict:
    """Everything Tanzim holds about one person (law 09-08 access request), as plain JSON types."""

    def day(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    data: dict = {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "full_name_ar": person.full_name_ar,
            "full_name_latin": person.full_name_latin,
            "honorific": person.honorific,
            "gender": person.gender,
            "birth_year": person.birth_year,
            "cin": person.cin,
            "phone": person.phone,
            "commune": person.commune.name_ar if person.commune_id else None,
            "attached_to": {"code": person.home.code, "name_ar": person.home.name_ar},
            "source": person.source,
        },
        "mandates": [
            {
                "organ": m.organ.name_ar,
                "role": m.role,
                "title_ar": m.title_ar,
                "how": m.how,
                "start": day(m.start),
                "attested_from": day(m.attested_from),
                "end": day(m.end),
            }
            for m in person.mandates.select_related("organ").order_by("pk")
        ],
        "membership": None,
        "history": [
            {
                "at": h.history_date.isoformat(),
                "change": h.get_history_type_display(),
                "by": str(h.history_user or ""),
            }
            for h in person.history.order_by("history_date")
        ],
    }
    membership = Membership.objects.filter(person=person).select_related("local_organ").first()
    if membership is not None:
        data["membership"] = {
            "number": membership.number,
            "joined_on": day(membership.joined_on),
            "local_organ": membership.local_organ.name_ar if membership.local_organ_id else None,
            "status": membership.status,
            "status_reason": membership.status_reason,
            "status_changed_on": day(membership.status_changed_on),
            "consent_on": day(membership.consent_on),
            "consent_scope": membership.consent_scope,
            "dues": [
                {"year": d.year, "amount": str(d.amount), "paid_on": day(d.paid_on)}
                for d in membership.dues.all()
            ],
            "cards": [
                {
                    "status": c.status,
                    "issued_on": day(c.issued_on),
                    "revoked_on": day(c.revoked_on),
                    "reason": c.reason,
                }
                for c in membership.cards.order_by("pk")
            ],
            "history": [
                {
                    "at": h.history_date.isoformat(),
                    "status": h.status,
                    "reason": h.history_change_reason or "",
                    "by": str(h.history_user or ""),
                }
                for h in membership.history.order_by("history_date")
            ],
        }
    return data


def person_data_pdf(person: Person) -> bytes:
    from weasyprint import HTML

    from tanzim.settings import PACKAGE_DIR

    html = render_to_string("people/person_data_pdf.html", {"data": person_data(person), "person": person})
    buffer = io.BytesIO()
    HTML(string=html, base_url=str(PACKAGE_DIR / "static" / "tanzim")).write_pdf(buffer)
    return buffer.getvalue()
