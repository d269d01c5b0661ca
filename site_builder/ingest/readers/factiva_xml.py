"""Reader for Factiva XML exports (the PPS `ppsarticle` format).

Each `<article>` holds `headline`, `leadParagraph` and `tailParagraphs` (paragraph elements,
search hits marked with `<hlt>`), `publicationDate/dateTime`, `sourceName`, `byline`,
`copyright`, `baseLanguage`, `section`, `wordCount`, `accessionNo` and region and subject
codes. Parsed with defusedxml: an export is untrusted input and XML entity tricks are refused.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from site_builder.errors import InputError
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import RawArticle


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: Element, name: str) -> Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _text(el: Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _paragraphs(el: Element | None) -> list[str]:
    if el is None:
        return []
    paras = [_text(p) for p in el if _local(p.tag) == "paragraph"]
    return [p for p in paras if p] or ([_text(el)] if _text(el) else [])


_OPENING = re.compile(r"<(?:[\w.-]+:)?article[\s>/]")


def _article_lines(text: str) -> list[int]:
    """The line of each `<article>` start tag, in document order (ElementTree keeps no lines,
    and provenance must point at the line, not say "the third article")."""
    return [text.count("\n", 0, m.start()) + 1 for m in _OPENING.finditer(text)]


def _article(el: Element, line: int) -> RawArticle | None:
    body = _paragraphs(_child(el, "leadParagraph")) + _paragraphs(_child(el, "tailParagraphs"))
    if not body:
        return None
    date = _child(el, "publicationDate")
    date_text = _text(_child(date, "dateTime")) if date is not None else ""
    regions = [_text(_child(r, "name")) for r in el if _local(r.tag) == "region"]
    subjects = [_text(_child(s, "name")) for s in el if _local(s.tag) == "newsSubject"]
    extra = [
        (k, _text(_child(el, tag)))
        for k, tag in (("an", "accessionNo"), ("wc", "wordCount"), ("publisher", "publisherName"), ("pages", "pages"))
    ]
    extra += [("regions", "; ".join(r for r in regions if r)), ("subjects", "; ".join(s for s in subjects if s))]
    return RawArticle(
        body="\n\n".join(body),
        line=line,
        title=_text(_child(el, "headline")) or None,
        date_text=date_text or None,
        byline=_text(_child(el, "byline")) or None,
        source=_text(_child(el, "sourceName")) or None,
        section=_text(_child(el, "section")) or None,
        language=_text(_child(el, "baseLanguage")).lower() or None,
        copyright=_text(_child(el, "copyright")) or None,
        extra=tuple((k, v) for k, v in extra if v),
    )


def read(text: str) -> ReadResult:
    """Every `<article>` element of the export, in document order."""
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except DefusedXmlException as exc:
        raise InputError(f"refused XML construct ({exc.__class__.__name__})", hint="export the file again") from exc
    except ElementTree.ParseError as exc:
        raise InputError(f"invalid XML: {exc}", line=exc.position[0], hint="fix or export the file again") from exc
    articles: list[RawArticle] = []
    warnings: list[str] = []
    lines = _article_lines(text)
    for n, el in enumerate((e for e in root.iter() if _local(e.tag) == "article"), start=1):
        line = lines[n - 1] if n <= len(lines) else 1
        art = _article(el, line)
        if art is None:
            warnings.append(f"line {line}: article {n} has no lead or body paragraphs; set aside")
        else:
            articles.append(art)
    return ReadResult(tuple(articles), tuple(warnings))
