"""territory_load / read_hcp_units on the real HCP files, on edited copies of them, twice in a row."""

from __future__ import annotations

import csv
import json

import pytest
from django.db.models import Count, Sum

from tanzim.core.text import name_key
from tanzim.territory.models import Cercle, Kind, Level, Territory, TerritoryAlias
from tanzim.territory.queries import territory_resolve
from tanzim.territory.services import (
    CORRECTIONS_FILE,
    HCP_DIR,
    TerritoryDataError,
    read_hcp_units,
    territory_load,
)
from tests.territory.hcp_files import line_of, read_rows, set_cell, territory_snapshot, write_rows

pytestmark = pytest.mark.django_db


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (HCP_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _corrected_rural_codes() -> list[str]:
    return json.loads(CORRECTIONS_FILE.read_text(encoding="utf-8"))["rural_communes"]["codes"]


# --- The real territory, as the session fixture loaded it -----------------------------------------


def test_unit_counts_by_level_match_the_official_division():
    counts = dict(Territory.objects.values_list("level").annotate(n=Count("pk")))
    assert counts == {
        Level.COUNTRY: 1,
        Level.REGION: 12,
        Level.PROVINCE: 75,
        Level.PREFECTURE_OF_ARRONDISSEMENTS: 8,
        Level.COMMUNE: 1503,
        Level.ARRONDISSEMENT: 41,
    }


def test_communes_split_into_221_urban_and_1282_rural():
    kinds = dict(Territory.objects.communes().values_list("kind").annotate(n=Count("pk")))
    assert kinds == {Kind.URBAN: 221, Kind.RURAL: 1282}


def test_provinces_are_typed_province_or_prefecture():
    kinds = set(Territory.objects.provinces().values_list("kind", flat=True))
    assert kinds == {Kind.PROVINCE, Kind.PREFECTURE}
    assert Territory.objects.get(code="03.531").kind == Kind.PROVINCE  # Taounate
    assert Territory.objects.get(code="03.231").kind == Kind.PREFECTURE  # Fès


def test_taounate_has_49_communes():
    taounate = Territory.objects.get(code="03.531")
    assert taounate.name_ar == "تاونات"
    assert taounate.name_fr == "Taounate"
    assert Territory.objects.communes().filter(parent=taounate).count() == 49
    assert Territory.objects.communes().within(taounate).count() == 49


def test_region_populations_sum_to_the_2024_census_total():
    total = Territory.objects.regions().aggregate(total=Sum("population_2024"))["total"]
    assert total == 36_828_330


def test_populations_and_households_are_those_of_the_files():
    for row in _csv_rows("regions.csv"):
        region = Territory.objects.get(code=row["code"])
        assert region.population_2024 == int(row["population_2024"])
        assert region.households_2024 == int(row["households_2024"])


def test_every_commune_hangs_under_a_province_and_its_path_starts_with_the_province_path():
    communes = list(Territory.objects.communes().select_related("parent"))
    assert len(communes) == 1503
    for commune in communes:
        assert commune.parent.level == Level.PROVINCE, commune.code
        assert commune.path.startswith(commune.parent.path), commune.code
        assert commune.path == f"{commune.parent.path}{commune.code}/"


def test_every_path_is_the_parent_path_plus_the_code_and_depth_counts_the_levels():
    units = {t.pk: t for t in Territory.objects.all()}
    for unit in units.values():
        if unit.level == Level.COUNTRY:
            assert (unit.path, unit.depth, unit.parent_id) == ("MA/", 0, None)
            continue
        parent = units[unit.parent_id]
        assert unit.path == f"{parent.path}{unit.code}/"
        assert unit.depth == parent.depth + 1


def test_the_21_corrected_communes_are_rural_and_keep_the_published_type_urban():
    codes = _corrected_rural_codes()
    assert len(codes) == 21
    corrected = Territory.objects.filter(code__in=codes)
    assert corrected.count() == 21
    for commune in corrected:
        assert commune.level == Level.COMMUNE
        assert commune.kind == Kind.RURAL, commune.code
        assert commune.hcp_kind == "urban", commune.code
    # Every other commune has the type the HCP published, so hcp_kind stays empty.
    assert not Territory.objects.communes().exclude(code__in=codes).exclude(hcp_kind="").exists()


def test_commune_types_are_those_of_the_file_except_the_corrections():
    corrected = set(_corrected_rural_codes())
    published = {row["code"]: row["type"] for row in _csv_rows("communes.csv")}
    loaded = dict(Territory.objects.communes().values_list("code", "kind"))
    assert loaded.keys() == published.keys()
    for code, kind in loaded.items():
        assert kind == ("rural" if code in corrected else published[code]), code


def test_official_arrondissement_names_replace_the_census_labels_which_stay_as_aliases():
    souani = Territory.objects.get(code="01.511.01.06")
    assert (souani.name_ar, souani.name_fr) == ("الشرف السواني", "Charf-Souani")
    assert (souani.hcp_name_ar, souani.hcp_name_fr) == ("السواني", "Souani")
    keys = set(souani.aliases.values_list("key", flat=True))
    assert {name_key(n) for n in ("الشرف السواني", "Charf-Souani", "السواني", "Souani")} <= keys
    # An arrondissement without an official-name correction keeps the HCP label and no hcp_name.
    anfa = Territory.objects.get(code="06.141.01.01")
    assert (anfa.name_fr, anfa.hcp_name_fr) == ("Anfa", "")


def test_casablanca_arrondissements_point_to_their_prefecture_of_arrondissements():
    arrondissements = Territory.objects.arrondissements().filter(code__startswith="06.141.01.")
    assert arrondissements.exists()
    for arrondissement in arrondissements.select_related("district", "parent"):
        assert arrondissement.parent.code == "06.141.01.0"  # the commune of Casablanca
        assert arrondissement.district.level == Level.PREFECTURE_OF_ARRONDISSEMENTS
        assert arrondissement.district.code == arrondissement.code[:-1] + "0"
    # Outside Casablanca there is no district.
    assert (
        not Territory.objects.arrondissements()
        .exclude(code__startswith="06.141.01.")
        .filter(district__isnull=False)
        .exists()
    )


def test_prefectures_of_arrondissements_hang_under_the_prefecture_of_casablanca():
    prefectures = Territory.objects.filter(level=Level.PREFECTURE_OF_ARRONDISSEMENTS).select_related("parent")
    assert {p.parent.code for p in prefectures} == {"06.141"}


def test_cercles_are_loaded_and_belong_to_the_province_of_their_communes():
    assert Cercle.objects.count() == len(_csv_rows("cercles.csv"))
    linked = Territory.objects.communes().filter(cercle__isnull=False).select_related("cercle")
    assert linked.exists()
    for commune in linked:
        assert commune.cercle.province_id == commune.parent_id, commune.code
        assert commune.kind == Kind.RURAL


def test_read_hcp_units_lists_parents_before_children():
    units, cercles = read_hcp_units()
    seen: set[str] = set()
    for unit in units:
        assert unit.parent_code is None or unit.parent_code in seen, unit.code
        seen.add(unit.code)
    assert len(units) == Territory.objects.count()
    assert len(cercles) == Cercle.objects.count()


# --- Loading again --------------------------------------------------------------------------------


def test_loading_twice_changes_nothing():
    before = territory_snapshot()
    counts = (Territory.objects.count(), TerritoryAlias.objects.count(), Cercle.objects.count())

    report = territory_load()

    assert report.changed is False
    assert (report.created, report.updated, report.aliases_created, report.aliases_deleted) == (0, 0, 0, 0)
    assert (report.cercles_created, report.cercles_updated) == (0, 0)
    assert report.unchanged == counts[0]
    assert (Territory.objects.count(), TerritoryAlias.objects.count(), Cercle.objects.count()) == counts
    assert territory_snapshot() == before


def test_a_name_changed_in_the_files_is_updated_and_its_aliases_follow(hcp_copy):
    """Control for the rejection tests below: an edited copy *is* read and written when it is valid."""
    line = line_of(hcp_copy / "provinces.csv", "03.531")
    set_cell(hcp_copy / "provinces.csv", line, "name_ar", "تاونات الكبرى")

    report = territory_load(hcp_dir=hcp_copy)

    assert report.changed is True
    assert (report.created, report.updated) == (0, 1)
    assert (report.aliases_created, report.aliases_deleted) == (1, 1)
    taounate = Territory.objects.get(code="03.531")
    assert taounate.name_ar == "تاونات الكبرى"
    assert [t.code for t in territory_resolve("تاونات الكبرى")] == ["03.531"]
    # The old Arabic name now only names the commune of Taounate.
    assert [t.code for t in territory_resolve("تاونات", fuzzy=False)] == ["03.531.01.05"]


def test_a_unit_moved_to_another_parent_gets_new_paths_down_the_tree(hcp_copy):
    # Move commune 03.531.01.05 (Taounate, urban, no cercle) under the prefecture of Fès, in the file.
    line = line_of(hcp_copy / "communes.csv", "03.531.01.05")
    set_cell(hcp_copy / "communes.csv", line, "province_code", "03.231")

    territory_load(hcp_dir=hcp_copy)

    commune = Territory.objects.get(code="03.531.01.05")
    assert commune.parent.code == "03.231"
    assert commune.path == "MA/03/03.231/03.531.01.05/"
    assert Territory.objects.communes().filter(parent__code="03.531").count() == 48


# --- Rejected files: nothing is written -----------------------------------------------------------


def _load_rejected(hcp_dir, **kwargs) -> TerritoryDataError:
    before = territory_snapshot()
    with pytest.raises(TerritoryDataError) as caught:
        territory_load(hcp_dir=hcp_dir, **kwargs)
    assert territory_snapshot() == before, "a rejected load must not change the database"
    return caught.value


def test_unknown_province_code_is_rejected_naming_file_line_and_code(hcp_copy):
    row = set_cell(hcp_copy / "communes.csv", 17, "province_code", "03.999")
    code = row[0]

    error = _load_rejected(hcp_copy)

    assert len(error.problems) == 1
    message = str(error)
    assert "communes.csv, line 17" in message
    assert code in message
    assert "03.999" in message
    assert "nothing was changed" in message


def test_duplicate_code_is_rejected_naming_both_lines(hcp_copy):
    rows = read_rows(hcp_copy / "communes.csv")
    first_code = rows[15][0]  # line 16
    set_cell(hcp_copy / "communes.csv", 17, "code", first_code)

    error = _load_rejected(hcp_copy)

    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.startswith("communes.csv, line 17")
    assert f"duplicate code {first_code}" in problem
    assert "communes.csv, line 16" in problem


def test_duplicated_row_appended_at_the_end_is_rejected(hcp_copy):
    rows = read_rows(hcp_copy / "communes.csv")
    rows.append(list(rows[1]))
    write_rows(hcp_copy / "communes.csv", rows)

    error = _load_rejected(hcp_copy)

    assert error.problems == [
        f"communes.csv, line {len(rows)}: duplicate code {rows[1][0]} (already at communes.csv, line 2)"
    ]


def test_a_good_edit_is_not_written_when_another_row_is_bad(hcp_copy):
    line = line_of(hcp_copy / "provinces.csv", "03.531")
    set_cell(hcp_copy / "provinces.csv", line, "name_ar", "اسم فاسد")
    set_cell(hcp_copy / "provinces.csv", line, "population_2024", "1")
    set_cell(hcp_copy / "communes.csv", 17, "province_code", "03.999")

    error = _load_rejected(hcp_copy)

    assert "communes.csv, line 17" in str(error)
    taounate = Territory.objects.get(code="03.531")
    assert taounate.name_ar == "تاونات"
    assert taounate.population_2024 != 1
    assert not TerritoryAlias.objects.filter(name="اسم فاسد").exists()


def test_missing_column_is_rejected_naming_file_and_column(hcp_copy):
    path = hcp_copy / "arrondissements.csv"
    rows = read_rows(path)
    drop = rows[0].index("commune_code")
    write_rows(path, [row[:drop] + row[drop + 1 :] for row in rows])

    error = _load_rejected(hcp_copy)

    assert "arrondissements.csv: missing column(s) commune_code" in error.problems


def test_missing_file_is_rejected(hcp_copy):
    (hcp_copy / "cercles.csv").unlink()

    error = _load_rejected(hcp_copy)

    assert any(p.startswith("cercles.csv: file not found") for p in error.problems)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("population_2024", "beaucoup", "column population_2024 is not a whole number: 'beaucoup'"),
        ("population_2024", "-5", "column population_2024 is negative: '-5'"),
        ("households_2024", "12.5", "column households_2024 is not a whole number: '12.5'"),
        ("type", "metropolitan", "type 'metropolitan' is neither urban nor rural"),
        ("name_ar", "", "has no Arabic name (name_ar)"),
        ("code", "3.531.1", "is not an HCP code"),
        ("cercle_code", "03.531.77", "cercle '03.531.77' not found"),
    ],
)
def test_bad_cells_are_rejected_naming_file_and_line(hcp_copy, column, value, expected):
    line = line_of(hcp_copy / "communes.csv", "03.531.03.15")
    set_cell(hcp_copy / "communes.csv", line, column, value)

    error = _load_rejected(hcp_copy)

    assert len(error.problems) == 1
    assert error.problems[0].startswith(f"communes.csv, line {line}: ")
    assert expected in error.problems[0]


