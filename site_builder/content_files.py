"""Reading the archive's own files (articles, entity notes) with the same refusals everywhere."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.errors import ContentError

MAX_FILE_BYTES = 16 * 2**20
"""Article and note files above this are refused: a hand-written file is never this big, and
reading one whole must not exhaust memory."""


def display_path(root: Path, path: Path) -> str:
    """A file as errors name it: relative to the archive root when inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def links_outside(root: Path, path: Path) -> bool:
    """A symbolic link (the file or a folder on its way) that leads out of the archive: it would
    publish a file from elsewhere on the machine."""
    return path.resolve() != path.absolute() and not path.resolve().is_relative_to(root.resolve())


def read_content_file(root: Path, path: Path, display: str) -> str:
    """The text of one content file, refusing what must not be read: a symlink leading out of
    the archive (it would publish a file from elsewhere), a file too big, bytes that are not
    UTF-8. Raises ContentError naming the file."""
    if os.path.islink(path) and links_outside(root, path):
        raise ContentError(
            "a symbolic link to a file outside the archive",
            path=display,
            hint="copy the file into the archive instead of linking to it",
        )
    with open(path, "rb") as fh:  # one open and one fstat: this runs for every article of a build
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                f"the file is {size / 1e6:.0f} MB, above the {MAX_FILE_BYTES // 2**20} MiB limit",
                path=display,
                hint="split it, or move what is not article text elsewhere",
            )
        data = fh.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError("not UTF-8 text", path=display, line=line, hint="save the file as UTF-8") from None


def article_files(root: Path) -> list[tuple[str, Path]]:
    """(path under content/articles, file) of every article, sorted; edited copies set aside by
    ingest (`*.edited.md`), the manifest and hidden files are not articles. (`os.walk` and
    string paths: `Path.rglob` and `relative_to` cost a fifth of a second per 10,000 files.)"""
    folder = root / "content" / "articles"
    if not folder.is_dir():
        return []
    rels: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        prefix = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        rels.extend(
            prefix + name
            for name in filenames
            if name.endswith(".md") and not name.startswith(".") and ".edited" not in name
        )
    rels.sort(key=lambda rel: rel.split("/"))
    return [(rel, folder.joinpath(*rel.split("/"))) for rel in rels]
