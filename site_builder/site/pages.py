"""Template contexts for every page kind, computed from the gathered Archive.

Pure functions: Archive in, (url, template, context) out. Links are made relative to the page
that holds them (`rel`), so the site works at a domain root, under a project path and from disk.
"""

from __future__ import annotations

import functools
import heapq
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from slugify import slugify

from site_builder.config import SiteConfig
from site_builder.model import KIND_SINGULAR, KINDS
from site_builder.site import charts, geo
from site_builder.site.archive import Archive, Entity, PlacedArticle
from site_builder.site.cache import Memo, digest
from site_builder.site.contexts import (
    ArchiveContext,
    ArticleContext,
    Bar,
    Chart,
    Context,
    Counts,
    DataContext,
    DataFile,
    DirectoryContext,
    EntityContext,
    EntityGroup,
    FeedContext,
    FeedEntry,
    HomeContext,
    LetterGroup,
    Link,
    ListContext,
    MapContext,
    Month,
    MonthContext,
    MonthLink,
    NetworkContext,
    PageContext,
    PagerLink,
    RetractedContext,
    SourcesContext,
    Teaser,
    YearContext,
    YearLink,
)
from site_builder.site.render_markdown import render_body
from site_builder.site.urls import safe_segment
from site_builder.text import sentence_ends

KIND_TITLES = {"people": "People", "organizations": "Organizations", "places": "Places"}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SITE_FEED_ENTRIES = 50
NETWORK_PAIRS = 300
"""Pairs listed on the network page."""
WORLD_MAP = "map/world.svg"
"""The shared base map image of the place pages."""
ENTITY_FEED_ENTRIES = 20
DIRECTORY_PAGE = 500
"""Entries on one page of the A–Z: a longer A–Z gets a page per letter, split again past this."""
DIRECTORY_TOP = 60
"""The most mentioned, listed on the first page of a split A–Z."""
YEAR_PAGE = 300
"""Articles on one year page: a bigger year shows each month's newest and links a page per month."""
MONTH_PREVIEW = 5
"""Feed readers show the newest items; an entity's full list is on its page. Feeds are one file
per entity, so their size is a large share of a big archive's output."""
SUMMARY_CHARS = 280
TEASER_CHARS = 220
"""About two lines of the first paragraph under each headline in a list."""
RELATED_MIN_FANOUT = 50
RELATED_FANOUT_SHARE = 50
"""An entity mentioned by more than 1/50 of the archive (and more than 50 articles) is too
common to make two articles related: every article about Washington is not related."""


@dataclass(frozen=True)
class RenderJob:
    """One page to render: output path, template name, context."""

    url: str
    template: str
    context: Context


def rel(from_url: str, to_url: str) -> str:
    """Relative link from one page to another file of the site: up to the root, then down.
    (Not always the shortest path, but it is cheap and always points at the same file.)"""
    return "../" * from_url.count("/") + to_url


def root_of(url: str) -> str:
    """Prefix leading from a page back to the site root (`../../` or empty)."""
    return "../" * url.count("/")


@functools.lru_cache(maxsize=8192)
def human_date(date: str | None) -> str:
    """`2022-03-08` -> `8 March 2022`, `2022-03` -> `March 2022`, `2022` -> `2022`, and a month
    and day without a year (`--12-06`) -> `6 December, year unknown`."""
    if not date:
        return "undated"
    if date.startswith("--"):
        try:
            month, day = (int(x) for x in date[2:].split("-"))
            return f"{day} {MONTHS[month - 1]}, year unknown"
        except (ValueError, IndexError):
            return "undated"
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return date
    return parts[0]


def source_slug(source: str | None) -> str:
    return safe_segment(slugify(source or "unknown", max_length=60) or "unknown")


