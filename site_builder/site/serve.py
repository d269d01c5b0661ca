"""`site-builder serve`: build, serve on 127.0.0.1, rebuild when content or themes change."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

import click

from site_builder.errors import SiteBuilderError
from site_builder.site.build import build

POLL_SECONDS = 1.0


def _snapshot(root: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for folder in (root / "content", root / "themes"):
        if folder.is_dir():
            for f in folder.rglob("*"):
                if f.is_file():
                    out[f.as_posix()] = f.stat().st_mtime
    return out


def _rebuild(root: Path) -> None:
    try:
        for line in build(root, wait=600):
            click.echo(line)
    except SiteBuilderError as exc:
        click.echo(f"error: {exc.format()} (still serving the previous build)", err=True)


def serve(root: Path, *, port: int = 8000, watch: bool = True) -> None:
    """Serve `_site`; the handler resolves the folder per request, so a swapped build is picked up.
    The content is looked at before the first build, so an edit made while it runs (or before
    the address is printed) still triggers a rebuild."""
    seen = _snapshot(root)
    _rebuild(root)
    site = root / "_site"

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler))
    click.echo(f"serving {site} at http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C to stop)")
    sys.stdout.flush()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        while True:
            time.sleep(POLL_SECONDS)
            if watch:
                now = _snapshot(root)
                if now != seen:
                    seen = now
                    _rebuild(root)
    except KeyboardInterrupt:
        httpd.shutdown()
