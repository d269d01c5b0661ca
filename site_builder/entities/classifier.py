"""The learned decision over candidate names: person, organization, place, or not a name at all.

The candidate finder in `recognise` proposes spans and its rules give each a first guess; this
module turns each candidate into sparse features (its words, shape and affixes, the words around
it, gazetteer and cue hits, the rules' guess, how the article uses the name elsewhere) and scores
them with a multinomial logistic regression trained by `tools/train_entities.py` on openly
licensed GUM documents. The weights ship in `data/classifier.json`; nothing is fetched.

Why learned rather than more rules: every rule added for one article's error broke another's
(a city's name is also a club's, a surname, a given name). The weights settle those conflicts
from annotated text, and retraining after a feature change is one command.

Features that depend only on the candidate's text are scored once per process and cached: names
recur across an archive, and scoring is in the hot loop of ingest.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import TypeVar

from site_builder.entities.gazetteer import Gazetteer, is_first_name
from site_builder.text import strip_accents
from site_builder.wordlists import entries

K = TypeVar("K")

CLASSES = ("none", "person", "organization", "place")
FEATURE_VERSION = 1
"""Raised whenever `text_features` or `context_features` change: weights trained for another
version are refused (see `load_model`) instead of silently scoring the wrong features."""

_SHAPE_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]+")
_SHAPE_LOWER = re.compile(r"[a-zß-öø-ÿ]+")
_SHAPE_DIGIT = re.compile(r"\d+")


@dataclass(slots=True)
class Candidate:
    """One proposed name, with what the finder knew when it proposed it."""

    words: list[str]
    rule: str | None
    """The rules' kind (`person`, `organization`, `place`) or None when they had no guess."""
    name: str
    """The name the article would be listed under (a gazetteer's canonical form when known)."""
    prev: str
    prev2: str
    next: str
    next2: str
    at_start: bool
    after_the: bool
    said: bool
    role: str | None
    piece: str
    """`whole`, `first`, `middle` or `last`: where the candidate sat in the capitalised run it
    was cut from (`Venezuelan President Nicolas Maduro` gives a first and a last piece)."""
    adjective: bool = False
    """A demonym (`Russian`, `Afghans`): evidence of what the article is about, never a mention of
    the place (an article saying "Russian gas" is not about Russia)."""

    text: str = ""
    """The words joined by spaces (set by `__post_init__`: read for every feature and lookup)."""

    def __post_init__(self) -> None:
        self.text = " ".join(self.words)


@dataclass(slots=True)
class DocStats:
    """What the whole article says about its names, computed once per article."""

    counts: dict[str, int]
    """Candidates by text."""
    surnames: frozenset[str]
    """Last words of multi-word candidates (`Maduro` of `Nicolas Maduro`)."""
    first_words: frozenset[str]
    lower_vocab: set[str]
    singles: frozenset[str]
    """One-word candidates (`Mehraban` alone, after `Alireza Mehraban`)."""
    inner: frozenset[str]
    """Texts seen at least once away from a sentence start (capitalised where no rule forced it)."""


def _shape(word: str) -> str:
    s = _SHAPE_DIGIT.sub("d", _SHAPE_LOWER.sub("x", _SHAPE_UPPER.sub("X", word)))
    return s if len(s) <= 6 else s[:6]


def text_features(words: list[str], rule: str | None, g: Gazetteer) -> list[str]:
    """Features of a candidate's own text: the same for every occurrence of the name."""
    text = " ".join(words)
    low = [w.lower() for w in words]
    first, last = words[0], words[-1]
    n = min(len(words), 4)
    r = rule or "none"
    f = [
        f"rule={r}",
        f"n={n}",
        f"rule={r}|n={n}",
        f"first={low[0]}",
        f"last={low[-1]}",
        f"shape={'_'.join(_shape(w) for w in words[:3])}",
        f"suf3={low[-1][-3:]}",
        f"suf2={low[-1][-2:]}",
        f"pre2={low[0][:2]}",
    ]
    f.extend(f"w={w}" for w in low)
    if n <= 3:
        f.append(f"txt={' '.join(low)}")
    if text in g.organizations:
        f.append("gaz=org")
    if text in g.places:
        f.append("gaz=place")
    elif strip_accents(text) in g.more_places:
        f.append("gaz=more_place")
    if text in g.demonyms:
        f.append("gaz=demonym")
    if is_first_name(first):
        f.append("firstname")
        f.append(f"firstname|n={n}")
        f.append(f"firstname|rule={r}")
    if n > 1 and is_first_name(words[1]):
        f.append("firstname2")
    if last in g.org_heads:
        f.append("orghead")
    if last in g.place_heads:
        f.append("placehead")
    if last in g.thing_heads:
        f.append("thinghead")
    if first in g.org_starts:
        f.append("orgstart")
    if first in g.places:
        f.append("first_place")
    if any(w in g.titles for w in words):
        f.append("has_title")
    lw = lower_words()
    known = sum(1 for w in low if w in lw)
    f.append(f"lower_words={known}/{n}" if n < 4 else f"lower_words={min(known, 4)}/4+")
    if first.lower() in lw:
        f.append("first_lower_word")
    if last.lower() in lw:
        f.append("last_lower_word")
    profiles = _contexts()
    for tag, word in (("h", last), ("f", first)) if n > 1 else (("h", last),):
        profile = profiles.get(word)
        if profile is None:
            f.append(f"{tag}ctx=unseen")
            continue
        uses, shares = profile
        f.append(f"{tag}ctx_uses={'many' if uses >= 50 else 'some' if uses >= 10 else 'few'}")
        for signal, share in zip(_SIGNALS, shares, strict=True):
            if share:
                f.append(f"{tag}ctx_{signal}={'hi' if share >= 5 else 'mid' if share >= 2 else 'lo'}")
    if text.isupper() and len(text) > 1:
        f.append("allcaps")
    if "-" in last:
        f.append("hyphen")
    if any(w in ("of", "for", "and", "&", "the", "de") for w in words):
        f.append("connector")
    return f


