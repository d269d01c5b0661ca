"""What each template may use: one typed record per template, and the small records in them.

These classes are the contract with theme authors. `python -m site_builder.site.contexts`
prints them as the variable list in `docs/theme-variables.md` (a test keeps the two equal), so
the documentation cannot drift from what templates really receive. Records are slots dataclasses:
templates read them with dots (`t.url`), attribute access is as fast as on the SimpleNamespace
objects they replace, and a misspelt field fails at build time, not silently. They are not
frozen: a frozen dataclass is built 2.5 times slower (1.9 µs against 0.75 µs for a teaser,
measured), and a 10,000-article build makes half a million of them; nothing changes them.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from dataclasses import dataclass
from typing import Any

from site_builder.config import SiteConfig
from site_builder.model import Article

# -- small records ------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """How many articles, people, organizations and places the archive has."""

    articles: int
    people: int
    organizations: int
    places: int


@dataclass(slots=True)
class Teaser:
    """An article in a list: its title, link (relative to the page), date and source."""

    title: str
    url: str
    date: str | None
    date_human: str
    source: str | None
    shared: int | None = None
    """Entities shared with the article whose page lists it (in "related" lists)."""
    summary: str = ""
    """The article's first sentences as plain text (about two lines)."""


@dataclass(slots=True)
class Link:
    """A link to an entity or a source, with how many articles it has (when known)."""

    name: str
    url: str
    count: int | None = None
    kind: str | None = None
    """`person`, `organization` or `place`, in lists that mix kinds."""


@dataclass(slots=True)
class EntityGroup:
    """An article's entities of one kind."""

    kind: str
    title: str
    items: list[Link]


@dataclass(slots=True)
class LetterGroup:
    """The entities of a kind whose name starts with one letter (`#` for the rest)."""

    letter: str
    items: list[Link]


@dataclass(slots=True)
class PagerLink:
    """One page of a paginated list (an entity's articles, a month, a letter of the A–Z)."""

    n: int
    url: str
    current: bool


@dataclass(slots=True)
class Bar:
    """One bar of the mentions chart: its x offset, height (of 80), label and count."""

    x: int
    h: int
    label: str
    count: int
    short: str = ""
    """The label under the bar (`2021`, `Mar`), empty where it would crowd its neighbours."""


@dataclass(slots=True)
class Chart:
    """The mentions-over-time chart of an entity, drawn as SVG by the template."""

    bars: list[Bar]
    width: int
    bar: int
    peak: int


@dataclass(slots=True)
class MonthBar:
    """One month of the home page's timeline: position and height in chart units, the link to
    that month on its year page, its label and article count."""

    x: float
    y: float
    w: float
    h: float
    url: str
    label: str
    count: int


@dataclass(slots=True)
class AxisLabel:
    """A label on a chart axis, at `x` (or `y`) in chart units."""

    x: float
    y: float
    text: str


@dataclass(slots=True)
class MonthChart:
    """Articles per month as a labelled SVG bar chart (home page)."""

    bars: list[MonthBar]
    width: int
    height: int
    peak: int
    ticks: list[AxisLabel]
    """Year labels under the bars, and the count scale beside them."""
    first: str
    last: str


@dataclass(slots=True)
class MapMarker:
    """A place on a map: position and radius in map units, its page, name and article count."""

    x: float
    y: float
    r: float
    url: str
    name: str
    count: int


@dataclass(slots=True)
class Outline:
    """A country's outline on the map (an SVG path in map units)."""

    name: str
    d: str


@dataclass(slots=True)
class MapPin:
    """Where a place sits on the small map of its page, in percent of the map's width and height."""

    left: float
    top: float
    lat: float
    lon: float
    map_url: str
    """The shared world map image (outlines only)."""


@dataclass(slots=True)
class GraphNode:
    """An entity in a co-mention graph: position and radius in graph units, its page."""

    x: float
    y: float
    r: float
    url: str
    name: str
    kind: str
    count: int
    """Articles mentioning both it and the graph's centre (the centre: its own articles)."""
    anchor: str
    """Where its label sits: `start`, `middle` or `end`."""
    lx: float
    ly: float
    label: str
    """Its name, cut to fit beside it in the graph (the full name is in `name`)."""


@dataclass(slots=True)
class GraphEdge:
    """A line from the centre to a node; `w` grows with the shared articles."""

    x1: float
    y1: float
    x2: float
    y2: float
    w: float


@dataclass(slots=True)
class Graph:
    """An entity and those most often mentioned with it, laid out at build time."""

    centre: GraphNode
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: int
    height: int


@dataclass(slots=True)
class PairLink:
    """Two entities mentioned together, with the number of articles; `kinds` names both kinds
    (`person organization`) for the kind filter."""

    a: Link
    b: Link
    count: int
    kinds: str


