"""Measure the pasted-text reader on real articles pasted in the layouts people really use.

Why: the pasted-text splitter (`site_builder/ingest/readers/pasted.py`) is tuned against a
handful of fixtures, and every rule added for one layout can break another. This module renders
real Wikinews articles (read at run time from `../shared/corpus/`, never copied into the
repository) into `.txt` files in many layouts -- several articles one after another, with the
headlines, bylines, dates, wire leads, rights lines and web boilerplate of each layout -- keeps
what each article's fields must come out as, runs the project's own reader and extractor on the
file, and prints an accuracy table per layout.

Two splits keep the measure honest: `tune` (stories and decoration a developer may look at
while tuning) and `heldout` (other stories, another corpus, and author names, outlets, cities
and boilerplate phrasings that never appear in `tune`), so that a rule fitted to the tuning
files shows up as a gap between the two tables.

Everything is seeded: the same split, seed and file count give the same files and figures.

    python bench/layouts.py --split heldout --files 20 --seed 1 [--layout NAME] [--show-failures N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import random
import re
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
"""`../shared/corpus` beside the repository, where CI has it too."""
TOSCADATA = CORPUS / "wikinews-toscadata" / "articles.jsonl"
VANATTEVELDT = CORPUS / "wikinews-vanatteveldt" / "articles.jsonl"
SKIP_FLAGS = frozenset({"dropped_words_suspected", "markup_residue", "table_removed"})
"""Records whose paragraphs hold conversion artifacts: they would measure the corpus, not the reader."""
MAX_PARAGRAPHS = 8
MIN_WORDS = 80
MIN_PARAGRAPH_WORDS = 4
"""Shorter paragraphs are conversion leftovers in the corpus (a lone `U.S.` line); dropped."""
SPLITS = ("tune", "heldout")


# --------------------------------------------------------------------------------------------
# data


@dataclass(frozen=True)
class Story:
    """One corpus article: its headline, ISO date and body paragraphs."""

    id: str
    title: str
    date: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Expected:
    """What the reader must find for one article of a generated file.

    `date` is `YYYY-MM-DD`, `YYYY-MM`, `YYYY` (only a copyright year is printed), `--MM-DD`
    (month and day without any year in the file) or None (no date printed). `authors` and
    `dateline` are checked only when not None. `line` is where the article starts in the file
    (for failure reports; not part of the comparison)."""

    title: str | None
    date: str | None
    body_start: str
    source: str | None
    authors: tuple[str, ...] | None = None
    dateline: str | None = None
    must_not_contain: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Pools:
    """Invented decoration for one split; the two splits' pools are disjoint."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    outlets: tuple[str, ...]
    uk_outlets: tuple[str, ...]
    intl_outlets: tuple[str, ...]
    cities: tuple[str, ...]
    shares: tuple[str, ...]
    ads: tuple[str, ...]
    related: tuple[str, ...]
    newsletters: tuple[str, ...]
    read_more: tuple[str, ...]
    invented_headlines: tuple[str, ...]
    desks: tuple[str, ...]
    captions: tuple[str, ...]


Layout = Callable[[list[Story], random.Random, Pools], tuple[str, list[Expected]]]


# --------------------------------------------------------------------------------------------
# stories


