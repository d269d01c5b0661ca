"""The archive as data: exported, read back with the tools researchers use, counted against the site."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from site_builder.site.archive import gather
from site_builder.site.charts import comention_counts
from site_builder.site.export import MIN_PAIR, tables
from tests.conftest import make_root, run_cli


@pytest.fixture(scope="module")
def archive_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_root(tmp_path_factory.mktemp("export"), example=True)
    code, out = run_cli("ingest", "--root", str(root), "--quiet")
    assert code == 0, out
    return root


def _expected(root: Path) -> dict[str, int]:
    archive = gather(root)
    mentions = sum(len({k for keys in p.entities.values() for k in keys}) for p in archive.pages)
    pairs = sum(1 for n in comention_counts(archive).values() if n >= MIN_PAIR)
    return {
        "articles": len(archive.pages),
        "entities": len(archive.entities),
        "mentions": mentions,
        "comentions": pairs,
    }


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_reads_back_with_the_counts_of_the_site(archive_root: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / fmt
    code, log = run_cli("export", "--root", str(archive_root), "--format", fmt.upper(), "--out", str(out))
    assert code == 0, log
    expected = _expected(archive_root)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == ["articles", "entities", "mentions", "comentions"]
    for resource in package["resources"]:
        path = out / resource["path"]
        fields = [f["name"] for f in resource["schema"]["fields"]]
        if fmt == "csv":
            frame = pd.read_csv(path)  # no options: what a researcher types first
            with path.open(encoding="utf-8", newline="") as fh:
                assert next(csv.reader(fh)) == fields
        elif fmt == "jsonl":
            frame = pd.read_json(path, lines=True)
        else:
            frame = pq.read_table(path).to_pandas()
        assert len(frame) == expected[resource["name"]], resource["name"]
        assert list(frame.columns) == fields
    articles = pd.read_csv(out / "articles.csv") if fmt == "csv" else None
    if articles is not None:
        assert articles["body"].str.len().min() > 0


def test_export_rows_are_stable_and_complete(archive_root: Path) -> None:
    archive = gather(archive_root)
    first, second = tables(archive), tables(gather(archive_root))
    assert [list(t.rows) for t in first] == [list(t.rows) for t in second]
    by_name = {t.name: list(t.records()) for t in first}
    urls = {r["url"] for r in by_name["articles"]}
    ids = {r["id"] for r in by_name["entities"]}
    assert all(m["article_url"] in urls and m["entity_id"] in ids for m in by_name["mentions"])
    for row in by_name["entities"]:
        assert row["articles"] == sum(1 for m in by_name["mentions"] if m["entity_id"] == row["id"])


def test_the_site_offers_the_same_files(archive_root: Path) -> None:
    code, out = run_cli("build", "--root", str(archive_root), "--no-search")
    assert code == 0, out
    site = archive_root / "_site"
    page = (site / "data.html").read_text(encoding="utf-8")
    expected = _expected(archive_root)
    for name, count in expected.items():
        assert f'href="data/csv/{name}.csv"' in page
        assert len(pd.read_csv(site / "data" / "csv" / f"{name}.csv")) == count
    assert (site / "data" / "csv" / "datapackage.json").is_file()
    assert not (site / "data" / "jsonl").exists()


def test_an_unknown_format_is_refused(archive_root: Path) -> None:
    code, out = run_cli("export", "--root", str(archive_root), "--format", "xlsx")
    assert code != 0 and "xlsx" in out


def test_fast_csv_is_what_the_csv_module_writes(archive_root: Path) -> None:
    import io

    from site_builder.site.export import csv_text

    archive = gather(archive_root)
    for table in tables(archive):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(table.names)
        for row in table.rows:
            writer.writerow(
                ["; ".join(map(str, v)) if isinstance(v, list) else "; ".join(f"{k}={x}" for k, x in v.items())
                 if isinstance(v, dict) else v for v in row]
            )  # fmt: skip
        assert csv_text(table) == buf.getvalue(), table.name
    tricky = tables(archive)[0].__class__("t", "", (("a", "string", ""), ("b", "integer", ""), ("c", "array", "")), [])
    rows = [('say "hi", then\nleave', 3, ["x,y", 'q"'])]
    fast = csv_text(tricky.__class__("t", "", tricky.fields, rows))
    assert list(csv.reader(io.StringIO(fast)))[1] == ['say "hi", then\nleave', "3", 'x,y; q"']


def test_recurring_pairs_are_the_full_count_above_the_floor(archive_root: Path) -> None:
    """Counted one entity at a time without the pairs seen once, the same counts as the full
    count filtered; with too few recurring pairs for the network, every pair."""
    archive = gather(archive_root)
    full = comention_counts(archive)
    recurring = comention_counts(archive, floor=MIN_PAIR)
    assert recurring == {ab: n for ab, n in full.items() if n >= MIN_PAIR}
    assert recurring and any(n == 1 for n in full.values())
    assert comention_counts(archive, floor=MIN_PAIR, enough=len(recurring) + 1) == full
