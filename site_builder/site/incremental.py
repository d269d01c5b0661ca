"""Which article and entity pages an edit can have changed, found from the gathered archive
without making a single page context (making them is most of a build: 0.5 ms an article).

A snapshot of the archive is kept with each built site: a digest of each article as placed
(its file's bytes, URL, entities and versions), of each entity (who it is, and which articles
mention it), and of what every page shares (the order of the articles, the counts, the
settings). Against the last snapshot:

- when what every page shares changed (an article added, removed or moved in the order, the
  settings), or any entity's identity (name, slug, aliases, note), every page is rendered
  (one whose bytes are unchanged is still linked from the previous site: see `make.render_all`).
  Adding an article changes the counts in every page's header: every page differs anyway;
- otherwise only these pages can differ, and only they are considered:
  - an edited article's page;
  - when what other pages show of it changed (its *face*: title, date, source, authors, teaser
    and feed summary): its neighbours' (newer/older), its versions', its entities' pages, the
    articles whose "related" list holds it, and the index pages;
  - when any entity's articles changed: the pages of those entities and of the edited
    articles' entities (their co-mention lists), the index pages, and the articles sharing an
    entity with an edited article (their related lists and shared counts). That is counted only
    through entities small enough to count for related articles (`PageContexts.fanout`);
    through any entity whose articles changed when it was or is that small.

So an edit inside an article's text, below its teaser, renders that article's page alone.
Index pages (home, years, A–Z, sources, feeds, map, network) are all considered when an
entity's articles changed; when only faces did, only those that list such an article (its
year's and month's pages, its source's list, the home page and the feed when it is among their
newest); the data page always.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from site_builder.config import SiteConfig
from site_builder.site.archive import Archive, Entity, PlacedArticle
from site_builder.site.cache import digest
from site_builder.site.pages import PageContexts, summary


@dataclass
class Snapshot:
    """What the article and entity pages of a site were made from, by digest."""

    shared: str = ""
    articles: dict[str, str] = field(default_factory=dict)
    """article url -> digest of the article as placed."""
    entities: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    """entity key -> (digest of its identity, digest of its identity and articles, articles)."""
    pages: dict[str, list[str]] = field(default_factory=dict)
    """entity key -> the URLs of its pages (paged lists, feed)."""
    faces: dict[str, str] = field(default_factory=dict)
    """article url -> digest of what other pages show of it (`face`)."""
    indexes: list[str] = field(default_factory=list)
    """The URLs of the index pages (home, lists, directories, feeds, map, network)."""

    def to_json(self) -> dict[str, object]:
        return {
            "shared": self.shared,
            "articles": dict(sorted(self.articles.items())),
            "faces": dict(sorted(self.faces.items())),
            "indexes": sorted(self.indexes),
            "entities": {k: list(v) for k, v in sorted(self.entities.items())},
            "pages": dict(sorted(self.pages.items())),
        }

    @classmethod
    def from_json(cls, data: object) -> Snapshot | None:
        """The snapshot read back; None for anything malformed (every page is then considered)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                str(data["shared"]),
                {str(k): str(v) for k, v in data["articles"].items()},
                {str(k): (str(v[0]), str(v[1]), int(v[2])) for k, v in data["entities"].items()},
                {str(k): [str(u) for u in v] for k, v in data["pages"].items()},
                {str(k): str(v) for k, v in data["faces"].items()},
                [str(u) for u in data["indexes"]],
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None


def _identity(ent: Entity) -> str:
    """Who an entity is, as other pages show it: kind, name, slug, aliases and note."""
    return digest(ent.kind, ent.name, ent.slug, *ent.aliases, pickle.dumps(ent.note, protocol=5)).hex()


def face(pages: PageContexts, page: PlacedArticle) -> str:
    """What the pages that list an article show of it (teasers, feed entries)."""
    art = page.article
    return digest(
        art.title, art.date or "", art.source or "", pages.teaser_summary(page), summary(art.body), *art.authors
    ).hex()


