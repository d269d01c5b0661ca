"""`site-builder entities --audit`: the entity pages an editor should look at, and the fix for each.

An extractor is never perfect, and an editor with an hour should spend it where the pages are
most likely wrong. Each finding names the page, says why it is suspect, and gives the note to
write in `content/entities/` that fixes it (a note is applied at ingest and at build, so the
fix reaches every article). Suspects, most useful first:

- probable duplicates the archive could not settle on its own (`entities.variants`);
- one name under two kinds (`Jordan` the person and the country);
- fragments: a name that starts or ends with a joining word (`Office of`, `and Partners`) or
  keeps a possessive;
- one-word names that news writes as common words (`Witnesses`, `Officials`), when only one or
  two articles link them;
- and, as a count with the first few, pages linked from one article only (where junk collects).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from site_builder.model import KIND_SINGULAR
from site_builder.site.archive import Archive, Entity
from site_builder.text import fold
from site_builder.wordlists import entries

_JOINERS = frozenset({"of", "for", "and", "&", "the", "de", "in", "on", "at", "to"})


@dataclass(frozen=True)
class Finding:
    """One suspect page and the note that would fix it."""

    category: str
    kind: str
    name: str
    slug: str
    articles: int
    why: str
    note: str
    """Front matter for `content/entities/<kind>/<slug>.md`."""


@functools.lru_cache(maxsize=1)
def _lower_words() -> frozenset[str]:
    return frozenset(entries("lower_words.txt", "site_builder.entities"))


def audit(archive: Archive) -> list[Finding]:
    """Every finding, grouped by category in the order of the module docstring."""
    by_ident = {(e.kind, fold(e.name)): e for e in archive.entities.values()}
    for ent in archive.entities.values():
        for alias in ent.aliases:
            by_ident.setdefault((ent.kind, fold(alias)), ent)
    out: list[Finding] = []
    for prop in archive.proposals:
        found = by_ident.get((prop.kind, prop.name))
        if found is None:
            continue
        ent = found
        if prop.reason == "same name under another kind":
            kind, _sep, _name = prop.target.partition("/")
            out.append(
                _finding(
                    "kind conflict",
                    ent,
                    f"also filed as {KIND_SINGULAR.get(kind, kind)}; if this page is the same one, retype it",
                    f"type: {KIND_SINGULAR.get(kind, kind)}",
                )
            )
        else:
            target = prop.target.split(" or ")[0]
            named = by_ident.get((prop.kind, target))
            out.append(
                _finding(
                    "probable duplicate",
                    ent,
                    f"{prop.reason}: probably {prop.target}",
                    f"merge_into: {named.name if named else target}",
                )
            )
    for ent in sorted(archive.entities.values(), key=lambda e: e.key):
        if ent.note is not None:
            continue  # an editor has already decided about this one
        words = ent.name.split()
        if words and (words[0].lower() in _JOINERS or words[-1].lower() in _JOINERS or ent.name.endswith("’s")):
            out.append(_finding("fragment", ent, "starts or ends with a joining word", "ignore: true"))
        elif len(words) == 1 and ent.name.lower() in _lower_words() and len(ent.pages) <= 2:
            out.append(_finding("common word", ent, "a word news usually writes in lower case", "ignore: true"))
    return out


def single_article(archive: Archive) -> list[Entity]:
    """Pages linked from one article only, by kind and name."""
    return sorted((e for e in archive.entities.values() if len(e.pages) == 1), key=lambda e: e.key)


def _finding(category: str, ent: Entity, why: str, note: str) -> Finding:
    return Finding(category, ent.kind, ent.name, ent.slug, len(ent.pages), why, note)


def report(archive: Archive, root: Path, show_single: int = 20) -> str:
    """The audit as text for a terminal: each finding with the file to write and its contents."""
    findings = audit(archive)
    lines = [f"{len(archive.entities)} entity pages; {len(findings)} suspect"]
    current = ""
    for f in findings:
        if f.category != current:
            current = f.category
            lines.append(f"\n## {current}")
        path = root / "content" / "entities" / f.kind / f"{f.slug}.md"
        lines.append(f"- {f.kind}/{f.slug}: {f.name!r} ({f.articles} article(s)) -- {f.why}")
        lines.append(f"    write {path}:")
        lines.extend(f"      {line}" for line in ("---", *f.note.splitlines(), "---"))
    singles = single_article(archive)
    lines.append(f"\n## linked from one article only: {len(singles)} of {len(archive.entities)} pages")
    for ent in singles[:show_single]:
        lines.append(f"- {ent.kind}/{ent.slug}: {ent.name!r} ({ent.pages[0].url})")
    if len(singles) > show_single:
        lines.append(f"  ... {len(singles) - show_single} more (--all lists them)")
    return "\n".join(lines)
