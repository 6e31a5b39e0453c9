"""Loading Morocco's territory from the HCP files shipped in `territory/data/morocco/hcp/`.

`territory_load()` validates every file first and writes nothing if a row is wrong; then it
creates what is missing and updates what changed, so loading twice changes nothing.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from tanzim.core.text import name_key
from tanzim.territory.models import Cercle, Kind, Level, Territory, TerritoryAlias

DATA_DIR = Path(__file__).resolve().parent / "data"
HCP_DIR = DATA_DIR / "morocco" / "hcp"
CORRECTIONS_FILE = DATA_DIR / "corrections.json"

COUNTRY_CODE = "MA"
_CODE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2}(\.\d{1,2})?)?)?$")


class TerritoryDataError(Exception):
    """A territory file is wrong; the message names every bad row. Nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"Territory data rejected, nothing was changed:\n{shown}{more}")


@dataclass
class UnitRow:
    """One unit as the files (plus corrections) describe it."""

    code: str
    level: str
    kind: str
    name_ar: str
    name_fr: str
    parent_code: str | None
    population_2024: int | None = None
    households_2024: int | None = None
    cercle_code: str | None = None
    district_code: str | None = None
    hcp_name_ar: str = ""
    hcp_name_fr: str = ""
    hcp_kind: str = ""
    aliases: list[str] = field(default_factory=list)
    source: str = ""


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    aliases_created: int = 0
    aliases_deleted: int = 0
    cercles_created: int = 0
    cercles_updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.aliases_created
            or self.aliases_deleted
            or self.cercles_created
            or self.cercles_updated
        )


