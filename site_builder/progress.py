"""Progress of the long commands on the terminal: a bar with rate and time left (tqdm) for the
steps that take minutes on a big archive, and a line per finished step.

Bars go to standard error and only to a terminal (tqdm's own test), so logs and pipes get the
step lines alone; the lines say what each step did as it finishes, not all at the end.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Never, TextIO

from tqdm import tqdm

from site_builder.errors import Cancelled

Tick = Callable[[int], None]
"""Called with how many more items of a step are done."""


def _bar(total: int | None, label: str, unit: str, enabled: bool, stream: TextIO | None = None) -> tqdm[Never]:
    """A bar on standard error when it is a terminal (or on `stream`, always)."""
    return tqdm(
        total=total,
        desc=label,
        unit=unit,
        unit_scale=False,
        file=stream or sys.stderr,
        disable=(False if stream else None) if enabled else True,  # None: shown on a terminal only
        leave=False,
        mininterval=0.5,
        dynamic_ncols=True,
    )


class Steps:
    """A build's or a check's progress: `bar(label, total)` around a long loop, `line(text)`
    when a step ends (the caller decides where lines go: the terminal, a list, nowhere)."""

    def __init__(
        self,
        line: Callable[[str], None] | None = None,
        *,
        bars: bool = False,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        self._line = line
        self._bars = bars
        self.stop = stop
        """Asked at every tick of a bar and wherever the build calls `check` (never once the
        new site is in place): when it says True, the build raises `Cancelled`."""

    def check(self) -> None:
        if self.stop is not None and self.stop():
            raise Cancelled("stopped on request")

    def line(self, text: str) -> None:
        if self._line is not None:
            self._line(text)

    @contextmanager
    def bar(self, label: str, total: int, unit: str = "pages") -> Iterator[Tick]:
        if not self._bars:

            def quiet(_n: int) -> None:
                self.check()

            yield quiet
            return
        with _bar(total, label, f" {unit}", True) as bar:

            def tick(n: int) -> None:
                self.check()
                bar.update(n)

            yield tick


QUIET = Steps()
"""No lines and no bars: what library callers and tests get unless they ask."""


class IngestProgress:
    """Ingest's bar: measured in lines of the input files (counted before starting, so a
    single 2 GB JSON Lines file has a rate and an ETA too), showing articles and articles per
    second beside it."""

    def __init__(self, files: list[Path], enabled: bool, stream: TextIO | None = None) -> None:
        self._sizes = {str(f): _lines(f) for f in files} if enabled else {}
        total = sum(self._sizes.values()) or None
        self._bar = _bar(total, "ingesting", " lines", enabled and bool(files), stream)
        self._done = 0
        self._current = 0
        self._articles = 0
        self._start = self._bar.format_dict.get("elapsed", 0.0)

    def file(self, path: Path) -> None:
        """A new input file begins: the previous one counts whole."""
        self._done += self._current
        self._current = self._sizes.get(str(path), 0)
        self._show(self._done)
        self._bar.set_description_str(f"ingesting {path.name}"[:60], refresh=False)

    def article(self, line: int) -> None:
        """An article that starts at `line` of the current file was read."""
        self._articles += 1
        self._show(self._done + min(line, self._current))

    def _show(self, at: int) -> None:
        if self._bar.disable:
            return
        self._bar.update(max(0, at - self._bar.n))
        elapsed = self._bar.format_dict.get("elapsed", 0.0) - self._start
        rate = self._articles / elapsed if elapsed > 0 else 0.0
        self._bar.set_postfix_str(f"{self._articles} articles, {rate:.0f}/s", refresh=False)

    def close(self) -> None:
        self._bar.close()


def _lines(path: Path) -> int:
    """Lines in a file, counted in 1 MB pieces (about 1 s a GB); 1 for what cannot be read."""
    try:
        with path.open("rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) + 1
    except OSError:
        return 1
