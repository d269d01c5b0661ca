"""Shared fixtures: paths to ../shared, temporary archives, built sites, a local server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from site_builder.cli import main

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
"""CI runs the property tests on a fixed set of examples (`.ci/run` sets HYPOTHESIS_PROFILE=ci),
so that main's status does not depend on the draw; local runs keep exploring new examples and
keep the failures they find in .hypothesis/ until they are fixed."""

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_9d1449ccce0eda8e.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def run_cli(*args: str) -> tuple[int, str]:
    """Run the CLI in-process; returns (exit code, combined output)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def make_root(tmp: Path, *, example: bool = False) -> Path:
    """A fresh archive root; with example=True it holds a copy of the repository's content/."""
    root = tmp / "archive"
    root.mkdir(parents=True)
    if example:
        shutil.copytree(REPO / "content", root / "content")
    else:
        (root / "content").mkdir()
    return root


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content plus the seed, ingested and built with search: the built _site folder."""
    root = make_root(tmp_path_factory.mktemp("seedsite"), example=True)
    code, out = run_cli("ingest", "--root", str(root), "--quiet", str(root / "content" / "raw"), str(SEED))
    assert code == 0, out
    code, out = run_cli("build", "--root", str(root))
    assert code == 0, out
    return root / "_site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_dir(directory: Path) -> tuple[socketserver.ThreadingTCPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="session")
def http_root(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The seed site served over http at a domain root ("root") and under /archive/ ("subpath")."""
    docroot = tmp_path_factory.mktemp("docroot")
    (docroot / "archive").symlink_to(seed_site, target_is_directory=True)
    root_server, root_url = serve_dir(seed_site)
    sub_server, sub_url = serve_dir(docroot)
    yield {"root": root_url, "subpath": sub_url + "archive/"}
    root_server.shutdown()
    sub_server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright. Missing Chromium is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Any:
    """A fresh Chromium page that fails the test on any uncaught script error."""
    ctx = browser.new_context()
    p = ctx.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    ctx.close()
    assert not errors, errors


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium carries the `browser` marker (`-m "not browser"` for a
    quick run without it; CI runs them all and they never skip)."""
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
