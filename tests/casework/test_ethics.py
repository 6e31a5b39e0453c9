"""Ethics and arbitration: the competent committee, hearing, decision, appeal, and confidentiality —
a complaint is seen by its committee and its parties only, checked for every role."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tanzim.casework.models import Complaint
from tanzim.casework.queries import competent_committee
from tanzim.casework.services import complaint_appeal, complaint_decide, complaint_file, complaint_hearing_set
from tanzim.demo import seeds
from tanzim.organs.models import Organ
from tanzim.people.models import Person
from tanzim.people.services import person_create
from tanzim.press.models import InboxMessage
from tanzim.territory.models import Territory
from tests.casework.conftest import BENI_MAKADA, BENI_MAKADA_LOCAL, client_for
from tests.conftest import second_factor_passed

pytestmark = pytest.mark.django_db

TTA_COMMITTEE = "اللجنة الجهوية المؤقتة للتحكيم والأخلاقيات لجهة طنجة-تطوان-الحسيمة (2020)"
NATIONAL_COMMITTEE = "اللجنة الوطنية للتحكيم والأخلاقيات"


@pytest.fixture
def complainant() -> Person:
    return person_create(full_name_ar="منخرط مشتك للاختبار", home=Territory.objects.get(code=BENI_MAKADA))


@pytest.fixture
def complaint(complainant) -> Complaint:
    return complaint_file(
        complainant=complainant,
        category="premises_refused",
        respondent_kind="organ",
        respondent_organ=Organ.objects.get(name_ar=BENI_MAKADA_LOCAL),
        description="منعت من دخول مقر الأمانة المحلية يوم الاجتماع رغم أنني منخرط.",
        by=None,
    )


def _client(who: str, complainant: Person) -> Client:
    if who == "anonymous":
        return Client()
    if who == "complainant":
        return client_for("complainant-test", complainant)
    if who == "outsider":
        return client_for("outsider-test")
    client = client_for(who)
    return second_factor_passed(client) if who in ("admin", "hakam") else client


# Every role, and whether it sees the Beni Makada member's complaint to the regional committee.
WHO_SEES = [
    ("anonymous", 302),
    ("outsider", 404),
    ("admin", 404),  # national admin without a committee mandate: counts only
    ("hjira", 404),  # regional secretary of another region
    ("najjari", 404),  # provincial secretary elsewhere
    ("limouri", 404),  # provincial secretary ABOVE the respondent: territorial scope gives nothing here
    ("tazi", 404),  # a local secretary elsewhere (synthetic, Taounate)
    ("tanji", 404),  # a parliamentarian
    ("hakam", 404),  # the national committee, before any appeal
    ("adil", 200),  # the regional committee seized
    ("complainant", 200),
    ("laaziri", 200),  # the secretary of the organ complained against
]


@pytest.mark.parametrize(("who", "status"), WHO_SEES)
def test_a_complaint_is_seen_by_its_committee_and_its_parties_only(who, status, complaint, complainant):
    client = _client(who, complainant)
    response = client.get(f"/ethics/{complaint.pk}/")
    assert response.status_code == status
    listing = client.get("/ethics/")
    if who != "anonymous":
        assert (complaint.reference in listing.content.decode()) == (status == 200)
    for action in ("hearing", "decide", "appeal"):
        posted = client.post(f"/ethics/{complaint.pk}/{action}/", {})
        assert posted.status_code == (302 if status != 404 else 404)


def test_after_an_appeal_the_national_committee_sees_it_and_the_first_committee_still_does(
    complaint, complainant
):
    adil = Person.objects.get(full_name_ar="مصطفى العادل")
    complaint_hearing_set(complaint=complaint, at=timezone.now(), place="مقر الجهة", by=client_user("adil"))
    complaint_decide(
        complaint=complaint,
        outcome="rejected",
        decision="رفض الشكاية",
        reasons="لم يثبت للجنة أن المنع كان بقرار من الأمانة المحلية.",
        by=client_user("adil"),
    )
    complaint_appeal(complaint=complaint, reasons="القرار لم يستمع إلى شهودي الذين حضروا الواقعة.", by=None)
    complaint.refresh_from_db()
    assert (
        complaint.committee.name_ar == NATIONAL_COMMITTEE
        and complaint.first_committee.name_ar == TTA_COMMITTEE
    )
    assert _client("hakam", complainant).get(f"/ethics/{complaint.pk}/").status_code == 200
    assert _client("adil", complainant).get(f"/ethics/{complaint.pk}/").status_code == 200
    assert _client("admin", complainant).get(f"/ethics/{complaint.pk}/").status_code == 404
    assert adil.pk != complaint.complainant_id


def client_user(username: str):
    from django.contrib.auth.models import User

    return User.objects.get(username=username)


def test_competent_committee_is_regional_when_the_region_has_one_else_national(complainant):
    assert competent_committee(complainant).name_ar == TTA_COMMITTEE
    soufiani = Person.objects.get(full_name_ar="رشيد السفياني")  # attached to Morocco: no region known
    assert competent_committee(soufiani).name_ar == NATIONAL_COMMITTEE
    najjari = Person.objects.get(full_name_ar="محمد النجاري")
    assert competent_committee(najjari).territory.code == "03"


def test_only_committee_members_set_hearings_and_the_parties_are_notified(complaint):
    with pytest.raises(ValidationError):
        complaint_hearing_set(complaint=complaint, at=timezone.now(), place="x", by=client_user("laaziri"))
    before = InboxMessage.objects.count()
    complaint_hearing_set(
        complaint=complaint,
        at=timezone.now() + datetime.timedelta(days=7),
        place="مقر الأمانة الجهوية بطنجة",
        by=client_user("adil"),
    )
    notified = InboxMessage.objects.order_by("-pk")[: InboxMessage.objects.count() - before]
    people = {m.person.full_name_ar for m in notified}
    assert people == {"منخرط مشتك للاختبار", "عمر لعزيري"}  # the complainant, the organ's secretary


def test_a_decision_needs_a_hearing_and_reasons(complaint):
    adil = client_user("adil")
    with pytest.raises(ValidationError):
        complaint_decide(complaint=complaint, outcome="upheld", decision="x", reasons="y" * 30, by=adil)
    complaint_hearing_set(complaint=complaint, at=timezone.now(), place="المقر", by=adil)
    with pytest.raises(ValidationError) as error:
        complaint_decide(complaint=complaint, outcome="upheld", decision="قبول", reasons="", by=adil)
    assert "reasons" in error.value.message_dict


def test_the_national_committee_decision_is_final():
    soufiani_complaint = Complaint.objects.get(complainant__full_name_ar="رشيد السفياني")
    with pytest.raises(ValidationError):
        complaint_appeal(complaint=soufiani_complaint, reasons="أسباب الاستئناف مفصلة بما يكفي هنا.", by=None)


def test_only_the_parties_may_appeal(complaint):
    adil = client_user("adil")
    complaint_hearing_set(complaint=complaint, at=timezone.now(), place="المقر", by=adil)
    complaint_decide(
        complaint=complaint, outcome="rejected", decision="رفض", reasons="تعليل كاف للقرار المتخذ.", by=adil
    )
    with pytest.raises(ValidationError):
        complaint_appeal(
            complaint=complaint, reasons="استئناف من غير طرف في الشكاية.", by=client_user("limouri")
        )
    complaint_appeal(
        complaint=complaint, reasons="استئناف من الأمين المحلي المشتكى به.", by=client_user("laaziri")
    )
    assert Complaint.objects.get(pk=complaint.pk).status == "appealed"


def test_a_member_files_in_his_own_name_through_the_page(complainant):
    client = client_for("complainant-test", complainant)
    response = client.post(
        "/ethics/new/",
        {
            "category": "card_refused",
            "respondent_kind": "organ",
            "respondent_organ": Organ.objects.get(name_ar=BENI_MAKADA_LOCAL).pk,
            "description": "طلبت بطاقتي الحزبية ثلاث مرات دون جواب من الأمانة المحلية.",
        },
    )
    complaint = Complaint.objects.get(complainant=complainant, category="card_refused")
    assert response.status_code == 302 and response.url == f"/ethics/{complaint.pk}/"
    assert complaint.committee.name_ar == TTA_COMMITTEE


def test_a_secretary_records_a_complaint_for_a_member_and_does_not_see_it_afterwards(complainant):
    client = client_for("limouri")
    response = client.post(
        "/ethics/new/",
        {
            "complainant": complainant.pk,
            "category": "organ_decision",
            "respondent_kind": "organ",
            "respondent_organ": Organ.objects.get(name_ar=BENI_MAKADA_LOCAL).pk,
            "decision_complained_of": "قرار رفض تسجيلي في لائحة المنخرطين",
            "description": "رفضت الأمانة المحلية تسجيلي دون تعليل رغم استيفاء الشروط.",
        },
    )
    complaint = Complaint.objects.get(complainant=complainant, category="organ_decision")
    assert response.status_code == 302 and response.url == "/ethics/"
    assert complaint.recorded_by_organ.name_ar == "الأمانة الإقليمية بعمالة طنجة-أصيلة"
    assert client.get(f"/ethics/{complaint.pk}/").status_code == 404


def test_a_secretary_cannot_record_for_someone_outside_his_territory():
    client = client_for("najjari")
    outsider = Person.objects.get(full_name_ar="عمر لعزيري")
    client.post(
        "/ethics/new/",
        {
            "complainant": outsider.pk,
            "category": "other",
            "respondent_kind": "organ",
            "respondent_organ": Organ.objects.get(name_ar=BENI_MAKADA_LOCAL).pk,
            "description": "شكاية مسجلة من خارج التراب ولا ينبغي قبولها.",
        },
    )
    assert not Complaint.objects.filter(complainant=outsider).exists()


def test_national_admin_sees_counts_not_contents(admin_client_, complaint):
    body = admin_client_.get("/ethics/").content.decode()
    assert TTA_COMMITTEE in body  # the count per committee
    assert complaint.reference not in body and "منعت من دخول مقر" not in body


def test_the_seed_004_complaint_of_rachid_soufiani_is_recorded_with_its_source():
    complaint = Complaint.objects.get(complainant__full_name_ar="رشيد السفياني")
    assert seeds.SEED_004 in complaint.source and "حرمان من البطاقة الحزبية" in complaint.source
    assert complaint.filed_on == seeds.SEED_004_DAY and complaint.reference.startswith("ETH-2020-")
    assert complaint.committee.name_ar == NATIONAL_COMMITTEE and complaint.status == "decided"
    assert "تجريبي" in complaint.reasons  # the handling is synthetic, and says so
    hakam = client_for("hakam")
    second_factor_passed(hakam)
    assert hakam.get(f"/ethics/{complaint.pk}/").status_code == 200


def test_complaint_list_reads_a_fixed_number_of_queries(complaint, django_assert_max_num_queries):
    for i in range(3):
        complaint_file(
            complainant=complaint.complainant,
            category="other",
            respondent_kind="organ",
            respondent_organ=complaint.respondent_organ,
            description=f"وقائع شكاية إضافية رقم {i} لعد الاستعلامات.",
            by=None,
        )
    client = client_for("adil")
    with django_assert_max_num_queries(15):
        assert client.get("/ethics/").status_code == 200
