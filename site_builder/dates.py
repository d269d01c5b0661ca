"""Dates as news exports print them, parsed to ISO strings with the precision actually known.

`03/08/22` (US order unless the file or the caller says day first), `March 21, 2022`,
`Tuesday, March 8, 2022`, `24 January 2022`, `29 décembre 2011`, `2022-03-08`,
`8 Mar 2022 14:03 GMT`, `March 2022`. A date without a year (`March 8`) is returned with
`year=None` so the caller can borrow one and flag it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "january jan janvier janv enero ene januar jän gennaio janeiro",
        "february feb feb. février fevrier févr fevr febrero februar febbraio fevereiro",
        "march mar mars marzo märz marz março",
        "april apr avril avr abril abr aprile",
        "may mai mayo maggio maio",
        "june jun juin junio juni giugno junho",
        "july jul juillet juil julio juli luglio julho",
        "august aug août aout agosto",
        "september sep sept septembre septiembre setiembre settembre setembro",
        "october oct octobre octubre oktober ottobre outubro okt",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre déc diciembre dic dezember dicembre dezembro dez",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name.rstrip(".")] = _num

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag)\.?,?\s+"
)
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2}|Z)?)?"
_END = r"\s*(?:edition\b.*)?$"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$"), "ymd"),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$"), "ym"),
    (
        re.compile(rf"^(?:{_WEEKDAY})?(?P<a>\d{{1,2}})[/-](?P<b>\d{{1,2}})[/-](?P<y>\d{{2}}|\d{{4}}){_TIME}$", re.I),
        "num",
    ),
    (re.compile(rf"^(?:{_WEEKDAY})?(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}){_TIME}$", re.I), "dmy"),
    (
        re.compile(
            rf"^(?:{_WEEKDAY})?(?P<mn>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?{_TIME}{_END}",
            re.I,
        ),
        "mdy_name",
    ),
    (
        re.compile(
            rf"^(?:{_WEEKDAY})?(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<mn>{_MONTH_RE})\.?(?:,?\s+(?:de\s+)?(?P<y>\d{{4}}))?{_TIME}{_END}",
            re.I,
        ),
        "dmy_name",
    ),
    (re.compile(rf"^(?P<mn>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})$", re.I), "my_name"),
)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date with only the parts the text gave: month and day may be missing, year too."""

    year: int | None
    month: int | None = None
    day: int | None = None
    ambiguous: bool = False
    """A numeric date such as `06/12/1996` that reads either way and was read in the default
    (month-first) order because nothing said otherwise."""

    def iso(self, year: int | None = None) -> str | None:
        """ISO 8601 text at the known precision; `year` fills in a missing year."""
        y = self.year or year
        if y is None:
            return None
        if self.month is None:
            return f"{y:04d}"
        if self.day is None:
            return f"{y:04d}-{self.month:02d}"
        return f"{y:04d}-{self.month:02d}-{self.day:02d}"

    def partial(self) -> str | None:
        """Month and day without a year in ISO 8601's reduced form (`--12-06`), else None."""
        if self.year is not None or self.month is None or self.day is None:
            return None
        return f"--{self.month:02d}-{self.day:02d}"


def _valid(y: int | None, m: int, d: int | None) -> bool:
    """A real calendar date (no 30 February), in a plausible range of years."""
    if not 1 <= m <= 12 or (y is not None and not 1800 <= y <= 2200):
        return False
    if d is None:
        return True
    try:
        dt.date(y if y is not None else 2000, m, d)  # 2000 is a leap year: 29 February allowed
    except ValueError:
        return False
    return True


_PREFIX = re.compile(
    r"^(?:(?:first |last )?(?:published|updated|posted|modified|dated?)(?: on| at)?\s*:?\s*)?"
    r"(?:\d{1,2}[:.]\d{2}(?![.\d])\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\b)?\s*,?\s*)?",
    re.I,
)
"""`Published: 12:01 AM EST, ` and `Updated 3:45 PM ET, ` before the date itself."""


_EMPHASIS = re.compile(r"^[*_]{1,3}(?P<inner>.+?)[*_]{1,3}$")
"""Markdown emphasis around a whole line: `*21 February 2019*`, `**Published: ...**`."""
_PARTS = re.compile(r"\s+[|·•]\s+|\s+/\s+|\s+[-–—]\s+(?=(?:updated|last|modified|\d))", re.I)
"""Separators between the parts of one date line: `Published: ... | Updated: ...`, `Mar 3, 2020 / 02:32 PM`."""


def parse_date(text: str, order: str | None = None) -> ParsedDate | None:
    """Parse a whole line that is a date, or return None when the line is anything else.

    `order` (`"dmy"` or `"mdy"`) settles numeric dates such as `06/12/1996`; without it a date
    that reads either way is read month first and marked `ambiguous`. A line of several dated
    parts (`Published: 3 March 2020 | Updated: 4 March 2020`) gives its first date.
    """
    line = _unemphasise(text)
    if len(line) > 120:
        return None
    parts = _PARTS.split(line) if len(line) > 12 else [line]
    first = _parse_one(parts[0], order)
    if first is None or not all(_part_ok(p) for p in parts[1:]):
        return None
    return first


