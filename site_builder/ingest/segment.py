"""Pasted text segmented as a whole: every line scored for the roles it could play, and the
reading of the file chosen by dynamic programming under a small article grammar.

    file     := (outside | article)*
    article  := [kicker] meta* [headline continuation* [standfirst meta]] meta* body+ tail*

`outside` is a separator or boilerplate between articles; `meta` a byline, date, source or
dateline line; `tail` a rights line, reporting trailer or trailing boilerplate. Because the
grammar only lets a header be followed by body, a header never stands alone and a headline never
ends the previous article. Starting an article costs something, so a new one must be paid for
by evidence: a date or byline under the headline, a wire lead, a rights line or separator
before it, a wider gap than the file's paragraphs, the headline's words coming back in the first
paragraph, and the file's own template (what its confidently read headlines look like). A new
layout needs new evidence, not a new branch.

Everything here is a pure function of the text; `readers/pasted.py` turns the chosen roles into
articles.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from site_builder.dates import parse_date
from site_builder.ingest import lines as L
from site_builder.ingest.sources import outlet_like


class Role(IntEnum):
    """The state of a line in the article grammar."""

    OUTSIDE = 0
    META_FIRST = 1
    """A meta line before the headline (`date / headline / byline`) or of an article without one."""
    HEADLINE = 2
    CONTINUATION = 3
    """A headline broken over lines."""
    META = 4
    BODY = 5
    FIRST_BODY = 6
    """The first body line of an article with no header (after a separator, a rights line, or a
    wire lead)."""
    TAIL = 7
    STANDFIRST = 8
    """A summary sentence between the headline and the byline or date (kept as the first
    paragraph of the body)."""
    KICKER = 9
    """A section label or kicker right above the headline (`World`, `ANALYSIS`, `IN BRIEF`)."""


_SURE = 4.5
"""A headline score this high is confident: such headlines make the file's template."""
NEW_ARTICLE = -2.0
"""What starting an article costs: evidence must outweigh it."""
HEADLESS = -1.0
"""The extra cost of an article with neither headline nor meta line."""

_START = -1
_ENDS = frozenset({Role.OUTSIDE, Role.BODY, Role.FIRST_BODY, Role.TAIL})
_HEADERS = frozenset({Role.META_FIRST, Role.HEADLINE, Role.CONTINUATION, Role.META})
_HEADLINES = frozenset({Role.HEADLINE, Role.CONTINUATION})
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")
_ABBREV_END = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Inc|Corp|Co|Ltd|Jr|Sr|St|Bros|Dr|No)\.$")
_OPEN_END = re.compile(
    r"(?:[,;&(–—-]|\b(?:a|an|the|and|or|but|of|in|on|at|to|for|with|by|from|as|that|which|who|is|are|was|"
    r"were|has|have|had|will|would|its|his|her|their|than|into|over|after))$",
    re.I,
)
"""A line ending like this goes on in the next one: a sentence cannot stop there."""
_OPENS = re.compile(
    r"(?:about|across|after|against|amid|as|at|before|for|from|in|into|of|on|over|to|under|with|without|and|or|but)\b",
    re.I,
)
"""A line opening with one of these goes on from the line above; it names no outlet."""
_BRAND = re.compile(r"^\.?[a-z]+[A-Z]\w*|^\.[a-z]{2,}\b")
"""A headline may open in lower case with a brand or domain: `eBay`, `iPhone`, `.tel`."""
_ABOUT = re.compile(r"^About (?:the )?[A-Z]")
_INNER_SENTENCE = re.compile(r"[a-z]{2}[.!?][\"”’]? +[A-Z]")
"""A full stop inside the line followed by a new sentence: prose, not a headline."""
_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = frozenset(
    "that this with from have will after over into about their they them then than what when where which while "
    "were been being says said more most some such only also just could would should there these those other "
    "amid under against between among during before again first last year years week new news".split()
)


