"""Named points where a test can make the process die as `kill -9` would.

The fault-injection tests need to stop a build or an ingest at an exact moment (between the two
halves of a swap, after the n-th article) that no timing from outside can hit reliably. Setting
`SITE_BUILDER_CRASH_AT=<point>` (or `<point>:<n>` for the n-th pass) makes the process send
itself SIGKILL there: no cleanup handler, `finally` block or atexit hook runs, exactly like a
power cut for the files and like `kill -9` for the processes. Unset, a point costs one lookup.
"""

from __future__ import annotations

import os
import signal

_ENV = "SITE_BUILDER_CRASH_AT"
_passes: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Die here when the environment names this point (and this pass of it)."""
    wanted = os.environ.get(_ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if not nth or _passes[name] == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)
