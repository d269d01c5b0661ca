"""Mutation fuzzing of every loader: raw files through ingest's reading and extraction, article
files through the build's loader, entity notes through the curation loader.

Seeds are real inputs of each kind (the repository's fixtures, the corpus's format samples,
the seed document) plus YAML written to provoke the loader; each case applies one to four
random mutations (byte flips, insertions of YAML and Markdown syntax, control characters,
deletions, duplications, truncation, deep nesting). A case passes when it ends in a result or
in the project's user-facing error; any other exception, or more than `LIMIT_SECONDS`, fails.

Run as a script for the full run (`make fuzz`): `python -m tests.fuzz 10000`.
"""

from __future__ import annotations

import json
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.entities.curation import parse_note
from site_builder.entities.recognise import extract_entities
from site_builder.errors import SiteBuilderError
from site_builder.frontmatter_io import dumps, loads
from site_builder.ingest.metadata import extract
from site_builder.ingest.pipeline import read_file
from site_builder.model import Article
from site_builder.site.archive import load_article
from site_builder.site.render_markdown import render_body

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
LIMIT_SECONDS = 5.0
MAX_BYTES = 100_000

_TOKENS = [
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"!!timestamp ",
    b"!!binary ",
    b"{",
    b"[",
    b"]",
    b"}",
    b": ",
    b"\n---\n",
    b"\x00",
    b"\xef\xbb\xbf",
    b'"',
    b"'",
    b"|\n",
    b">\n",
    b"\n- ",
    b"\t",
    b"\x01",
    b"\r",
    b"<script>alert(1)</script>",
    b"<p>",
    b"</article>",
    b"2022-02-30",
    b"2022-13-01",
    b"--12-06",
    b"\n\n",
    b"By ",
    b"(Reuters) - ",
    b"\xe2\x80\x99",
    b"\xff\xfe",
    b"\xc3",
    b"#",
    b"%",
    b"?",
    b"\\",
    b"\nDocument ",
    b"\nLOAD-DATE: ",
    b"\nBYLINE: ",
    b"\n1 of 10 DOCUMENTS\n",
    b"&#0;",
    b"&amp;",
    "É".encode(),
    "日本".encode(),
    b"\xf0\x9f\x98\x80",
    b"\n" + b"=" * 40 + b"\n",
]

_YAML_SEEDS = [
    "---\ntitle: A harbour reopens\ndate: '2024-05-01'\nsource: Wire\nauthors: [Ann Lee]\npeople: [Ann Lee]\n"
    "captions:\n  - {text: The quay, credit: Photo desk}\nroles: {Ann Lee: [mayor]}\norigin: {file: a.txt, index: 1, "
    "line: 1, sha256: abc}\n---\n\nThe harbour reopened on Monday.\n",
    "---\nname: Ann Lee\naliases: [A. Lee, Annie Lee]\ntype: person\nwikidata: Q1\nborn: '1970'\n---\n\nMayor.\n",
    "---\nmerge_into: Ann Lee\n---\n",
    "---\nignore: true\n---\n",
]


def seeds() -> dict[str, list[tuple[str, bytes]]]:
    """(file suffix, bytes) per target: raw inputs, article files, entity notes."""
    raw: list[tuple[str, bytes]] = []
    fixtures = REPO / "tests" / "fixtures"
    for f in sorted([*fixtures.glob("*.txt"), *fixtures.glob("*.html"), *(fixtures / "pasted-wild").glob("*")]):
        if f.is_file():
            raw.append((f.suffix or ".txt", f.read_bytes()[:MAX_BYTES]))
    for folder in ("factiva-format-samples",):
        for f in sorted((SHARED / "corpus" / folder).glob("*")):
            if f.suffix in (".html", ".xml"):
                raw.append((f.suffix, f.read_bytes()[:MAX_BYTES]))
    wikinews = SHARED / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl"
    if wikinews.exists():
        lines = wikinews.read_text(encoding="utf-8").splitlines()[:5]
        raw.append((".jsonl", "\n".join(lines).encode()[:MAX_BYTES]))
        rows = [json.loads(line) for line in lines]
        csv_text = "title,date,text\n" + "".join(
            f'"{r.get("title", "")}","{r.get("date", "")}","{str(r.get("text", ""))[:2000]}"\n'.replace('\n"', '"')
            for r in rows
        )
        raw.append((".csv", csv_text.encode()))
    raw += [(".md", s.encode()) for s in _YAML_SEEDS[:1]]
    articles = [s.encode() for s in _YAML_SEEDS[:1]]
    for f in sorted((REPO / "content" / "articles").rglob("*.md"))[:6]:
        articles.append(f.read_bytes())
    notes = [s.encode() for s in _YAML_SEEDS[1:]]
    return {"raw": raw, "article": [(".md", a) for a in articles], "note": [(".md", n) for n in notes]}


