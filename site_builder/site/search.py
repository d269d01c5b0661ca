"""Search: the words of a page, the rows of the offline index, and Pagefind's bundles.

Pagefind cannot run from disk (browsers block its module imports, fetches and workers on
`file://`), so the build also writes an offline index (`offline_index.py`) from the rows made
here while pages render. `static/search.js` uses Pagefind when the page is served over
http(s) and the offline index otherwise; both give the same facets (source, year, people,
organizations, places, kind).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from site_builder.children import die_with_parent
from site_builder.errors import ContentError
from site_builder.model import KINDS
from site_builder.site.archive import Archive, Entity, PlacedArticle
from site_builder.wordlists import entries

PAGEFIND_TIMEOUT = 1800
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
STOP = frozenset(entries("stopwords.txt"))
EXCERPT_CHARS = 240
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


class _Folding(dict[int, str]):
    """`str.translate` table folding one character of case-folded text: accents dropped
    (NFKD, combining marks removed), `’` to `'`, and every character that cannot be part of a
    word to a space. NFKD works character by character, so folding each character alone
    gives what folding the whole text gives. Filled on first sight of each character; then
    every lookup is in C, and `translate` + `split` tokenise a page about twice as fast as a
    regular expression over the normalised text."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char == "’":
            value = "'"
        else:
            plain = _COMBINING.sub("", unicodedata.normalize("NFKD", char))
            value = "".join(c if c.isalnum() or c == "'" else " " for c in plain)
        self[code] = value
        return value


_FOLDING = _Folding()


def _tokens(text: str) -> list[str]:
    """Runs of letters, digits and apostrophes of the folded text."""
    norm = text.casefold()
    if norm.isascii():
        return norm.translate(_FOLDING).split()
    # `translate` is slow on non-ASCII text; fold only the distinct words that need it
    out: list[str] = []
    for token in set(norm.split()):
        if token.isalnum() and token.isascii():
            out.append(token)
        else:
            out.extend(token.translate(_FOLDING).split())
    return out


def _words_of(token: str) -> list[str]:
    """A token's words of two characters or more; one inner apostrophe is allowed
    (`don't`), others split it (static/search.js splits queries with the same rule)."""
    if "'" in token:
        return [w for w in _WORD.findall(token) if len(w) > 1]
    return [token] if len(token) > 1 else []


def name_words(text: str) -> list[str]:
    """Every word of a short text in order, stop words and one-letter words kept: how
    static/search.js reads a name typed as a query (`words`), to match it exactly."""
    out: list[str] = []
    for token in text.casefold().translate(_FOLDING).split():
        out.extend(_WORD.findall(token) if "'" in token else [token])
    return out


def doc_words(*texts: str) -> str:
    """The distinct searchable words of a page, sorted, stop words left out."""
    words = set(_tokens(" ".join(texts)))
    for token in [w for w in words if "'" in w or len(w) < 2]:
        words.discard(token)
        words.update(_words_of(token))
    words -= STOP
    return " ".join(sorted(words))


def repeated_words(text: str) -> dict[str, int]:
    """The words said more than once in a text, with their counts: how the offline index tells
    an article about a word from one that names it in passing (the rest occur once)."""
    counts: dict[str, int] = {}
    for token, n in Counter(text.casefold().split()).items():
        if token.isalnum() and token.isascii():
            words = [token] if len(token) > 1 else []
        else:
            words = [w for t in token.translate(_FOLDING).split() for w in _words_of(t)]
        for w in words:
            counts[w] = counts.get(w, 0) + n
    return {w: n for w, n in counts.items() if n > 1 and w not in STOP}


Row = list[object]


def article_record(archive: Archive, page: PlacedArticle) -> Row:
    """The offline index row of an article: url, title, date, source, "a", excerpt, words,
    people, organizations, places, aliases (none), repeated words (see `offline_index.Doc`)."""
    art = page.article
    ents = {k: [archive.entities[key].name for key in page.entities.get(k, [])] for k in KINDS}
    captions = " ".join(c.text for c in art.captions)
    names = [*ents["people"], *ents["organizations"], *ents["places"]]
    return [
        page.url,
        art.title,
        art.date or "",
        art.source or "",
        "a",
        " ".join(art.body[: EXCERPT_CHARS * 2].split())[:EXCERPT_CHARS],
        doc_words(art.title, art.body, captions, " ".join(art.authors), *names),
        ents["people"],
        ents["organizations"],
        ents["places"],
        [],
        repeated_words(art.body + " " + captions),
    ]


def entity_record(ent: Entity) -> Row:
    """The offline index row of an entity page."""
    last = max((p.article.date or "" for p in ent.pages), default="")
    return [
        ent.url,
        ent.name,
        last,
        "",
        "e",
        len(ent.pages),
        doc_words(ent.name, *ent.aliases),
        [ent.name] if ent.kind == "people" else [],
        [ent.name] if ent.kind == "organizations" else [],
        [ent.name] if ent.kind == "places" else [],
        ent.aliases,
        {},
    ]


