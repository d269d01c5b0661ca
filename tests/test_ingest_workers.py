"""Ingest on every core (`ingest/workers.py`): the same articles, the same report and the same
per-file errors as one process, in the same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.ingest import pipeline, workers
from site_builder.model import Article, RawArticle
from site_builder.versions import Sketch
from tests.conftest import SHARED, make_root

CORPUS = SHARED / "corpus" / "wikinews-toscadata" / "articles.jsonl"


def inputs(folder: Path) -> list[Path]:
    """A JSON Lines export of 90 articles and 20 pasted files of one article each (many small
    files: workers must be used across files, not only inside a big one), with one exact copy."""
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")][:110]
    folder.mkdir()
    export = folder / "export.jsonl"
    records = [{"title": r["title"], "date": r["date"], "text": r["text"]} for r in rows[:90]]
    export.write_text("\n".join(json.dumps(r) for r in [*records, records[3]]) + "\n", encoding="utf-8")
    for n, r in enumerate(rows[90:]):
        (folder / f"pasted-{n:02d}.txt").write_text(f"{r['title']}\n\n{r['date']}\n\n{r['text']}\n", encoding="utf-8")
    return [folder]


def articles(root: Path) -> dict[str, bytes]:
    folder = root / "content" / "articles"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def run(tmp_path: Path, name: str, jobs: int) -> tuple[pipeline.IngestReport, dict[str, bytes]]:
    root = make_root(tmp_path / name)
    report = pipeline.ingest(inputs(tmp_path / name / "raw"), root=root, jobs=jobs)
    return report, articles(root)


def summary(report: pipeline.IngestReport) -> object:
    files = [(Path(f.path).name, f.reader, f.articles, f.error, f.warnings) for f in report.files]
    return files, report.statuses, report.written, report.versions


def test_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    one, one_files = run(tmp_path, "one", jobs=1)
    two, two_files = run(tmp_path, "two", jobs=2)
    assert len(one_files) == 110 and one.statuses == {"new": 110}
    assert two_files == one_files
    assert summary(two) == summary(one)


def test_a_failed_extraction_in_a_worker_is_its_files_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article past the first `INLINE` (so extracted in a worker) that cannot be extracted
    stops its file with that file's error, as in one process; the other files are written."""
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    bad_title = rows[70]["title"]
    real = workers.extract_article

    def failing(raw: RawArticle, year_hint: int | None, settings: workers.Settings) -> tuple[Article, Sketch]:
        if raw.title == bad_title:
            raise ValueError("cannot make sense of this article")
        return real(raw, year_hint, settings)

    monkeypatch.setattr(workers, "extract_article", failing)
    reports = []
    for jobs in (1, 2):
        report, written = run(tmp_path, f"jobs{jobs}", jobs)
        reports.append(str(summary(report)).replace(f"jobs{jobs}", "jobs"))
        export = next(f for f in report.files if f.path.endswith("export.jsonl"))
        assert export.error is not None and "ValueError: cannot make sense of this article" in export.error
        assert "export.jsonl:71: " in export.error  # the file, and the line of the record
        assert export.articles == 71  # the 71st stopped the file; its earlier articles stay written
        assert len(written) == 70 + 20
    assert reports[0] == reports[1]
