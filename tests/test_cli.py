"""Every command has help text and is documented in the README."""

from __future__ import annotations

import subprocess
import sys

import pytest

from site_builder.cli import main
from tests.conftest import REPO, run_cli

COMMANDS = sorted(main.commands)


def test_commands_present() -> None:
    assert set(COMMANDS) >= {"ingest", "build", "serve", "check", "entities"}


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_docs(name: str) -> None:
    code, out = run_cli(name, "--help")
    assert code == 0 and len(out.splitlines()) > 3
    assert main.commands[name].help
    assert f"site-builder {name}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_python_dash_m() -> None:
    out = subprocess.run([sys.executable, "-m", "site_builder", "--version"], capture_output=True, text=True,
                         check=True)
    assert "site-builder" in out.stdout
