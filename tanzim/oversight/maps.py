"""Choropleth maps drawn on the server as inline SVG, from the boundaries shipped with the territory
data (tanzim/territory/data/morocco/boundaries/, © OpenStreetMap contributors, ODbL 1.0).

Geometry is simplified once per process (Douglas–Peucker in degrees) and projected equirectangularly
(x scaled by cos of the mean latitude) into the bounding box of the features drawn, so a map of the
12 regions or of the 75 provinces stays a few tens of kilobytes.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BOUNDARIES = Path(__file__).resolve().parent.parent / "territory" / "data" / "morocco" / "boundaries"
TOLERANCE = {"regions": 0.02, "provinces": 0.012}  # degrees (≈ 2 km and 1.3 km)
MIN_RING_AREA = 0.002  # square degrees: islets and slivers below this are left out

# Colour-blind-safe sequential palette (ColorBrewer YlGnBu, 5 classes), from low to high coverage.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#d9d9d9"
BREAKS = (20, 40, 60, 80)  # class upper bounds in %, last class 80–100


def colour(share: float | None) -> str:
    if share is None:
        return NO_DATA
    for index, bound in enumerate(BREAKS):
        if share < bound:
            return PALETTE[index]
    return PALETTE[-1]


def legend() -> list[tuple[str, str]]:
    bounds = (0, *BREAKS, 100)
    return [(PALETTE[i], f"{bounds[i]}–{bounds[i + 1]} %") for i in range(len(PALETTE))]


def _perpendicular(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = 0, 0.0
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > distance:
                index, distance = i, d
        if distance > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))) / 2


@dataclass(frozen=True)
class Shape:
    code: str  # HCP code: "03" (region), "03.531" (province)
    region_code: str
    name_ar: str
    name_fr: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # simplified, lon/lat


@lru_cache(maxsize=2)
def shapes(layer: str) -> tuple[Shape, ...]:
    """The simplified features of `regions` or `provinces`, keyed by HCP code (cached)."""
    data = json.loads((BOUNDARIES / f"{layer}.geojson").read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        rings = []
        for polygon in polygons:
            for ring in polygon[:1]:  # outer rings only: holes are filled by the neighbours drawn on top
                if _area(ring) < MIN_RING_AREA:
                    continue
                simple = simplify([(float(x), float(y)) for x, y in ring], TOLERANCE[layer])
                if len(simple) >= 4:
                    rings.append(tuple(simple))
        code = props["hcp_code"]
        out.append(
            Shape(
                code=code,
                region_code=props.get("region_hcp_code", code),
                name_ar=props["name_ar"],
                name_fr=props["name_fr"],
                rings=tuple(rings),
            )
        )
    return tuple(out)


@dataclass
class MapArea:
    code: str
    name: str
    path: str  # SVG path data
    fill: str
    share: float | None
    url: str
    label: str  # tooltip: name and figure


@dataclass
class Map:
    width: int
    height: int
    areas: list[MapArea]
    legend: list[tuple[str, str]]


def choropleth(
    layer: str,
    values: dict[str, tuple[float | None, str, str]],
    *,
    only: set[str] | None = None,
    width: int = 640,
    french: bool = False,
) -> Map:
    """Areas of `layer` whose code is in `only` (all when None), filled by `values[code] = (share,
    url, label)`; projected into a `width`-wide box."""
    drawn = [shape for shape in shapes(layer) if only is None or shape.code in only]
    points = [p for shape in drawn for ring in shape.rings for p in ring]
    if not points:
        return Map(width=width, height=10, areas=[], legend=legend())
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    k = math.cos(math.radians((min_y + max_y) / 2))
    span_x, span_y = max((max_x - min_x) * k, 1e-9), max(max_y - min_y, 1e-9)
    pad = 6
    scale = (width - 2 * pad) / span_x
    height = int(span_y * scale) + 2 * pad
    areas = []
    for shape in drawn:
        parts = []
        for ring in shape.rings:
            coords = " ".join(
                f"{pad + (x - min_x) * k * scale:.1f},{pad + (max_y - y) * scale:.1f}" for x, y in ring
            )
            parts.append(f"M{coords}Z")
        share, url, label = values.get(shape.code, (None, "", ""))
        name = shape.name_fr if french else shape.name_ar
        areas.append(
            MapArea(
                code=shape.code,
                name=name,
                path="".join(parts),
                fill=colour(share),
                share=share,
                url=url,
                label=label or name,
            )
        )
    return Map(width=width, height=height, areas=areas, legend=legend())
