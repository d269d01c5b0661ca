"""The built archive: pages present, links relative and resolving, both-way entity links,
escaping of hostile input, determinism and a failed build that keeps the old site."""

from __future__ import annotations

import filecmp
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import SHARED, make_root, run_cli


class Links(HTMLParser):
    """Collect href/src values and JSON-LD blocks of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(str(a[key]))
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def internal_links(site: Path) -> dict[Path, list[Path]]:
    """page -> the files its internal links point at (fragments and queries dropped)."""
    out: dict[Path, list[Path]] = {}
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        targets = []
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            assert not link.startswith("/"), f"{page}: root-absolute link {link}"
            if not parts.path:
                continue
            targets.append((page.parent / unquote(parts.path)).resolve())
        out[page] = targets
    return out


@pytest.fixture(scope="module")
def wiki_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_root(tmp_path_factory.mktemp("wiki"), example=True)
    wiki = SHARED / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl"
    code, out = run_cli(
        "ingest",
        "--root",
        str(root),
        "-q",
        str(root / "content" / "raw"),
        str(wiki),
        str(SHARED / "seeds" / "000_9d1449ccce0eda8e.txt"),
    )
    assert code == 0, out
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 0, out
    return root / "_site"


@pytest.mark.parametrize("which", ["seed_site", "wiki_site"])
def test_links_relative_and_resolving(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    for page, targets in internal_links(site).items():
        for t in targets:
            assert t.is_file(), f"{page.relative_to(site)} links to missing file or folder {t}"


@pytest.mark.parametrize("which", ["seed_site", "wiki_site"])
def test_every_article_indexed_and_entities_linked_both_ways(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    links = internal_links(site)
    articles = {p.resolve() for p in (site / "articles").rglob("*.html")}
    index_pages = [p for p in links if p.relative_to(site).parts[0] in ("archive", "sources") or p.name == "index.html"]
    linked = {t for p in index_pages for t in links[p]}
    assert articles and articles <= linked
    kinds = ("people", "organizations", "places")
    entity_pages = [p for k in kinds for p in (site / k).glob("*.html") if p.name != "index.html"]
    assert entity_pages
    by_entity: dict[Path, set[Path]] = {}
    for page in entity_pages:
        base = page.name.split("-page-")[0].removesuffix(".html") + ".html"
        by_entity.setdefault((page.parent / base).resolve(), set()).update(t for t in links[page] if t in articles)
    for art in articles:
        for t in links[art]:
            if t in by_entity:
                assert art in by_entity[t], f"{t.name} does not link back to {art.name}"
    for ent, arts in by_entity.items():
        for a in arts:
            assert ent in set(links[a]), f"{a.name} does not link to {ent.name}"


def test_home_lists_example_articles(seed_site: Path) -> None:
    home = parse(seed_site / "index.html")
    assert sum(1 for link in home.links if link.startswith("articles/")) >= 8


def test_required_files(seed_site: Path) -> None:
    for name in (
        "index.html",
        "search.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "search-index.js",
        "pagefind/pagefind.js",
        "static/style.css",
        "static/search.js",
        "people/index.html",
        "organizations/index.html",
        "places/index.html",
        "archive/index.html",
        "people/nicolas-maduro.html",
        "people/nicolas-maduro.xml",
    ):
        assert (seed_site / name).is_file(), name


def test_article_page_has_json_ld_and_captions(seed_site: Path) -> None:
    page = next((seed_site / "articles" / "2022" / "03").glob("maduro-*.html"))
    p = parse(page)
    data = json.loads(p.scripts[0])
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2022-03-08"
    html = page.read_text(encoding="utf-8")
    assert "AFP / Federico PARRA" in html and "<figcaption>" in html


HOSTILE = """<script>alert('t')</script> Evil {{ 7*7 }} Headline

By <img src=x onerror=alert(1)> Staff
March 3, 2022

Click [here](javascript:alert(1)) and <b onmouseover="x()">bold</b> {% raw %} Ministry of <script>Truth</script> said.

