"""Territorial scope: a secretary sees their territory and below; outside it is a 404."""

import datetime

import pytest
from django.urls import reverse

from tanzim.access.models import AuditEvent
from tanzim.access.queries import organs_visible, people_visible
from tanzim.access.scope import scope_for
from tanzim.organs.models import Organ
from tanzim.people.models import Person

pytestmark = pytest.mark.django_db

TANGER_NAMES = [
    "منير ليموري",
    "عمر لعزيري",
    "رضوان العلوي البلغيثي",
    "عبد الحميد بوشعيب",
    "عبد اللطيف الغلبزوري",
]


def _organ(name_ar: str) -> Organ:
    return Organ.objects.get(name_ar=name_ar)


def test_provincial_secretary_scope_is_the_province(taounate_provincial_secretary):
    scope = scope_for(taounate_provincial_secretary)
    assert scope.paths == ("MA/03/03.531/",)
    assert not scope.national


def test_national_admin_sees_the_whole_country(national_admin):
    assert scope_for(national_admin).national


def test_user_without_mandate_sees_nothing(outsider):
    assert scope_for(outsider).empty
    assert not organs_visible(outsider).exists()
    assert not people_visible(outsider).exists()


@pytest.mark.parametrize(
    ("organ_name", "paths"),
    [
        ("اللجنة الوطنية للتحكيم والأخلاقيات", ()),
        ("فريق الأصالة والمعاصرة بمجلس النواب", ()),
        ("المجلس الوطني", ()),
        ("قطب التنظيم", ("MA/",)),
        ("الأمانة الإقليمية بتاونات", None),
    ],
)
def test_only_secretariats_and_poles_give_a_territory(organ_name, paths):
    """A seat in a national committee, council or parliamentary group opens no roll; a secretariat
    or a pole opens its territory."""
    from django.contrib.auth.models import User

    from tanzim.access.models import Profile
    from tanzim.organs.services import mandate_record
    from tanzim.people.services import person_create
    from tanzim.territory.models import Territory

    organ = Organ.objects.get(name_ar=organ_name)
    person = person_create(full_name_ar="عضو الاختبار", home=Territory.objects.get(code="MA"))
    mandate_record(person=person, organ=organ, role="member", how="elected", start=datetime.date(2024, 1, 1))
    user = User.objects.create_user(username="scope-test")
    Profile.objects.create(user=user, person=person)
    expected = paths if paths is not None else (organ.territory.path,)
    assert scope_for(user).paths == expected


def test_scope_follows_the_mandate_dates(taounate_provincial_secretary):
    # Najjari is first attested as provincial secretary on 2022-10-29; the day before, no scope.
    assert scope_for(taounate_provincial_secretary, today=datetime.date(2022, 10, 28)).empty
    assert scope_for(taounate_provincial_secretary, today=datetime.date(2022, 10, 29)).paths == (
        "MA/03/03.531/",
    )


def test_taounate_secretary_gets_404_for_a_tanger_organ(taounate_client):
    tanger = _organ("الأمانة الإقليمية بعمالة طنجة-أصيلة")
    assert taounate_client.get(reverse("organs:detail", args=[tanger.pk])).status_code == 404


def test_taounate_secretary_opens_his_own_org_chart(taounate_client):
    own = _organ("الأمانة الإقليمية بتاونات")
    body = taounate_client.get(reverse("organs:detail", args=[own.pk])).content.decode()
    assert "محمد النجاري" in body
    assert "محمد لطفي" in body
    assert "مصطفى الغزواني" in body


@pytest.mark.parametrize("url_name", ["people:list", "organs:list", "home"])
def test_no_tanger_person_in_taounate_lists(taounate_client, url_name):
    body = taounate_client.get(reverse(url_name)).content.decode()
    for name in TANGER_NAMES:
        assert name not in body


def test_taounate_secretary_gets_404_for_a_tanger_person(taounate_client):
    limouri = Person.objects.get(full_name_ar="منير ليموري")
    assert taounate_client.get(reverse("people:detail", args=[limouri.pk])).status_code == 404


def test_taounate_secretary_gets_404_for_tanger_territory(taounate_client):
    assert taounate_client.get(reverse("territory:detail", args=["01.511"])).status_code == 404
    assert taounate_client.get(reverse("territory:detail", args=["01"])).status_code == 404


