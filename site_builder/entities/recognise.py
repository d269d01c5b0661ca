"""The built-in entity extractor: capitalised spans, split on roles, typed by cues and gazetteers.

Steps, each a small function below:
1. tokenise, remembering which tokens open a sentence;
2. gather spans of capitalised tokens (with inner `of`, `for`, `de`... when a capital follows);
3. drop sentence-initial common words and calendar words; split spans at titles
   (`Venezuelan President Nicolas Maduro` -> place cue + role + person) and at known places
   that run into a first name (`Venezuela James Story`);
4. type each span: curated organizations and places, titles and `said` cues, organization and
   place head words, acronyms, first names, demonyms;
5. resolve within the article: `Maduro` -> `Nicolas Maduro`, `U.S.` -> `United States`.
No model, no network: only the tables in `gazetteer`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from site_builder.entities.classifier import Candidate, DocStats, Scorer, lower_words, scorer
from site_builder.entities.gazetteer import Gazetteer, is_first_name, load
from site_builder.model import Entities
from site_builder.text import fold
from site_builder.wordlists import entries

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]\w*(?:[-'’&.]\w+)*\.?|\d[\d,.]*\w*|[^\w\s]")
"""A word (`U.S.`, `Cheuk-ting`, `O’Brien`, `AT&T`, with a full stop that may be its own),
a number, or one mark. Written so that a word's letters run in one loop of the regex engine:
tokenizing is a quarter of extraction's time."""
_TOKEN_OR_NL = re.compile(_TOKEN.pattern + r"|\n")
_TOKEN_OR_BREAK = re.compile(_TOKEN.pattern + r"|\n|(?<=\w)  +(?=[A-Z])")
_SPACED_STOP = re.compile(r"[.!?\"”’)]  +[A-Z]")
_SPACED_WORD = re.compile(r"\w  +[A-Z]")


def _double_space_breaks(text: str) -> bool:
    """Whether two spaces between a word and a capital mark a lost sentence end in this text.
    Where sentences are set apart by two spaces (Wikinews exports, typed copy), a double space
    with no stop before it is where a link, heading or stop was dropped ("like the Democratic
    National Convention  Republicans opted"): a name must not run across it. Where double
    spaces fall anywhere (justified text), they say nothing and are ignored."""
    if "  " not in text:
        return False
    stops = len(_SPACED_STOP.findall(text))
    return stops >= 3 and stops >= 2 * len(_SPACED_WORD.findall(text))


_CONNECT = frozenset(entries("connect.txt", "site_builder.entities"))
_PARTICLES = frozenset(
    {
        "al",
        "bin",
        "da",
        "das",
        "de",
        "del",
        "den",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "ibn",
        "la",
        "le",
        "van",
        "von",
        "y",
    }
)
"""Connectors that are part of a person's name between a given name and a surname
(`Bill de Blasio`, `Ursula von der Leyen`), unlike `of`, `and` or `for`."""
_KEEP_DOT = re.compile(
    r"^(?:[A-Z]\.)+$|^(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Jr|Sr|Inc|Corp|Co|Ltd|"
    r"Prof|Rev|Maj|Adm|Mt|Ft|No|Gen|Cmdr|Supt|Insp|Hon|Pres)\.$"
)
_SENT_END = {".", "!", "?", "\n", ":", ";", "—", "–", "-", "(", ")"}
_OPENERS = {"“", '"', "‘", "'", "(", "[", "—", "–", "-", "•", "*"}
_CALENDAR = frozenset(entries("calendar.txt", "site_builder.entities"))
_COMMON = frozenset(entries("common_words.txt", "site_builder.entities"))
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}|[A-Z]{2,}[a-z]?[A-Z]+")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_NOT_ACRONYMS = frozenset(entries("not_acronyms.txt", "site_builder.entities"))
"""All-caps tokens that are units, labels, shouting or common abbreviations, not organizations."""
_MODIFIER = re.compile(r"[A-Z0-9][\w'’.]*(?:-\w+)*-([a-z]{3,})$")
_PLACE_PARTICIPLES = frozenset({"born", "run", "made", "built", "style", "era", "bound"})
"""Endings (besides -ed and -ing) of a compound that says where from: `London-born`."""
_WEB_NAME = re.compile(r"[A-Za-z0-9]\.(?:com|org|net|co\.uk|io)$")
"""A name that is a web address (`Blogger.com`, `Amazon.com`)."""
_NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
"""What ends a person's name after the surname (`Martin Luther King Jr.`)."""
_ARTICLE_NAME = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ud|ul|bin|ibn|abu|abd)-[A-Z]")
"""A name led by an Arabic article or kin word (`al-Assad`, `el-Sheikh`, `al-Qaeda`, `bin-Laden`):
part of the name around it although it opens in lower case."""
_HYPHEN_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")
_BREAKERS = frozenset(entries("breakers.txt", "site_builder.entities"))
"""Capitalised function words: inside a run of capitals they start a new phrase, not a longer name."""
_FOR_ORGS = {"Centre", "Center", "Office", "Fund", "Alliance", "Coalition", "Campaign", "Society", "League"}
"""`X Centre for Y` names an organization even where `Centre` alone makes a place."""
_LABELS = frozenset(entries("labels.txt", "site_builder.entities"))
"""Export and page labels that stick to the end of a name (`Ahmed Mohamed Image:`), never part of it."""
_SAID = frozenset(entries("said.txt", "site_builder.entities"))


@dataclass(slots=True)
class _Span:
    words: list[str]
    kind: str | None = None
    role: str | None = None
    said: bool = False
    at_start: bool = False
    after_the: bool = False
    start: int = -1
    """Token positions of the capitalised run this span was found in (-1 for pieces cut later)."""
    end: int = -1

    @property
    def text(self) -> str:
        return " ".join(self.words)


class Tokens:
    """Words of a text in two parallel lists (cheaper than an object per token: this is the hot
    loop of ingest): the word, and whether it opens a sentence, a quotation or a line."""

    __slots__ = ("capitals", "starts", "words")

    def __init__(self, words: list[str], starts: list[bool], capitals: list[int]) -> None:
        self.words = words
        self.starts = starts
        self.capitals = capitals
        """Positions of the words that open with a capital: only they can open a name."""


