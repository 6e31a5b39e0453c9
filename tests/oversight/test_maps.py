"""The coverage map: every region and province of the territory has its boundary, geometry is
simplified, the palette is sequential, the SVG links each area to its dashboard."""

from __future__ import annotations

import pytest

from tanzim.oversight import maps
from tanzim.territory.models import Level, Territory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("layer", "level", "count"), [("regions", Level.REGION, 12), ("provinces", Level.PROVINCE, 75)]
)
def test_every_region_and_province_maps_to_one_boundary(layer, level, count):
    shapes = {shape.code: shape for shape in maps.shapes(layer)}
    units = dict(Territory.objects.filter(level=level).values_list("code", "name_ar"))
    assert len(units) == len(shapes) == count
    assert set(shapes) == set(units)
    for code, shape in shapes.items():
        assert shape.rings, code
        assert shape.name_ar.replace("-", " ").split()[0] in units[code].replace("-", " "), code


def test_provinces_sit_in_their_region():
    parents = dict(Territory.objects.filter(level=Level.PROVINCE).values_list("code", "parent__code"))
    for shape in maps.shapes("provinces"):
        assert parents[shape.code] == shape.region_code


def test_douglas_peucker_drops_points_within_the_tolerance_and_keeps_the_corners():
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 2.0), (4.0, 0.0)]
    assert maps.simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (3.0, 2.0), (4.0, 0.0)]
    assert maps.simplify(line, 10) == [(0.0, 0.0), (4.0, 0.0)]


def test_simplified_maps_stay_small():
    every = maps.choropleth("provinces", {})
    assert sum(len(area.path) for area in every.areas) < 120_000
    assert len(every.areas) == 75


def test_sequential_palette_classes():
    assert maps.colour(None) == maps.NO_DATA
    assert [maps.colour(v) for v in (0, 19.9, 20, 55, 80, 100)] == [
        maps.PALETTE[0],
        maps.PALETTE[0],
        maps.PALETTE[1],
        maps.PALETTE[2],
        maps.PALETTE[4],
        maps.PALETTE[4],
    ]


def test_national_map_links_regions_with_arabic_names_and_figures(admin_client_):
    body = admin_client_.get("/oversight/t/MA/").content.decode()
    assert body.count('<a href="/oversight/t/') >= 12
    assert '<a href="/oversight/t/03/" data-code="03">' in body
    assert "<title>فاس-مكناس:" in body
    assert "OpenStreetMap" in body
    provinces = admin_client_.get("/oversight/t/MA/?layer=provinces").content.decode()
    assert '<a href="/oversight/t/03.531/" data-code="03.531">' in provinces


def test_region_map_draws_only_its_provinces(admin_client_):
    response = admin_client_.get("/oversight/t/01/")
    codes = {area.code for area in response.context["map"].areas}
    assert codes == set(
        Territory.objects.filter(parent__code="01", level=Level.PROVINCE).values_list("code", flat=True)
    )
