"""The build cache: what earlier builds made, so the next build redoes only what changed.

Every entry is keyed by a digest of exactly what it was made from, and every digest is salted
with the digest of the code itself, so a stale entry can only miss, never be used wrongly. A
cache left by other code, another Python or another version of a dependency is ignored.

- `Memo`: results of the costly pure steps (an article file parsed, a body rendered to HTML, a
  search row), kept in `.site-builder-cache/` in the archive root between builds.
- `InputState`: a digest of each file a build reads. A file whose size, modification time and
  inode match the last record keeps its digest without being read (as git's index does); one
  modified within two seconds of that record is read again, because a time stamp cannot tell
  two writes in the same tick apart.
- `PageRecord` (kept in the built site): the digest of each page's bytes, and the snapshot of
  the archive the pages were made from (`incremental.Snapshot`), which tells the next build
  which pages an edit cannot have reached: those are linked from the previous site unrendered.

Nothing here decides what a page shows: a page is reused only when nothing it is rendered from
can have changed, so an incremental build is byte for byte a clean one (a test compares them
after random edits).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

V = TypeVar("V")

FOLDER = ".site-builder-cache"
"""In the archive root, beside content/ (git-ignored: it is made again by any build)."""

PAGES_RECORD = ".site-builder-pages.json"
"""In the built site, beside the marker: what each of its pages was rendered from."""

RACY_NS = 2_000_000_000
"""A file modified this close to the moment its digest was recorded is read again."""


def digest(*parts: bytes | memoryview | str) -> bytes:
    """A 16-byte BLAKE2b digest of the parts (each ended by a zero byte, so parts cannot run
    into each other)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.digest()


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""The distribution name at the start of a requirement (`jinja2>=3.1` -> `jinja2`)."""


@cache
def code_salt() -> str:
    """A digest of this package's files (code, theme and data), Python's version and the
    versions of the libraries the package requires: what every cached result depends on
    beyond its own inputs."""
    from importlib.metadata import PackageNotFoundError, requires, version

    package = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=16)
    h.update(sys.version.encode())
    names = ["pagefind"]
    with contextlib.suppress(PackageNotFoundError):
        names += [m.group(0) for r in requires("site-builder") or [] if "extra ==" not in r if (m := _NAME.match(r))]
    for name in sorted(set(names)):
        try:
            h.update(f"{name}={version(name)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{name}=none\n".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


class Memo(Generic[V]):
    """The results of one pure function by the digest of its inputs. Lookups made in forked
    workers are sent back with `drain` and folded in with `absorb`, so that what is saved is
    exactly what this build used: entries of deleted or edited articles are dropped.

    Entries read from the cache file stay pickled (`raw`) until asked for, and are saved
    again as the same bytes: saving 30,000 entries pickled them all anew (0.5 s of a
    one-article rebuild at 10,000 articles), though only the edited article's had changed."""

    def __init__(self, entries: dict[bytes, V] | None = None, raw: dict[bytes, bytes] | None = None) -> None:
        self.entries: dict[bytes, V] = entries or {}
        self.raw: dict[bytes, bytes] = raw or {}
        self.used: set[bytes] = set()
        self.fresh: dict[bytes, V] = {}

    def has(self, key: bytes) -> bool:
        """Whether the memo holds `key` (counted as used), without unpickling it."""
        if key in self.entries or key in self.raw:
            self.used.add(key)
            return True
        return False

    def get(self, key: bytes) -> V | None:
        found = self.entries.get(key)
        if found is None:
            data = self.raw.get(key)
            if data is None:
                return None
            found = self.entries[key] = pickle.loads(data)  # our own file, salted with the code
        self.used.add(key)
        return found

    def put(self, key: bytes, value: V) -> V:
        self.entries[key] = value
        self.fresh[key] = value
        self.used.add(key)
        return value

    def drain(self) -> tuple[list[bytes], dict[bytes, V]]:
        """What was used and made since the last drain (in a worker: to send to the parent)."""
        used, fresh = list(self.used), self.fresh
        self.used, self.fresh = set(), {}
        return used, fresh

    def absorb(self, used: Iterable[bytes], fresh: dict[bytes, V]) -> None:
        self.entries.update(fresh)
        self.used.update(used)
        self.used.update(fresh)

    def kept(self) -> dict[bytes, bytes]:
        """What this build used, pickled entry by entry (unchanged entries as they were read)."""
        out: dict[bytes, bytes] = {}
        for key in self.used:
            data = self.raw.get(key)
            if data is None and key in self.entries:
                data = pickle.dumps(self.entries[key], protocol=5)
            if data is not None:
                out[key] = data
        return out


