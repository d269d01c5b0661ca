"""Search: the words of a page, the rows of the offline index, and Pagefind's bundles.

Pagefind cannot run from disk (browsers block its module imports, fetches and workers on
`file://`), so the build also writes an offline index (`offline_index.py`) from the rows made
here while pages render. `static/search.js` uses Pagefind when the page is served over
http(s) and the offline index otherwise; both give the same facets (source, year, people,
organizations, places, kind).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import Stemmer

from site_builder.children import die_with_parent
from site_builder.errors import Cancelled, ContentError
from site_builder.model import KINDS
from site_builder.progress import Tick
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
    return [w for token in set(norm.split()) for w in _fold_token(token)]


def _fold_token(token: str) -> list[str]:
    """The folded runs of one case-folded, space-free token (most are plain ASCII words)."""
    return [token] if token.isalnum() and token.isascii() else token.translate(_FOLDING).split()


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


STRONG = 3
"""A page is about a word when the word's stem group occurs this many times in its text."""


class _Stems(dict[str, str]):
    """Snowball English stems (PyStemmer, the stemmer Pagefind uses), remembered per process:
    an article's words are mostly words already seen."""

    def __missing__(self, word: str) -> str:
        if len(self) > 1_000_000:
            self.clear()
        value: str = _STEMMER.stemWord(word)
        self[word] = value
        return value


_STEMMER = Stemmer.Stemmer("english")
STEMS = _Stems()


def strong_words(text: str, words: Iterable[str]) -> str:
    """The words (of `words`, a page's indexed words) whose stem group occurs at least STRONG
    times in `text`: how the offline index tells an article about a word from one naming it in
    passing. Counted per stem, so "vaccine, vaccines, vaccination" make three of one group."""
    counts: dict[str, int] = {}
    for token, n in Counter(text.casefold().split()).items():
        for w in (w for t in _fold_token(token) for w in _words_of(t)):
            stem = STEMS[w]
            counts[stem] = counts.get(stem, 0) + n
    return " ".join(w for w in words if counts.get(STEMS[w], 0) >= STRONG)


Row = list[object]


def article_record(archive: Archive, page: PlacedArticle) -> Row:
    """The offline index row of an article: url, title, date, source, "a", excerpt, words,
    people, organizations, places, aliases (none), strong words (see `offline_index.Doc`)."""
    art = page.article
    ents = {k: [archive.entities[key].name for key in page.entities.get(k, [])] for k in KINDS}
    captions = " ".join(c.text for c in art.captions)
    names = [*ents["people"], *ents["organizations"], *ents["places"]]
    words = doc_words(art.title, art.body, captions, " ".join(art.authors), *names)
    return [
        page.url,
        art.title,
        art.date or "",
        art.source or "",
        "a",
        excerpt(art.body),
        words,
        ents["people"],
        ents["organizations"],
        ents["places"],
        [],
        strong_words(art.body + " " + captions, words.split()),
    ]