class PageContexts:
    """Builds every RenderJob of the site from an Archive and the site config."""

    def __init__(
        self,
        archive: Archive,
        config: SiteConfig,
        data_files: dict[str, list[DataFile]] | None = None,
        pairs: Counter[tuple[str, str]] | None = None,
    ) -> None:
        self.a = archive
        self.cfg = config
        self.data_files = data_files or {}
        self.pairs = pairs
        self._teaser_texts: dict[str, str] = {}
        self.ordered = archive.by_date()
        self.position = {p.url: n for n, p in enumerate(self.ordered)}
        self.entity_list = sorted(archive.entities.values(), key=lambda e: e.key)
        self._members = {e.key: [self.position[p.url] for p in e.pages] for e in self.entity_list}
        self.fanout = max(RELATED_MIN_FANOUT, len(self.ordered) // RELATED_FANOUT_SHARE)
        self._counts = self.counts()
        self.bodies: Memo[str] | None = None
        """Bodies rendered by earlier builds (`cache.BuildCache.bodies`), set by the build."""

    def base(self, url: str, title: str) -> dict[str, Any]:
        """The fields every page's context has (PageContext's), as keyword arguments."""
        return {"site": self.cfg, "url": url, "root": root_of(url), "page_title": title, "counts": self._counts}

    def counts(self) -> Counts:
        c = Counter(e.kind for e in self.a.entities.values())
        return Counts(
            articles=len(self.a.pages),
            people=c.get("people", 0),
            organizations=c.get("organizations", 0),
            places=c.get("places", 0),
        )

    # -- articles -------------------------------------------------------------------------------

    def article(self, page: PlacedArticle) -> RenderJob:
        art = page.article
        url = page.url
        groups = []
        links: list[tuple[str, str]] = []
        for kind in KINDS:
            items = [(e, rel(url, e.url)) for e in (self.a.entities[k] for k in page.entities.get(kind, []))]
            if items:
                groups.append(
                    EntityGroup(
                        kind=kind, title=KIND_TITLES[kind], items=[Link(name=e.name, url=href) for e, href in items]
                    )
                )
            for e, href in items:
                links.extend((name, href) for name in {e.name, *e.aliases})
                if kind == "people" and len(e.name.split()) > 1:
                    links.append((e.name.split()[-1], href))
        n = self.position[url]
        newer = self.ordered[n - 1] if n > 0 else None
        older = self.ordered[n + 1] if n + 1 < len(self.ordered) else None
        ctx = ArticleContext(
            **self.base(url, art.title),
            article=art,
            source_file=page.source,
            date_human=human_date(art.date or art.date_partial),
            body_html=self.body_html(art.body, links),
            groups=groups,
            related=[self.teaser(url, p, shared=s) for p, s in self.related(page) if p.url not in page.versions],
            versions=[self.teaser(url, self.a.by_url[u]) for u in page.versions],
            newer=self.teaser(url, newer) if newer else None,
            older=self.teaser(url, older) if older else None,
            source_url=rel(url, f"sources/{source_slug(art.source)}.html"),
            json_ld=self.json_ld(page),
            canonical=self.cfg.base_url + url if self.cfg.base_url else None,
        )
        return RenderJob(url, "article.html", ctx)

    def body_html(self, body: str, links: list[tuple[str, str]]) -> str:
        """`render_body`, through the build cache's memo when there is one (most of an article
        page's cost is its body; the HTML depends only on the text and the links)."""
        if self.bodies is None:
            return render_body(body, links)
        key = digest(body, *sorted(f"{name}\0{url}" for name, url in links))
        return self.bodies.get(key) or self.bodies.put(key, render_body(body, links))

    def retracted(self, page: PlacedArticle) -> RenderJob:
        """The notice left at a retracted article's address (links to it keep working)."""
        art = page.article
        return RenderJob(
            page.url,
            "retracted.html",
            RetractedContext(
                **self.base(page.url, f"Retracted: {art.title}"),
                article=art,
                date_human=human_date(art.date or art.date_partial),
            ),
        )

    def teaser_summary(self, page: PlacedArticle) -> str:
        """The text under an article's headline in lists (made once per build)."""
        text = self._teaser_texts.get(page.url)
        if text is None:
            text = self._teaser_texts[page.url] = teaser_text(page.article.body)
        return text

    def teaser(self, from_url: str, page: PlacedArticle, shared: int | None = None) -> Teaser:
        art = page.article
        return Teaser(
            title=art.title,
            url=rel(from_url, page.url),
            date=art.date,
            date_human=human_date(art.date),
            source=art.source,
            shared=shared,
            summary=self.teaser_summary(page),
        )

    def related(self, page: PlacedArticle, limit: int = 5) -> list[tuple[PlacedArticle, int]]:
        """Articles sharing the most entities with this one (ties: newest first)."""
        scores: Counter[int] = Counter()
        for keys in page.entities.values():
            for key in keys:
                members = self._members[key]
                if len(members) <= self.fanout:
                    scores.update(members)  # Counter.update on a list runs in C
        scores.pop(self.position[page.url], None)
        # (-score, position) pairs built and compared in C: a key function per candidate cost
        # as much as the counting
        best = heapq.nsmallest(limit, zip(map(operator.neg, scores.values()), scores.keys(), strict=True))
        return [(self.ordered[n], -s) for s, n in best]

    def json_ld(self, page: PlacedArticle) -> dict[str, Any]:
        art = page.article
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": art.title,
            "wordCount": art.word_count,
            "inLanguage": art.language,
        }
        if art.date:
            data["datePublished"] = art.date
        if art.authors:
            data["author"] = [{"@type": "Person", "name": a} for a in art.authors]
        if art.source:
            data["publisher"] = {"@type": "Organization", "name": art.source}
        if art.dateline:
            data["dateline"] = art.dateline
        if art.copyright:
            data["copyrightNotice"] = art.copyright
        mentions = []
        for kind, keys in page.entities.items():
            typ = {"people": "Person", "organizations": "Organization", "places": "Place"}[kind]
            mentions += [{"@type": typ, "name": self.a.entities[k].name} for k in keys]
        if mentions:
            data["mentions"] = mentions
        if self.cfg.base_url:
            data["url"] = self.cfg.base_url + page.url
        return data

    # -- entities -------------------------------------------------------------------------------

    def entity(self, ent: Entity) -> Iterator[RenderJob]:
        per = max(1, self.cfg.per_page)
        chunks: list[Sequence[PlacedArticle]] = [ent.pages[i : i + per] for i in range(0, len(ent.pages), per)] or [()]
        co_list = self.co_mentions(ent)
        dates = sorted(p.article.date for p in ent.pages if p.article.date)
        sources = Counter(p.article.source or "unknown" for p in ent.pages)
        description = render_body(ent.note.description, []) if ent.note and ent.note.description else ""
        pages_urls = [ent.url] + [f"{ent.kind}/{ent.slug}-page-{n}.html" for n in range(2, len(chunks) + 1)]
        # every page of an entity sits in one folder: its lists and chart are made once
        shared: dict[str, Any] = {
            "name": ent.name,
            "kind": ent.kind,
            "slug": ent.slug,
            "aliases": list(ent.aliases),
            "sort_date": ent.pages[0].article.date or "0000" if ent.pages else "0000",
            "kind_singular": KIND_SINGULAR[ent.kind],
            "kind_title": KIND_TITLES[ent.kind],
            "total": len(ent.pages),
            "description_html": description,
            "roles": [r for r, _ in ent.roles[:8]],
            "co": [Link(name=e.name, url=rel(ent.url, e.url), count=c, kind=KIND_SINGULAR[e.kind]) for e, c in co_list],
            "first_seen": human_date(dates[0]) if dates else None,
            "last_seen": human_date(dates[-1]) if dates else None,
            "sources": [
                Link(name=s, count=c, url=rel(ent.url, f"sources/{source_slug(s)}.html"))
                for s, c in sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "chart": timeline(dates),
            "feed_url": rel(ent.url, f"{ent.kind}/{ent.slug}.xml"),
            "identifiers": list(ent.note.identifiers) if ent.note else [],
            "identifier_urls": identifier_urls(ent.note.identifiers) if ent.note else {},
            "graph": charts.ego_graph(ent, co_list, lambda e: rel(ent.url, e.url)),
            "pin": charts.pin(ent, rel(ent.url, WORLD_MAP)) if ent.kind == "places" else None,
        }
        for n, chunk in enumerate(chunks):
            url = pages_urls[n]
            ctx = EntityContext(
                **self.base(url, ent.name),
                **shared,
                articles=[self.teaser(url, p) for p in chunk],
                pager=pager(url, pages_urls),
            )
            yield RenderJob(url, "entity.html", ctx)
        yield self.feed(f"{ent.kind}/{ent.slug}.xml", f"{ent.name} — {self.cfg.title}", ent.pages[:ENTITY_FEED_ENTRIES])

    def co_mentions(self, ent: Entity, limit: int = 15) -> list[tuple[Entity, int]]:
        """The entities mentioned in most of this one's articles, with the number of them."""
        co: Counter[str] = Counter()
        for p in ent.pages:
            for keys in p.entities.values():
                co.update(keys)
        co.pop(ent.key, None)
        return [(self.a.entities[k], c) for k, c in self._top(co, limit)]

    def _top(self, counts: Counter[str], limit: int) -> list[tuple[str, int]]:
        """The `limit` entity keys counted most, ties by name. Only the keys reaching the
        limit-th count are sorted with a key function: big entities co-occur with thousands."""
        if len(counts) > limit:
            cut = sorted(counts.values(), reverse=True)[limit - 1]
            items = [(k, c) for k, c in counts.items() if c >= cut]
        else:
            items = list(counts.items())
        items.sort(key=lambda kv: (-kv[1], self.a.entities[kv[0]].name))
        return items[:limit]

    def directory(self, kind: str) -> Iterator[RenderJob]:
        """The A–Z of one kind, people by surname: one page, or when it is longer than
        DIRECTORY_PAGE a first page with the letters and the most mentioned, and pages of
        DIRECTORY_PAGE entries per letter (`people/az/b.html`, `people/az/b-page-2.html`;
        entity pages are `people/<slug>.html`, so no slug can take a letter's page)."""
        url = f"{kind}/index.html"
        ents = sorted((e for e in self.a.entities.values() if e.kind == kind), key=lambda e: (_sort_name(e), e.key))
        letters: dict[str, list[Entity]] = defaultdict(list)
        for ent in ents:
            first = slugify(_sort_name(ent)[:1]).upper()[:1] or "#"
            letters[first if first.isalpha() else "#"].append(ent)
        order = sorted(letters)
        title = KIND_TITLES[kind]

        def links(at: str, group: Sequence[Entity]) -> list[Link]:
            return [Link(name=e.name, url=rel(at, e.url), count=len(e.pages)) for e in group]

        def context(at: str, heading: str, **rest: Any) -> DirectoryContext:
            back = rel(at, url) if at != url else ""
            return DirectoryContext(**self.base(at, heading), kind=kind, index_url=back, **rest)

        if len(ents) <= DIRECTORY_PAGE:
            nav = [Link(name=k, url=f"#letter-{k}", count=len(letters[k])) for k in order]
            groups = [LetterGroup(letter=k, items=links(url, letters[k])) for k in order]
            yield RenderJob(url, "directory.html", context(url, title, groups=groups, letters=nav, top=[], pager=[]))
            return
        pages_of = {
            k: [f"{kind}/az/{name}.html"]
            + [f"{kind}/az/{name}-page-{n}.html" for n in range(2, -(-len(letters[k]) // DIRECTORY_PAGE) + 1)]
            for k in order
            for name in [k.lower() if k != "#" else "other"]
        }
        top = sorted(ents, key=lambda e: (-len(e.pages), _sort_name(e), e.key))[:DIRECTORY_TOP]
        nav = [Link(name=k, url=rel(url, pages_of[k][0]), count=len(letters[k])) for k in order]
        yield RenderJob(
            url, "directory.html", context(url, title, groups=[], letters=nav, top=links(url, top), pager=[])
        )
        for k in order:
            for n, at in enumerate(pages_of[k]):
                chunk = letters[k][n * DIRECTORY_PAGE : (n + 1) * DIRECTORY_PAGE]
                yield RenderJob(
                    at,
                    "directory.html",
                    context(
                        at,
                        f"{title}: {k}" + (f" (page {n + 1})" if n else ""),
                        groups=[LetterGroup(letter=k, items=links(at, chunk))],
                        letters=[Link(name=x.name, url=rel(at, pages_of[x.name][0]), count=x.count) for x in nav],
                        top=[],
                        pager=pager(at, pages_of[k]),
                    ),
                )

    # -- indexes --------------------------------------------------------------------------------

    def home(self) -> RenderJob:
        url = "index.html"
        top = {}
        for kind in KINDS:
            ents = sorted(
                (e for e in self.a.entities.values() if e.kind == kind), key=lambda e: (-len(e.pages), e.name)
            )[:12]
            top[kind] = [Link(name=e.name, url=rel(url, e.url), count=len(e.pages)) for e in ents]
        latest = [self.teaser(url, p) for p in self.ordered[: self.cfg.home_articles]]
        chart = charts.month_chart(
            (p.article.date for p in self.ordered if p.article.date),
            lambda key: rel(url, f"archive/{key[:4]}.html#m-{key[5:7]}"),
            human_date,
        )
        return RenderJob(
            url,
            "home.html",
            HomeContext(
                **self.base(url, self.cfg.title), latest=latest, top=top, kind_titles=KIND_TITLES, timeline=chart
            ),
        )

    def world_map(self) -> RenderJob:
        url = "map.html"
        places = sorted((e for e in self.a.entities.values() if e.kind == "places"), key=lambda e: e.key)
        found, unplaced = charts.markers(places, lambda e: rel(url, e.url))
        return RenderJob(
            url,
            "map.html",
            MapContext(
                **self.base(url, "Map of places"),
                outlines=charts.outlines(),
                markers=found,
                width=geo.WIDTH,
                height=geo.HEIGHT,
                unplaced=[Link(name=e.name, url=rel(url, e.url), count=len(e.pages)) for e in unplaced],
            ),
        )

    def network(self) -> RenderJob:
        url = "network.html"
        return RenderJob(
            url,
            "network.html",
            NetworkContext(
                **self.base(url, "Who appears with whom"),
                pairs=charts.strongest_pairs(
                    self.a,
                    self.pairs if self.pairs is not None else charts.comention_counts(self.a),
                    NETWORK_PAIRS,
                    lambda e: rel(url, e.url),
                ),
                kinds=[KIND_SINGULAR[k] for k in KINDS],
            ),
        )

    def data_page(self) -> RenderJob:
        url = DATA_PAGE
        return RenderJob(
            url,
            "data.html",
            DataContext(**self.base(url, "The archive as data"), formats=self.data_files, licence=self.cfg.license),
        )

    def archive_pages(self, keep: set[tuple[str, str]] | None = None) -> Iterator[RenderJob]:
        """The archive's years; a year of more than YEAR_PAGE articles shows each month's
        newest and gives each month pages of its own (`archive/2019-03.html`). With `keep`, only
        the pages of those (year, month id) pairs and their years' pages (see `indexes`)."""
        by_year: dict[str, list[PlacedArticle]] = defaultdict(list)
        for p in self.ordered:
            by_year[(p.article.date or "undated")[:4] if p.article.date else "undated"].append(p)
        years = sorted((y for y in by_year if y != "undated"), reverse=True) + (
            ["undated"] if "undated" in by_year else []
        )
        url = "archive/index.html"
        grouped = {y: self._months(y, by_year[y]) for y in years}
        split = {y for y in years if len(by_year[y]) > YEAR_PAGE}
        per = max(1, self.cfg.per_page)

        def month_pages(y: str, mid: str, count: int) -> list[str]:
            first = f"archive/{y}-{mid[2:]}"
            return [first + ".html"] + [f"{first}-page-{n}.html" for n in range(2, -(-count // per) + 1)]

        if keep is None:
            yield RenderJob(
                url,
                "archive.html",
                ArchiveContext(
                    **self.base(url, "Archive"),
                    years=[
                        YearLink(
                            year=y,
                            url=rel(url, f"archive/{y}.html"),
                            count=len(by_year[y]),
                            months=[
                                MonthLink(
                                    label=label,
                                    url=rel(
                                        url,
                                        month_pages(y, mid, len(pages))[0] if y in split else f"archive/{y}.html#{mid}",
                                    ),
                                    count=len(pages),
                                )
                                for mid, label, pages in grouped[y]
                            ],
                        )
                        for y in years
                    ],
                ),
            )
        else:
            kept_years = {y for y, _mid in keep}
            years = [y for y in years if y in kept_years]
        for y in years:
            yurl = f"archive/{y}.html"
            title = f"Articles from {y}" if y != "undated" else "Undated"
            if y not in split:
                months = [
                    Month(id=mid, label=label, items=[self.teaser(yurl, p) for p in pages], count=len(pages))
                    for mid, label, pages in grouped[y]
                ]
                yield RenderJob(yurl, "year.html", YearContext(**self.base(yurl, title), year=y, months=months))
                continue
            months = []
            for mid, label, pages in grouped[y]:
                urls = month_pages(y, mid, len(pages))
                months.append(
                    Month(
                        id=mid,
                        label=label,
                        items=[self.teaser(yurl, p) for p in pages[:MONTH_PREVIEW]],
                        url=rel(yurl, urls[0]),
                        count=len(pages),
                    )
                )
                heading = f"{label} {y}" if mid != "m-00" else f"{y}, {label.lower()}"
                if keep is not None and (y, mid) not in keep:
                    continue
                for n, murl in enumerate(urls):
                    yield RenderJob(
                        murl,
                        "month.html",
                        MonthContext(
                            **self.base(murl, heading + (f" (page {n + 1})" if n else "")),
                            year=y,
                            year_url=rel(murl, yurl),
                            label=label,
                            count=len(pages),
                            articles=[self.teaser(murl, p) for p in pages[n * per : (n + 1) * per]],
                            pager=pager(murl, urls),
                        ),
                    )
            yield RenderJob(yurl, "year.html", YearContext(**self.base(yurl, title), year=y, months=months))

    @staticmethod
    def _months(year: str, pages: list[PlacedArticle]) -> list[tuple[str, str, list[PlacedArticle]]]:
        """A year's articles by month, newest month first; id is the anchor on the year page."""
        months: dict[str, list[PlacedArticle]] = defaultdict(list)
        for p in pages:
            d = p.article.date or ""
            months[d[5:7] if len(d) >= 7 else "00"].append(p)
        unknown = "Undated" if year == "undated" else "Month unknown"
        return [
            (f"m-{k}", MONTHS[int(k) - 1] if k != "00" else unknown, months[k]) for k in sorted(months, reverse=True)
        ]

    def source_pages(self, keep: set[str] | None = None) -> Iterator[RenderJob]:
        """The list of sources and each source's list; with `keep`, only those sources' lists."""
        by_source: dict[str, list[PlacedArticle]] = defaultdict(list)
        for p in self.ordered:
            by_source[p.article.source or "unknown"].append(p)
        url = "sources/index.html"
        names = sorted(by_source, key=str.lower)
        if keep is not None:
            for s in names:
                if s in keep:
                    yield self._source_list(s, by_source[s])
            return
        yield RenderJob(
            url,
            "sources.html",
            SourcesContext(
                **self.base(url, "Sources"),
                sources=[
                    Link(name=s, url=rel(url, f"sources/{source_slug(s)}.html"), count=len(by_source[s])) for s in names
                ],
            ),
        )
        for s in names:
            yield self._source_list(s, by_source[s])

    def _source_list(self, source: str, pages: list[PlacedArticle]) -> RenderJob:
        surl = f"sources/{source_slug(source)}.html"
        return RenderJob(
            surl,
            "list.html",
            ListContext(
                **self.base(surl, source),
                heading=f"Articles from {source}",
                articles=[self.teaser(surl, p) for p in pages],
            ),
        )

    def feed(self, url: str, title: str, pages: Sequence[PlacedArticle]) -> RenderJob:
        base = self.cfg.base_url or ""
        entries = [
            FeedEntry(
                title=p.article.title,
                link=base + p.url,
                id=base + p.url if base else "urn:sb:" + p.url,
                updated=_atom_date(p.article.date),
                summary=summary(p.article.body),
                authors=list(p.article.authors) or ([p.article.source] if p.article.source else []),
            )
            for p in pages
        ]
        updated = max((str(e.updated) for e in entries), default="1970-01-01T00:00:00Z")
        return RenderJob(
            url,
            "feed.xml",
            FeedContext(
                site=self.cfg,
                title=title,
                entries=entries,
                updated=updated,
                self_url=base + url,
                feed_id=base + url if base else "urn:sb:" + url,
            ),
        )

    def indexes(self, showing: Collection[str] | None = None) -> Iterator[RenderJob]:
        """The pages that list others: directories, home, archive, sources, search, 404, feed.
        With `showing`, the URLs of articles of which only what lists show changed (no entity's
        articles, no order, no count: `incremental.unchanged`), only the pages that list one of
        them, and the data page (it lists the data files' sizes)."""
        if showing is not None:
            yield from self._indexes_showing([self.a.by_url[u] for u in showing])
            return
        for kind in KINDS:
            yield from self.directory(kind)
        yield self.home()
        yield from self.archive_pages()
        yield from self.source_pages()
        yield self.world_map()
        yield self.network()
        yield self.data_page()
        yield RenderJob("search.html", "search.html", PageContext(**self.base("search.html", "Search")))
        yield RenderJob("404.html", "404.html", PageContext(**self.base("404.html", "Page not found")))
        yield self.feed("feed.xml", self.cfg.title, self.ordered[:SITE_FEED_ENTRIES])

    def _indexes_showing(self, shown: list[PlacedArticle]) -> Iterator[RenderJob]:
        """`indexes(showing)`: the home page and the feed when one of them is among their
        newest, its year's and month's pages, its source's list, and the data page."""
        urls = {p.url for p in shown}
        if any(p.url in urls for p in self.ordered[: self.cfg.home_articles]):
            yield self.home()
        yield from self.archive_pages(keep={_year_month(p) for p in shown})
        yield from self.source_pages(keep={p.article.source or "unknown" for p in shown})
        yield self.data_page()
        if any(p.url in urls for p in self.ordered[:SITE_FEED_ENTRIES]):
            yield self.feed("feed.xml", self.cfg.title, self.ordered[:SITE_FEED_ENTRIES])


def _year_month(page: PlacedArticle) -> tuple[str, str]:
    """The archive page an article is listed on: its year and the month's id (`m-03`)."""
    d = page.article.date or ""
    return (d[:4] if d else "undated", f"m-{d[5:7] if len(d) >= 7 else '00'}")


_MARKUP = re.compile(r"[*_`#>\[\]]+|\]\([^)]*\)")


_IDENTIFIERS = {
    "wikidata": (re.compile(r"Q\d{1,12}"), "https://www.wikidata.org/wiki/{}"),
    "viaf": (re.compile(r"\d{1,22}"), "https://viaf.org/viaf/{}"),
    "isni": (re.compile(r"\d{15}[\dX]"), "https://isni.org/isni/{}"),
    "orcid": (re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]"), "https://orcid.org/{}"),
    "geonames": (re.compile(r"\d{1,12}"), "https://www.geonames.org/{}"),
}
"""Schemes whose values name a page at a known address, with the shape a value must have (a
note's value is typed by an editor: anything else stays plain text, never a link)."""


def identifier_urls(identifiers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Links for an entity's identifiers: known schemes with well-formed values, and `url` or
    `wikipedia` values that are http(s) addresses."""
    out = {}
    for scheme, value in identifiers:
        value = value.strip()
        if scheme in _IDENTIFIERS:
            shape, template = _IDENTIFIERS[scheme]
            if shape.fullmatch(value.replace(" ", "")):
                out[scheme] = template.format(value.replace(" ", ""))
        elif scheme in ("url", "wikipedia") and value.startswith(("https://", "http://")) and " " not in value:
            out[scheme] = value
    return out


def pager(url: str, urls: list[str]) -> list[PagerLink]:
    """The page links of a list split over `urls`, seen from `url`; none for one page."""
    if len(urls) < 2:
        return []
    return [PagerLink(n=i + 1, url=rel(url, u), current=u == url) for i, u in enumerate(urls)]


def _sort_name(ent: Entity) -> str:
    """A–Z order: people by surname (`obama barack`), everything else by name."""
    name = ent.name.lower()
    if ent.kind == "people" and " " in name:
        *given, last = name.split()
        return f"{last} {' '.join(given)}"
    return name


DATA_PAGE = "data.html"
"""The page that lists the data files (with their sizes)."""


def teaser_text(body: str, limit: int = TEASER_CHARS) -> str:
    """The first sentences of an article, as plain text, cut at a sentence (or a word) near
    `limit` characters: what a news site shows under a headline in a list."""
    para = next((p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "!", "|"))), "")
    text = " ".join(_MARKUP.sub("", para).split())
    if len(text) <= limit:
        return text
    cut = 0
    for end in sentence_ends(text):
        if end > limit:
            break
        cut = end
    if cut >= limit // 3:
        return text[:cut].rstrip()
    return text[:limit].rsplit(" ", 1)[0] + "…"


def summary(body: str) -> str:
    """A feed entry's summary: the start of the first paragraph, cut at a word boundary."""
    para = body.split("\n\n", 1)[0]
    if len(para) <= SUMMARY_CHARS:
        return para
    return para[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _atom_date(date: str | None) -> str:
    if not date:
        return "1970-01-01T00:00:00Z"
    parts = [*date.split("-"), "01", "01"][:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def timeline(dates: list[str]) -> Chart | None:
    """Bars for the mentions-over-time chart: by year when the dates span years, else by month."""
    if not dates:
        return None
    years = sorted({d[:4] for d in dates})
    if len(years) > 1:
        keys = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
        counts = Counter(d[:4] for d in dates)
    else:
        months = sorted({d[:7] for d in dates if len(d) >= 7}) or [years[0]]
        first, last = months[0], months[-1]
        keys = charts.month_range(first, last) if len(first) == 7 else [first]
        counts = Counter(d[:7] if len(d) >= 7 else d[:4] for d in dates)
    peak = max(counts[k] for k in keys) or 1
    width = max(12, min(40, 600 // max(1, len(keys))))
    every = max(1, math.ceil(len(keys) * 34 / (width * len(keys))))  # a label needs about 34 units
    bars = [
        Bar(
            x=i * width,
            h=round(80 * counts[k] / peak),
            label=human_date(k),
            count=counts[k],
            short=(k if len(k) == 4 else MONTHS[int(k[5:7]) - 1][:3]) if i % every == 0 else "",
        )
        for i, k in enumerate(keys)
    ]
    return Chart(bars=bars, width=max(width * len(keys), 40), bar=width - 2, peak=peak)
