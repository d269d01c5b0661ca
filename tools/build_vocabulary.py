"""Write site_builder/entities/data/lower_words.txt: words news text writes in lower case.

Usage: python tools/build_vocabulary.py [--corpus ../shared/corpus] [--min-count 3]

A capitalised word that news usually writes in lower case ("Construction", "Officials") opens a
sentence or a headline; one it never writes so ("Mehraban", "Hassen") is a name. The classifier
reads this as a feature. The list is counted from the English Wikinews articles of the
toscaData compilation (`wikinews-toscadata/`, texts CC BY 2.5, Wikinews; compilation CC BY 4.0,
toscaData), which holds no article of the entity evaluation set; only the words and no text
are kept.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "site_builder" / "entities" / "data" / "lower_words.txt"
CONTEXTS = ROOT / "site_builder" / "entities" / "data" / "word_contexts.tsv"
_PLACE_PREPS = frozenset({"in", "at", "from", "near", "to", "across", "into", "outside", "throughout"})
_PERSON_PREV = frozenset({"mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr.", "president", "minister", "senator"})
SIGNALS = ("place_prep", "the", "said", "title", "possessive", "joined")
"""How each capitalised word is used in running text: after a place preposition, after `the`,
before a speech verb, after a personal title, before a possessive, inside a longer name."""
_LOWER = re.compile(r"(?<![\w'’-])[a-z][a-z]+(?![\w'’-])")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    with (args.corpus / "wikinews-toscadata" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            counts.update(_LOWER.findall(json.loads(line)["text"]))
    words = sorted(w for w, n in counts.items() if n >= args.min_count)
    _contexts(args.corpus, args.min_count)
    header = (
        "# Words English news writes in lower case, counted from Wikinews (CC BY 2.5) as compiled by\n"
        f"# toscaData (CC BY 4.0): {len(words)} words seen at least {args.min_count} times.\n"
        "# Written by tools/build_vocabulary.py; do not edit by hand.\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(words)} words)")


def _contexts(corpus: Path, min_count: int) -> None:
    """Write, for each capitalised word seen often enough away from a sentence start, the share
    of its uses showing each signal, in tenths (a compact, smoothed profile)."""
    import sys

    sys.path.insert(0, str(ROOT))
    from site_builder.entities.recognise import tokenize
    from site_builder.wordlists import entries

    said = frozenset(entries("said.txt", "site_builder.entities"))
    totals: Counter[str] = Counter()
    signals: dict[str, Counter[str]] = {}
    with (corpus / "wikinews-toscadata" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            toks = tokenize(json.loads(line)["text"])
            words, starts = toks.words, toks.starts
            for k, word in enumerate(words):
                if (
                    starts[k]
                    or not word[:1].isupper()
                    or (not word[1:].islower() and len(word) > 1 and not word.isupper())
                ):
                    continue
                prev = words[k - 1].lower() if k else ""
                nxt = words[k + 1] if k + 1 < len(words) else ""
                totals[word] += 1
                sig = signals.setdefault(word, Counter())
                if prev in _PLACE_PREPS:
                    sig["place_prep"] += 1
                if prev == "the":
                    sig["the"] += 1
                if nxt.lower() in said:
                    sig["said"] += 1
                if prev in _PERSON_PREV:
                    sig["title"] += 1
                if nxt == "’s":
                    sig["possessive"] += 1
                if (k and words[k - 1][:1].isupper() and not starts[k - 1]) or nxt[:1].isupper():
                    sig["joined"] += 1
    rows = []
    for word, n in sorted(totals.items()):
        if n < min_count:
            continue
        sig = signals[word]
        shares = [round(10 * sig[s] / (n + 1)) for s in SIGNALS]
        rows.append(f"{word}\t{min(n, 999)}\t" + " ".join(str(v) for v in shares))
    header = (
        "# Capitalised words of English news and how running text uses them, counted from Wikinews\n"
        "# (CC BY 2.5) as compiled by toscaData (CC BY 4.0). Columns: word, uses (capped at 999),\n"
        f"# tenths of uses showing each signal: {' '.join(SIGNALS)}.\n"
        "# Written by tools/build_vocabulary.py; do not edit by hand.\n"
    )
    CONTEXTS.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {CONTEXTS} ({len(rows)} words)")


if __name__ == "__main__":
    main()
