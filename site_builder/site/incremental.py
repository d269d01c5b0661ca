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
  - an edited article's page, its neighbours' (newer/older), its versions';
  - the pages of its entities, and of entities whose articles changed;
  - the articles sharing an entity with it, as its teaser or shared count may be in their
    "related" list. That is counted only through entities small enough to count for related
    articles (`PageContexts.fanout`); through any entity whose articles changed when it was
    or is that small.

Index pages (home, years, A–Z, sources, feeds, map, network) are always considered.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field

from site_builder.config import SiteConfig
from site_builder.site.archive import Archive, Entity
from site_builder.site.cache import digest
from site_builder.site.pages import PageContexts


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

    def to_json(self) -> dict[str, object]:
        return {
            "shared": self.shared,
            "articles": dict(sorted(self.articles.items())),
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
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None


def _identity(ent: Entity) -> str:
    """Who an entity is, as other pages show it: kind, name, slug, aliases and note."""
    return digest(ent.kind, ent.name, ent.slug, *ent.aliases, pickle.dumps(ent.note, protocol=5)).hex()


def snapshot(pages: PageContexts, config: SiteConfig, files: Mapping[str, bytes]) -> Snapshot:
    """The snapshot of a gathered archive; `files` are the digests of the input files
    (`cache.InputState.files`), so an article is known by its bytes without pickling it."""
    archive: Archive = pages.a
    arts = {}
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
    return Snapshot(shared, arts, ents)


def unchanged(old: Snapshot | None, new: Snapshot, pages: PageContexts) -> tuple[set[str], set[str]]:
    """(article URLs, entity keys) whose pages cannot differ from the previous build's: the
    rules are in the module's docstring. Both empty when everything must be considered."""
    nothing: tuple[set[str], set[str]] = (set(), set())
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
    dirty_entities = set(moved)
    dirty_articles = set(edited)
    spread = {k for k in moved if min(old.entities[k][2], new.entities[k][2]) <= small}
    for url in edited:
        page = archive.by_url[url]
        n = pages.position[url]
        dirty_articles.update(p.url for p in pages.ordered[max(0, n - 1) : n + 2])
        dirty_articles.update(page.versions)
        for keys in page.entities.values():
            dirty_entities.update(keys)
            spread.update(k for k in keys if len(archive.entities[k].pages) <= small)
    for key in spread:
        dirty_articles.update(p.url for p in archive.entities[key].pages)
    return set(new.articles) - dirty_articles, set(new.entities) - dirty_entities
