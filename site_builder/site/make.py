"""Making a site: gather the archive, render its pages (linking those unchanged since the last
build), write its data files and search indexes, into a fresh folder swapped in at the end.

Kept apart from `build`, which first decides whether there is anything to make: after no
change it answers without importing this module (its imports are most of such a build's time).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from jinja2 import Environment, Template, TemplateError

from site_builder.config import SiteConfig
from site_builder.errors import ContentError
from site_builder.faults import crash_point
from site_builder.model import KINDS
from site_builder.parallel import iter_batches
from site_builder.progress import QUIET, Steps
from site_builder.site import charts, export, incremental
from site_builder.site.archive import Archive, gather
from site_builder.site.cache import (
    BuildCache,
    InputState,
    Memo,
    PageRecord,
    digest,
)
from site_builder.site.offline_index import FOLDER as SEARCH_FOLDER
from site_builder.site.offline_index import SCRIPT as SEARCH_SCRIPT
from site_builder.site.offline_index import OfflineIndex, numbering, write_no_search_index
from site_builder.site.pages import NETWORK_PAIRS, WORLD_MAP, PageContexts
from site_builder.site.publish import mark_complete, start_watchdog, swap, temp_prefix
from site_builder.site.search import (
    ENTITY_CHARS,
    Row,
    article_record,
    bundle_dir,
    entity_record,
    page_dates,
    shard_plan,
    write_pagefind,
)
from site_builder.site.search import RECORD as BUNDLES_RECORD
from site_builder.site.theme import check_templates, make_env, template_error
from site_builder.site.writer import Writer


@dataclass
class Reuse:
    """What rendering may take from earlier builds: the previous site and the digest of each of
    its pages' bytes, the pages known unchanged (linked without making their context), and the
    memos of bodies and search rows.

    A page's digest is that of its HTML, not of its context: the pages an edit cannot reach
    are known from the archive's snapshot (`incremental`), and the few others are rendered.
    Digesting every context (pickling it) cost a quarter of a clean build's rendering."""

    previous: Path | None = None
    pages: dict[str, str] = field(default_factory=dict)
    cache: BuildCache = field(default_factory=lambda: BuildCache(None))
    made: dict[str, str] = field(default_factory=dict)
    """The digest of every page rendered or linked by this build (the next build's `pages`)."""
    linked: int = 0
    clean: tuple[set[str], set[str], set[str] | None] = field(default_factory=lambda: (set(), set(), None))
    """(article URLs, entity keys) whose pages cannot have changed, and the articles the index
    pages can differ by (None: any; `incremental.unchanged`): pages that cannot have changed
    are linked from the previous site by their old digest, without making their contexts."""
    index_urls: list[str] = field(default_factory=list)
    """The index pages of the previous site (`incremental.Snapshot.indexes`)."""
    made_indexes: list[str] = field(default_factory=list)
    """The index pages of this build (the next build's `index_urls`)."""
    entity_urls: dict[str, list[str]] = field(default_factory=dict)
    """entity key -> the URLs of its pages in the previous site."""
    made_entities: dict[str, list[str]] = field(default_factory=dict)
    """entity key -> the URLs of its pages in this build (the next build's `entity_urls`)."""
    skipped: int = 0
    """Pages linked without making their context."""
    row_keys: dict[str, bytes] = field(default_factory=dict)
    """article URL -> the key of its search row in the rows memo (`row_keys`)."""


def row_keys(pages: PageContexts, now: incremental.Snapshot) -> dict[str, bytes]:
    """The key of each article's search row: what `search.article_record` reads, namely the
    article as placed (its snapshot digest: the file's bytes, URL, entities) and the names of
    its entities."""
    ents = pages.a.entities
    return {
        p.url: digest(
            now.articles[p.url], *(f"{kind}\0{ents[k].name}" for kind in KINDS for k in p.entities.get(kind, ()))
        )
        for p in pages.a.pages
    }


def comentions(archive: Archive, memo: Memo[Any]) -> Counter[tuple[str, str]]:
    """`charts.comention_counts` as the network and the data files use them, through the memo:
    they depend only on which entities each article mentions (0.3 s at 10,000 articles)."""
    key = digest(
        "comentions",
        *(f"{p.url}\0{','.join(p.entity_keys)}" for p in archive.pages),
    )
    found = memo.get(key)
    if found is None:
        found = memo.put(key, charts.comention_counts(archive, floor=export.MIN_PAIR, enough=NETWORK_PAIRS))
    return found  # type: ignore[no-any-return]


def world_map(memo: Memo[Any]) -> str:
    """`charts.world_svg` through the memo: the same in every build (0.12 s to draw)."""
    key = digest("world map")
    found = memo.get(key)
    return found if isinstance(found, str) else memo.put(key, charts.world_svg())


