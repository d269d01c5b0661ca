"""`site-builder init [DIR]`: a new archive that `make site` builds at once.

The starter holds two small raw files written for it (a pasted text with two articles and a CSV
with two more, all invented), `content/site.toml` with every setting commented, a Makefile, a
`.gitignore`, `requirements.txt` pinning this version and the GitHub Pages workflow. Nothing
that exists is overwritten: init refuses a folder that already holds an archive or any of
these files, and says which.
"""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path

from site_builder.errors import ContentError

FILES = {
    "content/raw/harbour-news.txt": "raw/harbour-news.txt",
    "content/raw/council-notes.csv": "raw/council-notes.csv",
    "content/site.toml": "site.toml",
    "Makefile": "Makefile",
    ".gitignore": "gitignore",
    ".github/workflows/pages.yml": "workflows/pages.yml",
}
"""Where each starter file goes in the new archive -> its name in `site_builder/starter/`."""


def version() -> str:
    """The installed site-builder's version (the one the starter's requirements pin)."""
    try:
        return metadata.version("site-builder")
    except metadata.PackageNotFoundError:
        return "0"


def init(target: Path) -> list[Path]:
    """Write the starter archive into `target` (created if missing); returns the files written."""
    if (target / "content" / "articles").exists():
        raise ContentError(
            f"{target} already holds an archive (content/articles)", hint="init only starts new archives"
        )
    clashes = [rel for rel in [*FILES, "requirements.txt"] if (target / rel).exists()]
    if clashes:
        raise ContentError(
            f"{target} already has {', '.join(clashes)}",
            hint="init never overwrites a file: move them aside, or start in an empty folder",
        )
    starter = resources.files("site_builder").joinpath("starter")
    written = []
    for rel, name in FILES.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(starter.joinpath(*name.split("/")).read_bytes())
        written.append(path)
    req = target / "requirements.txt"
    req.write_text(f"site-builder=={version()}\n", encoding="utf-8")
    written.append(req)
    return written
