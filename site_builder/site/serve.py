"""`site-builder serve`: build, serve on 127.0.0.1, rebuild when content or themes change."""

from __future__ import annotations

import http.server
import sys
import threading
import time
from pathlib import Path

import click

from site_builder.errors import ContentError, SiteBuilderError
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


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder; a missing page gets the site's own 404 page, as on GitHub Pages."""

    site: Path

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)  # type: ignore[arg-type]

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path, *, port: int = 8000, watch: bool = True, host: str = "127.0.0.1") -> None:
    """Serve `_site`; the handler resolves the folder per request, so a swapped build is picked up.
    The port is taken first, so a busy one is said at once instead of after a whole build. The
    content is looked at before the first build, so an edit made while it runs (or before the
    address is printed) still triggers a rebuild."""
    site = root / "_site"
    handler = type("Handler", (_SiteHandler,), {"site": site})
    try:
        httpd = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise ContentError(
            f"cannot serve on {host}:{port}: {exc.strerror or exc}",
            hint="another server may be using it: stop it, or pick another port with --port",
        ) from None
    seen = _snapshot(root)
    _rebuild(root)
    click.echo(f"serving {site} at http://{host}:{httpd.server_address[1]}/ (Ctrl-C to stop)")
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
