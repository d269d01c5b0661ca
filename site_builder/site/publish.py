"""Putting a finished site in place without ever losing the previous one, or anything else.

- `check_out` refuses an output folder that is not a site of this tool: the archive root, a
  folder holding it, anything inside `content/`, or any existing non-empty folder without the
  marker file a build leaves in every site it writes (`build --out .` once renamed the archive
  aside and deleted it).
- The new site is built in a temporary sibling folder and put in place by `swap`: on Linux with
  one atomic `renameat2(RENAME_EXCHANGE)`, so that `_site/` is there at every instant; elsewhere
  with two renames, whose gap `recover` closes.
- `recover` (run before every build, and by a watchdog when a build dies) finishes what a
  killed build left: a complete new site stranded in its temporary folder is put in place, an
  old site renamed aside comes back if nothing newer exists, and every other leftover goes.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import glob
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from site_builder.errors import ContentError
from site_builder.faults import crash_point

MARKER = ".site-builder-site"
"""Written last into every site, so a folder holding it is complete and safe to replace."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def check_out(root: Path, out: Path) -> None:
    """Raise ContentError unless `out` may be replaced by a build of the archive at `root`."""
    root, out = root.resolve(), out.resolve()
    content = root / "content"
    hint = "build into a new or empty folder, or into a site this tool built before (default: _site)"
    if out == root or root.is_relative_to(out):
        raise ContentError(f"refusing to build into {out}: it holds the archive itself", hint=hint)
    if out.is_relative_to(content):
        raise ContentError(f"refusing to build into {out}: it is inside content/", hint=hint)
    for source in ("themes", ".git"):
        if out.is_relative_to(root / source):
            raise ContentError(f"refusing to build into {out}: it is inside {source}/", hint=hint)
    if out.exists() and not out.is_dir():
        raise ContentError(f"refusing to build into {out}: it is a file", hint=hint)
    if out.is_dir() and not (out / MARKER).is_file() and not _older_site(out) and any(out.iterdir()):
        raise ContentError(
            f"refusing to replace {out}: it is not a site built by site-builder "
            f"(no {MARKER} file in it) and it is not empty",
            hint=hint,
        )


def _older_site(out: Path) -> bool:
    """A site built before the marker existed: every build has written these three files."""
    return all((out / name).is_file() for name in (".nojekyll", "sitemap.xml", "index.html"))


def temp_prefix(out: Path) -> str:
    return f".{out.name}.tmp-"


def mark_complete(site: Path) -> None:
    (site / MARKER).write_text("Built by site-builder. The next build replaces this folder.\n", encoding="utf-8")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (then nothing was changed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


def swap(tmp: Path, out: Path) -> None:
    """Put the complete site `tmp` at `out`; the old site ends up at `tmp` (or `.out.old-*`)
    and is deleted in the background (removing 16,000 files takes a second or more)."""
    if out.exists() and _exchange(tmp, out):
        crash_point("swap")
        remove_in_background(tmp)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    crash_point("swap")
    tmp.rename(out)
    if old.exists():
        remove_in_background(old)


def _trash(out: Path) -> list[Path]:
    return [Path(p) for p in glob.glob(glob.escape(str(out.parent / f".{out.name}")) + TRASH + "*")]


def _leftovers(out: Path) -> list[Path]:
    pattern = glob.escape(str(out.parent / f".{out.name}."))
    return sorted(Path(p) for p in glob.glob(pattern + "tmp-*") + glob.glob(pattern + "old-*"))


def recover(out: Path, *, keep: Path | None = None) -> list[str]:
    """Repair what an interrupted build left next to `out` (call with the archive locked);
    returns what was done, for the build's report. `keep` is the running build's own folder."""
    done: list[str] = []
    leftovers = [p for p in _leftovers(out) if p != keep and p.is_dir()]
    if not out.exists():
        complete = [p for p in leftovers if (p / MARKER).is_file()]
        newest = max(complete, key=lambda p: (p / MARKER).stat().st_mtime, default=None)
        if newest is not None:
            newest.rename(out)
            leftovers.remove(newest)
            done.append(f"recovered the site an interrupted build left in {newest.name}")
    for p in leftovers:
        remove_in_background(p)
        done.append(f"removed {p.name}, left by an interrupted build")
    for p in _trash(out):
        with contextlib.suppress(OSError):
            if time.time() - p.stat().st_mtime > STALE_TRASH_S:
                remove_in_background(p)
    return done


def start_watchdog(root: Path, out: Path, tmp: Path) -> subprocess.Popen[bytes] | None:
    """A small process that outlives this one: when this process ends, however it ends (the
    pipe it reads closes), it takes the archive lock and runs `recover`, so a killed build
    leaves neither a half-written folder nor a missing site behind."""
    script = (
        "import sys, pathlib\n"
        "sys.stdin.buffer.read()\n"
        "from site_builder.lock import archive_lock\n"
        "from site_builder.site.publish import recover\n"
        "r, o = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])\n"
        "try:\n"
        "    with archive_lock(r, 'cleanup', wait=600):\n"
        "        recover(o)\n"
        "except Exception:\n"
        "    pass\n"
    )
    try:
        return subprocess.Popen(
            [sys.executable, "-c", script, str(root), str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "SITE_BUILDER_CRASH_AT": ""},
        )
    except OSError:
        return None


TRASH = ".trash-"
"""Infix of a folder being deleted (`._site.trash-*`): never promoted, never reported."""

STALE_TRASH_S = 600
"""A trash folder untouched this long lost the process deleting it (a reboot): deleted again."""


def remove_in_background(folder: Path) -> None:
    """Delete a folder from a process of its own that outlives this one (in the foreground
    where no new process can be started). It is first renamed to a trash name that no recovery
    promotes or reports (a build started while the last one's old site is still being deleted
    said it "removed a folder left by an interrupted build", and deleted it once more)."""
    doomed = folder.with_name(
        f"{folder.name.split('.tmp-')[0].split('.old-')[0].split(TRASH)[0]}{TRASH}{uuid.uuid4().hex[:12]}"
    )
    try:
        folder.rename(doomed)
        (doomed / MARKER).unlink(missing_ok=True)
    except OSError:
        doomed = folder
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(doomed)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(doomed, ignore_errors=True)