def _sha_digit(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[0]


def _clean_paragraphs(paras: Sequence[str]) -> tuple[str, ...]:
    out = []
    for p in paras:
        text = re.sub(r"\s+", " ", html.unescape(p).replace("\xa0", " ")).strip()
        if len(text.split()) >= MIN_PARAGRAPH_WORDS:
            out.append(text)
    return tuple(out[:MAX_PARAGRAPHS])


def _keep(paras: tuple[str, ...]) -> bool:
    return len(paras) >= 2 and sum(len(p.split()) for p in paras) >= MIN_WORDS


@cache
def _all_stories() -> dict[str, tuple[Story, ...]]:
    tune: list[Story] = []
    held: list[Story] = []
    with TOSCADATA.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if SKIP_FLAGS & set(rec.get("flags") or ()):
                continue
            paras = _clean_paragraphs(rec["text"].split("\n\n"))
            if not _keep(paras):
                continue
            title = re.sub(r"\s+", " ", html.unescape(rec["title"])).strip()
            story = Story(str(rec["id"]), title, rec["date"][:10], paras)
            (tune if _sha_digit(story.id) in "0123456789" else held).append(story)
    with VANATTEVELDT.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            rec = json.loads(line)
            text = rec["text"].split("\n", 1)[1] if "\n" in rec["text"] else ""
            paras = _clean_paragraphs(re.split(r"\n+", text))
            if not _keep(paras):
                continue
            title = re.sub(r"\s+", " ", html.unescape(rec["title"]).replace("\xa0", " ")).strip()
            held.append(Story(str(rec.get("id") or f"vanatteveldt-{n}"), title, rec["date"][:10], paras))
    return {"tune": tuple(tune), "heldout": tuple(held)}


def stories(split: str) -> list[Story]:
    """The corpus stories of a split: `tune` (toscadata, sha1(id) starting 0-9) or `heldout`
    (the other toscadata stories and every vanatteveldt story)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    return list(_all_stories()[split])


# --------------------------------------------------------------------------------------------
# decoration pools: element n goes to `tune` when n is even, to `heldout` when odd

_FIRST = (
    "Maria",
    "Tomasz",
    "Aisha",
    "Jonas",
    "Priya",
    "Diego",
    "Helen",
    "Kofi",
    "Ingrid",
    "Rafael",
    "Mei",
    "Samuel",
    "Laura",
    "Farid",
    "Chloe",
    "Anders",
    "Nkechi",
    "Pablo",
    "Yuki",
    "Oliver",
    "Fatima",
    "Lukas",
    "Sarah",
    "Mateo",
    "Elif",
    "Daniel",
    "Amara",
    "Henrik",
    "Rosa",
    "Kenji",
    "Claire",
    "Viktor",
    "Leila",
    "Patrick",
    "Sofia",
    "Emeka",
    "Hannah",
    "Marco",
    "Zainab",
    "Stefan",
)
_LAST = (
    "Walsh",
    "Kowalczyk",
    "Bello",
    "Lindgren",
    "Raman",
    "Herrera",
    "Murray",
    "Mensah",
    "Solberg",
    "Duarte",
    "Chen",
    "Okafor",
    "Bennett",
    "Haddad",
    "Moreau",
    "Nyberg",
    "Eze",
    "Navarro",
    "Sato",
    "Whitfield",
    "Karimi",
    "Brandt",
    "Gallagher",
    "Ortega",
    "Yilmaz",
    "Fischer",
    "Adeyemi",
    "Holm",
    "Castillo",
    "Mori",
    "Dubois",
    "Petrov",
    "Nasser",
    "Quinn",
    "Rinaldi",
    "Obi",
    "Clarke",
    "Esposito",
    "Rahman",
    "Keller",
)
_OUTLETS = (
    "The Harbour Times",
    "Northgate Courier",
    "The Valley Ledger",
    "Riverside Gazette",
    "The Coastal Herald",
    "Midland Evening Post",
    "The Lakeside Chronicle",
    "Eastbrook Observer",
    "The Highland Record",
    "Summit Daily News",
    "The Prairie Dispatch",
    "Westfield Tribune",
    "The Bayview Sentinel",
    "Granite State Monitor",
    "The Orchard Press",
    "Capital Region Journal",
    "The Southern Beacon",
    "Metro Morning Star",
    "The Island Packet Weekly",
    "Cedar Falls Examiner",
)
_UK_OUTLETS = (
    "The Independent",
    "The Irish Times",
    "The Guardian",
    "The Scotsman",
    "The Herald",
    "Irish Independent",
    "Evening Standard",
    "Belfast Telegraph",
    "The Northern Echo",
    "Western Mail",
    "Manchester Evening News",
    "The Irish Examiner",
)
_INTL_OUTLETS = (
    "Deutsche Welle",
    "France 24",
    "Al Jazeera",
    "The Hindu",
    "ABC News",
    "CBC News",
    "RTE News",
    "Euronews",
    "The Straits Times",
    "Radio New Zealand",
    "South China Morning Post",
    "The Japan Times",
)
_CITIES = (
    "LIMA",
    "MADRID",
    "NAIROBI",
    "OSLO",
    "MANILA",
    "BOGOTA",
    "ATHENS",
    "CAIRO",
    "TORONTO",
    "SYDNEY",
    "WARSAW",
    "DUBLIN",
    "SEOUL",
    "LAGOS",
    "VIENNA",
    "QUITO",
    "HANOI",
    "ACCRA",
    "LISBON",
    "SANTIAGO",
    "NEW DELHI",
    "BUENOS AIRES",
    "KUALA LUMPUR",
    "SAN JOSE",
    "RIO DE JANEIRO",
    "MEXICO CITY",
    "CAPE TOWN",
    "HONG KONG",
    "GENEVA",
    "ANKARA",
    "BRUSSELS",
    "JAKARTA",
)
_SHARES = (
    "Share on Facebook",
    "Share on Twitter",
    "Share via Email",
    "Share this article",
    "Share on WhatsApp",
    "Copy link",
    "Share on LinkedIn",
    "Email this story",
    "Tweet this",
    "Share on Pinterest",
    "Share on Reddit",
    "Send by email",
)
_ADS = (
    "Advertisement",
    "Story continues below advertisement",
    "ADVERTISEMENT",
    "Continue reading the main story",
    "Advertisement - scroll to continue",
    "Article continues below",
    "Sponsored",
    "Ad Feedback",
)
_RELATED = ("Related:", "Read also:", "RELATED:", "See also:", "Related story:", "Also read:")
_NEWSLETTERS = (
    "Sign up for our newsletter",
    "Get the morning briefing in your inbox",
    "Subscribe to our daily newsletter",
    "Sign up to our free weekly email",
    "Never miss a story: subscribe now",
    "Join our mailing list for the latest news",
)
_READ_MORE = ("Read more:", "More on this story:", "Read next:", "You may also like:", "Most read:", "Popular now:")
_INVENTED_HEADLINES = (
    "Council approves new cycle lanes for city centre",
    "Storm warning issued for coastal towns",
    "Local library marks centenary with open day",
    "Rail strike talks resume after weekend",
    "Farmers warn of poor harvest after dry spring",
    "New bridge opens two years behind schedule",
    "Hospital waiting lists fall for third month",
    "Museum returns artefacts to country of origin",
)
_CAPTIONS = (
    "A view of the scene in {city} earlier this week.",
    "Crowds gathered outside the building in {city}.",
    "Officials speak to reporters in {city} on Tuesday.",
    "The site in {city}, seen from the air.",
    "Residents wait for news in {city}.",
    "Police stand guard at a checkpoint near {city}.",
    "A file picture taken in {city} last year.",
    "Volunteers hand out supplies in {city}.",
)
_DESKS = (
    "London",
    "Frankfurt",
    "New York",
    "Singapore",
    "Tokyo",
    "Washington",
    "Hong Kong",
    "Paris",
    "Sydney",
    "Toronto",
)


def _half(items: Sequence[str], split: str) -> tuple[str, ...]:
    parity = 0 if split == "tune" else 1
    return tuple(x for n, x in enumerate(items) if n % 2 == parity)


@cache
def pools(split: str) -> Pools:
    """The decoration pool of a split (even-indexed items for `tune`, odd for `heldout`)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    return Pools(
        *(
            _half(items, split)
            for items in (
                _FIRST,
                _LAST,
                _OUTLETS,
                _UK_OUTLETS,
                _INTL_OUTLETS,
                _CITIES,
                _SHARES,
                _ADS,
                _RELATED,
                _NEWSLETTERS,
                _READ_MORE,
                _INVENTED_HEADLINES,
                _DESKS,
                _CAPTIONS,
            )
        )
    )


# --------------------------------------------------------------------------------------------
# rendering helpers

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
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
    "vs",
    "via",
    "per",
}


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def fmt_date(iso: str, rng: random.Random) -> str:
    """The date in one of the formats news pages print."""
    d = _date(iso)
    style = rng.randrange(5)
    if style == 0:
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    if style == 1:
        return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 2:
        return f"{d.strftime('%A')}, {_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 3:
        return f"{_AP_MONTHS[d.month - 1]} {d.day}, {d.year}"
    return d.isoformat()


