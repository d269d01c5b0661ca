"""The `ingest` verb: raw files -> decode -> read -> extract -> entities -> write.

One bad file never stops the others: each file's failure becomes a one-line error in the
report, and the exit status says that something failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.entities.curation import Curation
from site_builder.entities.extract import extract_entities
from site_builder.errors import InputError
from site_builder.ingest.decode import decode_bytes, normalise_text
from site_builder.ingest.detect import READERS, detect
from site_builder.ingest.docx import docx_text, is_docx
from site_builder.ingest.extract import extract, smart_title, year_hints
from site_builder.ingest.write import Manifest, sha256, write_article
from site_builder.model import Article, Entities, Origin, RawArticle
from site_builder.versions import version_groups

MAX_BYTES = 64 * 1024 * 1024
"""Files above this size are refused with advice to split them: readers hold one file in
memory, and exports that big are almost always several exports concatenated."""

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".html",
                  ".htm", ".xml", ""}


@dataclass
class FileReport:
    """What happened to one input file."""

    path: str
    reader: str = ""
    articles: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    """The summary printed at the end of `ingest`."""

    files: list[FileReport] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    versions: list[list[str]] = field(default_factory=list)
    """Groups of near-duplicate articles (same story, other source) found in this run."""

    @property
    def failed(self) -> int:
        return sum(1 for f in self.files if f.error)

    def count(self, status: str) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files named, and files under folders named (hidden files and folders skipped), sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in
                                                                          f.relative_to(p).parts))
            )
        else:
            out.append(p)
    return out


def read_file(path: Path, display: str, fmt: str | None = None) -> tuple[str, list[RawArticle], list[str]]:
    """Decode and split one file; raises InputError with the file named."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=display, hint="check the path and its permissions") from exc
    if size == 0:
        raise InputError("the file is empty", path=display, hint="remove it or paste the articles into it")
    if size > MAX_BYTES:
        raise InputError(
            f"the file is {size / 1e6:.0f} MB, above the {MAX_BYTES // 2**20} MiB limit", path=display,
            hint="split it into smaller files (e.g. one per export batch) and ingest the folder",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=display, hint="check its permissions") from exc
    text = normalise_text(docx_text(data, path=display)) if is_docx(data) else decode_bytes(data, path=display)
    reader_name = fmt or detect(path, text[:20000])
    try:
        result = READERS[reader_name](text)
    except InputError as exc:
        raise InputError(exc.message, path=display, line=exc.line, hint=exc.hint) from exc
    if not result.articles:
        raise InputError(
            f"no article found (read as {reader_name})", path=display,
            hint="check that it holds article text, or name the format with --format",
        )
    return reader_name, list(result.articles), list(result.warnings)


def raw_checksum(raw: RawArticle) -> str:
    """Identity of a raw article: its text and the header fields that came with it."""
    return sha256("\x1f".join([raw.title or "", raw.byline or "", raw.date_text or "", raw.body]))


def ingest(
    paths: list[Path],
    *,
    root: Path,
    fmt: str | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest raw files into `root/content/articles`; returns the report, never raises for one file."""
    report = IngestReport()
    out_dir = root / "content" / "articles"
    manifest = Manifest.load(out_dir)
    curation = Curation.load(root / "content" / "entities")
    found: dict[str, Article] = {}
    order: list[str] = []
    for path in find_inputs(paths):
        display = _display(path, root)
        if progress:
            progress(display)
        fr = FileReport(display)
        report.files.append(fr)
        try:
            fr.reader, raws, fr.warnings = read_file(path, display, fmt)
        except InputError as exc:
            fr.error = exc.format()
            continue
        hint = year_hints(raws)
        fr.articles = len(raws)
        for index, raw in enumerate(raws, start=1):
            art = extract(raw, year_hint=hint)
            origin = Origin(_origin_name(path, root), index, raw.line, raw_checksum(raw))
            for w in art.warnings:
                fr.warnings.append(f"line {raw.line}: {w}")
            if origin.sha256 in found:
                first = found[origin.sha256]
                found[origin.sha256] = replace(first, also_in=(*first.also_in, origin))
                fr.warnings.append(f"line {raw.line}: same article as {first.origin.file if first.origin else '?'}; "
                                   "kept once, both origins listed")
                continue
            entities = curation.apply(_with_dateline(extract_entities(art.title, _entity_text(art)), art))
            found[origin.sha256] = replace(art, entities=entities, origin=origin)
            order.append(origin.sha256)
    written: dict[str, str] = {}
    for key in order:
        status, rel = write_article(out_dir, manifest, found[key], force=force)
        report.count(status)
        report.written.append(rel)
        written[key] = rel
    for group in version_groups([found[k].body for k in order]):
        names = [written[order[n]] for n in group]
        report.versions.append(names)
    if order:
        manifest.save(out_dir)
    return report


def _with_dateline(ents: Entities, art: Article) -> Entities:
    """The dateline city is a place the article mentions (`NEW ORLEANS` -> New Orleans)."""
    if not art.dateline:
        return ents
    city = smart_title(art.dateline.split(",")[0].strip())
    if not city or city in ents.places or len(city) > 40:
        return ents
    return replace(ents, places=tuple(sorted({*ents.places, city})))


def _entity_text(art: Article) -> str:
    captions = "\n\n".join(c.text for c in art.captions if c.text)
    return f"{art.body}\n\n{captions}" if captions else art.body


def _origin_name(path: Path, root: Path) -> str:
    """Provenance as published: the path inside the archive root, or only the file name for a
    file outside it (an absolute path from the ingesting machine says nothing to readers)."""
    shown = _display(path, root)
    return shown if not Path(shown).is_absolute() else path.name


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
