"""Hostile and broken input: each case is refused or read safely, names the file (and line),
and never stops the other files. None may take memory or time out of proportion to its size."""

from __future__ import annotations

import json
import os
import resource
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from site_builder.entities.curation import Curation
from site_builder.errors import ContentError
from site_builder.frontmatter_io import ArticleError, loads
from site_builder.site.urls import safe_segment
from tests.conftest import SEED, make_root, run_cli
from tests.records import write_records

LAUGHS = (
    '---\ntitle: laughs\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    + "---\n\nText of the article.\n"
)
"""407 bytes of YAML that expand to 9**9 strings if aliases are followed."""

ARTICLE = "---\ntitle: {title}\ndate: '{date}'\nsource: Test Wire\n---\n\n{body}\n"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_billion_laughs_is_refused_everywhere_quickly(tmp_path: Path) -> None:
    assert len(LAUGHS) < 600
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    (raw / "bomb.md").write_text(LAUGHS, encoding="utf-8")
    (raw / "seed.txt").write_bytes(SEED.read_bytes())
    t0, rss0 = time.monotonic(), _rss_mb()
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert code == 1 and "content/raw/bomb.md:" in out and "aliases" in out and "2 new" in out
    with pytest.raises(ArticleError, match="aliases"):
        loads(LAUGHS)
    note = root / "content" / "entities" / "people" / "bomb.md"
    note.parent.mkdir(parents=True)
    note.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(ContentError, match="aliases"):
        Curation.load(root / "content" / "entities")
    assert _rss_mb() - rss0 < 200 and time.monotonic() - t0 < 60


@pytest.mark.parametrize(
    "front, expect",
    [
        ("title: a\nx: !!python/object/apply:os.system ['true']", "could not determine a constructor"),
        ("title: [unclosed", "invalid YAML"),
        ("title: ok\ndate: 2022-02-30", None),  # a raw date that does not exist: read, not a crash
        ("- a list\n- not a mapping", "not a list of `key: value` lines"),
    ],
)
def test_bad_raw_front_matter_is_that_files_error_only(tmp_path: Path, front: str, expect: str | None) -> None:
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    (raw / "a-bad.md").write_text(f"---\n{front}\n---\n\nSome article text about the harbour.\n", encoding="utf-8")
    write_records(raw / "b-good.jsonl", 3)
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert "Traceback" not in out
    if expect:
        assert code == 1 and "content/raw/a-bad.md:" in out and expect in out
    assert "3 new" in out or "4 new" in out


@pytest.mark.parametrize(
    "date, message",
    [
        ("2022-13-01", "not a date in the calendar"),
        ("2022-00-99", "not a date in the calendar"),
        ("2022-02-30", "not a date in the calendar"),
        ("!!timestamp x", "cannot read"),
    ],
)
def test_impossible_article_dates_fail_check_and_build_alike(tmp_path: Path, date: str, message: str) -> None:
    root = make_root(tmp_path)
    folder = root / "content" / "articles" / "2022"
    folder.mkdir(parents=True)
    value = date if date.startswith("!!") else f"'{date}'"
    (folder / "bad.md").write_text(f"---\ntitle: A title\nsource: X\ndate: {value}\n---\n\nBody.\n", encoding="utf-8")
    (folder / "good.md").write_text(ARTICLE.format(title="Fine", date="2022-03-01", body="Body."), encoding="utf-8")
    code, out = run_cli("check", "--root", str(root))
    assert code == 1 and "content/articles/2022/bad.md:4:" in out and message in out
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 1 and "content/articles/2022/bad.md:4:" in out and "Traceback" not in out


@pytest.mark.parametrize(
    "text, message",
    [
        (b"---\nname: X\naliases: 3.14\n---\n", "expected a list of names"),
        (b"---\nname: X\nborn: 2022-02-30\n---\n", "not a date in the calendar"),
        (b"---\nname: X\nmerge_int: Y\n---\n", "did you mean 'merge_into'"),
        (b"---\nname: X\nignore: maybe\n---\n", "expected true or false"),
        (b"---\nname: Caf\xe9\n---\n", "not UTF-8"),
    ],
)
def test_broken_notes_are_errors_with_file_and_line(tmp_path: Path, text: bytes, message: str) -> None:
    root = make_root(tmp_path)
    note = root / "content" / "entities" / "people" / "x.md"
    note.parent.mkdir(parents=True)
    note.write_bytes(text)
    for verb in (("check",), ("build", "--no-search"), ("ingest", str(SEED))):
        code, out = run_cli(verb[0], "--root", str(root), *verb[1:])
        assert code == 1 and "content/entities/people/x.md:" in out and message in out, (verb, out)
        assert "Traceback" not in out


