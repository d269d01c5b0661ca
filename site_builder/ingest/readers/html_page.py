"""Reader for a saved web page of one article (File > Save Page As, or a scraper's HTML).

The article text comes from trafilatura, the field's main-text extractor (it keeps text in
`<div>`, `<li>` and headings, survives unclosed tags, and leaves navigation, sidebars, related
links, share bars, cookie banners and comments out; measured in `bench/html_pages.py`). It is
imported on first use: importing it costs a third of a second that ingest of other formats
should not pay.

Metadata from what publishers put in the head, read here first: schema.org JSON-LD
(`NewsArticle` headline, datePublished, author, publisher), Open Graph and article meta tags,
`<time datetime>`; trafilatura's own metadata (which also reads visible bylines and dates)
fills what these leave empty. `<figcaption>`s become captions. Nothing from the page is kept as
markup: only its text.
"""

from __future__ import annotations

import contextlib
import json
from html.parser import HTMLParser
from typing import Any

from site_builder.ingest.decode import normalise_text
from site_builder.ingest.lines import is_boilerplate
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import Caption, RawArticle

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "template",
    "iframe",
    "select",
}
_META_KEYS = {
    "og:title": "title",
    "twitter:title": "title",
    "article:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "publishdate": "date",
    "dc.date": "date",
    "dcterms.date": "date",
    "citation_date": "date",
    "og:site_name": "source",
    "author": "author",
    "article:author": "author",
    "byl": "author",
    "article:section": "section",
    "og:url": "url",
}


class _HtmlScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.ld: list[Any] = []
        self.title = ""
        self.h1 = ""
        self.time = ""
        self.paras: list[tuple[bool, str]] = []
        """(inside <article>, text) of each paragraph."""
        self.captions: list[str] = []
        self._skip = 0
        self._article = 0
        self._buf: list[str] | None = None
        self._what = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _SKIP and not (tag == "script" and a.get("type") == "application/ld+json"):
            self._skip += 1
            return
        if tag == "article":
            self._article += 1
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _META_KEYS and a.get("content") and _META_KEYS[key] not in self.meta:
                self.meta[_META_KEYS[key]] = a["content"]
        elif tag == "time" and a.get("datetime") and not self.time:
            self.time = a["datetime"]
        if self._skip:
            return
        if tag in ("p", "h1", "title", "figcaption") or (tag == "script" and a.get("type") == "application/ld+json"):
            self._buf, self._what = [], tag
        elif tag == "br" and self._buf is not None:
            self._buf.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip and tag != "script":
            self._skip -= 1
            return
        if tag == "script" and self._skip:
            self._skip -= 1
            return
        if tag == "article" and self._article:
            self._article -= 1
        if self._buf is None or tag != self._what:
            return
        text = " ".join("".join(self._buf).split())
        if tag == "p" and text:
            self.paras.append((self._article > 0, text))
        elif tag == "h1" and not self.h1:
            self.h1 = text
        elif tag == "title" and not self.title:
            self.title = text
        elif tag == "figcaption" and text:
            self.captions.append(text)
        elif tag == "script":
            with contextlib.suppress(ValueError, RecursionError):  # a block nested 100,000 deep is skipped
                self.ld.append(json.loads("".join(self._buf)))
        self._buf = None

    def handle_data(self, data: str) -> None:
        if self._buf is not None and not (self._skip and self._what != "script"):
            self._buf.append(data)


_ARTICLE_TYPES = ("Article", "Posting", "Report")
"""schema.org types of a news item: NewsArticle, ReportageNewsArticle, BlogPosting,
LiveBlogPosting, Report... (`endswith`)."""


def _is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.endswith(_ARTICLE_TYPES) for k in kinds)


def _ids(items: list[Any]) -> dict[str, dict[str, Any]]:
    """Every JSON-LD node with an `@id`, so that references (`"author": {"@id": "#/person/1"}`,
    as Yoast and other CMS plugins write their `@graph`) can be followed."""
    out: dict[str, dict[str, Any]] = {}
    stack = list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("@id"), str) and len(item) > 1:
                out.setdefault(item["@id"], item)
            stack.extend(v for v in item.values() if isinstance(v, list | dict))
    return out