@dataclass
class BuildCache:
    """The memos of one archive, loaded at the start of a build and saved after it succeeded.
    `folder=None` is a build without a cache (`build --clean` still saves a fresh one)."""

    folder: Path | None
    parsed: Memo[Any] = field(default_factory=Memo)
    """file digest -> (Article, near-duplicate sketch)."""
    bodies: Memo[str] = field(default_factory=Memo)
    """digest of a body and its entity links -> the body's HTML."""
    rows: Memo[list[object]] = field(default_factory=Memo)
    """digest of an article page -> its offline search row."""
    tables: Memo[str] = field(default_factory=Memo)
    """digest of a piece of a data table's rows -> its CSV text (`export.csv_chunks`)."""
    derived: Memo[Any] = field(default_factory=Memo)
    """What the whole archive's mentions make, by what it is made from: the entities
    (`archive._resolve_memo`) and the co-mention counts (`make.comentions`)."""

    MEMOS = ("parsed", "bodies", "rows", "tables", "derived")

    def load(self) -> None:
        """Read the memos left by the last build (after the check that finds nothing changed,
        which needs none of them); an unreadable, foreign or stale one is ignored."""
        if self.folder is None:
            return
        for name in self.MEMOS:
            entries = _load(self.folder / f"{name}.pickle")
            if entries is not None and all(type(v) is bytes for v in entries.values()):
                setattr(self, name, Memo(raw=entries))

    def templates(self) -> Path | None:
        """A folder for Jinja's compiled templates, one per version of this code (what Jinja
        compiles depends on the environment's settings, which its own cache does not key on);
        those of other versions are removed. None without a cache or where it cannot be made."""
        if self.folder is None:
            return None
        top = self.folder / "templates"
        here = top / code_salt()
        try:
            here.mkdir(parents=True, exist_ok=True)
            for other in top.iterdir():
                if other != here:
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:
            return None
        return here

    def save(self) -> None:
        """Write what this build used; a failure to write costs the next build time, nothing else."""
        if self.folder is None:
            return
        for name in self.MEMOS:
            memo: Memo[Any] = getattr(self, name)
            _store(self.folder / f"{name}.pickle", {"salt": code_salt(), "entries": memo.kept()})


def _load(path: Path) -> Any:
    """The entries of a cache file written by this code, or None."""
    try:
        with open(path, "rb") as f:
            data = pickle.load(f)  # our own file in the archive, salted with the code
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("salt") != code_salt() or not isinstance(data.get("entries"), dict):
        return None
    return data["entries"]