SHARD_CHARS = 12_000_000
"""Characters of article text per Pagefind bundle. Pagefind holds a bundle in memory while
indexing it, about 32 MiB per million characters measured here (2,000 articles of 650 words:
275 MiB), so a bundle of this size peaks near 400 MiB whatever the size of the archive, and
the bundles are indexed one process at a time."""
ENTITY_CHARS = 400
"""What an entity page weighs against an article: Pagefind indexes only its heading and list
(1,895 entity pages took 30 MiB where 2,000 articles took 275)."""


def shard_plan(chars: dict[str, int], limit: int | None = None) -> list[list[str]]:
    """Globs of indexable pages, packed into shards of at most `limit` characters of text
    (a unit that is bigger on its own gets a shard of its own). `chars` maps each page's URL to
    its text length (`ENTITY_CHARS` for an entity page). Units: a month of articles
    (`articles/2019/03/*.html`), the year-only or undated articles of a folder, and the entity
    pages of a kind whose slug starts with one character (`people/a*.html`)."""
    limit = limit or SHARD_CHARS
    units: dict[str, int] = {}
    for url, size in chars.items():
        parts = url.split("/")
        if parts[0] == "articles":
            glob = "/".join(parts[:-1]) + "/*.html"
        elif parts[0] in KINDS and len(parts) == 2 and parts[1] != "index.html":
            glob = f"{parts[0]}/{parts[1][0]}*.html"
        else:
            continue
        units[glob] = units.get(glob, 0) + size
    shards: list[list[str]] = []
    size = 0
    for glob in sorted(units):
        if not shards or size + units[glob] > limit:
            shards.append([])
            size = 0
        shards[-1].append(glob)
        size += units[glob]
    return shards


def bundle_dir(n: int) -> str:
    """Folder of the n-th bundle: `pagefind` for the first (the one search.html imports)."""
    return "pagefind" if n == 0 else f"pagefind-{n + 1}"


@dataclass
class Indexed:
    """What the Pagefind step did: pages indexed, and the peak memory of the largest
    Pagefind process (each bundle gets its own, so this is what bounds the build's memory)."""

    pages: int = 0
    bundles: int = 0
    peak_mib: float = 0.0


def write_pagefind(site: Path, shards: list[list[str]]) -> Indexed:
    """Index the written site with Pagefind's CLI, one process per shard, one at a time (the
    Python API costs 0.1 s a call, so never record by record; one process for every bundle
    held them all in memory: 7.6 GB at 30,000 articles)."""
    done = Indexed(bundles=len(shards))
    for n, globs in enumerate(shards):
        glob = globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}"
        cmd = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--glob",
            glob,
            "--output-subdir",
            bundle_dir(n),
            "--silent",
        ]
        pages, peak = _run_pagefind(cmd, site / bundle_dir(n))
        _trim_bundle(site / bundle_dir(n), first=n == 0)
        done.pages += pages
        done.peak_mib = max(done.peak_mib, peak)
    return done


UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
"""Pagefind's own UIs and highlighter: search.html uses the JS API only (460 KB a bundle)."""
PRIMARY_ONLY = ("pagefind.js", "pagefind-worker.js")
"""The API and its worker are loaded from the first bundle; merged bundles need only their
index, fragments, filters, entry file and WebAssembly."""


def _trim_bundle(bundle: Path, *, first: bool) -> None:
    for pattern in UNUSED + (() if first else PRIMARY_ONLY):
        for f in bundle.glob(pattern):
            f.unlink()


def _run_pagefind(cmd: list[str], bundle: Path) -> tuple[int, float]:
    """Run one Pagefind process; returns (pages indexed, its peak RSS in MiB). `os.wait4`
    rather than `subprocess.run`, to read the process's own peak memory (`python -m
    pagefind` execs the binary, so the process is Pagefind itself)."""
    with tempfile.TemporaryFile() as log:
        try:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        except OSError as exc:  # a killed build must not leave it running: die_with_parent
            raise ContentError(
                f"Pagefind did not run: {exc}",
                hint="reinstall with pip install 'pagefind[bin]' or build with --no-search",
            ) from exc
        timer = threading.Timer(PAGEFIND_TIMEOUT, proc.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        reason = "timed out" if proc.returncode == -signal.SIGKILL else "failed"
        raise ContentError(
            f"Pagefind {reason}: {output.strip()[-500:]}",
            hint="build with --no-search to skip the search index",
        )
    entry = bundle / "pagefind-entry.json"
    if not entry.exists():
        raise ContentError("Pagefind wrote no index", hint="build with --no-search to skip the search index")
    data = json.loads(entry.read_text(encoding="utf-8"))
    pages = sum(int(lang.get("page_count", 0)) for lang in data.get("languages", {}).values())
    return pages, usage.ru_maxrss / 1024