def link_unchanged_in(
    writer: Writer, urls: list[str], old: dict[str, str], previous: Path
) -> list[tuple[str, str, bool]]:
    """Link pages known unchanged from the previous site, up to the first that cannot be."""
    done = []
    for url in urls:
        key = old.get(url)
        if key is None or not writer.reuse(url, previous):
            break
        done.append((url, key, True))
    return done


def render_all(
    pages: PageContexts,
    env: Environment,
    writer: Writer,
    jobs: int,
    index: OfflineIndex | None,
    steps: Steps = QUIET,
    reuse: Reuse | None = None,
) -> None:
    """Render every page: articles and entity pages (the bulk) on every core, each worker
    writing its own files (sending HTML back through a pipe cost more than rendering it); index
    pages first, as the biggest (a year's list of articles). Each article's and entity page's
    search row goes into `index` as it comes back (none without one). With `reuse`, a page
    whose context is unchanged since the previous build is linked from it, not rendered."""
    search = index is not None
    reuse = reuse or Reuse()
    old, previous, rows = reuse.pages, reuse.previous, reuse.cache.rows
    pages.bodies = reuse.cache.bodies
    clean_articles, clean_entities, showing = reuse.clean if previous is not None else (set(), set(), None)
    linked_indexes: Done = []
    if showing is not None and reuse.index_urls and previous is not None:
        # no entity's articles changed: the index pages that cannot list an article whose face
        # changed are the previous site's, linked without making their contexts (a year's list
        # can be a page of 10,000 teasers); contexts are made for the others only
        index_specs = list(pages.indexes(showing))
        made = {spec.url for spec in index_specs}
        urls = [url for url in reuse.index_urls if url not in made]
        linked_indexes = link_unchanged_in(Writer(writer.root), urls, old, previous)
        if len(linked_indexes) < len(urls):  # one could not be linked: make all the others
            linked_urls = {url for url, _key, _linked in linked_indexes}
            index_specs = [spec for spec in pages.indexes() if spec.url not in linked_urls]
    else:  # contexts made here, rendered by the workers like the rest
        index_specs = list(pages.indexes())
    reuse.made_indexes = [url for url, _key, _linked in linked_indexes] + [spec.url for spec in index_specs]
    work = (
        [("index", n) for n in range(len(index_specs))]
        + [("article", n) for n in range(len(pages.ordered))]
        + [("entity", n) for n in range(len(pages.entity_list))]
        + [("retracted", n) for n in range(len(pages.a.retracted))]
    )
    Drained = tuple[tuple[list[bytes], dict[bytes, Any]], ...]
    Done = list[tuple[str, str, bool]]

    def drained() -> Drained:
        return (rows.drain(), pages.bodies.drain() if pages.bodies is not None else ([], {}))

    def link_unchanged(local: Writer, urls: list[str]) -> Done:
        assert previous is not None
        return link_unchanged_in(local, urls, old, previous)

    def render(indexes: list[int]) -> list[tuple[str, bool, Done, Row | None, Drained]]:
        local = Writer(writer.root)
        templates: dict[str, Template] = {}
        out: list[tuple[str, bool, Done, Row | None, Drained]] = []
        for i in indexes:
            kind, n = work[i]
            row: Row | None = None
            done: Done = []
            if kind == "article" and pages.ordered[n].url in clean_articles:
                url = pages.ordered[n].url
                key = old.get(url)
                row = rows.get(reuse.row_keys[url]) if search else None
                if key is not None and (row is not None or not search):
                    done = link_unchanged(local, [url])
                    if done:
                        out.append(("", True, done, row, drained()))
                        continue
            elif kind == "entity" and pages.entity_list[n].key in clean_entities:
                ent = pages.entity_list[n]
                urls = reuse.entity_urls.get(ent.key, [])
                done = link_unchanged(local, urls)
                if done and len(done) == len(urls):
                    out.append((ent.key, True, done, entity_record(ent) if search else None, drained()))
                    continue
            skip = {url for url, _key, _linked in done}
            if kind == "index":
                specs = [index_specs[n]]
            elif kind == "retracted":
                specs = [pages.retracted(pages.a.retracted[n])]
            elif kind == "article":
                specs = [pages.article(pages.ordered[n])]
            else:
                ent = pages.entity_list[n]
                specs = list(pages.entity(ent))
                if search:
                    row = entity_record(ent)
            for s in specs:
                if s.url in skip:  # linked above, before a page that could not be
                    continue
                if kind == "article" and search:
                    made = reuse.row_keys[s.url]
                    row = rows.get(made) or rows.put(made, article_record(pages.a, pages.ordered[n]))
                try:
                    template = templates.get(s.template)
                    if template is None:
                        template = templates[s.template] = env.get_template(s.template)
                    html = template.render(s.context.variables()).encode("utf-8")
                except TemplateError as exc:  # named here: a worker's traceback does not travel back
                    raise template_error(exc) from None
                key = digest(html).hex()
                if previous is not None and old.get(s.url) == key and local.reuse(s.url, previous):
                    done.append((s.url, key, True))  # the same bytes: the old file stays, linked
                    continue
                local.write_bytes(s.url, html)
                done.append((s.url, key, False))
            name = pages.entity_list[n].key if kind == "entity" else ""
            out.append((name, False, done, row, drained()))
        return out

    def known(item: tuple[str, int]) -> bool:
        kind, n = item
        if kind == "article":
            return pages.ordered[n].url in clean_articles
        return kind == "entity" and pages.entity_list[n].key in clean_entities

    # pages known unchanged are only linked: in this process (a worker's start and the pipe
    # back cost more than a link); the rest on every core
    known_items = [i for i, item in enumerate(work) if known(item)]
    rest = [i for i, item in enumerate(work) if not known(item)]
    results = chain(
        [("", True, linked_indexes, None, drained())] if linked_indexes else [],
        chain.from_iterable(render(known_items[k : k + 256]) for k in range(0, len(known_items), 256)),
        iter_batches(lambda part: render([rest[i] for i in part]), len(rest), jobs),
    )
    with steps.bar("rendering", len(work)) as tick:
        for name, skipped, done, row, (drained_rows, drained_bodies) in results:
            tick(1)
            rows.absorb(*drained_rows)
            reuse.cache.bodies.absorb(*drained_bodies)
            if row is not None and index is not None:
                index.add(row)
            if name:
                reuse.made_entities[name] = sorted(url for url, _key, _linked in done)
            reuse.skipped += len(done) if skipped else 0
            for url, key, linked in done:
                writer.claim(url)
                reuse.made[url] = key
                reuse.linked += linked