@dataclass(slots=True)
class Line:
    """One non-blank line and everything the scorer needs to know about it."""

    number: int
    """1-based line number in the input."""
    raw: str
    """The line, stripped."""
    text: str
    """The line without Markdown heading marks, list numbers or emphasis."""
    gap: int
    """Blank lines before it."""
    words: int
    gap_after: int = 99
    """Blank lines after it (99 at the end of the text)."""
    heading: bool = False
    numbered: bool = False
    emphasis: bool = False
    sep: bool = False
    rights: bool = False
    trailer: bool = False
    credit: bool = False
    caption: bool = False
    """A caption on a line of its own (`[Photo: ...]`, `Caption: ...`): lifted out, not body text."""
    boiler: bool = False
    date: bool = False
    byline: bool = False
    plain_byline: bool = False
    source: bool = False
    weak_source: bool = False
    """Only shaped like an outlet's name (`The Island Packet`): a source in a header, a headline elsewhere."""
    dateline: bool = False
    url: bool = False
    lead: bool = False
    ends_sentence: bool = False
    prose: bool = False
    caps: bool = False
    in_contact: bool = False
    """Under a `Media contact:` line in the same block: a name, phone or address of the tail."""

    @property
    def meta(self) -> bool:
        """A line that can stand in an article's header."""
        return (
            self.date
            or self.byline
            or self.source
            or self.dateline
            or self.url
            or self.plain_byline
            or self.weak_source
        )

    @property
    def strong_meta(self) -> bool:
        """A line that says what it is (a date, `By ...`, `Source: ...`, a URL)."""
        return self.date or self.byline or self.source or self.dateline or self.url


def analyse(text: str) -> list[Line]:
    """The non-blank lines of a text with their features (each recogniser run once per line)."""
    out: list[Line] = []
    gap = 0
    raw_lines = text.split("\n")
    counts = _repeats(raw_lines)
    prev: Line | None = None
    prev_inner = False
    """Whether the previous line itself went on with a wrapped paragraph above it."""
    for number, raw in enumerate(raw_lines, start=1):
        stripped = raw.strip()
        if not stripped:
            gap += 1
            continue
        inside = (
            prev is not None
            and gap == 0
            and not prev.ends_sentence
            and len(prev.raw) >= 40
            and not prev.meta
            and not (prev.heading or prev.numbered)
            and (prev_inner or stripped[:1].islower() or _OPEN_END.search(prev.raw) is not None)
        )
        prev_inner = inside
        prev = _line(number, stripped, gap, counts[stripped], inside)
        out.append(prev)
        gap = 0
    _names_over_dates(out)
    for a, b in itertools.pairwise(out):
        a.gap_after = b.gap
        b.in_contact = b.gap == 0 and (a.trailer or a.in_contact) and b.words <= 8 and not b.prose
    return out


_NAME_SHAPE = re.compile(r"^[A-ZÀ-Þ][\w'’.-]+(?: [A-ZÀ-Þ][\w'’.-]+){1,2}$")


def _names_over_dates(lines: list[Line]) -> None:
    """A bare two- or three-word name right above a date line is the byline, even when its
    given name is not in the list (`Nkechi Nasser` / `Sun 30 Mar 2008 11.10 GMT`)."""
    for a, b in itertools.pairwise(lines):
        if b.gap == 0 and (b.date or b.dateline) and not a.strong_meta and not a.prose and _NAME_SHAPE.match(a.text):
            a.plain_byline, a.weak_source = True, False


def _repeats(raw_lines: list[str]) -> Counter[str]:
    """How often each short line comes back in a different place: the number of distinct lines
    that follow it. A share bar repeated under every article counts; a whole article pasted
    twice (its subheadings followed by the same paragraphs each time) does not."""
    stripped = [r.strip() for r in raw_lines]
    nonblank = [t for t in stripped if t]
    followers: dict[str, set[str]] = {}
    for here, nxt in itertools.pairwise([*nonblank, ""]):
        if len(here) <= 80:
            followers.setdefault(here, set()).add(nxt)
    return Counter({line: len(after) for line, after in followers.items() if len(after) > 1})