def _news_ld(items: list[Any]) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (graphs and lists searched)."""
    stack = list(items)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if _is_article(item):
                return item
            stack.extend(v for v in item.values() if isinstance(v, list | dict))
    return {}


def _ld_articles(items: list[Any]) -> list[dict[str, Any]]:
    """Every JSON-LD article object that carries its own text (`articleBody`): a live blog's
    updates, a front page's stories. Searched like `_news_ld`, in document order."""
    found: list[dict[str, Any]] = []
    stack = list(items)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict):
            body = item.get("articleBody")
            if _is_article(item) and isinstance(body, str):
                if len(body.split()) >= MIN_LD_WORDS:
                    found.append(item)
                continue
            stack[:0] = [v for v in item.values() if isinstance(v, list | dict)]
    return found


MIN_LD_WORDS = 40
"""An `articleBody` shorter than this is a teaser, not an article."""


def _from_ld(items: list[dict[str, Any]], captions: tuple[Caption, ...]) -> ReadResult:
    """One article per JSON-LD article object (the page says it holds several)."""
    arts = []
    for item in items:
        paras = [normalise_text(p.strip()) for p in str(item["articleBody"]).split("\n") if p.strip()]
        arts.append(
            RawArticle(
                body="\n\n".join(p for p in paras if not is_boilerplate(p)),
                line=1,
                title=normalise_text(str(item.get("headline") or item.get("name") or "")) or None,
                date_text=str(item.get("datePublished") or "")[:25] or None,
                byline=_name(item.get("author")) or None,
                source=_name(item.get("publisher")) or None,
                url=str(item.get("url") or "") or None,
                captions=captions if len(items) == 1 else (),
            )
        )
    return ReadResult(tuple(arts))


def _name(value: Any, ids: dict[str, dict[str, Any]] | None = None) -> str:
    """A person's or organization's name from JSON-LD: text, an object, a list, or a reference
    to a node elsewhere in the graph."""
    if isinstance(value, list):
        return ", ".join(n for n in (_name(v, ids) for v in value) if n)
    if isinstance(value, dict):
        if not value.get("name") and ids and isinstance(value.get("@id"), str) and value["@id"] in ids:
            return _name(ids[value["@id"]])
        return str(value.get("name") or "")
    return str(value or "")


def _main_text(text: str) -> tuple[list[str], dict[str, Any]]:
    """Paragraphs of the page's main text and trafilatura's metadata (empty when it finds none)."""
    import trafilatura  # lazily: see the module docstring

    found = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    doc: dict[str, Any] = found.as_dict() if found is not None and hasattr(found, "as_dict") else {}
    if not doc.get("text"):
        return [], {}
    paras = [line.strip() for line in str(doc["text"]).split("\n") if line.strip()]
    return paras, doc


def read(text: str) -> ReadResult:
    """One article from a web page, or nothing when the page has no paragraphs of text."""
    page = _HtmlScan()
    page.feed(text)
    page.close()
    several = _ld_articles(page.ld)
    if len(several) > 1:
        return _from_ld(several, tuple(Caption(normalise_text(c)) for c in page.captions))
    paras, meta = _main_text(text)
    if not paras:  # trafilatura found no main text: the page's own paragraphs, as before
        inside = [t for in_article, t in page.paras if in_article]
        paras = inside or [t for _, t in page.paras]
    ld = _news_ld(page.ld)
    ids = _ids(page.ld)
    title = str(ld.get("headline") or page.meta.get("title") or meta.get("title") or page.h1 or page.title or "")
    paras = [normalise_text(p) for p in paras]
    paras = [p for p in paras if not is_boilerplate(p)]
    if paras and title and " ".join(paras[0].split()) == " ".join(normalise_text(title).split()):
        paras = paras[1:]  # the headline, which trafilatura keeps as the first line
    if not paras:
        return ReadResult((), ("no paragraphs of text found in the page",))
    author = _name(ld.get("author"), ids) or page.meta.get("author", "") or str(meta.get("author") or "")
    date_text = str(ld.get("datePublished") or page.meta.get("date") or page.time or "")[:25]
    if not date_text and meta.get("date") and meta.get("date") != meta.get("filedate"):
        date_text = str(meta["date"])
    return ReadResult(
        (
            RawArticle(
                body="\n\n".join(paras),
                line=1,
                title=normalise_text(title) or None,
                date_text=date_text or None,
                source=_name(ld.get("publisher"), ids) or page.meta.get("source") or meta.get("sitename") or None,
                byline=author or None,
                section=page.meta.get("section"),
                url=page.meta.get("url"),
                captions=tuple(Caption(normalise_text(c)) for c in page.captions),
            ),
        )
    )