def test_every_bad_row_is_reported_not_only_the_first(hcp_copy):
    for line in (5, 9, 30):
        set_cell(hcp_copy / "communes.csv", line, "population_2024", "n/a")

    error = _load_rejected(hcp_copy)

    assert [p.split(":")[0] for p in error.problems] == [
        "communes.csv, line 5",
        "communes.csv, line 9",
        "communes.csv, line 30",
    ]


def test_region_with_unknown_parent_is_rejected_in_provinces(hcp_copy):
    line = line_of(hcp_copy / "provinces.csv", "03.531")
    set_cell(hcp_copy / "provinces.csv", line, "region_code", "13")

    error = _load_rejected(hcp_copy)

    # Taounate is rejected, and so are the cercles and communes that hang under it.
    assert f"provinces.csv, line {line}: code 03.531: parent region '13' not found" in error.problems
    assert any(p.startswith("communes.csv") and "'03.531'" in p for p in error.problems)


def test_alias_for_an_unknown_code_in_the_corrections_is_rejected(corrections_copy):
    corrections = json.loads(corrections_copy.read_text(encoding="utf-8"))
    corrections["aliases"]["03.999"] = ["إقليم لا وجود له"]
    corrections_copy.write_text(json.dumps(corrections, ensure_ascii=False), encoding="utf-8")

    error = _load_rejected(HCP_DIR, corrections_file=corrections_copy)

    assert error.problems == ["corrections.json: alias entry for unknown code 03.999"]


