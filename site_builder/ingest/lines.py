"""Recognisers for the single lines that structure pasted news text.

Each function looks at one stripped line and says whether it is a byline, a copyright line,
a photo credit, a reporting trailer, an end marker, a wire lead, or a headline candidate.
They are shared by every reader, so a cue learnt for one export helps all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.dates import find_date_span, parse_date
from site_builder.ingest.sources import is_known_source, named_outlet, outlet_like
from site_builder.model import Caption
from site_builder.wordlists import entries

_BYLINE = re.compile(
    r"^(?:By|BY|Par|PAR|Por|POR|Von|VON|(?:Byline|BYLINE|Author|AUTHOR|Authors|Written by|Words by|Reporter)\s*:)\s*"
    r"(?P<who>[A-ZÀ-Þ\"“].{1,90})$"
)
"""`By` as bylines print it, capitalised: a wrapped sentence's `by Wilders and ...` is not one."""
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
    r"|^(?:media |press |investor )?(?:contacts?|enquiries|inquiries)\s*:.{0,200}$"
    r"|^(?:[\w.'’-]+,? ){0,6}(?:and [\w.'’-]+ ){0,3}(?:contributed|contributing) (?:to )?"
    r"(?:this |the )?(?:report|story|article)(?:ing)?\b.{0,200}$",
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
_STARTS = r"(?=[A-Z“\"‘'\d])"
"""What follows a wire lead: a sentence's start. `(MDC) — said that...` on a wrapped line is
the middle of a sentence, not Bloomberg's `(Bloomberg) -- Oil rose`."""
_LEADS = (
    re.compile(rf"^{_SRC}{_DASH}{_STARTS}"),
    re.compile(rf"^{_PLACE},\s*(?P<date>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)\s*{_SRC}{_DASH}{_STARTS}"),
    re.compile(rf"^{_PLACE}\s*{_SRC}{_DASH}{_STARTS}"),
    re.compile(
        r"^(?P<dl>[A-Z][A-Z.'’ -]{2,30}[A-Z.])(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
        r"(?:\s*(?:--|—|–)|\s-)\s+(?=[A-Z“\"\d])"
    ),
)


@dataclass(frozen=True, slots=True)
class Lead:
    """What a wire lead states: source, dateline and date; `rest` is the paragraph after it."""

    rest: str
    source: str | None
    dateline: str | None
    date: str | None


_BYLINE_SMALL = {
    "and",
    "of",
    "in",
    "for",
    "de",
    "the",
    "staff",
    "correspondent",
    "correspondents",
    "reporter",
    "reporters",
    "writer",
    "writers",
    "editor",
    "bureau",
    "desk",
    "with",
    "special",
    "to",
    "from",
}


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


_COPYRIGHT_CUES = ("©", "(c)", "copyright", "rights", "may not be", "distributed", "no part", "reproduction")


def is_copyright(line: str) -> bool:
    """A copyright or rights line (short), which ends an article in pasted text."""
    if len(line) >= 200:
        return False
    low = line.lower()
    return any(cue in low for cue in _COPYRIGHT_CUES) and bool(_COPYRIGHT.search(line))


def credit(line: str) -> str | None:
    """The credit of a `Photo: AFP / NAME` line, else None. A long text after the label is a
    caption (`caption_line`), not a credit."""
    m = _CREDIT.match(line)
    if not m or line.lower().startswith("caption") or len(m.group("credit").split()) > 8:
        return None
    return m.group("credit").strip()


_CAPTION = re.compile(
    r"^(?:photo|photograph|picture|image|foto|caption|pictured|above)\s*(?::|by\b)\s*(?P<text>.{2,400})$", re.I
)
_CAPTION_CREDIT = re.compile(
    r"\s*(?:(?:[.;]\s*)?(?:credit|photo|photograph|image|picture)\s*:\s*(?P<c1>[^.()\[\]]{2,80})|\((?P<c2>[^()]{2,80})\))\s*\.?$",
    re.I,
)


