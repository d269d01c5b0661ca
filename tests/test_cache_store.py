"""The build cache's store (`cache.Store`): entries written as they are made, read back in
forked workers, pruned to what a build used, and a stale or damaged file made again."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.parallel import map_batches
from site_builder.site import cache
from site_builder.site.cache import BuildCache, Memo, Store


def fresh(folder: Path) -> BuildCache:
    built = BuildCache(folder)
    built.load()
    return built


def test_entries_cross_builds_and_forks(tmp_path: Path) -> None:
    first = fresh(tmp_path)
    for n in range(500):
        first.rows.put(f"row {n}".encode(), [n, f"text {n}"])
    first.commit()

    def work(batch: list[int]) -> list[tuple[object, tuple[list[bytes], dict[bytes, list[object]]]]]:
        # in a worker: read what the parent stored, make one entry of its own
        out = []
        for n in batch:
            got = first.rows.get(f"row {n}".encode())
            first.rows.put(f"made {n}".encode(), [n])
            out.append((got, first.rows.drain()))
        return out

    results = map_batches(work, 500, jobs=2)
    assert [got for got, _ in results] == [[n, f"text {n}"] for n in range(500)]
    for _got, drained in results:
        first.rows.absorb(*drained)
    assert first.rows.entries == {}  # not held in memory: in the store
    first.save()

    second = fresh(tmp_path)
    assert second.rows.get(b"made 7") == [7] and second.rows.get(b"row 7") == [7, "text 7"]
    second.save()  # used only those two: the rest is pruned
    third = fresh(tmp_path)
    assert third.rows.get(b"row 7") == [7, "text 7"] and third.rows.get(b"row 8") is None


def test_another_version_of_the_code_starts_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = fresh(tmp_path)
    first.parsed.put(b"k", "value")
    first.save()
    monkeypatch.setattr(cache, "code_salt", lambda: "another version")
    other = fresh(tmp_path)
    assert other.parsed.get(b"k") is None
    other.parsed.put(b"k", "new")
    other.save()
    assert fresh(tmp_path).parsed.get(b"k") == "new"


def test_a_damaged_file_is_made_again(tmp_path: Path) -> None:
    (tmp_path / cache.MEMO_FILE).write_bytes(b"not a database" * 100)
    built = fresh(tmp_path)
    built.tables.put(b"k", "piece")
    built.save()
    assert fresh(tmp_path).tables.get(b"k") == "piece"


def test_without_a_folder_everything_stays_in_memory(tmp_path: Path) -> None:
    memo: Memo[str] = Memo()
    memo.put(b"k", "v")
    assert memo.get(b"k") == "v" and memo.entries == {b"k": "v"}
    (tmp_path / "a file").write_text("")
    unusable = Memo(Store(tmp_path / "a file" / cache.MEMO_FILE), "rows", hold=False)
    assert unusable.put(b"k", "v") == "v" and unusable.get(b"k") is None  # a miss, not an error