def tokenize(text: str) -> Tokens:
    """Words and punctuation, with a flag on tokens that open a sentence."""
    words: list[str] = []
    starts: list[bool] = []
    capitals: list[int] = []
    add_word, add_start, add_capital = words.append, starts.append, capitals.append
    start = True
    keep_dot = _KEEP_DOT.match
    for word in (_TOKEN_OR_BREAK if _double_space_breaks(text) else _TOKEN_OR_NL).findall(text):
        if word == "\n" or word[0] == " ":
            start = True
            continue
        last = word[-1]
        if last == "." and len(word) > 1 and not keep_dot(word):
            head, tail, after = word[:-1], ".", True  # a full stop, not an abbreviation's
        elif (last == "s" or last == "S") and len(word) > 2 and word[-2] in "'’":
            head, tail, after = word[:-2], "’s", False  # a possessive
        else:
            head = ""
        if word[0].isupper() or ("-" in word and _ARTICLE_NAME.match(word)):
            add_capital(len(words))
        if head:
            add_word(head)
            add_start(start)
            add_word(tail)
            add_start(False)
            start = after
            continue
        add_word(word)
        add_start(start)
        if word in _SENT_END:
            start = True
        elif word not in _OPENERS:
            start = False
    return Tokens(words, starts, capitals)


_NOT_NAMES = frozenset({"I", "’s"})
_CONTRACTION = re.compile(r"['’](?:ve|re|ll|d|m|t|s)$")
"""`I'm`, `You've`, `We're`, `Don't`: a capital that opens a contraction, not a name."""


def _is_cap(word: str) -> bool:
    if not word[:1].isupper():
        return "-" in word and _ARTICLE_NAME.match(word) is not None
    if word in _NOT_NAMES:
        return False
    return not (len(word) < 9 and ("'" in word or "’" in word) and _CONTRACTION.search(word))


def spans(tokens: Tokens, lower_vocab: set[str]) -> list[_Span]:
    """Maximal runs of capitalised tokens, cleaned of sentence-initial common words."""
    out: list[_Span] = []
    g = load()
    role_words = g.role_words
    heads = g.org_heads | g.place_heads
    toks, starts = tokens.words, tokens.starts
    n = len(toks)
    i = 0
    for i0 in tokens.capitals:  # a sixth of the tokens
        if i0 < i or not _is_cap(toks[i0]):
            continue
        i = i0
        j = i + 1
        if i and toks[i - 1] in ("al", "el") and not starts[i]:
            i -= 1  # "the al Qaeda network", "Sharm el Sheikh": the article opens the name
        while j < n:
            w = toks[j]
            if w in _BREAKERS or starts[j]:
                break  # "Regina Ip In the ...": a capitalised function word or a new sentence ends a name
            if _is_cap(w) or (w in _CONNECT and j + 1 < n and _is_cap(toks[j + 1]) and j > i):
                j += 1
            elif w in _PARTICLES and j > i and j + 2 < n and toks[j + 1] in _PARTICLES and _is_cap(toks[j + 2]):
                j += 2  # "Ursula von der Leyen", "Joaquín de la Torre"
            elif w in ("of", "for") and j > i and j + 2 < n and toks[j + 1] == "the" and _is_cap(toks[j + 2]):
                # "Democratic Republic of the Congo": only names the gazetteers know run on past "the"
                end = j + 2
                while end < n and _is_cap(toks[end]):
                    end += 1
                name = " ".join(toks[i:end])
                if name not in g.places and name not in g.organizations:
                    break
                j = end
            else:
                break
        while j - 1 > i and toks[j - 1] in _CONNECT:
            j -= 1
        words = toks[i:j]
        at_start = starts[i]
        while words and (
            words[0] in _CALENDAR
            or words[0] in _BREAKERS
            or (_modifier(words[0]) and not (len(words) == 2 and words[1] in heads))
            or (starts[i] and _common(words[0], lower_vocab) and not _known_start(words, g))
        ):
            words.pop(0)
            i += 1
            at_start = False
            while words and words[0] in _CONNECT:
                words.pop(0)
                i += 1
        while words and (words[-1] in _CALENDAR or words[-1] in _LABELS or words[-1] in _CONNECT):
            words.pop()
        if words and "-" in words[-1] and _modifier(words[-1]):
            stem, _sep, how = words[-1].rpartition("-")
            if how.endswith(("ed", "ing")) or how in _PLACE_PARTICIPLES:
                words[-1] = stem  # "a San Jose-based company": the name is San Jose
        if (
            at_start
            and len(words) > 2
            and words[1] in ("of", "for")
            and words[0] not in g.org_starts
            and words[0] not in g.places
            and words[0] not in g.org_heads
            and words[0] not in g.titles
        ):
            # "Members of the Civic Party", "Residents of Kowloon": a common noun opens the sentence
            k = 2 + (words[2] == "the")
            words, i, at_start = words[k:], i + k, False
        if words:
            before = toks[i - 1].lower() if i > 0 else ""
            after = toks[j].lower() if j < n else ""
            after2 = toks[j + 1].lower() if j + 1 < n else ""
            said = after in _SAID or before in _SAID or (after == "," and after2 in _SAID)
            span = _Span(words, said=said, at_start=at_start, after_the=before == "the", start=i, end=j)
            if before in role_words or (i > 1 and toks[i - 2].lower() in role_words and before in ("the", "former")):
                span.role = before
            elif before in ("to", "of") and i > 1 and toks[i - 2] in g.titles:
                # "Ambassador to | Venezuela James Story": the title's complement opens the run
                span.role = f"{toks[i - 2]} {before}"
            out.append(span)
        i = max(j, i + 1)
    return out


def _modifier(word: str) -> bool:
    """A compound that describes the name after it: `Fifteen-year-old Robert`, `London-based
    Amnesty International`, `Co-founder of Google`. Its last part is an English word news writes
    in lower case; a Chinese given name's second syllable (`Chao-yi Chen`, `Shui-bian`) is not.
    Kept when only a head word would be left: `Co-operative Bank` is a name."""
    m = _MODIFIER.match(word)
    return m is not None and m.group(1) in lower_words()


def _known_start(words: list[str], g: Gazetteer) -> bool:
    """`New Zealand`, `North Korea`, `United Nations` open the run: a common first word that
    begins a name the gazetteers know is part of it, even at a sentence start."""
    for size in (4, 3, 2):
        if len(words) >= size:
            head = " ".join(words[:size])
            if head.isupper():
                head = _title_case(head)
            if head in g.places or head in g.organizations:
                return True
    return False


