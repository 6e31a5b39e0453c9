"""territory_resolve / territory_resolve_one: the names people actually write."""

from __future__ import annotations

import pytest

from tanzim.core.text import name_key
from tanzim.territory.models import Level, Territory, TerritoryAlias
from tanzim.territory.queries import territory_resolve, territory_resolve_one

pytestmark = pytest.mark.django_db


def codes(text: str, **kwargs) -> list[str]:
    return [t.code for t in territory_resolve(text, **kwargs)]


def test_province_with_arabic_prefix():
    assert codes("إقليم تاونات") == ["03.531"]
    assert codes("اقليم تاونات") == ["03.531"]
    assert codes("Province de Taounate") == ["03.531"]


@pytest.mark.parametrize(
    "text",
    [
        "الشرف السواني",
        "Charf-Souani",
        "charf souani",
        "السواني",
        "Souani",
        "مقاطعة الشرف السواني",
        "Arrondissement de Charf-Souani",
        "Charf-Swani",
    ],
)
def test_charf_souani_by_every_name_it_answers_to(text):
    assert codes(text) == ["01.511.01.06"]


@pytest.mark.parametrize("text", ["الشرف امغوغة", "الشرف مغوغة", "الشرف أمغوغة", "Charf-Mghogha", "مغوغة"])
def test_charf_mghogha_including_the_seed_spelling(text):
    assert codes(text) == ["01.511.01.05"]


@pytest.mark.parametrize(
    "text",
    [
        "جهة فاس مكناس",
        "Fès-Meknès",
        "fes meknes",
        "جهة فاس- مكناس",
        "فاس-مكناس",
        "Région Fès-Meknès",
        "FES-MEKNES",
    ],
)
def test_region_fes_meknes(text):
    assert codes(text) == ["03"]


@pytest.mark.parametrize(
    "text",
    [
        "Tanger-Tétouan-Al Hoceïma",
        "Tanger-Tétouan-Al Hoceima",
        "جهة طنجة تطوان الحسيمة",
        "طنجة-تطوان-الحسيمة",
    ],
)
def test_region_tanger_tetouan_al_hoceima(text):
    assert codes(text) == ["01"]


@pytest.mark.parametrize("text", ["عمالة فاس", "Préfecture de Fès", "prefecture de fes"])
def test_prefecture_prefix_keeps_only_the_prefecture_of_fes(text):
    assert codes(text) == ["03.231"]


def test_a_bare_name_gives_the_higher_level_first():
    found = territory_resolve("فاس")
    assert [(t.code, t.level) for t in found] == [("03.231", Level.PROVINCE), ("03.231.01.0", Level.COMMUNE)]
    assert [t.code for t in territory_resolve("Fès")] == ["03.231", "03.231.01.0"]


def test_commune_prefix_keeps_only_the_commune():
    assert codes("جماعة فاس") == ["03.231.01.0"]
    assert codes("Commune de Fès") == ["03.231.01.0"]
    assert codes("جماعة تاونات") == ["03.531.01.05"]


def test_levels_argument_overrides_the_prefix_hint():
    assert codes("فاس", levels=["commune"]) == ["03.231.01.0"]
    assert codes("عمالة فاس", levels=["commune"]) == ["03.231.01.0"]
    assert codes("جماعة فاس", levels=["province", "commune"]) == ["03.231", "03.231.01.0"]


@pytest.mark.parametrize("text", ["تَاوْنَات", "تاونـــات", "تــاونـات", "  تاونات  "])
def test_diacritics_tatweel_and_spacing_are_ignored(text):
    assert codes(text) == ["03.531", "03.531.01.05"]


@pytest.mark.parametrize(
    ("variant", "code"),
    [
        ("اصيلة", "01.511.01.01"),  # أصيلة
        ("أصيله", "01.511.01.01"),
        ("ايت قمرة", "01.051.11.01"),  # آيت قمرة
        ("أيت قمرة", "01.051.11.01"),
        ("عين عايشة", "03.531.09.01"),  # عين عائشة
        ("مولاي بوشتي", "03.531.05.15"),  # مولاي بوشتى
        ("اسلي", "02.411.05.09"),  # إسلي
    ],
)
def test_hamza_alef_maqsura_and_taa_marbuta_variants(variant, code):
    assert codes(variant, fuzzy=False) == [code]


