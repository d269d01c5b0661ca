"""Incremental builds are clean builds: after random edits of every kind, the site a build
makes from the previous one is byte for byte the site a clean build makes, search included.

Each edit is one a user makes (a body, a title, a date, an entity added or dropped, an article
added, deleted or retracted, the settings, a theme template); after each, the archive is built
incrementally into `_site` and cleanly (`clean=True`) into another folder, and the two trees are
compared file by file.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import time
from pathlib import Path

import frontmatter
import pytest

from bench.bench import generate
from site_builder.site.build import build
from site_builder.site.cache import FOLDER, PAGES_RECORD

REPO = Path(__file__).resolve().parent.parent


def tree(site: Path, bundles: bool = True) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and (bundles or not p.relative_to(site).parts[0].startswith("pagefind"))
    }


def same_site(a: Path, b: Path, bundles: bool = True) -> list[str]:
    """The files that differ between two sites (missing, extra or changed), empty when equal.
    `bundles=False` leaves Pagefind's bundles out: Pagefind itself names its filter files
    differently in two clean builds of the same pages. What each bundle was made from (the
    digest of its pages, `.site-builder-bundles.json`) is compared instead, with the rest."""
    x, y = tree(a, bundles), tree(b, bundles)
    return sorted((x.keys() ^ y.keys()) | {k for k in x.keys() & y.keys() if x[k] != y[k]})


def articles(root: Path) -> list[Path]:
    return sorted((root / "content" / "articles").rglob("*.md"))


def edit(root: Path, rng: random.Random, n: int) -> str:
    """One random edit of the archive; returns what it did."""
    files = articles(root)
    path = rng.choice(files)
    post = frontmatter.load(path)
    kind = rng.choice(
        [
            "body",
            "body",
            "body",
            "body end",
            "body end",
            "title",
            "date",
            "add entity",
            "drop entity",
            "note",
            "delete",
            "add",
            "retract",
            "settings",
            "theme",
        ]
    )
    if kind == "body":
        first, _, rest = post.content.partition("\n\n")
        post.content = f"Edit {n} opens the story. {first}\n\n{rest}"
    elif kind == "body end":  # below the teaser: what lists show of the article is unchanged
        post.content = f"{post.content}\n\nEdit {n} closes the story."
    elif kind == "title":
        post["title"] = f"{post['title']} (edit {n})"
    elif kind == "date":
        post["date"] = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    elif kind == "add entity":
        other = frontmatter.load(rng.choice(files))
        post["people"] = sorted({*(post.get("people") or []), *(other.get("people") or [])[:1], f"Ada Edit{n}"})
    elif kind == "drop entity":
        for field in ("organizations", "people", "places"):
            if post.get(field):
                post[field] = post[field][1:]
                break
    elif kind == "note" and post.get("people"):
        name = post["people"][0]
        note = root / "content" / "entities" / "people" / f"{name.lower().replace(' ', '-')}.md"
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(f"---\nname: {name}\n---\nA short description, edit {n}.\n", encoding="utf-8")
        return f"{kind} {note.name}"
    elif kind == "delete":
        path.unlink()
        return f"{kind} {path.name}"
    elif kind == "add":
        post["title"] = f"A new article {n} about {post['title']}"
        path = path.with_name(f"added-{n}.md")
    elif kind == "retract":
        post["status"] = "retracted"
    elif kind == "settings":
        settings = root / "content" / "site.toml"
        settings.write_text(f'title = "Archive, edition {n}"\n', encoding="utf-8")
        return kind
    else:
        source = REPO / "themes" / "default" / "templates" / "article.html"
        target = root / "themes" / "default" / "templates" / "article.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8").replace("</article>", f"<!-- edit {n} --></article>", 1))
        return kind
    path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    return f"{kind} {path.name}"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    generate(root, 160)
    return root


def test_random_edits_build_incrementally_to_the_clean_site(archive: Path, tmp_path: Path) -> None:
    rng = random.Random(15)
    build(archive, search=False, jobs=2)
    skipped = []
    for n in range(24):
        did = edit(archive, rng, n)
        lines = build(archive, search=False, jobs=2)
        build(archive, out=tmp_path / "clean", search=False, jobs=2, clean=True)
        assert same_site(archive / "_site", tmp_path / "clean") == [], did
        rendered = next(line for line in lines if line.startswith("render:"))
        if did.startswith(("body", "title")):  # one article's pages, not the whole site
            known = int(re.search(r"\((\d+) of them known so", rendered)[1])  # type: ignore[index]
            total = int(rendered.split()[1])
            assert known > total // 2, (did, rendered)  # most pages linked without their context
            skipped.append(did)
        if did.startswith("body end"):  # nothing another page shows changed: its page alone
            # is rendered (and the data page, which lists the data files' sizes, and the notices
            # of retracted articles, made again)
            made = int(re.search(r"(\d+) rendered", rendered)[1])  # type: ignore[index]
            known = int(re.search(r"\((\d+) of them known so", rendered)[1])  # type: ignore[index]
            notices = sum("status: retracted" in p.read_text(encoding="utf-8") for p in articles(archive))
            assert 1 <= made <= 2 and known == int(rendered.split()[1]) - 2 - notices, (did, rendered)
            skipped.append(did)
    assert any(d.startswith("body end") for d in skipped), "no edit below a teaser was drawn"
    assert any(d.startswith(("body ", "title")) for d in skipped), "no body or title edit was drawn"


def test_with_search_the_bundles_are_the_clean_builds_too(archive: Path, tmp_path: Path) -> None:
    build(archive, jobs=2)
    path = articles(archive)[7]
    post = frontmatter.load(path)
    post.content = "A sentence about lighthouses opens it now.\n\n" + post.content
    path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    lines = build(archive, jobs=2)
    build(archive, out=tmp_path / "clean", jobs=2, clean=True)
    assert same_site(archive / "_site", tmp_path / "clean", bundles=False) == []
    assert (archive / "_site" / ".site-builder-bundles.json").is_file()
    assert any("unchanged since the last build" in line and "pagefind" in line for line in lines)


def test_no_change_does_nothing_and_a_damaged_site_is_rebuilt(archive: Path) -> None:
    build(archive, search=False, jobs=1)
    before = tree(archive / "_site")
    assert build(archive, search=False, jobs=1)[-1].startswith("up to date: nothing changed")
    page = next((archive / "_site" / "articles").rglob("*.html"))
    page.unlink()  # a site that lost a file is not up to date
    lines = build(archive, search=False, jobs=1)
    assert lines[-1].startswith("built ") and tree(archive / "_site") == before
    assert build(archive, search=False, jobs=1)[-1].startswith("up to date")
    assert build(archive, search=True, jobs=1)[-1].startswith("built ")  # other settings: another site


def test_a_stale_or_broken_cache_is_ignored(archive: Path, tmp_path: Path) -> None:
    build(archive, search=False, jobs=1)
    cached = [f for f in (archive / FOLDER).rglob("*") if f.is_file()]
    assert any(f.parent.parent.name == "templates" for f in cached)  # compiled templates too
    for f in cached:
        f.write_bytes(b"not a pickle")
    (archive / "_site" / PAGES_RECORD).write_text("{", encoding="utf-8")
    edit(archive, random.Random(3), 99)
    build(archive, search=False, jobs=1)
    build(archive, out=tmp_path / "clean", search=False, jobs=1, clean=True)
    assert same_site(archive / "_site", tmp_path / "clean") == []
    shutil.rmtree(archive / FOLDER)
    assert build(archive, search=False, jobs=1)[-1].startswith("built ")


def test_deferred_search_publishes_pages_first_and_the_next_build_indexes(archive: Path, tmp_path: Path) -> None:
    """`serve`'s first step: the pages of an edit at once, the last build's search indexes kept
    as they were; the build is not taken as up to date, so the next one makes the indexes, and
    the site is then a clean build's."""
    build(archive, jobs=1)
    site = archive / "_site"
    bundle_before = tree(site / "pagefind")
    path = articles(archive)[3]
    post = frontmatter.load(path)
    post["title"] = "A Title Changed While Serving"
    path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    lines = build(archive, jobs=1, defer_search=True)
    assert any(line.startswith("search:") for line in lines), lines
    assert not any(line.startswith("pagefind:") for line in lines), "Pagefind ran in the deferred build"
    page = site / "articles" / path.relative_to(archive / "content" / "articles").with_suffix(".html")
    assert "A Title Changed While Serving" in page.read_text(encoding="utf-8")
    assert tree(site / "pagefind") == bundle_before  # kept as it was
    lines = build(archive, jobs=1)
    assert any(line.startswith("pagefind:") and "1 indexed" in line for line in lines), lines
    build(archive, out=tmp_path / "clean", jobs=1, clean=True)
    assert same_site(site, tmp_path / "clean", bundles=False) == []