def _title_case(text: str) -> str:
    """`NEW YORK` -> `New York`, `LONDON` -> `London`; inner capitals after `Mc`, `O'` are lost,
    which the gazetteers' own spellings then restore when they know the name."""
    return " ".join(w if len(w) <= 1 or "." in w else w[0] + w[1:].lower() for w in text.split())


def _shouted(words: list[str], g: Gazetteer) -> list[str] | None:
    """The title-case form of a run written in capitals (a dateline, a shouted headline) when it
    is likely a name and not an acronym: several words, or one word the gazetteers
    know in title case (`IRAN`, `ROME`). `NATO`, `FBI` and `NDRRMC` stay as they are."""
    if not words[0].isupper() or not all(w.isupper() and any(c.isalpha() for c in w) for w in words):
        return None
    titled = _title_case(" ".join(words))
    if titled in g.places or titled in g.organizations:
        return titled.split()
    if len(words) == 1:
        # one shouted word is an acronym (`NDRRMC`, `NATO`) unless title case makes a known name
        if len(titled) < 4:
            return None  # `UK`, `US`, `EU`
        return titled.split() if titled in g.places or titled in g.more_places or is_first_name(titled) else None
    return None if " ".join(words) in g.organizations else titled.split()


def _common(word: str, lower_vocab: set[str]) -> bool:
    low = word.lower()
    return low in _COMMON or low in lower_vocab


def _surname_like_title(words: list[str], k: int) -> bool:
    """`John Major`, `Lee General`: a title word that ends the run right after a given name is
    the surname, not a new role (`Prime Minister John Major's office` is about John Major)."""
    last = len(words) - 1
    if last > k and words[last] in _NAME_SUFFIXES:
        last -= 1  # "Martin Luther King Jr."
    return k == last and k > 0 and is_first_name(words[k - 1])


def _split_titles(span: _Span, g: Gazetteer) -> list[_Span]:
    """Cut a span at a title: what precedes is its own span, what follows is a person."""
    words = span.words
    for k in range(len(words)):
        if k + 1 < len(words) and _titled_place(words[k:], g):
            continue
        for size in (4, 3, 2, 1):
            title = " ".join(words[k : k + size])
            if (
                len(words[k : k + size]) == size
                and title in g.titles
                and not (size == 1 and _surname_like_title(words, k))
            ):
                rest = words[k + size :]
                head = words[:k]
                while head and head[-1] in _CONNECT:
                    head = head[:-1]  # "Jo Jorgensen for | President": the connector went with the title
                out = _split_titles(_Span(head, at_start=span.at_start), g) if head else []
                if rest and rest[0] in _CONNECT:
                    # "Secretary of State Antony Blinken", "Director for Western Hemisphere Affairs Juan Gonzalez"
                    start = next((x for x in range(1, len(rest)) if is_first_name(rest[x])), None)
                    known = _after_known_name(rest, g)
                    if known is not None and (start is None or start < known):
                        # "Prime Minister of India | Narendra Modi": the complement is a name the
                        # gazetteers know (`India` is a given name too, `Narendra` no list's)
                        start = known
                    complement = rest[: start if start is not None else len(rest)]
                    title = f"{title} {' '.join(complement)}"
                    if start is None:
                        cstart = 1 if complement[0] in _CONNECT else 0
                        comp = _Span(complement[cstart:])
                        if comp.words:
                            out.append(comp)
                        return out
                    named = [w for w in complement if w not in _CONNECT and w != "the"]
                    if named and (" ".join(named) in g.places or " ".join(named) in g.organizations):
                        out.append(_Span(named))  # "Governor of | Washington |": a mention too
                    rest = rest[start:]
                stop = next(
                    (
                        x
                        for x, w in enumerate(rest)
                        if (w in _CONNECT and not (w in _PARTICLES and x > 0 and x + 1 < len(rest)))
                        or (w in g.titles and not _surname_like_title(rest, x))
                    ),
                    len(rest),
                )
                tail = rest[:stop]
                if (
                    tail
                    and (tail[-1] in g.org_heads or tail[-1] in g.thing_heads or tail[-1] in g.place_heads)
                    and not (len(tail) > 1 and is_first_name(tail[0]))
                ):
                    # "General Assembly", "Secretary Office": the title word starts a name; a
                    # given name after it is a person whatever the surname ("Senator Frank Church")
                    continue
                if tail:
                    # four words at most, the particles of `Luis Conde de la Cruz` aside
                    size = 4 + sum(w in _PARTICLES for w in tail)
                    out.append(_Span(tail[:size], kind="person", role=title, said=span.said))
                remainder = rest[stop:]
                while remainder and remainder[0] in _CONNECT:
                    remainder = remainder[1:]
                if remainder:
                    out.extend(_split_titles(_Span(remainder, said=span.said), g))
                return out
    return [span]


def _titled_place(words: list[str], g: Gazetteer) -> bool:
    """`General Santos City`, `Prince Edward Island`: a known place or organization opens with a
    title word. Only taken when the name is long (three words) or a head word follows it, so that
    `Prince George` the person still gets his title."""
    for size in (4, 3, 2):
        name = " ".join(words[:size])
        if len(words) >= size and (name in g.places or name in g.organizations):
            after = words[size] if len(words) > size else ""
            return size >= 3 or after in g.place_heads or after in g.org_heads
    return False


def _after_known_name(rest: list[str], g: Gazetteer) -> int | None:
    """Where a person starts after a title's complement that is a known place or organization
    (`of India Narendra Modi` -> 3), when the words left are a name of one to three words with
    no connector or head word (`of State Department` is no person)."""
    heads = g.org_heads | g.place_heads | g.thing_heads
    first = 1 + (len(rest) > 1 and rest[1] == "the")
    for end in range(len(rest) - 1, first, -1):
        known = " ".join(rest[first:end])
        person = rest[end:]
        if (
            (known in g.places or known in g.organizations)
            and 2 <= len(person) <= 3
            and not any(w in _CONNECT or w in heads or w in g.titles for w in person)
        ):
            return end
    return None


