"""Ingest safety: idempotence, hand edits, duplicates, bad inputs, decoding."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from site_builder.errors import InputError
from site_builder.ingest.decode import decode_bytes
from tests.conftest import SEED, make_root, run_cli


def snapshot(root: Path) -> dict[str, bytes]:
    folder = root / "content" / "articles"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_ingest_twice_changes_nothing(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    assert run_cli("ingest", "--root", str(root), str(SEED))[0] == 0
    first = snapshot(root)
    code, out = run_cli("ingest", "--root", str(root), str(SEED))
    assert code == 0 and "2 unchanged" in out
    assert snapshot(root) == first


def test_hand_edit_is_never_overwritten(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    run_cli("ingest", "--root", str(root), str(SEED))
    target = next((root / "content" / "articles").rglob("maduro-*.md"))
    edited = target.read_text(encoding="utf-8").replace("Maduro Announces", "Maduro Says")
    target.write_text(edited, encoding="utf-8")
    code, out = run_cli("ingest", "--root", str(root), str(SEED))
    assert code == 0 and "1 kept" in out
    assert target.read_text(encoding="utf-8") == edited
    code, out = run_cli("ingest", "--root", str(root), "--force", str(SEED))
    assert "1 replaced" in out
    aside = target.with_name(target.stem + ".edited.md")
    assert aside.read_text(encoding="utf-8") == edited
    assert "Maduro Announces" in target.read_text(encoding="utf-8")
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0  # the aside copy is not an article


def test_exact_duplicates_become_one_article(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    code, _ = run_cli("ingest", "--root", str(root), str(SEED), str(copy))
    assert code == 0
    files = list((root / "content" / "articles").rglob("*.md"))
    assert len(files) == 2
    assert all("also_in:" in f.read_text(encoding="utf-8") for f in files)


def test_bad_files_fail_alone(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    (raw / "a-empty.txt").write_bytes(b"")
    (raw / "b-scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (raw / "c-photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (raw / "d-archive.zip").write_bytes(b"PK\x03\x04" + bytes(100))
    (raw / "e-noise.txt").write_text("\n\n   \n", encoding="utf-8")
    (raw / "f-good.txt").write_bytes(SEED.read_bytes())
    code, out = run_cli("ingest", "--root", str(root), str(raw), str(tmp_path / "missing.txt"))
    assert code == 1
    for name, words in (
        ("a-empty.txt", "empty"),
        ("b-scan.pdf", "PDF"),
        ("c-photo.png", "PNG"),
        ("d-archive.zip", "ZIP"),
        ("e-noise.txt", "no article"),
    ):
        line = next(x for x in out.splitlines() if name in x)
        assert line.startswith("error:") and words in line and " -- " in line, line
    assert "missing.txt" in out
    assert len(list((root / "content" / "articles").rglob("*.md"))) == 2


def test_unreadable_path(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    code, out = run_cli("ingest", "--root", str(root), str(link), str(SEED))
    assert code == 1
    assert any(x.startswith("error:") and "dangling.txt" in x for x in out.splitlines())
    assert len(list((root / "content" / "articles").rglob("*.md"))) == 2


def test_too_large_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.ingest import pipeline

    monkeypatch.setattr(pipeline, "MAX_BYTES", 1000)
    root = make_root(tmp_path)
    code, out = run_cli("ingest", "--root", str(root), str(SEED))
    assert code == 1 and "split it" in out


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("utf-16-le"),
        lambda s: s.replace("’", "'").encode("cp1252"),
    ],
)
def test_decodings(encode: object) -> None:
    text = "Café owners in Bogotá said the mayor’s plan was “unfair”.\r\nSecond line\u00a0here."
    out = decode_bytes(encode(text))  # type: ignore[operator]
    assert "Café" in out and "Bogotá" in out and "\r" not in out and "\u00a0" not in out


def test_mojibake_repaired() -> None:
    broken = "Venezuela’s opposition".encode().decode("cp1252").encode("utf-8")
    assert decode_bytes(broken) == "Venezuela’s opposition"


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="PDF"):
        decode_bytes(b"%PDF-1.4 ...", path="x.pdf")


def test_near_duplicates_stay_apart_and_link(tmp_path: Path) -> None:
    from tests.conftest import REPO

    root = make_root(tmp_path)
    rewrite = REPO / "tests" / "fixtures" / "afp-rewrite.txt"
    code, out = run_cli("ingest", "--root", str(root), str(SEED), str(rewrite))
    assert code == 0
    assert "versions of one story" in out
    assert len(list((root / "content" / "articles").rglob("*.md"))) == 3
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0
    site = root / "_site" / "articles" / "2022" / "03"
    afp = (site / "maduro-announces-resumption-of-talks-with-opposition.html").read_text(encoding="utf-8")
    other = (site / "venezuela-s-maduro-says-talks-with-opposition-will-resume.html").read_text(encoding="utf-8")
    assert "Other versions of this story" in afp and "venezuela-s-maduro-says-talks" in afp
    assert "Other versions of this story" in other and "maduro-announces-resumption" in other
    bloomberg = next((root / "_site" / "articles" / "2022").glob("two-senior-*.html")).read_text(encoding="utf-8")
    assert "Other versions of this story" not in bloomberg


def test_duplicates_across_files_are_idempotent(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    assert run_cli("ingest", "--root", str(root), str(SEED), str(copy))[0] == 0
    first = snapshot(root)
    code, out = run_cli("ingest", "--root", str(root), str(SEED), str(copy))
    assert code == 0 and "2 unchanged" in out and "updated" in out and "0 updated" in out
    assert snapshot(root) == first


def test_big_jsonl_streams_through_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from site_builder.ingest import pipeline

    monkeypatch.setattr(pipeline, "MAX_BYTES", 10_000)
    root = make_root(tmp_path)
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for n in range(300):
            fh.write(
                json.dumps(
                    {
                        "title": f"Harbour report {n}",
                        "date": "2021-05-04",
                        "text": f"Report number {n} from the harbour. " * 40,
                    }
                )
                + "\n"
            )
        fh.write("{broken json\n")
    code, out = run_cli("ingest", "--root", str(root), str(big))
    assert code == 0, out
    assert "300 article(s)" in out and "line 301: not valid JSON" in out
    assert len(list((root / "content" / "articles").rglob("*.md"))) == 300
