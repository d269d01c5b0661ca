"""Lines to paragraphs: rebuild paragraphs from hard-wrapped lines, keep line numbers.

Pasted text comes in two shapes: one line per paragraph (copied from a web page), or lines
wrapped at a fixed width (exports, e-mail). A block of lines between blank lines is joined
when it looks wrapped (every line shorter than the wrap width, except the last) and split into
one paragraph per line when it does not.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

WRAP_MAX = 100
"""Lines at most this long may be hard-wrapped; longer ones are whole paragraphs."""


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of text and the 1-based line of the input where it starts."""

    text: str
    line: int


def blocks(lines: list[str], first_line: int = 1) -> list[list[tuple[int, str]]]:
    """Group non-blank lines into blocks separated by blank lines, with their line numbers."""
    out: list[list[tuple[int, str]]] = []
    cur: list[tuple[int, str]] = []
    for offset, raw in enumerate(lines):
        text = raw.strip()
        if text:
            cur.append((first_line + offset, text))
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def unwrap(block: list[tuple[int, str]]) -> list[Para]:
    """Join a hard-wrapped block into paragraphs; a block of long lines stays one per line."""
    if not block:
        return []
    if len(block) == 1:
        return [Para(block[0][1], block[0][0])]
    longest = max(len(t) for _, t in block)
    if longest > WRAP_MAX:
        return [Para(t, n) for n, t in block]
    paras: list[Para] = []
    start_line, parts = block[0][0], [block[0][1]]
    for (_, prev), (n, text) in itertools.pairwise(block):
        ends_sentence = prev.rstrip().endswith((".", "!", "?", "”", '"', ":"))
        short = len(prev) < longest * 0.6
        if ends_sentence and short:
            paras.append(Para(" ".join(parts), start_line))
            start_line, parts = n, [text]
        else:
            parts.append(text)
    paras.append(Para(" ".join(parts), start_line))
    return [Para(_dehyphen(p.text), p.line) for p in paras]


def _dehyphen(text: str) -> str:
    """Undo line-end hyphenation that joining left as `gov- ernment`."""
    out: list[str] = []
    for word in text.split(" "):
        if out and out[-1].endswith("-") and len(out[-1]) > 2 and out[-1][-2].islower() and word[:1].islower():
            out[-1] = out[-1][:-1] + word
        else:
            out.append(word)
    return " ".join(out)


def join_body(paras: list[Para]) -> str:
    """The body text of an article: its paragraphs separated by blank lines."""
    return "\n\n".join(p.text for p in paras)