def caption_line(line: str) -> Caption | None:
    """A caption printed as a line of its own: `[Photo: Ash rises... Credit: Ana Lucero]`,
    `(Photo by Marco Diaz/Getty Images)`, `Caption: Players celebrate... Photo: Lee Chung/Sportsfile`,
    `IMAGE: Fans queue outside (Tess Hargreaves)`."""
    text = line.strip()
    if text[:1] in "[(" and text[-1:] == {"[": "]", "(": ")"}[text[0]]:
        text = text[1:-1].strip()  # the whole line in brackets
    m = _CAPTION.match(text)
    if not m or credit(text) is not None:
        return None
    body = m.group("text").strip()
    if re.match(r"^(?:photo|photograph|image|picture)\s+by\b", text, re.I):
        return Caption("", body)
    c = _CAPTION_CREDIT.search(body)
    if c:
        return Caption(body[: c.start()].strip(), (c.group("c1") or c.group("c2") or "").strip())
    return Caption(body, None)


_TRAILING_CREDIT = re.compile(
    r"(?:(?<=[\w.!?”\"’)])|\s+)(?P<open>\(\s*)?(?:Image|Photo|Photograph|Picture|Credit|Photo credit)s?\s*:\s*"
    r"(?P<credit>[^\s\[\]:][^\[\]:]{1,79}?)\s*(?(open)\))\s*\.?$"
)


def credited_caption(paragraph: str) -> Caption | None:
    """A caption that ends with its credit, as web exports flatten a picture into the text:
    `Jo JorgensenImage: Jo Jorgensen for President.`, `Fans outside the stadium. Photo: AFP`.
    The label and the credit must be capitalised (so prose like "a photo: the sky" is not
    one), the caption short (at most 40 words) and the credit at most eight words."""
    text = paragraph.strip()
    if "\n" in text or len(text) > 400:
        return None
    alone = credit(text)
    if alone is not None:
        return Caption("", alone.rstrip("."))  # `Image: Nicholas Moreau.`: the picture's credit alone
    m = _TRAILING_CREDIT.search(text)
    if m is None or len(m.group("credit").split()) > 8 or not (m["credit"][0].isupper() or m["credit"][0].isdigit()):
        return None
    head = text[: m.start()].strip()
    if len(head.split()) > 40:
        return None
    return Caption(head, m.group("credit").strip())


def is_trailer(line: str) -> bool:
    """A `(Reporting by ...; Editing by ...)` line."""
    return bool(_TRAILER.match(line))


def is_end(line: str) -> bool:
    """An explicit end-of-article marker."""
    return bool(_END.match(line))


def lead(paragraph: str) -> Lead | None:
    """Split a wire lead such as `SANTIAGO, April 12 (Reuters) -` off the start of a paragraph."""
    head = paragraph[:90]
    if "(" not in head and "-" not in head and "—" not in head and "–" not in head:
        return None  # every lead has its agency in brackets or a dash
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
            rest_letters = [c for c in paragraph[m.end() : m.end() + 80] if c.isalpha()]
            if rest_letters and all(c.isupper() for c in rest_letters):
                continue  # `ECONOMY - BUSH TOUGHENS UP ON...`: a shouted headline, not a dateline and text
        return Lead(paragraph[m.end() :].lstrip(), g.get("src"), dl, g.get("date"))
    return _named_agency_lead(paragraph)


_AGENCY_LEAD = re.compile(
    r"^(?P<dl>[A-ZÀ-Þ][\w.'’ -]{1,40}?(?:,\s*[A-ZÀ-Þ][\w.'’ -]{1,30}?)?)"
    r"(?:,\s*(?P<date>[^()/,]{2,30}?(?:,\s*\d{4})?))?\s*[(/](?P<src>[\w .&'’-]{2,30})[)/]\s*(?:--|[-—–]|\.-|:)\s*"
)
"""`Berlin (Reuters) -`, `BERLIN (dpa) -`, `MADRID, 5 abr (EFE).-`, `COLUMBUS, Ohio, Feb. 3, 2025
/PRNewswire/ --`: a place in any case and an agency the source table knows (or a newswire)."""


