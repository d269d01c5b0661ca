"""The gather phase: load every article and entity note into one Archive with its indexes.

Entity mentions are resolved across the archive here: names that fold to the same accent- and
case-free form are one entity (`Nicolás Maduro` == `Nicolas Maduro`), a surname alone and
one-letter spellings join the full name when the archive leaves no doubt (`entities.variants`),
curated notes rename, merge and drop, and every entity gets a stable, accent-free slug.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slugify import slugify

from site_builder.content_files import article_files, display_path, links_outside, read_content_file
from site_builder.entities import variants
from site_builder.entities.curation import Curation, Note
from site_builder.entities.short_forms import canonical_names, short_forms
from site_builder.errors import ContentError
from site_builder.frontmatter_io import ArticleError, loads
from site_builder.model import KINDS, Article
from site_builder.parallel import iter_batches
from site_builder.progress import QUIET, Steps
from site_builder.site.cache import Memo, digest
from site_builder.site.urls import safe_path, safe_segment
from site_builder.text import fold
from site_builder.versions import Sketch, fingerprint, version_groups_of


@dataclass(frozen=True, slots=True)
class PlacedArticle:
    """An article placed in the site: its source file, output URL and resolved entities."""

    article: Article
    source: str
    url: str
    slug: str
    entities: Mapping[str, tuple[str, ...]]
    """kind -> entity keys (`people/nicolas-maduro`), by name."""
    versions: tuple[str, ...] = ()
    """URLs of the other articles telling the same story (near-duplicates), oldest first."""

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.article.date or "0000", self.url)

    @property
    def entity_keys(self) -> list[str]:
        """Every entity key of the article, kind after kind (each kind's by name)."""
        return [k for keys in self.entities.values() for k in keys]


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organization or place with every article that mentions it."""

    key: str
    kind: str
    name: str
    slug: str
    aliases: tuple[str, ...]
    roles: tuple[tuple[str, int], ...]
    """(role, articles stating it), most stated first."""
    pages: tuple[PlacedArticle, ...]
    """The articles that mention it, newest first."""
    note: Note | None = None

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.slug}.html"


@dataclass(frozen=True, slots=True)
class Archive:
    """Everything the render phase needs, gathered before anything is written. Frozen, like
    everything in it: rendering reads the archive from many processes and must not change it."""

    pages: tuple[PlacedArticle, ...]
    entities: Mapping[str, Entity]
    retracted: tuple[PlacedArticle, ...] = ()
    """Retracted articles: only a notice at their URL, nothing else mentions or lists them."""
    by_url: Mapping[str, PlacedArticle] = field(default_factory=dict)
    proposals: tuple[variants.Proposal, ...] = ()
    """Suspected duplicates and kind conflicts not merged by themselves (`entities --audit`)."""

    def by_date(self) -> list[PlacedArticle]:
        """Newest first; undated articles last."""
        return sorted(self.pages, key=lambda p: p.sort_key, reverse=True)


def load_article(root: Path, path: Path) -> Article | ContentError:
    """One article file, or the error that names it (line included). Never raises: any failure
    of one file is that file's error."""
    display = display_path(root, path)
    try:
        return loads(read_content_file(root, path, display))
    except ContentError as exc:
        return exc
    except ArticleError as exc:
        return ContentError(
            exc.message,
            path=display,
            line=exc.line,
            hint="fix the front matter between the --- lines (fields: see the README)",
        )
    except OSError as exc:
        return ContentError(f"cannot read: {exc.strerror}", path=display, hint="check the file and its permissions")
    except (RecursionError, MemoryError, ValueError, TypeError) as exc:
        return ContentError(
            f"cannot read this file ({type(exc).__name__}: {str(exc)[:200]})",
            path=display,
            hint="fix the front matter between the --- lines",
        )


def load_articles(
    root: Path,
    jobs: int = 0,
    steps: Steps = QUIET,
    memo: Memo[tuple[Article, Sketch]] | None = None,
    digests: Mapping[str, bytes] | None = None,
) -> tuple[list[tuple[str, Article, Sketch]], list[ContentError]]:
    """Every article with its near-duplicate sketch, read on every core; errors are collected.
    With a `memo` and the `digests` of the files' bytes (`cache.read_inputs`, by path from the
    root), a file parsed by an earlier build is not read again (a symbolic link out of the
    archive is still refused: that depends on the link, not on the bytes)."""
    files = article_files(root)
    keys = [(digests or {}).get(f"content/articles/{rel}") for rel, _path in files]
    # a file an earlier build parsed is taken from the memo here, in this process: sending
    # 10,000 of them through worker processes and back cost more than unpickling them
    cached: dict[int, tuple[Article, Sketch]] = {}
    if memo is not None:
        for n, key in enumerate(keys):
            if key is not None and not _links_out(root, files[n][1]):
                found = memo.get(key)  # one lookup: asking first whether it is there cost a second
                if found is not None:
                    cached[n] = found
    todo = [n for n in range(len(files)) if n not in cached]

    def load(batch: list[int]) -> list[tuple[int, Article | ContentError, Sketch | None, Any]]:
        out: list[tuple[int, Article | ContentError, Sketch | None, Any]] = []
        for k in batch:
            n = todo[k]
            path = files[n][1]
            key = keys[n]
            art = load_article(root, path)
            sketch = fingerprint(art.body) if isinstance(art, Article) else None
            if memo is not None and key is not None and isinstance(art, Article) and sketch is not None:
                memo.put(key, (art, sketch))
            out.append((n, art, sketch, memo.drain() if memo is not None else None))
        return out

    parsed: dict[int, tuple[Article | ContentError, Sketch | None]] = {}
    with steps.bar("reading", len(files), "articles") as tick:
        tick(len(cached))
        for n, art, sketch, drained in iter_batches(load, len(todo), jobs):
            tick(1)
            if memo is not None and drained is not None:
                memo.absorb(*drained)
            parsed[n] = (art, sketch)
    loaded: list[tuple[str, Article, Sketch]] = []
    errors: list[ContentError] = []
    for n, (rel, _path) in enumerate(files):
        art, sketch = cached[n] if n in cached else parsed[n]
        if isinstance(art, ContentError):
            errors.append(art)
        elif sketch is not None:
            loaded.append((rel, art, sketch))
    return loaded, errors


def _links_out(root: Path, path: Path) -> bool:
    """The refusal `read_content_file` makes before reading, for a file not read again."""
    return os.path.islink(path) and links_outside(root, path)


def gather(
    root: Path,
    jobs: int = 0,
    steps: Steps = QUIET,
    memo: Memo[tuple[Article, Sketch]] | None = None,
    digests: Mapping[str, bytes] | None = None,
    resolved: Memo[Any] | None = None,
) -> Archive:
    """Load content/ into an Archive; raises ContentError listing every broken file. `memo` and
    `digests`: see `load_articles`. `resolved` holds earlier builds' grouping of the mentions
    into entities, by what it is made from (see `_resolve_memo`)."""
    loaded, errors = load_articles(root, jobs, steps, memo, digests)
    if errors:
        raise ContentError(
            f"{len(errors)} article file(s) cannot be read:\n  " + "\n  ".join(e.format() for e in errors),
            hint="fix them and build again; the previous site is left in place",
        )
    curation = Curation.load(root / "content" / "entities")
    loaded = [item for item in loaded if item[1].status != "draft"]  # drafts are not on the site at all
    retracted = [item for item in loaded if item[1].status == "retracted"]
    loaded = [item for item in loaded if item[1].status == "published"]
    places: list[tuple[str, str, str]] = []  # (source, url, slug) of each article, notices first
    seen_urls: dict[str, str] = {}
    for rel, _article, _sketch in retracted + loaded:
        url = "articles/" + safe_path(rel[: -len(".md")]) + ".html"
        if url in seen_urls:
            raise ContentError(
                f"two articles would be written to {url}: content/articles/{seen_urls[url]} and content/articles/{rel}",
                hint="rename one of them",
            )
        seen_urls[url] = rel
        places.append((f"content/articles/{rel}", url, rel.rsplit("/", 1)[-1][: -len(".md")]))
    notices = tuple(
        PlacedArticle(article=art, source=src, url=url, slug=slug, entities={})
        for (_rel, art, _sk), (src, url, slug) in zip(retracted, places[: len(retracted)], strict=True)
    )
    places = places[len(retracted) :]
    articles = [art for _rel, art, _sk in loaded]
    if resolved is not None and digests is not None:
        keys_of, specs, proposals = _resolve_memo(articles, curation, digests, resolved)
    else:
        keys_of, specs, proposals = _resolve(articles, curation)
    versions: dict[int, tuple[str, ...]] = {}
    order = [(art.date or "0000", url) for art, (_src, url, _slug) in zip(articles, places, strict=True)]
    for group in version_groups_of([sketch for _rel, _art, sketch in loaded]):
        members = sorted(group, key=order.__getitem__)
        for n in members:
            versions[n] = tuple(places[m][1] for m in members if m != n)
    pages = tuple(
        PlacedArticle(article=art, source=src, url=url, slug=slug, entities=keys_of[n], versions=versions.get(n, ()))
        for n, (art, (src, url, slug)) in enumerate(zip(articles, places, strict=True))
    )
    entities = {}
    for spec in specs:
        mentioned = sorted((pages[n] for n in spec.pages), key=lambda p: p.sort_key, reverse=True)
        entities[spec.key] = Entity(
            key=spec.key,
            kind=spec.kind,
            name=spec.name,
            slug=spec.slug,
            aliases=spec.aliases,
            roles=tuple(sorted(spec.roles.items(), key=lambda kv: (-kv[1], kv[0]))),
            pages=tuple(mentioned),
            note=spec.note,
        )
    return Archive(
        pages=pages,
        entities=entities,
        retracted=notices,
        by_url={p.url: p for p in pages},
        proposals=proposals,
    )


@dataclass
class _Spec:
    """An entity while mentions are being gathered (the frozen Entity is made from it)."""

    key: str
    kind: str
    name: str
    slug: str
    aliases: tuple[str, ...]
    note: Note | None
    pages: list[int] = field(default_factory=list)
    roles: Counter[str] = field(default_factory=Counter)


Resolved = tuple[list[dict[str, tuple[str, ...]]], list["_Spec"], tuple[variants.Proposal, ...]]


def _resolve_memo(
    articles: list[Article], curation: Curation, digests: Mapping[str, bytes], memo: Memo[Any]
) -> Resolved:
    """`_resolve` through the memo: its result depends only on the names each article lists
    (in order) and on the editors' notes, which an edit to an article's text leaves as they
    were (grouping 10,000 articles' mentions cost 0.45 s of every build)."""
    notes = sorted((path, d) for path, d in digests.items() if path.startswith("content/entities/"))
    key = digest(
        "resolve",
        *(f"{path}\0{d.hex()}" for path, d in notes),
        "articles",
        *(repr((a.entities.people, a.entities.organizations, a.entities.places, a.entities.roles)) for a in articles),
    )
    found = memo.get(key)
    if found is None:
        found = memo.put(key, _resolve(articles, curation))
    return found  # type: ignore[no-any-return]


def _resolve(articles: list[Article], curation: Curation) -> Resolved:
    """Group mentions across the archive into entities with stable slugs; returns each
    article's entity keys by kind (sorted by name) and the entities."""
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    mentions: list[tuple[int, tuple[str, str]]] = []
    full_names = canonical_names()
    known: dict[tuple[str, str], tuple[tuple[str, str], str] | None] = {}
    """(kind, name as written) -> (identity, canonical spelling): names recur across articles."""
    for n, article in enumerate(articles):
        ents = article.entities
        for kind in KINDS:
            for name in getattr(ents, kind):
                if (kind, name) in known:
                    found = known[(kind, name)]
                else:
                    full = name
                    if (kind, fold(name)) not in curation.index:  # an editor's note decides first
                        full = full_names.get((kind, name), name)
                    resolved = curation.resolve(kind, full)
                    found = known[(kind, name)] = (
                        ((resolved[0], fold(resolved[1])), resolved[1]) if resolved is not None else None
                    )
                if found is not None:
                    spellings[found[0]][found[1]] += 1
                    mentions.append((n, found[0]))
    in_articles = Counter(ident for _n, ident in set(mentions))
    merges, proposals = variants.plan(in_articles, lambda ident: ident in curation.index)
    merged: dict[tuple[str, str], set[str]] = defaultdict(set)
    if merges:
        mentions = [(n, variants.resolve(merges, ident)) for n, ident in mentions]
        for src in sorted(merges):
            merged[variants.resolve(merges, src)].update(spellings.pop(src))
    specs: dict[tuple[str, str], _Spec] = {}
    short = short_forms()
    used_slugs: dict[str, tuple[str, str]] = {}
    for ident in sorted(spellings):
        kind, folded = ident
        note = curation.index.get((kind, folded))
        counts = spellings[ident]
        name = note.name if note and not note.merge_into else _best_spelling(counts)
        base = safe_segment(slugify(name, max_length=80) or "entity")
        slug, i = base, 2
        while f"{kind}/{slug}" in used_slugs:
            slug, i = f"{base}-{i}", i + 1
        key = f"{kind}/{slug}"
        used_slugs[key] = ident
        curated = short.get((kind, name), ())
        aliases = tuple(
            sorted(({*counts} | merged.get(ident, set()) | set(curated)) - {name} | set(note.aliases if note else ()))
        )
        specs[ident] = _Spec(key=key, kind=kind, name=name, slug=slug, aliases=aliases, note=note)
    keys_of: list[dict[str, list[str]]] = [{} for _ in articles]
    for n, ident in mentions:
        spec = specs[ident]
        keys = keys_of[n].setdefault(spec.kind, [])
        if spec.key not in keys:
            keys.append(spec.key)
            spec.pages.append(n)
    names = {s.key: s.name.lower() for s in specs.values()}
    for article in articles:
        for person, role in article.entities.roles:
            resolved = curation.resolve("people", person)
            if resolved:
                ident = variants.resolve(merges, (resolved[0], fold(resolved[1])))
                if ident in specs and specs[ident].kind == "people":  # not a person merged into a place
                    specs[ident].roles[role] += 1
    frozen = [{kind: tuple(sorted(keys, key=names.__getitem__)) for kind, keys in d.items()} for d in keys_of]
    return frozen, list(specs.values()), tuple(proposals)


def _best_spelling(counts: Counter[str]) -> str:
    """Most frequent spelling; on a tie, the one with accents (the fuller form), then alphabetical."""
    return sorted(counts, key=lambda s: (-counts[s], -sum(1 for c in s if ord(c) > 127), s))[0]
