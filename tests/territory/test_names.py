"""Administrative prefixes: titled_name (unit → "إقليم تاونات") and split_name (text → level hint, key)."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from tanzim.core.text import name_key
from tanzim.territory.models import Territory
from tanzim.territory.names import split_name, strip_prefix, titled_name

pytestmark = pytest.mark.django_db


def _unit(code: str) -> Territory:
    return Territory.objects.get(code=code)


@pytest.mark.parametrize(
    ("code", "arabic", "french"),
    [
        ("03", "جهة فاس-مكناس", "Région Fès-Meknès"),
        ("03.531", "إقليم تاونات", "Province de Taounate"),
        ("03.231", "عمالة فاس", "Préfecture de Fès"),
        ("01.511", "عمالة طنجة-أصيلة", "Préfecture de Tanger-Assilah"),
        ("04.291", "إقليم الخميسات", "Province de Khémisset"),
        (
            "06.141.01.00",
            "عمالة مقاطعات الدار البيضاء-أنفا",
            "Préfecture d'arrondissements de Casablanca-Anfa",
        ),
        ("06.141.01.40", "عمالة مقاطعات عين الشق", "Préfecture d'arrondissements d'Aïn-Chock"),
        ("03.531.01.05", "جماعة تاونات", "Commune de Taounate"),
        ("01.511.01.01", "جماعة أصيلة", "Commune d'Assilah"),
        ("01.511.01.06", "مقاطعة الشرف السواني", "Arrondissement de Charf-Souani"),
        ("06.141.01.01", "مقاطعة أنفا", "Arrondissement d'Anfa"),
        ("MA", "المغرب", "Maroc"),
    ],
)
def test_titled_name_in_arabic_and_french(code, arabic, french):
    unit = _unit(code)
    with override("ar"):
        assert titled_name(unit) == arabic
        assert unit.title == arabic
    with override("fr"):
        assert titled_name(unit) == french


def test_french_elides_before_a_vowel_and_not_before_a_consonant():
    with override("fr"):
        for unit in Territory.objects.provinces():
            title = titled_name(unit)
            if unit.name_fr[0] in "AEIOUÉÈÂÎÔaeiou":
                assert title.endswith(f" d'{unit.name_fr}"), title
            elif unit.name_fr[0] in "BCDFGKLMNPRSTZ":
                assert title.endswith(f" de {unit.name_fr}"), title


def test_rural_and_urban_communes_share_the_arabic_prefix():
    rural = Territory.objects.communes().filter(kind="rural").first()
    urban = Territory.objects.communes().filter(kind="urban").first()
    with override("ar"):
        assert titled_name(rural) == f"جماعة {rural.name_ar}"
        assert titled_name(urban) == f"جماعة {urban.name_ar}"


def test_french_falls_back_to_arabic_when_the_unit_has_no_french_name():
    unit = Territory(level="province", kind="province", code="99.999", name_ar="تجريبي", name_fr="")
    with override("fr"):
        assert titled_name(unit) == "إقليم تجريبي"


@pytest.mark.parametrize(
    ("text", "levels", "key"),
    [
        ("إقليم تاونات", ("province",), "تاونات"),
        ("اقليم تاونات", ("province",), "تاونات"),
        ("عمالة فاس", ("province",), "فاس"),
        ("عمالة مقاطعات عين الشق", ("prefecture_of_arrondissements",), "عينالشق"),
        ("Préfecture d'arrondissements d'Aïn-Chock", ("prefecture_of_arrondissements",), "ainchock"),
        ("Préfecture de Fès", ("province",), "fes"),
        ("Province de Taounate", ("province",), "taounate"),
        ("جهة فاس مكناس", ("region",), "فاسمكناس"),
        ("Région de Fès-Meknès", ("region",), "fesmeknes"),
        ("الجماعة الحضرية تيسة", ("commune",), "تيسه"),
        ("جماعة أصيلة", ("commune",), "اصيله"),
        ("Commune d'Assilah", ("commune",), "assilah"),
        ("Commune urbaine de Tissa", ("commune",), "tissa"),
        ("مقاطعة الشرف السواني", ("arrondissement",), "الشرفالسواني"),
        ("Arrondissement de Charf-Souani", ("arrondissement",), "charfsouani"),
        ("تاونات", (), "تاونات"),
        ("Fès", (), "fes"),
    ],
)
def test_split_name_reads_the_prefix_as_a_level_hint(text, levels, key):
    assert split_name(text) == (levels, key)


def test_a_prefix_alone_is_a_name_not_a_prefix():
    # "جهة" with nothing after it is not stripped (there would be no name left).
    assert split_name("جهة") == ((), "جهه")
    assert strip_prefix(["commune"]) == ((), ["commune"])


def test_french_link_words_are_dropped_but_a_name_made_only_of_one_is_kept():
    assert strip_prefix(["province", "de", "la", "x"]) == (("province",), ["x"])
    assert strip_prefix(["commune", "de"]) == (("commune",), ["de"])


def test_titled_names_resolve_back_to_their_unit_key():
    for code in ("03", "03.531", "03.231", "01.511.01.06", "06.141.01.40", "01.511.01.01"):
        unit = _unit(code)
        for language in ("ar", "fr"):
            with override(language):
                title = titled_name(unit)
            levels, key = split_name(title)
            assert unit.level in levels, title
            assert key == name_key(unit.name_ar if language == "ar" else unit.name_fr), title
