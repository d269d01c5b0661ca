"""`site-builder serve`: the site over http, the site's own 404 page, a busy port said at once,
and edits (an article changed, a raw file added) shown in the open page without a reload."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import REPO, make_root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_and_gives_the_sites_404(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    proc, base, cmd = _start(root, "--no-watch")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        assert urllib.request.urlopen(base + "index.html", timeout=10).status == 200
        try:
            urllib.request.urlopen(base + "articles/no-such-page.html", timeout=10)
            raise AssertionError("a missing page was served")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404 and b"Page not found" in exc.read()
        second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 1 and "cannot serve on 127.0.0.1" in second.stderr
        assert "gather:" not in second.stdout  # refused before building, not after
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_build_quiet_prints_only_the_last_line(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    root = make_root(tmp_path, example=True)
    code, out = run_cli("build", "--root", str(root), "--no-search", "-q")
    assert code == 0 and out.strip().splitlines()[-1].startswith("built ") and "gather:" not in out


def _start(root: Path, *extra: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    """`serve` in a subprocess on a free port, once it says it is serving: (process, address, command)."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "site_builder", "serve", "--root", str(root), "--port", str(port), *extra]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if "serving" in line or not line:
            break
    return proc, f"http://127.0.0.1:{port}/", cmd


def test_an_edit_appears_in_the_open_page_without_a_reload(tmp_path: Path, browser: object) -> None:
    root = make_root(tmp_path, example=True)
    article = next((root / "content" / "articles").rglob("*.md"))
    proc, base, _cmd = _start(root)
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        from site_builder.frontmatter_io import loads

        url = "articles/" + article.relative_to(root / "content" / "articles").with_suffix(".html").as_posix()
        page.goto(base + url)
        old_title = loads(article.read_text(encoding="utf-8")).title
        assert page.locator("h1").first.inner_text() == old_title
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace(f"title: {old_title}", "title: Edited While The Page Was Open", 1), "utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1').textContent === 'Edited While The Page Was Open'", timeout=90000
        )
        assert not (root / "_site" / url).read_text(encoding="utf-8").count("__site-builder/build"), (
            "the reload script is only in what serve sends, never in the built files"
        )
        home = browser.new_page()  # type: ignore[attr-defined]
        home.goto(base + "index.html")
        (root / "content" / "raw" / "late-news.txt").write_text(
            "Lighthouse Keepers Return To Skerry Point\n\nBy Ana Holm\n4 April 2024\n\n"
            "The lighthouse at Skerry Point has keepers again for the first time in forty years, "
            "the coastal trust said on Thursday.\n",
            encoding="utf-8",
        )
        home.wait_for_function(
            "() => document.body.textContent.includes('Lighthouse Keepers Return To Skerry Point')", timeout=90000
        )
        page.close()
        home.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