def _line(number: int, raw: str, gap: int, repeats: int, inside: bool) -> Line:
    """`inside`: the line goes on with a hard-wrapped paragraph above it, so only the strong
    header cues (a `By` line, a date) may make it anything but body text."""
    marked = L.unmark(raw)
    text = marked.text
    words = len(text.split())
    ln = Line(number, raw, text, gap, words, heading=marked.heading, numbered=marked.numbered, emphasis=marked.emphasis)
    ln.ends_sentence = bool(_SENTENCE_END.search(text))
    ln.prose = (words >= 8 and ln.ends_sentence) or words >= 30
    if L.is_end(raw):
        ln.sep = True
        return ln
    if words <= 40:
        if L.is_copyright(text):
            ln.rights = True
            return ln
        if L.is_trailer(text):
            ln.trailer = True
            return ln
        if L.credit(text) is not None:
            ln.credit = True
            return ln
    if words <= 80 and L.caption_line(raw) is not None:
        ln.caption = True
        return ln
    if words <= 40 and L.is_boilerplate(text):
        ln.boiler = True
        return ln
    if words == 1 and not inside and L.url_line(text) is not None:
        ln.url = True
        return ln
    if words <= 16:
        ln.url = words == 2 and not inside and L.url_line(text) is not None
        ln.dateline = (
            not inside
            and not ln.url
            and (L.dateline_date(text) is not None or (words <= 5 and L.dateline_alone(text) is not None))
        )
        ln.date = not ln.dateline and not inside and (parse_date(text) is not None or L.date_in_line(text) is not None)
        ln.byline = not ln.date and L.byline(text) is not None
        src = None if ln.date or ln.byline else L.source_line(text)
        ln.source = src is not None and (src.labelled or not inside)
        if not ln.meta and words <= 12 and not inside:
            ln.plain_byline = L.plain_byline(text) is not None
        if (
            not ln.meta
            and 2 <= words <= 6
            and not inside
            and not ln.ends_sentence
            and text[:1].isupper()
            and ":" not in text
            and not _OPENS.match(text)
        ):
            ln.weak_source = outlet_like(text)
        if repeats >= 2 and not ln.meta and not ln.ends_sentence and L.is_chrome(text):
            ln.boiler = True  # the same share or ad line in several places: page furniture
    ln.caps = words <= 25 and not ln.strong_meta and text.isupper() and sum(c.isalpha() for c in text) >= 6
    if not ln.meta and (text[:1].isupper() or text[:1] == "("):
        ln.lead = L.lead(text) is not None
    return ln


def _headline_shape(ln: Line) -> float | None:
    """How much a line looks like a headline by itself; None when it cannot be one."""
    if ln.sep or ln.rights or ln.trailer or ln.credit or ln.caption or ln.boiler or ln.lead or ln.strong_meta:
        return None
    text = ln.text
    if ln.words > 25 or len(text) > 220:
        return None
    first = next((c for c in text if c.isalnum()), "")
    if not first:
        return None
    if first.islower() and not (ln.heading or ln.numbered or _BRAND.match(text)):
        return None
    if text.endswith((",", ";")) or (ln.words <= 6 and _ABOUT.match(text)):
        return None  # `About Acme Corp`: the boilerplate section of a press release
    score = 0.0
    if text.endswith(".") and not text.endswith("...") and not _ABBREV_END.search(text):
        if ln.words > 12:
            return None
        score -= 3.0
    elif text.endswith(":"):
        return None
    if ln.heading:
        score += 4.0
    elif ln.numbered:
        score += 2.5
    elif ln.emphasis:
        score += 1.0
    if ln.caps:
        score += 2.0
    elif L.looks_like_headline(text) and ln.words >= 3:
        score += 1.0
    if ln.words <= 2 and not (ln.heading or ln.numbered):
        score -= 2.5  # few headlines are this short; kickers and subheadings are
    elif ln.words <= 4 and not (ln.caps or ln.heading or ln.numbered):
        score -= 1.0
    if ln.words > 16:
        score -= 1.0
    if _INNER_SENTENCE.search(text):
        score -= 2.0
    if text.count(":") >= 2 or sum(c.isdigit() for c in text) > len(text) / 5:
        score -= 3.0  # a row of a table or a list of results, not a headline
    return score


@dataclass(frozen=True, slots=True)
class _Context:
    meta_after: bool
    """A line that says it is a byline, date or source comes under the candidate."""
    weak_meta_after: bool
    """Only a line shaped like a name or an outlet does (list items look like that too)."""
    lead_after: bool
    prose_after: bool
    overlap: float


def _context(lines: list[Line], i: int) -> _Context:
    """What follows a headline candidate: a meta line or a wire lead under it, and how many of
    its words the first paragraph repeats."""
    meta_after = weak_after = lead_after = False
    prose: list[Line] = []
    header = True
    for j in range(i + 1, min(len(lines), i + 8)):
        nxt = lines[j]
        if nxt.sep or nxt.rights:
            break
        if header and nxt.meta:
            if nxt.strong_meta:
                meta_after = True
            else:
                weak_after = True
            continue
        if (
            header
            and j == i + 1
            and nxt.gap <= 1
            and j + 1 < len(lines)
            and not nxt.lead
            and (lines[j + 1].meta or lines[j + 1].lead)
        ):
            continue  # a standfirst between the headline and its byline, date or wire lead
        if nxt.prose or nxt.lead:
            if header and nxt.lead:
                lead_after = True
            header = False
            prose.append(nxt)
            if len(prose) == 2:
                break
        elif header and j == i + 1 and nxt.gap <= 1 and nxt.words <= 12:
            continue  # perhaps the rest of a headline broken over lines
        else:
            break
    words = {w.lower() for w in _WORD.findall(lines[i].text)} - _STOP
    if len(words) < 2 or not prose:
        return _Context(meta_after, weak_after, lead_after, bool(prose), 0.0)
    following = {w.lower() for p in prose for w in _WORD.findall(p.text)}
    return _Context(meta_after, weak_after, lead_after, True, len(words & following) / len(words))


