"""`site-builder check`: content that will not build, and built pages with bad links."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_builder.config import load_config
from site_builder.entities.curation import Curation
from site_builder.errors import ContentError
from site_builder.manifest import MANIFEST, Manifest, file_sha256
from site_builder.progress import QUIET, Steps
from site_builder.site.archive import load_articles


def check_content(root: Path, steps: Steps = QUIET) -> list[str]:
    """Front matter errors (file and line), broken entity notes and site.toml, and articles
    that no longer match their raw text. The loaders are the build's own, so whatever passes
    here builds."""
    loaded, errors = load_articles(root, steps=steps)
    problems = [e.format() for e in errors]
    first: dict[str, str] = {}
    for rel, article, _sketch in loaded:
        sha = article.origin.sha256 if article.origin else ""
        if sha and sha in first:
            problems.append(
                f"content/articles/{rel}: the same raw article as content/articles/{first[sha]} "
                "(a copy left by an interrupted ingest of an older version?) -- delete one of them"
            )
        first.setdefault(sha, rel)
    for load in (lambda: Curation.load(root / "content" / "entities"), lambda: load_config(root)):
        try:
            load()
        except ContentError as exc:
            problems.append(exc.format())
    return problems + ingest_problems(root)


def ingest_problems(root: Path) -> list[str]:
    """Raw files changed since they were ingested, and articles whose raw text is gone."""
    folder = root / "content" / "articles"
    if not (folder / MANIFEST).exists():
        return []
    manifest = Manifest.load(folder)
    problems = [
        f"content/articles/{rel}: orphan: {why} -- `site-builder ingest --prune --dry-run` lists "
        "orphans, `--prune` removes them"
        for rel, why in sorted(manifest.orphans.items())
    ]
    for raw, digest in sorted(manifest.raws.items()):
        path = root / raw
        if not path.is_file():
            continue
        if file_sha256(path) != digest:
            problems.append(
                f"{raw}: changed since it was ingested -- run `site-builder ingest` "
                "(then `ingest --prune` for the articles it no longer makes)"
            )
    return problems


class _LinkScan(HTMLParser):
    """Links (with their lines) and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.found.append((self.getpos()[0], value))
            elif key in ("id", "name") and value:
                self.ids.add(value)


def check_site(site: Path, steps: Steps = QUIET) -> list[str]:
    """Links that are root-absolute, point at a folder, point at nothing, or name an anchor
    (`page.html#part`) that the target page does not have."""
    pages: dict[Path, _LinkScan] = {}

    def parsed(path: Path) -> _LinkScan:
        if path not in pages:
            parser = _LinkScan()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            pages[path] = parser
        return pages[path]

    problems: list[str] = []
    html = [p for p in sorted(site.rglob("*.html")) if "pagefind" not in p.relative_to(site).parts]
    with steps.bar("checking links", len(html)) as tick:
        for page in html:
            tick(1)
            problems += _page_problems(site, page, parsed)
    return problems


def _page_problems(site: Path, page: Path, parsed: Callable[[Path], _LinkScan]) -> list[str]:
    """The bad links of one page (see `check_site`)."""
    problems: list[str] = []
    rel = page.relative_to(site).as_posix()
    for line, link in parsed(page).found:
        parts = urlsplit(link)
        if parts.scheme or link.startswith(("//", "mailto:")):
            continue
        if link.startswith("/"):
            problems.append(f"{rel}:{line}: root-absolute link {link} breaks under a project path and on disk")
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
        if target.is_dir():
            problems.append(f"{rel}:{line}: link {link} points at a folder, not a file")
        elif not target.is_file():
            problems.append(f"{rel}:{line}: broken link {link}")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parsed(target).ids:
            problems.append(f"{rel}:{line}: link {link}: no element with id '{parts.fragment}' there")
    return problems
