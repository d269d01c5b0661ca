"""The `build` verb: decide whether anything changed since the last build, and if so make the
site (`make.make_site`: gather, render, write, copy static, index).

The site is written into a fresh temporary folder next to the output folder and swapped in
only when every step succeeded, so a failed build leaves the previous site in place.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from site_builder.config import load_config
from site_builder.errors import ContentError
from site_builder.lock import archive_lock
from site_builder.progress import QUIET, Steps
from site_builder.site.cache import FOLDER as CACHE_FOLDER
from site_builder.site.cache import BuildCache, PageRecord, last_build, read_inputs, record_build, site_state
from site_builder.site.publish import MARKER, check_out, recover
from site_builder.site.theme import theme_dirs


def build(
    root: Path,
    *,
    out: Path | None = None,
    base_url: str | None = None,
    search: bool = True,
    jobs: int = 0,
    wait: float = 0.0,
    fragment_cache: bool = True,
    steps: Steps = QUIET,
    clean: bool = False,
    defer_search: bool = False,
) -> list[str]:
    """Build the site; returns lines describing each step (also given to `steps` as each step
    ends, with bars for the long ones). Raises ContentError on bad content, on an output folder
    that is not a site (see `publish.check_out`) and when another build or ingest holds the
    archive (after waiting `wait` seconds). A build is incremental (see `cache`) unless
    `clean`: after no change it does nothing, after an edit it renders only the pages whose
    context changed, and the result is byte for byte a clean build's. `defer_search` (for
    `serve`): when the previous site has search indexes, keep them as they are and publish the
    new pages at once; the build is then not recorded, so the next build makes the indexes
    (a fifth of a build's time at 300 articles, half at 10,000, was the wait for Pagefind)."""
    if not (root / "content").is_dir():
        raise ContentError(
            f"no content/ folder in {root.resolve()}", hint="run site-builder in the archive root, or pass --root DIR"
        )
    out = (out or root / "_site").resolve()
    check_out(root, out)
    with archive_lock(root, "build", wait=wait):
        return _build(root, out, base_url, search, jobs, fragment_cache, steps, clean, defer_search)


def _build(
    root: Path,
    out: Path,
    base_url: str | None,
    search: bool,
    jobs: int,
    fragment_cache: bool,
    steps: Steps,
    clean: bool,
    defer_search: bool,
) -> list[str]:
    timings: list[str] = []

    def step(line: str) -> None:
        timings.append(line)
        steps.line(line)

    t0 = time.perf_counter()
    for line in recover(out):
        step(line)
    env_base = os.environ.get("SITE_BASE_URL")
    config, warnings = load_config(root, base_url=base_url if base_url is not None else env_base)
    dirs = theme_dirs(root, config.theme)
    cache = BuildCache(root / CACHE_FOLDER)
    assert cache.folder is not None
    inputs = read_inputs(
        root, [("content", root / "content"), *((f"theme{n}", d) for n, d in enumerate(dirs))], cache.folder
    )
    done_before = inputs.digest(f"base_url={config.base_url}", f"search={search}")
    complete = (out / MARKER).is_file() and not clean
    last_inputs, last_state = last_build(cache.folder, out) if complete else ("", "")
    # the site's state is read (a stat of every file: 0.15 s at 10,000 articles) only when the
    # inputs are those of the last build
    if complete and last_inputs == done_before and last_state == site_state(out):
        for w in warnings:
            step(f"warning: {w}")
        step(f"up to date: nothing changed since the last build of {out} ({time.perf_counter() - t0:.2f}s)")
        return timings
    from site_builder.site.make import make_site  # only now: see make's docstring

    record = PageRecord.read(out) if complete else None
    keep_search = defer_search and search and complete and (out / "pagefind").is_dir()
    make_site(
        root,
        out,
        config,
        dirs,
        cache,
        inputs,
        record,
        search=search,
        jobs=jobs,
        fragment_cache=fragment_cache,
        steps=steps,
        step=step,
        started=t0,
        keep_search=keep_search,
        clean=clean,
    )
    cache.save()
    if not keep_search:  # a site with stale search is never "up to date"
        record_build(cache.folder, out, done_before, site_state(out))
    for w in warnings:
        step(f"warning: {w}")
    step(f"built {out} in {time.perf_counter() - t0:.2f}s")
    return timings
