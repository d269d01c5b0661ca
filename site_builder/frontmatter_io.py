"""Articles to front-matter Markdown and back: the one place that knows the field contract.

The field names are fixed by DESIGN.md (title, date, source, authors, byline, dateline,
copyright, language, captions, people, organizations, places, origin). Dates are written as
quoted strings so that `2022` and `2022-03` keep their precision when YAML reads them back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from site_builder import schema
from site_builder.dates import parse_date_anywhere
from site_builder.model import Article, Caption, Entities, Origin
from site_builder.safe_yaml import FrontMatterError, split
from site_builder.schema import FieldError
from site_builder.text import strip_controls


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
    if a.status != "published":
        meta["status"] = a.status
    if a.notice:
        meta["notice"] = a.notice
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


STATUSES = ("published", "draft", "retracted")
"""`draft`: kept out of the site entirely; `retracted`: its page says so and nothing else shows it."""

FIELDS = (
    "title",
    "title_generated",
    "date",
    "date_flag",
    "date_partial",
    "source",
    "authors",
    "byline",
    "dateline",
    "copyright",
    "section",
    "language",
    "url",
    "word_count",
    "captions",
    "people",
    "organizations",
    "places",
    "roles",
    "trailer",
    "extra",
    "origin",
    "also_in",
    "status",
    "notice",
)
"""The keys of the contract. Other keys are allowed (DESIGN.md: "add fields as needed"),
except near misses of these (`tilte`, `autors`), which are typos that would lose a value."""


_FIELD_SET = frozenset(FIELDS)


def _date(value: Any) -> str | None:
    """An ISO date at its precision, checked against the calendar; hand-written dates
    (`March 3, 2022`) are read too."""
    text = schema.text("date", value.isoformat() if isinstance(value, dt.date) else value)
    if not text:
        return None
    iso = schema.iso_date("date", text)
    if iso:
        return iso
    parsed = parse_date_anywhere(text)
    if parsed is None or parsed.year is None:
        raise FieldError("date", f"cannot read {text!r} as a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    return parsed.iso()


_PARTIAL = re.compile(r"^--(\d{2})-(\d{2})$")


def _partial(value: Any) -> str | None:
    """Month and day without a year, as ISO 8601 writes them (`--12-06`), in the calendar
    (a leap year lends 29 February)."""
    text = schema.text("date_partial", value)
    if not text:
        return None
    m = _PARTIAL.match(text.strip())
    try:
        if m is None:
            raise ValueError
        dt.date(2000, int(m.group(1)), int(m.group(2)))
    except ValueError:
        raise FieldError("date_partial", f"cannot read {text!r} (write --MM-DD, e.g. --12-06)") from None
    return text.strip()


def _origin(field: str, value: Any) -> Origin | None:
    if value is None:
        return None
    meta = schema.mapping(field, value)
    return Origin(
        schema.text(f"{field}.file", meta.get("file")) or "",
        schema.integer(f"{field}.index", meta.get("index")) or 0,
        schema.integer(f"{field}.line", meta.get("line")) or 0,
        schema.text(f"{field}.sha256", meta.get("sha256")) or "",
    )


def _captions(value: Any) -> tuple[Caption, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FieldError("captions", "expected a list of {text, credit}")
    out = []
    for c in value:
        if isinstance(c, dict):
            out.append(
                Caption(
                    schema.text("captions.text", c.get("text")) or "", schema.text("captions.credit", c.get("credit"))
                )
            )
        elif isinstance(c, str):
            out.append(Caption(c))
        elif c is not None:
            raise FieldError("captions", "expected a list of {text, credit}")
    return tuple(out)


def _roles(value: Any) -> tuple[tuple[str, str], ...]:
    roles: list[tuple[str, str]] = []
    for person, values in schema.mapping("roles", value).items():
        for role in schema.names("roles", values):
            roles.append((person, role))
    return tuple(roles)


def dict_to_article(meta: dict[str, Any], body: str) -> Article:
    """Rebuild an Article from front matter; raises FieldError naming the field at fault."""
    if not _FIELD_SET.issuperset(meta):  # the common case costs one set operation
        for key, known in schema.near_misses(meta, FIELDS):
            raise FieldError(key, f"unknown key; did you mean '{known}'?")
    status = schema.text("status", meta.get("status")) or "published"
    if status not in STATUSES:
        raise FieldError("status", f"expected one of {', '.join(STATUSES)}, got {status!r}")
    also_in = meta.get("also_in")
    if also_in is not None and not isinstance(also_in, list):
        raise FieldError("also_in", "expected a list of origins")
    extra = schema.mapping("extra", meta.get("extra"))
    words = schema.integer("word_count", meta.get("word_count"))
    return Article(
        title=schema.text("title", meta.get("title"), required=True, max_len=2000) or "",
        body=body,
        date=_date(meta.get("date")),
        date_flag=schema.text("date_flag", meta.get("date_flag")),
        date_partial=_partial(meta.get("date_partial")),
        source=schema.text("source", meta.get("source"), max_len=500),
        title_generated=schema.flag("title_generated", meta.get("title_generated")),
        authors=schema.names("authors", meta.get("authors")),
        byline=schema.text("byline", meta.get("byline")),
        dateline=schema.text("dateline", meta.get("dateline")),
        copyright=schema.text("copyright", meta.get("copyright")),
        section=schema.text("section", meta.get("section")),
        language=schema.language("language", meta.get("language")) or "en",
        url=schema.web_url("url", meta.get("url")),
        captions=_captions(meta.get("captions")),
        trailer=schema.text("trailer", meta.get("trailer")),
        word_count=words if words is not None else len(body.split()),
        entities=Entities(
            people=schema.names("people", meta.get("people")),
            organizations=schema.names("organizations", meta.get("organizations")),
            places=schema.names("places", meta.get("places")),
            roles=_roles(meta.get("roles")),
        ),
        origin=_origin("origin", meta.get("origin")),
        also_in=tuple(o for o in (_origin("also_in", x) for x in also_in or []) if o),
        extra=tuple((k, str(v)) for k, v in extra.items()),
        status=status,
        notice=schema.text("notice", meta.get("notice")),
    )


class ArticleError(ValueError):
    """An article file that breaks the contract, with the line at fault when known."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def loads(text: str) -> Article:
    """Parse an article file's text; raises ArticleError naming the line. Control characters
    are dropped first: they are never text, and they made feeds invalid XML."""
    text = strip_controls(text)
    try:
        meta, body = split(text)
    except FrontMatterError as exc:
        raise ArticleError(exc.message, exc.line) from None
    if not meta:
        raise ArticleError("no front matter (the file must start with a --- line, then title: ...)", 1)
    try:
        return dict_to_article(meta, body.strip())
    except FieldError as exc:
        raise ArticleError(str(exc), schema.field_line(text, exc.field)) from None
