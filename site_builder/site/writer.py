"""The one place the build writes files: inside the output folder, each path at most once."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from site_builder.errors import ContentError


class Writer:
    """Writes site files under `root`; refuses paths that escape it and paths written twice."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.written: set[str] = set()
        self._root = str(self.root)
        self._dirs: set[str] = set()
        """Folders made so far, as strings: path objects cost more than the write itself."""

    def claim(self, url: str) -> None:
        """Record that `url` is written (by this writer or by a worker's); a second claim fails."""
        if url in self.written:
            raise ContentError(f"two pages would be written to {url}", hint="rename one of the sources")
        self.written.add(url)

    def _target(self, url: str) -> str:
        parts = url.split("/")
        if url.startswith("/") or "\\" in url or any(p in ("", ".", "..") for p in parts):
            raise ContentError(f"refusing to write outside the site: {url!r}", hint="report this as a bug")
        self.claim(url)
        folder = os.path.join(self._root, *parts[:-1])
        if folder not in self._dirs:
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as exc:
                raise ContentError(
                    f"cannot create {url.rsplit('/', 1)[0]}/: {exc.strerror or exc}",
                    hint="free some disk space and build again; the previous site is left in place",
                ) from exc
            self._dirs.add(folder)
        return os.path.join(folder, parts[-1])

    def write(self, url: str, text: str) -> None:
        data = text.encode("utf-8")
        self._write(self._target(url), data)

    def write_bytes(self, url: str, data: bytes) -> None:
        self._write(self._target(url), data)

    def reuse(self, url: str, previous: Path) -> bool:
        """Put the file of `url` from the `previous` site in place (a hard link: the same bytes
        at no cost; a copy where links cannot be made). False, claiming nothing, when the
        previous site lacks it: the caller renders the page instead."""
        path = self._target(url)  # first: it refuses a URL that would leave the site
        source = f"{previous}/{url}"  # strings, not os.path.join: this runs for every unchanged page
        try:
            if not stat.S_ISREG(os.lstat(source).st_mode):  # a symbolic link is never followed
                self.written.discard(url)
                return False
        except OSError:
            self.written.discard(url)
            return False
        try:
            os.link(source, path)
        except OSError:
            try:
                with open(source, "rb") as f:
                    self._write(path, f.read())
            except OSError:
                self.written.discard(url)
                return False
        return True

    def write_chunks(self, url: str, chunks: Iterable[str]) -> int:
        """Write text made in pieces (a big data table) without holding it whole; returns bytes."""
        path = self._target(url)
        size = 0
        try:
            with open(path, "wb") as f:
                for chunk in chunks:
                    data = chunk.encode("utf-8")
                    f.write(data)
                    size += len(data)
        except OSError as exc:
            raise self._error(path, exc) from exc
        return size

    def _error(self, path: str, exc: OSError) -> ContentError:
        return ContentError(
            f"cannot write {os.path.relpath(path, self._root)}: {exc.strerror or exc}",
            hint="free some disk space and build again; the previous site is left in place",
        )

    def _write(self, path: str, data: bytes) -> None:
        try:
            with open(path, "wb") as f:
                f.write(data)
        except OSError as exc:  # a full disk, a quota: say so, not a traceback
            raise self._error(path, exc) from exc