def _unemphasise(text: str) -> str:
    """The line without Markdown emphasis round the whole of it."""
    line = text.strip()
    m = _EMPHASIS.match(line)
    return m.group("inner").strip() if m else line


def _part_ok(part: str) -> bool:
    """The other parts of a date line are dates or times too, not words of a sentence."""
    return _parse_one(part, None) is not None or bool(_TIME_ONLY.match(part.strip()))


_TIME_ONLY = re.compile(r"^(?:at\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}\b)?$", re.I)


def _parse_one(text: str, order: str | None) -> ParsedDate | None:
    line = _PREFIX.sub("", text.strip(), count=1).strip().strip(".").strip()
    if not line or len(line) > 60:
        return None
    for pattern, kind in _PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        g = m.groupdict()
        year = _year(g.get("y"))
        ambiguous = False
        month: int
        day: int | None
        if kind == "num":
            a, b = int(g["a"]), int(g["b"])
            day_first = order == "dmy" or (order is None and a > 12)
            if order is None and a <= 12 and b <= 12 and a != b:
                ambiguous = True
            month, day = (b, a) if day_first else (a, b)
            if order is None and not day_first and not _valid(year, month, day):
                month, day = b, a
        else:
            month = MONTHS[g["mn"].lower().rstrip(".")] if g.get("mn") else int(g["m"])
            day = int(g["d"]) if g.get("d") else None
        if kind in ("ym", "my_name"):
            day = None
        if _valid(year, month, day):
            return ParsedDate(year, month, day, ambiguous)
    return None


def numeric_order(text: str) -> str | None:
    """`"dmy"` or `"mdy"` when a numeric date line can only be read one way (`22/11/2020`,
    `11/22/2020`), else None: the evidence a file gives for its own order."""
    line = _PREFIX.sub("", _PARTS.split(_unemphasise(text))[0].strip(), count=1).strip()
    m = _NUMERIC.match(line)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if a > 12 >= b:
        return "dmy"
    if b > 12 >= a:
        return "mdy"
    return None


_NUMERIC = re.compile(r"^(?:\w+,?\s+)?(\d{1,2})[/-](\d{1,2})[/-](?:\d{2}|\d{4})\b")


def _year(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    if y < 100:
        y += 2000 if y < 70 else 1900
    return y


_IN_TEXT = re.compile(
    rf"\b(?:(?P<mn>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<mn2>{_MONTH_RE})\.?,?\s+(?:de\s+)?(?P<y2>\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))\b",
    re.I,
)


def find_date(text: str) -> ParsedDate | None:
    """Find the first full date written inside a longer line (e.g. a LexisNexis date line)."""
    found = find_date_span(text)
    return found[0] if found else None


def find_date_span(text: str) -> tuple[ParsedDate, int, int] | None:
    """The first full date inside a line (`Posted on March 3, 2024 by ...`, `Publié le 12 mars
    2025 à 18h05`, `27. Mai 2025 | Märkische Rundschau`) and where it stands."""
    for m in _IN_TEXT.finditer(text):
        if m.group("iso"):
            parsed = parse_date(m.group("iso"))
        elif m.group("mn"):
            parsed = parse_date(f"{m.group('mn')} {m.group('d')}, {m.group('y')}")
        else:
            parsed = parse_date(f"{m.group('d2')} {m.group('mn2')} {m.group('y2')}")
        if parsed is not None:
            return parsed, m.start(), m.end()
    return None


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_FALLBACK_LANGUAGES = (
    "en",
    "fr",
    "de",
    "es",
    "pt",
    "it",
    "nl",
    "pl",
    "ru",
    "uk",
    "cs",
    "sv",
    "da",
    "nb",
    "fi",
    "tr",
    "ro",
    "hu",
    "el",
    "ca",
    "zh",
    "ja",
    "ko",
    "ar",
    "id",
)
"""Languages dateparser tries for a date ours does not read: the news languages. Letting it try
all 200 of its locales took two seconds on text that is no date at all."""
_PERIODS = {"year": 1, "month": 2, "day": 3}


@functools.cache
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=list(_FALLBACK_LANGUAGES),
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["year"],
            "RETURN_TIME_AS_PERIOD": False,
        },
    )


def parse_date_anywhere(text: str, order: str | None = None) -> ParsedDate | None:
    """A date field's text in any format or language: our parser first (it knows the export
    formats, the day/month order and the precision), then dateparser (Dutch, Polish, Russian,
    Chinese... month names and word orders) for a text that states a year; its precision is
    kept (`maart 2024` -> 2024-03). For fields known to hold a date, not for scanning text:
    dateparser reads "last week" as a date too, which is why a written year is required."""
    found = parse_date(text, order) or find_date(text)
    if found is not None or not _YEAR.search(text) or len(text) > 80:
        return found
    try:
        data = _dateparser().get_date_data(text)
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None
    if data is None or data.date_obj is None or data.period not in _PERIODS:
        return None
    d, depth = data.date_obj, _PERIODS[data.period]
    if str(d.year) not in text:
        return None
    return ParsedDate(d.year, d.month if depth > 1 else None, d.day if depth > 2 else None)
