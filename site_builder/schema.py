"""Checks shared by every reader of front matter and settings: one set of rules for ingest,
build and `check`, so that nothing `check` passes can stop a build.

A value of the wrong type, a date that does not exist or a key that is a near miss of a known
one (`merge_int`, `tilte`) is a `FieldError` naming the field; the loader turns it into an
error naming the file and the field's line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from collections.abc import Iterable
from typing import Any


class FieldError(ValueError):
    """A front-matter or setting value that breaks the contract; `field` names the key."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"field '{field}': {message}")
        self.field = field


_KEY_LINE = re.compile(r"^([^\s#:][^:\n]*?)\s*:", re.MULTILINE)


def key_lines(front_matter: str, first_line: int = 1) -> dict[str, int]:
    """Line (in the file) of each top-level key of a YAML block, for error messages."""
    lines: dict[str, int] = {}
    for m in _KEY_LINE.finditer(front_matter):
        lines.setdefault(m.group(1).strip().strip("'\""), front_matter.count("\n", 0, m.start()) + first_line)
    return lines


def field_line(text: str, field: str) -> int:
    """The line of a top-level key in a file's front matter (1 when it cannot be found)."""
    end = text.find("\n---", 3)
    return key_lines(text[: end if end > 0 else len(text)]).get(field.split(".")[0], 1)


def near_misses(keys: Iterable[str], known: Iterable[str]) -> list[tuple[str, str]]:
    """(key, the known key it was probably meant to be) for keys that are a typo of one."""
    known = list(known)
    out = []
    for key in keys:
        if key in known:
            continue
        close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.75)
        if close:
            out.append((key, close[0]))
    return out


def unknown_keys(keys: Iterable[str], known: Iterable[str]) -> list[tuple[str, str | None]]:
    """Every key not known, with the closest known one (or None)."""
    known = list(known)
    out: list[tuple[str, str | None]] = []
    for k in keys:
        if k not in known:
            close = difflib.get_close_matches(k.lower(), known, n=1, cutoff=0.6)
            out.append((k, close[0] if close else None))
    return out


def text(field: str, value: Any, *, required: bool = False, max_len: int = 100_000) -> str | None:
    """A text value. Numbers are text as written (`title: 1984`); booleans, lists and mappings
    are refused (YAML reads `source: no` as false, and the name is lost)."""
    if value is None or value == "":
        if required:
            raise FieldError(field, "is missing or empty")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(field, f"expected text, got {_kind(value)} (put the value in quotes)")
    out = str(value)
    if len(out) > max_len:
        raise FieldError(field, f"is {len(out)} characters long, above the limit of {max_len}")
    return out


def names(field: str, value: Any) -> tuple[str, ...]:
    """A list of names (one name alone is a list of one)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (sys.intern(value),) if value.strip() else ()
    if not isinstance(value, list):
        raise FieldError(field, f"expected a list of names, got {_kind(value)}")
    out = []
    for item in value:
        if item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise FieldError(field, f"expected names, got {_kind(item)} in the list")
        if str(item).strip():
            out.append(sys.intern(str(item)))  # one object per name however many articles use it
    return tuple(out)


def integer(field: str, value: Any, *, minimum: int = 0) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, f"expected a whole number, got {_kind(value)}")
    if value < minimum:
        raise FieldError(field, f"must be at least {minimum}, got {value}")
    return value


def flag(field: str, value: Any) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise FieldError(field, f"expected true or false, got {_kind(value)}")
    return value


def mapping(field: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldError(field, f"expected `key: value` pairs, got {_kind(value)}")
    return {str(k): v for k, v in value.items()}


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def iso_date(field: str, value: str) -> str | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` that exists in the calendar, or None when the text is
    not in that shape (the caller may read it another way)."""
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        raise FieldError(
            field, f"{value!r} is not a date in the calendar (write YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None
    if year < 1:
        raise FieldError(field, f"{value!r} has no year")
    return value.strip()


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$")


def language(field: str, value: Any) -> str | None:
    """A BCP 47 language tag (`en`, `pt-BR`, `zh-Hant`): it reaches HTML `lang` attributes and
    Pagefind's command line, where anything else broke the build."""
    out = text(field, value)
    if out is None:
        return None
    if not _LANGUAGE.match(out):
        raise FieldError(field, f"{out!r} is not a language tag (write e.g. en, fr, pt-BR)")
    return out


def web_url(field: str, value: Any, *, required_scheme: bool = True) -> str | None:
    """An absolute http(s) URL with no spaces or control characters: `javascript:` links and
    a newline in a URL (which wrote `Disallow: /` into robots.txt) are refused."""
    out = text(field, value, max_len=2000)
    if out is None:
        return None
    out = out.strip()
    if not re.match(r"^https?://[^\s/?#]+[^\s]*$", out, re.IGNORECASE) or any(ord(c) < 32 for c in out):
        raise FieldError(field, f"{out[:80]!r} is not an http:// or https:// address")
    return out


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {dict: "a mapping", list: "a list", int: "a number", float: "a number", str: "text"}.get(
        type(value), type(value).__name__
    )
