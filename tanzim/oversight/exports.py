"""Exports of the dashboards (XLSX, PDF) and of survey results (XLSX, never who answered anonymously)."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tanzim.oversight.models import Survey
from tanzim.oversight.queries import STATE_LABELS, CoverageReport, SurveyMonth


def _state(state: str) -> str:
    return str(STATE_LABELS[state])


def coverage_xlsx(report: CoverageReport) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Coverage")
    summary.sheet_view.rightToLeft = True
    coverage = report.coverage
    summary.append([_("Territory"), report.territory.title])
    summary.append([_("On"), report.today.isoformat()])
    summary.append([_("Activity window (days)"), report.active_days])
    summary.append([_("Communes and arrondissements"), coverage.total])
    summary.append([_("With an active local secretariat"), coverage.active])
    summary.append([_("With a dormant local secretariat"), coverage.dormant])
    summary.append([_("Without a local secretariat"), coverage.uncovered])
    summary.append([_("Coverage (%)"), coverage.share])
    summary.append([_("Coverage weighted by population 2024 (%)"), coverage.population_share])
    if report.children:
        areas = workbook.create_sheet(_("By area"))
        areas.append(
            [
                _("Code"),
                _("Name"),
                _("Units"),
                _("Active"),
                _("Dormant"),
                _("Coverage (%)"),
                _("Weighted (%)"),
            ]
        )
        for child in report.children:
            c = child.coverage
            areas.append(
                [
                    child.territory.code,
                    child.territory.name_ar,
                    c.total,
                    c.active,
                    c.dormant,
                    c.share,
                    c.population_share,
                ]
            )
    units = workbook.create_sheet(_("Communes"))
    units.append(
        [
            _("Code"),
            _("Commune"),
            _("Population 2024"),
            _("State"),
            _("Last meeting held"),
            _("Meetings in the window"),
        ]
    )
    for unit in report.units:
        units.append(
            [
                unit.code,
                unit.name_ar,
                unit.population,
                _state(unit.state),
                unit.last_meeting.isoformat() if unit.last_meeting else "",
            ]
        )
    history = workbook.create_sheet(_("Over time"))
    history.append([_("Day"), _("Active"), _("Units"), _("Coverage (%)")])
    for point in report.history:
        history.append([point.day.isoformat(), point.active, point.total, point.share])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def coverage_pdf(context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is drawn

    from tanzim.people.cards import FONTS_DIR

    html = render_to_string("oversight/dashboard_pdf.html", {**context, "fonts_dir": FONTS_DIR.as_uri()})
    return HTML(string=html).write_pdf()


def survey_xlsx(survey: Survey, months: list[SurveyMonth], comments: list[dict]) -> bytes:
    """Per month: answers, average, distribution; then the comments (signed ones with their signer)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")
    sheet.append([survey.question_ar])
    sheet.append([_("Month"), _("Answers"), _("Average"), "1", "2", "3", "4", "5"])
    for month in months:
        sheet.append(
            [month.period.strftime("%Y-%m"), month.answers, month.average, *(month.distribution or [""] * 5)]
        )
    notes = workbook.create_sheet(_("Comments"))
    notes.append([_("Month"), _("Rating"), _("Comment"), _("Signed by")])
    for row in comments:
        notes.append([row["period"].strftime("%Y-%m"), row["rating"], row["comment"], row["signed_by"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def survey_csv(survey: Survey, months: list[SurveyMonth], comments: list[dict]) -> str:
    """The same as the XLSX, as CSV (UTF-8 with BOM for spreadsheet programs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Month"), _("Answers"), _("Average"), "1", "2", "3", "4", "5"])
    for month in months:
        writer.writerow(
            [month.period.strftime("%Y-%m"), month.answers, month.average, *(month.distribution or [""] * 5)]
        )
    writer.writerow([])
    writer.writerow([_("Month"), _("Rating"), _("Comment"), _("Signed by")])
    for row in comments:
        writer.writerow([row["period"].strftime("%Y-%m"), row["rating"], row["comment"], row["signed_by"]])
    return "\ufeff" + buffer.getvalue()
