"""Front matter read as data, never as a program or a bomb.

Every file with front matter (raw Markdown, articles, entity notes) is untrusted text, and
PyYAML's safe loader still accepts three things that took the tool down: anchors and aliases
(407 bytes of "billion laughs" grew to gigabytes once the value was walked), timestamps that do
not exist (`date: 2022-02-30` raised from inside the loader, outside any error handling), and
flow collections nested thousands deep. Here aliases are refused, dates stay the strings they
were written as (the schema checks them, naming the field), nesting is capped, and whatever the
loader raises becomes a `FrontMatterError` with the file line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

MAX_DEPTH = 50
"""Nesting levels allowed in front matter; the field contract needs three."""

_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """The safe loader without timestamps: dates are checked by the schema, with the field named."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class FrontMatterError(ValueError):
    """Front matter that cannot be read; `line` is the line in the whole file, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_BRACKETS = re.compile(r"[\[\]{}]")


def _bracket_depth(text: str) -> int:
    """Deepest bracket nesting, counting brackets inside quoted text too: a quick upper bound."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest


def _too_deep(text: str) -> bool:
    """True when collections nest deeper than MAX_DEPTH, from the parser's events (libyaml's
    parser keeps its own stack; only building the nested values would recurse). The event
    pass runs only when the bracket count allows such depth: a title full of `[` is text."""
    if text.count("[") + text.count("{") <= MAX_DEPTH or _bracket_depth(text) <= MAX_DEPTH:
        return False
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


def load_yaml(text: str, *, first_line: int = 1) -> Any:
    """Parse one YAML document safely; `first_line` is the file line the text starts on."""
    try:
        if _too_deep(text):
            raise FrontMatterError(f"front matter nested more than {MAX_DEPTH} levels deep", first_line)
        if "*" in text:
            for event in yaml.parse(text, Loader=_Loader):
                if isinstance(event, yaml.AliasEvent):
                    line = event.start_mark.line + first_line if event.start_mark else first_line
                    raise FrontMatterError(
                        "YAML aliases (*name) are not allowed in front matter: write the value out", line
                    )
        return yaml.load(text, Loader=_Loader)
    except FrontMatterError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(
            f"invalid YAML front matter: {problem}", (mark.line + first_line) if mark is not None else first_line
        ) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # a constructor gave up
        raise FrontMatterError(f"invalid YAML front matter: {exc}", first_line) from None


_HANDLER = YAMLHandler()
"""python-frontmatter finds the `---` fences; the YAML between them goes to `load_yaml`."""


def split(text: str) -> tuple[dict[str, Any], str]:
    """(front matter as a dict, body) of a Markdown file; text without front matter has an
    empty one. Raises FrontMatterError."""
    if not _HANDLER.detect(text):
        return {}, text
    try:
        fm, content = _HANDLER.split(text)
    except ValueError:
        raise FrontMatterError("the front matter has no closing --- line", 1) from None
    meta = load_yaml(fm, first_line=1)
    if meta is None:
        return {}, content
    if not isinstance(meta, dict):
        raise FrontMatterError("the front matter is not a list of `key: value` lines", 2)
    return {str(k): v for k, v in meta.items()}, content