A caption with <iframe src="https://evil.example/"></iframe>
Photo: <svg onload=alert(2)> / AFP
"""


def test_hostile_input_is_text(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    (raw / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    assert run_cli("ingest", "--root", str(root))[0] == 0
    code, out = run_cli("build", "--root", str(root))  # with search: its indexes hold input text too
    assert code == 0, out
    site = root / "_site"
    for f in [*site.rglob("*.html"), site / "feed.xml", *site.rglob("*.xml"), site / "search-index.js"]:
        text = f.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<iframe" not in text, f
        assert "<svg onload" not in text and 'href="javascript:' not in text and "<b onmouseover" not in text, f
        assert "49" not in text.split("Evil")[-1][:20] if "Evil" in text else True
    art = next((site / "articles").rglob("*.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in art and "{{ 7*7 }}" in art
    ld = parse(next((site / "articles").rglob("*.html"))).scripts[0]
    assert "</script" not in ld.lower()
    json.loads(ld)


def test_two_builds_identical(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    run_cli("ingest", "--root", str(root), "-q")
    assert run_cli("build", "--root", str(root), "--no-search", "--out", str(tmp_path / "a"))[0] == 0
    assert run_cli("build", "--root", str(root), "--no-search", "--out", str(tmp_path / "b"))[0] == 0
    cmp = filecmp.dircmp(tmp_path / "a", tmp_path / "b")

    def same(d: filecmp.dircmp[str]) -> None:
        assert not d.left_only and not d.right_only
        _, mismatch, errors = filecmp.cmpfiles(d.left, d.right, d.common_files, shallow=False)
        assert not mismatch and not errors, mismatch
        for sub in d.subdirs.values():
            same(sub)

    same(cmp)


def test_failed_build_keeps_previous_site(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    run_cli("ingest", "--root", str(root), "-q")
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0
    before = (root / "_site" / "index.html").read_text(encoding="utf-8")
    bad = next((root / "content" / "articles").rglob("*.md"))
    bad.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 1
    assert re.search(re.escape(bad.name) + r":\d+: invalid YAML", out), out
    assert (root / "_site" / "index.html").read_text(encoding="utf-8") == before
    assert not list(root.glob(".*tmp*"))


def test_check_command(seed_site: Path) -> None:
    root = seed_site.parent
    code, out = run_cli("check", "--root", str(root))
    assert code == 0, out
    (seed_site / "broken.html").write_text(
        '<a href="nowhere.html">x</a><a href="/abs.html">y</a>'
        '<a href="people/">z</a><a href="people/index.html#letter-Q">q</a>'
        '<a href="#top">t</a>',
        encoding="utf-8",
    )
    try:
        code, out = run_cli("check", "--root", str(root))
        assert code == 1
        assert "nowhere.html" in out and "root-absolute" in out and "folder" in out
        assert "no element with id 'letter-Q'" in out and "id 'top'" in out
    finally:
        (seed_site / "broken.html").unlink()


def test_user_theme_overrides_file_by_file(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    theme = root / "themes" / "paper"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    (theme / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Lost in the paper theme</h1>{% endblock %}', encoding="utf-8"
    )
    (theme / "static" / "style.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    (root / "content" / "site.toml").write_text('title = "Paper"\ntheme = "paper"\n', encoding="utf-8")
    run_cli("ingest", "--root", str(root), "-q")
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 0, out
    site = root / "_site"
    assert "Lost in the paper theme" in (site / "404.html").read_text(encoding="utf-8")
    assert "#123456" in (site / "static" / "style.css").read_text(encoding="utf-8")
    assert (site / "static" / "search.js").is_file()  # not overridden: the default's
    assert "<title>Paper</title>" in (site / "index.html").read_text(encoding="utf-8")


def test_missing_theme_is_a_clear_error(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    (root / "content" / "site.toml").write_text('theme = "nowhere"\n', encoding="utf-8")
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 1 and "theme 'nowhere' not found" in out and "site.toml" in out


def test_bad_config_value_named(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    (root / "content" / "site.toml").write_text('title = 3\nper_page = "ten"\n', encoding="utf-8")
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 1
    assert "Config value 'title': expected str, got int" in out and "Config value 'per_page'" in out


def test_no_asset_from_the_network(seed_site: Path) -> None:
    for page in seed_site.rglob("*.html"):
        if "pagefind" in page.relative_to(seed_site).parts:
            continue
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link.startswith(("http:", "https:", "//")):
                pytest.fail(f"{page.relative_to(seed_site)} loads {link}")
    css = (seed_site / "static" / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css


def test_writer_refuses_escapes_and_twice(tmp_path: Path) -> None:
    from site_builder.errors import ContentError
    from site_builder.site.writer import Writer

    w = Writer(tmp_path)
    w.write("a/b.html", "x")
    for bad in ("../outside.html", "/etc/passwd", "a/../../x.html", "a\\..\\x.html", "a/./b.html", ""):
        with pytest.raises(ContentError, match="outside the site"):
            w.write(bad, "x")
    with pytest.raises(ContentError, match="two pages"):
        w.write("a/b.html", "y")
    assert not (tmp_path.parent / "outside.html").exists()


def test_hand_written_articles(tmp_path: Path) -> None:
    """Articles written by hand, with few fields and human dates, build; a bad date is named."""
    root = make_root(tmp_path)
    folder = root / "content" / "articles" / "notes"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("---\ntitle: A note\ndate: March 3, 2022\n---\nSome text.\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: Another\ndate: 2021\npeople: [Jo Reyes]\n---\nMore.\n", encoding="utf-8")
    (folder / "c.md").write_text("---\ntitle: No date\n---\nUndated text.\n", encoding="utf-8")
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 0, out
    site = root / "_site"
    assert (site / "archive" / "2022.html").is_file() and (site / "archive" / "undated.html").is_file()
    assert (site / "people" / "jo-reyes.html").is_file()
    (folder / "d.md").write_text("---\ntitle: Broken\ndate: someday\n---\nText.\n", encoding="utf-8")
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 1 and "d.md" in out and "cannot read 'someday' as a date" in out


@pytest.mark.parametrize(
    ("template", "snippet", "message"),
    [
        ("404.html", "{{ broken(( }}", "template error: unexpected"),
        ("article.html", "{{ no_such_variable }}", "'no_such_variable' is undefined"),
    ],
)
def test_broken_theme_named(tmp_path: Path, template: str, snippet: str, message: str) -> None:
    root = make_root(tmp_path, example=True)
    theme = root / "themes" / "bad" / "templates"
    theme.mkdir(parents=True)
    (theme / template).write_text(
        '{% extends "base.html" %}{% block main %}' + snippet + "{% endblock %}", encoding="utf-8"
    )
    (root / "content" / "site.toml").write_text('theme = "bad"\n', encoding="utf-8")
    run_cli("ingest", "--root", str(root), "-q")
    code, out = run_cli("build", "--root", str(root), "--no-search", "--jobs", "2")
    assert code == 1
    assert f"themes/bad/templates/{template}:1: " in out and message in out


def test_errors_survive_worker_processes() -> None:
    import pickle

    from site_builder.errors import ContentError

    err = ContentError("template error: x", path="themes/t/a.html", line=3, hint="fix it")
    back = pickle.loads(pickle.dumps(err))
    assert back.format() == err.format() == "themes/t/a.html:3: template error: x -- fix it"
    assert (back.path, back.line) == ("themes/t/a.html", 3)


def test_404_links_work_at_any_depth_with_a_base_url(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    run_cli("ingest", "--root", str(root), "-q")
    code, out = run_cli("build", "--root", str(root), "--no-search", "--base-url", "https://example.org/archive/")
    assert code == 0, out
    page = (root / "_site" / "404.html").read_text(encoding="utf-8")
    assert '<base href="https://example.org/archive/">' in page
    feed = (root / "_site" / "feed.xml").read_text(encoding="utf-8")
    assert "https://example.org/archive/articles/" in feed
    assert "https://example.org/archive/index.html" in (root / "_site" / "sitemap.xml").read_text(encoding="utf-8")


def test_rebuild_replaces_the_site_and_removes_the_old_one(tmp_path: Path) -> None:
    """A rebuild swaps the new site in; the old one is deleted by a background process."""
    import time

    root = make_root(tmp_path, example=True)
    assert run_cli("ingest", "--root", str(root), "-q")[0] == 0
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0
    marker = root / "_site" / "stale.html"
    marker.write_text("old", encoding="utf-8")
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0
    assert (root / "_site" / "index.html").is_file() and not marker.exists()
    deadline = time.monotonic() + 30
    while list(root.glob("._site.old*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(root.glob("._site.old*")) and not list(root.glob("._site.tmp-*"))


def test_mentions_linked_once_through_the_token_stream() -> None:
    """First mentions link (any script, lower-case particles as written); a common word that only
    matches case-insensitively does not; text inside an existing link or code is left alone."""
    from site_builder.site.render_markdown import render_body

    body = (
        "Łukasz Szumowski met Путин and al-Assad. Szumowski spoke; an apple fell.\n\n"
        "Apple then sold [Apple shares](https://x.example/) and `Путин` again, Путин said."
    )
    html = render_body(
        body,
        [
            ("Łukasz Szumowski", "p/ls.html"),
            ("Szumowski", "p/ls.html"),
            ("Путин", "p/vp.html"),
            ("al-Assad", "p/aa.html"),
            ("Apple", "o/apple.html"),
        ],
    )
    assert html.count('href="p/ls.html"') == 1 and '<a href="p/ls.html" class="entity">Łukasz Szumowski</a>' in html
    assert '<a href="p/vp.html" class="entity">Путин</a> and' in html and html.count('href="p/vp.html"') == 1
    assert '<a href="p/aa.html" class="entity">al-Assad</a>' in html
    assert "an apple fell" in html and '<a href="o/apple.html" class="entity">Apple</a> then sold' in html
    assert '<a href="https://x.example/">Apple shares</a>' in html and "<code>Путин</code>" in html
    assert render_body("<b>Apple</b> & co", [("Apple", "o/apple.html")]).startswith("<p>&lt;b&gt;<a href=")


def test_month_and_day_without_year_shown(tmp_path: Path) -> None:
    """A wire lead's `Dec 6` with no year anywhere: kept in the front matter and shown as such."""
    root = make_root(tmp_path)
    raw = root / "content" / "raw"
    raw.mkdir()
    (raw / "wire.txt").write_text(
        "Copper mine reopens after strike\n\nLIMA, Dec 6 (Reuters) - A copper mine in "
        "the south reopened on Friday after a two-week strike ended.\n\nWorkers returned "
        "in the morning, the company said.\n",
        encoding="utf-8",
    )
    assert run_cli("ingest", "--root", str(root), "-q")[0] == 0
    md = next((root / "content" / "articles").rglob("*.md")).read_text(encoding="utf-8")
    assert "date_partial: --12-06" in md and "date_flag: year_unknown" in md
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 0, out
    page = next((root / "_site" / "articles").rglob("*.html")).read_text(encoding="utf-8")
    assert "6 December, year unknown" in page
