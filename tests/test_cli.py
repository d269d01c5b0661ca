"""Every command has help text and is documented in the README."""

from __future__ import annotations

import io
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


def test_build_and_check_say_each_step_as_it_ends_and_what_to_open(tmp_path: Path) -> None:
    root = make_root(tmp_path, example=True)
    code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 0, out
    lines = out.splitlines()
    steps = [line.split(":")[0] for line in lines]
    assert steps[:3] == ["gather", "render", "data and map"], lines
    assert lines[-1].startswith("open ") and lines[-1].endswith("or run `site-builder serve`")
    assert str(root / "_site" / "index.html") in lines[-1]
    code, out = run_cli("build", "--root", str(root), "--no-search", "-q")
    assert code == 0 and len(out.splitlines()) == 1 and out.startswith("up to date: nothing changed"), out
    code, out = run_cli("build", "--root", str(root), "--no-search", "-q", "--clean")
    assert code == 0 and out.splitlines()[-1].startswith("built "), out
    code, out = run_cli("check", "--root", str(root))
    assert code == 0, out
    assert re.search(r"^content: 0 problem\(s\) \(\d", out, re.M) and re.search(r"^site .*: 0 problem\(s\)", out, re.M)


def test_ingest_progress_counts_lines_and_articles(tmp_path: Path) -> None:
    """The bar's total is the input's lines, so one big file has a rate and time left; it never
    runs past the total, and a disabled bar costs nothing."""
    from site_builder.progress import IngestProgress

    big = tmp_path / "big.jsonl"
    big.write_text("".join(f'{{"title": "T{n}", "text": "x"}}\n' for n in range(500)), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("a\nb\n", encoding="utf-8")
    shown = io.StringIO()
    bar = IngestProgress([big, small], enabled=True, stream=shown)
    assert bar._sizes == {str(big): 501, str(small): 3}
    bar.file(big)
    for n in range(1, 501):
        bar.article(n)
    assert bar._bar.n == 500 and bar._articles == 500
    bar.file(small)
    bar.article(99)  # a reader's line past the end of the file stays within it
    assert bar._bar.n == 504
    bar._bar.refresh()  # drawn at most twice a second: draw now
    assert "501 articles" in shown.getvalue() and "/s" in shown.getvalue()
    bar.close()
    off = IngestProgress([big], enabled=False)
    off.file(big)
    off.article(3)
    off.close()
    assert off._sizes == {}
