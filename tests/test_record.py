"""The archive as a record: what was put in comes out once, what was removed stays removed,
and articles whose raw text changed are found, reported and (on request) pruned."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.conftest import make_root, run_cli
from tests.records import write_records


def articles(root: Path) -> dict[str, str]:
    folder = root / "content" / "articles"
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.md"))
        if ".edited" not in p.name
    }


def _setup(tmp_path: Path, count: int = 6) -> Path:
    root = make_root(tmp_path)
    write_records(root / "content" / "raw" / "export.jsonl", count)
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert code == 0 and f"{count} new" in out
    return root


def test_a_deleted_article_stays_deleted_until_restored(tmp_path: Path) -> None:
    root = _setup(tmp_path)
    gone = sorted(articles(root))[0]
    (root / "content" / "articles" / gone).unlink()
    code, out = run_cli("ingest", "--root", str(root))
    assert code == 0 and "1 deleted by hand" in out and "ingest --restore" in out
    assert gone not in articles(root) and len(articles(root)) == 5
    code, out = run_cli("ingest", "--root", str(root), "--restore")
    assert code == 0 and "1 new" in out and gone in articles(root)


def test_a_renamed_article_is_kept_at_its_new_name(tmp_path: Path) -> None:
    root = _setup(tmp_path)
    old = sorted(articles(root))[0]
    folder = root / "content" / "articles"
    (folder / old).rename(folder / "2024" / "my-own-name.md")
    code, out = run_cli("ingest", "--root", str(root))
    assert code == 0 and "renamed by hand" in out and "6 unchanged" in out
    assert old not in articles(root) and "2024/my-own-name.md" in articles(root) and len(articles(root)) == 6


def test_orphans_of_a_changed_raw_file_are_reported_and_pruned(tmp_path: Path) -> None:
    root = _setup(tmp_path)
    raw = root / "content" / "raw" / "export.jsonl"
    records = [json.loads(line) for line in raw.read_text(encoding="utf-8").splitlines()]
    records[0]["text"] += " A correction was added later."
    records[1]["text"] += " Another correction."
    raw.write_text("".join(json.dumps(r) + "\n" for r in records[:5]), encoding="utf-8")  # the last one removed
    code, out = run_cli("check", "--root", str(root))
    assert code == 1 and "content/raw/export.jsonl: changed since it was ingested" in out
    before = articles(root)
    code, out = run_cli("ingest", "--root", str(root))
    assert code == 0 and "2 new" in out and "3 article(s) no longer come from their raw text" in out
    code, out = run_cli("check", "--root", str(root))
    assert code == 1 and out.count("orphan:") == 3
    edited_rel = next(rel for rel, text in before.items() if records[0]["title"] in text)
    edited = root / "content" / "articles" / edited_rel
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Valley Courier", "Valley Courier (checked)"), encoding="utf-8"
    )
    code, out = run_cli("ingest", "--root", str(root), "--prune", "--dry-run")
    assert code == 0 and out.count("would remove") == 2 and "kept content/articles/" in out
    assert len(articles(root)) == 8
    code, out = run_cli("ingest", "--root", str(root), "--prune")
    assert code == 0 and out.count("  removed content/articles/") == 2
    assert len(articles(root)) == 6 and edited_rel in articles(root)
    code, out = run_cli("check", "--root", str(root))
    assert out.count("orphan:") == 1  # the hand-edited one, until its editor decides


def test_a_vanished_raw_file_makes_orphans(tmp_path: Path) -> None:
    root = _setup(tmp_path, 3)
    (root / "content" / "raw" / "export.jsonl").unlink()
    (root / "content" / "raw" / "other.jsonl").write_text("", encoding="utf-8")
    _code, out = run_cli("ingest", "--root", str(root), "--prune")
    assert out.count("  removed content/articles/") == 3 and articles(root) == {}


def _site_files(site: Path) -> dict[str, str]:
    """Every file of the site as text; Pagefind's fragments decompressed."""
    out = {}
    for f in site.rglob("*"):
        if not f.is_file():
            continue
        data = f.read_bytes()
        if f.suffix == ".pf_fragment":
            data = gzip.decompress(data)
        out[f.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return out


def test_drafts_and_retractions_are_absent_everywhere(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    folder = root / "content" / "articles" / "2024" / "05"
    folder.mkdir(parents=True)
    body = "Officials in {word} Harbour said on Monday that the {word} quay would reopen. Mayor Zenobia {word} agreed."
    for name, word, status in (
        ("pub", "Published", ""),
        ("draft", "Draftonly", "status: draft\n"),
        ("gone", "Retractonly", "status: retracted\nnotice: Withdrawn after a complaint.\n"),
    ):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {word} story\ndate: '2024-05-0{len(name)}'\nsource: "
            f"Wire\npeople: [Zenobia {word}]\nplaces: [{word} Harbour]\n{status}---"
            f"\n\n{body.format(word=word)}\n",
            encoding="utf-8",
        )
    code, out = run_cli("build", "--root", str(root))
    assert code == 0, out
    site = root / "_site"
    files = _site_files(site)
    assert any("Published" in text for text in files.values())
    for word in ("Draftonly", "Retractonly"):
        where = [name for name, text in files.items() if word in text and name != "articles/2024/05/gone.html"]
        assert where == [], f"{word} appears in {where}"
    assert not (site / "articles" / "2024" / "05" / "draft.html").exists()
    notice = (site / "articles" / "2024" / "05" / "gone.html").read_text(encoding="utf-8")
    assert "retracted" in notice and "Withdrawn after a complaint." in notice and "quay" not in notice
    assert "gone.html" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert run_cli("check", "--root", str(root))[0] == 0


def test_check_reports_two_articles_from_one_raw_article(tmp_path: Path) -> None:
    root = _setup(tmp_path, 2)
    rel = sorted(articles(root))[0]
    source = root / "content" / "articles" / rel
    source.with_name(source.stem + "-2.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = run_cli("check", "--root", str(root))
    assert code == 1 and out.count("the same raw article as") == 1 and "-2.md" in out


def test_orphans_are_found_with_a_manifest_from_before_orphan_detection(tmp_path: Path) -> None:
    """Older manifests did not record each article's raw file; it is learnt from front matter."""
    root = _setup(tmp_path, 3)
    manifest = root / "content" / "articles" / ".ingest-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["articles"].values():
        entry.pop("raw", None)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    raw = root / "content" / "raw" / "export.jsonl"
    raw.write_text("".join(raw.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    code, out = run_cli("ingest", "--root", str(root), "--prune")
    assert code == 0 and out.count("  removed content/articles/") == 1 and len(articles(root)) == 2
