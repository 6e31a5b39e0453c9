"""Members' continuous evaluation: surveys and standing forms, answers once per period, results per
organ and month — and anonymity that is real: nothing links an anonymous answer to a person."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tanzim.access.models import Profile
from tanzim.organs.models import Organ, OrganKind
from tanzim.oversight.models import Survey, SurveyAnswer, SurveyKind, SurveyParticipation
from tanzim.oversight.services import survey_answer, survey_open
from tanzim.people.members import membership_enroll
from tanzim.people.models import MemberStatus, Person
from tanzim.people.services import person_create
from tests.factories import territory

pytestmark = pytest.mark.django_db

TAOUNATE = "03.531"


@pytest.fixture
def province() -> Organ:
    return Organ.objects.get(kind=OrganKind.PROVINCIAL_SECRETARIAT, territory__code=TAOUNATE)


@pytest.fixture
def survey(province, taounate_provincial_secretary) -> Survey:
    return survey_open(
        organ=province,
        by=taounate_provincial_secretary,
        question_ar="ما تقييمكم لعمل الأمانة الإقليمية؟",
        kind=SurveyKind.SURVEY,
    )


def _member(name: str, code: str = "03.531.01.05") -> Person:
    home = territory(code)
    person = person_create(full_name_ar=name, home=home, commune=home)
    membership_enroll(person=person, by=None, status=MemberStatus.ACTIVE)
    return person


def _client_of(person: Person, username: str) -> Client:
    user = User.objects.create_user(username=username, password="not-used-123")
    Profile.objects.create(user=user, person=person)
    client = Client()
    client.force_login(user)
    return client


def test_member_answers_anonymously_from_his_own_page_and_the_answer_has_no_person(survey, taounate_client):
    member = _member("سلوى المجهولة")
    client = _client_of(member, "salwa")
    mine = client.get("/oversight/me/")
    assert f"/oversight/me/{survey.pk}/" in mine.content.decode()
    response = client.post(
        f"/oversight/me/{survey.pk}/", {"rating": "4", "comment": "تعليق سري جدا", "anonymous": "on"}
    )
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get(survey=survey)
    assert answer.person is None and answer.rating == 4
    assert SurveyParticipation.objects.filter(survey=survey, person=member).exists()
    after = client.get("/oversight/me/").content.decode()
    assert f"/oversight/me/{survey.pk}/" not in after and 'class="badge grey"' in after  # answered


def test_nothing_stored_links_an_anonymous_answer_to_its_person():
    """The answer has no person, no time and no sequential id; the participation points at the survey,
    never at the answer."""
    answer_fields = {f.name for f in SurveyAnswer._meta.get_fields()}
    assert answer_fields == {"id", "survey", "period", "rating", "comment", "person"}
    assert SurveyAnswer._meta.pk.get_internal_type() == "UUIDField"
    participation_fields = {f.name for f in SurveyParticipation._meta.get_fields()}
    assert participation_fields == {"id", "survey", "person", "period"}
    assert not any(
        f.get_internal_type() in ("DateTimeField",)
        for f in [*SurveyAnswer._meta.fields, *SurveyParticipation._meta.fields]
    )


def test_no_page_or_export_shows_who_answered_anonymously(survey, taounate_client):
    names = ["أمينة الأولى", "بشرى الثانية", "جميلة الثالثة", "دنيا الرابعة"]
    people = [_member(name) for name in names]
    for index, person in enumerate(people):
        survey_answer(
            survey=survey,
            person=person,
            rating=index + 2,
            comment=f"ملاحظة رقم {index}",
            anonymous=index < 3,
        )
    with CaptureQueriesContext(connection) as queries:
        page = taounate_client.get(f"/oversight/surveys/{survey.pk}/")
    body = page.content.decode()
    for name in names[:3]:
        assert name not in body
    assert names[3] in body  # the signed answer keeps its signer
    assert "ملاحظة رقم 0" in body
    # The results read no person of an anonymous answer: only signed ones are joined to people.
    for query in queries.captured_queries:
        if "oversight_surveyparticipation" in query["sql"]:
            assert "COUNT" in query["sql"].upper() and "oversight_surveyanswer" not in query["sql"]
    export = taounate_client.get(f"/oversight/surveys/{survey.pk}/results.xlsx")
    workbook = load_workbook(io.BytesIO(export.content))
    cells = {
        str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None
    }
    assert not any(name in cell for name in names[:3] for cell in cells)
    assert names[3] in cells
    csv_text = taounate_client.get(f"/oversight/surveys/{survey.pk}/results.csv").content.decode("utf-8-sig")
    assert not any(name in csv_text for name in names[:3]) and names[3] in csv_text
    # Comments come in random-id order within a month: never in the order people answered.
    comments = taounate_client.get(f"/oversight/surveys/{survey.pk}/").context["comments"]
    assert sorted(c["comment"] for c in comments) == sorted(f"ملاحظة رقم {i}" for i in range(4))


def test_months_with_fewer_than_three_answers_are_held_back(survey):
    person = _member("وحيدة الوحيدة")
    survey_answer(survey=survey, person=person, rating=5, comment="وحدي", anonymous=True)
    from tanzim.oversight.queries import survey_comments, survey_results

    [month] = survey_results(survey)
    assert month.answers == 1 and month.average is None and month.distribution == []
    assert survey_comments(survey) == []


def test_a_member_answers_once_and_a_standing_form_once_a_month(province, survey):
    person = _member("مرة واحدة")
    survey_answer(survey=survey, person=person, rating=3)
    with pytest.raises(ValidationError):
        survey_answer(survey=survey, person=person, rating=4, anonymous=True)
    standing = survey_open(organ=province, by=None, question_ar="رأيكم هذا الشهر", kind=SurveyKind.STANDING)
    today = timezone.localdate()
    survey_answer(survey=standing, person=person, rating=3, today=today)
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    survey_answer(survey=standing, person=person, rating=5, today=next_month)
    assert sorted(standing.answers.values_list("period", flat=True)) == [today.replace(day=1), next_month]


def test_only_members_and_office_holders_of_the_organ_may_answer(survey):
    tanger = _member("طنجاوي", code="01.511.01.03")
    with pytest.raises(ValidationError):
        survey_answer(survey=survey, person=tanger, rating=3)
    client = _client_of(tanger, "tanjaoui")
    assert client.get(f"/oversight/me/{survey.pk}/").status_code == 404


def test_a_survey_that_refuses_anonymity_keeps_the_name(province):
    signed = survey_open(organ=province, by=None, question_ar="بالاسم فقط", allow_anonymous=False)
    with pytest.raises(ValidationError):
        survey_answer(survey=signed, person=_member("باسمه"), rating=2, anonymous=True)


def test_surveys_are_scoped_by_their_organ(survey, beni_makada_client, taounate_client):
    assert beni_makada_client.get(f"/oversight/surveys/{survey.pk}/").status_code == 404
    assert beni_makada_client.get(f"/oversight/surveys/{survey.pk}/results.xlsx").status_code == 404
    assert taounate_client.post(f"/oversight/surveys/{survey.pk}/close/").status_code == 302
    survey.refresh_from_db()
    assert survey.closes_on == timezone.localdate()


def test_an_organ_opens_a_survey_from_its_page(taounate_client, province):
    response = taounate_client.post(
        f"/oversight/surveys/new/{province.pk}/",
        {"question_ar": "سؤال جديد", "kind": "standing", "allow_anonymous": "on"},
    )
    survey = Survey.objects.get(question_ar="سؤال جديد")
    assert response.status_code == 302 and survey.allow_anonymous and survey.kind == "standing"


def test_an_anonymous_answer_is_written_mixed_with_the_earlier_ones_of_its_month(survey):
    """Each anonymous answer is inserted together with the month's earlier anonymous answers, in random
    order: they all keep their content and ids, and the table holds no trace of who wrote which."""
    people = [_member(f"مجهول {i}") for i in range(6)]
    for index, person in enumerate(people):
        survey_answer(
            survey=survey, person=person, rating=1 + index % 5, comment=f"رأي {index}", anonymous=True
        )
    answers = list(SurveyAnswer.objects.filter(survey=survey))
    assert sorted(a.comment for a in answers) == sorted(f"رأي {i}" for i in range(6))
    assert all(a.person_id is None for a in answers)
    assert SurveyParticipation.objects.filter(survey=survey).count() == 6
