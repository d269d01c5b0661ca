"""Writing article files safely: stable paths, no duplicate work, never over a hand edit.

The manifest (`manifest.py`) records, for every file ingest wrote, the checksum of the raw
article it came from and of the bytes written. On the next run:
- same raw article, file untouched, same bytes   -> unchanged;
- same raw article, file untouched, new bytes    -> updated (the extractor improved);
- same raw article, file changed by someone      -> kept; with --force the edited file is
  moved aside to `<name>.edited.md` (never deleted) and the new one written;
- same raw article, bytes written unknown (manifest lost) and the file differs -> kept, as if
  edited: what cannot be proven to be ingest's own output is never overwritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from slugify import slugify

from site_builder.errors import InputError
from site_builder.frontmatter_io import dumps
from site_builder.manifest import Manifest, sha256
from site_builder.model import Article


def article_slug(article: Article) -> str:
    """Accent-free, lower-case, at most 80 characters, cut at a word boundary."""
    return slugify(article.title, max_length=80, word_boundary=True) or "article"


def article_dir(article: Article) -> str:
    """`YYYY/MM` for dated articles, `YYYY` when only the year is known, `undated` otherwise."""
    if not article.date:
        return "undated"
    parts = article.date.split("-")
    return "/".join(parts[:2])


def write_article(
    folder: Path, manifest: Manifest, article: Article, *, force: bool = False, raw: str | None = None
) -> tuple[str, str]:
    """Write one article; returns (status, relative path). Status is one of
    new, updated, unchanged, kept-edited, replaced-edited. `raw` is the raw file it came from,
    as its origin names it (for finding orphans). Raises InputError when the disk refuses."""
    assert article.origin is not None
    origin = article.origin.sha256
    text = dumps(article)
    rel = manifest.path_for(origin)
    if rel is None:
        rel = _free_path(folder, manifest, article)
    target = folder / rel
    status = "new"
    try:
        if target.exists():
            current = target.read_text(encoding="utf-8", errors="replace")
            recorded = manifest.entries.get(rel, {}).get("written")
            if current == text:
                status = "unchanged"
            elif recorded is None or sha256(current) != recorded:
                if not force:
                    return "kept-edited", rel
                target.rename(_aside(target))
                status = "replaced-edited"
            else:
                status = "updated"
        if status != "unchanged":
            _write(target, text)
    except OSError as exc:
        raise InputError(
            f"cannot write content/articles/{rel}: {exc.strerror or exc}",
            hint="free some disk space (or fix the permissions) and run ingest again: "
            "what was written so far is kept and not written twice",
        ) from exc
    entry: dict[str, Any] = {"origin": origin, "written": sha256(text)}
    if raw:
        entry["raw"] = raw
    if article.also_in:
        entry["also_in"] = [{"file": o.file, "index": o.index, "line": o.line} for o in article.also_in]
    manifest.record(folder, rel, entry)
    return status, rel


def _free_path(folder: Path, manifest: Manifest, article: Article) -> str:
    base = f"{article_dir(article)}/{article_slug(article)}"
    n = 1
    while True:
        rel = f"{base}.md" if n == 1 else f"{base}-{n}.md"
        if rel not in manifest.entries and not (folder / rel).exists():
            return rel
        n += 1


def _aside(target: Path) -> Path:
    n = 1
    while True:
        suffix = ".edited.md" if n == 1 else f".edited-{n}.md"
        aside = target.with_name(target.name[: -len(".md")] + suffix)
        if not aside.exists():
            return aside
        n += 1


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
