"""Reader for pasted text: one or many articles one after another, as people copy them.

The file is segmented as a whole (`ingest/segment.py`): every line gets a role (headline,
byline, date, source, body, boilerplate, trailer, rights line, separator) from the reading of
the whole file that scores best under the article grammar. This module turns those roles into
articles: the headline lines become the title, the meta lines the byline, date, source and
dateline, body lines are rejoined into paragraphs (only within a run of body lines, never across
a change of role), a wire lead (`(Bloomberg) --`, `SANTIAGO, April 12 (Reuters) -`) is taken off
the first paragraph, photo credits turn the paragraph above them into a caption, and boilerplate
is dropped and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from site_builder.dates import numeric_order, parse_date
from site_builder.ingest import lines as L
from site_builder.ingest.paragraphs import Para, join_body, unwrap
from site_builder.ingest.readers.base import ReadResult
from site_builder.ingest.segment import Line, Role, analyse, segment, starts_article
from site_builder.ingest.sources import named_outlet
from site_builder.model import Caption, RawArticle

_BODY = (Role.BODY, Role.FIRST_BODY, Role.STANDFIRST)


@dataclass(slots=True)
class _Draft:
    line: int
    section: str | None = None
    title: list[str] = field(default_factory=list)
    meta: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    tail: list[Line] = field(default_factory=list)
    dropped: int = 0


def read(text: str) -> ReadResult:
    """Split pasted text into raw articles."""
    lines = analyse(text)
    roles = segment(lines)
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    dropped = 0
    prev: Role | None = None
    for ln, role in zip(lines, roles, strict=True):
        if starts_article(prev, role) or (cur is None and role is not Role.OUTSIDE):
            cur = _Draft(ln.number)
            drafts.append(cur)
        prev = role
        if role is Role.OUTSIDE:
            dropped += ln.boiler
            continue
        assert cur is not None
        if role is Role.KICKER:
            cur.section = ln.text
        elif role in (Role.HEADLINE, Role.CONTINUATION):
            cur.title.append(ln.text)
        elif role in (Role.META, Role.META_FIRST):
            cur.meta.append(ln)
        elif role in _BODY:
            cur.body.append(ln)
        else:
            cur.tail.append(ln)
    _drop_links(drafts)
    order = _file_order(lines)
    articles: list[RawArticle] = []
    warnings: list[str] = []
    for d in drafts:
        art, lost = _article(d, order)
        dropped += lost
        if art is None:
            what = " ".join(d.title) or " ".join(m.text for m in d.meta)
            if what:
                warnings.append(f"line {d.line}: header without article text set aside: {what[:60]!r}")
            continue
        articles.append(art)
    return ReadResult(tuple(articles), tuple(warnings), boilerplate=dropped)


def _drop_links(drafts: list[_Draft]) -> None:
    """Body lines that only name another article of the file (`Most read: <its headline>`, a
    bare or bulleted headline under `Related`) are links a web page printed, not text: mark them
    boilerplate (dropped and counted with the rest when the body is assembled). Looked up in a
    set, so the cost grows with the file, not with its square."""
    titles = {t for t in (" ".join(d.title) for d in drafts if d.title) if len(t) >= 20}
    if not titles:
        return
    for d in drafts:
        own = " ".join(d.title)
        for ln in d.body:
            if ln.boiler or ln.words > 30:
                continue
            text = ln.text.lstrip("-–—•*> ").strip()
            label, _, rest = text.partition(":")
            for key in (text, rest.strip() if len(label.split()) <= 4 else ""):
                if key and key != own and key in titles:
                    ln.boiler = True
                    break


def _file_order(lines: list[Line]) -> str | None:
    """Day-first or month-first for the file's numeric dates, from the ones that read only one
    way (`22/11/2020`); None when the file does not say."""
    votes = [o for ln in lines if ln.date for o in (numeric_order(ln.text),) if o]
    if not votes:
        return None
    dmy = votes.count("dmy")
    return "dmy" if dmy * 2 > len(votes) else "mdy" if dmy * 2 < len(votes) else None


def _article(d: _Draft, order: str | None) -> tuple[RawArticle | None, int]:
    """One draft's fields and body; returns the article (None without body text) and the number
    of boilerplate lines dropped from it."""
    byline = date_text = source = dateline = url = None
    rights = [m.text for m in d.meta if m.rights]
    plain: list[str] = []
    for m in d.meta:
        if m.dateline:
            found = L.dateline_date(m.text)
            if found:
                dateline = dateline or found[0]
                date_text = date_text or found[1]
            else:
                dateline = dateline or L.dateline_alone(m.text)
        elif m.date:
            if parse_date(m.text) is not None:
                date_text = date_text or m.text
            elif (more := L.date_in_line(m.text)) is not None:
                date_text = date_text or more.date
                byline = byline or more.author
                source = source or more.outlet
        elif m.byline:
            byline = byline or L.byline(m.text)
        elif m.plain_byline:
            plain.append(m.text)
        elif m.source:
            sl = L.source_line(m.text)
            if sl is not None:
                source = source or sl.source
                date_text = date_text or sl.date_text
        elif m.weak_source:
            source = source or m.text
        elif m.url:
            url = url or L.url_line(m.text)
    if plain and byline is None:
        byline = plain.pop(0)
    if plain and source is None:  # a second name-like line beside the byline: the outlet
        source = plain[0]
    paras, captions, dropped = _body(d.body)
    captions[:0] = [c for c in (L.caption_line(m.raw) for m in d.meta + d.tail if m.caption) if c is not None]
    copyright = " ".join([*rights, *(t.text for t in d.tail if t.rights)]) or None
    for t in d.tail:  # a date printed at the end (`Updated 4:12 PM MDT, August 22, 2024`)
        if t.date and date_text is None:
            more = L.date_in_line(t.text)
            date_text = t.text if parse_date(t.text) is not None else more.date if more else None
    trailer = " ".join(t.text for t in d.tail if t.trailer) or None
    dropped += sum(1 for t in (*d.tail, *d.meta) if t.boiler)
    if paras:
        wire = L.lead(paras[0].text)
        if wire is not None:
            source = source or wire.source
            dateline = dateline or wire.dateline
            date_text = date_text or wire.date
            paras[0] = Para(wire.rest, paras[0].line)
            if not wire.rest:
                paras.pop(0)
    if not paras:
        return None, dropped
    title = " ".join(t.strip() for t in d.title) or None
    if title:
        title, named = _title_outlet(title)
        source = source or named
    return (
        RawArticle(
            body=join_body(paras),
            line=d.line,
            title=title,
            date_text=date_text,
            byline=byline,
            source=source,
            dateline=dateline,
            copyright=copyright,
            captions=tuple(c for c in captions if c.text or c.credit),
            trailer=trailer,
            url=url,
            section=d.section,
            date_order=order,
        ),
        dropped,
    )


_TITLE_SUFFIX = re.compile(r"\s+(?:[|–—]|-)\s+(?P<outlet>[^|–—-]{2,60})$")


def _title_outlet(title: str) -> tuple[str, str | None]:
    """`Storm hits coast - BBC News`, `Storm hits coast | The Guardian` (a browser tab's title,
    copied with the page): the headline and the outlet, when the last part names one."""
    m = _TITLE_SUFFIX.search(title)
    if m and named_outlet(m.group("outlet").strip()) and len(title[: m.start()].split()) >= 3:
        return title[: m.start()].strip(), m.group("outlet").strip()
    return title, None


def _body(body: list[Line]) -> tuple[list[Para], list[Caption], int]:
    """Body lines to paragraphs: runs of lines with no blank between them are unwrapped together;
    boilerplate and credit lines end a run. A credit makes the paragraph above it a caption."""
    paras: list[Para] = []
    captions: list[Caption] = []
    dropped = 0
    run: list[tuple[int, str]] = []
    last = 0

    def flush() -> None:
        paras.extend(unwrap(run))
        run.clear()

    for ln in body:
        if ln.boiler:
            flush()
            dropped += 1
            continue
        if ln.caption:
            flush()
            found = L.caption_line(ln.raw)
            if found is not None:
                captions.append(found)
            continue
        if ln.credit:
            flush()
            credit = L.credit(ln.text)
            if paras and len(paras[-1].text) < 400:
                captions.append(Caption(paras.pop().text, credit))
            else:
                captions.append(Caption("", credit))
            continue
        if run and (ln.gap or ln.number != last + 1):  # a blank line, or header lines, came between
            flush()
        run.append((ln.number, ln.raw))
        last = ln.number
    flush()
    return paras, captions, dropped
