"""Reader for pasted text: one or many articles one after another, as people copy them.

The grammar, line by line: an optional headline (possibly broken over lines), bylines and date
lines, then body paragraphs, which may open with a wire lead (`(Bloomberg) --`,
`SANTIAGO, April 12 (Reuters) -`) and hold photo captions followed by a `Photo:` credit line;
an article ends at a copyright line, a reporting trailer, an end marker, or where the next
headline-and-byline header begins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.ingest import lines as L
from site_builder.ingest.paragraphs import Para, blocks, join_body, unwrap
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import Caption, RawArticle

_HEADER_KINDS = {"byline", "date"}


@dataclass(slots=True)
class _Para:
    kind: str
    text: str
    line: int


@dataclass(slots=True)
class _Draft:
    line: int
    title: list[str] = field(default_factory=list)
    byline: str | None = None
    date_text: str | None = None
    copyright: str | None = None
    trailer: str | None = None
    source: str | None = None
    dateline: str | None = None
    body: list[Para] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    ended: bool = False

    def empty(self) -> bool:
        return not self.body and not self.title and self.byline is None and self.date_text is None


def classify(text: str) -> list[_Para]:
    """Split text into typed paragraphs, keeping special lines apart from body blocks."""
    out: list[_Para] = []
    for block in blocks(text.split("\n")):
        run: list[tuple[int, str]] = []
        for number, line in block:
            kind = _line_kind(line)
            if kind == "body":
                run.append((number, line))
                continue
            out.extend(_Para("body", p.text, p.line) for p in unwrap(run))
            run = []
            out.append(_Para(kind, line, number))
        if run:
            out.extend(_Para("body", p.text, p.line) for p in unwrap(run))
    return out


def _line_kind(line: str) -> str:
    if L.is_end(line):
        return "end"
    if L.is_copyright(line):
        return "copyright"
    if L.credit(line) is not None:
        return "credit"
    if L.is_trailer(line):
        return "trailer"
    if L.byline(line) is not None:
        return "byline"
    if L.is_date_line(line):
        return "date"
    return "body"


def read(text: str) -> ReadResult:
    """Split pasted text into raw articles."""
    paras = classify(text)
    drafts: list[_Draft] = []
    cur = _Draft(line=paras[0].line if paras else 1)
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.kind == "body":
            header_end = _header_after(paras, i)
            starts_article = header_end is not None and (cur.body or cur.ended or not cur.title)
            if starts_article and header_end is not None:
                if not cur.empty():
                    drafts.append(cur)
                cur = _Draft(line=p.line, title=[q.text for q in paras[i:header_end]])
                i = header_end
                continue
            wire = L.lead(p.text)
            if (wire is not None and ((cur.body and (cur.ended or cur.copyright)) or cur.ended)) or cur.ended:
                drafts.append(cur)
                cur = _Draft(line=p.line)
            if wire is not None and not cur.body:
                cur.source = cur.source or wire.source
                cur.dateline = wire.dateline
                if wire.date and not cur.date_text:
                    cur.date_text = wire.date
                if wire.rest:
                    cur.body.append(Para(wire.rest, p.line))
            else:
                cur.body.append(Para(p.text, p.line))
        elif p.kind == "byline":
            if cur.body or cur.ended:
                drafts.append(cur)
                cur = _Draft(line=p.line)
            if cur.byline is None:
                cur.byline = L.byline(p.text)
        elif p.kind == "date":
            if cur.body or cur.ended:
                drafts.append(cur)
                cur = _Draft(line=p.line)
            cur.date_text = cur.date_text or p.text
        elif p.kind == "copyright":
            if cur.ended and cur.copyright is not None and cur.body:
                drafts.append(cur)
                cur = _Draft(line=p.line)
            cur.copyright = p.text if cur.copyright is None else f"{cur.copyright} {p.text}"
            cur.ended = bool(cur.body)
        elif p.kind == "trailer":
            cur.trailer = p.text if cur.trailer is None else f"{cur.trailer} {p.text}"
            cur.ended = bool(cur.body)
        elif p.kind == "credit":
            credit = L.credit(p.text)
            if cur.body and len(cur.body[-1].text) < 400:
                cur.captions.append(Caption(cur.body.pop().text, credit))
            else:
                cur.captions.append(Caption("", credit))
        elif p.kind == "end":
            drafts.append(cur)
            cur = _Draft(line=p.line + 1)
        i += 1
    if not cur.empty():
        drafts.append(cur)
    return _finish(drafts)


def _header_after(paras: list[_Para], i: int) -> int | None:
    """If a headline (1-3 short title-case paragraphs) starts at i and is followed by a byline,
    a date line or a wire lead, return the index after the headline."""
    j = i
    while j < len(paras) and j - i < 3 and paras[j].kind == "body" and L.looks_like_headline(paras[j].text):
        if j > i and not L.is_continuation(paras[j - 1].text, paras[j].text):
            break
        j += 1
    if j == i or j >= len(paras):
        return None
    nxt = paras[j]
    if nxt.kind in _HEADER_KINDS:
        return j
    if nxt.kind == "body" and L.lead(nxt.text) is not None:
        return j
    if i == 0 and nxt.kind == "body" and j - i == 1:
        return j
    return None


def _finish(drafts: list[_Draft]) -> ReadResult:
    articles: list[RawArticle] = []
    warnings: list[str] = []
    for d in drafts:
        if not d.body:
            what = " ".join(d.title) or d.byline or d.date_text or d.copyright or d.trailer or ""
            if what:
                warnings.append(f"line {d.line}: header without article text set aside: {what[:60]!r}")
            continue
        title = " ".join(t.strip() for t in d.title) or None
        art = RawArticle(
            body=join_body(d.body),
            line=d.line,
            title=title,
            date_text=d.date_text,
            byline=d.byline,
            source=d.source,
            dateline=d.dateline,
            copyright=d.copyright,
            captions=tuple(c for c in d.captions if c.text or c.credit),
            trailer=d.trailer,
        )
        articles.append(art)
    return ReadResult(tuple(articles), tuple(warnings))
