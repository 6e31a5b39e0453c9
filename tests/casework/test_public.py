"""The public form (no login) and the private follow link: spam checks, consent, no address stored,
rate limits against floods and against guessing links."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tanzim.casework.models import CaseFile, VisitorHit
from tanzim.casework.services import FOLLOW_FAILURES_PER_HOUR, PUBLIC_FILES_PER_DAY, public_form_token
from tests.access.matrix_cases_casework import PDF
from tests.casework.conftest import BENI_MAKADA_LOCAL

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
LAW = re.compile(r"09[.-]08")  # law 09-08 (written 09.08 in Arabic)


def _form(**overrides) -> dict:
    data = {
        "commune": "بني مكادة",
        "category": "housing",
        "subject": "تصدع جدران منزل آيل للسقوط",
        "description": "منزل عائلتي بحي المرس مهدد بالانهيار بعد الأمطار الأخيرة ونطلب المعاينة.",
        "citizen_name": "حفيظة المواطنة",
        "citizen_phone": "0662001122",
        "consent": "on",
        "form_token": public_form_token(now=timezone.now() - datetime.timedelta(seconds=30)),
        "website": "",
    }
    data.update(overrides)
    return data


def _post(client, data, **extra):
    return client.post("/doleances/", data, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT="Firefox test", **extra)


def test_public_form_shows_the_purpose_of_the_processing(client):
    body = client.get("/doleances/").content.decode()
    assert LAW.search(body) and 'name="website"' in body and 'name="form_token"' in body


def test_a_citizen_sends_a_file_and_lands_on_his_private_page(client):
    response = _post(client, _form(attachments=[SimpleUploadedFile("photo.pdf", PDF)]))
    assert response.status_code == 302 and response.url.startswith("/doleances/suivi/")
    case = CaseFile.objects.get(subject="تصدع جدران منزل آيل للسقوط")
    assert case.organ.name_ar == BENI_MAKADA_LOCAL and case.channel == "public_form"
    assert LAW.search(case.consent_text) and case.attachments.count() == 1
    stored = " ".join(str(v) for v in CaseFile.objects.filter(pk=case.pk).values().first().values())
    assert ADDRESS not in stored  # only a keyed hash of the visitor
    page = client.get(response.url)
    assert (
        page.status_code == 200
        and "no-store" in page["Cache-Control"]
        and page["Referrer-Policy"] == "no-referrer"
    )
    assert case.reference in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"website": "http://spam.example"}, "honeypot"),
        ({"form_token": "just shown"}, "sent at once"),
        ({"form_token": "forged"}, "forged token"),
        ({"consent": ""}, "no consent"),
        ({"citizen_phone": "", "citizen_email": ""}, "no way to reach the citizen"),
        ({"commune": "مدينة لا وجود لها"}, "unknown commune"),
        ({"attachments": [SimpleUploadedFile("run.exe", b"MZ")]}, "executable"),
    ],
)
def test_public_form_refuses(client, overrides, reason):
    if overrides.get("form_token") == "just shown":
        overrides = {"form_token": public_form_token()}
    response = _post(client, _form(**overrides))
    assert response.status_code == 400, reason
    assert not CaseFile.objects.filter(subject="تصدع جدران منزل آيل للسقوط").exists(), reason


def test_public_form_limits_files_per_visitor_and_day(client):
    for i in range(PUBLIC_FILES_PER_DAY):
        assert _post(client, _form(subject=f"ملف رقم {i}")).status_code == 302
    assert _post(client, _form(subject="ملف زائد")).status_code == 400
    assert not CaseFile.objects.filter(subject="ملف زائد").exists()
    other = client.post("/doleances/", _form(subject="زائر آخر"), REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 302


def test_wrong_follow_links_are_rate_limited(client, beni_makada_file):
    for i in range(FOLLOW_FAILURES_PER_HOUR):
        assert client.get(f"/doleances/suivi/guess-{i}/", REMOTE_ADDR=ADDRESS).status_code == 404
    # Even the right link is refused to a visitor who has been guessing.
    assert client.get(f"/doleances/suivi/{beni_makada_file.token}/", REMOTE_ADDR=ADDRESS).status_code == 429
    assert (
        client.get(f"/doleances/suivi/{beni_makada_file.token}/", REMOTE_ADDR="198.51.100.2").status_code
        == 200
    )
    assert VisitorHit.objects.filter(kind="follow_miss").count() == FOLLOW_FAILURES_PER_HOUR


def test_a_renewed_link_replaces_the_old_one(beni_makada_client, client, beni_makada_file):
    response = beni_makada_client.post(f"/casework/{beni_makada_file.pk}/link/", follow=True)
    assert "/doleances/suivi/" in response.content.decode()
    assert client.get(f"/doleances/suivi/{beni_makada_file.token}/").status_code == 404


def test_old_visitor_hits_are_purged(client):
    old = VisitorHit.objects.create(kind="follow_miss", visitor="x" * 64)
    VisitorHit.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=3))
    client.get("/doleances/suivi/guess/")
    assert not VisitorHit.objects.filter(pk=old.pk).exists()
    assert VisitorHit.objects.filter(kind="follow_miss").count() == 1
