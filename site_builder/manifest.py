"""What ingest wrote, kept so that the next run writes every article exactly once.

The articles' own front matter (`origin`) is the truth; the manifest
(`content/articles/.ingest-manifest.json`) is a cache of it plus what front matter cannot say:
the checksum of the bytes ingest wrote (to tell a hand edit from an old extraction), the
articles a user deleted (so that they stay deleted), and the articles whose raw text is gone.

It cannot diverge from the files:
- each article written is appended at once to a journal (`.ingest-journal.jsonl`, flushed
  line by line), so a run killed at any moment loses nothing it wrote;
- the manifest itself is replaced atomically (temporary file, fsync, rename) at the end of a run;
- on load, the manifest and journal are checked against the article files: a file that neither
  knows (a lost or truncated manifest) is taken in from its front matter, an entry whose file
  moved follows it (a rename by hand), and an entry whose file is gone becomes a deletion.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from site_builder.content_files import article_files
from site_builder.faults import crash_point
from site_builder.model import Origin
from site_builder.safe_yaml import FrontMatterError, split

MANIFEST = ".ingest-manifest.json"
JOURNAL = ".ingest-journal.jsonl"
VERSION = 2


def sha256(text: str) -> str:
    """Hex checksum of text as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Manifest:
    """relative path -> {"origin": raw sha, "written": sha of the bytes written (None when
    unknown: then the file counts as edited by hand), "raw": raw file, "also_in": [...]}."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Raw sha -> {"path", "raw"} of articles a user deleted: not written again."""
    orphans: dict[str, str] = field(default_factory=dict)
    """Relative path -> why: articles whose raw text changed or vanished."""
    raws: dict[str, str] = field(default_factory=dict)
    """Raw file (as recorded in origins) -> sha256 of its bytes when last ingested."""
    warnings: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    recovered: int = 0
    _by_origin: dict[str, str] | None = field(default=None, repr=False)
    _journal: IO[str] | None = field(default=None, repr=False)

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest with its journal replayed, reconciled with the article files."""
        m = cls()
        path = folder / MANIFEST
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                m.entries = {str(k): dict(v) for k, v in dict(data.get("articles", {})).items()}
                m.removed = {str(k): dict(v) for k, v in dict(data.get("removed", {})).items()}
                m.orphans = {str(k): str(v) for k, v in dict(data.get("orphans", {})).items()}
                m.raws = {str(k): str(v) for k, v in dict(data.get("raw_files", {})).items()}
            except (OSError, UnicodeError, ValueError, TypeError, AttributeError) as exc:
                m = cls()
                m.warnings.append(
                    f"{path.name} is unreadable ({type(exc).__name__}); rebuilt from the articles' "
                    "front matter (hand edits are kept: articles that differ count as edited)"
                )
        m._replay(folder / JOURNAL)
        m._reconcile(folder)
        return m

    def _replay(self, journal: Path) -> None:
        if not journal.exists():
            return
        try:
            lines = journal.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            try:
                item = json.loads(line)
                rel, entry = str(item["path"]), dict(item["entry"])
            except (ValueError, KeyError, TypeError):
                continue  # the last line of a killed run may be cut short
            for other in [r for r, e in self.entries.items() if e.get("origin") == entry.get("origin") and r != rel]:
                del self.entries[other]  # the article moved (a --force rewrite, an update)
            self.entries[rel] = entry
            self.removed.pop(str(entry.get("origin")), None)

    @staticmethod
    def clean(folder: Path) -> None:
        """Remove what writes cut short left (never an article: it was never renamed into place)."""
        if folder.is_dir():
            for leftover in [*folder.rglob("*.md.tmp"), *folder.glob(f".{MANIFEST}.*.tmp")]:
                leftover.unlink(missing_ok=True)

    def _reconcile(self, folder: Path) -> None:
        on_disk = {rel for rel, _path in article_files(folder.parent.parent)}
        unknown: dict[str, tuple[str, dict[str, Any]]] = {}
        for rel in sorted(on_disk - self.entries.keys()):
            origin = _origin_of(folder / rel)
            if origin is not None:
                unknown.setdefault(origin[0], (rel, origin[1]))
        for rel in sorted(self.entries.keys() - on_disk):
            entry = self.entries.pop(rel)
            sha = str(entry.get("origin"))
            self.orphans.pop(rel, None)
            if sha in unknown:
                new_rel, _ = unknown.pop(sha)
                self.entries[new_rel] = entry
                self.renamed.append((rel, new_rel))
            else:
                self.removed[sha] = {"path": rel, "raw": entry.get("raw")}
        for rel, entry in self.entries.items():
            if "raw" not in entry and (origin := _origin_of(folder / rel)) is not None and "raw" in origin[1]:
                entry["raw"] = origin[1]["raw"]  # manifests older than orphan detection: learnt once
        for sha, (rel, extra) in unknown.items():
            self.entries[rel] = {"origin": sha, "written": None, **extra}
            self.removed.pop(sha, None)
            self.recovered += 1
        self.orphans = {rel: why for rel, why in self.orphans.items() if rel in self.entries}

    # -- queries ------------------------------------------------------------------------------

    def also_in(self, origin_sha: str) -> tuple[Origin, ...]:
        """Other origins recorded for an article (exact copies met in earlier runs)."""
        rel = self.path_for(origin_sha)
        raw = self.entries.get(rel, {}).get("also_in", []) if rel else []
        return tuple(Origin(str(o["file"]), int(o["index"]), int(o["line"]), origin_sha) for o in raw)

    def path_for(self, origin_sha: str) -> str | None:
        """The file written for a raw article, if any (index built once, kept up to date)."""
        if self._by_origin is None:
            self._by_origin = {str(e.get("origin")): rel for rel, e in sorted(self.entries.items(), reverse=True)}
        return self._by_origin.get(origin_sha)

    # -- changes ------------------------------------------------------------------------------

    def record(self, folder: Path, rel: str, entry: dict[str, Any]) -> None:
        """Remember what was written at `rel`, in the journal at once (one flushed line)."""
        self.entries[rel] = entry
        self.removed.pop(str(entry["origin"]), None)
        self.orphans.pop(rel, None)
        if self._by_origin is not None:
            self._by_origin[entry["origin"]] = rel
        if self._journal is None:
            folder.mkdir(parents=True, exist_ok=True)
            self._journal = (folder / JOURNAL).open("a", encoding="utf-8")
        self._journal.write(json.dumps({"path": rel, "entry": entry}, ensure_ascii=False) + "\n")
        self._journal.flush()

    def forget(self, rel: str) -> None:
        """Drop an article that was removed on purpose (pruned): no deletion is recorded."""
        entry = self.entries.pop(rel, None)
        self.orphans.pop(rel, None)
        if entry is not None and self._by_origin is not None:
            self._by_origin.pop(str(entry.get("origin")), None)

    def save(self, folder: Path) -> None:
        """Replace the manifest atomically and drop the journal it now contains."""
        folder.mkdir(parents=True, exist_ok=True)
        data = {
            "version": VERSION,
            "articles": dict(sorted(self.entries.items())),
            "removed": dict(sorted(self.removed.items())),
            "orphans": dict(sorted(self.orphans.items())),
            "raw_files": dict(sorted(self.raws.items())),
        }
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        path = folder / MANIFEST
        try:
            same = path.read_text(encoding="utf-8") == text
        except (OSError, UnicodeError):
            same = False
        if not same:
            atomic_write(path, text)
        self.close()
        (folder / JOURNAL).unlink(missing_ok=True)

    def close(self) -> None:
        if self._journal is not None:
            with contextlib.suppress(OSError):
                self._journal.close()
            self._journal = None


def file_sha256(path: Path) -> str:
    """Checksum of a file's bytes, read in pieces (raw exports may be gigabytes)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def atomic_write(path: Path, text: str) -> None:
    """Write a file so that it is either the old or the new text, never a mix, even across a
    crash or a full disk: a temporary file, flushed to disk, renamed over the old one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        crash_point("manifest")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _origin_of(path: Path) -> tuple[str, dict[str, Any]] | None:
    """(raw sha, manifest fields) from an article's front matter, or None when it has none
    (an article written by hand is not ingest's)."""
    try:
        meta, _ = split(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, FrontMatterError):
        return None
    origin = meta.get("origin")
    if not isinstance(origin, dict) or not isinstance(origin.get("sha256"), str):
        return None
    extra: dict[str, Any] = {}
    if isinstance(origin.get("file"), str):
        extra["raw"] = origin["file"]
    also = meta.get("also_in")
    if isinstance(also, list):
        with contextlib.suppress(ValueError, TypeError):
            extra["also_in"] = [
                {"file": str(o.get("file")), "index": int(o.get("index") or 0), "line": int(o.get("line") or 0)}
                for o in also
                if isinstance(o, dict)
            ]
    return origin["sha256"], extra
