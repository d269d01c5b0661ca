"""One entity, several spellings: which names of an archive to merge, and which to propose.

Extraction sees one article at a time, so `Trump` in a short item and `Donald Trump` in a long
one, or `Zelensky` and `Zelenskyy` in two wires, become separate pages. Across the whole
archive the evidence is better:

- a one-word person name that is the surname of exactly one full name in the archive is that
  person (`Trump` -> `Donald Trump`); with two owners (`Johnson`: Boris or Dwayne) it is only
  proposed;
- two full names of people with the same given name whose surnames differ by one letter, both
  long enough for that to be a spelling and not another family (`Zelensky`/`Zelenskyy`), are one;
  so are a name with middle initials and the same name without (`John R. Bolton`/`John Bolton`);
  a name with middle names and the same given name and surname alone (`Elijah Eugene
  Cummings`/`Elijah Cummings`) is only proposed: `John Gunther Dean` is not `John Dean`;
- `Yassir Arafat` and `Yasser Arafat` (given names one letter apart inside the name, one
  surname nobody else in the archive has) are one; a last-letter difference (`Maria`/`Mario`)
  never is, and with other bearers of the surname they are only proposed;
- `Bill Weld` and `William Weld` (a given name and its nickname, one surname nobody else in the
  archive has) are one, under the more mentioned name; with other bearers of the surname, or a
  short one, they are only proposed;
- `US Congress`, `U.S. Congress` and `United States Congress` are one, under the full name;
- `US Libertarian Party` and `Libertarian Party` are one, under the bare name, when the archive
  names it bare at least twice as often (else proposed); never `US Senate` and `Senate`;
- an organization's acronym and the one full name in the archive with those initials
  (`AFP`/`Agence France-Presse`) are one, under the full name;
- a name of several words under two kinds is the kind most of the archive files it under, when
  that is at least `KIND_MIN` articles and `KIND_RATIO` times the other's (`Mitt Romney` as a
  place in one article, a person in 12: the extractor mistyped one article) when the other
  kind is given by a few articles only (`KIND_FEW`); one word under two
  kinds (`Jordan` the country and a person, `Chad`, `Georgia`) is often two entities, and is
  only proposed, as is a name with less evidence;
- other near spellings (`Pittsburg`/`Pittsburgh`, a real pair of cities) are proposals for an
  editor, never merged by themselves.

An entity an editor has written a note for is never merged by this module: the note decides.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from nicknames import NickNamer
from rapidfuzz.distance import Levenshtein

from site_builder.text import fold
from site_builder.wordlists import entries

Ident = tuple[str, str]
"""(kind, folded name): an entity before it has a page."""

MIN_SURNAME = 5
"""Surnames this long or longer may differ by one letter and still be one name (`Zelensky`);
shorter ones differing by a letter are other families (`Kim`/`Lim`)."""
COUNTRY_CODES = {
    "us": "united states",
    "u.s.": "united states",
    "u.s": "united states",
    "usa": "united states",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "eu": "european union",
    "un": "united nations",
    "u.n.": "united nations",
}
"""Abbreviations that open an organization's name in place of the body they stand for (folded)."""
MIN_NEAR = 6
"""The shortest name whose one-letter variant is worth proposing to an editor."""
KIND_MIN = 3
KIND_RATIO = 4
KIND_FEW = 2
"""A name's kind in most of the archive (at least KIND_MIN articles, KIND_RATIO times the
other kind's) overrules the kind that a few articles (at most KIND_FEW) gave it. More than a few
is a pattern the extractor repeats, and then the majority may be the mistake (`Condoleezza Rice`
was an organization in 62 articles of one archive and a person in 14): an editor decides."""


@dataclass(frozen=True)
class Proposal:
    """A suspected duplicate for an editor: `name` is probably `target`."""

    kind: str
    name: str
    target: str
    reason: str