ContextKeys = tuple[tuple[str, str, str], tuple[str, str, str], tuple[object, ...]]
"""An occurrence's context in three parts, each scored once per process (see `Scorer`): the
words before it, the words after it, and what the article says about it."""


def context_keys(c: Candidate, doc: DocStats) -> ContextKeys:
    """The values `context_features` is made of, cheap to build and to hash."""
    r = c.rule or "none"
    one = len(c.words) == 1
    word = c.words[0]
    flags = (
        r,
        c.piece,
        min(doc.counts.get(c.text, 0), 3),
        c.at_start,
        c.at_start and c.text not in doc.inner,
        c.after_the,
        c.said,
        c.role.lower() if c.role else None,
        len(c.words) > 1 and c.words[-1] in doc.singles,
        one and word in doc.surnames,
        one and word in doc.first_words,
        one and word.lower() in doc.lower_vocab,
    )
    return (r, c.prev, c.prev2), (r, c.next, c.next2), flags


def _left_features(r: str, prev: str, prev2: str) -> list[str]:
    return [f"prev={prev}", f"prev2={prev2} {prev}", f"rule={r}|prev={prev}"]


def _right_features(r: str, nxt: str, nxt2: str) -> list[str]:
    return [f"next={nxt}", f"next2={nxt} {nxt2}", f"rule={r}|next={nxt}"]


_FLAG_NAMES = ("last_alone_in_doc", "surname_in_doc", "first_in_doc", "lower_seen")
"""Features present or absent, in the order of the last four `context_keys` flags."""


def _flag_features(flags: tuple[object, ...]) -> list[str]:
    r, piece, freq, at_start, only_at_start, after_the, said, role = flags[:8]
    f = [f"piece={piece}", f"freq={freq}"]
    if at_start:
        f.append("at_start")
        if only_at_start:
            f.append("only_at_start")
    if after_the:
        f.append("after_the")
    if said:
        f.extend(("said", f"said|rule={r}"))
    if role is not None:
        f.extend(("role", f"role={role}"))
    f.extend(name for name, on in zip(_FLAG_NAMES, flags[8:], strict=True) if on)
    return f


def context_features(c: Candidate, doc: DocStats) -> list[str]:
    """Features of one occurrence: its neighbours and how the article uses the name."""
    left, right, flags = context_keys(c, doc)
    return [*_left_features(*left), *_right_features(*right), *_flag_features(flags)]


@functools.lru_cache(maxsize=1)
def lower_words() -> frozenset[str]:
    """Words news writes in lower case (see tools/build_vocabulary.py)."""
    return frozenset(entries("lower_words.txt", "site_builder.entities"))


_SIGNALS = ("place_prep", "the", "said", "title", "possessive", "joined")


@functools.lru_cache(maxsize=1)
def _contexts() -> dict[str, tuple[int, tuple[int, ...]]]:
    """How news uses each capitalised word (see tools/build_vocabulary.py): uses, and tenths of
    uses after a place preposition, after `the`, before `said`, after a title, before `’s`,
    inside a longer name. A word the extractor has never met in training still brings what
    thousands of articles say about it."""
    out: dict[str, tuple[int, tuple[int, ...]]] = {}
    for line in entries("word_contexts.tsv", "site_builder.entities"):
        word, uses, shares = line.split("\t")
        out[word] = (int(uses), tuple(int(v) for v in shares.split()))
    return out


