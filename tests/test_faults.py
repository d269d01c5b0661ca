"""Fault injection: kill -9 at chosen moments of ingest and build, full disks, two writers.

Each killed run is a real process killed by SIGKILL (at a named point, see faults.py, or from
outside while its workers and Pagefind run); afterwards the next run must end with every
article exactly once, a complete site in place, and no process or temporary folder left.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from site_builder.lock import archive_lock
from site_builder.manifest import MANIFEST
from site_builder.site.publish import MARKER, recover
from site_builder.site.search import RECORD
from tests.conftest import REPO, make_root, run_cli
from tests.records import write_records

RECORDS = int(os.environ.get("SITE_BUILDER_FAULT_RECORDS", "5000"))

pytestmark = pytest.mark.slow


def cli(root: Path, *args: str, crash: str | None = None, wait: bool = True) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SITE_BUILDER_CRASH_AT", None)
    if crash:
        env["SITE_BUILDER_CRASH_AT"] = crash
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", *args, "--root", str(root)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if wait:
        proc.wait(timeout=600)
    return proc


def exactly_once(root: Path, expected: int) -> None:
    """Every record is one article file: no copies, none missing."""
    folder = root / "content" / "articles"
    files = [p for p in folder.rglob("*.md") if ".edited" not in p.name]
    shas = Counter()
    for f in files:
        text = f.read_text(encoding="utf-8")
        shas[text.split("sha256: ", 1)[1].split("\n", 1)[0]] += 1
    assert len(files) == expected, f"{len(files)} article files for {expected} records"
    assert max(shas.values()) == 1 and len(shas) == expected


def test_kill_ingest_at_several_points_then_every_article_exactly_once(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write_records(root / "content" / "raw" / "export.jsonl", RECORDS)
    for point in (1, RECORDS * 3 // 10, RECORDS * 8 // 10):
        proc = cli(root, "ingest", "-q", crash=f"article:{point}")
        assert proc.returncode == -signal.SIGKILL
    proc = cli(root, "ingest", "-q", crash="manifest:1")  # killed while replacing the manifest
    assert proc.returncode == -signal.SIGKILL
    proc = cli(root, "ingest", "-q")
    out = proc.stdout.read() if proc.stdout else ""
    assert proc.returncode == 0, out
    exactly_once(root, RECORDS)
    assert "0 new" in out and not list((root / "content" / "articles").rglob("*.tmp"))


def test_corrupt_or_missing_manifest_is_rebuilt_from_front_matter(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write_records(root / "content" / "raw" / "export.jsonl", 300)
    assert run_cli("ingest", "--root", str(root), "-q")[0] == 0
    manifest = root / "content" / "articles" / MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8")[:1000], encoding="utf-8")  # truncated
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert code == 0 and "unreadable" in out and "300 unchanged" in out
    exactly_once(root, 300)
    manifest.unlink()
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert code == 0 and "300 unchanged" in out
    exactly_once(root, 300)


def test_full_disk_during_ingest_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_builder.ingest import write

    root = make_root(tmp_path)
    write_records(root / "content" / "raw" / "export.jsonl", 400)
    real = write._write
    calls = {"n": 0}

    def full_disk(target: Path, text: str) -> None:
        calls["n"] += 1
        if calls["n"] > 150:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(target, text)

    monkeypatch.setattr(write, "_write", full_disk)
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert code == 1 and "No space left on device" in out and "free some disk space" in out
    monkeypatch.setattr(write, "_write", real)
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert code == 0, out
    exactly_once(root, 400)


def _descendants(pid: int) -> set[int]:
    """Processes below `pid`, from /proc (procps may not be installed)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _settled(root: Path, pids: set[int]) -> None:
    """Within a few seconds: no process left, one complete site, no leftover folder."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        leftovers = [p.name for p in root.iterdir() if p.name.startswith("._site.")]
        if not any(_alive(p) for p in pids) and not leftovers:
            break
        time.sleep(0.2)
    assert not [p for p in pids if _alive(p)], "processes of the killed build are still running"
    assert not [p.name for p in root.iterdir() if p.name.startswith("._site.")]
    assert (root / "_site" / MARKER).is_file() and (root / "_site" / "index.html").is_file()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_root(tmp_path_factory.mktemp("faultsite"))
    write_records(root / "content" / "raw" / "export.jsonl", 1200)
    assert run_cli("ingest", "--root", str(root), "-q")[0] == 0
    assert run_cli("build", "--root", str(root))[0] == 0
    return root


@pytest.mark.parametrize("point", ["gather", "render", "swap"])
def test_kill_build_at_a_named_point_keeps_a_site(built: Path, point: str) -> None:
    before = (built / "_site" / "index.html").read_bytes()
    proc = cli(built, "build", "--clean", crash=point)
    assert proc.returncode == -signal.SIGKILL
    _settled(built, set())
    if point != "swap":
        assert (built / "_site" / "index.html").read_bytes() == before


def test_kill_between_the_two_renames_of_the_portable_swap(built: Path) -> None:
    """Where the atomic exchange is unavailable (not Linux), the swap is two renames; a kill
    between them leaves no _site until the watchdog puts the complete new site in place."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SITE_BUILDER_CRASH_AT": "swap"}
    script = (
        "import sys\nfrom site_builder.site import publish\npublish._exchange = lambda a, b: False\n"
        "from site_builder.cli import main\nmain(['build', '--root', sys.argv[1], '--clean'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(built)], env=env, capture_output=True, timeout=600)
    assert proc.returncode == -signal.SIGKILL
    _settled(built, set())


@pytest.mark.parametrize("stage", ["render", "pagefind"])
def test_kill_build_from_outside_leaves_no_process_or_folder(built: Path, stage: str) -> None:
    # the last build's search bundles are reused when their pages are unchanged: remove its
    # record so that this build runs Pagefind
    (built / "_site" / RECORD).unlink(missing_ok=True)
    proc = cli(built, "build", "--clean", "--jobs", "2", wait=False)
    seen: set[int] = set()
    caught = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        kids = _descendants(proc.pid)
        seen |= kids
        lines = {k: _cmdline(k) for k in kids}
        pagefind = [k for k, c in lines.items() if b"pagefind" in c]
        workers = [k for k, c in lines.items() if b"site_builder" in c and b"archive_lock" not in c]
        if (stage == "pagefind" and pagefind) or (stage == "render" and len(workers) >= 2):
            caught = True
            break
        time.sleep(0.02)
    assert caught and proc.poll() is None, f"the build ended before its {stage} stage was caught"
    seen |= _descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    watchdogs = {p for p in seen if b"archive_lock" in _cmdline(p)}
    _settled(built, seen - watchdogs)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_stranded_new_site_is_recovered(tmp_path: Path) -> None:
    """What two renames killed in between would leave: no _site, a complete new site aside."""
    out = tmp_path / "_site"
    stranded = tmp_path / "._site.tmp-abc"
    stranded.mkdir()
    (stranded / "index.html").write_text("new", encoding="utf-8")
    (stranded / MARKER).write_text("", encoding="utf-8")
    half = tmp_path / "._site.tmp-def"  # a build killed while rendering
    half.mkdir()
    (half / "index.html").write_text("half", encoding="utf-8")
    done = recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert any("recovered" in d for d in done)
    deadline = time.monotonic() + 10
    while half.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not half.exists()


def test_full_disk_during_build_keeps_the_old_site(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.site import writer

    before = (built / "_site" / "index.html").read_bytes()
    real = writer.Writer._write
    calls = {"n": 0}

    def full_disk(self: writer.Writer, path: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] > 40:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, path, data)

    monkeypatch.setattr(writer.Writer, "_write", full_disk)
    code, out = run_cli("build", "--root", str(built), "--jobs", "1", "--clean")
    assert code == 1 and "No space left on device" in out and "previous site is left in place" in out
    assert (built / "_site" / "index.html").read_bytes() == before
    assert not [p for p in built.iterdir() if p.name.startswith("._site.tmp")]


def test_a_second_writer_is_refused_naming_the_first(built: Path) -> None:
    with archive_lock(built, "build"):
        code, out = run_cli("build", "--root", str(built))
        assert code == 1 and "busy" in out and f"pid {os.getpid()}" in out
        code, out = run_cli("ingest", "--root", str(built))
        assert code == 1 and "busy" in out
    assert run_cli("build", "--root", str(built), "--no-search")[0] == 0


@pytest.mark.parametrize("target", [".", "content", "content/articles", "themes", ".."])
def test_out_refuses_the_archive_and_its_sources(built: Path, target: str) -> None:
    before = sorted(p.as_posix() for p in (built / "content").rglob("*"))
    code, out = run_cli("build", "--root", str(built), "--out", str(built / target), "--no-search")
    assert code == 1 and "refusing" in out
    assert sorted(p.as_posix() for p in (built / "content").rglob("*")) == before


def test_out_refuses_a_folder_that_is_not_a_site(tmp_path: Path, built: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "thesis.txt").write_text("my notes", encoding="utf-8")
    code, out = run_cli("build", "--root", str(built), "--out", str(folder), "--no-search")
    assert code == 1 and "not a site built by site-builder" in out
    assert (folder / "thesis.txt").read_text(encoding="utf-8") == "my notes"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("build", "--root", str(built), "--out", str(empty), "--no-search")[0] == 0
    assert run_cli("build", "--root", str(built), "--out", str(empty), "--no-search")[0] == 0  # its own site


def test_a_site_built_before_the_marker_existed_is_replaced(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write_records(root / "content" / "raw" / "export.jsonl", 2)
    assert run_cli("ingest", "--root", str(root), "-q")[0] == 0
    old = root / "_site"
    old.mkdir()
    for name in (".nojekyll", "sitemap.xml", "index.html"):
        (old / name).write_text("", encoding="utf-8")
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0
    assert (old / MARKER).is_file()


def test_a_folder_being_deleted_is_neither_reported_nor_kept_forever(tmp_path: Path) -> None:
    """The old site of the last build, still being deleted when the next build starts, is no
    "folder left by an interrupted build"; one whose deleting process died is deleted again."""
    out = tmp_path / "_site"
    out.mkdir()
    trash = tmp_path / "._site.trash-abc"
    trash.mkdir()
    (trash / "index.html").write_text("old", encoding="utf-8")
    assert recover(out) == [] and trash.exists()  # fresh: another process is deleting it
    long_ago = time.time() - 3600
    os.utime(trash, (long_ago, long_ago))
    assert recover(out) == []
    deadline = time.monotonic() + 10
    while trash.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not trash.exists()