def test_a_note_speaks_for_its_own_kind_only(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "content" / "entities" / "organizations").mkdir(parents=True)
    (root / "content" / "entities" / "organizations" / "hamburg.md").write_text(
        "---\nignore: true\n---\n", encoding="utf-8"
    )
    folder = root / "content" / "articles" / "2024"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(
        "---\ntitle: Port news\ndate: '2024'\nplaces: [Hamburg]\norganizations: [Hamburg]\n"
        "---\n\nThe port of Hamburg grew.\n",
        encoding="utf-8",
    )
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0
    assert (root / "_site" / "places" / "hamburg.html").is_file()
    assert not (root / "_site" / "organizations" / "hamburg.html").exists()


def test_records_over_the_limits_are_skipped_not_fatal(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    good = write_records(raw / "a.jsonl", 2)
    with (raw / "a.jsonl").open("a", encoding="utf-8") as fh:  # a 17 MB record between two good ones
        fh.write(json.dumps({"title": "Huge", "text": "word " * 3_500_000}) + "\n")
        fh.write(json.dumps(good[0] | {"title": "After the huge one"}) + "\n")
    big_cell = "harbour " * 20_000  # 160 KB: above the csv module's default cell limit
    (raw / "b.csv").write_text(f'title,text\nLong cell,"{big_cell}"\n', encoding="utf-8")
    nested = "[" * 100_000 + "]" * 100_000
    (raw / "c.json").write_text(nested, encoding="utf-8")
    (raw / "d.html").write_text(
        f'<html><head><script type="application/ld+json">{nested}</script></head><body>'
        "<article><h1>Deep page</h1><p>" + "A paragraph about the harbour. " * 20 + "</p></article></body></html>",
        encoding="utf-8",
    )
    _code, out = run_cli("ingest", "--root", str(root))
    assert "Traceback" not in out
    assert "line 3: a record of more than 16 MiB; skipped" in out
    assert "content/raw/c.json:" in out and "nested too deeply" in out
    assert "content/raw/b.csv: 1 article" in out and "content/raw/d.html: 1 article" in out
    assert "content/raw/a.jsonl: 3 article" in out


def test_docx_bomb_is_refused_before_it_inflates(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    with zipfile.ZipFile(raw / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as part:
            chunk = b" " * 2**20
            for _ in range(300):
                part.write(chunk)
    assert (raw / "bomb.docx").stat().st_size < 2_000_000
    rss0 = _rss_mb()
    code, out = run_cli("ingest", "--root", str(root))
    assert code == 1 and "content/raw/bomb.docx:" in out and "would unpack to" in out
    assert _rss_mb() - rss0 < 300


def test_symlinks_out_of_the_archive_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SEED.read_bytes())
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    (raw / "leak.txt").symlink_to(secret)
    write_records(raw / "ok.jsonl", 2)
    code, out = run_cli("ingest", "--root", str(root))
    assert code == 1 and "content/raw/leak.txt:" in out and "outside the archive" in out and "2 new" in out
    article = root / "content" / "articles" / "2024" / "leak.md"
    article.symlink_to(secret)
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 1 and "content/articles/2024/leak.md" in out and "outside the archive" in out


def test_control_characters_never_reach_pages_or_feeds(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    (raw / "ctl.txt").write_text(
        "Harbour\x01 reopens after\x00 storm\n\nBy Ann\x1b Lee\n\nThe harbour at "
        "Kestrel Bay\x07 reopened on Monday after the storm, officials said.\x7f\n",
        encoding="utf-8",
    )
    folder = root / "content" / "articles" / "2024"
    folder.mkdir(parents=True)
    (folder / "hand.md").write_text(
        ARTICLE.format(title="Bell\x07 rings", date="2024-01-02", body="Text\x01 here."), encoding="utf-8"
    )
    assert run_cli("ingest", "--root", str(root))[0] == 0
    ingested = [f for f in (root / "content" / "articles").rglob("*.md") if f.name != "hand.md"]
    assert len(ingested) == 1
    for f in ingested:
        assert not any(
            ord(c) < 9 or 13 < ord(c) < 32 or ord(c) == 127 for c in f.read_text(encoding="utf-8") if c != "\x0c"
        )
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0
    ElementTree.parse(root / "_site" / "feed.xml")  # raises on invalid XML
    for page in (root / "_site").rglob("*.html"):
        assert "\x01" not in page.read_text(encoding="utf-8") and "\x07" not in page.read_text(encoding="utf-8")


def test_random_bytes_are_not_articles(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    (raw / "noise.txt").write_bytes(os.urandom(1_000_000))
    code, out = run_cli("ingest", "--root", str(root))
    assert code == 1 and "content/raw/noise.txt:" in out and "not text" in out
    assert not (root / "content" / "articles").exists() or not list((root / "content" / "articles").rglob("*.md"))


@pytest.mark.parametrize(
    "line, message",
    [
        ('language = "en\\" onload=\\"x"', "'language'"),
        (f'language = "{"x" * 300}"', "'language'"),
        ('base_url = "https://example.org/\\nDisallow: /"', "'base_url'"),
        ('base_url = "javascript:alert(1)"', "'base_url'"),
        ('theme = "../../etc"', "'theme'"),
    ],
)
def test_unsafe_settings_are_refused_naming_site_toml(tmp_path: Path, line: str, message: str) -> None:
    root = make_root(tmp_path)
    (root / "content" / "site.toml").write_text(line + "\n", encoding="utf-8")
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 1 and "site.toml" in out and message in out and "Traceback" not in out


def test_file_and_entity_names_are_safe_on_every_system(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    folder = root / "content" / "articles" / "2024"
    folder.mkdir(parents=True)
    names = ["a" * 245, "what # is ? this % 20", "con", "Ünïcode name"]
    for n, name in enumerate(names):
        (folder / f"{name}.md").write_text(
            ARTICLE.format(title=f"Story {n}", date="2024-05-01", body="Nul and Con met Aux in Prn."), encoding="utf-8"
        )
    (folder / "people.md").write_text(
        "---\ntitle: People\ndate: '2024'\npeople: [Con, Nul]\n---\n\nText.\n", encoding="utf-8"
    )
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 0, out
    for page in (root / "_site").rglob("*"):
        assert len(page.name.encode("utf-8")) <= 200
        assert not any(c in page.name for c in "#?% ")
        assert page.stem.lower() not in {"con", "nul", "aux", "prn"}
    assert run_cli("check", "--root", str(root))[0] == 0
    assert safe_segment("plain-name_1.2") == "plain-name_1.2"


def test_two_thousand_identical_records_write_the_article_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.ingest import pipeline

    root = make_root(tmp_path)
    record = write_records(root / "content" / "raw" / "x.jsonl", 1)[0]
    (root / "content" / "raw" / "x.jsonl").write_text((json.dumps(record) + "\n") * 2000, encoding="utf-8")
    calls = {"n": 0}
    real = pipeline.write_article

    def counting(*args: object, **kwargs: object) -> tuple[str, str]:
        calls["n"] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "write_article", counting)
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert code == 0 and "1 new" in out
    assert calls["n"] == 2  # the article, then once more with its 1,999 other origins
    article = next((root / "content" / "articles").rglob("*.md"))
    assert loads(article.read_text(encoding="utf-8")).also_in.__len__() == 1999


def test_a_theme_cannot_publish_a_file_from_outside_the_archive(tmp_path: Path) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY", encoding="utf-8")
    root = make_root(tmp_path)
    static = root / "themes" / "mine" / "static"
    static.mkdir(parents=True)
    (static / "key.txt").symlink_to(secret)
    (root / "content" / "site.toml").write_text('theme = "mine"\n', encoding="utf-8")
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 1 and "themes/mine/static/key.txt" in out and "outside the archive" in out
    assert not (root / "_site").exists()
