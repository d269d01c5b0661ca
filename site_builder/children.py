"""Child processes that end with their parent, even when the parent is killed with SIGKILL.

A build forks render workers and starts Pagefind; if the build is killed (kill -9, the OOM
killer, a closed terminal), nothing else would stop them, and they would keep writing into a
folder that is about to be deleted. On Linux `prctl(PR_SET_PDEATHSIG)` asks the kernel to
send the child a signal when its parent dies; elsewhere this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Call in a child process (a pool initializer, a `preexec_fn`): SIGKILL when the parent
    dies. Safe after fork: it only makes one system call."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the call: nobody will signal us
        os._exit(1)
