"""The `ingest` verb: raw files -> decode -> read -> extract -> entities -> write.

One bad file never stops the others: each file's failure becomes a one-line error in the
report, and the exit status says that something failed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from site_builder.config import load_config
from site_builder.content_files import links_outside
from site_builder.entities.curation import Curation
from site_builder.errors import InputError
from site_builder.faults import crash_point
from site_builder.frontmatter_io import loads
from site_builder.ingest.decode import decode_bytes, normalise_text, sniff_binary, sniff_encoding, text_problem
from site_builder.ingest.detect import READERS, detect
from site_builder.ingest.docx import docx_text, is_docx
from site_builder.ingest.metadata import year_hints
from site_builder.ingest.readers import tabular
from site_builder.ingest.workers import Extractor, Settings, ahead
from site_builder.ingest.write import write_article
from site_builder.lock import archive_lock
from site_builder.manifest import Manifest, file_sha256, sha256
from site_builder.model import Article, Origin, RawArticle
from site_builder.progress import IngestProgress
from site_builder.versions import Sketch, version_groups_of

MAX_BYTES = 64 * 1024 * 1024
"""Text exports above this size are refused with advice to split them: their readers hold one
file in memory, and exports that big are almost always several exports concatenated. JSON Lines
and CSV are streamed and have no limit."""
STREAM_HEAD = 64 * 1024
"""Bytes read first to sniff a file's type, encoding and format."""


@dataclass
class FileReport:
    """What happened to one input file."""

    path: str
    reader: str = ""
    articles: int = 0
    boilerplate: int = 0
    """Lines the reader dropped as boilerplate (share bars, advertisements, newsletter prompts)."""
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
    warnings: list[str] = field(default_factory=list)
    """About the run as a whole (a rebuilt manifest, a manifest that could not be saved)."""
    deleted: list[str] = field(default_factory=list)
    """Articles deleted by hand that this run met again and did not write."""
    renamed: list[tuple[str, str]] = field(default_factory=list)
    orphans: dict[str, str] = field(default_factory=dict)
    """Articles whose raw text changed or vanished -> why."""
    pruned: list[str] = field(default_factory=list)
    pruned_kept: list[str] = field(default_factory=list)
    """Orphans not removed by --prune because they were edited by hand."""

    @property
    def boilerplate(self) -> int:
        return sum(f.boilerplate for f in self.files)

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
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                )
            )
        else:
            out.append(p)
    return out


@dataclass
class FileRead:
    """One file opened by its reader: the articles (a lazy iterator for streamed formats), the
    warnings (filled in while the iterator runs) and the year to lend to dates without one."""

    reader: str
    raws: Iterator[RawArticle]
    warnings: list[str]
    year_hint: int | None = None
    boilerplate: int = 0


_STREAMED = {"jsonl": tabular.iter_jsonl, "csv": tabular.iter_csv}
"""Record formats read line by line, so that their files may be of any size."""