def ap_month_day(iso: str) -> str:
    """`Jan. 4` / `April 13`: the date of a wire lead, without its year."""
    d = _date(iso)
    return f"{_AP_MONTHS[d.month - 1]} {d.day}"


def title_case(text: str) -> str:
    """Title Case a sentence-case headline, keeping small words low and other letters as they are."""
    words = text.split()
    out = []
    for n, word in enumerate(words):
        if 0 < n < len(words) - 1 and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(out)


def _name(rng: random.Random, pools: Pools) -> str:
    return f"{rng.choice(pools.first_names)} {rng.choice(pools.last_names)}"


def _names(rng: random.Random, pools: Pools, k: int) -> list[str]:
    out: list[str] = []
    while len(out) < k:
        name = _name(rng, pools)
        if name not in out:
            out.append(name)
    return out


def _canon(source: str | None) -> str | None:
    from site_builder.ingest.sources import normalise_source

    return normalise_source(source)


def _other_headline(story: Story, batch: list[Story], rng: random.Random, pools: Pools) -> str:
    others = [s.title for s in batch if s.id != story.id]
    return rng.choice(others) if others and rng.random() < 0.7 else rng.choice(pools.invented_headlines)


class _Doc:
    """A file being written line by line, so that each article's first line number is known."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.extend(line.split("\n"))

    def blank(self, n: int = 1) -> None:
        self.lines.extend([""] * n)

    def paragraphs(self, paras: Sequence[str], gap: int = 1) -> None:
        for n, p in enumerate(paras):
            if n:
                self.blank(gap)
            self.add(p)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def _gap(rng: random.Random) -> int:
    """Blank lines between two pasted articles."""
    return rng.randint(1, 3)


def _start(paras: Sequence[str]) -> str:
    return re.sub(r"\s+", " ", paras[0]).strip()[:60]


# --------------------------------------------------------------------------------------------
# layouts


def sentence_date_rights(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / blank / date / blank / body / blank / `© 2019 Outlet. All rights reserved.`:
    a sentence-case headline after a rights line used to become an article of its own."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        outlet = rng.choice(pools.outlets)
        year = s.date[:4]
        rights = rng.choice(
            [
                f"© {year} {outlet}. All rights reserved.",
                f"Copyright {year} {outlet}. All rights reserved.",
                f"© {outlet} {year}",
                f"(c) {year} {outlet}",
            ]
        )
        line = doc.next_line
        doc.add(s.title)
        doc.blank()
        doc.add(fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs(s.paragraphs)
        doc.blank()
        doc.add(rights)
        exp.append(
            Expected(s.title, s.date, _start(s.paragraphs), _canon(outlet), must_not_contain=(rights,), line=line)
        )
    return doc.text(), exp


def sentence_byline_date(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / `By A B` (or `By A B and C D`) / date / blank / body."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        authors = _names(rng, pools, 2 if rng.random() < 0.3 else 1)
        line = doc.next_line
        doc.add(s.title, "By " + " and ".join(authors), fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), None, authors=tuple(authors), line=line))
    return doc.text(), exp


_AGENCIES = ("Reuters", "AP", "AFP", "Xinhua", "Bloomberg")
_AGENCY_COPYRIGHT = {
    "Reuters": ("Copyright {y} Reuters", "© Copyright Thomson Reuters {y}"),
    "AP": ("Copyright {y} The Associated Press. All rights reserved.", "© {y} The Associated Press"),
    "AFP": ("Copyright {y} AFP. All rights reserved.", "© {y} AFP"),
    "Xinhua": ("Copyright {y} Xinhua News Agency", "© {y} Xinhua"),
    "Bloomberg": ("©{y} Bloomberg L.P.", "Copyright {y} Bloomberg L.P."),
}
_AGENCY_SOURCE = {
    "Reuters": "Reuters",
    "AP": "Associated Press",
    "AFP": "AFP",
    "Xinhua": "Xinhua",
    "Bloomberg": "Bloomberg",
}


def _wire_date(year: str | None, month_day: str | None, file_year: str | None) -> str | None:
    """The date a reader can know: year from the article's own copyright line or, failing that,
    the one year the file states elsewhere; month and day from the lead."""
    if month_day is None:
        return year
    y = year or file_year
    return f"{y}-{month_day}" if y else f"--{month_day}"


def wire_lead(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / blank / `LIMA, April 13 (Reuters) - ` lead paragraph / body / trailer /
    copyright on about half. A lead states month and day only, so the year is known from the
    article's own copyright line, or from the file when every copyright line in it agrees."""
    doc = _Doc()
    plans = []
    for s in batch:
        agency = rng.choice(_AGENCIES)
        plans.append((s, agency, rng.random() < 0.5))
    stated = {s.date[:4] for s, _, c in plans if c}
    file_year = next(iter(stated)) if len(stated) == 1 else None
    exp = []
    for n, (s, agency, has_copyright) in enumerate(plans):
        if n:
            doc.blank(_gap(rng))
        city = rng.choice(pools.cities)
        month_day = s.date[5:]
        if agency == "Bloomberg":
            lead, dateline, month_day_known = "(Bloomberg) -- ", None, None
        else:
            dash = {"Reuters": " - ", "AP": " — ", "AFP": " - ", "Xinhua": " -- "}[agency]
            lead = f"{city}, {ap_month_day(s.date)} ({agency}){dash}"
            dateline, month_day_known = city, month_day
        trailer = None
        if agency in ("Reuters", "Bloomberg") and rng.random() < 0.6:
            a, b = _names(rng, pools, 2)
            trailer = f"(Reporting by {a}; Editing by {b})" if agency == "Reuters" else f"--With assistance from {a}."
        elif agency == "AP" and rng.random() < 0.3:
            trailer = f"{_name(rng, pools)} contributed to this report."
        copyright_line = rng.choice(_AGENCY_COPYRIGHT[agency]).format(y=s.date[:4]) if has_copyright else None
        line = doc.next_line
        doc.add(s.title)
        doc.blank()
        doc.paragraphs([lead + s.paragraphs[0], *s.paragraphs[1:]])
        tail = [t for t in (trailer, copyright_line) if t]
        for t in tail:
            doc.blank()
            doc.add(t)
        date = _wire_date(s.date[:4] if has_copyright else None, month_day_known, file_year)
        exp.append(
            Expected(
                s.title,
                date,
                _start(s.paragraphs),
                _AGENCY_SOURCE[agency],
                dateline=dateline,
                must_not_contain=tuple(tail),
                line=line,
            )
        )
    return doc.text(), exp


