"""Dashboard exports (XLSX, PDF, audited) and the synthetic demo structuring."""

from __future__ import annotations

import io
import subprocess

import pytest
from openpyxl import load_workbook

from tanzim.access.models import AuditEvent
from tanzim.demo import seeds
from tanzim.demo.oversight import demo_oversight_load
from tanzim.organs.models import Organ
from tanzim.oversight.queries import coverage_report
from tests.factories import territory

pytestmark = pytest.mark.django_db


def test_xlsx_export_has_the_figures_of_the_page_and_is_audited(taounate_client):
    page = taounate_client.get("/oversight/t/03.531/")
    response = taounate_client.get("/oversight/t/03.531/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0].value: row[1].value for row in workbook.worksheets[0].iter_rows()}
    assert page.context["coverage"].share in summary.values()
    communes = workbook.worksheets[-2]
    assert communes.max_row == page.context["coverage"].total + 1
    assert AuditEvent.objects.filter(action="oversight.export.xlsx", target="03.531").exists()


def test_pdf_export_draws_the_dashboard(admin_client_):
    response = admin_client_.get("/oversight/t/01/export.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout
    assert "OpenStreetMap" in text.decode()
    assert AuditEvent.objects.filter(action="oversight.export.pdf", target="01").exists()


def test_demo_structuring_is_synthetic_idempotent_and_varies_between_provinces():
    assert demo_oversight_load() == 0
    synthetic = Organ.objects.filter(source=seeds.SYNTHETIC_SOURCE, kind="local_secretariat")
    assert synthetic.filter(territory__path__startswith="MA/01/").count() > 20
    assert synthetic.filter(territory__path__startswith="MA/03/").count() > 20
    shares = {
        child.coverage.share for code in ("01", "03") for child in coverage_report(territory(code)).children
    }
    assert len(shares) >= 8 and min(shares) < 20 < 40 < max(shares)
