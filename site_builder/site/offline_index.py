"""The offline search index: a small manifest and shards a query loads on demand.

Pagefind cannot run from disk, so the build writes its own index for `file://` (format in
docs/search-index.md). One file loaded whole grew with the archive (45 MB at 30,000 articles);
here `search-index.js` is a manifest of a few kilobytes and everything else is split into
classic scripts under `search-index/` that `static/search.js` inserts as `<script>` tags
(which browsers allow from disk, unlike fetch and module imports) only when a query needs them:

- `t<n>.js` term shards: the postings of a range of words, cut by bytes, so one query reads
  the shards of its own words only;
- `m<n>.js` result shards: url, title, date, source and excerpt of 16 consecutive documents,
  loaded for the rows on screen;
- `f<n>.js` facet shards: source and entity numbers of 1,024 documents, for facet counts;
- `n<n>.js` name shards: the names behind those entity numbers.

Documents are numbered newest first (undated last), so a date sort is a sort by number and a
year is a range of numbers. Words are stemmed with Snowball's English stemmer (Pagefind's own,
so both engines conflate the same forms); the index stores every surface form, each pointing
at the postings of its stem group, so the browser needs no stemmer: it looks up the words a
user typed, exactly as they were folded here.
"""

from __future__ import annotations

import itertools
import json
import operator
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from site_builder.model import KINDS
from site_builder.site.search import STEMS, STOP, Row, doc_words, name_words
from site_builder.site.writer import Writer

FORMAT = 3
META_DOCS = 16
"""Documents per result shard: a page of 20 results reads at most 20 small files."""
FACET_DOCS = 1024
NAME_COUNT = 256
TERM_BYTES = 24_000
"""Target size of a term shard; a word whose postings are bigger gets a shard of its own."""
FOLDER = "search-index"
SCRIPT = "search-index.js"
"""The manifest every page's search loads (a classic script, so it loads from disk too)."""
_KIND_KEY = {"people": "p", "organizations": "o", "places": "l"}
ENTITY_KEY = "~k:e"
"""The key whose postings are the entity pages (for kind and year filters)."""


class _Base36(dict[int, str]):
    """Base-36 digits of a number, remembered: postings are mostly small gaps, so a table
    lookup per number (in C, through `map`) replaces a Python loop per number."""

    def __missing__(self, n: int) -> str:
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"
        out = ""
        m = n
        while True:
            m, r = divmod(m, 36)
            out = digits[r] + out
            if not m:
                break
        self[n] = out
        return out


_B36 = _Base36()


def gaps(ids: Sequence[int]) -> str:
    """Sorted document numbers as base-36 gaps joined by dots: `3.a.1k` is 3, 13, 69. In a
    dense list (a word on most pages) a run of equal gaps is written once with its length:
    `0.1*rs` is 0 and the next 1,000 numbers."""
    if not ids:
        return ""
    first = _B36[ids[0]]
    if len(ids) == 1:
        return first
    steps = list(map(operator.sub, ids[1:], ids[:-1]))
    if len(steps) < 16 or (ids[-1] - ids[0]) > 4 * len(steps):
        return first + "." + ".".join(map(_B36.__getitem__, steps))
    parts = [first]
    for step, run in itertools.groupby(steps):
        n = sum(1 for _ in run)
        parts.append(f"{_B36[step]}*{_B36[n]}" if n > 2 else ".".join([_B36[step]] * n))
    return ".".join(parts)


def js_order(text: str) -> bytes:
    """Sort key matching JavaScript's `<` on strings (UTF-16 code units), so the browser's
    binary search over shard boundaries agrees with this order for every character."""
    return text.encode("utf-16-be")


def _sorted(lists: list[array[int]]) -> list[int]:
    """Document numbers of one word from its forms' postings, in order, once each (pages come
    from the render workers in their own order, not in document order)."""
    if len(lists) == 1:
        return sorted(lists[0])
    return sorted(set().union(*lists))


class Doc(NamedTuple):
    """One row of `search.article_record` / `search.entity_record`, typed."""

    url: str
    title: str
    date: str
    source: str
    kind: str
    excerpt: str | int
    words: str
    names: tuple[list[str], list[str], list[str]]
    aliases: list[str]
    strong: str
    """The page's words whose stem group it repeats (`search.strong_words`), space-separated."""

    @classmethod
    def of(cls, r: Row) -> Doc:
        names = (list(r[7]), list(r[8]), list(r[9]))  # type: ignore[call-overload]
        aliases = list(r[10]) if len(r) > 10 else []  # type: ignore[call-overload]
        strong = str(r[11]) if len(r) > 11 else ""
        return cls(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            r[5] if isinstance(r[5], int) else str(r[5]),
            str(r[6]),
            names,
            aliases,
            strong,
        )

    def keyed_names(self) -> Iterator[tuple[str, str]]:
        """(kind letter, name) of every entity the page names."""
        for kind, names in zip(KINDS, self.names, strict=True):
            for name in names:
                yield _KIND_KEY[kind], name