def _paragraph_gap(lines: list[Line]) -> int:
    """The file's usual number of blank lines between two body paragraphs."""
    gaps = Counter(b.gap for a, b in itertools.pairwise(lines) if a.prose and b.prose)
    return gaps.most_common(1)[0][0] if gaps else 1


def headline_scores(lines: list[Line]) -> list[float | None]:
    """Each line's score as the first line of a headline, in context, with the file's template
    (what its confident headlines share) lending evidence to the doubtful ones."""
    para_gap = _paragraph_gap(lines)
    scores: list[float | None] = []
    contexts: list[_Context | None] = []
    for i, ln in enumerate(lines):
        shape = _headline_shape(ln)
        if shape is None:
            scores.append(None)
            contexts.append(None)
            continue
        prev = lines[i - 1] if i else None
        if prev is not None and ln.gap == 0 and not prev.ends_sentence and len(prev.raw) >= 55 and not prev.meta:
            scores.append(None)  # the next piece of a hard-wrapped paragraph
            contexts.append(None)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        wrapped = 0.0
        if nxt is not None and nxt.gap == 0 and not ln.ends_sentence and len(ln.raw) >= 55 and not nxt.meta:
            if nxt.text[:1].islower() or _OPEN_END.search(ln.raw) is not None or (nxt.ends_sentence and nxt.words <= 3):
                scores.append(None)  # the first piece of a hard-wrapped paragraph
                contexts.append(None)
                continue
            under = lines[i + 2] if i + 2 < len(lines) else None
            if nxt.words >= 8 and not (under is not None and under.meta):
                wrapped = -3.0  # probably wrapped too, unless a standfirst with a byline under it
        ctx = _context(lines, i)
        score = shape + wrapped
        heads_block = (
            not wrapped
            and para_gap >= 1
            and (prev is None or ln.gap >= 1)
            and nxt is not None
            and nxt.gap == 0
            and nxt.prose
            and not ln.ends_sentence
            and ln.words <= 16
            and shape >= -1
            and nxt.words >= max(12, 2 * ln.words)
        )
        if heads_block:
            score += 2.0  # heads its block, a paragraph glued under it: briefs, feeds, search results
        if ctx.meta_after:
            score += 3.0
        elif ctx.weak_meta_after:
            score += 1.0
        if ctx.lead_after:
            score += 3.5
        if not ctx.prose_after:
            score -= 1.5  # no paragraph under it: an item of a list, not a headline
        ended = prev is None or prev.sep or prev.rights or prev.trailer
        if ended:
            score += 1.5
        if prev is not None and ln.gap > para_gap:
            score += 1.5
        elif prev is not None and ln.gap == 0 and para_gap > 0:
            score -= 1.5
        elif not (ended or ctx.meta_after or ctx.lead_after or heads_block):
            score -= 1.0  # no gap, no header under it: more likely a subheading
        score += 2.5 * ctx.overlap
        scores.append(score)
        contexts.append(ctx)
    return _with_template(lines, scores, contexts, para_gap)