def test_many_problems_are_listed_up_to_fifty_then_counted(hcp_copy):
    rows = read_rows(hcp_copy / "communes.csv")
    index = rows[0].index("population_2024")
    for row in rows[1:61]:
        row[index] = "x"
    write_rows(hcp_copy / "communes.csv", rows)

    error = _load_rejected(hcp_copy)

    assert len(error.problems) == 60
    assert "… and 10 more" in str(error)
    assert "communes.csv, line 51:" in str(error)
    assert "communes.csv, line 52:" not in str(error)


def test_commune_whose_parent_is_a_region_is_rejected(hcp_copy):
    before = territory_snapshot()
    line = line_of(hcp_copy / "communes.csv", "03.531.03.15")
    set_cell(hcp_copy / "communes.csv", line, "province_code", "03")
    with pytest.raises(TerritoryDataError) as caught:
        territory_load(hcp_dir=hcp_copy)
    assert f"communes.csv, line {line}: code 03.531.03.15: parent province '03' is a region" in str(
        caught.value
    )
    assert territory_snapshot() == before


def test_commune_whose_cercle_is_in_another_province_is_rejected(hcp_copy):
    line = line_of(hcp_copy / "communes.csv", "03.531.03.15")
    set_cell(hcp_copy / "communes.csv", line, "province_code", "03.231")
    with pytest.raises(TerritoryDataError) as caught:
        territory_load(hcp_dir=hcp_copy)
    assert f"communes.csv, line {line}: code 03.531.03.15: cercle" in str(caught.value)
    assert "belongs to province '03.531', not '03.231'" in str(caught.value)
