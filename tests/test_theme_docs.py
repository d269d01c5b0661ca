"""The theme contract: the documented variables are the ones templates receive, and every
template of the default theme uses only variables its context record declares."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from jinja2 import meta, nodes

from site_builder.site.contexts import TEMPLATES, PageContext, markdown
from site_builder.site.theme import default_theme, make_env
from tests.conftest import REPO


def test_the_variable_list_is_generated_from_the_records() -> None:
    doc = (REPO / "docs" / "theme-variables.md").read_text(encoding="utf-8")
    assert doc == markdown(), "run: python -m site_builder.site.contexts > docs/theme-variables.md"


def _record_for(template: str) -> type:
    for names, cls in TEMPLATES.items():
        if template in [n.strip() for n in names.split(",")]:
            return cls
    return PageContext  # fragments and layouts see what every page sees


@pytest.mark.parametrize("template", sorted(p.name for p in (default_theme() / "templates").iterdir()))
def test_templates_use_only_declared_variables(template: str) -> None:
    env = make_env([default_theme()])
    source = Path(default_theme() / "templates" / template).read_text(encoding="utf-8")
    tree = env.parse(source)
    imported = {n if isinstance(n, str) else n[1] for node in tree.find_all(nodes.FromImport) for n in node.names}
    used = meta.find_undeclared_variables(tree) - set(env.globals) - imported
    if template.startswith("_"):
        # fragments: partials get site, root, counts; teasers get `t`; macros are called with arguments
        allowed = {"site", "root", "counts", "t"}
    else:
        allowed = {f.name for f in dataclasses.fields(_record_for(template))}
        if template == "base.html":
            allowed |= {f.name for cls in TEMPLATES.values() for f in dataclasses.fields(cls)}  # blocks of children
    assert used <= allowed, f"{template} uses {sorted(used - allowed)}, not in its context record"
