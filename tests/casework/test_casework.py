"""Citizens' files: intake, routing to the territory's parliamentarian, the steps up to the answer,
who sees a file, service-level timers, audit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from tanzim.access.models import AuditEvent
from tanzim.casework.models import CaseFile, CaseStatus, ServiceLevel
from tanzim.casework.queries import case_board, parliamentarians_for, secretariat_for
from tanzim.casework.services import casefile_receive, casefile_step
from tanzim.organs.models import Organ
from tanzim.people.models import Person
from tanzim.press.models import InboxMessage
from tanzim.territory.models import Territory
from tests.access.matrix_cases_casework import PDF
from tests.casework.conftest import BENI_MAKADA, BENI_MAKADA_LOCAL, client_for

pytestmark = pytest.mark.django_db


def _walk_to_answer(client, case: CaseFile, parliamentarian: Person) -> None:
    url = f"/casework/{case.pk}/step/"
    for data in (
        {"status": "under_study", "internal_note": "ملاحظة داخلية سرية"},
        {"status": "forwarded", "parliamentarian": parliamentarian.pk},
        {
            "status": "raised",
            "question_kind": "written",
            "question_reference": "QE-1234",
            "question_date": "2026-03-02",
        },
        {"status": "answered", "answer": "أجابت الوزارة بأن الإصلاح مبرمج.", "answered_on": "2026-04-01"},
    ):
        response = client.post(url, data)
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == data["status"], data


def test_beni_makada_is_routed_to_the_tanger_assilah_representative(tanji):
    found = parliamentarians_for(Territory.objects.get(code=BENI_MAKADA))
    assert tanji in found
    assert "عبد الكريم التاوناتي" not in {p.full_name_ar for p in found}  # Taounate's representative


def test_public_files_go_to_the_nearest_secretariat():
    assert secretariat_for(Territory.objects.get(code=BENI_MAKADA)).name_ar == BENI_MAKADA_LOCAL
    # An arrondissement of Tanger without a local secretariat: the provincial one takes it.
    assert secretariat_for(Territory.objects.get(code="01.511.01.01")).kind == "provincial_secretariat"


def test_local_secretary_takes_a_file_at_the_desk(beni_makada_client):
    organ = Organ.objects.get(name_ar=BENI_MAKADA_LOCAL)
    response = beni_makada_client.post(
        "/casework/new/",
        {
            "organ": organ.pk,
            "category": "health",
            "subject": "طلب موعد طبي مستعجل",
            "description": "المواطن ينتظر موعدا في المستشفى الجهوي منذ أربعة أشهر دون جواب.",
            "citizen_name": "عبد الله الاختبار",
            "citizen_phone": "0661 22 33 44",
            "consent": "on",
            "attachments": [SimpleUploadedFile("ordonnance.pdf", PDF, content_type="application/pdf")],
        },
    )
    case = CaseFile.objects.get(subject="طلب موعد طبي مستعجل")
    assert response.status_code == 302 and response.url == f"/casework/{case.pk}/"
    assert case.commune.code == BENI_MAKADA  # the organ's own arrondissement
    assert case.citizen_phone == "+212661223344"
    assert case.attachments.count() == 1
    assert case.channel == "desk" and case.events.get().status == "received"
    page = beni_makada_client.get(response.url)
    assert "/doleances/suivi/" in page.content.decode()  # the private link, shown once


def test_intake_without_consent_is_refused(beni_makada_client):
    organ = Organ.objects.get(name_ar=BENI_MAKADA_LOCAL)
    response = beni_makada_client.post(
        "/casework/new/",
        {
            "organ": organ.pk,
            "category": "health",
            "subject": "بدون موافقة",
            "description": "وصف كاف للملف لكن دون موافقة المواطن على المعالجة.",
            "citizen_name": "س",
        },
    )
    assert response.status_code == 200
    assert not CaseFile.objects.filter(subject="بدون موافقة").exists()


def test_a_fake_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        casefile_receive(
            organ=Organ.objects.get(name_ar=BENI_MAKADA_LOCAL),
            commune=Territory.objects.get(code=BENI_MAKADA),
            category="other",
            subject="مرفق مزيف",
            description="وصف كاف للملف مع مرفق ليس ملف PDF حقيقيا.",
            citizen_name="س",
            consent=True,
            attachments=[SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")],
        )
    assert "attachments" in error.value.message_dict
    assert not CaseFile.objects.filter(subject="مرفق مزيف").exists()


def test_file_goes_up_to_the_answer_and_the_private_link_shows_each_step(
    beni_makada_client, beni_makada_file, tanji, client
):
    _walk_to_answer(beni_makada_client, beni_makada_file, tanji)
    assert InboxMessage.objects.filter(person=tanji, url=f"/casework/{beni_makada_file.pk}/").exists()
    page = client.get(f"/doleances/suivi/{beni_makada_file.token}/").content.decode()
    with translation.override("ar"):  # the page speaks Arabic by default
        labels = [
            str(CaseStatus(s).label) for s in ("received", "under_study", "forwarded", "raised", "answered")
        ]
    for label in labels:
        assert f"<td>{label}</td>" in page, label
    assert "QE-1234" in page and "أجابت الوزارة بأن الإصلاح مبرمج." in page
    assert "ملاحظة داخلية سرية" not in page  # internal notes never leave the party
    assert "0661777888" not in page and "+212661777888" not in page and "سلمى الاختبار" not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("laaziri", 200),  # the organ that took it
        ("limouri", 200),  # the provincial secretariat above it
        ("admin", 200),  # national
        ("najjari", 404),  # Taounate
        ("hjira", 404),  # Fès-Meknès
    ],
)
def test_who_sees_a_beni_makada_file(who, status, beni_makada_file):
    client = client_for(who)
    if who == "admin":
        from tests.conftest import second_factor_passed

        second_factor_passed(client)
    assert client.get(f"/casework/{beni_makada_file.pk}/").status_code == status


def test_another_local_secretariat_does_not_see_it(beni_makada_file):
    charf_souani_secretary = Person.objects.get(full_name_ar="رضوان العلوي البلغيثي")
    client = client_for("alaoui", charf_souani_secretary)
    assert client.get(f"/casework/{beni_makada_file.pk}/").status_code == 404
    assert "إنارة عمومية" not in client.get("/casework/").content.decode()


def test_the_parliamentarian_sees_only_the_files_entrusted_to_him(
    beni_makada_client, beni_makada_file, tanji
):
    parliamentarian = client_for("tanji")  # the demo login of the representative (no territory)
    assert parliamentarian.get(f"/casework/{beni_makada_file.pk}/").status_code == 404
    beni_makada_client.post(f"/casework/{beni_makada_file.pk}/step/", {"status": "under_study"})
    beni_makada_client.post(
        f"/casework/{beni_makada_file.pk}/step/", {"status": "forwarded", "parliamentarian": tanji.pk}
    )
    page = parliamentarian.get(f"/casework/{beni_makada_file.pk}/")
    assert page.status_code == 200 and "0661777888" in page.content.decode().replace("+212", "0")
    # He moves it on himself: the question he put to the government.
    parliamentarian.post(
        f"/casework/{beni_makada_file.pk}/step/",
        {
            "status": "raised",
            "question_kind": "oral",
            "question_reference": "QO-77",
            "question_date": "2026-05-05",
        },
    )
    beni_makada_file.refresh_from_db()
    assert beni_makada_file.status == "raised" and beni_makada_file.question_kind == "oral"
    other = CaseFile.objects.exclude(parliamentarian=tanji).filter(organ__territory__code=BENI_MAKADA).first()
    assert parliamentarian.get(f"/casework/{other.pk}/").status_code == 404


def test_forwarding_to_a_parliamentarian_of_another_territory_is_refused(beni_makada_file):
    casefile_step(case=beni_makada_file, status="under_study", by=None)
    with pytest.raises(ValidationError) as error:
        casefile_step(
            case=beni_makada_file,
            status="forwarded",
            by=None,
            parliamentarian=Person.objects.get(full_name_ar="عبد الكريم التاوناتي"),
        )
    assert "parliamentarian" in error.value.message_dict


def test_a_file_cannot_skip_steps(beni_makada_file):
    with pytest.raises(ValidationError):
        casefile_step(
            case=beni_makada_file, status="answered", by=None, answer="x", answered_on=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        casefile_step(case=beni_makada_file, status="raised", by=None)


def test_a_closed_file_tells_the_citizen_why(beni_makada_file):
    with pytest.raises(ValidationError) as error:
        casefile_step(case=beni_makada_file, status="closed", by=None)
    assert "public_note" in error.value.message_dict


def test_service_levels_mark_overdue_files(beni_makada_file):
    beni_makada_file.status_changed_at = timezone.now() - datetime.timedelta(days=8)
    beni_makada_file.save(update_fields=["status_changed_at"])
    files = CaseFile.objects.filter(pk=beni_makada_file.pk)
    received = next(c for c in case_board(files) if c.status == "received")
    assert (received.count, received.overdue, received.days) == (1, 1, 7)
    ServiceLevel.objects.create(status="received", days=10)  # a national admin allows more time
    received = next(c for c in case_board(files) if c.status == "received")
    assert received.overdue == 0 and received.days == 10


def test_board_shows_overdue_only_when_asked_and_is_audited(beni_makada_client, beni_makada_file):
    response = beni_makada_client.get("/casework/?overdue=1")
    body = response.content.decode()
    assert "انقطاع متكرر للماء" not in body  # answered: never overdue
    assert "طلب الاستفادة من برنامج الدعم المباشر" in body  # received 40 days ago (demo)
    assert "إنارة عمومية معطلة" not in body  # received today
    assert AuditEvent.objects.filter(action="casework.board", user__username="laaziri").exists()


def test_board_reads_a_fixed_number_of_queries(beni_makada_client, django_assert_max_num_queries):
    for i in range(5):
        casefile_receive(
            organ=Organ.objects.get(name_ar=BENI_MAKADA_LOCAL),
            commune=Territory.objects.get(code=BENI_MAKADA),
            category="other",
            subject=f"ملف للعد {i}",
            description="وصف كاف لملف يستعمل في عد الاستعلامات.",
            citizen_name="س",
            consent=True,
        )
    with django_assert_max_num_queries(20):
        assert beni_makada_client.get("/casework/").status_code == 200


def test_export_is_scoped_and_audited(beni_makada_client, taounate_client, beni_makada_file):
    body = b"".join(beni_makada_client.get("/casework/export.csv").streaming_content).decode()
    assert "إنارة عمومية معطلة" in body and "+212661777888" in body
    assert "تدهور الطريق الرابطة بين الدواوير" not in body  # Taounate's
    taounate = b"".join(taounate_client.get("/casework/export.csv").streaming_content).decode()
    assert "إنارة عمومية معطلة" not in taounate
    assert AuditEvent.objects.filter(action="casework.export.csv", user__username="laaziri").exists()


def test_demo_file_of_beni_makada_was_answered(client):
    from tanzim.demo.casework import DEMO_SUBJECT, demo_follow_token

    case = CaseFile.objects.get(subject=DEMO_SUBJECT)
    assert case.status == "answered" and case.parliamentarian.full_name_ar == "أحمد الطنجي"
    assert list(case.events.values_list("status", flat=True)) == [
        "received",
        "under_study",
        "forwarded",
        "raised",
        "answered",
    ]
    page = client.get(f"/doleances/suivi/{demo_follow_token()}/")
    assert page.status_code == 200 and "DEMO-2026-0412" in page.content.decode()