def _with_template(
    lines: list[Line], scores: list[float | None], contexts: list[_Context | None], para_gap: int
) -> list[float | None]:
    """Adjust doubtful candidates by what the file's confident headlines have in common."""
    sure = [i for i, s in enumerate(scores) if s is not None and s >= _SURE]
    if not sure:
        return scores
    share = len(sure)
    weight = min(1.0, share / 3)
    """One confident headline says less about the file's template than three."""

    def frac(pred: Callable[[int], bool]) -> float:
        return sum(1 for i in sure if pred(i)) / share

    with_meta = frac(lambda i: bool((c := contexts[i]) and c.meta_after))
    marked = frac(lambda i: lines[i].heading or lines[i].numbered)
    caps = frac(lambda i: lines[i].caps)
    wide = sorted(lines[i].gap for i in sure)[share // 2] > para_gap
    out: list[float | None] = []
    for i, s in enumerate(scores):
        ctx = contexts[i]
        if s is None or ctx is None:
            out.append(s)
            continue
        ln = lines[i]
        if with_meta >= 0.8:
            s += weight * (1.0 if ctx.meta_after else -2.0)
        if marked >= 0.8 and not (ln.heading or ln.numbered):
            s -= weight * 3.0
        if caps >= 0.8 and not ln.caps:
            s -= weight * 2.0
        if wide and i and ln.gap <= para_gap:
            s -= weight * 1.5
        out.append(s)
    return out


def _emissions(ln: Line, headline: float | None) -> dict[Role, float]:
    """The score of each role this line could play (absent: it cannot)."""
    em: dict[Role, float] = {}
    if ln.sep:
        em[Role.OUTSIDE] = 3.0
        return em
    if ln.caption:  # a picture's caption may stand anywhere in an article, header included
        em[Role.BODY] = em[Role.META] = em[Role.TAIL] = 0.5
        em[Role.FIRST_BODY] = 0.5 + HEADLESS
        return em
    if ln.boiler:  # the same wherever it stands: boilerplate is no evidence of a boundary
        em[Role.OUTSIDE] = 0.5
        em[Role.META] = 0.5
        em[Role.TAIL] = 0.5
        em[Role.BODY] = 0.5
        em[Role.FIRST_BODY] = 0.5 + HEADLESS
        return em
    if ln.rights or ln.trailer:
        em[Role.TAIL] = 3.0
        em[Role.BODY] = -3.0
        em[Role.FIRST_BODY] = -3.0
        if ln.rights:  # exports often print the rights line in the header, above the text
            em[Role.META] = em[Role.META_FIRST] = 1.0
        return em
    if ln.meta:
        weak = not ln.strong_meta
        em[Role.META] = 1.0 if weak else 3.0
        if not weak:  # only a line that says what it is may open an article
            em[Role.META_FIRST] = 3.0
        if ln.date and ln.gap_after > ln.gap:  # closer to the text above: printed at its end
            em[Role.TAIL] = 3.0
            em[Role.META_FIRST] = 1.0
        body = 0.0 if weak else -2.0
    elif ln.credit or ln.prose:
        body = 1.0
    else:
        body = 0.5 if ln.lead else 0.0
    em[Role.BODY] = body
    em[Role.FIRST_BODY] = body + (3.0 if ln.lead else 0.0)
    if ln.in_contact:
        em[Role.TAIL] = 2.0
    if 5 <= ln.words <= 60 and not ln.meta and not ln.credit and not ln.lead:
        em[Role.STANDFIRST] = body if ln.ends_sentence else body - 0.25  # a standfirst is mostly a sentence
    if headline is not None:
        em[Role.HEADLINE] = headline
    if ln.words <= 3 and not ln.ends_sentence and not ln.meta and not ln.credit and ln.text[:1].isupper():
        em[Role.KICKER] = 0.5
    short = not ln.prose and not ln.strong_meta and not ln.credit and ln.words <= 12 and len(ln.text) <= 120
    if short and not ln.lead and (not ln.ends_sentence or ln.text.endswith(("?", "!"))):
        em[Role.CONTINUATION] = 0.0
    return em


def _transition(prev: int, role: Role, lead: bool, near: bool) -> float | None:
    """The score of moving from the previous line's role to this one's (None: not allowed).
    `lead`: the line opens with a wire lead; `near`: at most two blank lines above it. A
    continuation's score depends on the two lines themselves (`_continues`)."""
    if role is Role.OUTSIDE:
        return 0.0 if prev in (_START, Role.OUTSIDE, Role.TAIL, Role.BODY, Role.FIRST_BODY) else None
    if role is Role.TAIL:
        return 0.0 if prev in (Role.BODY, Role.FIRST_BODY, Role.TAIL) else None
    if role in (Role.META_FIRST, Role.HEADLINE, Role.KICKER):
        if prev is Role.META_FIRST and role is not Role.KICKER:
            return 0.0
        if prev is Role.KICKER and role is Role.HEADLINE and near:
            return 0.0
        return NEW_ARTICLE if prev in (_START, Role.OUTSIDE, Role.TAIL, Role.BODY, Role.FIRST_BODY) else None
    if role is Role.CONTINUATION:
        return 0.0 if prev in _HEADLINES else None
    if role is Role.META:
        return 0.0 if prev in (Role.HEADLINE, Role.CONTINUATION, Role.META, Role.STANDFIRST) else None
    if role is Role.STANDFIRST:
        return 0.0 if prev in _HEADLINES and near else None
    if role is Role.BODY:
        if prev in (Role.BODY, Role.FIRST_BODY):
            return -2.0 if lead else 0.0
        if prev is Role.STANDFIRST:
            return 0.0 if lead else None  # headline / subtitle / `CITY (Agency) --`
        return 0.0 if prev in _HEADERS else None
    # FIRST_BODY
    if prev in (_START, Role.OUTSIDE, Role.TAIL):
        return NEW_ARTICLE + HEADLESS
    if prev in (Role.BODY, Role.FIRST_BODY) and lead:
        return NEW_ARTICLE
    return None


def _tables() -> dict[tuple[bool, bool], dict[int, tuple[tuple[int, float], ...]]]:
    """Every allowed move into each role, with its score, for each kind of line: the Viterbi
    loop then only walks the moves that exist."""
    states = [_START, *Role]
    out: dict[tuple[bool, bool], dict[int, tuple[tuple[int, float], ...]]] = {}
    for lead in (False, True):
        for near in (False, True):
            table: dict[int, tuple[tuple[int, float], ...]] = {}
            for role in Role:
                moves = [(int(p), step) for p in states if (step := _transition(p, role, lead, near)) is not None]
                table[int(role)] = tuple(moves)
            out[(lead, near)] = table
    return out


_TABLES = _tables()


def _continues(before: Line, ln: Line) -> float | None:
    """Whether a headline goes on in this line: same block and no full stop, or one blank line
    and the break falls after a small word or before a short end."""
    if before.caps and not ln.caps:
        return None
    if ln.gap == 0:
        return None if before.ends_sentence else 0.0
    if ln.gap == 1 and L.is_continuation(before.text, ln.text):
        return -0.5
    return None


def segment(lines: list[Line]) -> list[Role]:
    """The best role for every line under the article grammar (Viterbi over the roles)."""
    if not lines:
        return []
    heads = headline_scores(lines)
    headed = min(1.0, sum(1 for h in heads if h is not None and h >= _SURE) / 3)
    headless = -2.5 * headed
    """In a file whose articles have headlines, one without costs more (a date line inside a
    body is a subheading, not a new article); a wire lead still opens one."""
    prev_scores: dict[int, float] = {_START: 0.0}
    back: list[dict[Role, int]] = []
    before: Line | None = None
    for ln, head in zip(lines, heads, strict=True):
        cur: dict[int, float] = {}
        bp: dict[Role, int] = {}
        table = _TABLES[(ln.lead, ln.gap <= 2)]
        for role, emit in _emissions(ln, head).items():
            extra = 0.0
            if role is Role.CONTINUATION:
                cont = _continues(before, ln) if before is not None else None
                if cont is None:
                    continue
                extra = cont
            best = None
            arg = _START
            for prev, step in table[role]:
                score = prev_scores.get(prev)
                if score is None:
                    continue
                total = score + step
                if headless and (
                    (role is Role.FIRST_BODY and not ln.lead) or (role is Role.BODY and prev == Role.META_FIRST)
                ):
                    total += headless
                if best is None or total > best:
                    best, arg = total, prev
            if best is not None:
                cur[role] = best + extra + emit
                bp[role] = arg
        if not cur:  # cannot happen with the roles above; stay safe on odd input
            cur = {Role.FIRST_BODY: max(prev_scores.values())}
            bp = {Role.FIRST_BODY: max(prev_scores, key=lambda k: prev_scores[k])}
        prev_scores = cur
        back.append(bp)
        before = ln
    finals = {r: s for r, s in prev_scores.items() if r in _ENDS}
    state = max(finals or prev_scores, key=lambda r: (finals or prev_scores)[r])
    roles: list[Role] = []
    for bp in reversed(back):
        roles.append(Role(state))
        state = bp[Role(state)]
    roles.reverse()
    return roles


def starts_article(prev: Role | None, role: Role) -> bool:
    """Whether a line in this role, after one in `prev`, opens a new article."""
    if role is Role.FIRST_BODY:
        return True
    if role is Role.META_FIRST:
        return prev is not Role.META_FIRST
    if role is Role.HEADLINE:
        return prev not in (Role.META_FIRST, Role.KICKER)
    return role is Role.KICKER