def caps_dateline(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """The 1996 Reuters test collections: ALL-CAPS headline, `MADRID 1996-12-06`, one paragraph
    per line without blank lines (sometimes indented), one blank line between articles."""
    doc, exp = _Doc(), []
    indent = " " * rng.choice([0, 0, 2, 3])
    for n, s in enumerate(batch):
        if n:
            doc.blank()
        city = rng.choice(pools.cities)
        line = doc.next_line
        doc.add(s.title.upper(), f"{city} {s.date}")
        for p in s.paragraphs:
            doc.add(indent + p)
        exp.append(Expected(s.title.upper(), s.date, _start(s.paragraphs), None, dateline=city, line=line))
    return doc.text(), exp


def markdown(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """`# Headline` / blank / `*21 February 2019*`, `_..._` or `**By Name**` / blank / body;
    sometimes `---` between articles."""
    doc, exp = _Doc(), []
    rule = rng.random() < 0.5
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
            if rule:
                doc.add("---")
                doc.blank()
        line = doc.next_line
        doc.add(rng.choice(["#", "##"]) + " " + s.title)
        doc.blank()
        date_text = fmt_date(s.date, rng)
        authors: tuple[str, ...] | None = None
        choice = rng.randrange(4)
        if choice == 0:
            doc.add(f"*{date_text}*")
        elif choice == 1:
            doc.add(f"_{date_text}_")
        else:
            name = _name(rng, pools)
            authors = (name,)
            doc.add(f"**By {name}**")
            if choice == 3:
                doc.add(f"*{date_text}*")
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(
            Expected(s.title, s.date if choice != 2 else None, _start(s.paragraphs), None, authors=authors, line=line)
        )
    return doc.text(), exp


def source_line(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / `Source: Reuters`, `Reuters | 12 March 2020` or `Source: The Harbour Times` /
    date (when not on the source line) / body."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        src = rng.choice(
            ["Reuters", "AFP", "Associated Press", "BBC News", *pools.outlets[:4], *pools.intl_outlets[:3]]
        )
        line = doc.next_line
        doc.add(s.title)
        if rng.random() < 0.4:
            doc.add(f"{src} {rng.choice(['|', '-', '·'])} {fmt_date(s.date, rng)}")
        else:
            doc.add(f"{rng.choice(['Source:', 'Source:', 'SOURCE:', 'From:'])} {src}", fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), _canon(src), line=line))
    return doc.text(), exp


def web_boilerplate(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """A web page copied whole: share buttons, advertisement lines, a `Related:` link in the
    middle and newsletter / read-more lines at the end, all of which must leave the body."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        author = _name(rng, pools)
        shares = rng.sample(pools.shares, rng.randint(2, 3))
        line = doc.next_line
        doc.add(s.title, f"By {author}", fmt_date(s.date, rng))
        doc.blank()
        for sh in shares:
            doc.add(sh)
        doc.blank()
        junk: list[str] = list(shares)
        paras = list(s.paragraphs)
        middle = max(1, len(paras) // 2)
        related = f"{rng.choice(pools.related)} {_other_headline(s, batch, rng, pools)}"
        for k, p in enumerate(paras):
            if k:
                doc.blank()
            if k == middle:
                doc.add(related)
                doc.blank()
                junk.append(related)
            elif k and rng.random() < 0.3:
                ad = rng.choice(pools.ads)
                doc.add(ad)
                doc.blank()
                junk.append(ad)
            doc.add(p)
        doc.blank()
        letter = rng.choice(pools.newsletters)
        more = f"{rng.choice(pools.read_more)} {_other_headline(s, batch, rng, pools)}"
        doc.add(letter)
        doc.add(more)
        junk += [letter, more]
        exp.append(
            Expected(
                s.title,
                s.date,
                _start(s.paragraphs),
                None,
                authors=(author,),
                must_not_contain=tuple(dict.fromkeys(junk)),
                line=line,
            )
        )
    return doc.text(), exp


def single_blank(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """One line per paragraph and every gap one blank line, between articles too."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank()
        line = doc.next_line
        doc.add(s.title)
        doc.blank()
        doc.add(fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), None, line=line))
    return doc.text(), exp


