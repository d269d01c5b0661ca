"""Shared text helpers at the bottom of the package: every stage may use them, they use nothing.

- Control characters are never text: stripped from every input before it can reach a page.
  C0 controls other than tab and newline (NUL, `\\x01`, the escape character...), DEL and the C1
controls make `feed.xml` invalid XML and are invisible in HTML, where they can hide text from a
  reader but not from a search engine. No news text needs them.
- Folding (`Nicolás` == `nicolas`) is how names are compared by ingest and build alike.
- Language names as exports write them (`English`, `Français`) become language tags.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Text without control characters (tab, newline and carriage return are kept)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def strip_accents(text: str) -> str:
    """`António` -> `Antonio`: the text decomposed (NFKD), combining marks dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and case-free form used to compare names (`Nicolás` == `nicolas`); cached, as
    the same names are folded for every article that mentions them."""
    return strip_accents(text).casefold()


ABBREVIATIONS = frozenset(
    {
        "u.s",
        "u.k",
        "u.n",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "vs",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "e.u",
        "prof",
    }
)
"""Words whose full stop ends an abbreviation, not a sentence (lower case, without the stop)."""
_STOP = re.compile(r"[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9])")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")


def sentence_ends(text: str) -> Iterator[int]:
    """Offsets just after each sentence's final stop (and closing quote) in `text`: a stop
    before a capital or a digit, unless it ends an abbreviation (`Mr.`, `U.S.`) or an initial
    (`Emily W. Murphy`). One rule for every place that cuts text at a sentence: titles made
    from a lede and teasers under a headline."""
    for m in _STOP.finditer(text):
        start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        word = text[start : m.start()].lower().lstrip('("“‘')
        if word in ABBREVIATIONS or _INITIALS.fullmatch(word):
            continue
        yield m.end()


LANGUAGE_NAMES = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "german": "de",
    "deutsch": "de",
    "spanish": "es",
    "español": "es",
    "italian": "it",
    "italiano": "it",
    "portuguese": "pt",
    "português": "pt",
    "dutch": "nl",
    "nederlands": "nl",
    "russian": "ru",
    "chinese": "zh",
    "arabic": "ar",
    "japanese": "ja",
    "polish": "pl",
    "polski": "pl",
}


def language_code(name: str | None) -> str | None:
    """A language as an export names it (`English`, `EN`, `pt-BR`) -> its tag, or None."""
    if not name or not name.strip():
        return None
    value = name.strip()
    if value.lower() in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[value.lower()]
    return value.lower()[:2] if value[:2].isalpha() else None
