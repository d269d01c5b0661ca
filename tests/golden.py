"""The golden site: the example content plus the seed, built, kept in tests/golden/site/.

Two builds agreeing says nothing about whether either is right; a reviewed copy of the output
does. The test compares every file of a fresh build (Pagefind's binary bundles aside: their
pages are the HTML compared here) with the golden copy and shows the first difference.
After an intended change, `make golden` refreshes the copy and the diff goes into review.
"""

from __future__ import annotations

import difflib
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "site"
SEED = REPO.parent / "shared" / "seeds" / "000_9d1449ccce0eda8e.txt"
BASE_URL = "https://example.org/archive/"


def build_site(tmp: Path, *, theme_edit: tuple[str, str, str] | None = None, fragment_cache: bool = True) -> Path:
    """Ingest the seed into a copy of the example content and build it; returns `_site`.
    `theme_edit` = (template, old, new) builds with a theme that changes one template."""
    from site_builder.ingest.pipeline import ingest
    from site_builder.site.build import build

    root = tmp / "archive"
    shutil.copytree(REPO / "content", root / "content")
    ingest([root / "content" / "raw", SEED], root=root)
    if theme_edit:
        name, old, new = theme_edit
        source = (REPO / "themes" / "default" / "templates" / name).read_text(encoding="utf-8")
        assert old in source, f"{old!r} is not in {name}"
        (root / "themes" / "edited" / "templates").mkdir(parents=True)
        (root / "themes" / "edited" / "templates" / name).write_text(source.replace(old, new, 1), encoding="utf-8")
        settings = root / "content" / "site.toml"
        text = settings.read_text(encoding="utf-8") if settings.exists() else ""
        settings.write_text(re.sub(r"(?m)^theme\s*=.*$", "", text) + '\ntheme = "edited"\n', encoding="utf-8")
    build(root, base_url=BASE_URL, jobs=1, fragment_cache=fragment_cache)
    return root / "_site"


BOOKKEEPING = {".site-builder-pages.json"}
"""The record of what each page was rendered from: its digests are salted with the code's, so
it changes with every commit and says nothing a reviewer can read."""


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a site except Pagefind's bundles and the build's page record, by path."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
        and not p.relative_to(site).parts[0].startswith("pagefind")
        and p.relative_to(site).as_posix() not in BOOKKEEPING
    }


def differences(site: Path, golden: Path = GOLDEN) -> list[str]:
    """What differs from the golden copy: missing and extra files, then the first changed
    file's diff."""
    new, old = site_files(site), site_files(golden)
    out = [f"missing: {p}" for p in sorted(old.keys() - new.keys())]
    out += [f"extra: {p}" for p in sorted(new.keys() - old.keys())]
    changed = [p for p in sorted(old.keys() & new.keys()) if old[p] != new[p]]
    out += [f"changed: {p}" for p in changed]
    if changed:
        a = old[changed[0]].decode("utf-8", "replace").splitlines()
        b = new[changed[0]].decode("utf-8", "replace").splitlines()
        out += list(difflib.unified_diff(a, b, f"golden/{changed[0]}", f"new/{changed[0]}", n=2, lineterm=""))[:40]
    return out


def update(tmp: Path) -> int:
    site = build_site(tmp)
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel, data in site_files(site).items():
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"tests/golden/site: {len(site_files(site))} files written")
    return 0


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        sys.exit(update(Path(tmp)))