def test_region_above_is_a_way_in_but_shows_only_the_scope(taounate_client):
    body = taounate_client.get(reverse("territory:detail", args=["03"])).content.decode()
    assert "تاونات" in body
    assert "مكناس</a>" not in body  # the other provinces of the region stay hidden
    assert "الحجيرة" not in body  # no organ of the region is listed to a provincial secretary


def test_local_secretary_sees_only_his_arrondissement(beni_makada_client):
    ok = beni_makada_client.get(reverse("territory:detail", args=["01.511.01.03"]))
    assert ok.status_code == 200
    assert beni_makada_client.get(reverse("territory:detail", args=["01.511.01.06"])).status_code == 404
    body = beni_makada_client.get(reverse("people:list")).content.decode()
    assert "عمر لعزيري" in body
    assert "منير ليموري" not in body
    assert "رضوان العلوي البلغيثي" not in body


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("organs:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_home_answers_rtl_for_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()
    assert 'lang="ar"' in response.content.decode()


def test_people_list_read_is_audited(taounate_client, taounate_provincial_secretary):
    before = AuditEvent.objects.filter(user=taounate_provincial_secretary, action="people.list").count()
    taounate_client.get(reverse("people:list"), {"q": "لطفي"})
    event = AuditEvent.objects.filter(user=taounate_provincial_secretary, action="people.list").latest("at")
    assert (
        AuditEvent.objects.filter(user=taounate_provincial_secretary, action="people.list").count()
        == before + 1
    )
    assert event.target == "لطفي"
    assert event.scope == "MA/03/03.531/"
    assert event.count == 1


def test_audit_events_are_append_only(national_admin):
    from tanzim.access.services import audit_record

    event = audit_record(user=national_admin, action="test")
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_people_list_query_count_is_bounded(admin_client_, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        admin_client_.get(reverse("people:list"))


def test_organ_list_query_count_is_bounded(admin_client_, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = admin_client_.get(reverse("organs:list"))
    assert response.status_code == 200


def test_org_chart_query_count_is_bounded(admin_client_, django_assert_max_num_queries):
    organ = _organ("الأمانة العامة")
    with django_assert_max_num_queries(16):
        response = admin_client_.get(reverse("organs:detail", args=[organ.pk]))
    assert response.status_code == 200


def test_language_switch_to_french(taounate_client):
    response = taounate_client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, follow=True)
    body = response.content.decode()
    assert 'dir="ltr"' in body
    assert 'lang="fr"' in body
    assert "Mohamed Najjari" in body


def test_org_chart_on_a_date_before_the_first_attestation_is_empty(taounate_client):
    own = _organ("الأمانة الإقليمية بتاونات")
    url = reverse("organs:detail", args=[own.pk])
    assert "محمد النجاري" in taounate_client.get(url, {"on": "2022-10-29"}).content.decode()
    before = taounate_client.get(url, {"on": "2022-10-28"}).content.decode()
    assert 'id="office-holders"' in before
    assert "الدكتور محمد النجاري</a>" not in before


def test_org_chart_with_an_unreadable_date_says_so(taounate_client):
    own = _organ("الأمانة الإقليمية بتاونات")
    response = taounate_client.get(reverse("organs:detail", args=[own.pk]), {"on": "31/02/2022"})
    assert response.status_code == 200
    assert "31/02/2022" in response.content.decode() and "errors" in response.content.decode()
    # The day-first form is read: the date box gets the day back in ISO.
    day_first = taounate_client.get(reverse("organs:detail", args=[own.pk]), {"on": "29/10/2022"})
    assert 'value="2022-10-29"' in day_first.content.decode()


def test_audit_log_is_for_national_admins_only(admin_client_, taounate_client):
    taounate_client.get(reverse("people:list"))
    page = admin_client_.get(reverse("audit"), {"action": "people.list"})
    assert page.status_code == 200
    assert "najjari" in page.content.decode()
    assert taounate_client.get(reverse("audit")).status_code == 404


def test_audit_log_export_is_itself_audited(admin_client_, national_admin):
    response = admin_client_.get(reverse("audit"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeffat,user,action")
    assert AuditEvent.objects.filter(user=national_admin, action="audit.export").exists()