def _described(typed: tuple[str, str] | None, span: _Span, g: Gazetteer) -> tuple[tuple[str, str] | None, _Span]:
    """A known organization without the word that describes it (`Lebanese Hezbollah`,
    `Islamist Hamas`, `Jihadist al-Shabaab` are Hezbollah, Hamas, al-Shabaab, not bodies of
    their own): a demonym or an -ist word, before a name the
    organization table knows; never before a party's short form (`Australian Democrats` is a
    party of its own, not the Democratic Party)."""
    words = span.words
    rest = " ".join(words[1:])
    if len(words) < 2 or rest not in g.organizations or span.text in g.organizations:
        return typed, span
    if "Party" in g.organizations[rest]:
        return typed, span  # `Australian Democrats`, `Liberal Democrats`: parties of their own
    first = words[0]
    if first in g.demonyms or first.endswith("ist"):
        return ("organization", g.organizations[rest]), _Span(
            words[1:], None, span.role, span.said, False, span.after_the
        )
    return typed, span


def _split_places(span: _Span, g: Gazetteer) -> list[_Span]:
    """A name that runs into a person's: `Venezuela James Story` -> place + person,
    `University of Texas Arlington Amneh Jafari` -> organization + person; `U.S. Army` stays whole."""
    words = span.words
    for k in range(len(words) - 2, 0, -1):
        if not is_first_name(words[k]) or words[k - 1] in _CONNECT or len(words) - k > 3:
            continue
        known = " ".join(words[: k + 1])
        if known in g.places or known in g.organizations:
            continue  # `New York Jets`, `Green Bay Packers`: the given name is part of a place's
        head = _Span(words[:k], at_start=span.at_start)
        typed = _classify(head, g) if head.text not in g.demonyms else ("place", head.text)
        if typed is not None and typed[0] != "person":
            role = span.role
            if role is not None and role.endswith((" to", " of")):
                role = f"{role} {head.text}"  # "Ambassador to Venezuela"
            return [head, _Span(words[k:], said=span.said, role=role)]
    return [span]


def _classify(span: _Span, g: Gazetteer) -> tuple[str, str] | None:
    text = span.text
    words = span.words
    if span.kind == "person":
        return "person", text
    if text in g.organizations:
        return "organization", g.organizations[text]
    if text in g.places:
        return "place", g.places[text]
    if text in g.institutions:
        return "organization", text
    last, first = words[-1], words[0]
    if len(words) > 1 and last in g.thing_heads:
        return None  # "James Webb Space Telescope", "Glasgow Climate Pact": named things, not our types
    if first == "The" and len(words) > 1:
        # "The Globe", "The Velvet Underground": never a person; type what follows
        rest = _classify(_Span(words[1:]), g)
        return rest if rest is None or rest[0] != "person" else None
    if len(words) > 1 and (last in g.org_heads or (first in g.org_starts and words[1] in _CONNECT)):
        return "organization", text
    if any(
        w in ("for", "of", "on") and k and (words[k - 1] in g.org_heads or words[k - 1] in _FOR_ORGS)
        for k, w in enumerate(words)
    ):
        # "Australian Centre for Control of ...", "Massachusetts Institute of Technology",
        # "United States Commission on International Religious Freedom"
        return "organization", text
    if any(_place_of(words, k, g) for k, w in enumerate(words) if w == "of"):
        return "place", text  # "Southern District of New York", "Florida Museum of Natural History"
    if len(words) > 1 and last in g.place_heads:
        return "place", text
    if span.role and span.role not in ("the",):
        return "person", text
    if len(words) == 1 and _WEB_NAME.search(text):
        return "organization", text  # "Blogger.com": a site, a company's name
    if len(words) == 1 and _ACRONYM.fullmatch(text) and text not in _NOT_ACRONYMS and not _ROMAN.fullmatch(text):
        return "organization", text
    if text in g.demonyms:
        return "place", g.places.get(g.demonyms[text], g.demonyms[text])
    if len(words) > 1 and first in g.places and last in g.org_heads:
        return "organization", text
    if 2 <= len(words) <= 4 and is_first_name(first) and not any(w in _CONNECT for w in words):
        return "person", text
    if 2 <= len(words) <= 3 and _HYPHEN_GIVEN.fullmatch(last) and not any(w in _CONNECT for w in words):
        return "person", text  # Cantonese and Korean names: "Kwok Ka-ki", "Lam Cheuk-ting"
    if (
        span.said
        and len(words) <= 3
        and not any(w in _CONNECT for w in words)
        and not span.after_the
        and last not in g.org_heads
    ):
        return "person", text
    return None


_SPLIT_AT = {"and", "of", "&", "on", "for", "the"}


_ADMIN = frozenset(
    {"City", "State", "Province", "Region", "Territory", "County", "Coast", "Island", "Town", "Republic"}
)
"""Place words whose `of` names the place itself or its country: `City of Buffalo` is Buffalo,
`Helmand Province of Afghanistan` is Helmand Province in Afghanistan, not names of their own."""
_HAS_UNITS = frozenset({"University", "College"})
_UNITS = frozenset({"School", "College", "Faculty", "Department", "Institute", "Library", "Hospital", "Press"})
"""A university's parts, named after it: `Chapman University School of Law`, `Columbia
University Medical Center` is one body, not a university and then a school."""


def _place_of(words: list[str], k: int, g: Gazetteer) -> bool:
    """Whether `of` at k joins a place word to the rest of its name (`Southern District of New
    York`, `Museum of London`, `Bay of Bengal`), rather than a place to where it is (`Evergreen
    Aviation & Space Museum of McMinnville`: a long name, then a known place) or a place word to
    the place it stands for (`City of Buffalo`: `_ADMIN`)."""
    head = words[k - 1] if k else ""
    if head not in g.place_heads or head in _ADMIN:
        return False
    after = " ".join(words[k + 1 :])
    return k - 1 <= 1 or (after not in g.places and after not in g.more_places)


def _two_names(span: _Span, g: Gazetteer) -> list[tuple[tuple[str, str] | None, _Span]] | None:
    """Two names typed by a head word and run together: `Civic Party New People Party`, or
    joined by `and`: `Massachusetts Institute of Technology and Colorado State University`."""
    words = span.words
    for k in range(1, len(words) - 1):
        joiner = words[k] in ("and", "&")
        ends_name = words[k] in g.org_heads and words[k + 1] not in _CONNECT
        if not (joiner or ends_name):
            continue
        left = _Span(words[:k] if joiner else words[: k + 1], said=span.said, role=span.role)
        right = _Span(words[k + 1 :])
        if not joiner and words[k] in _HAS_UNITS and (right.words[0] in _UNITS or right.words[-1] in _UNITS):
            continue  # "Chapman University School of Law": one of the university's schools
        tl, tr = _classify(left, g), _classify(right, g)
        if (
            tl is not None
            and tr is not None
            and (not joiner or tl[0] == tr[0])
            and len(left.words) > 1 < len(right.words)
        ):
            return [(tl, left), (tr, right)]
    return None