def plan(
    counts: Mapping[Ident, int],
    has_note: Callable[[Ident], bool],
) -> tuple[dict[Ident, Ident], list[Proposal]]:
    """Merges to apply (ident -> ident it joins) and proposals to report, from how many articles
    mention each entity. Deterministic: ties go to the more mentioned, then the longer name."""
    merges: dict[Ident, Ident] = {}
    proposals: list[Proposal] = []
    people = [ident for ident in counts if ident[0] == "people"]
    full = [ident for ident in people if " " in ident[1]]
    by_surname: dict[str, list[Ident]] = defaultdict(list)
    for ident in full:
        by_surname[ident[1].rsplit(" ", 1)[1]].append(ident)

    def rank(ident: Ident) -> tuple[int, int, str]:
        return (-counts[ident], -len(ident[1]), ident[1])

    for src, dst, strong in _given_spellings(full, by_surname, merges, rank):
        if strong and not has_note(src) and not has_note(dst):
            merges[src] = dst  # first: `Sarkozy` has one owner once `Nicholas Sarkozy` is `Nicolas`
    for ident in sorted(people):
        if " " in ident[1] or has_note(ident):
            continue
        owners = sorted((o for o in by_surname.get(ident[1], []) if o not in merges), key=rank)
        if len(owners) == 1 and not has_note(owners[0]):
            merges[ident] = owners[0]
        elif len(owners) > 1:
            proposals.append(
                Proposal("people", ident[1], " or ".join(o[1] for o in owners[:3]), "surname of several people")
            )
    by_given: dict[str, list[Ident]] = defaultdict(list)
    for ident in full:
        by_given[ident[1].split(" ", 1)[0]].append(ident)
    for group in by_given.values():
        group.sort(key=rank)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if b in merges or a in merges:
                    continue
                sa, sb = a[1].rsplit(" ", 1)[1], b[1].rsplit(" ", 1)[1]
                if a[1].count(" ") != b[1].count(" ") or min(len(sa), len(sb)) < MIN_SURNAME:
                    continue
                if Levenshtein.distance(a[1], b[1], score_cutoff=1) <= 1 and sa[:3] == sb[:3]:
                    if has_note(a) or has_note(b):
                        proposals.append(Proposal("people", b[1], a[1], "one letter apart"))
                    else:
                        merges[b] = a
    for ident in sorted(full, key=rank):
        plain = _without_initials(ident[1])
        if plain != ident[1] and ("people", plain) in counts and ident not in merges and not has_note(ident):
            merges[ident] = ("people", plain)  # "John R. Bolton" is "John Bolton"
    for twins, why in (
        (_given_spellings, "the same surname and a given name one letter apart"),
        (_nicknames, "the same surname and a nickname of the given name"),
    ):  # in turn: the nicknames are looked for among the names the spellings left
        for src, dst, strong in twins(full, by_surname, merges, rank):
            if strong and not has_note(src) and not has_note(dst):
                merges[src] = dst
            else:
                proposals.append(Proposal("people", src[1], dst[1], why))
    for ident in sorted(full, key=rank):
        words = ident[1].split()
        short = ("people", f"{words[0]} {words[-1]}")
        if len(words) < 3 or short not in counts or ident in merges or short in merges:
            continue
        if has_note(ident) or has_note(short):
            continue
        # "Elijah Eugene Cummings" is "Elijah Cummings", but "John Gunther Dean" is not "John
        # Dean", nor "Ali Feleih Hassan" any "Ali Hassan": an editor decides
        src, dst = sorted((ident, short), key=rank)[::-1]
        proposals.append(Proposal("people", src[1], dst[1], "the same name but a middle name"))
    merges.update(_acronyms(counts, merges, has_note))
    for ident in sorted(counts):
        head, _sep, rest = ident[1].partition(" ")
        country = COUNTRY_CODES.get(head)
        if not country or not rest:
            continue
        target = (ident[0], f"{country} {rest}")
        if target in counts and ident not in merges and not has_note(ident):
            merges[ident] = target  # "US Congress", "U.S. Congress" are "United States Congress"
    for ident, bare, strong in _country_qualified(counts, merges):
        if has_note(ident) or has_note(bare):
            continue
        if strong:
            merges[ident] = bare
        else:
            proposals.append(Proposal(ident[0], ident[1], bare[1], "the same name with its country"))
    proposals.extend(_near_spellings(counts, merges, rank))
    merges.update(_kind_merges(counts, merges, has_note))
    proposals.extend(_kind_conflicts(counts, merges))
    return merges, proposals


COUNTRY_PREFIXES = (*COUNTRY_CODES, "united states", "united kingdom")
"""What opens a country-qualified organization name (`US Libertarian Party`)."""
QUALIFIED_RATIO = 2
"""The bare name must be in this many times the articles of the qualified one to absorb it."""


def _country_qualified(counts: Mapping[Ident, int], merges: Mapping[Ident, Ident]) -> list[tuple[Ident, Ident, bool]]:
    """`US Libertarian Party`, `U.S. Libertarian Party` and `United States Democratic Party` beside
    `Libertarian Party` and `Democratic Party`: a party or body named with its country where the
    archive mostly names it bare. Each is (qualified, bare, strong): strong when the bare name is
    in at least `QUALIFIED_RATIO` times the articles, else only proposed (`UK Independence Party`
    is not the `Independence Party` of another country). Bodies every country has (`US Senate`,
    `US Army`) are never reduced to the bare word: the bare `Senate` is some other country's."""
    out = []
    for ident in sorted(counts):
        kind, name = ident
        if kind != "organizations" or ident in merges:
            continue
        prefix = next((p for p in COUNTRY_PREFIXES if name.startswith(p + " ")), None)
        if prefix is None:
            continue
        bare = (kind, name[len(prefix) + 1 :])
        if " " not in bare[1] or bare not in counts or bare in merges or bare[1] in _institutions():
            continue
        out.append((ident, bare, counts[bare] >= QUALIFIED_RATIO * counts[ident]))
    return out