@dataclass(frozen=True)
class Model:
    """Weights by feature (one per class) and the class biases."""

    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    keep_rule: float = 0.0
    """The rules' kind stands while the classifier gives it at least this probability: the rules
    encode cues a few thousand training names cannot teach (a hyphenated Cantonese given name,
    a place running into a name), the classifier overrules them only when it is confident.
    Chosen with the regularisation by cross-validation (tools/train_entities.py)."""
    keep_cued: float = 0.0
    """`keep_rule` for people the rules found right after a title or role."""
    min_confidence: float = 0.0
    """A name is linked only when its kind is at least this likely (see `Scorer.decide`)."""

    def scores(self, features: list[str]) -> list[float]:
        """Raw class scores (no bias) summed over the features the model knows."""
        a = b = c = d = 0.0  # one per class, unrolled: this is the hot loop of ingest
        get = self.weights.get
        for feat in features:
            w = get(feat)
            if w is not None:
                a += w[0]
                b += w[1]
                c += w[2]
                d += w[3]
        return [a, b, c, d]


@functools.lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped weights; refused loudly if trained for other features."""
    raw = json.loads(
        resources.files("site_builder.entities").joinpath("data", "classifier.json").read_text(encoding="utf-8")
    )
    if raw.get("feature_version") != FEATURE_VERSION or tuple(raw.get("classes", ())) != CLASSES:
        raise RuntimeError(
            "site_builder/entities/data/classifier.json was trained for other features: "
            "run `python tools/train_entities.py` to retrain it"
        )
    return Model(
        bias=tuple(raw["bias"]),
        weights={k: tuple(v) for k, v in raw["weights"].items()},
        keep_rule=float(raw.get("keep_rule", 0.0)),
        min_confidence=float(raw.get("min_confidence", 0.0)),
        keep_cued=float(raw.get("keep_cued", raw.get("keep_rule", 0.0))),
    )


class Scorer:
    """Class probabilities of candidates, with text features scored once per name."""

    def __init__(self, model: Model, g: Gazetteer) -> None:
        self.model = model
        self.g = g
        self.keep_rule = model.keep_rule
        self.keep_cued = model.keep_cued
        self.min_confidence = model.min_confidence
        self._text: dict[tuple[str, str | None], list[float]] = {}
        self._left: dict[tuple[str, str, str], list[float]] = {}
        self._right: dict[tuple[str, str, str], list[float]] = {}
        self._flags: dict[tuple[object, ...], list[float]] = {}

    @staticmethod
    def _remember(cache: dict[K, list[float]], key: K, score: list[float]) -> list[float]:
        """Keep a part's score, up to a bound: an archive's contexts repeat (`said`, `in the`)."""
        if len(cache) < 200_000:
            cache[key] = score
        return score

    def probabilities(self, c: Candidate, doc: DocStats) -> list[float]:
        key = (c.text, c.rule)
        base = self._text.get(key)
        if base is None:
            base = self.model.scores(text_features(c.words, c.rule, self.g))
            if len(self._text) < 200_000:
                self._text[key] = base
        left, right, flags = context_keys(c, doc)
        lscore = self._left.get(left)
        if lscore is None:
            lscore = self._remember(self._left, left, self.model.scores(_left_features(*left)))
        rscore = self._right.get(right)
        if rscore is None:
            rscore = self._remember(self._right, right, self.model.scores(_right_features(*right)))
        fscore = self._flags.get(flags)
        if fscore is None:
            fscore = self._remember(self._flags, flags, self.model.scores(_flag_features(flags)))
        logits = [
            b + x + y + z + w for b, x, y, z, w in zip(self.model.bias, base, lscore, rscore, fscore, strict=True)
        ]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return [e / total for e in exps]

    def decide(self, probs: list[float], rule: str | None, cued: bool = False) -> str:
        """The kind of a name from its averaged probabilities and the rules' most frequent guess.
        The rules' kind stands at `keep_rule` (two kinds of evidence agree); the classifier alone
        must reach `min_confidence`, else the name is left unlinked (a page nobody can trust
        costs a reader more than a name without a page). A person the rules found right after a
        title (`Ambassador to Venezuela James Story`) is `cued` and stands at `keep_cued`."""
        if rule is not None and probs[CLASSES.index(rule)] >= (self.keep_cued if cued else self.keep_rule):
            return rule
        best = max(range(len(CLASSES)), key=probs.__getitem__)
        return CLASSES[best] if probs[best] >= self.min_confidence else "none"


@functools.lru_cache(maxsize=1)
def scorer() -> Scorer:
    """One scorer per process (its cache is shared by every article)."""
    from site_builder.entities.gazetteer import load

    return Scorer(load_model(), load())