def _trailing_person(span: _Span, g: Gazetteer) -> int | None:
    """Where a two- or three-word name led by a known first name ends an otherwise unknown span."""
    words = span.words
    heads = g.org_heads | g.place_heads | g.thing_heads
    for k in range(max(1, len(words) - 3), len(words) - 1):
        if (
            is_first_name(words[k])
            and words[k - 1] not in _CONNECT
            and " ".join(words[: k + 1]) not in g.places  # `New York Jets`: York is New York's
            and not any(w in heads for w in words[k:])
            and not any(w in _CONNECT for w in words[k:])
        ):
            return k
    return None


def _type_span(span: _Span, g: Gazetteer) -> list[tuple[tuple[str, str] | None, _Span]]:
    """Type a span whole; when that fails and it holds a connector, type the parts around it."""
    words = span.words
    cut = next((k for k, w in enumerate(words) if w in ("of", "from")), None)
    if cut is not None and cut >= 2:
        left = _Span(words[:cut], said=span.said, role=span.role)
        typed_left = _classify(left, g)
        if typed_left is not None and typed_left[0] == "person":
            # "Lee Cheuk-yan of the Labour Party": a person, then their organization
            right = _Span([w for w in words[cut + 1 :] if w != "the"] or words[cut + 1 :])
            return [(typed_left, left), *_type_span(right, g)] if right.words else [(typed_left, left)]
    typed = _classify(span, g)
    if typed is not None and span.text not in g.organizations and span.text not in g.places:
        pair = _two_names(span, g)
        if pair is not None:
            return pair
    if typed is None:
        tail = _trailing_person(span, g)
        if tail is not None:
            # "NASA Administrator Bill Nelson": an unknown run ending in a first name and surname
            head = _Span(words[:tail], at_start=span.at_start)
            person = _Span(words[tail:], kind="person", said=span.said)
            return [*_type_span(head, g), (("person", person.text), person)]
    if typed is not None or not any(w in _SPLIT_AT for w in span.words[1:-1]):
        return [(typed, span)]
    out: list[tuple[tuple[str, str] | None, _Span]] = []
    part: list[str] = []
    for w in [*span.words, "and"]:
        if w in _SPLIT_AT:
            if w == "of" and len(part) == 1 and part[0] in _ADMIN:
                part = []  # "the City of Toronto": Toronto, and no page for "City"
            if part:
                sub = _Span(part, said=span.said and not out, role=span.role if not out else None)
                out.append((_classify(sub, g), sub))
            part = []
        else:
            part.append(w)
    return out


_GLUED_LABEL = re.compile(r"^(\w*[a-z])(?:" + "|".join(sorted(_LABELS)) + r")$")
"""A caption label glued to the name before it when a page lost its line break (`JorgensenImage`)."""
_SPEAKER_LABEL = re.compile(r"\(\(\s*[A-Z][A-Za-z.]{0,5}\s*\)\)\s*:?")
"""`((WN))`, `((RS)):`: an interview transcript's speaker initials (Wikinews writes its own as WN),
labels and not mentions; a label with a full name (`((Dorsa Derakhshani))`) is kept."""

_PIECES: dict[tuple[tuple[str, ...], bool, bool, str | None, bool], list[tuple[tuple[str, str] | None, _Span]]] = {}
"""The rules' cut and typing of each capitalised run, by its words and flags: the same runs recur
across an archive, and the cut depends on nothing else (the pieces are never changed)."""


def candidates(title: str, text: str) -> tuple[list[Candidate], DocStats, Tokens]:
    """Every candidate name of an article with the rules' guess and its context, and what the
    article says about its names as a whole (shared by extraction and by the training script)."""
    g = load()
    if "((" in text:
        text = _SPEAKER_LABEL.sub("\n", text)
    body_toks = tokenize(text)
    toks = body_toks.words
    # every token, not only the lower-case ones: it is only asked for lower-cased words, which
    # only lower-case tokens can equal, and set() of a list runs in C
    lower_vocab = set(toks)
    out: list[Candidate] = []
    inner: set[str] = set()
    n = len(toks)
    for span in spans(body_toks, lower_vocab):
        s, e = span.start, span.end
        prev = toks[s - 1].lower() if s > 0 else "<s>"
        prev2 = toks[s - 2].lower() if s > 1 else "<s>"
        nxt = toks[e].lower() if e < n else "</s>"
        nxt2 = toks[e + 1].lower() if e + 1 < n else "</s>"
        titled = _shouted(span.words, g)
        if titled is not None:
            span.words = titled
        glued = _GLUED_LABEL.match(span.words[-1])
        if glued:
            span.words = [*span.words[:-1], glued.group(1)]  # "Jo JorgensenImage:" -> "Jo Jorgensen"
        key = (tuple(span.words), span.at_start, span.said, span.role, span.after_the)
        pieces = _PIECES.get(key)
        if pieces is None:
            pieces = [
                _described(typed, sub, g)
                for part in _split_titles(span, g)
                for piece in _split_places(part, g)
                for typed, sub in _type_span(piece, g)
            ]
            if len(_PIECES) < 100_000:
                _PIECES[key] = pieces
        last = len(pieces) - 1
        for k, (typed, sub) in enumerate(pieces):
            where = "whole" if last == 0 else "first" if k == 0 else "last" if k == last else "middle"
            cand = Candidate(
                words=sub.words,
                rule=typed[0] if typed else None,
                name=typed[1] if typed else sub.text,
                prev=prev if k == 0 else "<in>",
                prev2=prev2 if k == 0 else "<in>",
                next=nxt if k == last else "<in>",
                next2=nxt2 if k == last else "<in>",
                at_start=span.at_start and k == 0,
                after_the=sub.after_the or (k == 0 and span.after_the),
                said=sub.said,
                role=sub.role,
                piece=where,
                adjective=_is_demonym(sub.text, g),
            )
            out.append(cand)
            if not cand.at_start:
                inner.add(cand.text)
    counts = Counter(c.text for c in out)
    multi = [c.words for c in out if len(c.words) > 1]
    doc = DocStats(
        counts=dict(counts),
        surnames=frozenset(w[-1] for w in multi),
        first_words=frozenset(w[0] for w in multi),
        singles=frozenset(c.text for c in out if len(c.words) == 1),
        lower_vocab=lower_vocab,
        inner=frozenset(inner),
    )
    return out, doc, tokenize(title)


