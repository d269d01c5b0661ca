"""Writing article files safely: stable paths, no duplicate work, never over a hand edit.

A manifest (`content/articles/.ingest-manifest.json`) records, for every file ingest wrote,
the checksum of the raw article it came from and of the bytes written. On the next run:
- same raw article, file untouched, same bytes   -> unchanged;
- same raw article, file untouched, new bytes    -> updated (the extractor improved);
- same raw article, file changed by someone      -> kept; with --force the edited file is
  moved aside to `<name>.edited.md` (never deleted) and the new one written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slugify import slugify

from site_builder.frontmatter_io import dumps
from site_builder.model import Article, Origin

MANIFEST = ".ingest-manifest.json"


def sha256(text: str) -> str:
    """Hex checksum of text as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_slug(article: Article) -> str:
    """Accent-free, lower-case, at most 80 characters, cut at a word boundary."""
    return slugify(article.title, max_length=80, word_boundary=True) or "article"


def article_dir(article: Article) -> str:
    """`YYYY/MM` for dated articles, `YYYY` when only the year is known, `undated` otherwise."""
    if not article.date:
        return "undated"
    parts = article.date.split("-")
    return "/".join(parts[:2])


@dataclass
class Manifest:
    """What ingest wrote before: relative path -> {"origin": sha, "written": sha}."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    _by_origin: dict[str, str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return cls()
        return cls(dict(data.get("articles", {})))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        data = {"articles": dict(sorted(self.entries.items()))}
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        path = folder / MANIFEST
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")

    def also_in(self, origin_sha: str) -> tuple[Origin, ...]:
        """Other origins recorded for an article (exact copies met in earlier runs)."""
        rel = self.path_for(origin_sha)
        raw = self.entries.get(rel, {}).get("also_in", []) if rel else []
        return tuple(Origin(str(o["file"]), int(o["index"]), int(o["line"]), origin_sha) for o in raw)

    def path_for(self, origin_sha: str) -> str | None:
        """The file written for a raw article, if any (index built once, kept up to date)."""
        if self._by_origin is None:
            self._by_origin = {str(e.get("origin")): rel for rel, e in self.entries.items()}
        return self._by_origin.get(origin_sha)

    def record(self, rel: str, entry: dict[str, Any]) -> None:
        """Remember what was written at `rel`."""
        self.entries[rel] = entry
        if self._by_origin is not None:
            self._by_origin[entry["origin"]] = rel


def write_article(folder: Path, manifest: Manifest, article: Article, *, force: bool = False) -> tuple[str, str]:
    """Write one article; returns (status, relative path). Status is one of
    new, updated, unchanged, kept-edited, replaced-edited."""
    assert article.origin is not None
    origin = article.origin.sha256
    text = dumps(article)
    rel = manifest.path_for(origin)
    if rel is None:
        rel = _free_path(folder, manifest, article)
    target = folder / rel
    status = "new"
    if target.exists():
        current = target.read_text(encoding="utf-8")
        recorded = manifest.entries.get(rel, {}).get("written")
        if current == text:
            status = "unchanged"
        elif recorded is not None and sha256(current) != recorded:
            if not force:
                return "kept-edited", rel
            target.rename(_aside(target))
            status = "replaced-edited"
        else:
            status = "updated"
    if status != "unchanged":
        _write(target, text)
    entry: dict[str, Any] = {"origin": origin, "written": sha256(text)}
    if article.also_in:
        entry["also_in"] = [{"file": o.file, "index": o.index, "line": o.line} for o in article.also_in]
    manifest.record(rel, entry)
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
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
