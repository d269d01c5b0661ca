"""Article bodies to HTML with markdown-it-py, raw HTML off, entity mentions linked.

Links are added in the token stream: text tokens holding the first mention of an entity are
marked, and a render rule writes them with their links, escaping the text, so nothing in the
article text can become markup and no regular expression ever runs over HTML.

Most article bodies are plain paragraphs with no Markdown syntax at all; those are parsed by
a second markdown-it instance with only the paragraph, text and line-break rules, which gives
the same tokens a third faster (`is_plain` decides, conservatively; a property test checks
that both parsers agree on every text it accepts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

_MD = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
_PLAIN_MD = MarkdownIt("zero", dict(_MD.options)).enable(["newline"])
"""Paragraphs, text and hard breaks only: for bodies that `is_plain` accepts."""

_SYNTAX_CHARS = "\\`*_~[]!<>&|\t\r\0"
"""Characters that can start inline syntax (escapes, code, emphasis, links, images, autolinks,
HTML, entities), tables or tab-indented code, or that the parser rewrites."""
_BLOCK_STARTS = " #>+=-"
"""First characters of a line that can open a block: indentation, headings, quotes, lists,
rules and setext underlines (`*`, `_`, backticks and `~` are excluded everywhere already)."""
_ORDERED_ITEM = re.compile(r"\d+[.)]")


def is_plain(text: str) -> bool:
    """Whether a text has no Markdown syntax, so that paragraph-only parsing gives exactly
    the tokens of the full parser. Single-character `in` tests run at memchr speed, far
    cheaper than a regular expression over the text."""
    for c in _SYNTAX_CHARS:
        if c in text:
            return False
    for line in text.split("\n"):
        if line and (line[0] in _BLOCK_STARTS or (line[0].isdigit() and _ORDERED_ITEM.match(line))):
            return False
    return True


def parse(text: str) -> list[Token]:
    """markdown-it tokens of a text, through the fast parser when the text is plain."""
    return (_PLAIN_MD if is_plain(text) else _MD).parse(text)


class Mentions:
    """Finds entity names in text with C-level substring search: each name is looked for with
    `str.find` in the case-folded text, so the cost grows with the number of names, not with the
    number of words (a loop over every capitalised word cost as much as the markdown parse)."""

    def __init__(self, links: Sequence[tuple[str, str]], within: str | None = None) -> None:
        """`within`: the whole text to be searched, if known; names absent from it are dropped
        once here rather than looked for in every paragraph."""
        seen: dict[str, str] = {}
        self.initials: dict[str, str] = {}
        """Folded name -> its first character as written: a mention starts with that
        character or a capital (`apple` is not `Apple`; `al-Assad` and `Путин` are found)."""
        folded = within.casefold() if within is not None else None
        for name, url in links:
            key = name.casefold()
            if name.strip() and (folded is None or key in folded or len(folded) != len(within or "")):
                seen.setdefault(key, url)
                self.initials.setdefault(key, name[0])
        self.names = sorted(seen.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        """(folded name, url), longest first: at one position the longest name wins."""
        self.keys = [name for name, _url in self.names]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, url) of each mention, left to right, longest name first; mentions do
        not overlap (a name inside a longer one already found is not a mention)."""
        folded = text.casefold()
        if len(folded) != len(text):  # casefold changed lengths (e.g. ß); fall back to lower()
            folded = text.lower()
            if len(folded) != len(text):
                return []
        hits: list[tuple[int, int, str]] = []
        size = len(text)
        for name, url in self.names:
            initial = self.initials[name]
            start = folded.find(name)
            while start >= 0:
                end = start + len(name)
                first = text[start]
                if (
                    (first == initial or first.isupper())
                    and (start == 0 or not _is_word(text[start - 1]))
                    and (end == size or not text[end].isalnum())
                ):
                    hits.append((start, -len(name), url))
                start = folded.find(name, start + 1)
        if len(hits) > 1:
            hits.sort()
        found = []
        pos = 0
        for start, neg_len, url in hits:
            if start >= pos:
                pos = start - neg_len
                found.append((start, pos, url))
        return found

    def within(self, source: str, pending: list[str]) -> Mentions | None:
        """The names a paragraph's markdown source holds, if one of the `pending` names (of
        entities not linked yet) is among them; None when there is nothing to do (most
        paragraphs of a long article). Escapes and character references can hide a name in
        the source: then all names. (`map` over `str.__contains__`: no Python loop.)"""
        if "\\" in source or "&" in source:
            return self
        folded = source.casefold()
        if not any(map(folded.__contains__, pending)):
            return None
        return self.subset(list(map(folded.__contains__, self.keys)))

    def subset(self, keep: list[bool]) -> Mentions:
        """The names flagged in `keep`; built directly, as a paragraph needs one per call."""
        sub = object.__new__(Mentions)  # no sorting again: a subset keeps the order
        sub.names = list(compress(self.names, keep))
        sub.keys = list(compress(self.keys, keep))
        sub.initials = self.initials
        return sub


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def render_body(body: str, links: Sequence[tuple[str, str]]) -> str:
    """HTML for an article body; `links` is (name as written, relative URL), first mention linked."""
    tokens = parse(body)
    if links:
        mentions = Mentions(links, within=body)
        done: set[str] = set()
        pending = mentions.keys
        for tok in tokens:
            if not pending:  # every entity linked at its first mention
                break
            if tok.type == "inline" and tok.children:
                found = mentions.within(tok.content, pending)
                if found is not None:
                    linked = len(done)
                    _mark_mentions(tok.children, found, done)
                    if len(done) != linked:
                        pending = [name for name, url in mentions.names if url not in done]
    return str(_MD.renderer.render(tokens, _MD.options, {}))


LINKED_TEXT = "sb_linked_text"
"""Token type of a text token holding first mentions: `meta["links"]` lists (start, end,
url). The token is re-typed in place rather than split into link tokens, which cost more
than the markdown parse; the render rule below writes the links, escaping everything."""


def _mark_mentions(children: list[Token], mentions: Mentions, done: set[str]) -> None:
    """Mark the first mention of each entity not yet in `done` in a paragraph's text tokens;
    text inside an existing Markdown link is left alone (no link inside a link)."""
    depth = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        if child.type != "text" or depth > 0:
            continue
        spans = []
        for start, end, url in mentions.find(child.content):
            if url not in done:
                done.add(url)
                spans.append((start, end, url))
        if spans:
            child.type = LINKED_TEXT
            child.meta = {"links": spans}


def _render_linked_text(self: object, tokens: Sequence[Token], idx: int, options: object, env: object) -> str:
    """HTML of a marked text token: the text escaped as markdown-it escapes text, the
    mentions wrapped in links."""
    tok = tokens[idx]
    text = tok.content
    out = []
    pos = 0
    for start, end, url in tok.meta["links"]:
        out.append(escapeHtml(text[pos:start]))
        out.append(f'<a href="{escapeHtml(url)}" class="entity">{escapeHtml(text[start:end])}</a>')
        pos = end
    out.append(escapeHtml(text[pos:]))
    return "".join(out)


_MD.add_render_rule(LINKED_TEXT, _render_linked_text)