def snapshot(
    pages: PageContexts, config: SiteConfig, files: Mapping[str, bytes], before: Snapshot | None = None
) -> Snapshot:
    """The snapshot of a gathered archive; `files` are the digests of the input files
    (`cache.InputState.files`), so an article is known by its bytes without pickling it. An
    article unchanged since `before` keeps the face it had (no teaser is made for it)."""
    archive: Archive = pages.a
    arts = {}
    faces = {}
    old_arts = before.articles if before is not None else {}
    old_faces = before.faces if before is not None else {}
    for p in archive.pages:
        mentions = [f"{kind}={','.join(keys)}" for kind, keys in sorted(p.entities.items())]
        source = files.get(p.source)
        arts[p.url] = digest(
            source if source is not None else pickle.dumps(p.article, protocol=5),
            p.source,
            p.url,
            p.slug,
            *mentions,
            "versions",
            *p.versions,
        ).hex()
        known = old_faces.get(p.url) if old_arts.get(p.url) == arts[p.url] else None
        faces[p.url] = known or face(pages, p)
    ents: dict[str, tuple[str, str, int]] = {}
    for e in pages.entity_list:
        ident = _identity(e)
        roles = [f"{r}={n}" for r, n in e.roles]
        ents[e.key] = (ident, digest(ident, *roles, "pages", *(p.url for p in e.pages)).hex(), len(e.pages))
    shared = digest(
        pickle.dumps(config, protocol=5),
        pickle.dumps(pages.counts(), protocol=5),
        str(pages.fanout),
        "order",
        *(p.url for p in pages.ordered),
        "retracted",
        *(p.url for p in archive.retracted),
    ).hex()
    return Snapshot(shared, arts, ents, faces=faces)


def unchanged(old: Snapshot | None, new: Snapshot, pages: PageContexts) -> tuple[set[str], set[str], set[str] | None]:
    """(article URLs, entity keys) whose pages cannot differ from the previous build's, and
    the articles whose face alone changed, the only ones index pages can differ by (None: every
    index page is considered; see `PageContexts.indexes`). The rules are in the module's
    docstring. Both sets empty (and None) when everything must be considered."""
    nothing: tuple[set[str], set[str], set[str] | None] = (set(), set(), None)
    if old is None or old.shared != new.shared or old.articles.keys() != new.articles.keys():
        return nothing
    if old.entities.keys() != new.entities.keys() or not old.pages.keys() >= new.entities.keys():
        return nothing
    if any(old.entities[k][0] != v[0] for k, v in new.entities.items()):
        return nothing
    archive = pages.a
    small = pages.fanout
    edited = [u for u, d in new.articles.items() if old.articles[u] != d]
    moved = {k for k, v in new.entities.items() if old.entities[k][1] != v[1]}
    faced = {u for u in edited if old.faces.get(u) != new.faces.get(u)}
    dirty_entities = set(moved)
    dirty_articles = set(edited)
    spread = {k for k in moved if min(old.entities[k][2], new.entities[k][2]) <= small}
    for url in edited:
        page = archive.by_url[url]
        keys = page.entity_keys
        if url in faced:
            n = pages.position[url]
            dirty_articles.update(p.url for p in pages.ordered[max(0, n - 1) : n + 2])
            dirty_articles.update(page.versions)
        if url in faced or moved:
            dirty_entities.update(keys)
        if moved:
            spread.update(k for k in keys if len(archive.entities[k].pages) <= small)
    for key in spread:
        dirty_articles.update(p.url for p in archive.entities[key].pages)
    if faced and not moved:
        # the related lists that show an edited article's face: only theirs can differ (the
        # shared counts are unchanged), found by the articles sharing a small entity with it
        near = {p.url for u in faced for k in archive.by_url[u].entity_keys for p in _small_pages(archive, k, small)}
        dirty_articles.update(u for u in near if any(p.url in faced for p, _n in pages.related(archive.by_url[u])))
    showing = None if moved else faced
    return set(new.articles) - dirty_articles, set(new.entities) - dirty_entities, showing


def _small_pages(archive: Archive, key: str, small: int) -> Sequence[PlacedArticle]:
    """An entity's articles when it is small enough to make articles related (else none)."""
    pages = archive.entities[key].pages
    return pages if len(pages) <= small else []
