"""Errors meant for people: they name the file, the line when there is one, and what to do."""

from __future__ import annotations

from typing import Any


class SiteBuilderError(Exception):
    """A problem the user can fix; printed as one line, never as a traceback."""

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None, hint: str | None = None
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        super().__init__(self.format())

    def __reduce__(self) -> tuple[object, ...]:
        """Keep path, line and hint when the error crosses from a worker process."""
        return (self.__class__, (self.message,), {"path": self.path, "line": self.line, "hint": self.hint})

    def __setstate__(self, state: dict[str, Any] | None) -> None:
        self.__dict__.update(state or {})
        self.args = (self.format(),)

    def format(self) -> str:
        """Render as `path:line: message (hint)`, the shape editors and CI logs link on."""
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f" -- {self.hint}" if self.hint else ""
        return f"{where}{self.message}{hint}"


class Cancelled(Exception):
    """A build stopped on request (`serve` stops its search indexing when a newer edit comes):
    not a problem to report; the build leaves the previous site in place, as any failed one."""


class InputError(SiteBuilderError):
    """An input file that cannot be ingested (empty, binary, unreadable, no article found)."""


class ContentError(SiteBuilderError):
    """Content that cannot be built (bad front matter, slug collision, bad config)."""