def _named_agency_lead(paragraph: str) -> Lead | None:
    m = _AGENCY_LEAD.match(paragraph)
    if not m:
        return None
    src = m.group("src").strip()
    if not (is_known_source(src) or re.search(r"newswire|wire|press ?release", src, re.I)):
        return None
    return Lead(paragraph[m.end() :].lstrip(), src, m.group("dl").strip(" ,"), m.group("date"))


_SYMBOLS = re.compile(r"^[^\w\"“‘'(]+|[^\w.!?\"”’')]+$")
"""Leading and trailing symbols (emoji, bullets, arrows) that decorate pasted headlines."""
_SMALL = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "from",
    "as",
    "is",
    "are",
    "after",
    "over",
    "into",
    "amid",
    "vs",
    "vs.",
    "about",
    "up",
    "out",
    "off",
    "its",
    "his",
    "her",
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


_BOILERPLATE = re.compile(
    r"^(?:" + "|".join(f"(?:{r})" for r in entries("boilerplate.txt", "site_builder.ingest")) + r")[.!:]?$", re.I
)
"""The patterns of `data/boilerplate.txt` as one anchored expression."""


_PROMPT = re.compile(
    r"\b(?:subscribe|subscribers?|subscription|newsletters?|sign[ -]up|unsubscribe|paywall|mailing list)\b", re.I
)
_ADDRESSED = re.compile(
    r"\b(?:our|your|you|free|daily|weekly|morning|evening|now|here|today|get|join|receive|sign|"
    r"subscribe|inbox|never miss|don'?t miss|click|tap)\b",
    re.I,
)
"""...and speaks to the reader: `Sign up for our newsletter`, not the headline `Newsletter causes confusion`."""


_PHONE = re.compile(r"^\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){2,4}$")


def is_boilerplate(line: str) -> bool:
    """A share bar, advertisement label, `Related:` link or newsletter prompt (see the data file)."""
    text = line.strip(" *_>|•·")
    if len(text) > 200 or text.count(" ") > 30:
        return False
    if _BOILERPLATE.match(text):
        return True
    if _PHONE.match(text) and sum(c.isdigit() for c in text) >= 9:
        return True  # a telephone number under a press release's contact
    return (
        len(text.split()) <= 10
        and not text.endswith(".")
        and bool(_PROMPT.search(text))
        and bool(_ADDRESSED.search(text))
    )


_CHROME = frozenset(entries("chrome_words.txt", "site_builder.ingest"))


def is_chrome(line: str) -> bool:
    """A short line made with a web page's furniture words (`Send by email`, `Ad Feedback`): the
    caller decides, from its repetition in the file, whether it is boilerplate."""
    words = re.findall(r"[\w'-]+", line.lower())
    return 0 < len(words) <= 8 and not line.rstrip().endswith(".") and any(w in _CHROME for w in words)


_MARKUP = re.compile(r"^(?:(?P<hash>#{1,6})\s+|(?P<num>\d{1,3})[.)]\s+(?=\S))")
_WRAP = re.compile(r"^(?P<w>\*\*|__|\*|_)(?P<inner>\S(?:.*\S)?)(?P=w)$")


@dataclass(frozen=True, slots=True)
class Marked:
    """A line with its Markdown heading mark, list number or emphasis taken off."""

    text: str
    heading: bool
    numbered: bool
    emphasis: bool


_TITLE_LABEL = re.compile(r"^(?:title|headline|hed|subject|story)\s*:\s*(?=\S)", re.I)
"""`Title: ...` in hand-compiled files, `Subject: ...` in forwarded e-mail: a headline by label."""