def excerpt(body: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of the body on one line, cut at a word and marked as cut (`…`) unless it
    ends a sentence: a result ending in "the ki" reads as a broken page."""
    text = " ".join(body[: limit * 2].split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    head = head.rstrip(",;:-–—")
    return head if head.endswith((".", "!", "?", ".”", '."')) else head + "…"


def entity_date(ent: Entity) -> str:
    """An entity page's date in search: its latest article's."""
    return max((p.article.date or "" for p in ent.pages), default="")


def page_dates(pages: Iterable[PlacedArticle], entities: Iterable[Entity]) -> Iterator[tuple[str, str]]:
    """(url, date) of every page the offline index holds, for `offline_index.numbering`."""
    yield from ((p.url, p.article.date or "") for p in pages)
    yield from ((e.url, entity_date(e)) for e in entities)


def entity_record(ent: Entity) -> Row:
    """The offline index row of an entity page."""
    return [
        ent.url,
        ent.name,
        entity_date(ent),
        "",
        "e",
        len(ent.pages),
        doc_words(ent.name, *ent.aliases),
        [ent.name] if ent.kind == "people" else [],
        [ent.name] if ent.kind == "organizations" else [],
        [ent.name] if ent.kind == "places" else [],
        ent.aliases,
        "",
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
    reused: int = 0
    """Bundles copied from the previous build, their pages unchanged."""
    peak_mib: float = 0.0


RECORD = ".site-builder-bundles.json"
"""What each Pagefind bundle of a built site was made from (kept in the site, beside the
marker file), so the next build re-indexes only the bundles whose pages changed."""


def bundle_digest(site: Path, globs: list[str], pages: list[str], first: bool) -> str:
    """A hash of everything a bundle depends on: Pagefind's version, its globs, whether it is
    the first bundle (trimmed differently), and the bytes of its `pages` (what its globs match)."""
    h = hashlib.sha256(f"{_pagefind_version()}\n{first}\n{globs}\n".encode())
    for url in pages:
        h.update(url.encode("utf-8") + b"\0")
        h.update(hashlib.sha256((site / url).read_bytes()).digest())
    return h.hexdigest()


def matching(urls: list[str], globs: list[str]) -> list[str]:
    """The urls a bundle's globs match, as Pagefind matches them (`*` stays within a folder:
    `people/a*.html` is not `people/az/b.html`)."""
    found = re.compile("|".join(fnmatch.translate(g).replace(".*", "[^/]*") for g in globs))
    return [u for u in urls if found.match(u)]


def _view(site: Path, pages: list[str]) -> Path:
    """A folder in the site being built (so a killed build's leftovers go with it) holding hard
    links to one bundle's pages at their own paths.
    Pagefind walks the whole --site folder to match its glob, so 61 bundles of a 100,000-article
    site each walked 258,000 files (half a second each, growing with the site); a view holds
    only what the bundle indexes, and its URLs are the same."""
    view = Path(tempfile.mkdtemp(prefix=".pagefind-view-", dir=site))
    for url in pages:
        target = view / url
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / url, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(site / url, target)
    return view


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "unknown"


def write_pagefind(
    site: Path,
    shards: list[list[str]],
    urls: list[str],
    previous: Path | None = None,
    tick: Tick | None = None,
    stop: Callable[[], bool] | None = None,
) -> Indexed:
    """Index the written site with Pagefind's CLI, one process per shard, one at a time (the
    Python API costs 0.1 s a call, so never record by record; one process for every bundle
    held them all in memory: 7.6 GB at 30,000 articles). A bundle whose pages are byte for byte
    those of a bundle of the `previous` site is copied from it instead (hard links). `stop`:
    asked while Pagefind runs; when True, Pagefind is killed and `Cancelled` raised."""
    done = Indexed(bundles=len(shards))
    old = _read_record(previous)
    record: dict[str, str] = {}
    html = sorted(u for u in urls if u.endswith(".html"))
    for n, globs in enumerate(shards):
        pages_of = matching(html, globs)
        digest = bundle_digest(site, globs, pages_of, n == 0)
        record[digest] = bundle_dir(n)
        target = site / bundle_dir(n)
        if previous is not None and digest in old and _reuse(previous / old[digest], target):
            pages, peak = _page_count(target), 0.0
            done.reused += 1
        else:
            glob = globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}"
            view = _view(site, pages_of)
            try:
                cmd = [sys.executable, "-m", "pagefind", "--site", str(view), "--glob", glob]
                pages, peak = _run_pagefind([*cmd, "--output-path", str(target), "--silent"], target, stop)
            finally:
                shutil.rmtree(view, ignore_errors=True)
            _trim_bundle(target, first=n == 0)
        done.pages += pages
        done.peak_mib = max(done.peak_mib, peak)
        if tick is not None:
            tick(1)
    (site / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return done


def _read_record(previous: Path | None) -> dict[str, str]:
    if previous is None:
        return {}
    try:
        data = json.loads((previous / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _reuse(old: Path, target: Path) -> bool:
    """Copy a previous bundle by hard links (a copy where links cannot be made); False when it
    is missing or damaged, and the bundle is indexed afresh."""
    if not (old / "pagefind-entry.json").is_file() or target.exists():
        return False
    try:
        shutil.copytree(old, target, copy_function=_link_or_copy)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
"""Pagefind's own UIs and highlighter: search.html uses the JS API only (460 KB a bundle)."""
PRIMARY_ONLY = ("pagefind.js", "pagefind-worker.js")
"""The API and its worker are loaded from the first bundle; merged bundles need only their
index, fragments, filters, entry file and WebAssembly."""


def _trim_bundle(bundle: Path, *, first: bool) -> None:
    for pattern in UNUSED + (() if first else PRIMARY_ONLY):
        for f in bundle.glob(pattern):
            f.unlink()


def _run_pagefind(cmd: list[str], bundle: Path, stop: Callable[[], bool] | None = None) -> tuple[int, float]:
    """Run one Pagefind process; returns (pages indexed, its peak RSS in MiB).

    The peak is Pagefind's own: the kernel's high-water mark of the process after it exec'd the
    binary (`VmHWM` in /proc, sampled every 50 ms while it runs). `ru_maxrss` would also count
    the pages it shared with the build right after the fork (the build's whole size), so it is
    used only where /proc is missing."""
    with tempfile.TemporaryFile() as log:
        try:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        except OSError as exc:  # a killed build must not leave it running: die_with_parent
            raise ContentError(
                f"Pagefind did not run: {exc}",
                hint="reinstall with pip install 'pagefind[bin]' or build with --no-search",
            ) from exc
        status, usage, hwm = _wait_sampling(proc, stop)
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        reason = "timed out" if proc.returncode == -signal.SIGKILL else "failed"
        raise ContentError(
            f"Pagefind {reason}: {output.strip()[-500:]}",
            hint="build with --no-search to skip the search index",
        )
    if not (bundle / "pagefind-entry.json").exists():
        raise ContentError("Pagefind wrote no index", hint="build with --no-search to skip the search index")
    return _page_count(bundle), (hwm if hwm else usage.ru_maxrss) / 1024


def _wait_sampling(proc: subprocess.Popen[bytes], stop: Callable[[], bool] | None = None) -> tuple[int, Any, int]:
    """Wait for a process (killing it after PAGEFIND_TIMEOUT, or when `stop` says so: then
    `Cancelled` is raised); returns its wait status, its resource usage and the last
    high-water mark of its memory read from /proc (KiB, 0 if none)."""
    status_file = f"/proc/{proc.pid}/status"
    deadline = time.monotonic() + PAGEFIND_TIMEOUT
    hwm = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, usage, hwm
        if stop is not None and stop():
            proc.kill()
            proc.wait()
            raise Cancelled("search indexing stopped on request")
        try:
            with open(status_file, encoding="ascii", errors="replace") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm = int(line.split()[1])
                        break
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            proc.kill()
        time.sleep(0.05)


def _page_count(bundle: Path) -> int:
    data = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(lang.get("page_count", 0)) for lang in data.get("languages", {}).values())