def mutate(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(8)
        at = rnd.randrange(len(out) + 1)
        if op == 0 and out:
            out[min(at, len(out) - 1)] = rnd.randrange(256)
        elif op in (1, 2):
            out[at:at] = rnd.choice(_TOKENS)
        elif op == 3 and out:
            end = min(len(out), at + rnd.randint(1, 200))
            del out[at:end]
        elif op == 4 and out:
            end = min(len(out), at + rnd.randint(1, 400))
            out[at:at] = out[at:end] * rnd.randint(1, 4)
        elif op == 5:
            del out[at:]
        elif op == 6:
            depth = rnd.choice([10, 60, 2000])
            out[at:at] = b"[" * depth + b"]" * depth
        else:
            out[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16)))
    return bytes(out[:MAX_BYTES])


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


@dataclass
class Result:
    cases: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    slowest: float = 0.0


def _raw(path: Path) -> str:
    opened = read_file(path, path.name)
    n = 0
    for raw in opened.raws:
        art = extract(raw, year_hint=opened.year_hint)
        ents = extract_entities(art.title, art.body)
        text = dumps(Article(**{**{f: getattr(art, f) for f in art.__dataclass_fields__}, "entities": ents}))
        loads(text)  # what ingest writes, the build can read
        n += 1
    return f"{n} article(s)"


def _article(path: Path) -> str:
    art = load_article(path.parent, path)  # never raises: an Article or the file's error
    if isinstance(art, Article):
        render_body(art.body, [])
        return "article"
    return "user-facing error"


def _note(path: Path) -> str:
    parse_note(path.read_text(encoding="utf-8", errors="strict"), "people", path.name)
    return "note"


TARGETS: dict[str, Callable[[Path], str]] = {"raw": _raw, "article": _article, "note": _note}


def run(count: int, seed: int = 0) -> Result:
    """`count` mutated cases spread over the three targets, in this process."""
    rnd = random.Random(seed)
    pool = seeds()
    result = Result()
    previous = signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(count):
            target = ("raw", "raw", "article", "note")[n % 4]
            suffix, data = rnd.choice(pool[target])
            path = Path(tmp) / f"case{n % 50}{suffix}"
            path.write_bytes(mutate(data, rnd))
            t0 = time.perf_counter()
            signal.alarm(int(LIMIT_SECONDS * 6))
            try:
                outcome = TARGETS[target](path)
            except SiteBuilderError:
                outcome = "user-facing error"
            except UnicodeDecodeError:
                outcome = "user-facing error" if target == "note" else "crash"  # notes are read by Curation.load
            except _Timeout:
                outcome = "timeout"
            except Exception as exc:
                outcome = "crash"
                result.failures.append(f"case {n} ({target}{suffix}): {type(exc).__name__}: {str(exc)[:200]}")
            finally:
                signal.alarm(0)
            took = time.perf_counter() - t0
            result.slowest = max(result.slowest, took)
            if took > LIMIT_SECONDS:
                result.failures.append(f"case {n} ({target}{suffix}): {took:.1f} s")
            if outcome == "timeout":
                result.failures.append(f"case {n} ({target}{suffix}): timed out")
            result.outcomes[
                f"{target}: {outcome if outcome in ('crash', 'timeout', 'user-facing error') else 'read'}"
            ] += 1
            result.cases += 1
    signal.signal(signal.SIGALRM, previous)
    return result


def main(argv: list[str]) -> int:
    count = int(argv[1]) if len(argv) > 1 else 10_000
    t0 = time.perf_counter()
    result = run(count, seed=int(argv[2]) if len(argv) > 2 else 0)
    print(f"{result.cases} cases in {time.perf_counter() - t0:.0f} s; slowest {result.slowest:.2f} s")
    for key, value in sorted(result.outcomes.items()):
        print(f"  {key}: {value}")
    for failure in result.failures[:50]:
        print(f"  FAIL {failure}")
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