def unmark(line: str) -> Marked:
    """`# Title`, `1. Title`, `Title: ...`, `**By Ana Lima**`, `*21 February 2019*` -> the text
    and what marked it (a label counts as a heading mark)."""
    text, heading, numbered, emphasis = line.strip(), False, False, False
    label = _TITLE_LABEL.match(text)
    if label:
        return Marked(text[label.end() :].strip(), True, False, False)
    m = _MARKUP.match(text)
    if m and m.group("num") is not None and parse_date(text) is not None:
        m = None  # `3. Februar 2025` is a date, not a numbered line
    if m:
        heading, numbered = m.group("hash") is not None, m.group("num") is not None
        text = text[m.end() :].strip().rstrip("#").strip() if heading else text[m.end() :].strip()
    w = _WRAP.match(text)
    if w:
        text, emphasis = w.group("inner").strip(), True
    return Marked(text, heading, numbered, emphasis)


_SOURCE_LINE = re.compile(
    r"^(?:source|sources|from|via|agency|news agency|publication|publisher|outlet|newspaper|paper|media|site)\s*:\s*"
    r"(?P<src>[^:]{2,60})$",
    re.I,
)
_RELATIVE = re.compile(
    r"^(?:\d+\s*(?:s|m|h|d|w|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?)\s+ago|"
    r"yesterday|today|just now)$",
    re.I,
)
_SOURCE_BAR = re.compile(r"^(?P<src>[A-Z][\w.&'’ -]{1,40}?)\s*(?:[|·•]|\s[-–—]\s)\s*(?P<rest>.*)$")


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A line naming the publisher (`Source: Reuters`, `Reuters | 12 March 2020`), and the date
    text it also gives, if any."""

    source: str
    date_text: str | None
    labelled: bool = False
    """Said in so many words (`Source: Reuters`), not only by the shape of the line."""


def source_line(line: str) -> SourceLine | None:
    """The publisher named by a source line, else None."""
    m = _SOURCE_LINE.match(line)
    if m:
        src = m.group("src").strip(" .")
        return SourceLine(src, None, True) if src[:1].isupper() or src[:1].isdigit() else None
    m = _SOURCE_BAR.match(line)
    if m:
        rest = m.group("rest").strip()
        src = m.group("src").strip()
        if not rest:
            return SourceLine(src, None)
        if parse_date(rest) is not None:
            return SourceLine(src, rest)
        if _RELATIVE.match(rest):
            return SourceLine(src, None)  # `NL Times · 2h ago` in a feed reader
        return None
    bare = line.strip()
    return SourceLine(bare, None) if not bare.endswith(".") and is_known_source(bare) else None


_URL_LINE = re.compile(
    r"^(?:(?:url|link|source url|permalink|web address|web)\s*:\s*)?(?P<url>https?://\S+|www\.\S+)$", re.I
)


def url_line(line: str) -> str | None:
    """The address on a line that holds only a URL (`URL: https://...` or the bare address)."""
    m = _URL_LINE.match(line.strip())
    return m.group("url") if m else None


_DATELINE_DATE = re.compile(
    r"^(?P<dl>[A-Z][A-Z.'’ -]{1,40}?)\s*[,:]?\s+(?P<date>\d.{5,40}|[A-Z][a-z]{2,8}\.?\s+\d.{0,30})$"
)


_DATELINE_ALONE = re.compile(r"^(?P<dl>[A-Z][A-Z.'’ ]{2,40}(?:,\s*[A-Z][\w.’' ]{1,30})?)\s*(?:—|–|--|-|:)$")


_DATE_WORDS = re.compile(
    r"\b(?:published|updated|posted|modified|last|first|on|at|le|à|a|am|um|el|de|publié|mis à jour|"
    r"veröffentlicht|aktualisiert|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"\d+\s*min(?:ute)?s?\s*(?:read|listen)|\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|"
    r"\d+\s*(?:s|m|h|d|w|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?)\s+ago|"
    r"[ap]\.?m\.?|(?:gmt|utc|bst|cet|cest|eet|eest|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|ct|mt|ist|jst|kst|aest|aedt|awst|hkt|sgt|msk|"
    r"eat|wat|cat|sast|nzst|nzdt)(?:[+-]\d{1,2})?|hrs?|uhr)\b",
    re.I,
)
"""What a date line may say besides its date: labels, weekdays, times and zones, reading time."""


@dataclass(frozen=True, slots=True)
class DateLine:
    """A line that is a date with a little more: the date text and what else it names."""

    date: str
    author: str | None
    outlet: str | None


def date_in_line(line: str) -> DateLine | None:
    """`May 14, 2024 Tuesday`, `Posted on March 3, 2024 by Margaret Holloway`, `The Midland
    Evening Post, 7 May 2024`, `Veröffentlicht am 3. Februar 2025`: a short line built round one
    full date, with at most a label, a time, an author or an outlet besides it."""
    text = line.strip()
    if len(text.split()) > 14 or (text.endswith(".") and not text[-3:-1].isupper()):
        return None
    found = find_date_span(text)
    if found is None:
        return None
    _, start, end = found
    rest = (text[:start] + " | " + text[end:]).strip()
    author = None
    by = re.search(r"\b(?:by|par|por|von|di)\s+([A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þ][\w'’.-]+){1,3})\s*$", rest)
    if by:
        author, rest = by.group(1), rest[: by.start()]
    rest = _DATE_WORDS.sub(" ", rest)
    rest = re.sub(r"[|·•,;/()–—:-]+|\s\.|^\.", " ", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" .")
    if not rest:
        return DateLine(text[start:end], author, None)
    if len(rest.split()) <= 6 and named_outlet(rest):
        return DateLine(text[start:end], author, rest)
    return None


def dateline_alone(line: str) -> str | None:
    """`WASHINGTON —` on a line of its own, above the first paragraph: the dateline."""
    m = _DATELINE_ALONE.match(line.strip())
    if not m:
        return None
    dl = m.group("dl").strip()
    letters = [c for c in dl.split(",")[0] if c.isalpha()]
    return dl if len(letters) >= 3 and all(c.isupper() for c in letters) else None


def dateline_date(line: str) -> tuple[str, str] | None:
    """`MADRID 1996-12-06` -> ("MADRID", "1996-12-06"): a dateline and its date on one line."""
    m = _DATELINE_DATE.match(line)
    if not m:
        return None
    dl, date = m.group("dl").strip(" ,-"), m.group("date").strip()
    letters = [c for c in dl if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters) or parse_date(date) is None:
        return None
    return dl, date


_DIGIT = re.compile(r"\d")
_NAME_SEP = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|,)\s*")
_PARTICLES = {"de", "da", "del", "der", "van", "von", "al", "el", "bin", "dos", "du", "la", "le", "di", "y", "and", "&"}


def plain_byline(line: str) -> str | None:
    """A byline printed without `By`: `Maria Walsh, Deutsche Welle`, `Kevin Mendoza | The
    Independent`, or a bare name. Each name must be shaped like a person's (two to four
    capitalised words); a bare name must also open with a known given name, and a name followed
    by an outlet needs a known given name or an outlet that looks like one, so that a short
    headline is not taken for a byline."""
    from site_builder.entities.gazetteer import is_first_name

    text = line.strip()
    if len(text) > 90 or text.endswith((".", "?", "!", ":", ";", ",", "-")):
        return None
    parts = [p for p in _NAME_SEP.split(text) if p]
    if not parts or len(parts) > 4 or _DIGIT.search(parts[0]):
        return None
    names = re.split(r"\s+(?:and|&)\s+", parts[0])
    known = True
    for name in names:
        words = name.split()
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() or w.lower() in _PARTICLES for w in words):
            return None
        if any(w.lower() in _SMALL and w.lower() not in _PARTICLES for w in words):
            return None  # `UK MEMBER OF PARLIAMENT`: names have no `of` or `the`
        known = known and is_first_name(words[0].title() if words[0].isupper() else words[0])
    rest = parts[1:]
    for part in rest:
        words = part.split()
        if (
            not words
            or len(words) > 6
            or not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _PARTICLES | _SMALL for w in words)
        ):
            return None
    if not rest:
        return text if known and (len(names) > 1 or len(parts[0].split()) <= 3) else None
    return text if known or outlet_like(rest[-1]) else None
