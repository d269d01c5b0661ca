"""Finding themes and making the Jinja2 environment (autoescape always on).

The default theme ships inside the package (`site_builder/themes/default` in a wheel, the
repository's `themes/default` in a source checkout); a user theme named in site.toml
(`content/../themes/<name>`) overrides it file by file.
"""

from __future__ import annotations

import json
import traceback
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

from site_builder.errors import ContentError


def default_theme() -> Path:
    """The packaged default theme, whether installed from a wheel or run from the source tree."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "themes" / "default", here.parent / "themes" / "default"):
        if (candidate / "templates" / "base.html").is_file():
            return candidate
    raise ContentError(
        "the default theme is missing from the installation",
        hint="reinstall site-builder (pip install --force-reinstall site-builder)",
    )


def theme_dirs(root: Path, name: str) -> list[Path]:
    """Theme folders to search, most specific first."""
    dirs = []
    if name != "default" or (root / "themes" / "default").is_dir():
        user = root / "themes" / name
        if not user.is_dir() and name != "default":
            raise ContentError(
                f"theme '{name}' not found at {user.as_posix()}",
                path="content/site.toml",
                hint='create the folder or set theme = "default"',
            )
        if user.is_dir():
            dirs.append(user)
    default = default_theme()
    if default.resolve() not in [d.resolve() for d in dirs]:
        dirs.append(default)
    return dirs


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""One encoder for every page: `json.dumps` with options builds a new one per call."""


def _json_ld(value: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> block; `<`, `>` and `&` escaped so text
    from articles can never close the script element."""
    text = _JSON.encode(value)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def check_templates(env: Environment) -> None:
    """Compile every template now, so a broken theme fails before anything is built, with the
    template file and line named."""
    for name in env.list_templates(extensions=["html", "xml"]):
        try:
            env.get_template(name)
        except TemplateSyntaxError as exc:
            raise ContentError(
                f"template error: {exc.message}",
                path=exc.filename or name,
                line=exc.lineno,
                hint="fix the theme template",
            ) from exc


def template_error(exc: Exception) -> ContentError:
    """A rendering error (an undefined variable, a failing filter) as a ContentError naming the
    theme file and line where it happened, found in the traceback."""
    where: tuple[str, int] | None = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".xml")):
            where = (filename, lineno)
    return ContentError(
        f"template error: {exc}",
        path=where[0] if where else None,
        line=where[1] if where else None,
        hint="fix the theme template (the variables each template receives are listed in docs/theme-variables.md)",
    )


def make_env(dirs: list[Path], *, fragment_cache: bool = True, bytecode: Path | None = None) -> Environment:
    """A Jinja2 environment over the theme folders' templates, autoescaping every file type.
    `fragment_cache=False` renders every partial afresh (the tests compare both ways).
    `bytecode`: a folder keeping compiled templates between builds (Jinja's own cache, keyed by
    each template's source: compiling the theme cost 0.3 s of every build)."""
    env = Environment(
        bytecode_cache=FileSystemBytecodeCache(str(bytecode)) if bytecode is not None else None,
        loader=ChoiceLoader([FileSystemLoader(str(d / "templates")) for d in dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build is one pass: no stat of every template file on every page
    )
    env.filters["json_ld"] = _json_ld
    _add_partials(env, fragment_cache)
    return env


def _add_partials(env: Environment, cache: bool = True) -> None:
    """Template functions rendering a theme's repeated fragments once and reusing the HTML.

    `partial("_header.html")` renders a fragment that sees only `site`, `root` and `counts`,
    once per folder depth. `partial_cached(name, key, ..., **variables)` renders a fragment
    once per key, like Hugo's partialCached: the template names what the fragment depends on
    (an article teaser: its relative URL, the same on every page at one depth). Rendering
    such fragments on every page was a third of a large build's template time; a theme
    overrides the fragment files like any other."""
    fragments: dict[tuple[object, ...], Markup] = {}

    def partial_cached(name: str, *key: Any, **variables: Any) -> Markup:
        full_key = (name, *key)
        html = fragments.get(full_key) if cache else None
        if html is None:
            html = fragments[full_key] = Markup(env.get_template(name).render(**variables).rstrip("\n"))
        return html

    @pass_context
    def partial(ctx: Context, name: str) -> Markup:
        root = ctx["root"]
        return partial_cached(name, "depth", root, site=ctx["site"], root=root, counts=ctx["counts"])

    env.globals["partial"] = partial
    env.globals["partial_cached"] = partial_cached