def test_latin_accents_and_case_are_ignored():
    assert codes("MEKNES", fuzzy=False) == codes("Meknès", fuzzy=False)
    assert codes("meknes", fuzzy=False)


def test_a_misspelling_is_found_by_fuzzy_matching():
    assert codes("تاونت") == ["03.531", "03.531.01.05"]
    assert codes("تاونت", fuzzy=False) == []
    assert codes("Taounatte") == ["03.531", "03.531.01.05"]


def test_fuzzy_matching_respects_the_level_hint():
    assert codes("إقليم تاونت") == ["03.531"]


@pytest.mark.parametrize("text", ["xyzzy qwerty", "مدينة لا توجد", "", "   ", "-", "إقليم"])
def test_nonsense_and_empty_text_give_nothing(text):
    assert territory_resolve(text) == []
    assert territory_resolve_one(text) is None


def test_within_restricts_to_the_territory_below():
    fes_meknes = Territory.objects.get(code="03")
    taounate = Territory.objects.get(code="03.531")
    tanger_tetouan = Territory.objects.get(code="01")
    # Two communes of Fès-Meknès are written سيدي المخفي: one in Taounate, one in another province.
    both = codes("سيدي المخفي")
    assert len(both) == 2
    assert codes("سيدي المخفي", within=taounate) == ["03.531.03.15"]
    assert codes("سيدي المخفي", within=fes_meknes) == both
    assert codes("تاونات", within=taounate) == ["03.531", "03.531.01.05"]
    assert codes("تاونات", within=tanger_tetouan) == []
    assert codes("تاونت", within=fes_meknes) == ["03.531", "03.531.01.05"]
    assert codes("تاونت", within=tanger_tetouan) == []


def test_resolve_one_takes_the_unit_of_the_highest_level():
    assert territory_resolve_one("فاس").code == "03.231"
    assert territory_resolve_one("Charf-Souani").code == "01.511.01.06"
    assert territory_resolve_one("جماعة فاس").code == "03.231.01.0"


def test_resolve_one_returns_none_when_two_units_of_the_same_rank_share_the_name():
    # Ajdir (أجدير) is a commune of Al Hoceïma and a commune of Taza.
    found = territory_resolve("أجدير")
    assert len(found) == 2
    assert {t.level for t in found} == {Level.COMMUNE}
    assert territory_resolve_one("أجدير") is None
    taza_side = found[1].parent
    assert territory_resolve_one("أجدير", within=taza_side) == found[1]


def test_resolve_one_prefers_the_prefecture_of_arrondissements_to_its_arrondissement():
    # "عين الشق" names a prefecture of arrondissements (rank 3) and an arrondissement (rank 4).
    found = territory_resolve("عين الشق")
    assert [t.level for t in found] == [Level.PREFECTURE_OF_ARRONDISSEMENTS, Level.ARRONDISSEMENT]
    assert territory_resolve_one("عين الشق") == found[0]


def test_every_unit_has_an_alias_for_each_of_its_names():
    keys = set(TerritoryAlias.objects.values_list("territory_id", "key"))
    for unit in Territory.objects.all():
        for name in (unit.name_ar, unit.name_fr):
            if name:
                assert (unit.pk, name_key(name)) in keys, (unit.code, name)


@pytest.mark.parametrize(
    "code", ["MA", "06", "06.141", "06.141.01.00", "06.141.01.0", "06.141.01.21", "10.473.01.07"]
)
def test_units_of_every_level_resolve_by_their_arabic_and_french_names(code):
    unit = Territory.objects.get(code=code)
    assert unit in territory_resolve(unit.name_ar, fuzzy=False)
    assert unit in territory_resolve(unit.name_fr, fuzzy=False)


def test_fuzzy_match_inside_the_area_wins_over_an_exact_one_elsewhere():
    meknes = Territory.objects.get(code="03.061")
    assert [t.code for t in territory_resolve("Majjat", within=meknes)] == ["03.061.05.03"]


def test_quoted_name_resolves():
    assert [t.code for t in territory_resolve("«تاونات»", fuzzy=False, levels=["province"])] == ["03.531"]
