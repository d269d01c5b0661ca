"""`site-builder serve`: the site over http, the site's own 404 page, a busy port said at once."""

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
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "site_builder", "serve", "--root", str(root), "--port", str(port), "--no-watch"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if "serving" in line or not line:
                break
        base = f"http://127.0.0.1:{port}/"
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