def numbering(pages: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Document number of each (url, date): newest first, undated last, then by URL. Known
    before a page is rendered, so each page's words go into the postings as it arrives."""
    by_url = sorted(pages)
    ordered = sorted(by_url, key=operator.itemgetter(1), reverse=True)  # a stable sort keeps URL order
    return {url: n for n, (url, _date) in enumerate(ordered)}


def order_rows(rows: list[Row]) -> list[Doc]:
    """The rows as documents in the numbering every shard relies on (`numbering`)."""
    docs = {d.url: d for d in map(Doc.of, rows)}
    numbers = numbering((d.url, d.date) for d in docs.values())
    return sorted(docs.values(), key=lambda d: numbers[d.url])


def _name_table(docs: list[Doc]) -> tuple[list[tuple[str, str]], dict[tuple[str, str], int]]:
    """Entity names used by articles, most-mentioned first (so the facet values a page shows
    mostly sit in the first name shard)."""
    counts: dict[tuple[str, str], int] = {}
    for d in docs:
        if d.kind == "a":
            for key in d.keyed_names():
                counts[key] = counts.get(key, 0) + 1
    names = sorted(counts, key=lambda k: (-counts[k], k))
    return names, {k: n for n, k in enumerate(names)}


def _json(data: object) -> str:
    """JSON safe inside a script: no `</script>`, no line separators JavaScript rejects."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return payload.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _script(name: str, data: object) -> str:
    return f'SB_LOAD("{name}",{_json(data)});\n'


def _name_keys(d: Doc) -> list[str]:
    """`~n:` keys of an entity page (its name and aliases, as typed in the search box) and,
    for a person, `~u:` with the surname: the page pinned first for that query."""
    keys = []
    for name in [d.title, *d.aliases]:
        folded = name_words(name)
        if folded:
            keys.append("~n:" + " ".join(folded))
    folded = name_words(d.title)
    if d.names[0] and len(folded) > 1:
        keys.append("~u:" + folded[-1])
    return keys


class OfflineIndex:
    """The offline index made as pages are rendered: each row's words go straight into the
    postings and only what a result shows is kept, so memory grows with the vocabulary and the
    number of pages, not with their text (rows of 100,000 articles held whole cost 280 MB)."""

    def __init__(self, numbers: dict[str, int]) -> None:
        self.numbers = numbers
        self.docs: list[Doc | None] = [None] * len(numbers)
        self.words: dict[str, array[int]] = {}
        self.titles: dict[str, array[int]] = {}
        self.strong: dict[str, array[int]] = {}
        """Per word, the pages about it (`search.strong_words`): ranked first for it."""
        self.facets: dict[str, array[int]] = {}

    @staticmethod
    def _post(table: dict[str, array[int]], words: Iterable[str], doc: int) -> None:
        for w in words:
            got = table.get(w)
            if got is None:
                table[w] = array("i", (doc,))
            else:
                got.append(doc)

    def add(self, row: Row) -> None:
        """One page's row (`search.article_record` / `entity_record`); a page numbered by
        `numbering`. Its words go into the postings; the row keeps what results show."""
        d = Doc.of(row)
        n = self.numbers[d.url]
        self._post(self.words, d.words.split(), n)
        if d.kind == "a":  # an entity page is all title: no bonus (the exact one is pinned first)
            self._post(self.titles, doc_words(d.title).split(), n)
        self._post(self.strong, d.strong.split(), n)
        keys = [f"~{k}:{name}" for k, name in d.keyed_names()]
        if d.kind == "a" and d.source:
            keys.append(f"~s:{d.source}")
        if d.kind == "e":
            keys.append(ENTITY_KEY)
            keys.extend(_name_keys(d))
        self._post(self.facets, list(dict.fromkeys(keys)), n)
        self.docs[n] = d._replace(words="", strong="")

    def ordered(self) -> list[Doc]:
        missing = [url for url, n in self.numbers.items() if self.docs[n] is None]
        if missing:
            raise ValueError(f"offline index: {len(missing)} numbered page(s) never added, such as {missing[0]}")
        return [d for d in self.docs if d is not None]

    def _keys(self) -> tuple[list[str], dict[str, list[str]], dict[str, str]]:
        """Every key in JavaScript string order, the forms of each stem group's head (its most
        frequent form) and the head of every other form."""
        groups: dict[str, list[str]] = {}
        for word in self.words:
            groups.setdefault(STEMS[word], []).append(word)
        heads: dict[str, list[str]] = {}
        head_of: dict[str, str] = {}
        for forms in groups.values():
            head = min(forms, key=lambda w: (-len(self.words[w]), w))
            heads[head] = forms
            head_of.update((w, head) for w in forms if w != head)
        return sorted([*self.words, *self.facets], key=js_order), heads, head_of

    def term_shards(self) -> Iterator[tuple[str, dict[str, str | list[str]]]]:
        """Term entries in JavaScript string order, cut into shards of about TERM_BYTES, each
        made when it is written. An entry is `[docs, title docs, strong docs]` for the head of
        a stem group and a facet key, and the head's string for another form."""
        keys, heads, head_of = self._keys()
        empty: array[int] = array("i")
        shard: dict[str, str | list[str]] = {}
        size = 0
        for key in keys:
            entry: str | list[str]
            if key in head_of:
                entry = head_of[key]
            elif key in heads:
                forms = heads[key]
                tables = (self.words, self.titles, self.strong)
                entry = [gaps(_sorted([t.get(w, empty) for w in forms])) for t in tables]
            else:
                entry = [gaps(_sorted([self.facets[key]])), "", ""]
            cost = len(key) + (len(entry) if isinstance(entry, str) else sum(map(len, entry))) + 8
            if shard and size + cost > TERM_BYTES:
                yield next(iter(shard)), shard
                shard, size = {}, 0
            shard[key] = entry
            size += cost
        if shard:
            yield next(iter(shard)), shard

    def write(self, writer: Writer, bundles: list[str]) -> tuple[int, int]:
        """Write the manifest and every shard; returns (bytes of all files, number of files)."""
        ordered = self.ordered()
        sources = {s: n for n, s in enumerate(sorted({d.source for d in ordered if d.kind == "a" and d.source}))}
        names, name_ids = _name_table(ordered)
        total = files = 0

        def put(name: str, data: object) -> None:
            nonlocal total, files
            text = _script(name, data)
            writer.write(f"{FOLDER}/{name}.js", text)
            total += len(text.encode("utf-8"))
            files += 1

        starts: list[str] = []
        for n, (first, shard) in enumerate(self.term_shards()):
            starts.append(first)
            put(f"t{n}", shard)
        for n in range(0, len(ordered), META_DOCS):
            put(f"m{n // META_DOCS}", [_meta_row(r) for r in ordered[n : n + META_DOCS]])
        for n in range(0, len(ordered), FACET_DOCS):
            put(f"f{n // FACET_DOCS}", [_facet_row(r, sources, name_ids) for r in ordered[n : n + FACET_DOCS]])
        for n in range(0, len(names), NAME_COUNT):
            put(f"n{n // NAME_COUNT}", [[name, kind] for kind, name in names[n : n + NAME_COUNT]])
        years: list[list[object]] = []
        for doc, d in enumerate(ordered):
            year = d.date[:4] or "undated"
            if not years or years[-1][0] != year:
                years.append([year, doc])
        manifest = {
            "v": FORMAT,
            "folder": FOLDER + "/",
            "docs": len(ordered),
            "terms": starts[1:],
            "meta": META_DOCS,
            "facet": FACET_DOCS,
            "names": NAME_COUNT,
            "years": years,
            "sources": list(sources),
            "stop": sorted(STOP),
            "bundles": bundles,
        }
        text = f"window.SB_SEARCH={_json(manifest)};\n"
        writer.write(SCRIPT, text)
        return total + len(text.encode("utf-8")), files + 1


