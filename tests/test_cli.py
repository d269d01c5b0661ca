"""Every command has help text and is documented in the README."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from site_builder.cli import main
from tests.conftest import REPO, make_root, run_cli

COMMANDS = sorted(main.commands)


def test_commands_present() -> None:
    assert set(COMMANDS) >= {"ingest", "build", "serve", "check", "entities"}


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_docs(name: str) -> None:
    code, out = run_cli(name, "--help")
    assert code == 0 and len(out.splitlines()) > 3
    assert main.commands[name].help
    assert f"site-builder {name}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "site_builder", "--version"], capture_output=True, text=True, check=True
    )
    assert "site-builder" in out.stdout


def test_serve_builds_serves_and_rebuilds(tmp_path: Path) -> None:
    """`serve` builds, answers on 127.0.0.1, and rebuilds when an article changes."""
    root = make_root(tmp_path, example=True)
    assert run_cli("ingest", "--root", str(root), "-q")[0] == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--root", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = ""
        deadline = time.monotonic() + 120
        while not url and time.monotonic() < deadline:
            line = proc.stdout.readline()
            match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            url = match.group(1) if match else ""
        assert url, "serve did not report its address"
        home = urllib.request.urlopen(url + "index.html", timeout=10).read().decode("utf-8")
        assert "site-builder example archive" in home
        article = next((root / "content" / "articles").rglob("*.md"))
        article.write_text(article.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
        deadline = time.monotonic() + 180  # a rebuild on a loaded machine
        while time.monotonic() < deadline:
            home = urllib.request.urlopen(url + "index.html", timeout=10).read().decode("utf-8")
            if "Edited" in home:
                break
            time.sleep(0.5)
        assert "Edited" in home
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_build_outside_an_archive_root_is_refused(tmp_path: Path) -> None:
    code, out = run_cli("build", "--root", str(tmp_path), "--no-search")
    assert code == 1 and "no content/ folder" in out and "--root" in out
    assert not (tmp_path / "_site").exists()
    code, out = run_cli("ingest", "--root", str(tmp_path))
    assert code == 1 and "content/raw: no such file or folder -- put raw files there" in out
