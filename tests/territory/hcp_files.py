"""Helpers to edit copies of the HCP files and to snapshot what territory_load writes."""

from __future__ import annotations

import csv
from pathlib import Path

from tanzim.territory.models import Cercle, Territory, TerritoryAlias


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, line: int, column: str, value: str) -> list[str]:
    """Set one cell of a CSV file (`line` counts the header as line 1); return the row as it was."""
    rows = read_rows(path)
    row = rows[line - 1]
    before = list(row)
    row[rows[0].index(column)] = value
    write_rows(path, rows)
    return before


def line_of(path: Path, code: str) -> int:
    """The line (header = 1) of the row whose `code` column is `code`."""
    rows = read_rows(path)
    index = rows[0].index("code")
    return next(i for i, row in enumerate(rows, 1) if row[index] == code)


def territory_snapshot() -> dict:
    """Everything territory_load writes, in comparable form."""
    return {
        "units": sorted(
            Territory.objects.values_list(
                "code",
                "name_ar",
                "name_fr",
                "level",
                "kind",
                "path",
                "parent__code",
                "population_2024",
                "households_2024",
                "cercle__code",
                "district__code",
                "hcp_kind",
            )
        ),
        "aliases": sorted(TerritoryAlias.objects.values_list("territory__code", "key", "name")),
        "cercles": sorted(Cercle.objects.values_list("code", "name_ar", "name_fr", "province__code")),
    }
