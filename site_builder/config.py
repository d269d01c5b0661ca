"""`content/site.toml`: the site's title, base URL, theme and a few display settings.

Every option is optional. Validation collects every problem and reports each as
`Config value 'key': expected ..., got ...` before giving up; unknown keys are warnings.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from site_builder import schema
from site_builder.errors import ContentError
from site_builder.schema import FieldError
from site_builder.text import strip_controls


@dataclass(frozen=True)
class SiteConfig:
    """Settings read from site.toml."""

    title: str = "News archive"
    """Shown in every page header and in feeds."""
    description: str = "A searchable archive of news articles."
    """Used in the home page and feed subtitle."""
    base_url: str = ""
    """Public URL (e.g. https://user.github.io/archive/); feeds and the sitemap need absolute links."""
    theme: str = "default"
    """A folder under themes/ that overrides the default theme file by file."""
    language: str = "en"
    """The `lang` of every page."""
    per_page: int = 50
    """Articles listed per entity page before paginating."""
    home_articles: int = 20
    """Latest articles shown on the home page."""
    license: str = "Rights remain with each article's publisher: see its source and copyright fields."
    """The licence note of the data downloads (`data/datapackage.json`, `site-builder export`)."""
    date_order: str = ""
    """How ingest reads numeric dates such as `06/12/1996` when a file does not settle it by itself:
    `dmy` (day first, as in Britain and most of the world) or `mdy` (month first, as in the US)."""


_THEME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")


def _check_values(values: dict[str, object]) -> list[str]:
    """Values that reach HTML, feeds, robots.txt and Pagefind's command line must be what they
    claim: a language tag, an http(s) address, a plain folder name, text without controls."""
    errors: list[str] = []
    checks = {"language": schema.language, "base_url": schema.web_url}
    for key, check in checks.items():
        if values.get(key):
            try:
                check(key, values[key])
            except FieldError as exc:
                errors.append(f"Config value {str(exc).removeprefix('field ')}")
    theme = values.get("theme")
    if isinstance(theme, str) and not _THEME.match(theme):
        errors.append(f"Config value 'theme': {theme[:60]!r} is not a folder name under themes/")
    for key in ("title", "description"):
        value = values.get(key)
        if isinstance(value, str):
            if len(value) > 500:
                errors.append(f"Config value '{key}': {len(value)} characters, above the limit of 500")
            values[key] = strip_controls(value).replace("\n", " ")
    for key in ("per_page", "home_articles"):
        value = values.get(key)
        if isinstance(value, int) and not 1 <= value <= 10_000:
            errors.append(f"Config value '{key}': expected a number from 1 to 10000, got {value}")
    return errors


def load_config(root: Path, *, base_url: str | None = None) -> tuple[SiteConfig, list[str]]:
    """Read site.toml (if any); returns the config and warnings, raises ContentError on bad values."""
    path = root / "content" / "site.toml"
    data: dict[str, object] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise ContentError("not UTF-8 text", path=path.as_posix(), hint="save site.toml as UTF-8") from None
        except tomllib.TOMLDecodeError as exc:
            raise ContentError(f"invalid TOML: {exc}", path=path.as_posix(), hint="fix the syntax") from exc
    section = data.get("site")
    if isinstance(section, dict):
        data = dict(section)
    known = {f.name: f for f in fields(SiteConfig)}
    errors: list[str] = []
    warnings: list[str] = []
    values: dict[str, object] = {}
    for key, value in data.items():
        if key not in known:
            warnings.append(f"{path.as_posix()}: unknown setting '{key}' ignored")
            continue
        expected = int if known[key].type in ("int", int) else str
        if not isinstance(value, expected) or isinstance(value, bool):
            errors.append(f"Config value '{key}': expected {expected.__name__}, got {type(value).__name__}")
            continue
        values[key] = value
    if values.get("date_order") not in (None, "", "dmy", "mdy"):
        errors.append(f"Config value 'date_order': expected 'dmy' or 'mdy', got {values['date_order']!r}")
    errors.extend(_check_values(values))
    if errors:
        raise ContentError("; ".join(errors), path=path.as_posix(), hint="fix these values in site.toml")
    if base_url:
        try:
            schema.web_url("base_url", base_url)
        except FieldError as exc:
            raise ContentError(
                f"--base-url / SITE_BASE_URL: {exc}", hint="give the site's public http(s) address"
            ) from None
    if base_url is not None:
        values["base_url"] = base_url
    cfg = SiteConfig(**values)  # type: ignore[arg-type]
    if cfg.base_url and not cfg.base_url.endswith("/"):
        cfg = SiteConfig(**{**{f: getattr(cfg, f) for f in known}, "base_url": cfg.base_url + "/"})
    return cfg, warnings