@dataclass(slots=True)
class DataFile:
    """A download of the data page."""

    name: str
    url: str
    description: str
    size: str
    rows: int


@dataclass(slots=True)
class MonthLink:
    """A month on the archive page: label, link to its anchor on the year page, count."""

    label: str
    url: str
    count: int


@dataclass(slots=True)
class YearLink:
    """A year on the archive page, with its months."""

    year: str
    url: str
    count: int
    months: list[MonthLink]


@dataclass(slots=True)
class Month:
    """A month's articles on a year page; `id` is its anchor. In a year too big for one page,
    `items` are the month's newest articles and `url` links its own page with all `count`."""

    id: str
    label: str
    items: list[Teaser]
    url: str = ""
    count: int = 0


@dataclass(slots=True)
class FeedEntry:
    """One entry of an Atom feed."""

    title: str
    link: str
    id: str
    updated: str
    summary: str
    authors: list[str]


# -- one record per template --------------------------------------------------------------------


class _Variables:
    """What makes a record a template context: it renders as a mapping of its fields."""

    __slots__ = ()

    def variables(self) -> dict[str, Any]:
        """The record as the mapping Jinja renders."""
        return {name: getattr(self, name) for name in _names(type(self))}


@dataclass(slots=True)
class PageContext(_Variables):
    """Every HTML page (`base.html`, `404.html`, `search.html`)."""

    site: SiteConfig
    """The settings of `site.toml`: `site.title`, `site.description`, `site.base_url`, `site.language`."""
    url: str
    """This page's path in the site (`articles/2024/05/x.html`)."""
    root: str
    """The relative path from this page to the site root (`../../`): prefix every link with it."""
    page_title: str
    counts: Counts


@dataclass(slots=True)
class ArticleContext(PageContext):
    """`article.html`."""

    article: Article
    """The article's fields as in its front matter (`article.title`, `article.authors`...)."""
    source_file: str
    """The article's file in the archive (`content/articles/...`), for provenance."""
    date_human: str
    body_html: str
    """The body rendered from Markdown, entity names linked; already safe HTML."""
    groups: list[EntityGroup]
    related: list[Teaser]
    versions: list[Teaser]
    """Other versions of the same story (near-duplicates from other sources)."""
    newer: Teaser | None
    older: Teaser | None
    source_url: str
    json_ld: dict[str, Any]
    canonical: str | None


@dataclass(slots=True)
class RetractedContext(PageContext):
    """`retracted.html`: the notice left at a retracted article's address."""

    article: Article
    date_human: str


@dataclass(slots=True)
class EntityContext(PageContext):
    """`entity.html` (each page of a paginated entity)."""

    name: str
    kind: str
    slug: str
    aliases: list[str]
    kind_singular: str
    kind_title: str
    total: int
    description_html: str
    roles: list[str]
    co: list[Link]
    """The entities mentioned most often with this one."""
    first_seen: str | None
    last_seen: str | None
    sort_date: str
    """The newest article's date (`0000` when none): the search index sorts entities by it."""
    sources: list[Link]
    chart: Chart | None
    feed_url: str
    identifiers: list[tuple[str, str]]
    """(scheme, value) pairs from the entity's note: `wikidata`, `viaf`, `url`..."""
    identifier_urls: dict[str, str]
    """Scheme -> the page an identifier points to (`https://www.wikidata.org/wiki/Q57413`);
    only schemes with a known address and a well-formed value."""
    articles: list[Teaser]
    pager: list[PagerLink]
    graph: Graph | None
    """The entities most often mentioned with this one, as a graph (None when there are none)."""
    pin: MapPin | None
    """For a place with known coordinates: its position on the small world map."""


@dataclass(slots=True)
class DirectoryContext(PageContext):
    """`directory.html`: the A–Z of one kind. A long one is split: its first page gives the
    letters and the most mentioned, and each letter has pages of its own (`pager`)."""

    kind: str
    groups: list[LetterGroup]
    letters: list[Link]
    """Every letter, linking to its section (one page) or its own page, with its count."""
    top: list[Link]
    """The most mentioned, on the first page of a split A–Z; empty otherwise."""
    pager: list[PagerLink]
    index_url: str
    """The first page of the A–Z, from a letter's page; empty on the first page."""


@dataclass(slots=True)
class HomeContext(PageContext):
    """`home.html`."""

    latest: list[Teaser]
    top: dict[str, list[Link]]
    """Most-mentioned entities, by kind (`people`, `organizations`, `places`)."""
    kind_titles: dict[str, str]
    timeline: MonthChart | None
    """Articles per month (None when no article is dated)."""


@dataclass(slots=True)
class ArchiveContext(PageContext):
    """`archive.html`: the years."""

    years: list[YearLink]


@dataclass(slots=True)
class YearContext(PageContext):
    """`year.html`: one year's articles by month."""

    year: str
    months: list[Month]


