"""One cell at a time: CIN, +212 phones, dates as Moroccan offices write them, gender; column titles."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from tanzim.core.text import name_search_key
from tanzim.people.imports.checking import NameKeys
from tanzim.people.imports.headers import MappingError, header_field, mapping_detect, mapping_from_user
from tanzim.people.imports.values import cell_text, cin_parse, date_parse, gender_parse, phone_parse
from tanzim.people.validators import normalize_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [("cd123456", "CD123456"), (" AB-12 345 ", "AB12345"), ("A١٢٣٤٥", "A12345"), ("", "")],
)
def test_cin_is_normalised(text, expected):
    assert cin_parse(text) == expected


@pytest.mark.parametrize("text", ["12AB", "ABC123", "A1234567", "CD12.34X"])
def test_invalid_cin_is_refused(text):
    with pytest.raises(ValueError):
        cin_parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "0661234567",
        "0661-23 45 67",
        "+212 661 234 567",
        "00212661234567",
        "661234567",
        "٠٦٦١٢٣٤٥٦٧",
        "0537123456",
    ],
)
def test_usual_phone_shapes_give_e164(text):
    assert phone_parse(text).startswith("+212")


def test_the_fast_phone_path_agrees_with_libphonenumber():
    """The fast path must accept and refuse exactly what `normalize_phone` does."""
    rng = random.Random(212)
    samples = []
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(9))
        samples += [f"0{digits}", f"+212{digits}", f"00212{digits}", digits, f"+2120{digits}", f"212{digits}"]
    samples += ["", "12345", "+33612345678", "0612", "06123456789", "phone"]
    for text in samples:
        try:
            expected = normalize_phone(text)
        except ValidationError:
            expected = None
        try:
            got = phone_parse(text)
        except ValueError:
            got = None
        assert got == expected, text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12/03/1985", (datetime.date(1985, 3, 12), 1985)),
        ("2/3/1985", (datetime.date(1985, 3, 2), 1985)),
        ("12-03-1985", (datetime.date(1985, 3, 12), 1985)),
        ("12.03.1985", (datetime.date(1985, 3, 12), 1985)),
        ("1985-03-12", (datetime.date(1985, 3, 12), 1985)),
        ("1985/03/12", (datetime.date(1985, 3, 12), 1985)),
        ("1985-03-12 00:00:00", (datetime.date(1985, 3, 12), 1985)),
        ("1985", (None, 1985)),
        ("١٩٨٥", (None, 1985)),
        (1985, (None, 1985)),
        (datetime.datetime(1985, 3, 12), (datetime.date(1985, 3, 12), 1985)),  # noqa: DTZ001
        (datetime.date(1985, 3, 12), (datetime.date(1985, 3, 12), 1985)),
        (31118, (datetime.date(1985, 3, 12), 1985)),  # an Excel serial day in a plain number cell
    ],
)
def test_dates_in_common_moroccan_formats(value, expected):
    assert date_parse(value) == expected


@pytest.mark.parametrize("value", ["31/02/1990", "12/03/85", "mars 1985", "1985-13-01", "", 3.5])
def test_unreadable_dates_are_refused(value):
    with pytest.raises(ValueError):
        date_parse(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ذكر", "m"), ("أنثى", "f"), ("F", "f"), ("Homme", "m"), ("féminin", "f"), ("", "")],
)
def test_gender(text, expected):
    assert gender_parse(text) == expected


def test_cells_as_text():
    assert cell_text(661234567.0) == "661234567"
    assert cell_text(datetime.datetime(1985, 3, 12)) == "1985-03-12"  # noqa: DTZ001
    assert cell_text("  محمد\u00a0 العلوي ") == "محمد العلوي"
    assert cell_text(None) == ""


def test_cached_name_keys_are_the_search_keys():
    keys = NameKeys(limit=3)
    for name in ["مُحَمَّد النَّجَّاري", "Mohamed  NAJJARI", "El-Hjira", "عبد الرحيم", "Zoé d'Aïn", "ال حجيرة"] * 2:
        assert keys.key(name) == name_search_key(name)


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("الاسم العائلي", "last_name"),
        ("النسب", "last_name"),
        ("Nom de famille", "last_name"),
        ("NOM", "last_name"),
        ("الاسم الشخصي", "first_name"),
        ("Prénom", "first_name"),
        ("PRENOM", "first_name"),
        ("الاسم الكامل", "full_name"),
        ("Nom et prénom", "full_name"),
        ("رقم البطاقة الوطنية", "cin"),
        ("ر.ب.و", "cin"),
        ("N° CIN", "cin"),
        ("C.I.N", "cin"),
        ("رقم البطاقة الوطنية للتعريف الالكترونية", "cin"),
        ("الهاتف", "phone"),
        ("رقم الهاتف", "phone"),
        ("Téléphone", "phone"),
        ("GSM", "phone"),
        ("الجماعة", "commune"),
        ("Commune", "commune"),
        ("تاريخ الازدياد", "birth_date"),
        ("تاريخ الإزدياد", "birth_date"),
        ("Date de naissance", "birth_date"),
        ("الجنس", "gender"),
        ("تاريخ الانخراط", "joined_on"),
        ("رقم المنخرط", "number"),
        ("N° d'adhérent", "number"),
        ("الإقليم", "province"),
        ("رمز الجماعة", "commune_code"),
        ("ع.ر", "ignore"),
        ("Couleur préférée", None),
    ],
)
def test_column_titles_in_arabic_and_french(title, field):
    assert header_field(title) == field


def test_a_lone_name_column_is_unsure_and_asks_for_a_mapping():
    mapping = mapping_detect(["الاسم", "رقم البطاقة الوطنية", "الجماعة"])
    assert mapping.missing == ["name"]
    fixed = mapping_from_user({"full_name": "الاسم"}, ["الاسم", "رقم البطاقة الوطنية", "الجماعة"])
    assert fixed.complete
    assert fixed.columns == {"full_name": [0], "cin": [1], "commune": [2]}


def test_two_columns_for_one_field_are_ambiguous():
    headers = ["الاسم الكامل", "الهاتف", "GSM", "الجماعة"]
    mapping = mapping_detect(headers)
    assert mapping.ambiguous == {"phone": [1, 2]}
    assert mapping_from_user({"phone": "GSM"}, headers).complete


def test_names_may_come_from_an_arabic_and_a_latin_column():
    mapping = mapping_detect(["الاسم العائلي", "Nom", "الاسم الشخصي", "Prénom", "الجماعة"])
    assert mapping.complete
    assert mapping.columns["last_name"] == [0, 1]


def test_a_mapping_naming_what_does_not_exist_is_refused():
    with pytest.raises(MappingError):
        mapping_from_user({"colour": 0}, ["a"])
    with pytest.raises(MappingError):
        mapping_from_user({"cin": "nowhere"}, ["a"])
    with pytest.raises(MappingError):
        mapping_from_user({"cin": 5}, ["a"])
