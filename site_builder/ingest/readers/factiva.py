"""Reader for Factiva exports: the HTML page and the plain-text form, both built on field codes.

Each document is a list of two-letter-ish codes and values: HD headline, BY byline, WC word
count, PD date, SN source name, SE section, LA language, CY copyright, LP lead paragraphs,
TD text, AN accession number (`Document ...`). The HTML export is turned into the same
(code, value) pairs, so one function makes articles for both.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from site_builder.ingest.decode import normalise_text
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import RawArticle
from site_builder.text import language_code

CODES = {
    "HD",
    "BY",
    "CR",
    "WC",
    "PD",
    "ET",
    "SN",
    "SC",
    "ED",
    "PG",
    "LA",
    "CY",
    "LP",
    "TD",
    "CT",
    "RF",
    "CO",
    "IN",
    "NS",
    "RE",
    "IPC",
    "IPD",
    "PUB",
    "AN",
    "SE",
    "CLM",
    "NGC",
    "GC",
    "ART",
    "VOL",
    "RST",
    "DE",
}
_KEEP = ("WC", "PG", "ET", "SC", "ED", "AN", "PUB", "NS", "RE")


class _FactivaHTML(HTMLParser):
    """Collect (code, value) rows from each `<div class="article">` of a Factiva HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.docs: list[list[tuple[str, str]]] = []
        self._in_article = 0
        self._div_depth = 0
        self._cell: str | None = None
        self._buf: list[str] = []
        self._code: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "div":
            self._div_depth += 1
            if "article" in cls.split() and not self._in_article:
                self._in_article = self._div_depth
                self.docs.append([])
        if not self._in_article:
            return
        if tag == "td":
            self._cell = "index" if "index" in cls else "value"
            self._buf = []
        elif tag in ("p", "br") and self._cell == "value" and self._buf:
            self._buf.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            if self._in_article == self._div_depth:
                self._in_article = 0
            self._div_depth -= 1
        if not self._in_article or tag != "td" or self._cell is None:
            return
        text = "".join(self._buf)
        if self._cell == "index":
            self._code = text.strip()
        elif self._code:
            value = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
            value = re.sub(r"\n{3,}", "\n\n", value).strip()
            self.docs[-1].append((self._code, value))
            self._code = None
        self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_article and self._cell:
            self._buf.append(data.replace("\n", " ") if self._cell == "value" else data)


def _article(fields: list[tuple[str, str]], line: int) -> RawArticle | None:
    get = dict(fields)
    paras = [get.get("LP", ""), get.get("TD", "")]
    body = "\n\n".join(p.strip() for p in paras if p.strip())
    if not body:
        return None
    return RawArticle(
        body=body,
        line=line,
        title=get.get("HD"),
        date_text=get.get("PD"),
        byline=get.get("BY"),
        source=get.get("SN"),
        section=get.get("SE"),
        language=language_code(get.get("LA")),
        copyright=get.get("CY"),
        dateline=None,
        extra=tuple((k.lower(), get[k]) for k in _KEEP if get.get(k)),
    )


def read_html(text: str) -> ReadResult:
    """A Factiva HTML export page: one article per `div.article`."""
    parser = _FactivaHTML()
    parser.feed(text)
    articles, warnings = [], []
    for n, doc in enumerate(parser.docs, start=1):
        art = _article([(k, normalise_text(v)) for k, v in doc], n)
        if art is None:
            warnings.append(f"document {n}: no LP/TD text; set aside")
        else:
            articles.append(art)
    return ReadResult(tuple(articles), tuple(warnings))


_CODE_LINE = re.compile(r"^(?P<code>[A-Z]{2,3})(?:\s{2,}|\t|\s*$)(?P<value>.*)$")
_DOC_ID = re.compile(r"^\s*Document\s+[A-Za-z0-9]{10,}\s*$")


def read_text(text: str) -> ReadResult:
    """A Factiva text export: code lines followed by their values; `Document <id>` ends each."""
    articles: list[RawArticle] = []
    warnings: list[str] = []
    fields: list[tuple[str, str]] = []
    code: str | None = None
    value: list[str] = []
    start = 1

    def close_field() -> None:
        nonlocal code, value
        if code:
            fields.append((code, "\n".join(value).strip()))
        code, value = None, []

    for n, line in enumerate(text.split("\n"), start=1):
        m = _CODE_LINE.match(line.rstrip())
        if m and m.group("code") in CODES:
            close_field()
            code = m.group("code")
            value = [m.group("value")] if m.group("value").strip() else []
            if not fields and code:
                start = n
            continue
        if _DOC_ID.match(line):
            close_field()
            fields.append(("AN", line.strip()))
            art = _article(fields, start)
            if art is None:
                warnings.append(f"line {start}: document without text set aside")
            else:
                articles.append(art)
            fields = []
            continue
        if code:
            value.append(line.strip())
    close_field()
    if fields:
        art = _article(fields, start)
        if art is not None:
            articles.append(art)
    return ReadResult(tuple(articles), tuple(warnings))
