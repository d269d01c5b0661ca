"""Editors' entity notes: `content/entities/<people|organizations|places>/<slug>.md`.

A note's front matter may give `name` (the canonical name), `aliases`, `type`, `merge_into`
(another entity's name: this one disappears into it), `ignore: true` (not an entity at all),
identifiers such as `wikidata`, and its Markdown body is the entity's description. Ingest and
build both apply notes, so a fix made once in a note reaches every article and page.

A note speaks for one kind: `organizations/hamburg.md` with `ignore: true` drops the
organization Hamburg, never the city. Its folder says which extracted mentions it claims and
`type` what they become, so `people/john-deere.md` with `type: organization` turns the person
"John Deere" the extractor found into the company. Unknown keys are errors, with the closest
known key named (`merge_int` -> `merge_into`): a misspelt key silently did nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder import schema
from site_builder.content_files import display_path, read_content_file
from site_builder.errors import ContentError
from site_builder.model import KINDS, Entities
from site_builder.safe_yaml import FrontMatterError, split
from site_builder.schema import FieldError
from site_builder.text import fold, strip_controls

_TYPE_ALIASES = {
    "person": "people",
    "people": "people",
    "organization": "organizations",
    "organisation": "organizations",
    "organizations": "organizations",
    "org": "organizations",
    "place": "places",
    "places": "places",
    "location": "places",
}
IDENTIFIERS = ("wikidata", "wikipedia", "url", "viaf", "isni", "orcid", "geonames")
NOTE_FIELDS = (
    "name",
    "title",
    "aliases",
    "type",
    "merge_into",
    "ignore",
    "born",
    "died",
    "founded",
    "description",
    *IDENTIFIERS,
)


@dataclass(frozen=True)
class Note:
    """One curated entity."""

    kind: str
    """What the entity is (the `type`, or the folder)."""
    name: str
    path: str
    aliases: tuple[str, ...] = ()
    merge_into: str | None = None
    ignore: bool = False
    identifiers: tuple[tuple[str, str], ...] = ()
    description: str = ""
    folder: str = ""
    """The kind of extracted mentions the note claims (its folder; the kind when none)."""

    @property
    def claims(self) -> tuple[str, ...]:
        """Kinds whose mentions this note speaks for: its folder's, and its own type's."""
        return tuple(dict.fromkeys((self.folder or self.kind, self.kind)))


@dataclass
class Curation:
    """All notes, indexed by (kind claimed, folded name) for every name and alias they claim."""

    notes: list[Note] = field(default_factory=list)
    index: dict[tuple[str, str], Note] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, root: Path | None = None) -> Curation:
        """Read every note; broken notes raise one ContentError naming each (file and line)."""
        cur = cls()
        if not folder.is_dir():
            return cur
        base = root or folder.parent.parent
        errors: list[ContentError] = []
        for kind_dir in sorted(folder.iterdir()):
            if not kind_dir.is_dir():
                continue
            for path in sorted(kind_dir.glob("*.md")):
                display = display_path(base, path)
                try:
                    cur.add(parse_note(read_content_file(base, path, display), kind_dir.name, display))
                except ContentError as exc:
                    errors.append(exc)
                except OSError as exc:
                    errors.append(
                        ContentError(
                            f"cannot read: {exc.strerror}", path=display, hint="check the file and its permissions"
                        )
                    )
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ContentError(
                f"{len(errors)} entity notes cannot be read:\n  " + "\n  ".join(e.format() for e in errors),
                hint="fix them and run again",
            )
        return cur

    def add(self, note: Note) -> None:
        """Index a note by its name and aliases; two notes claiming one name of one kind fail loudly."""
        self.notes.append(note)
        for kind in note.claims:
            for name in (note.name, *note.aliases):
                key = (kind, fold(name))
                other = self.index.get(key)
                if other is not None and other is not note:
                    raise ContentError(
                        f"'{name}' is claimed by two entity notes: {other.path} and {note.path}",
                        path=note.path,
                        hint="keep one note, or make one merge_into the other",
                    )
                self.index[key] = note

    def note_for(self, kind: str, name: str) -> Note | None:
        """The note that speaks for this entity, if any."""
        return self.index.get((kind, fold(name)))

    def resolve(self, kind: str, name: str) -> tuple[str, str] | None:
        """(kind, canonical name) for an extracted name, or None when a note says to drop it."""
        seen: set[tuple[str, str]] = set()
        while True:
            note = self.index.get((kind, fold(name)))
            if note is None:
                return kind, name
            if note.ignore:
                return None
            if note.merge_into and (note.kind, fold(note.merge_into)) not in seen:
                seen.add((note.kind, fold(note.merge_into)))
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
    """Parse one note; the folder gives the type unless the front matter says otherwise.
    Raises ContentError naming the file and the line at fault."""
    text = strip_controls(text)
    try:
        meta, body = split(text)
        return _note(meta, body, folder_kind, path)
    except FrontMatterError as exc:
        raise ContentError(exc.message, path=path, line=exc.line, hint="fix the YAML between the --- lines") from None
    except FieldError as exc:
        raise ContentError(
            str(exc),
            path=path,
            line=schema.field_line(text, exc.field),
            hint=f"entity note keys: {', '.join(NOTE_FIELDS)}",
        ) from None


def _note(meta: dict[str, Any], body: str, folder_kind: str, path: str) -> Note:
    for key, close in schema.unknown_keys(meta, NOTE_FIELDS):
        raise FieldError(key, "unknown key" + (f"; did you mean '{close}'?" if close else ""))
    folder = _TYPE_ALIASES.get(folder_kind.lower())
    if folder is None:
        raise ContentError(
            f"entity notes go in people/, organizations/ or places/, not {folder_kind}/",
            path=path,
            hint="move the note into one of those folders",
        )
    typ = schema.text("type", meta.get("type"))
    kind = _TYPE_ALIASES.get(typ.lower()) if typ else folder
    if kind is None:
        raise FieldError("type", f"unknown entity type {typ!r} (use person, organization or place)")
    name = (
        schema.text("name", meta.get("name"), max_len=500)
        or schema.text("title", meta.get("title"), max_len=500)
        or Path(path).stem.replace("-", " ").title()
    )
    ids = {k: schema.text(k, meta[k], max_len=2000) for k in IDENTIFIERS if meta.get(k) is not None}
    if ids.get("url"):
        ids["url"] = schema.web_url("url", ids["url"])
    for key in ("born", "died", "founded"):
        value = schema.text(key, meta.get(key))
        if value and schema.iso_date(key, value) is None:
            raise FieldError(key, f"cannot read {value!r} as a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    return Note(
        kind=kind,
        name=name,
        path=path,
        aliases=schema.names("aliases", meta.get("aliases")),
        merge_into=schema.text("merge_into", meta.get("merge_into")),
        ignore=schema.flag("ignore", meta.get("ignore")),
        identifiers=tuple(sorted((k, v) for k, v in ids.items() if v)),
        description=(schema.text("description", meta.get("description")) or body).strip(),
        folder=folder,
    )
