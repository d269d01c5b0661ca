"""Articles to front-matter Markdown and back: the one place that knows the field contract.

The field names are fixed by DESIGN.md (title, date, source, authors, byline, dateline,
copyright, language, captions, people, organizations, places, origin). Dates are written as
quoted strings so that `2022` and `2022-03` keep their precision when YAML reads them back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import frontmatter
import yaml

from site_builder.ingest.dates import find_date, parse_date
from site_builder.model import Article, Caption, Entities, Origin


def _origin_dict(o: Origin) -> dict[str, Any]:
    return {"file": o.file, "index": o.index, "line": o.line, "sha256": o.sha256}


def article_to_dict(a: Article) -> dict[str, Any]:
    """The front matter of an article, in the documented field order, empty fields left out."""
    meta: dict[str, Any] = {"title": a.title}
    if a.title_generated:
        meta["title_generated"] = True
    meta["date"] = a.date
    if a.date_flag:
        meta["date_flag"] = a.date_flag
    if a.date_partial:
        meta["date_partial"] = a.date_partial
    meta["source"] = a.source
    meta["authors"] = list(a.authors)
    meta["byline"] = a.byline
    meta["dateline"] = a.dateline
    meta["copyright"] = a.copyright
    if a.section:
        meta["section"] = a.section
    meta["language"] = a.language
    if a.url:
        meta["url"] = a.url
    meta["word_count"] = a.word_count
    meta["captions"] = [{"text": c.text, "credit": c.credit} for c in a.captions]
    meta["people"] = list(a.entities.people)
    meta["organizations"] = list(a.entities.organizations)
    meta["places"] = list(a.entities.places)
    if a.entities.roles:
        roles: dict[str, list[str]] = {}
        for person, role in a.entities.roles:
            roles.setdefault(person, []).append(role)
        meta["roles"] = roles
    if a.trailer:
        meta["trailer"] = a.trailer
    if a.extra:
        meta["extra"] = dict(a.extra)
    if a.origin:
        meta["origin"] = _origin_dict(a.origin)
    if a.also_in:
        meta["also_in"] = [_origin_dict(o) for o in a.also_in]
    return meta


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it: a third of ingest's time went to the pure-Python one."""


def dumps(a: Article) -> str:
    """The article file's text: YAML front matter, a blank line, the Markdown body."""
    meta = article_to_dict(a)
    head = yaml.dump(meta, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return f"---\n{head}---\n\n{escape_body(a.body)}\n"


def escape_body(body: str) -> str:
    """Plain article text must not turn into Markdown structure it never had.

    A line starting with `#`, `>`, `-`, `*`, `+`, a number and a dot, or indented four spaces
    would become a heading, quote, list or code block; a backslash keeps it a paragraph.
    """
    out = []
    for para in body.split("\n\n"):
        stripped = para.lstrip()
        if stripped[:1] in "#>-*+=|" or (stripped.split(".", 1)[0].isdigit() and "." in stripped[:6]):
            stripped = "\\" + stripped
        out.append(stripped)
    return "\n\n".join(out)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _date(value: Any) -> str | None:
    """An ISO date at its precision; hand-written dates (`March 3, 2022`) are read too."""
    text = _text(value)
    if not text:
        return None
    text = text.strip()
    if _ISO.match(text):
        return text
    parsed = parse_date(text) or find_date(text)
    if parsed is None or parsed.year is None:
        raise ValueError(f"field 'date': cannot read {text!r} as a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    return parsed.iso()


_PARTIAL = re.compile(r"^--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def _partial(value: Any) -> str | None:
    """Month and day without a year, as ISO 8601 writes them (`--12-06`)."""
    text = _text(value)
    if not text:
        return None
    if not _PARTIAL.match(text.strip()):
        raise ValueError(f"field 'date_partial': cannot read {text!r} (write --MM-DD, e.g. --12-06)")
    return text.strip()


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise ValueError(f"expected a list of names, got {type(value).__name__}")
    return tuple(str(v) for v in value if v is not None and str(v).strip())


def _origin(value: Any) -> Origin | None:
    if not isinstance(value, dict):
        return None
    return Origin(str(value.get("file", "")), int(value.get("index", 0)), int(value.get("line", 0)),
                  str(value.get("sha256", "")))


def dict_to_article(meta: dict[str, Any], body: str) -> Article:
    """Rebuild an Article from front matter; raises ValueError naming the field at fault."""
    title = _text(meta.get("title"))
    if not title:
        raise ValueError("the front matter has no 'title'")
    captions = []
    for c in meta.get("captions") or []:
        if isinstance(c, dict):
            captions.append(Caption(str(c.get("text") or ""), _text(c.get("credit"))))
        elif isinstance(c, str):
            captions.append(Caption(c))
    roles: list[tuple[str, str]] = []
    raw_roles = meta.get("roles") or {}
    if isinstance(raw_roles, dict):
        for person, values in raw_roles.items():
            for role in values if isinstance(values, list) else [values]:
                roles.append((str(person), str(role)))
    extra = meta.get("extra") or {}
    return Article(
        title=title,
        body=body,
        date=_date(meta.get("date")),
        date_flag=_text(meta.get("date_flag")),
        date_partial=_partial(meta.get("date_partial")),
        source=_text(meta.get("source")),
        title_generated=bool(meta.get("title_generated", False)),
        authors=_strs(meta.get("authors")),
        byline=_text(meta.get("byline")),
        dateline=_text(meta.get("dateline")),
        copyright=_text(meta.get("copyright")),
        section=_text(meta.get("section")),
        language=_text(meta.get("language")) or "en",
        url=_text(meta.get("url")),
        captions=tuple(captions),
        trailer=_text(meta.get("trailer")),
        word_count=int(meta.get("word_count") or len(body.split())),
        entities=Entities(
            people=_strs(meta.get("people")),
            organizations=_strs(meta.get("organizations")),
            places=_strs(meta.get("places")),
            roles=tuple(roles),
        ),
        origin=_origin(meta.get("origin")),
        also_in=tuple(o for o in (_origin(x) for x in meta.get("also_in") or []) if o),
        extra=tuple((str(k), str(v)) for k, v in extra.items()) if isinstance(extra, dict) else (),
    )


def loads(text: str) -> Article:
    """Parse an article file's text (raises ValueError or yaml.YAMLError on bad input)."""
    post = frontmatter.loads(text)
    return dict_to_article(dict(post.metadata), post.content.strip())