def _meta_row(d: Doc) -> list[object]:
    """`[url, title, date, source, excerpt, kind]`; an entity page's excerpt is its number of
    articles, its kind the letter of its type, and its aliases follow."""
    if d.kind == "e":
        kind = next(k for k, _name in d.keyed_names())
        return [d.url, d.title, d.date, "", d.excerpt, kind, d.aliases]
    return [d.url, d.title, d.date, d.source, d.excerpt, "a"]


def _facet_row(d: Doc, sources: dict[str, int], names: dict[tuple[str, str], int]) -> str:
    """`source|people|organizations|places` as base-36 numbers (`-` for no source); `e` for
    an entity page, which facets do not count."""
    if d.kind == "e":
        return "e"
    parts = [_B36[sources[d.source]] if d.source else "-"]
    for kind, group in zip(KINDS, d.names, strict=True):
        ids = sorted(names[(_KIND_KEY[kind], n)] for n in group)
        parts.append(",".join(map(_B36.__getitem__, ids)))
    return "|".join(parts)


def write_offline_index(writer: Writer, rows: list[Row], bundles: list[str]) -> tuple[int, int]:
    """Write the index of rows held together (a build feeds `OfflineIndex` page by page)."""
    index = OfflineIndex(numbering((str(r[0]), str(r[2])) for r in rows))
    for row in rows:
        index.add(row)
    return index.write(writer, bundles)


def write_no_search_index(writer: Writer) -> None:
    """The `search-index.js` of a site built without search: search.html loads it and says
    so, rather than failing on a missing file."""
    writer.write(SCRIPT, f'window.SB_SEARCH={{"v":{FORMAT},"off":true,"bundles":[]}};\n')