@functools.lru_cache(maxsize=1)
def _institutions() -> frozenset[str]:
    """Folded names of the bodies every country has (see data/institutions.txt)."""
    return frozenset(fold(name) for name in entries("institutions.txt", "site_builder.entities"))


NICK_SURNAME = 4
"""The shortest surname under which `Bill`/`William` are merged by themselves (else proposed)."""


MIN_GIVEN = 5
"""Given names this long or longer may differ by one letter inside and still be one name
(`Yassir`/`Yasser`, `Phillip`/`Philip`)."""


def _given_spellings(
    full: list[Ident],
    by_surname: Mapping[str, list[Ident]],
    merges: Mapping[Ident, Ident],
    rank: Callable[[Ident], tuple[int, int, str]],
) -> list[tuple[Ident, Ident, bool]]:
    """`Yassir Arafat` and `Yasser Arafat`: two names of people with one surname whose given
    names are one letter apart inside the name (each (twin, kept, strong), the more mentioned
    kept). A difference in the last letter is another person as often as not (`Maria`/`Mario`,
    `Daniel`/`Daniela`, `Louis`/`Louise`): never. Strong when no one else in the archive has the
    surname and both it and the given names are long enough for a letter to be a spelling;
    else only proposed."""
    out = []
    for surname, family in sorted(by_surname.items()):
        twos = sorted((o for o in family if o not in merges and o[1].count(" ") == 1), key=rank)
        for i, keep in enumerate(twos):
            for twin in twos[i + 1 :]:
                a, b = keep[1].split()[0], twin[1].split()[0]
                if min(len(a), len(b)) < MIN_GIVEN or a[0] != b[0] or a[-1] != b[-1]:
                    continue
                if a[:-1] == b or b[:-1] == a or Levenshtein.distance(a, b, score_cutoff=1) > 1:
                    continue
                out.append((twin, keep, len(family) == 2 and len(surname) >= MIN_SURNAME))
    return out


def _nicknames(
    full: list[Ident],
    by_surname: Mapping[str, list[Ident]],
    merges: Mapping[Ident, Ident],
    rank: Callable[[Ident], tuple[int, int, str]],
) -> list[tuple[Ident, Ident, bool]]:
    """`Bill Weld` and `William Weld`, `Mitch Stoltz` and `Mitchell Stoltz`, `Chris Gunness` and
    `Christopher Gunness`: two names of people with one surname whose given names are a name and
    its nickname (the `nicknames` package's curated English list). Each is (twin, kept, strong):
    the more mentioned is kept (on a tie, the longer). Strong when no one else in the archive
    has that surname, it is not short (`Dan Li`, `Daniel Li` may be two people) and the nickname
    is a plain one (`_plain_nickname`): else only proposed."""
    out = []
    for ident in sorted(full, key=rank):
        words = ident[1].split()
        if len(words) != 2 or ident in merges:
            continue
        given, surname = words
        family = [o for o in by_surname.get(surname, []) if o != ident and o not in merges]
        for other in family:
            other_given = other[1].split()
            if len(other_given) != 2 or rank(other) < rank(ident) or not _nickname_pair(given, other_given[0]):
                continue
            strong = len(family) == 1 and len(surname) >= NICK_SURNAME and _plain_nickname(given, other_given[0])
            keep, twin = sorted((ident, other), key=rank)
            out.append((twin, keep, strong))
    return out


@functools.lru_cache(maxsize=4096)
def _nickname_pair(a: str, b: str) -> bool:
    """Whether one folded given name is a nickname of the other (`bill`, `william`)."""
    namer = _namer()
    return a != b and (b in namer.nicknames_of(a) or a in namer.nicknames_of(b))


_OTHER_INITIAL = frozenset(
    frozenset(pair)
    for pair in (
        ("bill", "william"),
        ("billy", "william"),
        ("bob", "robert"),
        ("bobby", "robert"),
        ("dick", "richard"),
        ("ted", "edward"),
        ("ned", "edward"),
        ("ted", "theodore"),
        ("jack", "john"),
        ("chuck", "charles"),
        ("peggy", "margaret"),
        ("betty", "elizabeth"),
        ("liz", "elizabeth"),
        ("beth", "elizabeth"),
        ("bess", "elizabeth"),
        ("molly", "mary"),
        ("polly", "mary"),
    )
)
"""The nicknames English news uses that do not start like the name (`Bill` Clinton is William):
the list's other pairs of different initials are other names (`Ian` for John, `Fred` for
Bill), which only an editor may join."""


