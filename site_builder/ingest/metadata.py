"""Raw article to clean metadata: title, date at its known precision, source, authors, language.

Pure functions over `RawArticle`; the year hints from a file's other articles come in as an
argument so that this stage never reads anything but its inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from site_builder import schema
from site_builder.dates import ParsedDate, parse_date_anywhere
from site_builder.ingest.language import detect_language
from site_builder.ingest.lines import caption_line, credited_caption, date_in_line
from site_builder.ingest.sources import normalise_source, parse_byline, proper_case, source_in
from site_builder.model import Article, Caption, RawArticle
from site_builder.schema import FieldError
from site_builder.text import LANGUAGE_NAMES, sentence_ends

_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d{2})"
    r"|(?:©|\(c\)|copyright)\b.*?\b((?:19|20)\d{2})\b",
    re.I,
)
"""The year of a rights line, right after the sign (`© 2022 Bloomberg`) or after the holder
(`© Copyright Thomson Reuters 2007`)."""
_TRAILER_AUTHORS = re.compile(r"(?:reporting|writing|additional reporting|written)\s+by\s+([^;)]+)", re.I)
_TITLE_WORDS = 12


def year_hints(raws: Iterable[RawArticle]) -> int | None:
    """The year a file's articles all state (dates first, copyright lines second), lent to the
    dates printed without one; None when they disagree, since a guess would date some wrongly."""
    years: list[int] = []
    for raw in raws:
        parsed = _parse(raw.date_text)
        if parsed and parsed.year:
            years.append(parsed.year)
        elif (year := copyright_year(raw.copyright)) is not None:
            years.append(year)
    return years[0] if years and len(set(years)) == 1 else None


def copyright_year(line: str | None) -> int | None:
    """The year a rights line states, if any."""
    m = _COPYRIGHT_YEAR.search(line) if line else None
    return int(m.group(1) or m.group(2)) if m else None


MAX_TITLE = 300
"""Longer "titles" are a paragraph taken for a headline; the front matter allows 2,000."""
MAX_SOURCE = 200


def _valid(check: Callable[[str, str], str | None], field: str, value: str | None) -> str | None:
    """The value if the front-matter contract accepts it, else None: what ingest writes, the
    build must be able to read."""
    try:
        return check(field, value) if value else None
    except FieldError:
        return None


def _language(value: str | None) -> str | None:
    """A language column as exported (`en`, `EN-GB`, `English`) as a tag, or None."""
    if not value:
        return None
    value = value.strip()
    return LANGUAGE_NAMES.get(value.lower()) or _valid(schema.language, "language", value)


def _parse(text: str | None, order: str | None = None) -> ParsedDate | None:
    if not text:
        return None
    return parse_date_anywhere(text, order)


def extract(raw: RawArticle, *, year_hint: int | None = None, date_order: str | None = None) -> Article:
    """Derive an Article's metadata from a RawArticle (entities are added by the caller).

    `date_order` (`dmy`/`mdy`, from `site.toml`) reads numeric dates when the file itself does
    not settle their order; the byline's outlet is the next clue, month first the last resort
    (flagged)."""
    raw = without_captions(without_date_paragraph(raw))
    warnings: list[str] = []
    title, generated = clean_title(raw.title), False
    if not title:
        title, generated = generate_title(raw.body), True
        warnings.append("title generated from the first sentence")
    authors = list(raw.authors)
    source = normalise_source(raw.source)
    if raw.byline:
        by_authors, by_source = parse_byline(raw.byline)
        authors = authors or by_authors
        source = source or by_source
    order = raw.date_order or date_order or day_first_hint(source, raw.dateline)
    date, flag, partial = _date(raw, year_hint, order)
    if date is None and partial is None:
        warnings.append("no date found")
    elif flag:
        warnings.append(f"date {date or partial}: {flag.replace('_', ' ')}")
    if raw.trailer and not authors:
        for m in _TRAILER_AUTHORS.finditer(raw.trailer):
            authors.extend(parse_byline(m.group(1).replace(" in ", ", "))[0])
    if source is None and raw.copyright:
        source = source_in(raw.copyright) or _copyright_holder(raw.copyright)
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE].rsplit(" ", 1)[0] + "…"
        warnings.append(f"title cut to {MAX_TITLE} characters")
    url = _valid(schema.web_url, "url", raw.url)
    if raw.url and url is None:
        warnings.append(f"url {raw.url[:80]!r} is not an http(s) address; left out")
    return Article(
        title=title,
        body=raw.body,
        date=date,
        date_flag=flag,
        date_partial=partial,
        source=source[:MAX_SOURCE] if source else source,
        title_generated=generated,
        authors=tuple(dict.fromkeys(authors)),
        byline=raw.byline,
        dateline=_dateline(raw.dateline),
        copyright=raw.copyright,
        section=raw.section,
        language=_language(raw.language) or detect_language(raw.body),
        url=url,
        captions=raw.captions,
        trailer=raw.trailer,
        word_count=len(raw.body.split()),
        extra=raw.extra,
        warnings=tuple(warnings),
    )


def without_date_paragraph(raw: RawArticle) -> RawArticle:
    """The article without a first paragraph that is only a date (`Friday, December 25, 2020`,
    as Wikinews and many CMS exports open the text): that line is the article's date, not its
    first sentence, and left in the body it becomes every teaser and search excerpt. It is the
    date when the record has none; a paragraph with anything else in it stays."""
    first, sep, rest = raw.body.lstrip().partition("\n\n")
    if not sep or not rest.strip() or "\n" in first.strip():
        return raw
    found = date_in_line(first)
    if found is None or found.author or found.outlet:
        return raw
    return replace(raw, body=rest.lstrip("\n"), date_text=raw.date_text or found.date)


def without_captions(raw: RawArticle) -> RawArticle:
    """The article with its picture captions lifted out of the body, whatever the reader: a
    JSON Lines or CSV export leaves them in the text (`Jo JorgensenImage: Jo Jorgensen for
    President.`), where they read as paragraphs, become teasers and give their credits as
    entities. The pasted-text reader finds them earlier; this is the same rule for the rest."""
    if "\n\n" not in raw.body:
        return raw
    kept: list[str] = []
    found: list[Caption] = []
    for para in raw.body.split("\n\n"):
        cap = caption_line(para) or credited_caption(para) if para.strip() else None
        if cap is None:
            kept.append(para)
        else:
            found.append(cap)
    if not found or not any(p.strip() for p in kept):
        return raw
    return replace(raw, body="\n\n".join(kept), captions=(*raw.captions, *found))


def _date(raw: RawArticle, year_hint: int | None, order: str | None) -> tuple[str | None, str | None, str | None]:
    """(ISO date, flag, month and day when no year is known anywhere)."""
    parsed = _parse(raw.date_text, order)
    rights_year = copyright_year(raw.copyright)
    if parsed is not None:
        flag = "day_month_order_assumed" if parsed.ambiguous else None
        if parsed.year is not None:
            return parsed.iso(), flag, None
        year = rights_year or year_hint
        if year is not None:
            return parsed.iso(year), "year_inferred", None
        return None, "year_unknown", parsed.partial()
    if rights_year is not None:
        return f"{rights_year:04d}", "from_copyright", None
    return None, None, None


_DAY_FIRST = re.compile(
    r"\b(?:guardian|independent|telegraph|times|bbc|irish|scotsman|herald|mirror|sky news|itv|observer|"
    r"australian|abc news|sydney|melbourne|india|hindu|dawn|nation|standard|mail|echo|press association|"
    r"deutsche welle|dw|euronews|al jazeera|rte|stuff|nz herald|south china morning post)\b|\.(?:co\.uk|ie|au|nz|in)\b",
    re.I,
)
_MONTH_FIRST = re.compile(
    r"\b(?:new york times|washington post|associated press|usa today|los angeles|chicago|"
    r"boston|cnn|fox news|npr|wall street journal|bloomberg)\b",
    re.I,
)


def day_first_hint(source: str | None, dateline: str | None) -> str | None:
    """`dmy` when the outlet is one of the many that print the day first (British, Irish,
    Australian, Indian, European), `mdy` for American ones, else None."""
    text = " ".join(x for x in (source, dateline) if x)
    if not text:
        return None
    if _MONTH_FIRST.search(text):
        return "mdy"
    return "dmy" if _DAY_FIRST.search(text) else None


def _copyright_holder(line: str) -> str | None:
    text = re.sub(r"(?i)(©|\(c\)|copyright)\s*(\d{4}\s*[-–]?\s*)*", "", line)
    text = re.sub(r"(?i)all rights reserved\.?", "", text).strip(" .,;")
    text = re.sub(r"[\s,]+(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?$", "", text).strip(" .,;")
    return normalise_source(text) if text and len(text) < 60 else None


def _dateline(text: str | None) -> str | None:
    if not text:
        return None
    return re.sub(r"\s+", " ", text).strip(" ,-—")


def clean_title(title: str | None) -> str:
    """Collapse spaces; turn an ALL-CAPS headline into title case."""
    if not title:
        return ""
    text = re.sub(r"\s+", " ", title).strip()
    if not any(c.isalnum() for c in text):
        return ""
    if len(text) > 8 and text.isupper():
        text = smart_title(text)
    return text


_LOWER = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as"}


def smart_title(text: str) -> str:
    """Title-case a capitalised headline, keeping small words low and acronyms as printed."""
    words = text.split()
    out = []
    for n, word in enumerate(words):
        low = word.lower()
        if n and low in _LOWER:
            out.append(low)
        elif len(word) <= 3 and word.isalpha() and word not in {"WHO", "HIS", "HER", "OUT", "NEW", "OWN", "ITS"}:
            out.append(word if len(word) <= 2 and n else proper_case(word))
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def first_sentence(body: str) -> str:
    """The first sentence of the body, ignoring full stops of common abbreviations."""
    para = body.strip().split("\n\n", 1)[0]
    return para[: next(sentence_ends(para), len(para))]


def generate_title(body: str) -> str:
    """A headline made from the lede: its first sentence, cut at a word boundary."""
    sentence = first_sentence(body).strip().rstrip(".")
    words = sentence.split()
    if len(words) <= _TITLE_WORDS:
        return sentence or "Untitled article"
    cut = words[:_TITLE_WORDS]
    while cut and cut[-1].lower().strip(",") in _LOWER:
        cut.pop()
    return " ".join(cut).rstrip(",;:") + "…"