def test_a_stopped_build_leaves_the_site_as_it_was(archive: Path) -> None:
    """`serve` stops its search indexing when a newer edit comes: the build raises Cancelled
    (Pagefind killed, if it was running), the site stays the previous one, no folder is left."""
    from site_builder.errors import Cancelled
    from site_builder.progress import Steps

    build(archive, jobs=1)
    path = articles(archive)[5]
    asked = {"n": 0, "at": 0}

    def stop() -> bool:  # counts the questions; says stop from the `at`-th on
        asked["n"] += 1
        return asked["at"] > 0 and asked["n"] >= asked["at"]

    counted = tmp_path_factory_copy(archive)
    path_copy = counted / path.relative_to(archive)
    path_copy.write_text(path_copy.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(counted, jobs=1, steps=Steps(stop=stop))  # never stops: how many questions a build asks
    total = asked["n"]
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    before = tree(archive / "_site")
    # reading, rendering, late (how many questions Pagefind's wait asks varies with its speed)
    for at in (total // 3, 2 * total // 3, 9 * total // 10):
        asked.update(n=0, at=at)
        with pytest.raises(Cancelled):
            build(archive, jobs=1, steps=Steps(stop=stop))
        assert tree(archive / "_site") == before, at
        assert not [p for p in archive.iterdir() if p.name.startswith("._site.tmp")], at
    assert build(archive, jobs=1)[-1].startswith("built ")


def tmp_path_factory_copy(root: Path) -> Path:
    """A copy of an archive and its built site beside it."""
    copy = root.with_name(root.name + "-copy")
    shutil.copytree(root, copy, symlinks=True)
    return copy


def test_pagefind_is_killed_when_asked_to_stop(tmp_path: Path) -> None:
    from site_builder.errors import Cancelled
    from site_builder.site.search import _wait_sampling

    proc = subprocess.Popen(["sleep", "30"])
    started = time.monotonic()
    with pytest.raises(Cancelled):
        _wait_sampling(proc, lambda: time.monotonic() - started > 0.2)
    assert proc.returncode is not None and time.monotonic() - started < 10


def test_a_build_into_a_new_folder_still_uses_the_cache(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache belongs to the archive, not to one site: a build into another folder (or
    after `_site` was deleted, or in CI with only the cache restored) parses no article again."""
    from site_builder.site import archive as archive_module

    build(archive, search=False, jobs=1)
    parsed = []
    real = archive_module.load_article
    monkeypatch.setattr(archive_module, "load_article", lambda *a: parsed.append(a) or real(*a))
    build(archive, out=tmp_path / "elsewhere", search=False, jobs=1)
    assert parsed == []
    build(archive, out=tmp_path / "clean", search=False, jobs=1, clean=True)
    assert len(parsed) == len(articles(archive))  # --clean reads everything afresh
    assert same_site(tmp_path / "elsewhere", tmp_path / "clean") == []


def test_an_edit_in_a_year_split_by_month_renders_only_the_lists_that_show_it(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a year of more than YEAR_PAGE articles has month pages: the edited article's month pages
    # and year page are made again, the other months' are linked; the site is the clean one
    from site_builder.site import pages

    monkeypatch.setattr(pages, "YEAR_PAGE", 5)
    build(archive, search=False, jobs=1)
    months = sorted(p.name for p in (archive / "_site" / "archive").glob("20??-??.html"))
    assert len(months) > 10, months  # the generated years are split
    for n, path in enumerate(articles(archive)[40:43]):
        post = frontmatter.load(path)
        first, _, rest = post.content.partition("\n\n")
        post.content = f"Edit {n} opens the story. {first}\n\n{rest}"
        path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
        lines = build(archive, search=False, jobs=1)
        build(archive, out=tmp_path / "clean", search=False, jobs=1, clean=True)
        assert same_site(archive / "_site", tmp_path / "clean") == [], path.name
        rendered = next(line for line in lines if line.startswith("render:"))
        known = int(re.search(r"\((\d+) of them known so", rendered)[1])  # type: ignore[index]
        assert int(rendered.split()[1]) - known < len(months), rendered  # fewer than the month pages alone
