"""The one place the build writes files: inside the output folder, each path at most once."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from site_builder.errors import ContentError


class Writer:
    """Writes site files under `root`; refuses paths that escape it and paths written twice."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.written: set[str] = set()
        self._dirs: set[Path] = set()
        self.bytes = 0

    def claim(self, url: str) -> None:
        """Record that `url` is written (by this writer or by a worker's); a second claim fails."""
        if url in self.written:
            raise ContentError(f"two pages would be written to {url}", hint="rename one of the sources")
        self.written.add(url)

    def _target(self, url: str) -> Path:
        rel = PurePosixPath(url)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ContentError(f"refusing to write outside the site: {url!r}", hint="report this as a bug")
        self.claim(url)
        target = self.root.joinpath(*rel.parts)
        if target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        return target

    def write(self, url: str, text: str) -> None:
        data = text.encode("utf-8")
        self._target(url).write_bytes(data)
        self.bytes += len(data)

    def write_bytes(self, url: str, data: bytes) -> None:
        self._target(url).write_bytes(data)
        self.bytes += len(data)