def read_file(path: Path, display: str, fmt: str | None = None) -> FileRead:
    """Open one file with its reader; raises InputError with the file named."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(STREAM_HEAD)
    except OSError as exc:
        raise InputError(
            f"cannot read: {exc.strerror}", path=display, hint="check the path and its permissions"
        ) from exc
    if size == 0:
        raise InputError("the file is empty", path=display, hint="remove it or paste the articles into it")
    word = is_docx(path)
    kind = sniff_binary(head[:8192]) if not word else None
    if kind is not None:
        raise InputError(
            f"this is {kind}, not text",
            path=display,
            hint="export it as plain text (TXT, HTML, CSV or JSON Lines) and ingest that",
        )
    encoding = sniff_encoding(head)
    problem = text_problem(head, encoding) if not word else None
    if problem is not None:
        raise InputError(
            f"this file holds {problem}",
            path=display,
            hint="check that it is the export you meant; save text as UTF-8 and ingest that",
        )
    head_text = normalise_text(head.decode(encoding, errors="ignore")) if not word else ""
    reader_name = fmt or detect(path, head_text[:20000])
    whole_json = reader_name == "jsonl" and (head_text.lstrip().startswith("[") or path.suffix.lower() == ".json")
    if reader_name in _STREAMED and not whole_json:
        warnings: list[str] = []
        stream = path.open(encoding=encoding, errors="replace", newline="")
        return FileRead(reader_name, _closing(_STREAMED[reader_name](stream, warnings), stream), warnings)
    if size > MAX_BYTES:
        raise InputError(
            f"the file is {size / 1e6:.0f} MB, above the {MAX_BYTES // 2**20} MiB limit for {reader_name} text",
            path=display,
            hint="split it into smaller files (e.g. one per export batch) and ingest the folder; "
            "JSON Lines and CSV files of any size are read as streams",
        )
    data = path.read_bytes()
    if word:
        text = normalise_text(docx_text(data, path=display))
    else:
        text = decode_bytes(data, path=display, normalise=reader_name != "html")
    if fmt is None and word:
        reader_name = detect(path, text[:20000])
    try:
        result = READERS[reader_name](text)
    except InputError as exc:
        raise InputError(exc.message, path=display, line=exc.line, hint=exc.hint) from exc
    return FileRead(
        reader_name, iter(result.articles), list(result.warnings), year_hints(result.articles), result.boilerplate
    )


def _closing(items: Iterator[RawArticle], stream: IO[str]) -> Iterator[RawArticle]:
    with stream:
        yield from items


def raw_checksum(raw: RawArticle) -> str:
    """Identity of a raw article: its text and the header fields that came with it."""
    return sha256("\x1f".join([raw.title or "", raw.byline or "", raw.date_text or "", raw.body]))


class _Run:
    """The state of one ingest run: where articles go, and what was written so far (paths and
    sketches, never the articles themselves, so memory does not grow with their text)."""

    def __init__(self, root: Path, force: bool, restore: bool) -> None:
        self.root = root
        self.out_dir = root / "content" / "articles"
        Manifest.clean(self.out_dir)
        self.manifest = Manifest.load(self.out_dir)
        self.curation = Curation.load(root / "content" / "entities")
        self.date_order = load_config(root)[0].date_order or None
        self.force = force
        self.restore = restore
        self.report = IngestReport(warnings=list(self.manifest.warnings))
        self.report.renamed = list(self.manifest.renamed)
        if self.manifest.recovered:
            self.report.warnings.append(
                f"{self.manifest.recovered} article(s) on disk were missing from the ingest "
                "manifest (an interrupted run?) and were taken in from their front matter"
            )
        self.first_of: dict[str, tuple[str, tuple[Origin, ...]]] = {}
        self.pending_also: dict[str, tuple[Origin, ...]] = {}
        """Raw sha -> origins of exact copies met in this run, added to the first copy at the end
        (once, however many copies: rewriting it per copy made 2,000 copies take minutes)."""
        self.produced: dict[str, set[str]] = {}
        """Raw file -> raw shas it gave in this run (for orphans)."""
        self.sketches: list[Sketch] = []
        self.sketch_paths: list[str] = []
        self.by_raw: dict[str, list[str]] | None = None
        """Raw file -> articles the manifest had from it when the run began."""

    def add(
        self,
        raw: RawArticle,
        origin: Origin,
        fr: FileReport,
        extracted: Future[tuple[Article, Sketch] | BaseException],
    ) -> None:
        """Write one article, extracted (`workers.Extractor`) while earlier ones were written. An
        exact copy of an article already seen in this run adds its origin to that article
        instead; an article deleted by hand is skipped. A failed extraction raises here, at the
        article's turn, as the error of its file."""
        key = origin.sha256
        self.produced.setdefault(origin.file, set()).add(key)
        if key in self.first_of:
            rel, also_in = self.first_of[key]
            if not any((o.file, o.index) == (origin.file, origin.index) for o in also_in):
                self.first_of[key] = (rel, (*also_in, origin))
                self.pending_also[key] = self.first_of[key][1]
            fr.warnings.append(f"line {raw.line}: same article as {rel}; kept once, both origins listed")
            return
        if key in self.manifest.removed and not self.restore:
            self.report.count("deleted")
            self.report.deleted.append(str(self.manifest.removed[key].get("path")))
            return
        result = extracted.result()
        if isinstance(result, BaseException):
            raise result
        art, sketch = result
        fr.warnings.extend(f"line {raw.line}: {w}" for w in art.warnings)
        art = replace(art, origin=origin, also_in=self.manifest.also_in(key))
        crash_point("article")
        status, rel = write_article(self.out_dir, self.manifest, art, force=self.force, raw=origin.file)
        self.report.count(status)
        self.report.written.append(rel)
        self.first_of[key] = (rel, art.also_in)
        self.sketches.append(sketch)
        self.sketch_paths.append(rel)

    def finish_file(self, path: Path, origin_file: str, complete: bool) -> None:
        """After a file was read to its end: record its checksum, and mark as orphans the
        articles it made before that it no longer makes (its text was changed)."""
        if not complete:
            return
        made = self.produced.get(origin_file, set())
        if self.by_raw is None:
            self.by_raw = {}
            for rel, entry in self.manifest.entries.items():
                self.by_raw.setdefault(str(entry.get("raw")), []).append(rel)
        for rel in self.by_raw.get(origin_file, []):
            entry = self.manifest.entries.get(rel, {})
            if entry.get("raw") == origin_file and entry.get("origin") not in made:
                self.manifest.orphans[rel] = f"{origin_file} no longer holds this article's text"
        with contextlib.suppress(OSError):
            self.manifest.raws[origin_file] = file_sha256(path)

    def finish(self, *, prune: bool, dry_run: bool) -> IngestReport:
        for key, also_in in self.pending_also.items():
            rel = self.first_of[key][0]
            target = self.out_dir / rel
            try:
                written = loads(target.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # kept as edited, or removed meanwhile: its origins stay as they are
            write_article(
                self.out_dir,
                self.manifest,
                replace(written, also_in=also_in),
                force=self.force,
                raw=written.origin.file if written.origin else None,
            )
        for group in version_groups_of(self.sketches):
            self.report.versions.append([self.sketch_paths[n] for n in group])
        self._vanished()
        self.report.orphans = dict(self.manifest.orphans)
        if prune:
            self._prune(dry_run)
        try:
            self.manifest.save(self.out_dir)
        except OSError as exc:
            self.report.warnings.append(
                f"could not save the ingest manifest ({exc.strerror or exc}); the next "
                "ingest rebuilds it from the articles, so nothing is written twice"
            )
        return self.report

    def _vanished(self) -> None:
        """Articles whose raw file (inside the archive) is gone are orphans too."""
        for rel, entry in self.manifest.entries.items():
            raw = entry.get("raw")
            if isinstance(raw, str) and raw.startswith("content/") and not (self.root / raw).exists():
                self.manifest.orphans[rel] = f"{raw} is gone"

    def _prune(self, dry_run: bool) -> None:
        for rel in sorted(self.manifest.orphans):
            target = self.out_dir / rel
            entry = self.manifest.entries.get(rel, {})
            try:
                current = target.read_text(encoding="utf-8")
            except (OSError, UnicodeError):
                continue
            if entry.get("written") is None or sha256(current) != entry.get("written"):
                self.report.pruned_kept.append(rel)
                continue
            self.report.pruned.append(rel)
            if not dry_run:
                target.unlink(missing_ok=True)
                self.manifest.forget(rel)


def ingest(
    paths: list[Path],
    *,
    root: Path,
    fmt: str | None = None,
    force: bool = False,
    restore: bool = False,
    prune: bool = False,
    dry_run: bool = False,
    progress: IngestProgress | None = None,
    jobs: int = 0,
) -> IngestReport:
    """Ingest raw files into `root/content/articles`; returns the report, never raises for one
    file (a broken entity note, which concerns every file, raises ContentError before any; so
    does another build or ingest holding the archive). Articles are extracted on `jobs` cores
    (default: all) ahead of the writer, which writes them in input order (`workers`)."""
    with archive_lock(root, "ingest"):
        run = _Run(root, force, restore)
        try:
            with Extractor(Settings(run.curation, run.date_order), jobs) as extractor:

                def start(event: _Event) -> _Event:
                    if isinstance(event, _Raw):
                        event.extracted = extractor.submit(event.raw, event.year_hint)
                    return event

                _write_all(run, ahead(_read_all(run, find_inputs(paths), fmt), start), progress)
            return run.finish(prune=prune, dry_run=dry_run)
        finally:
            run.manifest.close()


@dataclass
class _Opened:
    """An input file begins (`opened` is None when it cannot be read: `fr.error` says why)."""

    path: Path
    origin_file: str
    fr: FileReport
    opened: FileRead | None


@dataclass
class _Raw:
    """A raw article of the current file, with its extraction once started."""

    index: int
    raw: RawArticle
    year_hint: int | None
    extracted: Future[tuple[Article, Sketch] | BaseException] | None = None


@dataclass
class _Ended:
    """The current file was read to its end, or stopped at `error` (an exception of its reader)."""

    error: BaseException | None = None


_Event = _Opened | _Raw | _Ended


def _read_all(run: _Run, paths: list[Path], fmt: str | None) -> Iterator[_Event]:
    """Every file opened and read, as events, ahead of the writer (`ahead`): a reader's failure
    becomes its file's event, never an exception, so that the other files go on."""
    for path in paths:
        display = _display(path, run.root)
        fr = FileReport(display)
        try:
            _refuse_outside_link(path, run.root, display)
            opened = read_file(path, display, fmt)
        except Exception as exc:  # the boundary: one file's surprise must not stop the others
            fr.error = _file_error(exc, display)
            yield _Opened(path, _origin_name(path, run.root), fr, None)
            continue
        fr.reader = opened.reader
        fr.boilerplate = opened.boilerplate
        yield _Opened(path, _origin_name(path, run.root), fr, opened)
        try:
            for index, raw in enumerate(opened.raws, start=1):
                yield _Raw(index, raw, opened.year_hint)
        except Exception as exc:  # a streamed reader fails mid-file: that file stops there
            yield _Ended(exc)
            continue
        yield _Ended()


def _write_all(run: _Run, events: Iterator[_Event], progress: IngestProgress | None) -> None:
    """Write the articles of every file in order, each file behind the boundary that turns
    any failure into that file's error (the rest of that file is then skipped)."""
    current: _Opened | None = None
    failed = False
    for event in events:
        if isinstance(event, _Opened):
            current, failed = event, event.opened is None
            if progress:
                progress.file(event.path)
            run.report.files.append(event.fr)
            if failed:
                run.finish_file(event.path, event.origin_file, complete=False)
            continue
        assert current is not None and current.opened is not None
        fr = current.fr
        if isinstance(event, _Raw):
            if failed:
                continue
            fr.articles += 1
            if progress:
                progress.article(event.raw.line)
            assert event.extracted is not None
            try:
                origin = Origin(current.origin_file, event.index, event.raw.line, raw_checksum(event.raw))
                run.add(event.raw, origin, fr, event.extracted)
            except Exception as exc:  # the boundary: one file's surprise must not stop the others
                fr.error, failed = _file_error(exc, fr.path, event.raw.line), True
            continue
        if event.error is not None and not failed:
            fr.error, failed = _file_error(event.error, fr.path), True
        if not failed:
            fr.warnings[:0] = current.opened.warnings
            if fr.articles == 0:
                why = f"; {current.opened.warnings[0]}" if current.opened.warnings else ""
                fr.error = InputError(
                    f"no article found (read as {fr.reader}{why})",
                    path=fr.path,
                    hint="check that it holds article text, or name the format with --format",
                ).format()
        run.finish_file(current.path, current.origin_file, complete=not failed)


def _file_error(exc: BaseException, display: str, line: int | None = None) -> str:
    """A file's failure as the one line the report prints; `line`, the line of the article
    that failed, when it failed after being read."""
    if isinstance(exc, InputError):
        return exc.format()
    if isinstance(exc, (OSError, UnicodeError)):
        return InputError(f"cannot read: {exc}", path=display, hint="check the file").format()
    if isinstance(exc, RecursionError):
        return InputError(
            "nested too deeply to read", path=display, hint="this is not an export a news tool writes; check the file"
        ).format()
    if isinstance(exc, MemoryError):
        return InputError("too big to read in memory", path=display, hint="split it into smaller files").format()
    return InputError(
        f"could not be read ({type(exc).__name__}: {str(exc)[:200]})",
        path=display,
        line=line,
        hint="the other files went on; please report this with the file",
    ).format()


def _refuse_outside_link(path: Path, root: Path, display: str) -> None:
    """A symbolic link under the archive that leads out of it would publish a file from
    elsewhere (`content/raw/x.txt -> ~/.ssh/...`): refused. Files named on the command line
    may live anywhere."""
    if path.absolute().is_relative_to(root.absolute()) and links_outside(root, path):
        raise InputError(
            "a symbolic link to a file outside the archive",
            path=display,
            hint="copy the file into the archive instead of linking to it",
        )


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
