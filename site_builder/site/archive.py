"""The gather phase: load every article and entity note into one Archive with its indexes.

Entity mentions are resolved across the archive here: names that fold to the same accent- and
case-free form are one entity (`Nicolás Maduro` == `Nicolas Maduro`), curated notes rename,
merge and drop, and every entity gets a stable, accent-free slug.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from site_builder.content_files import article_files, read_content_file
from site_builder.entities.curation import Curation, Note
from site_builder.errors import ContentError
from site_builder.frontmatter_io import ArticleError, loads
from site_builder.model import KINDS, Article
from site_builder.parallel import map_batches
from site_builder.site.urls import safe_path, safe_segment
from site_builder.text import fold
from site_builder.versions import Sketch, fingerprint, version_groups_of


@dataclass
class PlacedArticle:
    """An article placed in the site: its source file, output URL and resolved entities."""

    article: Article
    source: str
    url: str
    slug: str
    entities: dict[str, list[str]] = field(default_factory=dict)
    """kind -> entity keys (`people/nicolas-maduro`)."""
    versions: list[PlacedArticle] = field(default_factory=list)
    """Other articles telling the same story (near-duplicates), oldest first."""

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.article.date or "0000", self.url)


@dataclass
class Entity:
    """A person, organization or place with every article that mentions it."""

    key: str
    kind: str
    name: str
    slug: str
    aliases: list[str] = field(default_factory=list)
    roles: Counter[str] = field(default_factory=Counter)
    pages: list[PlacedArticle] = field(default_factory=list)
    note: Note | None = None

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.slug}.html"


@dataclass
class Archive:
    """Everything the render phase needs, gathered before anything is written."""

    pages: list[PlacedArticle]
    entities: dict[str, Entity]
    retracted: list[PlacedArticle] = field(default_factory=list)
    """Retracted articles: only a notice at their URL, nothing else mentions or lists them."""

    def by_date(self) -> list[PlacedArticle]:
        """Newest first; undated articles last."""
        return sorted(self.pages, key=lambda p: p.sort_key, reverse=True)


def load_article(root: Path, path: Path) -> Article | ContentError:
    """One article file, or the error that names it (line included). Never raises: any failure
    of one file is that file's error."""
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
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


def load_articles(root: Path, jobs: int = 0) -> tuple[list[tuple[str, Article, Sketch]], list[ContentError]]:
    """Every article with its near-duplicate sketch, read on every core; errors are collected."""
    files = article_files(root)

    def load(batch: list[int]) -> list[tuple[str, Article | ContentError, Sketch | None]]:
        out: list[tuple[str, Article | ContentError, Sketch | None]] = []
        for n in batch:
            rel, path = files[n]
            art = load_article(root, path)
            out.append((rel, art, fingerprint(art.body) if isinstance(art, Article) else None))
        return out

    loaded: list[tuple[str, Article, Sketch]] = []
    errors: list[ContentError] = []
    for rel, art, sketch in map_batches(load, len(files), jobs):
        if isinstance(art, ContentError):
            errors.append(art)
        elif sketch is not None:
            loaded.append((rel, art, sketch))
    return loaded, errors


def gather(root: Path, jobs: int = 0) -> Archive:
    """Load content/ into an Archive; raises ContentError listing every broken file."""
    loaded, errors = load_articles(root, jobs)
    if errors:
        raise ContentError(
            f"{len(errors)} article file(s) cannot be read:\n  " + "\n  ".join(e.format() for e in errors),
            hint="fix them and build again; the previous site is left in place",
        )
    curation = Curation.load(root / "content" / "entities")
    loaded = [item for item in loaded if item[1].status != "draft"]  # drafts are not on the site at all
    retracted = [item for item in loaded if item[1].status == "retracted"]
    loaded = [item for item in loaded if item[1].status == "published"]
    pages: list[PlacedArticle] = []
    seen_urls: dict[str, str] = {}
    for rel, article, _sketch in retracted + loaded:
        slug = rel.rsplit("/", 1)[-1][: -len(".md")]
        url = "articles/" + safe_path(rel[: -len(".md")]) + ".html"
        if url in seen_urls:
            raise ContentError(
                f"two articles would be written to {url}: content/articles/{seen_urls[url]} and content/articles/{rel}",
                hint="rename one of them",
            )
        seen_urls[url] = rel
        pages.append(PlacedArticle(article=article, source=f"content/articles/{rel}", url=url, slug=slug))
    notices, pages = pages[: len(retracted)], pages[len(retracted) :]
    entities = _resolve(pages, curation)
    for group in version_groups_of([sketch for _rel, _art, sketch in loaded]):
        members = sorted((pages[n] for n in group), key=lambda p: p.sort_key)
        for page in members:
            page.versions = [p for p in members if p is not page]
    return Archive(pages=pages, entities=entities, retracted=notices)


def _resolve(pages: list[PlacedArticle], curation: Curation) -> dict[str, Entity]:
    """Group mentions across the archive into entities with stable slugs."""
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    mentions: list[tuple[PlacedArticle, tuple[str, str]]] = []
    known: dict[tuple[str, str], tuple[tuple[str, str], str] | None] = {}
    """(kind, name as written) -> (identity, canonical spelling): names recur across articles."""
    for page in pages:
        ents = page.article.entities
        for kind in KINDS:
            for name in getattr(ents, kind):
                if (kind, name) in known:
                    found = known[(kind, name)]
                else:
                    resolved = curation.resolve(kind, name)
                    found = known[(kind, name)] = (
                        ((resolved[0], fold(resolved[1])), resolved[1]) if resolved is not None else None
                    )
                if found is not None:
                    spellings[found[0]][found[1]] += 1
                    mentions.append((page, found[0]))
    entities: dict[tuple[str, str], Entity] = {}
    used_slugs: dict[str, tuple[str, str]] = {}
    for ident in sorted(spellings):
        kind, folded = ident
        note = curation.index.get((kind, folded))
        counts = spellings[ident]
        name = note.name if note and not note.merge_into else _best_spelling(counts)
        base = safe_segment(slugify(name, max_length=80) or "entity")
        slug, n = base, 2
        while f"{kind}/{slug}" in used_slugs:
            slug, n = f"{base}-{n}", n + 1
        key = f"{kind}/{slug}"
        used_slugs[key] = ident
        aliases = sorted({*counts} - {name} | set(note.aliases if note else ()))
        entities[ident] = Entity(key=key, kind=kind, name=name, slug=slug, aliases=aliases, note=note)
    for page, ident in mentions:
        ent = entities[ident]
        keys = page.entities.setdefault(ent.kind, [])
        if ent.key not in keys:
            keys.append(ent.key)
            ent.pages.append(page)
    names = {e.key: e.name.lower() for e in entities.values()}
    for page in pages:
        for person, role in page.article.entities.roles:
            resolved = curation.resolve("people", person)
            if resolved and (resolved[0], fold(resolved[1])) in entities:
                entities[(resolved[0], fold(resolved[1]))].roles[role] += 1
        for keys in page.entities.values():
            if len(keys) > 1:
                keys.sort(key=names.__getitem__)
    out = {e.key: e for e in entities.values()}
    for ent in out.values():
        ent.pages.sort(key=lambda p: p.sort_key, reverse=True)
    return out


def _best_spelling(counts: Counter[str]) -> str:
    """Most frequent spelling; on a tie, the one with accents (the fuller form), then alphabetical."""
    return sorted(counts, key=lambda s: (-counts[s], -sum(1 for c in s if ord(c) > 127), s))[0]