def numbered(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """`1. Headline` / date / blank / body; the number is not part of the title."""
    doc, exp = _Doc(), []
    style = rng.choice(["{n}. ", "{n}) ", "{n}. "])
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        line = doc.next_line
        doc.add(style.format(n=n + 1) + s.title, fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), None, line=line))
    return doc.text(), exp


def _with_day(s: Story, big: bool, rng: random.Random) -> Story:
    d = _date(s.date)
    day = rng.randint(13, 28) if big else rng.randint(1, 12)
    return replace(s, date=d.replace(day=day).isoformat())


def uk_numeric(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / `By Name | The Independent` / `06/12/2019` (day first, from a UK or Irish
    outlet). Files of 3+ articles hold at least one day above 12 (so the order is decidable
    from the file) and at least one at or below 12."""
    batch = list(batch)
    if len(batch) >= 3:
        days = [_date(s.date).day for s in batch]
        if all(d <= 12 for d in days):
            k = rng.randrange(len(batch))
            batch[k] = _with_day(batch[k], True, rng)
        elif all(d > 12 for d in days):
            k = rng.randrange(len(batch))
            batch[k] = _with_day(batch[k], False, rng)
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        name = _name(rng, pools)
        outlet = rng.choice(pools.uk_outlets)
        sep = rng.choice([" | ", " · ", " — "])
        d = _date(s.date)
        line = doc.next_line
        doc.add(s.title, f"By {name}{sep}{outlet}", f"{d.day:02d}/{d.month:02d}/{d.year}")
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), _canon(outlet), authors=(name,), line=line))
    return doc.text(), exp


def published_updated(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / `Published: 14:32 BST, 3 March 2020 | Updated: ...` (or two other styles) /
    `Maria Walsh, Deutsche Welle` (author and outlet, no `By`) / body."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        d = _date(s.date)
        hh, mm = rng.randint(6, 22), rng.randint(0, 59)
        tz = rng.choice(["BST", "GMT", "CET"])
        style = rng.randrange(3)
        if style == 0:
            stamp = (
                f"Published: {hh:02d}:{mm:02d} {tz}, {d.day} {_MONTHS[d.month - 1]} {d.year} | "
                f"Updated: {min(hh + 1, 23):02d}:{mm:02d} {tz}, {d.day} {_MONTHS[d.month - 1]} {d.year}"
            )
        elif style == 1:
            stamp = f"Published {d.day} {_MONTHS[d.month - 1]} {d.year} at {hh:02d}:{mm:02d} {tz}"
        else:
            h12 = hh % 12 or 12
            stamp = (
                f"Updated: {_SHORT_MONTHS[d.month - 1]} {d.day}, {d.year} / {h12:02d}:{mm:02d} "
                f"{'PM' if hh >= 12 else 'AM'} {rng.choice(['EST', 'EDT', 'ET'])}"
            )
        name = _name(rng, pools)
        outlet = rng.choice(pools.intl_outlets)
        line = doc.next_line
        doc.add(s.title, stamp, f"{name}, {outlet}")
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), _canon(outlet), authors=(name,), line=line))
    return doc.text(), exp


def dash_lead(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / date / body whose first paragraph opens `LONDON — ` or `PARIS - ` (a dateline
    without an agency), which must leave the body and become the dateline."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        city = rng.choice(pools.cities)
        dash = rng.choice([" — ", " - ", " – ", " -- "])
        line = doc.next_line
        doc.add(s.title, fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs([f"{city}{dash}{s.paragraphs[0]}", *s.paragraphs[1:]])
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), None, dateline=city, line=line))
    return doc.text(), exp


def no_headline(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Articles without headlines (a date line then body, or body only) between separator lines
    (`* * *`, `---`, `=====`, `###`, `Document 3 of 7`): the tool must generate the titles."""
    doc, exp = _Doc(), []
    sep = rng.choice(["* * *", "---", "=====", "###", "Document {n} of {total}", "***"])
    documents = sep.startswith("Document")
    for n, s in enumerate(batch):
        if documents:
            if n:
                doc.blank(rng.randint(1, 2))
            doc.add(sep.format(n=n + 1, total=len(batch)))
            doc.blank()
        elif n:
            doc.blank(rng.randint(1, 2))
            doc.add(sep)
            doc.blank(rng.randint(1, 2))
        line = doc.next_line
        dated = rng.random() < 0.6
        if dated:
            doc.add(fmt_date(s.date, rng))
            doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(None, s.date if dated else None, _start(s.paragraphs), None, line=line))
    return doc.text(), exp


def date_first(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Header fields in another order: date / headline / byline, or byline / headline / date."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        name = _name(rng, pools)
        date_text = fmt_date(s.date, rng)
        line = doc.next_line
        if rng.random() < 0.5:
            doc.add(date_text, s.title, f"By {name}")
        else:
            doc.add(f"By {name}", s.title, date_text)
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), None, authors=(name,), line=line))
    return doc.text(), exp


