"""The archive's pictures, laid out at build time: the timeline, co-mention graphs, the map.

Everything here is arithmetic on the gathered archive, with every tie broken by name, so one
archive always gives the same SVG to the byte (a test builds twice and compares). Templates
only draw what these records say; each picture also has a table or list of the same data for
screen readers and for reading the numbers.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable

from site_builder.model import KIND_SINGULAR
from site_builder.site import geo
from site_builder.site.archive import Archive, Entity
from site_builder.site.contexts import (
    AxisLabel,
    Graph,
    GraphEdge,
    GraphNode,
    Link,
    MapMarker,
    MapPin,
    MonthBar,
    MonthChart,
    Outline,
    PairLink,
)

CHART_W, CHART_H = 720, 160
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT = 12, 130, 34
TICK_ROOM = 56
"""Chart units a year label needs at its phone size (22 units): no year starts closer to the edge."""
GRAPH_W, GRAPH_H = 560, 300
LABEL_CHAR_W = 7.2
"""Width of a character of a graph label (13px text), in graph units: labels are cut to their room."""
GRAPH_NODES = 8


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (`YYYY-MM`), both included."""
    keys = []
    y, m = int(first[:4]), int(first[5:7])
    while f"{y:04d}-{m:02d}" <= last:
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def month_chart(dated: Iterable[str], href: Callable[[str], str], label: Callable[[str], str]) -> MonthChart | None:
    """Articles per month from the first dated month to the last, every month a bar (empty
    months too, so gaps show). `href(YYYY-MM)` and `label(YYYY-MM)` give each bar's link and name."""
    counts = Counter(d[:7] for d in dated if len(d) >= 7)
    if not counts:
        return None
    first, last = min(counts), max(counts)
    keys = month_range(first, last)
    peak = max(counts.values())
    span = CHART_W - PLOT_LEFT
    step = span / len(keys)
    width = max(1.0, round(step * 0.8, 2))
    bars = []
    ticks = []
    label_every = max(1, math.ceil(len(keys) / 12 / 12)) if len(keys) > 12 else 1
    for i, key in enumerate(keys):
        n = counts.get(key, 0)
        h = round((PLOT_BOTTOM - PLOT_TOP) * n / peak, 2)
        x = round(PLOT_LEFT + i * step, 2)
        bars.append(MonthBar(x=x, y=round(PLOT_BOTTOM - h, 2), w=width, h=h, url=href(key), label=label(key), count=n))
        if len(keys) <= 12:
            ticks.append(AxisLabel(x=round(x + width / 2, 2), y=PLOT_BOTTOM + 16, text=label(key).split()[0][:3]))
        elif (key.endswith("-01") or i == 0) and x <= CHART_W - TICK_ROOM:
            year = int(key[:4])
            if (year - int(first[:4])) % label_every == 0:
                ticks.append(AxisLabel(x=x, y=PLOT_BOTTOM + 16, text=key[:4]))
    ticks.append(AxisLabel(x=PLOT_LEFT - 6, y=PLOT_TOP + 4, text=str(peak)))
    ticks.append(AxisLabel(x=PLOT_LEFT - 6, y=PLOT_BOTTOM, text="0"))
    return MonthChart(
        bars=bars, width=CHART_W, height=CHART_H, peak=peak, ticks=ticks, first=label(first), last=label(last)
    )


def _cut(name: str, chars: int) -> str:
    """A label of at most `chars` characters, cut at a word with an ellipsis when it is longer."""
    if len(name) <= chars:
        return name
    cut = name[: max(1, chars - 1)]
    if " " in cut.strip():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def ego_graph(ent: Entity, co: list[tuple[Entity, int]], href: Callable[[Entity], str]) -> Graph | None:
    """The entity in the middle, the ones most often mentioned with it on a circle around it
    (most mentioned at the top, then clockwise), node area and line width by shared articles."""
    co = co[:GRAPH_NODES]
    if not co:
        return None
    cx, cy, ring = GRAPH_W / 2, GRAPH_H / 2, 105
    top = max(c for _e, c in co)
    centre = GraphNode(
        x=cx,
        y=cy,
        r=16,
        url=href(ent),
        name=ent.name,
        kind=KIND_SINGULAR[ent.kind],
        count=len(ent.pages),
        anchor="middle",
        lx=cx,
        ly=round(cy + 30, 1),
        label=_cut(ent.name, 28),
    )
    nodes, edges = [], []
    for k, (other, count) in enumerate(co):
        angle = -math.pi / 2 + 2 * math.pi * k / len(co)
        x, y = round(cx + ring * math.cos(angle), 1), round(cy + ring * math.sin(angle), 1)
        r = round(5 + 7 * math.sqrt(count / top), 1)
        dx = math.cos(angle)
        anchor = "middle" if abs(dx) < 0.3 else "start" if dx > 0 else "end"
        lx = round(x + (r + 4) * (0 if anchor == "middle" else 1 if anchor == "start" else -1), 1)
        ly = round(y + (r + 12 if math.sin(angle) > 0.3 else -(r + 5) if math.sin(angle) < -0.3 else 4), 1)
        room = GRAPH_W - lx if anchor == "start" else lx if anchor == "end" else 2 * min(lx, GRAPH_W - lx)
        nodes.append(
            GraphNode(
                x=x,
                y=y,
                r=r,
                url=href(other),
                name=other.name,
                kind=KIND_SINGULAR[other.kind],
                count=count,
                anchor=anchor,
                lx=lx,
                ly=ly,
                label=_cut(other.name, int(room / LABEL_CHAR_W)),
            )
        )
        edges.append(GraphEdge(x1=cx, y1=cy, x2=x, y2=y, w=round(1 + 4 * count / top, 1)))
    return Graph(centre=centre, nodes=nodes, edges=edges, width=GRAPH_W, height=GRAPH_H)