def _read_csv(path: Path, required: Iterable[str], problems: list[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        problems.append(f"{path.name}: file not found at {path}")
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(f"{path.name}: missing column(s) {', '.join(missing)}")
            return []
        return [
            (line, {k: (v or "").strip() for k, v in row.items() if k}) for line, row in enumerate(reader, 2)
        ]


def _int(value: str, where: str, column: str, problems: list[str]) -> int | None:
    if value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        problems.append(f"{where}: column {column} is not a whole number: {value!r}")
        return None
    if number < 0:
        problems.append(f"{where}: column {column} is negative: {value!r}")
        return None
    return number


def read_hcp_units(
    hcp_dir: Path = HCP_DIR, corrections_file: Path = CORRECTIONS_FILE
) -> tuple[list[UnitRow], list[dict]]:
    """Read and check the five HCP files; return (units in parent-first order, cercles).

    Raises TerritoryDataError naming every bad row (file and line) if anything is wrong.
    """
    problems: list[str] = []
    corrections = json.loads(corrections_file.read_text(encoding="utf-8"))
    rural_fix = set(corrections["rural_communes"]["codes"])
    official = {k: v for k, v in corrections["official_names"].items() if not k.startswith("_")}
    extra_aliases = {k: v for k, v in corrections["aliases"].items() if not k.startswith("_")}

    units: list[UnitRow] = [
        UnitRow(
            code=COUNTRY_CODE,
            level=Level.COUNTRY,
            kind="",
            name_ar="المغرب",
            name_fr="Maroc",
            parent_code=None,
            aliases=["المملكة المغربية", "Royaume du Maroc", "Morocco"],
            source="country",
        )
    ]
    seen: dict[str, str] = {COUNTRY_CODE: "country"}
    level_of: dict[str, str] = {COUNTRY_CODE: Level.COUNTRY}

    def bad_parent(where: str, code: str, parent: str, level: str, label: str) -> bool:
        """Record a problem unless `parent` is a unit of `level` read earlier."""
        if parent not in level_of:
            problems.append(f"{where}: code {code}: parent {label} {parent!r} not found")
            return True
        if level_of[parent] != level:
            problems.append(
                f"{where}: code {code}: parent {label} {parent!r} is a {level_of[parent]}, not a {label}"
            )
            return True
        return False

    cercles: list[dict] = []

    def add(unit: UnitRow, where: str) -> None:
        if not _CODE.match(unit.code):
            problems.append(f"{where}: code {unit.code!r} is not an HCP code (RR, RR.PPP, RR.PPP.CC.NN)")
            return
        if unit.code in seen:
            problems.append(f"{where}: duplicate code {unit.code} (already at {seen[unit.code]})")
            return
        if not unit.name_ar:
            problems.append(f"{where}: code {unit.code} has no Arabic name (name_ar)")
            return
        seen[unit.code] = where
        level_of[unit.code] = unit.level
        units.append(unit)

    def add_row(row: dict[str, str], where: str, **fields) -> None:
        """A unit read from a row: its code, names and populations, and where it came from."""
        values = {"code": row["code"], "name_ar": row["name_ar"], "name_fr": row["name_fr"], "kind": ""}
        values.update(fields)
        population = _int(row["population_2024"], where, "population_2024", problems)
        households = _int(row.get("households_2024", ""), where, "households_2024", problems)
        add(UnitRow(**values, population_2024=population, households_2024=households, source=where), where)

    base = ["code", "name_fr", "name_ar"]
    for line, row in _read_csv(hcp_dir / "regions.csv", [*base, "population_2024"], problems):
        where = f"regions.csv, line {line}"
        add_row(row, where, level=Level.REGION, parent_code=COUNTRY_CODE)

    province_rows = _read_csv(
        hcp_dir / "provinces.csv", [*base, "type", "region_code", "population_2024"], problems
    )
    for line, row in province_rows:
        where = f"provinces.csv, line {line}"
        kind = row["type"]
        if kind == "prefecture_of_arrondissements":
            continue  # after the provinces: their parent is a prefecture
        if kind not in (Kind.PROVINCE, Kind.PREFECTURE):
            problems.append(
                f"{where}: type {kind!r} is not province, prefecture or prefecture_of_arrondissements"
            )
            continue
        if bad_parent(where, row["code"], row["region_code"], Level.REGION, "region"):
            continue
        add_row(row, where, level=Level.PROVINCE, kind=kind, parent_code=row["region_code"])
    for line, row in province_rows:
        if row["type"] != "prefecture_of_arrondissements":
            continue
        where = f"provinces.csv, line {line}"
        parent = ".".join(row["code"].split(".")[:2])
        if bad_parent(where, row["code"], parent, Level.PROVINCE, "prefecture"):
            continue
        add_row(row, where, level=Level.PREFECTURE_OF_ARRONDISSEMENTS, parent_code=parent)

    cercle_province: dict[str, str] = {}
    for line, row in _read_csv(hcp_dir / "cercles.csv", [*base, "province_code"], problems):
        where = f"cercles.csv, line {line}"
        if row["code"] in cercle_province:
            problems.append(f"{where}: duplicate code {row['code']}")
            continue
        if bad_parent(where, row["code"], row["province_code"], Level.PROVINCE, "province"):
            continue
        cercle_province[row["code"]] = row["province_code"]
        cercles.append(
            {
                "code": row["code"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "province_code": row["province_code"],
            }
        )

    for line, row in _read_csv(
        hcp_dir / "communes.csv", [*base, "type", "province_code", "cercle_code", "population_2024"], problems
    ):
        where = f"communes.csv, line {line}"
        if bad_parent(where, row["code"], row["province_code"], Level.PROVINCE, "province"):
            continue
        if row["cercle_code"] and row["cercle_code"] not in cercle_province:
            problems.append(f"{where}: code {row['code']}: cercle {row['cercle_code']!r} not found")
            continue
        if row["cercle_code"] and cercle_province[row["cercle_code"]] != row["province_code"]:
            problems.append(
                f"{where}: code {row['code']}: cercle {row['cercle_code']!r} belongs to province "
                f"{cercle_province[row['cercle_code']]!r}, not {row['province_code']!r}"
            )
            continue
        hcp_kind = row["type"]
        if hcp_kind not in (Kind.URBAN, Kind.RURAL):
            problems.append(f"{where}: type {hcp_kind!r} is neither urban nor rural")
            continue
        kind = Kind.RURAL if row["code"] in rural_fix else hcp_kind
        add_row(
            row,
            where,
            level=Level.COMMUNE,
            kind=kind,
            parent_code=row["province_code"],
            cercle_code=row["cercle_code"] or None,
            hcp_kind=hcp_kind if kind != hcp_kind else "",
        )

    for line, row in _read_csv(
        hcp_dir / "arrondissements.csv", [*base, "commune_code", "population_2024"], problems
    ):
        where = f"arrondissements.csv, line {line}"
        if bad_parent(where, row["code"], row["commune_code"], Level.COMMUNE, "commune"):
            continue
        code = row["code"]
        district = None
        if code.startswith("06.141.01."):  # Casablanca: 06.141.01.XY belongs to 06.141.01.X0
            district = code[:-1] + "0"
            if bad_parent(
                where, code, district, Level.PREFECTURE_OF_ARRONDISSEMENTS, "prefecture_of_arrondissements"
            ):
                continue
        fixed = official.get(code, {})
        add_row(
            row,
            where,
            level=Level.ARRONDISSEMENT,
            name_ar=fixed.get("name_ar", row["name_ar"]),
            name_fr=fixed.get("name_fr", row["name_fr"]),
            parent_code=row["commune_code"],
            district_code=district,
            hcp_name_ar=row["name_ar"] if fixed else "",
            hcp_name_fr=row["name_fr"] if fixed else "",
        )

    by_code = {u.code: u for u in units}
    for code, names in extra_aliases.items():
        if code not in by_code:
            problems.append(f"{corrections_file.name}: alias entry for unknown code {code}")
            continue
        by_code[code].aliases.extend(names)

    if problems:
        raise TerritoryDataError(problems)
    return units, cercles


def _alias_names(unit: UnitRow) -> set[str]:
    return {n for n in (unit.name_ar, unit.name_fr, unit.hcp_name_ar, unit.hcp_name_fr, *unit.aliases) if n}


_FIELDS = [
    "level",
    "kind",
    "name_ar",
    "name_fr",
    "population_2024",
    "households_2024",
    "hcp_name_ar",
    "hcp_name_fr",
    "hcp_kind",
]


@transaction.atomic
def territory_load(*, hcp_dir: Path = HCP_DIR, corrections_file: Path = CORRECTIONS_FILE) -> LoadReport:
    """Create or update every unit, cercle and alias; idempotent; all or nothing."""
    units, cercle_rows = read_hcp_units(hcp_dir, corrections_file)
    report = LoadReport()
    existing = {t.code: t for t in Territory.objects.all()}

    # Units, parent first (the files are read region → province → commune → arrondissement).
    to_update: list[Territory] = []
    created_pks: set[int] = set()
    for unit in units:
        parent = existing.get(unit.parent_code) if unit.parent_code else None
        path = f"{parent.path if parent else ''}{unit.code}/"
        values = {f: getattr(unit, f) if getattr(unit, f) is not None else None for f in _FIELDS}
        values.update(parent_id=parent.pk if parent else None, path=path, depth=path.count("/") - 1)
        current = existing.get(unit.code)
        if current is None:
            current = Territory.objects.create(code=unit.code, **values)
            existing[unit.code] = current
            created_pks.add(current.pk)
            report.created += 1
            continue
        changed = [f for f, v in values.items() if getattr(current, f) != v]
        if changed:
            for f in changed:
                setattr(current, f, values[f])
            to_update.append(current)
    if to_update:
        Territory.objects.bulk_update(to_update, [*_FIELDS, "parent_id", "path", "depth"], batch_size=500)
    updated = {t.pk for t in to_update}

    # Cercles, then links that need both sides: commune → cercle, arrondissement → district.
    cercles = {c.code: c for c in Cercle.objects.all()}
    for row in cercle_rows:
        province = existing[row["province_code"]]
        current = cercles.get(row["code"])
        if current is None:
            cercles[row["code"]] = Cercle.objects.create(
                code=row["code"], name_ar=row["name_ar"], name_fr=row["name_fr"], province=province
            )
            report.cercles_created += 1
        elif (current.name_ar, current.name_fr, current.province_id) != (
            row["name_ar"],
            row["name_fr"],
            province.pk,
        ):
            current.name_ar, current.name_fr, current.province = row["name_ar"], row["name_fr"], province
            current.save(update_fields=["name_ar", "name_fr", "province"])
            report.cercles_updated += 1
    links: list[Territory] = []
    for unit in units:
        territory = existing[unit.code]
        cercle_id = cercles[unit.cercle_code].pk if unit.cercle_code else None
        district_id = existing[unit.district_code].pk if unit.district_code else None
        if (territory.cercle_id, territory.district_id) != (cercle_id, district_id):
            territory.cercle_id, territory.district_id = cercle_id, district_id
            links.append(territory)
    if links:
        Territory.objects.bulk_update(links, ["cercle", "district"], batch_size=500)
    report.updated = len(updated | ({t.pk for t in links} - created_pks))
    report.unchanged = len(units) - report.created - report.updated

    # Aliases: exactly the folded names of the files and corrections.
    wanted = {(existing[u.code].pk, name_key(n)): n for u in units for n in _alias_names(u) if name_key(n)}
    have_keys = {
        (tid, key): pk for pk, tid, key in TerritoryAlias.objects.values_list("pk", "territory_id", "key")
    }
    stale = [pk for k, pk in have_keys.items() if k not in wanted]
    if stale:
        TerritoryAlias.objects.filter(pk__in=stale).delete()
        report.aliases_deleted = len(stale)
    new = [
        TerritoryAlias(territory_id=tid, key=key, name=wanted[(tid, key)])
        for (tid, key) in wanted
        if (tid, key) not in have_keys
    ]
    if new:
        TerritoryAlias.objects.bulk_create(new, batch_size=1000)
        report.aliases_created = len(new)

    from tanzim.territory.queries import forget_alias_cache, forget_unit_index

    forget_alias_cache()
    forget_unit_index()
    return report
