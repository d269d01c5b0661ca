"""Article bodies to HTML with markdown-it-py, raw HTML off, entity mentions linked.

Links are added in the token stream: text tokens are split around the first mention of each
entity and link tokens inserted, so nothing in the article text can become markup and no
regular expression ever runs over HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})


_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"(?<!\w)[A-ZÀ-ÖØ-Þ]\w*")
"""Entity names start with a capital; only those words are looked up."""


class Mentions:
    """Finds entity names in text without compiling a regex per article: names are indexed by
    their first word, and each word of the text is a dictionary lookup."""

    def __init__(self, links: Sequence[tuple[str, str]]) -> None:
        self.by_first: dict[str, list[tuple[str, str]]] = {}
        for name, url in links:
            words = _WORD.findall(name)
            if words:
                self.by_first.setdefault(words[0].casefold(), []).append((name.casefold(), url))
        for cands in self.by_first.values():
            cands.sort(key=lambda c: -len(c[0]))

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, url) of each mention, left to right, longest name first."""
        folded = text.casefold()
        if len(folded) != len(text):  # casefold changed lengths (e.g. ß); fall back to lower()
            folded = text.lower()
        pos = 0
        for m in _CAPITALISED.finditer(text):
            if m.start() < pos:
                continue
            for name, url in self.by_first.get(m.group().casefold(), ()):
                end = m.start() + len(name)
                if folded.startswith(name, m.start()) and (end == len(text) or not text[end].isalnum()):
                    yield m.start(), end, url
                    pos = end
                    break


def render_body(body: str, links: Sequence[tuple[str, str]]) -> str:
    """HTML for an article body; `links` is (name as written, relative URL), first mention linked."""
    tokens = _MD.parse(body)
    if links:
        mentions = Mentions(links)
        done: set[str] = set()
        for tok in tokens:
            if tok.type == "inline" and tok.children:
                tok.children = _link_children(tok.children, mentions, done)
    return str(_MD.renderer.render(tokens, _MD.options, {}))


def _link_children(children: list[Token], mentions: Mentions, done: set[str]) -> list[Token]:
    out: list[Token] = []
    depth = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        if child.type != "text" or depth > 0:
            out.append(child)
            continue
        text = child.content
        pos = 0
        for start, end, url in mentions.find(text):
            if url in done:
                continue
            done.add(url)
            if start > pos:
                out.append(_text(text[pos:start]))
            link = Token("link_open", "a", 1)
            link.attrs = {"href": url, "class": "entity"}
            out.extend([link, _text(text[start:end]), Token("link_close", "a", -1)])
            pos = end
        if pos < len(text):
            out.append(_text(text[pos:]))
    return out


def _text(content: str) -> Token:
    tok = Token("text", "", 0)
    tok.content = content
    return tok
