"""Near-duplicate articles: the same story from another source or in another edit.

Exact copies are merged at ingest (same checksum). Near-duplicates stay separate articles and
are linked as other versions: two articles are versions of one story when an estimated 70% or
more of the shorter one's word 5-grams also occur in the other (containment, so a trimmed
rewrite of a wire story still matches its original).

Each text is reduced to a bottom-k sketch (the 64 smallest hashes of its 5-grams, plus their
count), so memory per article is fixed. Candidate pairs share one of their 8 smallest hashes;
similarity is estimated from the sketches (Broder's bottom-k estimate of Jaccard, turned into
containment with the two set sizes). Work and memory grow with the archive, not its square.
"""

from __future__ import annotations

import heapq
import string
import zlib
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

SHINGLE = 5
ANCHOR = 6
SKETCH = 64
BANDS = 8
"""Hashes per article used to find candidates: the smallest few."""
MAX_POSTING = 64
"""A hash among the smallest of more texts than this is boilerplate (a wire's trailer, a
newsletter footer, a council's stock phrase) and proposes no candidates: comparing every pair
that shares it made ingest quadratic (2,000 such articles took 274 s). Real versions still
meet on their other smallest hashes."""
MIN_CONTAINMENT = 0.7
MIN_SHINGLES = 5
"""Texts with fewer sampled 5-grams than this (about 30 words of running text) are too short
to compare."""


@dataclass(frozen=True, slots=True)
class Sketch:
    """How many distinct 5-grams a text has, and the smallest of their hashes."""

    size: int
    mins: array[int]
    """Unsigned 32-bit hashes, smallest first (an array: 256 bytes an article, not 2 KB)."""


_PUNCTUATION = {ord(c): " " for c in string.punctuation + "“”‘’‚„«»‹›—–…·"}
"""Punctuation becomes a space: `str.translate` and `str.split` tokenise at C speed (a regular
expression over every word cost a third of a large build's gather phase)."""


class _Anchors(dict[str, bool]):
    """Whether a word is an anchor, cached per process (news vocabulary repeats across
    articles); filled on first sight, so `map(anchors.__getitem__, words)` runs in C."""

    def __missing__(self, word: str) -> bool:
        if len(self) > _ANCHOR_CACHE_LIMIT:
            self.clear()
        value = self[word] = zlib.crc32(word.encode("utf-8")) % ANCHOR == 0
        return value


_ANCHOR_CACHE_LIMIT = 1_000_000
_ANCHORS = _Anchors()


def fingerprint(text: str) -> Sketch:
    """The bottom-k sketch of a text's lower-case word 5-grams.

    Only 5-grams opening on an "anchor" word (one word in six, chosen by the word's own hash,
    so the same in every text) are hashed: a sixth of the work, and two texts still sample
    the same 5-grams of the passages they share."""
    words = text.casefold().translate(_PUNCTUATION).split()
    starts = compress(range(len(words) - SHINGLE + 1), map(_ANCHORS.__getitem__, words))
    crc, join = zlib.crc32, " ".join
    hashes = {crc(join(words[i : i + SHINGLE]).encode("utf-8")) for i in starts}
    return Sketch(len(hashes), array("I", sorted(hashes)[:SKETCH]))  # a C sort beats heapq here


def containment(a: Sketch, b: Sketch) -> float:
    """Estimated share of the smaller text's 5-grams found in the other."""
    union = heapq.nsmallest(SKETCH, set(a.mins) | set(b.mins))
    both = set(a.mins) & set(b.mins)
    jaccard = sum(1 for h in union if h in both) / len(union)
    smaller = min(a.size, b.size)
    return min(1.0, jaccard * (a.size + b.size) / ((1 + jaccard) * smaller)) if smaller else 0.0


def version_groups_of(sketches: Sequence[Sketch]) -> list[list[int]]:
    """Groups (as sorted index lists, two or more members) of texts that tell the same story,
    from their sketches (ingest and build keep only these, not the texts)."""
    postings: dict[int, list[int]] = defaultdict(list)
    for n, sk in enumerate(sketches):
        if sk.size >= MIN_SHINGLES:
            for h in sk.mins[:BANDS]:
                postings[h].append(n)
    parent = list(range(len(sketches)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    checked: set[tuple[int, int]] = set()
    for docs in postings.values():
        if len(docs) > MAX_POSTING:
            continue
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                if (a, b) not in checked and root(a) != root(b):
                    checked.add((a, b))
                    if containment(sketches[a], sketches[b]) >= MIN_CONTAINMENT:
                        parent[root(a)] = root(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(sketches)):
        groups[root(n)].append(n)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)