def comention_counts(archive: Archive, floor: int = 1, enough: int = 0) -> Counter[tuple[str, str]]:
    """Articles shared by each pair of entity keys (the smaller key first) seen in at least
    `floor` articles, or every pair when fewer than `enough` reach it (a small archive's
    network shows pairs seen once). Counted once per build: the network page and the data
    export both read it.

    With a floor, pairs are counted one entity at a time and only the recurring ones kept:
    three in four pairs are seen once, and all of them held together cost 150 MB at 100,000
    articles."""
    pairs: Counter[tuple[str, str]] = Counter()
    keys_of = {p.url: sorted(set(p.entity_keys)) for p in archive.pages}
    if floor > 1:
        for key in sorted(archive.entities):
            seen: Counter[str] = Counter()
            for page in archive.entities[key].pages:
                keys = keys_of[page.url]
                seen.update(keys[bisect.bisect_right(keys, key) :])
            pairs.update({(key, other): n for other, n in seen.items() if n >= floor})
        if len(pairs) >= enough:
            return pairs
        pairs = Counter()
    for keys in keys_of.values():
        pairs.update(itertools.combinations(keys, 2))
    return pairs


def strongest_pairs(
    archive: Archive, pairs: Counter[tuple[str, str]], limit: int, href: Callable[[Entity], str]
) -> list[PairLink]:
    """The `limit` pairs of entities mentioned together in the most articles (ties by names)."""
    ents = archive.entities
    if len(pairs) > limit:
        cut = heapq.nlargest(limit, pairs.values())[-1]
        candidates = [(ab, n) for ab, n in pairs.items() if n >= cut]
    else:
        candidates = list(pairs.items())
    best = sorted(candidates, key=lambda kv: (-kv[1], ents[kv[0][0]].name, ents[kv[0][1]].name))[:limit]
    out = []
    for (a, b), n in best:
        ea, eb = ents[a], ents[b]
        out.append(
            PairLink(
                a=Link(name=ea.name, url=href(ea), kind=KIND_SINGULAR[ea.kind]),
                b=Link(name=eb.name, url=href(eb), kind=KIND_SINGULAR[eb.kind]),
                count=n,
                kinds=" ".join(sorted({KIND_SINGULAR[ea.kind], KIND_SINGULAR[eb.kind]})),
            )
        )
    return out


def outlines() -> list[Outline]:
    """Every country of the base map."""
    return [Outline(name=c.name, d=c.path) for c in geo.countries() if c.path]


def markers(places: list[Entity], href: Callable[[Entity], str]) -> tuple[list[MapMarker], list[Entity]]:
    """Markers for the places with coordinates (largest first, so the small are drawn on top),
    and the places without."""
    located = []
    unplaced = []
    for ent in places:
        point = geo.locate(ent.name)
        if point is None:
            unplaced.append(ent)
        else:
            located.append((ent, point))
    largest = max((len(e.pages) for e, _p in located), default=1)
    out = [
        MapMarker(x=p.x, y=p.y, r=geo.radius(len(e.pages), largest), url=href(e), name=e.name, count=len(e.pages))
        for e, p in sorted(located, key=lambda ep: (-len(ep[0].pages), ep[0].name))
    ]
    return out, unplaced


def pin(ent: Entity, map_url: str) -> MapPin | None:
    """A place's position on the small map of its page, in percent of the map."""
    point = geo.locate(ent.name)
    if point is None:
        return None
    return MapPin(
        left=round(100 * point.x / geo.WIDTH, 2),
        top=round(100 * point.y / geo.HEIGHT, 2),
        lat=point.lat,
        lon=point.lon,
        map_url=map_url,
    )


def world_svg() -> str:
    """The shared base map as a standalone SVG file (place pages show it as an image)."""
    paths = "".join(f'<path d="{o.d}"/>' for o in outlines())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {geo.WIDTH} {geo.HEIGHT}" '
        f'width="{geo.WIDTH}" height="{geo.HEIGHT}">'
        '<rect width="100%" height="100%" fill="#dfe9f3"/>'
        f'<g fill="#f6f4ee" stroke="#8a8f98" stroke-width="0.5">{paths}</g></svg>\n'
    )