def extract_entities(title: str, text: str, using: Scorer | None = None) -> Entities:
    """People, organizations and places in an article, resolved within it.

    Each candidate's kind is the learned classifier's, decided once per name for the whole
    article: the class probabilities of every occurrence are averaged, so `Washington` is one
    thing in one article however each sentence happens to cue it."""
    g = load()
    cands, doc, title_toks = candidates(title, text)
    decider = using or scorer()
    score = decider.probabilities
    totals: dict[str, list[float]] = {}
    counts: Counter[str] = Counter()
    rules: dict[str, Counter[str]] = {}
    cued: set[str] = set()
    for cand in cands:
        probs = score(cand, doc)
        name = cand.name
        counts[name] += 1
        if cand.rule is not None:
            rules.setdefault(name, Counter())[cand.rule] += 1
            if cand.rule == "person" and cand.role:
                cued.add(name)
        acc = totals.get(name)
        totals[name] = probs if acc is None else [a + b for a, b in zip(acc, probs, strict=True)]
    _pool_surnames(totals, counts, decider.keep_rule)
    kind_of = {
        name: decider.decide(
            [v / counts[name] for v in acc],
            rules[name].most_common(1)[0][0] if name in rules else None,
            name in cued,
        )
        for name, acc in totals.items()
    }
    found: list[tuple[str, str, Candidate]] = []
    things: dict[str, bool] = {}
    for cand in cands:
        if cand.adjective:
            continue
        thing = things.get(cand.text)
        if thing is None:
            thing = things[cand.text] = _a_thing(cand.words, g)
        if thing:
            continue
        kind = kind_of[cand.name]
        if kind != "none" and _common_opener(cand, doc, g):
            kind = kind_of[cand.name] = "none"
        if len(cand.words) == 1 and _WEB_NAME.search(cand.name):
            kind = kind_of[cand.name] = "organization"  # whatever its context, a web address
        if kind != "none" and _a_title(cand.words, g):
            kind = kind_of[cand.name] = "none"
            body = _Span([w for w in cand.words[2:] if w != "the"] or cand.words[2:])
            typed = _classify(body, g)
            if (
                typed is not None
                and typed[0] == "organization"
                and len(body.words) > 1
                and not any(w in _INSTITUTION_WORDS or w in ("for", "of") for w in body.words)
            ):
                found.append((typed[0], typed[1], cand))  # "CEO of Globalive Communications Corporation"
        if kind == "person" and _named_for_a_place(cand, doc, g):
            kind = kind_of[cand.name] = "organization"
        if kind == "person":
            kind = kind_of[cand.name] = _not_a_person(cand.name, g) or kind
        elif kind != "none" and cand.name in cued and _titled_person(cand.name, kind, g):
            kind = kind_of[cand.name] = "person"
        if kind != "none":
            name = cand.name if kind == cand.rule else cand.text
            if kind == "person":
                name = _without_postnominals(name)
            found.append((kind, name, cand))
    # "the Greens" after "Ontario Greens": the organization's short form, not a person
    org_ends = {name.rsplit(" ", 1)[-1] for kind, name, _c in found if kind == "organization" and " " in name}
    found = [f for f in found if not (f[0] == "person" and " " not in f[1] and f[1] in org_ends)]
    people = _people(found)
    home = _home_country(found, cands, g)
    orgs: dict[str, None] = {}
    places: dict[str, None] = {}
    for kind, name, _span in found:
        if kind == "organization":
            name = _country_institution(name, g) or name
            if name in g.institutions:
                if home is None:
                    continue  # "the Senate" of an article naming no country: no page to trust
                name = _qualified(name, home, g)
            orgs.setdefault(name)
        elif kind == "place":
            places.setdefault(name)
    # the headline is in headline case: take from it only names the body or the gazetteers vouch for
    for span in spans(title_toks, set()):
        if span.text in g.demonyms or span.text in g.institutions:
            continue
        typed = _classify(span, g)
        if typed and typed[0] == "place" and kind_of.get(typed[1], "place") == "place":
            places.setdefault(typed[1])
        elif typed and typed[0] == "organization" and span.text in g.organizations:
            orgs.setdefault(typed[1])
    places = _short_references(places, {}, g)  # `West Yorkshire` is not `West Yorkshire Police`
    orgs = _short_references(orgs, orgs, g)
    roles = sorted({(person, role) for person, role in _roles(found, people)})
    return Entities(
        people=tuple(sorted(people)),
        organizations=tuple(sorted(o for o in orgs if o not in people)),
        places=tuple(sorted(p for p in places if p not in people and p not in orgs)),
        roles=tuple(roles),
    )


def _short_references(names: dict[str, None], orgs: dict[str, None], g: Gazetteer) -> dict[str, None]:
    """Names without the short form an article uses for a longer one it also names: after
    `Unity Party of America`, `European Court of Justice`, `Watch Tower Society`, the article's
    `Unity Party`, `European Court`, `Watch Tower` are those, not other bodies or places. A
    longer name of the same kind extends a short one by `of`/`for` and what follows, or (`orgs`:
    the organizations a short one may belong to) an organization's name extends it by one
    organization word when the short one has none
    (`United States Senate` beside `United States Senate Committee` is the Senate); a short name
    the gazetteers know is its own (`New York` beside `New York Times`), and one word is too
    little to tell (`Bank` beside `Bank of England`)."""
    out = dict(names)
    for short in names:
        if " " not in short or short in g.places or short in g.organizations:
            continue
        bare = not any(w in g.org_heads for w in short.split())
        same = any(long.startswith((short + " of ", short + " for ")) for long in names)
        headed = bare and any(long.startswith(short + " ") and long[len(short) + 1 :] in g.org_heads for long in orgs)
        if same or headed:
            del out[short]
    return out


_INSTITUTION_WORDS = frozenset(w for line in entries("institutions.txt", "site_builder.entities") for w in line.split())
"""Words of the institutions every country has (`Parliament`, `Assembly`): `Member of
Provincial Parliament` names an office, and no body of its own."""
_MEMBERS = frozenset({"member", "members", "head", "deputy", "speaker", "dean", "chief"})