def _store(path: Path, data: object) -> None:
    """Write `data` whole or not at all (a temporary file renamed over the old one)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(data, f, protocol=5)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@dataclass
class InputState:
    """The digest of every file a build reads, by its path."""

    files: dict[str, bytes]

    def digest(self, *extra: str, prefix: str = "") -> str:
        """One digest of the inputs whose path starts with `prefix` (all by default), with
        `extra` (the settings given on the command line)."""
        h = hashlib.blake2b(digest_size=16)
        for part in (code_salt(), *extra):
            h.update(part.encode() + b"\0")
        for name in sorted(self.files):
            if name.startswith(prefix):
                h.update(name.encode("utf-8", "surrogatepass") + b"\0" + self.files[name])
        return h.hexdigest()


def read_inputs(root: Path, folders: Iterable[tuple[str, Path]], cache_folder: Path | None) -> InputState:
    """Digests of every file under each (label, folder), hidden files and `content/raw/`
    excepted (ingest's input: a build never reads it). Known files unchanged since the
    recorded state keep their digest unread; the new state is recorded for the next build."""
    record_path = cache_folder / "files.pickle" if cache_folder else None
    old: dict[str, tuple[int, int, int, bytes]] = {}
    recorded_at = 0
    if record_path is not None:
        data = _load(record_path)
        if data is not None:
            old, recorded_at = data.get("files", {}), int(data.get("at", 0))
    now = time.time_ns()
    state: dict[str, tuple[int, int, int, bytes]] = {}
    skip = (root / "content" / "raw").resolve()
    for label, folder in folders:
        if not folder.is_dir():
            continue
        top = str(folder)
        for dirpath, dirnames, filenames in os.walk(top):
            if Path(dirpath).resolve() == skip:
                dirnames[:] = []
                continue
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            prefix = label + dirpath[len(top) :].replace(os.sep, "/") + "/"
            for name in filenames:
                if name.startswith("."):
                    continue
                path = os.path.join(dirpath, name)
                key = prefix + name
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                known = old.get(key)
                if (
                    known is not None
                    and known[:3] == (st.st_mtime_ns, st.st_size, st.st_ino)
                    and st.st_mtime_ns < recorded_at - RACY_NS
                ):
                    state[key] = known
                    continue
                try:
                    with open(path, "rb") as f:
                        found = digest(f.read())
                except OSError:
                    continue  # unreadable: the build itself says so, naming the file
                state[key] = (st.st_mtime_ns, st.st_size, st.st_ino, found)
    if record_path is not None and state != old:
        _store(record_path, {"salt": code_salt(), "entries": {"files": state, "at": now}})
    return InputState({k: v[3] for k, v in state.items()})


def last_build(folder: Path, out: Path) -> tuple[str, str]:
    """(digest of the inputs, `site_state` of the site) recorded by the last build into `out`."""
    found = _load(folder / "builds.pickle")
    entry = found.get(str(out)) if isinstance(found, dict) else None
    return entry if isinstance(entry, tuple) and len(entry) == 2 else ("", "")


def record_build(folder: Path, out: Path, inputs: str, state: str) -> None:
    """Record what `out` was just built from, for `last_build`."""
    found = _load(folder / "builds.pickle")
    builds = found if isinstance(found, dict) else {}
    builds[str(out)] = (inputs, state)
    _store(folder / "builds.pickle", {"salt": code_salt(), "entries": builds})


def site_state(site: Path) -> str:
    """A digest of the name, size and modification time of every file of a built site (but
    its records): a site that lost, gained or changed a file since it was built is rebuilt,
    not declared up to date."""
    h = hashlib.blake2b(digest_size=16)
    top = str(site)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        prefix = dirpath[len(top) :]
        for name in sorted(filenames):
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            h.update(f"{prefix}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass
class PageRecord:
    """What the pages of a built site were rendered from: the theme, each page's digest and
    the archive's snapshot. Kept in the site, and a function of its inputs alone (the same
    after a clean build as after an incremental one)."""

    theme: str = ""
    """A digest of the theme's files and the settings: pages of another theme are never reused."""
    pages: dict[str, str] = field(default_factory=dict)
    snapshot: object = None
    """What the article and entity pages were made from (`incremental.Snapshot`, as JSON)."""

    @classmethod
    def read(cls, site: Path) -> PageRecord:
        try:
            data = json.loads((site / PAGES_RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("salt") != code_salt():
            return cls()
        pages = data.get("pages")
        return cls(str(data.get("theme", "")), pages if isinstance(pages, dict) else {}, data.get("snapshot"))

    def write(self, site: Path) -> None:
        data = {
            "salt": code_salt(),
            "theme": self.theme,
            "pages": dict(sorted(self.pages.items())),
            "snapshot": self.snapshot,
        }
        (site / PAGES_RECORD).write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