def _plain_nickname(a: str, b: str) -> bool:
    """A nickname strong enough to merge on: it opens like the name (`Chris`, `Mitch`, `Dave`),
    or is one of the few common ones that do not (`Bill`, `Bob`, `Dick`)."""
    return a[:1] == b[:1] or frozenset((a, b)) in _OTHER_INITIAL


@functools.lru_cache(maxsize=1)
def _namer() -> NickNamer:
    return NickNamer()


_INITIAL = re.compile(r"^[a-z]\.?$")
_SKIP = frozenset({"of", "the", "and", "for", "de", "&", "on", "in"})


def _without_initials(folded: str) -> str:
    """A full name without its middle initials: `john r bolton` -> `john bolton`."""
    words = folded.split()
    if len(words) < 3:
        return folded
    kept = [words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]
    return " ".join(kept)


def _initials(folded: str) -> str:
    """`agence france-presse` -> `afp`, `central intelligence agency` -> `cia`."""
    return "".join(part[0] for word in folded.split() if word not in _SKIP for part in word.split("-") if part)


def _acronyms(
    counts: Mapping[Ident, int], merges: Mapping[Ident, Ident], has_note: Callable[[Ident], bool]
) -> dict[Ident, Ident]:
    """An organization's acronym and its full name, when the archive has exactly one full name of
    those initials (`AFP` and `Agence France-Presse`): one organization, under its full name."""
    by_initials: dict[str, list[Ident]] = defaultdict(list)
    for ident in counts:
        if ident[0] == "organizations" and (" " in ident[1] or "-" in ident[1]):
            by_initials[_initials(ident[1])].append(ident)
    out: dict[Ident, Ident] = {}
    for ident in sorted(counts):
        kind, name = ident
        if kind != "organizations" or " " in name or not 3 <= len(name) <= 6 or ident in merges or has_note(ident):
            continue
        owners = [o for o in by_initials.get(name.replace(".", ""), []) if o[0] == kind and o not in merges]
        if len(owners) == 1 and not has_note(owners[0]):
            out[ident] = owners[0]
    return out


def _near_spellings(
    counts: Mapping[Ident, int], merges: Mapping[Ident, Ident], rank: Callable[[Ident], tuple[int, int, str]]
) -> list[Proposal]:
    """Organizations and places one letter apart (people were handled above): proposals only."""
    out = []
    buckets: dict[tuple[str, str], list[Ident]] = defaultdict(list)
    for ident in counts:
        if ident[0] != "people" and len(ident[1]) >= MIN_NEAR:
            buckets[(ident[0], ident[1][:2])].append(ident)
    for group in buckets.values():
        group.sort(key=rank)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if abs(len(a[1]) - len(b[1])) > 1 or a in merges or b in merges:
                    continue
                if Levenshtein.distance(a[1], b[1], score_cutoff=1) <= 1:
                    out.append(Proposal(b[0], b[1], a[1], "one letter apart"))
    return out


def _kind_merges(
    counts: Mapping[Ident, int], merges: Mapping[Ident, Ident], has_note: Callable[[Ident], bool]
) -> dict[Ident, Ident]:
    """A name's minority kinds joined to its majority kind when the archive is clear (see the
    module's docstring); a name with an editor's note under either kind is left to the note."""
    weight: dict[Ident, int] = defaultdict(int)
    for ident, n in counts.items():
        weight[resolve(merges, ident)] += n
    by_name: dict[str, list[Ident]] = defaultdict(list)
    for ident in weight:
        by_name[ident[1]].append(ident)
    out: dict[Ident, Ident] = {}
    for name, group in by_name.items():
        if len(group) < 2 or " " not in name:
            continue
        group.sort(key=lambda i: (-weight[i], i[0]))
        top = group[0]
        for other in group[1:]:
            strong = weight[top] >= KIND_MIN and weight[top] >= KIND_RATIO * weight[other] and weight[other] <= KIND_FEW
            if strong and not has_note(top) and not has_note(other):
                out[other] = top
    return out


def _kind_conflicts(counts: Mapping[Ident, int], merges: Mapping[Ident, Ident]) -> list[Proposal]:
    """One name filed under two kinds (`Jordan` the person and the country), not merged."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for kind, name in counts:
        if (kind, name) not in merges:
            kinds[name].append(kind)
    out = []
    for name, ks in sorted(kinds.items()):
        if len(ks) > 1:
            ks.sort(key=lambda k: -counts[(k, name)])
            for other in ks[1:]:
                out.append(Proposal(other, name, f"{ks[0]}/{name}", "same name under another kind"))
    return out


def resolve(merges: Mapping[Ident, Ident], ident: Ident) -> Ident:
    """Follow merges to the entity that remains (chains are short; cycles cannot form because a
    merged entity is never a target)."""
    seen = 0
    while ident in merges and seen < 8:
        ident = merges[ident]
        seen += 1
    return ident