def _a_title(words: list[str], g: Gazetteer) -> bool:
    """`Member of Parliament`, `Director of National Intelligence`, `Leader of the Opposition`:
    a word for a person's role, then `of`: an office, not a person, organization or place
    (unless the gazetteers know the name)."""
    if len(words) < 3 or words[1] != "of" or not words[0][:1].isupper():
        return False
    role = words[0].lower()
    if role not in g.role_words and role not in _MEMBERS:
        return False
    text = " ".join(words)
    return text not in g.organizations and text not in g.places


def _named_for_a_place(cand: Candidate, doc: DocStats, g: Gazetteer) -> bool:
    """A place and a plural noun (`Dallas Cowboys`, `New York Jets`, `Miami Dolphins`): a team
    or a company named for its home, not a person called Dallas nor a place. The plural is a
    word news writes in lower case (here or in the vocabulary), or the name takes `the`; a
    known place (`Colorado Springs`) and a place word (`Falls`, `Islands`) keep their kind,
    and a surname-like plural (`Roberts`, from the given name Robert) is a person's."""
    words = cand.words
    if len(words) < 2 or cand.text in g.places or cand.text in g.more_places:
        return False
    home, last = " ".join(words[:-1]), words[-1]
    if home not in g.places or last in g.place_heads or not last.endswith("s") or last.endswith("ss"):
        return False
    if len(last) < 4 or not last[0].isupper() or not last[1:].islower() or is_first_name(last[:-1]):
        return False
    if last.endswith("ings") or last[:-1] in g.titles or last[:-1] in g.role_words or last in g.demonyms:
        return False  # `London Bombings`, `U.S. Senators`, `West Papuans`: events, roles, peoples
    plural = last.lower()
    vocab = lower_words()
    lower = plural in vocab or plural[:-1] in vocab or plural in doc.lower_vocab
    return lower or cand.after_the


def _not_a_person(name: str, g: Gazetteer) -> str | None:
    """What a name the classifier took for a person is when the name lists know better: a title
    alone (`Vice President`) is nobody; a curated organization alias (`Democrats`) and a name
    ending in an organization word whose first word is no given name (`Democratic Party`,
    `Libertarian Party`; `Frank Church` stays a person) are organizations. The classifier
    weighs these hints among many; on its own it filed them as people on entity pages."""
    if name in g.titles:
        return "none"
    if name in g.organizations:
        return "organization"
    words = name.split()
    if len(words) > 1 and words[-1] in g.org_heads and not is_first_name(words[0]):
        return "organization"
    return None


def _titled_person(name: str, kind: str, g: Gazetteer) -> bool:
    """Whether a name the rules found right after a person's title (`Secretary of State
    Condoleezza Rice`) and the classifier took for an organization or a place is a person
    after all: it is, unless the name lists say otherwise (a curated organization or place, or
    a last word that heads organizations' names). The classifier weighs the surname as a common
    word (`rice`) and knew no given name `Condoleezza`: the Secretary of State had an
    organization's page built from 62 articles."""
    words = name.split()
    if len(words) < 2 or any(w.isupper() for w in words) or words[0] in g.org_starts or words[0] in g.places:
        return False  # one word (`Government`), an acronym (`ACLU`), `National Convention`
    if kind == "organization":
        return name not in g.organizations and words[-1] not in g.org_heads
    return kind == "place" and name not in g.places and words[-1] not in g.place_heads


def _a_thing(words: list[str], g: Gazetteer) -> bool:
    """`Hurricane Maria`, `Operation Warp Speed`, `USD15`, `COVID-19`: a named thing or an amount,
    whatever the classifier made of it."""
    if words[0] in g.thing_starts or (len(words) > 1 and " ".join(words[:2]) in g.thing_starts):
        return True
    return len(words) == 1 and any(c.isdigit() for c in words[0])


def _common_opener(cand: Candidate, doc: DocStats, g: Gazetteer) -> bool:
    """`Witnesses said`, `Officials said`: one word that news writes in lower case, capitalised
    only because it opens every sentence it is in, unknown to the gazetteers and not the surname
    of anyone the article names in full, is a common noun (`Rice said` after `Condoleezza Rice`
    stays a person)."""
    if len(cand.words) != 1 or cand.rule in ("place", "organization"):
        return False
    word = cand.words[0]
    return (
        word not in doc.inner
        and word not in doc.surnames
        and word.lower() in lower_words()
        and word not in g.places
        and word not in g.organizations
        and not is_first_name(word)
    )


_DEMONYM_ENDINGS = (
    ("ians", ("ia", "a", "")),
    ("ian", ("ia", "a", "")),
    ("ans", ("a", "", "as")),
    ("an", ("a", "o", "", "as")),
    ("ese", ("", "a")),
    ("ers", ("",)),
    ("er", ("",)),
    ("ns", ("",)),
    ("s", ("",)),
)


_CONTINENTS = frozenset({"Africa", "Asia", "Europe", "America", "Oceania", "Antarctica"})


def _nation(name: str, g: Gazetteer) -> bool:
    """A country, continent, or state or province of the countries whose people English news
    names by them (`Nebraskans`, `Texan`, `Albertans`, `Victorian`): what a people is named
    after (`Guardian` is not one from `Guardia`, a town; `Milan` not one from Algeria's Mila
    province, which is why not every country's provinces count)."""
    canon = g.places.get(name)
    if canon is None:
        return False
    return canon in g.countries or canon in _CONTINENTS or canon in _states()


_STATE_COUNTRIES = ("US", "CA", "AU")


@functools.cache
def _states() -> frozenset[str]:
    """The top-level subdivisions of the United States, Canada and Australia."""
    import pycountry

    return frozenset(
        sub.name
        for sub in pycountry.subdivisions
        if sub.country_code in _STATE_COUNTRIES and getattr(sub, "parent_code", None) is None
    )


def _is_demonym(text: str, g: Gazetteer) -> bool:
    """Cached `_demonym` (asked for every candidate of every article)."""
    found = _DEMONYM_CACHE.get(text)
    if found is None:
        found = _DEMONYM_CACHE[text] = _demonym(text, g)
        if len(_DEMONYM_CACHE) > 200_000:
            _DEMONYM_CACHE.clear()
    return found


_DEMONYM_CACHE: dict[str, bool] = {}


_COUNTS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty hundred hundreds thousands dozens "
    "several many some most few all".split()
)
"""Words that count a people (`Fifteen Italians`) at the start of a sentence."""


