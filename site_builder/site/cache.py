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
import sqlite3
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


_INHERITED: list[sqlite3.Connection] = []
"""Connections a forked worker inherited: closing one there could end the parent's (WAL) use
of the file, so they are kept, unused, until the worker exits."""


class Store:
    """Every memo's entries in one SQLite file of the cache folder, read and written entry by
    entry: memory holds the keys a build used, not the values.

    The memos held every value (a parsed article, its body as HTML, its search row, its piece
    of the data tables: four copies of each article's text) until the end of the build, when
    they were pickled whole into one file each: 2.65 GiB for the largest process of a clean
    build at 100,000 articles. Here a value made in this process goes to the file as it is
    made, one made in a worker when the worker's results come back (`Memo.absorb`), and a
    worker reads through its own connection (a connection never crosses a fork).

    Written in WAL mode without a sync per commit: a killed build loses at most the entries
    of its last transaction, and every entry is a pure result under a key, so any subset is a
    valid cache. A file of other code (the salt) or one SQLite cannot read is removed and
    made again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._tables: set[str] = set()
        self._owner = os.getpid()
        self.broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        if self._conn is not None:  # the parent's, inherited by a fork: never used, never closed
            _INHERITED.append(self._conn)
        self._conn, self._pid, self._tables = None, os.getpid(), set()
        if self.broken:
            return None
        if self._pid != self._owner:  # a worker: reads only, through its own connection
            try:
                self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            except sqlite3.Error:
                self.broken = True
            return self._conn
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=30)
                conn.execute("PRAGMA auto_vacuum=INCREMENTAL")  # only takes on a new file
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=OFF")
                conn.execute("CREATE TABLE IF NOT EXISTS meta (salt TEXT)")
                found = conn.execute("SELECT salt FROM meta").fetchall()
                if found != [(code_salt(),)]:
                    if found:  # another version of this code: its entries can only miss
                        conn.close()
                        raise sqlite3.DatabaseError("stale")
                    conn.execute("INSERT INTO meta VALUES (?)", (code_salt(),))
                    conn.commit()
                self._conn = conn
                return conn
            except (sqlite3.Error, OSError):
                if attempt:
                    break
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(f"{self.path}{suffix}")
        self.broken = True
        return None

    def _table(self, conn: sqlite3.Connection, name: str) -> str:
        table = f"memo_{name}"
        if table not in self._tables:
            if self._pid == self._owner:
                conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (key BLOB PRIMARY KEY, value BLOB)")
            self._tables.add(table)
        return table

    def get(self, name: str, key: bytes) -> bytes | None:
        conn = self._connect()
        if conn is None:
            return None
        try:
            row = conn.execute(f"SELECT value FROM {self._table(conn, name)} WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:  # no such table yet (a worker), or a damaged file: a miss
            return None
        return bytes(row[0]) if row is not None else None

    def put(self, name: str, items: Iterable[tuple[bytes, bytes]]) -> None:
        """Write entries (in this process only: workers send theirs back)."""
        conn = self._connect()
        if conn is None or self._pid != self._owner:
            return
        try:
            conn.executemany(f"INSERT OR REPLACE INTO {self._table(conn, name)} VALUES (?, ?)", items)
        except sqlite3.Error:
            self.broken = True

    def commit(self) -> None:
        """Make what was written visible to workers started from now on."""
        if self._conn is not None and self._pid == self._owner:
            with contextlib.suppress(sqlite3.Error):
                self._conn.commit()

    def keep_only(self, name: str, keys: Iterable[bytes]) -> None:
        """Remove the entries not in `keys` (what this build used)."""
        conn = self._connect()
        if conn is None or self._pid != self._owner:
            return
        try:
            table = self._table(conn, name)
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS used (key BLOB PRIMARY KEY) WITHOUT ROWID")
            conn.execute("DELETE FROM used")
            conn.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in keys))
            conn.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")
            conn.execute("DELETE FROM used")
        except sqlite3.Error:
            self.broken = True

    def close(self) -> None:
        """Commit, give back the pages of removed entries (edits replace entries: the file
        would keep the space of every old version), and close."""
        if self._conn is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._conn.commit()
                self._conn.execute("PRAGMA incremental_vacuum")
                self._conn.commit()
                self._conn.close()
        self._conn = None


class Memo(Generic[V]):
    """The results of one pure function by the digest of its inputs, in a `Store` (or in
    memory without one). Lookups made in forked workers are sent back with `drain` and folded
    in with `absorb`, so that what is kept is exactly what this build used: entries of deleted
    or edited articles are dropped when the cache is saved.

    `hold`: keep the values read or made in memory too (for values the build holds anyway,
    such as the parsed articles); the others are read from the store each time they are asked
    for, and written to it as they are made."""

    def __init__(self, store: Store | None = None, name: str = "", *, hold: bool = True) -> None:
        self.store = store
        self.name = name
        self.hold = hold or store is None
        self.entries: dict[bytes, V] = {}
        self.used: set[bytes] = set()
        self.fresh: dict[bytes, V] = {}
        """Made in a worker and not yet sent back (in this process: written at once)."""
        self._owner = os.getpid()

    def get(self, key: bytes) -> V | None:
        found = self.entries.get(key)
        if found is None:
            data = self.store.get(self.name, key) if self.store is not None else None
            if data is None:
                return None
            found = pickle.loads(data)  # our own file, salted with the code
            if self.hold:
                self.entries[key] = found
        self.used.add(key)
        return found

    def put(self, key: bytes, value: V) -> V:
        self.used.add(key)
        if self.hold:
            self.entries[key] = value
        if os.getpid() != self._owner:
            self.fresh[key] = value
        elif self.store is not None:
            self.store.put(self.name, [(key, pickle.dumps(value, protocol=5))])
        return value

    def drain(self) -> tuple[list[bytes], dict[bytes, V]]:
        """What was used and made since the last drain (in a worker: to send to the parent)."""
        used, fresh = list(self.used), self.fresh
        self.used, self.fresh = set(), {}
        return used, fresh

    def absorb(self, used: Iterable[bytes], fresh: dict[bytes, V]) -> None:
        self.used.update(used)
        self.used.update(fresh)
        if self.hold:
            self.entries.update(fresh)
        if self.store is not None and fresh:
            self.store.put(self.name, [(k, pickle.dumps(v, protocol=5)) for k, v in fresh.items()])

    def save(self) -> None:
        """Keep in the store only what this build used."""
        if self.store is not None:
            self.store.keep_only(self.name, self.used)


MEMO_FILE = "memos.sqlite"


@dataclass
class BuildCache:
    """The memos of one archive, in one `Store`, opened at the start of a build and pruned to
    what it used after it succeeded. `folder=None` is a build without a cache, in memory."""

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
    store: Store | None = None

    MEMOS = ("parsed", "bodies", "rows", "tables", "derived")
    HELD = ("parsed", "derived")
    """Memos whose values the build holds anyway (the articles, the entities)."""

    def load(self, clean: bool = False) -> None:
        """Open the store left by the last build (after the check that finds nothing changed,
        which needs none of it); `clean`: empty it first (a clean build reads no entry, and
        leaves a cache of its own). An unreadable, foreign or stale store is made again."""
        if self.folder is None:
            return
        self.store = Store(self.folder / MEMO_FILE)
        for name in self.MEMOS:
            setattr(self, name, Memo(self.store, name, hold=name in self.HELD))
        if clean:
            for name in self.MEMOS:
                self.store.keep_only(name, ())
        self.store.commit()
        for old in self.folder.glob("*.pickle"):  # the memos of earlier versions, one file each
            if old.stem in self.MEMOS:
                with contextlib.suppress(OSError):
                    old.unlink()

    def commit(self) -> None:
        """Before workers start: let them read what this process wrote."""
        if self.store is not None:
            self.store.commit()

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
        """Keep what this build used; a failure to write costs the next build time, nothing else."""
        if self.store is None:
            return
        for name in self.MEMOS:
            memo: Memo[Any] = getattr(self, name)
            memo.save()
        self.store.close()


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
