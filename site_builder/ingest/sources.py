"""Publisher names normalised, and bylines split into authors and the publisher they name.

`(Reuters)`, `Reuters News`, `Reuters Limited`, `Thomson Reuters` are one source; so are
`AP`, `The Associated Press` and `Associated Press`. A byline such as
`By MARIA ELENA SOTO Associated Press` names an author and a source at once.
"""

from __future__ import annotations

import functools
import re

from nameparser import HumanName

from site_builder.wordlists import entries

# canonical name -> lower-case variants (after removing punctuation at the ends)
_SOURCES: dict[str, tuple[str, ...]] = {
    "Reuters": ("reuters", "reuters news", "reuters limited", "thomson reuters", "reuters news service"),
    "Associated Press": ("ap", "associated press", "the associated press", "ap news"),
    "AFP": ("afp", "afp news", "agence france-presse", "agence france presse", "agence france-press"),
    "Bloomberg": ("bloomberg", "bloomberg news", "bloomberg l.p.", "bloomberg lp", "bloomberg businessweek"),
    "United Press International": ("upi", "united press international"),
    "Deutsche Presse-Agentur": ("dpa", "deutsche presse-agentur", "deutsche presse agentur"),
    "EFE": ("efe", "agencia efe"),
    "ANSA": ("ansa",),
    "Xinhua": ("xinhua", "xinhua news agency", "xinhua general news service"),
    "Kyodo News": ("kyodo", "kyodo news"),
    "Press Association": ("pa", "press association", "pa media"),
    "The New York Times": ("new york times", "the new york times", "nyt", "the new york times company"),
    "The Washington Post": ("washington post", "the washington post"),
    "The Wall Street Journal": ("wall street journal", "the wall street journal", "wsj"),
    "The Guardian": ("guardian", "the guardian", "guardian.com", "the guardian (london)"),
    "BBC": ("bbc", "bbc news", "bbc monitoring"),
    "CNN": ("cnn", "cnn wire"),
    "Dow Jones": ("dow jones", "dow jones newswires", "dow jones news service"),
    "Wikinews": ("wikinews",),
    "PR Newswire": ("prnewswire", "pr newswire", "pr newswire us"),
    "Business Wire": ("business wire", "businesswire"),
    "GlobeNewswire": ("globenewswire", "globe newswire"),
    "Europa Press": ("europa press",),
    "Anadolu Agency": ("anadolu", "anadolu agency", "aa"),
    "Agenzia Nova": ("agenzia nova",),
    "TASS": ("tass",),
    "Yonhap": ("yonhap", "yonhap news agency"),
    "Press Trust of India": ("pti", "press trust of india"),
}
_LOOKUP = {variant.rstrip("."): canon for canon, variants in _SOURCES.items() for variant in variants}
_CANON_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(v) for v in _LOOKUP if len(v) > 3), key=len, reverse=True)) + r")\b", re.I
)
_WIRE_SHORT = re.compile(r"\b(AP|AFP|UPI|DPA|EFE|PA)\b")


def normalise_source(name: str | None) -> str | None:
    """Map a publisher's printed name to its canonical form; unknown names are tidied only."""
    if not name:
        return None
    text = re.sub(r"\s+", " ", name).strip(" [-—–,.;:")
    text = text.strip("(") if text.count("(") != text.count(")") else text
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    text = text.rstrip(")") if text.count(")") > text.count("(") else text
    text = re.sub(r"^©\s*|^copyright\s+", "", text, flags=re.I)
    text = re.sub(r"^\d{4}\s+", "", text).strip()
    if not text:
        return None
    key = text.lower().rstrip(".")
    if key in _LOOKUP:
        return _LOOKUP[key]
    key2 = re.sub(r"\s*\([^)]*\)$", "", key)
    if key2 in _LOOKUP:
        return _LOOKUP[key2]
    return text


def source_in(text: str) -> str | None:
    """The first known publisher named anywhere in a short text (a copyright line, a byline)."""
    m = _CANON_RE.search(text)
    if m:
        return _LOOKUP[m.group(1).lower()]
    m2 = _WIRE_SHORT.search(text)
    if m2:
        return _LOOKUP[m2.group(1).lower()]
    return None


_BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:by|par|por|von|di)\s+|(?:byline|author|authors|written by|words by)\s*:\s*)", re.I
)
_JOB_TAIL = re.compile(
    r"\s+(?:(?:senior|chief|deputy|political|business|foreign|economics|health|science|education|sports|security|"
    r"diplomatic|legal|technology|environment|culture|arts|crime|transport|energy|data|city|home|world|europe|"
    r"washington|staff|special)\s+){0,2}(?:editor|correspondent|reporter|writer|columnist)s?$",
    re.I,
)
"""`Gareth Pryce Political Editor`: the job printed after the name without a comma."""
_SPLIT = re.compile(r"\s*(?:;|\band\b|\bet\b|\by\b|\bund\b|&)\s*", re.I)
_STRONG = re.compile(r"\s*(?:\||·|•|—|–|\s-\s)\s*")
"""Separators after which a byline names the outlet: `Kevin Mendoza | The Independent`."""
_ROLE_WORDS = re.compile(
    r"\b(?:staff|writer|writers|correspondent|correspondents|reporter|reporters|editor|editors|"
    r"contributor|special|to|the|for|news|service|bureau|chief|senior|analyst|columnist|desk)\b",
    re.I,
)
_PLACE_AFTER = re.compile(r"\s+(?:in|at|from|en|à|a)\s+[A-Z][\w .'-]*$")
"""`Ana Lima in Lisbon`: where the reporter filed from, not part of the name."""
_STAFF = re.compile(r"^(.{2,60}?)\s+(?:staff|staff writers?|staff reporters?|reporters|newsroom|desk)$", re.I)
_NOT_OUTLET = re.compile(r"@|https?:|\bwww\.|^\W*$")


