"""Near-duplicate articles: the same story from another source or in another edit.

Exact copies are merged at ingest (same checksum). Near-duplicates stay separate articles and
are linked as other versions: two articles are versions of one story when 70% or more of the
shorter one's word 5-grams also occur in the other (containment, so a trimmed rewrite of a
wire story still matches its original). 5-grams are hashed and one in four is kept, and
5-grams shared by very many articles (boilerplate) are ignored, so the comparison stays
near-linear in the size of the archive.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence

SHINGLE = 5
SAMPLE = 4
"""Keep shingles whose hash is divisible by this (a fixed, content-based sample)."""
MIN_CONTAINMENT = 0.7
COMMON_LIMIT = 50
"""A shingle found in more articles than this is boilerplate, not evidence of a shared story."""
MIN_SHINGLES = 8
"""Articles with fewer sampled shingles than this are too short to compare."""
_WORD = re.compile(r"\w+")


def fingerprint(text: str) -> frozenset[int]:
    """Sampled hashes of the text's lower-case word 5-grams."""
    words = _WORD.findall(text.casefold())
    out = set()
    for i in range(len(words) - SHINGLE + 1):
        h = zlib.crc32(" ".join(words[i : i + SHINGLE]).encode("utf-8"))
        if h % SAMPLE == 0:
            out.add(h)
    return frozenset(out)


def version_groups(texts: Sequence[str]) -> list[list[int]]:
    """Groups (as sorted index lists, two or more members) of texts that tell the same story."""
    return version_groups_of([fingerprint(t) for t in texts])


def version_groups_of(prints: Sequence[frozenset[int]]) -> list[list[int]]:
    """The same, from fingerprints computed earlier (ingest keeps only these, not the texts)."""
    postings: dict[int, list[int]] = defaultdict(list)
    for n, fp in enumerate(prints):
        if len(fp) >= MIN_SHINGLES:
            for h in fp:
                postings[h].append(n)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for docs in postings.values():
        if 1 < len(docs) <= COMMON_LIMIT:
            for i, a in enumerate(docs):
                for b in docs[i + 1 :]:
                    shared[(a, b)] += 1
    parent = list(range(len(prints)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), count in shared.items():
        if count / min(len(prints[a]), len(prints[b])) >= MIN_CONTAINMENT:
            parent[root(a)] = root(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(prints)):
        groups[root(n)].append(n)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)
