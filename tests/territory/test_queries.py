"""children_with_counts, level_totals and the tree helpers of Territory."""

from __future__ import annotations

import csv

import pytest
from django.db.models import Q

from tanzim.territory.models import Level, Territory
from tanzim.territory.queries import children_with_counts, level_totals
from tanzim.territory.services import HCP_DIR

pytestmark = pytest.mark.django_db


def _published(name: str) -> dict[str, dict[str, str]]:
    with (HCP_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def _unit(code: str) -> Territory:
    return Territory.objects.get(code=code)


def test_children_of_the_country_are_the_regions_with_their_commune_counts():
    regions = children_with_counts(_unit("MA"))
    published = _published("regions.csv")
    assert {r.code for r in regions} == set(published)
    for region in regions:
        assert region.commune_count == int(published[region.code]["communes"]), region.code
        assert region.commune_count == Territory.objects.communes().within(region).count()
    assert sum(r.commune_count for r in regions) == 1503


def test_children_of_a_region_are_its_provinces_with_their_commune_counts():
    fes_meknes = _unit("03")
    provinces = children_with_counts(fes_meknes)
    published = _published("provinces.csv")
    assert {p.code for p in provinces} == set(
        Territory.objects.provinces().filter(parent=fes_meknes).values_list("code", flat=True)
    )
    for province in provinces:
        assert province.commune_count == int(published[province.code]["communes"]), province.code
    taounate = next(p for p in provinces if p.code == "03.531")
    assert taounate.commune_count == 49


def test_children_are_ordered_by_arabic_name():
    provinces = children_with_counts(_unit("03"))
    names = [p.name_ar for p in provinces]
    assert names == sorted(names)
    assert len(names) > 1


def test_casablanca_prefectures_of_arrondissements_count_no_commune():
    casablanca_region = _unit("06")
    children = children_with_counts(casablanca_region)
    assert all(c.level == Level.PROVINCE for c in children)
    casablanca = next(c for c in children if c.code == "06.141")
    assert casablanca.commune_count == Territory.objects.communes().filter(parent__code="06.141").count()


def test_children_of_a_province_are_its_communes_without_counts():
    communes = children_with_counts(_unit("03.531"))
    assert len(communes) == 49
    assert all(c.level == Level.COMMUNE for c in communes)
    assert not hasattr(communes[0], "commune_count")


def test_children_can_be_restricted():
    only = children_with_counts(_unit("MA"), restrict=Q(code__in=["01", "03"]))
    assert [r.code for r in only] == sorted(["01", "03"], key=lambda c: _unit(c).name_ar)
    assert all(hasattr(r, "commune_count") for r in only)


def test_level_totals_for_the_country():
    totals = level_totals(_unit("MA"))
    assert totals["region"] == {"count": 12, "population": 36_828_330}
    assert totals["province"]["count"] == 75
    assert totals["prefecture_of_arrondissements"]["count"] == 8
    assert totals["commune"]["count"] == 1503
    assert (totals["commune"]["urban"], totals["commune"]["rural"]) == (221, 1282)
    assert totals["arrondissement"] == {"count": 41, "population": 0}  # counted in their commune already
    assert "country" not in totals


def test_level_totals_for_taounate():
    taounate = _unit("03.531")
    totals = level_totals(taounate)
    communes = Territory.objects.communes().filter(parent=taounate)
    assert totals == {
        "commune": {
            "count": 49,
            "population": sum(c.population_2024 for c in communes),
            "urban": communes.filter(kind="urban").count(),
            "rural": communes.filter(kind="rural").count(),
        }
    }


def test_level_totals_of_a_region_agree_with_its_own_population():
    for region in Territory.objects.regions():
        totals = level_totals(region)
        assert totals["province"]["population"] == region.population_2024, region.code
        assert totals["commune"]["population"] == region.population_2024, region.code


def test_within_below_and_is_within():
    taounate = _unit("03.531")
    fes_meknes = _unit("03")
    assert Territory.objects.within(taounate).count() == 50
    assert Territory.objects.below(taounate).count() == 49
    assert taounate not in Territory.objects.below(taounate)
    assert taounate.is_within(fes_meknes)
    assert taounate.is_within(taounate)
    assert not fes_meknes.is_within(taounate)
    assert not taounate.is_within(_unit("01"))


def test_within_does_not_confuse_codes_sharing_a_prefix():
    # Region 01 must not contain region 10 nor 11/12 (the trailing "/" of the path prevents it).
    region_01 = _unit("01")
    assert not Territory.objects.within(region_01).filter(code__startswith="1").exists()


def test_ancestors_from_the_country_down(django_assert_num_queries):
    souani = _unit("01.511.01.06")
    with django_assert_num_queries(1):
        chain = souani.ancestors()
    assert [t.code for t in chain] == ["MA", "01", "01.511", "01.511.01.0"]
    assert _unit("MA").ancestors() == []
