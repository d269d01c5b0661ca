"""One writer per archive: a build, an ingest or a serve rebuild holds `.site-builder.lock`.

Two builds at once used to collide at the final swap; an ingest during a build could change
articles under the build's feet. The lock is an advisory `flock` on a file in the archive root:
the kernel releases it when its holder dies, however it dies, so a killed build never leaves a
stale lock behind. The holder writes its pid and verb into the file so that the refusal can say
who holds it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from site_builder.errors import ContentError

LOCK_NAME = ".site-builder.lock"

try:
    import fcntl
except ImportError:  # Windows: no advisory locks from the standard library; run unlocked
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def archive_lock(root: Path, verb: str, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the archive's lock for `verb`; waits up to `wait` seconds for another holder, then
    raises ContentError naming it (its pid and what it is doing)."""
    if fcntl is None:
        yield
        return
    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
                    raise ContentError(
                        f"the archive is busy: {holder} holds {path.as_posix()}",
                        hint=f"wait for it to finish, then run {verb} again (the lock goes when that process ends)",
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"site-builder {verb} (pid {os.getpid()})\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
