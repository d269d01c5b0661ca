"""Article bodies to HTML with markdown-it-py, raw HTML off, entity mentions linked.

Links are added in the token stream: text tokens are split around the first mention of each
entity and link tokens inserted, so nothing in the article text can become markup and no
regular expression ever runs over HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})


def render_body(body: str, links: Sequence[tuple[str, str]]) -> str:
    """HTML for an article body; `links` is (name as written, relative URL), first mention linked."""
    tokens = _MD.parse(body)
    if links:
        pattern = _pattern([name for name, _ in links])
        targets = {name.casefold(): url for name, url in links}
        done: set[str] = set()
        for tok in tokens:
            if tok.type == "inline" and tok.children:
                tok.children = _link_children(tok.children, pattern, targets, done)
    return str(_MD.renderer.render(tokens, _MD.options, {}))


def _pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(n) for n in names if n.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


def _link_children(children: list[Token], pattern: re.Pattern[str], targets: dict[str, str],
                   done: set[str]) -> list[Token]:
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
        for m in pattern.finditer(text):
            url = targets.get(m.group(1).casefold())
            if url is None or url in done:
                continue
            done.add(url)
            if m.start() > pos:
                out.append(_text(text[pos : m.start()]))
            link = Token("link_open", "a", 1)
            link.attrs = {"href": url, "class": "entity"}
            out.extend([link, _text(m.group(1)), Token("link_close", "a", -1)])
            pos = m.end()
        if pos < len(text):
            out.append(_text(text[pos:]))
    return out


def _text(content: str) -> Token:
    tok = Token("text", "", 0)
    tok.content = content
    return tok
