"""The package's layers, checked from the imports themselves (function-level ones included).

    cli, __main__                      the command line
    ingest/*        site/*             the two pipelines: raw files -> articles; articles -> site
    entities/*, frontmatter_io, versions, manifest     shared by both pipelines
    model, text, dates, schema, progress, errors, ...   the bottom: imports nothing of ours above

A module may import its own layer and the layers below; ingest and site never import each
other (build must not pull in the readers, nor ingest the renderer). A new module must be given
a layer here, so this map stays the architecture's description.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"

BOTTOM = {
    "__init__",
    "errors",
    "text",
    "schema",
    "safe_yaml",
    "model",
    "dates",
    "faults",
    "children",
    "lock",
    "wordlists",
    "parallel",
    "progress",
    "content_files",
    "config",
    "scaffold",
}
SHARED = {"frontmatter_io", "versions", "manifest", "entities"}
PIPELINES = {"ingest", "site"}
TOP = {"cli", "__main__"}


def layer(module: str) -> tuple[int, str]:
    """(level, group) of a dotted module name under site_builder."""
    head = module.split(".")[0]
    if head in BOTTOM:
        return 0, "bottom"
    if head in SHARED:
        return 1, "shared"
    if head in PIPELINES:
        return 2, head
    if head in TOP:
        return 3, "top"
    raise AssertionError(f"site_builder/{module.replace('.', '/')}: no layer in tests/test_layers.py; add it")


def imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("site_builder"):
            out.add(node.module.removeprefix("site_builder").lstrip("."))
            if node.module == "site_builder":
                out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("site_builder.") for a in node.names if a.name.startswith("site_builder."))
    return {m for m in out if m}


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(package).with_suffix("").as_posix().replace("/", ".")
        level, group = layer(module)
        for target in sorted(imports(path)):
            t_level, t_group = layer(target)
            if t_level > level or (t_level == level == 2 and t_group != group):
                found.append(f"site_builder/{path.relative_to(package)} ({group}) imports {target} ({t_group})")
    return found


def test_no_module_imports_a_layer_above_or_the_other_pipeline() -> None:
    assert violations() == []


def test_the_check_catches_backwards_imports(tmp_path: Path) -> None:
    """The check itself works: a site module importing ingest, and the bottom importing the
    site (inside a function, where such imports hide), are both reported."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.py").write_text("from site_builder.ingest.pipeline import ingest\n", encoding="utf-8")
    (tmp_path / "model.py").write_text("def f():\n    from site_builder.site import build\n", encoding="utf-8")
    assert violations(tmp_path) == [
        "site_builder/model.py (bottom) imports site (site)",
        "site_builder/site/page.py (site) imports ingest.pipeline (ingest)",
    ]