def is_known_source(name: str) -> bool:
    """A publisher or wire the table knows by this exact printed name (`Reuters`, `AP News`)."""
    key = re.sub(r"\s+", " ", name).strip(" .,;:()").lower()
    return key in _LOOKUP


def parse_byline(byline: str) -> tuple[list[str], str | None]:
    """Split a byline into properly cased author names and the publisher it names, if any.

    The outlet is found by position as well as by name: after `|`, `·` or a dash, and in a
    trailing comma part whose first word is not a given name (`Maria Walsh, Deutsche Welle`).
    """
    text = _BYLINE_PREFIX.sub("", byline.strip())
    text = re.sub(r"\s+", " ", text).strip(" .,;:-—")
    if not text:
        return [], None
    canon = normalise_source(text)
    if canon is not None and canon.lower() in {c.lower() for c in _SOURCES}:
        return [], canon
    segments = [s for s in _STRONG.split(text) if s.strip(" ,")]
    text = segments[0] if segments else text
    source = None
    for seg in segments[1:]:
        if not _NOT_OUTLET.search(seg) and not _is_role(seg):
            source = normalise_source(seg)
            break
    m = _CANON_RE.search(text)
    if m:
        source = source or _LOOKUP[m.group(1).lower()]
        text = (text[: m.start()] + " " + text[m.end() :]).strip(" ,;-—|")
    else:
        m2 = re.search(r"[,|]\s*(AP|AFP|UPI|DPA)\s*$|\s(AP|AFP)$", text)
        if m2:
            source = source or _LOOKUP[(m2.group(1) or m2.group(2)).lower()]
            text = text[: m2.start()].strip(" ,;-—|")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    while len(parts) > 1 and outlet_like(parts[-1]):
        outlet = parts.pop()
        source = source or normalise_source(outlet)
    authors: list[str] = []
    for chunk in parts:
        for part in _SPLIT.split(chunk):
            staff = _STAFF.match(part.strip())
            if staff and outlet_like(staff.group(1)):  # `Harbour Wire staff`: the outlet's own byline
                source = source or normalise_source(staff.group(1))
                continue
            part = _PLACE_AFTER.sub("", part)
            part = _JOB_TAIL.sub("", part)
            part = _ROLE_WORDS.sub(" ", part)
            part = re.sub(r"\s+", " ", part).strip(" .,;:-—")
            if not part or not re.search(r"[A-Za-zÀ-ÿ]", part):
                continue
            words = part.split()
            if len(words) < 2 or len(words) > 5:
                continue
            authors.append(proper_case(part))
    return authors, source


@functools.cache
def _outlet_words() -> frozenset[str]:
    """The words of `data/outlet_words.txt`, read once."""
    return frozenset(w.lower() for w in entries("outlet_words.txt", "site_builder.ingest"))


_JOB_END = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|producer|analyst)s?$", re.I
)


def _is_role(text: str) -> bool:
    """`Staff Writer`, `Special Correspondent`, `Business Editor`: a job, not a name or an outlet."""
    return not _ROLE_WORDS.sub(" ", text).strip(" ,.") or bool(_JOB_END.search(text.strip(" ,.")))


def named_outlet(part: str) -> bool:
    """A name that says it is an outlet: one the table knows, or capitalised words with an
    outlet word (`Harbour Gazette`, `BBC News`, `Daily Mail`): stricter than `outlet_like`."""
    words = part.split()
    if not 0 < len(words) <= 5 or not all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in {"of", "the", "and", "&"} for w in words
    ):
        return False
    return (
        is_known_source(part)
        or any(w.lower().strip(".,'’") in _outlet_words() for w in words)
        or ("." in words[-1] and len(words) == 1)
    )


def outlet_like(part: str) -> bool:
    """A trailing comma part of a byline that names an outlet rather than another author."""
    from site_builder.entities.gazetteer import is_first_name

    if _is_role(part) or _NOT_OUTLET.search(part):
        return False
    if is_known_source(part):
        return True
    words = part.split()
    if not words or not all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in {"of", "the", "and", "de", "&"} for w in words
    ):
        return False
    if len(words) <= 3 and words[-1].isdigit() and len(words) > 1:
        return True  # `France 24`, `Channel 4`: people's names carry no numbers
    if any(w.lower().strip(".,'’") in _outlet_words() for w in words) or "." in words[-1]:
        return True
    first = words[0].title() if words[0].isupper() else words[0]
    return first.lower() == "the" or not is_first_name(first)


def proper_case(name: str) -> str:
    """`MARIA ELENA SOTO` -> `Maria Elena Soto`; names already in mixed case stay as written."""
    if name.isupper() or name.islower():
        human = HumanName(name.lower())
        human.capitalize(force=True)
        text = str(human)
        return text if text else name.title()
    return name