def hard_wrapped(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / byline / date / body hard-wrapped at 68-76 columns like e-mail."""
    doc, exp = _Doc(), []
    width = rng.randint(68, 76)
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        name = _name(rng, pools)
        line = doc.next_line
        doc.add(s.title, f"By {name}", fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs([textwrap.fill(p, width=width, break_on_hyphens=False) for p in s.paragraphs])
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), None, authors=(name,), line=line))
    return doc.text(), exp


def title_case_bloomberg(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """A Bloomberg terminal copy: Title Case headline / `(Bloomberg) -- ` lead / body /
    `--With assistance from`, `To contact the reporter...` and `©2019 Bloomberg L.P.` tails.
    Some carry a date line; the others give only the copyright year (expected `YYYY`)."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        title = title_case(s.title)
        d = _date(s.date)
        reporter, helper, editor = _names(rng, pools, 3)
        desk = rng.choice(pools.desks)

        def mail(name: str) -> str:
            first, last = name.split(" ", 1)
            return f"{first[0].lower()}{last.lower()}@example.com"

        tails = []
        if rng.random() < 0.6:
            tails.append(f"--With assistance from {helper}.")
        tails.append(f"To contact the reporter on this story: {reporter} in {desk} at {mail(reporter)}")
        if rng.random() < 0.6:
            tails.append(f"To contact the editors responsible for this story: {editor} at {mail(editor)}")
        rights = f"©{d.year} Bloomberg L.P."
        line = doc.next_line
        doc.add(title)
        dated = rng.random() < 0.5
        if dated:
            h = rng.randint(1, 11)
            doc.add(
                f"{_MONTHS[d.month - 1]} {d.day}, {d.year}, {h}:{rng.randint(0, 59):02d} "
                f"{rng.choice(['AM', 'PM'])} {rng.choice(['EST', 'GMT', 'EDT'])}"
            )
        doc.blank()
        doc.paragraphs(["(Bloomberg) -- " + s.paragraphs[0], *s.paragraphs[1:]])
        doc.blank()
        doc.add(*tails)
        doc.add(rights)
        exp.append(
            Expected(
                title,
                s.date if dated else s.date[:4],
                _start(s.paragraphs),
                "Bloomberg",
                must_not_contain=(*tails, rights),
                line=line,
            )
        )
    return doc.text(), exp


def photo_captions(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """A Guardian/BBC page copy: headline / standfirst / byline / date / body with photo captions
    followed by `Photograph: Name/Agency` credit lines, which must leave the body."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        name = _name(rng, pools)
        outlet = rng.choice(pools.uk_outlets)
        line = doc.next_line
        doc.add(s.title, f"By {name}", fmt_date(s.date, rng))
        doc.blank()
        junk = []
        for k, p in enumerate(s.paragraphs):
            if k:
                doc.blank()
            if k == 1 or (k > 1 and rng.random() < 0.2):
                caption = rng.choice(pools.captions).format(city=rng.choice(pools.cities).title())
                credit = (
                    f"{rng.choice(['Photograph', 'Photo', 'Image'])}: {_name(rng, pools)}/"
                    f"{rng.choice(['Reuters', 'AFP via Getty Images', 'EPA', 'PA', outlet])}"
                )
                doc.add(caption, credit)
                doc.blank()
                junk += [caption, credit]
            doc.add(p)
        exp.append(
            Expected(
                s.title, s.date, _start(s.paragraphs), None, authors=(name,), must_not_contain=tuple(junk), line=line
            )
        )
    return doc.text(), exp


def headline_blank_byline(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """Headline / blank / byline and date together / blank / body: the headline stands alone
    in its block, so it is recognised by what follows it, not by the line under it."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        name = _name(rng, pools)
        line = doc.next_line
        doc.add(s.title)
        doc.blank()
        doc.add(f"By {name}", fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, _start(s.paragraphs), None, authors=(name,), line=line))
    return doc.text(), exp


_STANDFIRSTS = (
    "Officials say the decision follows months of talks.",
    "Critics warn the move could backfire.",
    "The announcement came after a long week of negotiations.",
    "Residents have been told to expect delays.",
    "It is the first such step in more than a decade.",
    "Analysts expect further changes this year.",
)


def _standfirst(rng: random.Random, split: str) -> str:
    """A one-sentence summary under the headline (pool split like the other decoration)."""
    return rng.choice(_half(_STANDFIRSTS, split))


def guardian_web(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """A newspaper page copied whole: headline / standfirst sentence / author (no `By`) /
    `Thu 3 Mar 2022 14.32 GMT` / optional `Last modified on ...` / body. The standfirst is kept
    as the first paragraph."""
    doc, exp = _Doc(), []
    split = "tune" if pools == globals()["pools"]("tune") else "heldout"
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        d = _date(s.date)
        name = _name(rng, pools)
        clock = f"{rng.randint(6, 22):02d}.{rng.randint(0, 59):02d}"
        stamp = f"{d.strftime('%a')} {d.day} {d.strftime('%b')} {d.year} {clock} GMT"
        stand = _standfirst(rng, split)
        line = doc.next_line
        doc.add(s.title, stand, name, stamp)
        if rng.random() < 0.5:
            doc.add(f"Last modified on {stamp}")
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(Expected(s.title, s.date, stand, None, authors=(name,), line=line))
    return doc.text(), exp


def bbc_web(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """A broadcaster's page: headline / blank / date / `Share` / blank / `Image source, Agency` /
    `Image caption, ...` / body, sometimes `By Name` and a desk line (`BBC News`) under the date."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        line = doc.next_line
        doc.add(s.title)
        doc.blank()
        name = None
        if rng.random() < 0.5:
            name = _name(rng, pools)
            doc.add(f"By {name}")
        doc.add(fmt_date(s.date, rng))
        doc.add(rng.choice(["Share", "Share this page", "Share\nSave"]))
        doc.blank()
        agency = rng.choice(["Getty Images", "Reuters", "EPA", "AFP"])
        caption = rng.choice(pools.captions).format(city=rng.choice(pools.cities).title())
        doc.add(f"Image source, {agency}", f"Image caption, {caption}")
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(
            Expected(
                s.title,
                s.date,
                _start(s.paragraphs),
                None,
                authors=(name,) if name else None,
                must_not_contain=(f"Image source, {agency}", "Image caption"),
                line=line,
            )
        )
    return doc.text(), exp


def export_header(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """A database export pasted as text: headline / outlet / date / rights line / `Length: N words` /
    `Byline: Name` / blank / body / `Load-Date: ...`: the rights line stands in the header."""
    doc, exp = _Doc(), []
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        outlet = rng.choice(pools.outlets)
        name = _name(rng, pools)
        words = sum(len(p.split()) for p in s.paragraphs)
        rights = f"Copyright {s.date[:4]} {outlet}"
        line = doc.next_line
        doc.add(s.title, outlet, fmt_date(s.date, rng), rights, f"Length: {words} words", f"Byline: {name}")
        doc.blank()
        doc.paragraphs(s.paragraphs)
        doc.blank()
        doc.add(f"Load-Date: {fmt_date(s.date, rng)}")
        exp.append(
            Expected(
                s.title,
                s.date,
                _start(s.paragraphs),
                _canon(outlet),
                authors=(name,),
                must_not_contain=(rights, "Length:", "Load-Date"),
                line=line,
            )
        )
    return doc.text(), exp


def digest(batch: list[Story], rng: random.Random, pools: Pools) -> tuple[str, list[Expected]]:
    """A newsletter digest: `In this issue:` and a list of the headlines at the top, then each
    article as headline / date / body. The list is not an article and leaves no trace in one."""
    doc, exp = _Doc(), []
    doc.add(rng.choice(["In this issue:", "In today's briefing:", "Contents"]))
    numbered_list = rng.random() < 0.5
    for n, s in enumerate(batch, start=1):
        doc.add(f"{n}. {s.title}" if numbered_list else f"- {s.title}")
    doc.blank(2)
    for n, s in enumerate(batch):
        if n:
            doc.blank(_gap(rng))
        line = doc.next_line
        doc.add(s.title, fmt_date(s.date, rng))
        doc.blank()
        doc.paragraphs(s.paragraphs)
        exp.append(
            Expected(s.title, s.date, _start(s.paragraphs), None, must_not_contain=("In this issue",), line=line)
        )
    return doc.text(), exp


LAYOUTS: dict[str, Layout] = {
    "sentence-date-rights": sentence_date_rights,
    "sentence-byline-date": sentence_byline_date,
    "wire-lead": wire_lead,
    "caps-dateline": caps_dateline,
    "markdown": markdown,
    "source-line": source_line,
    "web-boilerplate": web_boilerplate,
    "single-blank": single_blank,
    "numbered": numbered,
    "uk-numeric": uk_numeric,
    "published-updated": published_updated,
    "dash-lead": dash_lead,
    "no-headline": no_headline,
    "date-first": date_first,
    "hard-wrapped": hard_wrapped,
    "title-case-bloomberg": title_case_bloomberg,
    "photo-captions": photo_captions,
    "headline-blank-byline": headline_blank_byline,
    "guardian-web": guardian_web,
    "bbc-web": bbc_web,
    "export-header": export_header,
    "digest": digest,
}
"""Every layout by name, in the order of the table."""


def make_file(layout: str, stories: list[Story], rng: random.Random, split: str = "tune") -> tuple[str, list[Expected]]:
    """Render `stories` one after another in `layout`, with the split's decoration pool."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    return LAYOUTS[layout](list(stories), rng, pools(split))


FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "layouts"
"""Hand-made files, one per layout (`NN-layout.txt` and `NN-layout.expected.json`), of invented
stories: the same layouts without the corpus, small enough to read in a test failure."""


def load_fixture(path: Path) -> tuple[str, list[Expected]]:
    """A fixture file's text and the Expected list of its `.expected.json` neighbour."""
    expected_path = path.with_name(path.name.removesuffix(".txt") + ".expected.json")
    items = json.loads(expected_path.read_text(encoding="utf-8"))
    exp = []
    for item in items:
        for key in ("authors", "must_not_contain"):
            if item.get(key) is not None:
                item[key] = tuple(item[key])
        exp.append(Expected(**item))
    return path.read_text(encoding="utf-8"), exp


# --------------------------------------------------------------------------------------------
# scoring

FIELDS = ("title", "date", "body", "source", "authors", "dateline", "clean")


@dataclass
class Failure:
    """One wrong field of one article, with where the article starts in its file."""

    field: str
    expected: object
    got: object
    line: int
    line_text: str


@dataclass
class Score:
    """Counts for one file or many: articles expected and written, and per field (right, checked)."""

    files: int = 0
    expected: int = 0
    written: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    checked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    failures: list[Failure] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.files += other.files
        self.expected += other.expected
        self.written += other.written
        for f in FIELDS:
            self.right[f] += other.right[f]
            self.checked[f] += other.checked[f]
        self.failures.extend(other.failures)

    def accuracy(self, name: str) -> float | None:
        return self.right[name] / self.checked[name] if self.checked[name] else None

    @property
    def score(self) -> float:
        """Mean of title, date, body and source accuracy, scaled down when articles are over-split."""
        accs = [self.accuracy(f) or 0.0 for f in ("title", "date", "body", "source")]
        factor = min(1.0, self.expected / self.written) if self.written else 1.0
        return sum(accs) / len(accs) * factor


@dataclass
class Row:
    """One line of the table: a layout and its summed score."""

    layout: str
    score: Score


def _ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def norm_title(text: str | None) -> str:
    """Titles compared without case, spacing, a closing full stop or surrounding quotes."""
    t = _ws(text).casefold()
    t = t.strip("\"'“”‘’ ")
    return t.rstrip(".").strip()


def _norm_dateline(text: str | None) -> str:
    return _ws(text).strip(" ,-—–").casefold()


def _authors(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(_ws(n).casefold() for n in names)


def _align(expected: list[Expected], bodies: list[str]) -> list[int | None]:
    """Expected articles matched in order to written ones whose body holds their opening."""
    out: list[int | None] = []
    pos = 0
    for e in expected:
        key = _ws(e.body_start)[:40]
        hit = next((k for k in range(pos, len(bodies)) if key in bodies[k]), None)
        out.append(hit)
        if hit is not None:
            pos = hit + 1
    return out


def evaluate(text: str, expected: list[Expected], name: str = "x.txt") -> Score:
    """Run the project's reader and extractor on `text` as ingest does (without writing or
    entity extraction) and score the articles against `expected`.

    An article is "clean" when its body holds none of its `must_not_contain` lines and none of
    the other articles' headlines (a headline glued to the end of the article before it is the
    commonest splitting error, and no layout lists it by itself)."""
    from site_builder.errors import InputError
    from site_builder.ingest.metadata import extract
    from site_builder.ingest.pipeline import read_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        try:
            opened = read_file(path, name)
            raws = list(opened.raws)
            arts = [extract(r, year_hint=opened.year_hint) for r in raws]
        except InputError:
            arts = []
    lines = text.split("\n")
    score = Score(files=1, expected=len(expected), written=len(arts))
    bodies = [_ws(a.body) for a in arts]
    for e, hit in zip(expected, _align(expected, bodies), strict=True):
        where = e.line
        shown = lines[where - 1] if 0 < where <= len(lines) else ""

        def tally(fname: str, ok: bool, want: object, got: object, where: int = where, shown: str = shown) -> None:
            score.checked[fname] += 1
            if ok:
                score.right[fname] += 1
            else:
                score.failures.append(Failure(fname, want, got, where, shown))

        if hit is None:
            for fname in ("title", "date", "body", "source"):
                tally(fname, False, getattr(e, fname if fname != "body" else "body_start"), "(no article matched)")
            if e.authors is not None:
                tally("authors", False, e.authors, "(no article matched)")
            if e.dateline is not None:
                tally("dateline", False, e.dateline, "(no article matched)")
            continue
        art = arts[hit]
        if e.title is None:
            tally("title", bool(art.title_generated), "(generated)", art.title)
        else:
            tally(
                "title",
                not art.title_generated and norm_title(art.title) == norm_title(e.title),
                e.title,
                art.title + (" (generated)" if art.title_generated else ""),
            )
        got_date = art.date if art.date is not None else getattr(art, "date_partial", None)
        tally("date", got_date == e.date, e.date, got_date)
        tally("body", bodies[hit].startswith(_ws(e.body_start)), e.body_start, bodies[hit][:80])
        tally("source", art.source == e.source, e.source, art.source)
        if e.authors is not None:
            tally("authors", _authors(art.authors) == _authors(e.authors), list(e.authors), list(art.authors))
        if e.dateline is not None:
            tally("dateline", _norm_dateline(art.dateline) == _norm_dateline(e.dateline), e.dateline, art.dateline)
        others = [_ws(o.title) for o in expected if o is not e and o.title and len(o.title) >= 20]
        leaked = [m for m in (*map(_ws, e.must_not_contain), *others) if m and m in bodies[hit]]
        tally("clean", not leaked, "(none of the boilerplate)", leaked)
    return score


# --------------------------------------------------------------------------------------------
# running


def run(split: str, files_per_layout: int, seed: int, layouts: list[str] | None = None) -> list[Row]:
    """Generate `files_per_layout` files of 1-8 random stories for each layout and score them."""
    pool = stories(split)
    rows = []
    for name in layouts or list(LAYOUTS):
        if name not in LAYOUTS:
            raise ValueError(f"unknown layout {name!r}; expected one of {', '.join(LAYOUTS)}")
        rng = random.Random(f"{seed}:{split}:{name}")
        total = Score()
        for _ in range(files_per_layout):
            batch = rng.sample(pool, rng.randint(1, 8))
            text, exp = make_file(name, batch, rng, split)
            total.add(evaluate(text, exp))
        rows.append(Row(name, total))
    return rows


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def table(rows: list[Row]) -> str:
    """The markdown table: one row per layout, then the overall row (fields summed over every
    article; score the mean of the layouts' scores)."""
    head = [
        "layout",
        "files",
        "expected",
        "written",
        "title",
        "date",
        "body",
        "source",
        "authors",
        "dateline",
        "clean",
        "score",
    ]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    overall = Score()

    def line(name: str, s: Score, score: float) -> str:
        cells = [name, str(s.files), str(s.expected), str(s.written)]
        cells += [_pct(s.accuracy(f)) for f in FIELDS]
        cells.append(_pct(score))
        return "| " + " | ".join(cells) + " |"

    for r in rows:
        overall.add(r.score)
        out.append(line(r.layout, r.score, r.score.score))
    mean = sum(r.score.score for r in rows) / len(rows) if rows else 0.0
    out.append(line("**overall**", overall, mean))
    return "\n".join(out)


def failures(rows: list[Row], n: int) -> str:
    """The first `n` wrong fields of each layout: field, expected, got, and the article's line."""
    out = []
    for r in rows:
        if not r.score.failures:
            continue
        out.append(f"\n### {r.layout}")
        for f in r.score.failures[:n]:
            out.append(f"- {f.field}: expected {f.expected!r}, got {f.got!r} (line {f.line}: {f.line_text[:70]!r})")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the accuracy table (and failures) for one split."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--split", choices=SPLITS, default="tune")
    parser.add_argument("--files", type=int, default=20, help="files per layout")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layout", action="append", choices=list(LAYOUTS), help="only this layout (repeatable)")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N", help="first N failures per layout")
    parser.add_argument(
        "--dump",
        type=int,
        default=0,
        metavar="K",
        help="print the K-th generated file of each chosen layout instead of scoring",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.dump:
        pool = stories(args.split)
        for name in args.layout or list(LAYOUTS):
            rng = random.Random(f"{args.seed}:{args.split}:{name}")
            for _ in range(args.dump):
                text, exp = make_file(name, rng.sample(pool, rng.randint(1, 8)), rng, args.split)
            print(f"===== {name}\n{text}")
            for e in exp:
                print(f"  expected: {e}")
        return 0
    started = time.perf_counter()
    rows = run(args.split, args.files, args.seed, args.layout)
    print(table(rows))
    if args.show_failures:
        print(failures(rows, args.show_failures))
    print(
        f"\n{args.split}, {args.files} files per layout, seed {args.seed}: {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
