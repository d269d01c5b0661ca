"""The `build` verb as a flat list of timed steps: gather, render, write, copy static, index.

The site is written into a fresh temporary folder next to the output folder and swapped in
only when every step succeeded, so a failed build leaves the previous site in place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jinja2 import Environment

from site_builder.config import SiteConfig, load_config
from site_builder.site.archive import gather
from site_builder.site.pages import Pages, PageSpec
from site_builder.site.search import write_offline_index, write_pagefind
from site_builder.site.theme import make_env, theme_dirs
from site_builder.site.writer import Writer

PARALLEL_THRESHOLD = 400
"""Below this many pages, starting worker processes costs more than it saves."""

_ENV: Environment | None = None


def _init_worker(dirs: list[str]) -> None:
    global _ENV
    _ENV = make_env([Path(d) for d in dirs])


def _render_batch(specs: list[PageSpec]) -> list[tuple[str, str]]:
    assert _ENV is not None
    return [(s.url, _ENV.get_template(s.template).render(s.context)) for s in specs]


def render_all(specs: list[PageSpec], dirs: list[Path], jobs: int) -> Iterable[tuple[str, str]]:
    """Render pages, across processes when there are many and more than one core."""
    workers = jobs or (os.cpu_count() or 1)
    if workers <= 1 or len(specs) < PARALLEL_THRESHOLD:
        _init_worker([str(d) for d in dirs])
        yield from _render_batch(specs)
        return
    size = max(50, len(specs) // (workers * 8))
    batches = [specs[i : i + size] for i in range(0, len(specs), size)]
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=([str(d) for d in dirs],)) as pool:
        for result in pool.map(_render_batch, batches):
            yield from result


def build(root: Path, *, out: Path | None = None, base_url: str | None = None, search: bool = True,
          jobs: int = 0) -> list[str]:
    """Build the site; returns lines describing each step. Raises ContentError on bad content."""
    timings: list[str] = []
    t0 = time.perf_counter()
    env_base = os.environ.get("SITE_BASE_URL")
    config, warnings = load_config(root, base_url=base_url if base_url is not None else env_base)
    archive = gather(root)
    dirs = theme_dirs(root, config.theme)
    make_env(dirs)  # fail early on a broken theme folder
    timings.append(f"gather: {len(archive.pages)} articles, {len(archive.entities)} entities "
                   f"({time.perf_counter() - t0:.2f}s)")
    out = (out or root / "_site").resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        writer = Writer(tmp)
        t1 = time.perf_counter()
        specs = list(Pages(archive, config).all())
        for url, html in render_all(specs, dirs, jobs):
            writer.write(url, html)
        timings.append(f"render: {len(specs)} pages ({time.perf_counter() - t1:.2f}s)")
        _static(writer, dirs)
        _extras(writer, config, [s.url for s in specs if s.url.endswith(".html") and s.url != "404.html"])
        t2 = time.perf_counter()
        offline = write_offline_index(writer, archive)
        timings.append(f"offline index: {offline} bytes ({time.perf_counter() - t2:.2f}s)")
        if search:
            t3 = time.perf_counter()
            pages = write_pagefind(tmp)
            timings.append(f"pagefind: {pages} pages indexed ({time.perf_counter() - t3:.2f}s)")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    timings.extend(f"warning: {w}" for w in warnings)
    timings.append(f"built {out} in {time.perf_counter() - t0:.2f}s")
    return timings


def _static(writer: Writer, dirs: list[Path]) -> None:
    """Copy theme static files; a user theme's file wins over the default's."""
    seen: set[str] = set()
    for d in dirs:
        static = d / "static"
        if not static.is_dir():
            continue
        for f in sorted(static.rglob("*")):
            if f.is_file():
                rel = "static/" + f.relative_to(static).as_posix()
                if rel not in seen:
                    seen.add(rel)
                    writer.write_bytes(rel, f.read_bytes())


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


def _swap(tmp: Path, out: Path) -> None:
    """Put the new site in place of the old in two renames; the old one is deleted last."""
    old = out.with_name(f".{out.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    out.chmod(0o755)
    if old.exists():
        shutil.rmtree(old)
