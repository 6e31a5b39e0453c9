"""The XLSX report of an import: every rejected or doubtful row, why (Arabic and French), raw values.

Written in streaming mode (openpyxl write_only) from the issues stored in the database, so a
report of a million rows takes no more memory than one of ten.
"""

from __future__ import annotations

import tempfile

from django.core.files import File
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from tanzim.people.imports.checking import field_label
from tanzim.people.imports.headers import column_keys
from tanzim.people.models import IssueSeverity, RollImport

SEVERITY_LABELS = {
    IssueSeverity.REJECTED: ("مرفوض", "rejeté"),
    IssueSeverity.DOUBTFUL: ("مشكوك فيه", "douteux"),
}
SUMMARY_LABELS = [
    ("rows_done", "عدد الأسطر", "Lignes lues"),
    ("created", "أضيفوا", "Ajoutés"),
    ("unchanged", "مسجلون من قبل دون تغيير", "Déjà enregistrés, inchangés"),
    ("rejected", "مرفوضة", "Rejetées"),
    ("doubtful", "مشكوك فيها", "Douteuses"),
]
FIXED_COLUMNS = [
    ("السطر", "Ligne"),
    ("الحكم", "Verdict"),
    ("الحقل", "Champ"),
    ("الرمز", "Code"),
    ("السبب", "Raison"),
    ("Raison", "السبب بالفرنسية"),
    ("الشخص المقترح للدمج", "Personne proposée"),
]
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")


def report_write(roll_import: RollImport) -> None:
    """Build the report from the import's issues and store it in `roll_import.report`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="تقرير الاستيراد")
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    headers = list(roll_import.headers or [])
    keys = column_keys(headers)

    def head(values: list[str]) -> list[WriteOnlyCell]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font, cell.fill = _BOLD, _HEAD_FILL
            cells.append(cell)
        return cells

    sheet.append(head([f"{ar} / {fr}" for ar, fr in FIXED_COLUMNS] + headers))
    issues = (
        roll_import.issues.select_related("candidate")
        .order_by("row", "pk")
        .values_list(
            "row",
            "severity",
            "field",
            "code",
            "message_ar",
            "message_fr",
            "raw",
            "candidate_id",
            "candidate__full_name_ar",
        )
    )
    for (
        row,
        severity,
        field,
        code,
        message_ar,
        message_fr,
        raw,
        candidate_id,
        candidate_name,
    ) in issues.iterator(chunk_size=2000):
        label_ar, label_fr = field_label(field) if field else ("", "")
        severity_ar, severity_fr = SEVERITY_LABELS.get(severity, (severity, severity))
        raw = raw or {}
        values = [raw.get(key, "") for key in keys]
        values += [value for key, value in raw.items() if key not in keys]
        sheet.append(
            [
                row,
                f"{severity_ar} / {severity_fr}",
                f"{label_ar} / {label_fr}" if field else "",
                code,
                message_ar,
                message_fr,
                f"#{candidate_id} {candidate_name}" if candidate_id else "",
                *values,
            ]
        )
    summary = workbook.create_sheet(title="ملخص")
    summary.sheet_view.rightToLeft = True
    summary.append(head(["الملف / Fichier", roll_import.original_name]))
    summary.append(
        ["تجربة دون تسجيل / Essai sans enregistrement", "نعم / oui" if roll_import.dry_run else "لا / non"]
    )
    for name, label_ar, label_fr in SUMMARY_LABELS:
        summary.append([f"{label_ar} / {label_fr}", getattr(roll_import, name)])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        stem = roll_import.original_name.rsplit(".", 1)[0][:60] or "roll"
        name = f"import-{roll_import.pk}-{'dry-run-' if roll_import.dry_run else ''}{stem}.xlsx"
        if roll_import.report:
            roll_import.report.delete(save=False)
        roll_import.report.save(name, File(handle), save=False)
    RollImport.objects.filter(pk=roll_import.pk).update(report=roll_import.report.name)
