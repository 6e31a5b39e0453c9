"""person_create / person_update / people_matching, and what Person shows of itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import override

from tanzim.people.models import Person
from tanzim.people.queries import people_matching
from tanzim.people.services import person_create, person_update
from tests.factories import PersonFactory, territory

pytestmark = pytest.mark.django_db


def test_person_create_normalises_cin_and_phone():
    person = person_create(
        full_name_ar="  فاطمة الزهراء  ", home=territory("03.531"), cin="a 12345", phone="0661-23 45 67"
    )
    person.refresh_from_db()
    assert person.full_name_ar == "فاطمة الزهراء"
    assert person.cin == "A12345"
    assert person.phone == "+212661234567"


def test_person_create_computes_the_name_keys():
    person = person_create(
        full_name_ar="مُحَمَّد النَّجَّاري", full_name_latin="Mohamed  NAJJARI", home=territory("03.531")
    )
    person.refresh_from_db()
    assert person.name_key_ar == "محمد النجاري"
    assert person.name_key_latin == "mohamed najjari"


def test_an_arabic_name_field_written_in_latin_letters_gives_no_arabic_key():
    person = person_create(full_name_ar="John Smith", home=territory("MA"))
    assert person.name_key_ar == ""
    assert person.name_key_latin == ""


def test_person_create_rejects_an_invalid_cin_on_the_cin_field():
    with pytest.raises(ValidationError) as caught:
        person_create(full_name_ar="شخص", home=territory("MA"), cin="ABC123")
    assert "cin" in caught.value.message_dict
    assert "ABC123" in caught.value.message_dict["cin"][0]
    assert not Person.objects.filter(full_name_ar="شخص").exists()


@pytest.mark.parametrize("phone", ["12345", "+33612345678"])
def test_person_create_rejects_a_non_moroccan_phone_naming_it(phone):
    with pytest.raises(ValidationError) as caught:
        person_create(full_name_ar="شخص", home=territory("MA"), phone=phone)
    assert any(phone in message for message in caught.value.messages)
    assert not Person.objects.filter(full_name_ar="شخص").exists()


def test_birth_year_must_be_plausible():
    with pytest.raises(ValidationError):
        person_create(full_name_ar="شخص", home=territory("MA"), birth_year=1850)
    assert person_create(full_name_ar="شخص", home=territory("MA"), birth_year=1975).birth_year == 1975


def test_duplicate_cin_is_refused_by_the_service():
    PersonFactory(cin="CD123456")
    with pytest.raises(ValidationError) as caught:
        PersonFactory(cin="cd 123456")  # the same card, written differently
    assert "CD123456" in " ".join(caught.value.message_dict["cin"])
    assert Person.objects.filter(cin="CD123456").count() == 1


def test_duplicate_cin_violates_the_database_constraint():
    PersonFactory(cin="CD123456")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name_ar="نسخة", home=territory("MA"), cin="CD123456")


def test_many_people_may_have_no_cin():
    PersonFactory(cin="")
    PersonFactory(cin="")
    Person.objects.create(full_name_ar="بدون بطاقة", home=territory("MA"), cin="")
    assert Person.objects.filter(cin="").count() >= 3


def test_person_update_normalises_and_recomputes_keys():
    person = PersonFactory(full_name_ar="سعيد بنعلي", full_name_latin="Said Benali")
    person_update(person=person, full_name_latin="Saïd Ben-Ali", phone="00212661234567", cin="x 9")
    person.refresh_from_db()
    assert person.name_key_latin == "said ben ali"
    assert person.phone == "+212661234567"
    assert person.cin == "X9"
    assert people_matching(Person.objects.all(), "ben ali").get() == person


def test_person_update_refuses_invalid_values_and_writes_nothing():
    person = PersonFactory(phone="0661234567")
    with pytest.raises(ValidationError):
        person_update(person=person, phone="+33612345678")
    with pytest.raises(ValidationError):
        person_update(person=person, cin="123456")
    person.refresh_from_db()
    assert (person.phone, person.cin) == ("+212661234567", "")


def test_history_keeps_every_version_of_a_person():
    person = PersonFactory(full_name_ar="اسم أول")
    person_update(person=person, full_name_ar="اسم ثان")
    assert [h.full_name_ar for h in person.history.order_by("history_date")] == ["اسم أول", "اسم ثان"]


# --- people_matching ------------------------------------------------------------------------------


def _matching(text: str) -> set[str]:
    return set(people_matching(Person.objects.all(), text).values_list("full_name_ar", flat=True))


@pytest.mark.parametrize(
    "text",
    [
        "النجاري",
        "نجاري",
        "محمد النجاري",
        "مُحَمَّد النَّجَّاري",
        "  محمد   النجاري ",
        "Najjari",
        "najjari",
        "NAJJARI",
        "Mohamed Najjari",
        "mohamed-najjari",
    ],
)
def test_the_seed_provincial_secretary_is_found_however_his_name_is_written(text):
    assert "محمد النجاري" in _matching(text)


def test_a_search_matches_words_in_order_not_scattered_letters():
    assert "محمد النجاري" not in _matching("النجاري محمد")
    assert "محمد النجاري" not in _matching("Najjari Mohamed")


def test_hamza_and_taa_marbuta_variants_find_the_same_person():
    PersonFactory(full_name_ar="أحمد الإدريسي", full_name_latin="Ahmed Idrissi")
    PersonFactory(full_name_ar="خديجة بنموسى", full_name_latin="Khadija Benmoussa")
    assert "أحمد الإدريسي" in _matching("احمد الادريسي")
    assert "أحمد الإدريسي" in _matching("إدريسي")
    assert "خديجة بنموسى" in _matching("خديجه بنموسي")


def test_latin_accents_are_ignored():
    PersonFactory(full_name_ar="سعيد", full_name_latin="Saïd Élmoudden")
    assert "سعيد" in _matching("said elmoudden")


def test_search_for_a_name_nobody_has_finds_nobody():
    assert _matching("اسم لا يحمله أحد") == set()
    assert _matching("Nobody Atall") == set()


def test_empty_search_returns_everyone():
    assert people_matching(Person.objects.all(), "  ").count() == Person.objects.count()


def test_search_stays_inside_the_given_queryset():
    taounate_people = Person.objects.filter(home__code="03.531")
    assert people_matching(taounate_people, "محمد").filter(home__code="03.531").count() == (
        people_matching(taounate_people, "محمد").count()
    )
    assert not people_matching(taounate_people, "السليماني").exists()  # he is attached to Fès
    assert people_matching(Person.objects.all(), "السليماني").exists()


# --- What a person shows ------------------------------------------------------------------------


def test_display_and_honorific_names_in_both_languages():
    hjira = Person.objects.get(full_name_ar="محمد الحجيرة")
    hajjoubi = Person.objects.get(full_name_ar="خديجة حجوبي")
    with override("ar"):
        assert str(hjira) == "محمد الحجيرة"
        assert hjira.honorific_name == "الدكتور محمد الحجيرة"
        assert hajjoubi.honorific_name == "السيدة خديجة حجوبي"
    with override("fr"):
        assert str(hjira) == "Mohamed Hjira"
        assert hjira.honorific_name == "Dr Mohamed Hjira"


def test_feminine_arabic_honorific():
    doctor = PersonFactory(full_name_ar="سعاد العلمي", honorific="dr", gender="f")
    professor = PersonFactory(full_name_ar="ليلى بناني", honorific="pr", gender="f")
    with override("ar"):
        assert doctor.honorific_name == "الدكتورة سعاد العلمي"
        assert professor.honorific_name == "الأستاذة ليلى بناني"


def test_without_latin_name_french_shows_the_arabic_name():
    soufiani = Person.objects.get(full_name_ar="رشيد السفياني")
    with override("fr"):
        assert soufiani.display_name == "رشيد السفياني"
        assert soufiani.honorific_name == "رشيد السفياني"


def test_within_paths_selects_people_attached_below_the_given_territories():
    taounate, souani = territory("03.531"), territory("01.511.01.06")
    found = set(
        Person.objects.within_paths([taounate.path, souani.path]).values_list("full_name_ar", flat=True)
    )
    assert {"محمد النجاري", "محمد لطفي", "مصطفى الغزواني", "رضوان العلوي البلغيثي"} <= found
    assert "محمد الحجيرة" not in found  # attached to the region
    assert not Person.objects.within_paths([]).exists()


def test_invalid_phone_error_names_the_phone_field():
    with pytest.raises(ValidationError) as caught:
        person_create(full_name_ar="شخص", home=territory("MA"), phone="12345")
    assert "12345" in " ".join(caught.value.message_dict["phone"])