def make_site(
    root: Path,
    out: Path,
    config: SiteConfig,
    dirs: list[Path],
    cache: BuildCache,
    inputs: InputState,
    record: PageRecord | None,
    *,
    search: bool,
    jobs: int,
    fragment_cache: bool,
    steps: Steps,
    step: Callable[[str], None],
    started: float,
    keep_search: bool = False,
    clean: bool = False,
) -> None:
    """Make the site of `root` into `out`; `record` is the previous site's when its pages may
    be reused (None when there is none, or for a clean build). `clean`: the build cache is not
    read either. `keep_search`: link the previous site's search indexes instead of making them
    (`build(defer_search=True)`; the previous site must have them)."""
    t0 = started
    complete = record is not None
    record = record or PageRecord()
    theme = inputs.digest(prefix="theme")
    cache.load(clean=clean)
    archive = gather(root, jobs, steps, cache.parsed, inputs.files, cache.derived)
    crash_point("gather")
    steps.check()
    env = make_env(dirs, fragment_cache=fragment_cache, bytecode=None if clean else cache.templates())
    check_templates(env)
    step(f"gather: {len(archive.pages)} articles, {len(archive.entities)} entities ({time.perf_counter() - t0:.2f}s)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(out), dir=out.parent))
    watchdog = start_watchdog(root, out, tmp)
    try:
        writer = Writer(tmp)
        t4 = time.perf_counter()
        pairs = comentions(archive, cache.derived)
        listed = export.site_files(  # streamed: never held
            archive, writer, config.title, config.license, pairs, cache.tables, inputs.files
        )
        writer.write(WORLD_MAP, world_map(cache.derived))
        made = time.perf_counter() - t4
        made_files = set(writer.written)
        t1 = time.perf_counter()
        try:
            pages = PageContexts(archive, config, listed, pairs)
            index = (
                OfflineIndex(numbering(page_dates(pages.ordered, pages.entity_list)))
                if search and not keep_search
                else None
            )
            reuse = Reuse(out if complete else None, record.pages if record.theme == theme else {}, cache)
            before = incremental.Snapshot.from_json(record.snapshot) if reuse.pages else None
            now = incremental.snapshot(pages, config, inputs.files, before)
            if search and not keep_search:
                reuse.row_keys = row_keys(pages, now)
            if reuse.pages:
                reuse.clean = incremental.unchanged(before, now, pages)
                reuse.entity_urls = before.pages if before is not None else {}
                reuse.index_urls = before.indexes if before is not None else []
            cache.commit()  # what this process stored, readable by the render workers
            render_all(pages, env, writer, jobs, index, steps, reuse)
            now.pages = reuse.made_entities
            now.indexes = reuse.made_indexes
        except TemplateError as exc:
            raise template_error(exc) from exc
        crash_point("render")
        steps.check()
        urls = sorted(writer.written - made_files)
        step(
            f"render: {len(urls)} pages, {len(urls) - reuse.linked} rendered, {reuse.linked} unchanged since the "
            f"last build ({reuse.skipped} of them known so without making their context) "
            f"({time.perf_counter() - t1:.2f}s)"
        )
        _static(writer, dirs, root)
        step(f"data and map: {sum(map(len, listed.values())) + 1} files ({made:.2f}s)")
        notices = {p.url for p in archive.retracted}
        _extras(writer, config, [u for u in urls if u.endswith(".html") and u != "404.html" and u not in notices])
        if search and keep_search:
            assert complete
            kept = _link_search(writer, out)
            step(f"search: {kept} files of the last build's indexes kept; indexing follows")
        elif search:
            t2 = time.perf_counter()
            text = {p.url: len(p.article.body) for p in archive.pages}
            text.update((u, ENTITY_CHARS) for u in urls if u.split("/")[0] in KINDS)
            shards = shard_plan({u: n for u, n in text.items() if u not in notices})
            assert index is not None
            size, files = index.write(writer, [bundle_dir(n) + "/" for n in range(1, len(shards))])
            step(f"offline index: {size} bytes in {files} files ({time.perf_counter() - t2:.2f}s)")
            steps.check()
            t3 = time.perf_counter()
            with steps.bar("indexing", len(shards), "bundles") as tick:
                done = write_pagefind(tmp, shards, urls, previous=out if complete else None, tick=tick, stop=steps.stop)
            step(
                f"pagefind: {done.pages} pages in {done.bundles} bundle(s), {done.bundles - done.reused} indexed "
                f"({done.reused} unchanged since the last build), largest process "
                f"{done.peak_mib:.0f} MiB ({time.perf_counter() - t3:.2f}s)"
            )
        else:
            write_no_search_index(writer)
        PageRecord(theme, reuse.made, now.to_json()).write(tmp)
        mark_complete(tmp)
        tmp.chmod(0o755)
        swap(tmp, out)
    except OSError as exc:  # the disk, not the content: the old site stays, the half-built one goes
        shutil.rmtree(tmp, ignore_errors=True)
        raise ContentError(
            f"cannot write the site: {exc.strerror or exc}",
            hint="free some disk space and build again; the previous site is left in place",
        ) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if watchdog is not None:
            watchdog.kill()
            watchdog.wait()


def minified(name: str, data: bytes) -> bytes:
    """A theme's script or stylesheet without its comments and indentation (rjsmin, rcssmin):
    the search page's script is a third of what a first query loads besides the index, and
    half of it was comments. Anything else, or a file that is not UTF-8, as it is."""
    if not name.endswith((".js", ".css")):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    small: str = rjsmin.jsmin(text) if name.endswith(".js") else rcssmin.cssmin(text)
    return small.encode("utf-8")


def _static(writer: Writer, dirs: list[Path], root: Path) -> None:
    """Copy theme static files; a user theme's file wins over the default's. A symbolic link
    out of the archive (or out of the package, for the default theme) is refused: it would
    publish a file from elsewhere on the machine."""
    seen: set[str] = set()
    for d in dirs:
        static = d / "static"
        if not static.is_dir():
            continue
        home = d.resolve().parent if d.resolve().is_relative_to(root.resolve()) else d.resolve()
        for f in sorted(static.rglob("*")):
            if (
                f.is_symlink()
                and not f.resolve().is_relative_to(home)
                and not f.resolve().is_relative_to(root.resolve())
            ):
                raise ContentError(
                    "a symbolic link to a file outside the archive",
                    path=f.as_posix(),
                    hint="copy the file into the theme instead of linking to it",
                )
            if f.is_file():
                rel = "static/" + f.relative_to(static).as_posix()
                if rel not in seen:
                    seen.add(rel)
                    writer.write_bytes(rel, minified(rel, f.read_bytes()))


def _link_search(writer: Writer, previous: Path) -> int:
    """Link the search indexes of the previous site (Pagefind's bundles and their record, the
    offline index) into the new one; returns how many files."""
    count = 0
    for top in sorted(os.listdir(previous)):
        if not (top.startswith("pagefind") or top in (SEARCH_FOLDER, SEARCH_SCRIPT, BUNDLES_RECORD)):
            continue
        path = previous / top
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for f in files:
            count += writer.reuse(f.relative_to(previous).as_posix(), previous)
    return count


def _extras(writer: Writer, config: SiteConfig, urls: list[str]) -> None:
    base = config.base_url
    writer.write(".nojekyll", "")
    robots = "User-agent: *\nAllow: /\n" + (f"Sitemap: {base}sitemap.xml\n" if base else "")
    writer.write("robots.txt", robots)
    from xml.sax.saxutils import escape

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(base + u)}</loc></url>" for u in sorted(urls)]
    lines.append("</urlset>")
    writer.write("sitemap.xml", "\n".join(lines) + "\n")
