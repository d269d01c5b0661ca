"""Editors' entity notes: `content/entities/<people|organizations|places>/<slug>.md`.

A note's front matter may give `name` (the canonical name), `aliases`, `type`, `merge_into`
(another entity's name: this one disappears into it), `ignore: true` (not an entity at all),
identifiers such as `wikidata`, and its Markdown body is the entity's description. Ingest and
build both apply notes, so a fix made once in a note reaches every article and page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from site_builder.entities.gazetteer import fold
from site_builder.errors import ContentError
from site_builder.model import Entities

KINDS = ("people", "organizations", "places")
"""Entity types, as folder names and front-matter list names."""

_TYPE_ALIASES = {"person": "people", "people": "people", "organization": "organizations",
                 "organisation": "organizations", "organizations": "organizations", "org": "organizations",
                 "place": "places", "places": "places", "location": "places"}


@dataclass(frozen=True)
class Note:
    """One curated entity."""

    kind: str
    name: str
    path: str
    aliases: tuple[str, ...] = ()
    merge_into: str | None = None
    ignore: bool = False
    identifiers: tuple[tuple[str, str], ...] = ()
    description: str = ""


@dataclass
class Curation:
    """All notes, indexed by the folded form of every name and alias they claim."""

    notes: list[Note] = field(default_factory=list)
    index: dict[str, Note] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Curation:
        """Read every note; a broken note raises ContentError naming it."""
        cur = cls()
        if not folder.is_dir():
            return cur
        for kind_dir in sorted(folder.iterdir()):
            if not kind_dir.is_dir():
                continue
            for path in sorted(kind_dir.glob("*.md")):
                cur.add(parse_note(path.read_text(encoding="utf-8"), kind_dir.name, path.as_posix()))
        return cur

    def add(self, note: Note) -> None:
        """Index a note by its name and aliases; two notes claiming one name fail loudly."""
        self.notes.append(note)
        for name in (note.name, *note.aliases):
            other = self.index.get(fold(name))
            if other is not None and other is not note:
                raise ContentError(f"'{name}' is claimed by two entity notes: {other.path} and {note.path}",
                                   path=note.path, hint="keep one note, or make one merge_into the other")
            self.index[fold(name)] = note

    def resolve(self, kind: str, name: str) -> tuple[str, str] | None:
        """(kind, canonical name) for an extracted name, or None when a note says to drop it."""
        seen: set[str] = set()
        while True:
            note = self.index.get(fold(name))
            if note is None:
                return kind, name
            if note.ignore:
                return None
            if note.merge_into and fold(note.merge_into) not in seen:
                seen.add(fold(note.merge_into))
                kind, name = note.kind, note.merge_into
                continue
            return note.kind, note.name

    def apply(self, ents: Entities) -> Entities:
        """Rewrite an article's entities through the notes (renames, merges, drops, retypes)."""
        if not self.index:
            return ents
        out: dict[str, dict[str, None]] = {k: {} for k in KINDS}
        for kind in KINDS:
            for name in getattr(ents, kind):
                resolved = self.resolve(kind, name)
                if resolved is not None:
                    out[resolved[0]].setdefault(resolved[1])
        roles = []
        for person, role in ents.roles:
            r = self.resolve("people", person)
            if r is not None:
                roles.append((r[1], role))
        return Entities(
            people=tuple(sorted(out["people"])),
            organizations=tuple(sorted(out["organizations"])),
            places=tuple(sorted(out["places"])),
            roles=tuple(sorted(set(roles))),
        )


def parse_note(text: str, folder_kind: str, path: str) -> Note:
    """Parse one note; the folder gives the type unless the front matter says otherwise."""
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(f"invalid YAML front matter: {getattr(exc, 'problem', exc)}", path=path,
                           line=(mark.line + 1) if mark else None, hint="fix the YAML between the --- lines") from exc
    meta: dict[str, Any] = dict(post.metadata)
    kind = _TYPE_ALIASES.get(str(meta.get("type") or folder_kind).lower())
    if kind is None:
        raise ContentError(f"unknown entity type {meta.get('type')!r}", path=path,
                           hint="use person, organization or place")
    name = str(meta.get("name") or meta.get("title") or Path(path).stem.replace("-", " ").title())
    aliases = meta.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    ids = {k: str(v) for k, v in meta.items() if k in ("wikidata", "wikipedia", "url", "viaf", "isni", "orcid")}
    return Note(
        kind=kind, name=name, path=path, aliases=tuple(str(a) for a in aliases),
        merge_into=str(meta["merge_into"]) if meta.get("merge_into") else None,
        ignore=bool(meta.get("ignore", False)), identifiers=tuple(sorted(ids.items())),
        description=post.content.strip(),
    )
