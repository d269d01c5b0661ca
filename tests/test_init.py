"""A new user's first minutes: `site-builder init`, then `make site`, from the installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from site_builder.ingest.catalog import CATALOG, describe, tabular_columns
from site_builder.ingest.formats import FORMATS
from tests.conftest import REPO, run_cli

TITLES = (
    "Harbour Town Library Opens Evening Reading Room",
    "Ferry Service to Skerry Island Resumes After Storm Repairs",
    "Council Approves New Cycle Lanes on Quay Road",
    "School Choir from Harbour Town Wins Regional Prize",
)


def _run(args: list[str], **kw: object) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return str(done.stdout)


def test_init_then_make_site_from_the_installed_wheel(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO)])
    wheel = next(dist.glob("site_builder-*.whl"))
    target = tmp_path / "installed"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)])
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = _run([sys.executable, "-c", "import site_builder; print(site_builder.__file__)"], env=env, cwd=tmp_path)
    assert where.startswith(str(target)), f"not the wheel's copy: {where}"
    archive = tmp_path / "my-archive"
    out = _run([sys.executable, "-m", "site_builder", "init", str(archive)], env=env, cwd=tmp_path)
    assert "make site" in out
    _run(["make", "site", f"SB={sys.executable} -m site_builder"], env=env, cwd=archive)
    home = (archive / "_site" / "index.html").read_text(encoding="utf-8")
    for title in TITLES:
        assert title in home
    assert (archive / ".github" / "workflows" / "pages.yml").is_file()
    assert "_site/" in (archive / ".gitignore").read_text(encoding="utf-8")


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text("mine\n", encoding="utf-8")
    code, out = run_cli("init", str(tmp_path))
    assert code == 1 and "Makefile" in out and "never overwrites" in out
    assert (tmp_path / "Makefile").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "content").exists()


def test_every_setting_is_in_the_starter_site_toml() -> None:
    import dataclasses

    from site_builder.config import SiteConfig

    text = (REPO / "site_builder" / "starter" / "site.toml").read_text(encoding="utf-8")
    for f in dataclasses.fields(SiteConfig):
        assert f"# {f.name} = " in text, f.name


def test_formats_lists_every_reader_and_every_column() -> None:
    assert sorted(i.name for i in CATALOG) == sorted(FORMATS)
    code, out = run_cli("formats")
    assert code == 0
    assert out.strip() == describe().strip()
    for names in tabular_columns().values():
        for name in names:
            assert name in out
