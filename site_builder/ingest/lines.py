"""Recognisers for the single lines that structure pasted news text.

Each function looks at one stripped line and says whether it is a byline, a copyright line,
a photo credit, a reporting trailer, an end marker, a wire lead, or a headline candidate.
They are shared by every reader, so a cue learnt for one export helps all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.ingest.dates import parse_date

_BYLINE = re.compile(r"^(?:by|par|por|von)\s+(?P<who>[A-ZÀ-Þ\"“].{1,90})$", re.I)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|\d{4}\s+©)|all rights reserved\.?$|^distributed by\b.*\b(?:content|agency|services)"
    r"|\bmay not be (?:published|reproduced|redistributed|rewritten)|^(?:no part of this|reproduction in whole)",
    re.I,
)
_CREDIT = re.compile(
    r"^(?:photo|photograph|picture|image|foto|credit|photo credit|graphic|caption)\s*:\s*(?P<credit>.{2,120})$", re.I
)
_TRAILER = re.compile(
    r"^\(?\s*(?:reporting|writing|additional reporting|editing|compiled|written|edited)\s+by\b.{2,400}\)?$"
    r"|^-*\s*with assistance from\b.{2,300}$|^to contact the (?:reporters?|editors?|authors?)\b.{2,400}$"
    r"|^(?:\w+ )?(?:contributed|contributing) (?:to )?(?:this )?report(?:ing)?\b.{0,200}$",
    re.I,
)
_END = re.compile(
    r"^(?:end of document|-+\s*end\s*-+|\(end\)|#{3,}|-30-|[-=_~*]{3,}|(?:\*\s*){3,}|(?:-\s*){3,}"
    r"|(?:document|article) \d+ of \d+)$",
    re.I,
)
"""End markers and separator rules (`---`, `* * *`, `=====`) that people put between pasted articles."""

_SRC = r"\((?P<src>[A-Z][\w .&'’/-]{1,40})\)"
_DASH = r"\s*(?:--|[-—–])\s*"
_PLACE = r"(?P<dl>[A-Z][A-Z.'’ -]{1,40}?(?:,\s*[A-Z][\w.’' -]{1,30}?)?)"
_LEADS = (
    re.compile(rf"^{_SRC}{_DASH}"),
    re.compile(rf"^{_PLACE},\s*(?P<date>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)\s*{_SRC}{_DASH}"),
    re.compile(rf"^{_PLACE}\s*{_SRC}{_DASH}"),
    re.compile(r"^(?P<dl>[A-Z][A-Z.'’ -]{2,30}[A-Z.])(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?\s*(?:--|—|–)\s+(?=[A-Z“\"])"),
)


@dataclass(frozen=True, slots=True)
class Lead:
    """What a wire lead states: source, dateline and date; `rest` is the paragraph after it."""

    rest: str
    source: str | None
    dateline: str | None
    date: str | None


_BYLINE_SMALL = {"and", "of", "in", "for", "de", "the", "staff", "correspondent", "correspondents", "reporter",
                 "reporters", "writer", "writers", "editor", "bureau", "desk", "with", "special", "to", "from"}


def byline(line: str) -> str | None:
    """The byline without its `By`, when the line is one; sentences starting `By the ...` are not."""
    m = _BYLINE.match(line)
    if not m or (line.rstrip().endswith((".", ":", ";")) and not line.rstrip().endswith(("Jr.", "Sr.", " Inc."))):
        return None
    who = m.group("who").strip()
    words = who.split()
    if len(words) > 12 or words[0].lower() in {"the", "a", "an", "then", "now", "this", "that", "far", "contrast"}:
        return None
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower().strip(",") in _BYLINE_SMALL)
    return who if capitalised >= len(words) * 0.7 else None


def is_copyright(line: str) -> bool:
    """A copyright or rights line (short), which ends an article in pasted text."""
    return len(line) < 200 and bool(_COPYRIGHT.search(line))


def credit(line: str) -> str | None:
    """The credit of a `Photo: AFP / NAME` line, else None."""
    m = _CREDIT.match(line)
    return m.group("credit").strip() if m else None


def is_trailer(line: str) -> bool:
    """A `(Reporting by ...; Editing by ...)` line."""
    return bool(_TRAILER.match(line))


def is_end(line: str) -> bool:
    """An explicit end-of-article marker."""
    return bool(_END.match(line))


def is_date_line(line: str) -> bool:
    """A line that is nothing but a date."""
    return parse_date(line) is not None


def lead(paragraph: str) -> Lead | None:
    """Split a wire lead such as `SANTIAGO, April 12 (Reuters) -` off the start of a paragraph."""
    for pattern in _LEADS:
        m = pattern.match(paragraph)
        if not m:
            continue
        g = m.groupdict()
        dl = g.get("dl")
        if dl is not None:
            dl = dl.strip(" ,")
            letters = [c for c in dl.split(",")[0] if c.isalpha()]
            if not letters or not all(c.isupper() for c in letters):
                continue
        return Lead(paragraph[m.end() :].lstrip(), g.get("src"), dl, g.get("date"))
    return None


_SYMBOLS = re.compile(r"^[^\w\"“‘'(]+|[^\w.!?\"”’')]+$")
"""Leading and trailing symbols (emoji, bullets, arrows) that decorate pasted headlines."""
_SMALL = {
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as",
    "is", "are", "after", "over", "into", "amid", "vs", "vs.", "about", "up", "out", "off", "its", "his", "her",
}


def looks_like_headline(text: str) -> bool:
    """Short, no closing full stop, and written in title case or capitals (emoji and other
    symbols around the words are ignored)."""
    text = _SYMBOLS.sub("", text).strip()
    words = text.split()
    if not words or len(words) > 22 or len(text) > 200:
        return False
    if text.endswith((".", ",", ";", ":")) and not text.endswith("..."):
        return False
    if text[0] in "\"“‘'(-—•*" or text[0].islower():
        return False
    if len(words) == 1:
        return text[:1].isupper() and len(text) > 3
    big = [w for w in words if w.lower().strip("\"“”'’,:") not in _SMALL]
    if not big:
        return False
    caps = sum(1 for w in big if w[:1].isupper() or w[:1].isdigit() or w[:1] in "\"“'‘$")
    return caps / len(big) >= 0.6


def is_continuation(first: str, second: str) -> bool:
    """Whether a headline broken over lines goes on in the next short line."""
    last = first.split()[-1].lower() if first.split() else ""
    return last in _SMALL or last.endswith(",") or len(second.split()) <= 3