def _demonym(text: str, g: Gazetteer) -> bool:
    """`Russian`, `Serbians`, `Hong Kongers`, `Puerto Rican`, `American Samoans`: an adjective or a
    people, named after a place. The list covers the common ones; for the rest the name is taken
    apart by its ending and what remains must be a place the gazetteers know."""
    if text in g.demonyms or (text.endswith("s") and text[:-1] in g.demonyms):
        return True
    if not text[-1:].islower():
        return False
    words = text.split()
    if len(words) > 1 and all(w.lower() in _COUNTS for w in words[:-1]) and words[-1].endswith("s"):
        return _demonym(words[-1], g)  # "Fifteen Italians", "Many Nebraskans": some of a people
    for ending, stems in _DEMONYM_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending) + 2:
            base = text[: -len(ending)]
            if any(_nation(base + stem, g) and base + stem != text for stem in stems):
                return True
    return False


def _home_country(found: list[tuple[str, str, Candidate]], cands: list[Candidate], g: Gazetteer) -> str | None:
    """The country an article is about: the one it names most often, counting its cities and
    regions (`London`, `Texas`) and its adjectives (`the Philippine Senate`, `Russian troops`);
    the first named wins a tie."""
    counts: Counter[str] = Counter()
    country_of = g.place_country or {}
    for kind, name, _span in found:
        if kind == "place":
            country = name if name in g.countries else country_of.get(name)
            if country is not None:
                counts[country] += 1
    for cand in cands:
        if cand.adjective:
            place = g.demonyms.get(cand.text) or g.demonyms.get(cand.text[:-1])
            if place is None:
                continue
            country = g.places.get(place, place)
            if country in g.countries:
                counts[country] += 1
    return counts.most_common(1)[0][0] if counts else None


def _qualified(institution: str, country: str, g: Gazetteer) -> str:
    """`Senate` in an article about the United States -> `United States Senate` (the name the
    gazetteers know), elsewhere `Senate (Philippines)`."""
    known = g.organization_names
    for form in (f"{country} {institution}", f"{institution} of {country}", f"{institution} of the {country}"):
        if form in g.organizations:
            return g.organizations[form]
        if form in known:
            return form
    return f"{institution} ({country})"


def _country_institution(name: str, g: Gazetteer) -> str | None:
    """`Tunisian Parliament`, `Parliament of Iraq`, `UK Government`, `U.S. Supreme Court`: a
    body every country has, named with its country, under the one name `_qualified` gives it
    (`Parliament (Tunisia)`, `Supreme Court (United States)`, `United States Senate`) so that
    an article saying "the Senate" and one saying "the Puerto Rico Senate" share a page. Only
    countries qualify: the `European Parliament` is no country's parliament."""
    if name in g.organizations:
        return None
    for institution in (name[k + 1 :] for k in range(len(name)) if name[k] == " "):
        if institution in g.institutions:
            country = _country_of(name[: -len(institution) - 1], g)
            return _qualified(institution, country, g) if country else None
    head, sep, place = name.partition(" of ")
    if sep and head in g.institutions:
        country = _country_of(place[4:] if place.startswith("the ") else place, g)
        return _qualified(head, country, g) if country else None
    return None


def _country_of(words: str, g: Gazetteer) -> str | None:
    """The country a name or adjective stands for (`Tunisian`, `UK`, `the Philippines`), if one."""
    place = g.demonyms.get(words, words)
    country = g.places.get(place, place)
    return country if country in g.countries else None


def _pool_surnames(totals: dict[str, list[float]], counts: Counter[str], min_person: float) -> None:
    """A surname alone and the one full name it ends are one person: `Story said` is evidence
    that `James Story` is a person, and the other way round. When the pooled evidence says
    person, both names get it (so the surname then folds into the full name); otherwise each
    keeps its own. `min_person` is the share of person evidence that is enough (the rules'
    threshold: their guess for the full name is then kept)."""
    person = 1  # CLASSES.index("person")
    by_last: dict[str, list[str]] = {}
    for name in totals:
        words = name.split()
        if len(words) >= 2:
            by_last.setdefault(words[-1], []).append(name)
    for name in list(totals):
        owners = by_last.get(name) if " " not in name else None
        if not owners or len(owners) != 1:
            continue
        full = owners[0]
        pooled = [a + b for a, b in zip(totals[full], totals[name], strict=True)]
        n = counts[full] + counts[name]
        if max(range(len(pooled)), key=pooled.__getitem__) == person or pooled[person] >= min_person * n:
            totals[full] = [v * counts[full] / n for v in pooled]
            totals[name] = [v * counts[name] / n for v in pooled]


def _people(found: list[tuple[str, str, Candidate]]) -> dict[str, str]:
    """Full names of people, with single surnames folded into the full name they belong to."""
    full: dict[str, str] = {}
    for kind, name, _span in found:
        if kind == "person" and len(name.split()) >= 2:
            full.setdefault(name, name)
    by_last: dict[str, set[str]] = {}
    for name in full:
        by_last.setdefault(fold(name.split()[-1]), set()).add(name)
        by_last.setdefault(fold(name.split()[0]), set())
    singles: Counter[str] = Counter()
    for kind, name, _span in found:
        if kind == "person" and len(name.split()) == 1:
            singles[name] += 1
    firsts: dict[str, set[str]] = {}
    for name in full:
        if len(name.split()) >= 2:
            firsts.setdefault(fold(name.split()[0]), set()).add(name)
    for name in singles:
        owners = by_last.get(fold(name), set()) or firsts.get(fold(name), set())
        if not owners:
            full.setdefault(name, name)
    return full


_POSTNOMINALS = frozenset({"QC", "KC", "SC", "MP", "MEP", "MSP", "MLA", "OBE", "MBE", "CBE", "KBE", "DBE", "PhD"})
"""Letters after a person's name (rank, office, honour, degree): not part of the name."""


def _without_postnominals(name: str) -> str:
    """`Kama Melly QC` -> `Kama Melly`, `Keir Starmer KC MP` -> `Keir Starmer` (a name is kept
    whole when nothing would be left of it)."""
    words = name.split()
    while len(words) > 1 and words[-1] in _POSTNOMINALS:
        words.pop()
    return " ".join(words)


_COURTESY = frozenset({"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss"})
"""Titles that say nothing of what a person does: not roles on their page."""


def _roles(found: list[tuple[str, str, Candidate]], people: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for kind, name, span in found:
        if kind == "person" and span.role and span.role[:1].isupper() and span.role not in _COURTESY:
            target = name if name in people else next((p for p in people if p.endswith(" " + name)), None)
            if target:
                out.append((target, span.role))
    return out