@dataclass(slots=True)
class MonthContext(PageContext):
    """`month.html`: one month of a year too big for one page, paginated."""

    year: str
    year_url: str
    label: str
    count: int
    articles: list[Teaser]
    pager: list[PagerLink]


@dataclass(slots=True)
class SourcesContext(PageContext):
    """`sources.html`."""

    sources: list[Link]


@dataclass(slots=True)
class ListContext(PageContext):
    """`list.html`: the articles of one source."""

    heading: str
    articles: list[Teaser]


@dataclass(slots=True)
class FeedContext(_Variables):
    """`feed.xml` (the site's feed and each entity's)."""

    site: SiteConfig
    title: str
    entries: list[FeedEntry]
    updated: str
    self_url: str
    feed_id: str


@dataclass(slots=True)
class MapContext(PageContext):
    """`map.html`: every place with coordinates on a world map."""

    outlines: list[Outline]
    markers: list[MapMarker]
    """Largest first, so that small markers are drawn on top and stay clickable."""
    width: int
    height: int
    unplaced: list[Link]
    """Places the gazetteers give no coordinates for (regions, streets, some states)."""


@dataclass(slots=True)
class NetworkContext(PageContext):
    """`network.html`: the archive's strongest co-mentions."""

    pairs: list[PairLink]
    kinds: list[str]
    """The kinds a reader can filter by (`person`, `organization`, `place`)."""


@dataclass(slots=True)
class DataContext(PageContext):
    """`data.html`: the archive as data files."""

    formats: dict[str, list[DataFile]]
    """Files by format (`csv`), each with `datapackage.json` last."""
    licence: str


Context = PageContext | FeedContext

TEMPLATES: dict[str, type] = {
    "base.html, 404.html, search.html": PageContext,
    "article.html": ArticleContext,
    "retracted.html": RetractedContext,
    "entity.html": EntityContext,
    "directory.html": DirectoryContext,
    "home.html": HomeContext,
    "archive.html": ArchiveContext,
    "year.html": YearContext,
    "month.html": MonthContext,
    "sources.html": SourcesContext,
    "list.html": ListContext,
    "feed.xml": FeedContext,
    "map.html": MapContext,
    "network.html": NetworkContext,
    "data.html": DataContext,
}
RECORDS = (
    Counts,
    Teaser,
    Link,
    EntityGroup,
    LetterGroup,
    PagerLink,
    Chart,
    Bar,
    YearLink,
    MonthLink,
    Month,
    FeedEntry,
    MonthChart,
    MonthBar,
    AxisLabel,
    MapMarker,
    Outline,
    MapPin,
    Graph,
    GraphNode,
    GraphEdge,
    PairLink,
    DataFile,
)


_NAMES: dict[str, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    """A record's field names, computed once per class (every page asks)."""
    names = _NAMES.get(cls.__qualname__)
    if names is None:
        names = _NAMES[cls.__qualname__] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _type_name(annotation: Any) -> str:
    return str(annotation).replace("site_builder.config.", "").replace("site_builder.model.", "")


def _docs(cls: type) -> dict[str, str]:
    """Field docstrings (the string under a field), read from the source."""
    import ast
    import inspect

    out: dict[str, str] = {}
    body = ast.parse(inspect.getsource(cls)).body[0].body  # type: ignore[attr-defined]
    for prev, node in itertools.pairwise(body):
        if (
            isinstance(prev, ast.AnnAssign)
            and isinstance(prev.target, ast.Name)
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            out[prev.target.id] = " ".join(node.value.value.split())
    return out


def markdown() -> str:
    """The variable list of every template, as Markdown."""
    lines = [
        "# Theme variables",
        "",
        "Generated by `python -m site_builder.site.contexts` from",
        "`site_builder/site/contexts.py`; a test keeps this file equal to it.",
        "",
    ]

    base = {f.name for f in dataclasses.fields(PageContext)}

    def table(cls: type) -> None:
        docs: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            if dataclasses.is_dataclass(klass):
                docs.update(_docs(klass))
        skip = base if cls is not PageContext and issubclass(cls, PageContext) else set()
        for f in dataclasses.fields(cls):
            if f.name not in skip:
                doc = f": {docs[f.name]}" if f.name in docs else ""
                lines.append(f"- `{f.name}` ({_type_name(f.type)}){doc}")

    for name, cls in TEMPLATES.items():
        lines += [f"## {name}", "", " ".join((cls.__doc__ or "").split()), ""]
        if cls is not PageContext and issubclass(cls, PageContext):
            lines.append("Everything of every HTML page (see the first section), and:")
            lines.append("")
        table(cls)
        lines.append("")
    lines += ["## Records used in the variables above", ""]
    for cls in RECORDS:
        lines += [f"### {cls.__name__}", "", " ".join((cls.__doc__ or "").split()), ""]
        table(cls)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
