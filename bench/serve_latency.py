"""`make bench-serve`: how long an edit takes to show in a page open in the browser under `serve`.

The 293 Wikinews articles of the corpus are ingested into a fresh archive and served (search
included, as `serve` builds it). An article's page is opened in headless Chromium; then, three
times, its title is changed on disk and the time until the open page shows the new title is
taken (file event, debounce, incremental build, the page's reload poll, the reload). The median
is reported with each run, and the build lines `serve` printed for the last edit. Edits are 15 s
apart (the last one's search indexing has ended), or 2 s with `--quick` (it is still running).
Needs Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, REPO, SHARED

CORPUS = SHARED / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl"
RUNS = 3
PAUSE = 2.0 if "--quick" in sys.argv else 15.0
"""Seconds between edits: by default long enough for the last edit's search indexing to end;
`--quick` edits again while it runs (it is stopped, and the new edit built at once)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    from playwright.sync_api import sync_playwright

    from site_builder.frontmatter_io import loads

    cli = [sys.executable, "-m", "site_builder"]
    with tempfile.TemporaryDirectory(prefix="sb-serve-") as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        subprocess.run([*cli, "ingest", "--root", tmp, "-q", str(CORPUS)], check=True, capture_output=True)
        port = free_port()
        proc = subprocess.Popen(
            [*cli, "serve", "--root", tmp, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert proc.stdout is not None
        lines: list[str] = []
        while "serving" not in (line := proc.stdout.readline()) and line:
            lines.append(line)
        printed: list[str] = []
        threading.Thread(target=lambda: printed.extend(iter(proc.stdout.readline, "")), daemon=True).start()  # type: ignore[union-attr]
        articles = sorted((root / "content" / "articles").rglob("*.md"))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                times = []
                for n in range(RUNS):
                    article = articles[n * 97 % len(articles)]
                    rel = article.relative_to(root / "content" / "articles").with_suffix(".html")
                    url = "articles/" + rel.as_posix()
                    page.goto(f"http://127.0.0.1:{port}/{url}")
                    time.sleep(PAUSE)  # the last edit's search indexing is done (or, with --quick, not)
                    text = article.read_text(encoding="utf-8")
                    title = loads(text).title
                    new = f"Edited {n} while open"
                    mark = len(printed)
                    started = time.perf_counter()
                    article.write_text(text.replace(f"title: {title}", f"title: {new}", 1), encoding="utf-8")
                    shown = f"() => document.querySelector('h1').textContent === {new!r}"
                    try:
                        page.wait_for_function(shown, timeout=60000)
                    except Exception:
                        raise SystemExit(
                            "the edit never showed; serve printed:\n"
                            + "".join([*lines, "--- edited here\n", *printed[mark:]])
                        ) from None
                    times.append(time.perf_counter() - started)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print("first build: " + " | ".join(line.strip() for line in lines if line.startswith(("gather", "built"))))
    print("last edit:   " + " | ".join(line.strip() for line in printed[mark:] if line.strip()))
    print("edit to screen: " + ", ".join(f"{t:.2f}s" for t in times) + f"; median {statistics.median(times):.2f}s")


if __name__ == "__main__":
    main()
