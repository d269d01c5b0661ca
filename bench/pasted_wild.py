"""Pasted files from the wild: `tests/fixtures/pasted-wild/*.txt` (27 files written for a red-team
pass, in layouts the layout bench does not generate: press releases, AP caps bylines, Reuters web
copies, search results, feed readers, aggregators, live blogs, op-eds, corrections, French,
Spanish and German articles, briefs, kickers, newsletters, PDF copies...) through the pasted
reader and the extractor, each compared with its `.expected.json` neighbour.

    python bench/pasted_wild.py [-v] [NAME-SUBSTRING ...]

Expected JSON: a list, one object per article, with
  title       string, list of accepted strings, or null (= a generated title is right)
  date        ISO date / partial (`--MM-DD`, `YYYY`), list of accepted values, or null (no date)
  source      canonical source, list of accepted values, or null
  authors     list of names, or null (not checked)
  body_start  the opening of the body (after any dateline/wire lead), or a list of accepted openings
  must_not_contain / must_contain   strings the body must not / must hold
Fields are compared like bench/layouts.py: titles without case, spacing, closing full stop or
outer quotes; bodies and strings with whitespace collapsed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from site_builder.ingest.metadata import extract, year_hints
from site_builder.ingest.readers import pasted

HERE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pasted-wild"
FIELDS = ("title", "date", "body", "source", "authors", "clean")


def ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def norm_title(text: str | None) -> str:
    t = ws(text).casefold().strip("\"'“”‘’ ")
    return t.rstrip(".").strip()


def alts(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else [value]


def run_file(path: Path, verbose: bool) -> tuple[int, int, dict[str, list[int]], list[str]]:
    text = path.read_bytes().decode("utf-8")
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    res = pasted.read(text)
    hint = year_hints(res.articles)
    arts = [extract(r, year_hint=hint) for r in res.articles]
    bodies = [ws(a.body) for a in arts]
    tally = {f: [0, 0] for f in FIELDS}
    wrong: list[str] = []

    def check(field: str, ok: bool, n: int, want: object, got: object) -> None:
        tally[field][1] += 1
        if ok:
            tally[field][0] += 1
        else:
            wrong.append(f"  art {n + 1} {field}: expected {want!r}\n{'':14}got      {got!r}")

    pos = 0
    for n, e in enumerate(expected):
        keys = [ws(b)[:40] for b in alts(e["body_start"])]
        hit = next((k for k in range(pos, len(bodies)) if any(key in bodies[k] for key in keys)), None)
        if hit is None:
            for f in ("title", "date", "body", "source"):
                check(
                    f,
                    False,
                    n,
                    e.get(f, e.get("body_start")) if f != "body" else e["body_start"],
                    "(no article matched)",
                )
            if e.get("authors") is not None:
                check("authors", False, n, e["authors"], "(no article matched)")
            continue
        pos = hit + 1
        a = arts[hit]
        if e["title"] is None:
            check("title", a.title_generated, n, "(generated)", a.title)
        else:
            ok = not a.title_generated and norm_title(a.title) in {norm_title(t) for t in alts(e["title"])}
            check("title", ok, n, e["title"], a.title + (" (generated)" if a.title_generated else ""))
        got_date = a.date if a.date is not None else a.date_partial
        check("date", got_date in alts(e["date"]), n, e["date"], got_date)
        check(
            "body",
            any(bodies[hit].startswith(ws(b)) for b in alts(e["body_start"])),
            n,
            e["body_start"],
            bodies[hit][:90],
        )
        check("source", a.source in alts(e["source"]), n, e["source"], a.source)
        if e.get("authors") is not None:
            check(
                "authors",
                [x.casefold() for x in a.authors] == [x.casefold() for x in e["authors"]],
                n,
                e["authors"],
                list(a.authors),
            )
        others = [ws(t) for o in expected if o is not e for t in alts(o["title"]) if t and len(t) >= 20]
        leaked = [m for m in (*map(ws, e.get("must_not_contain", [])), *others) if m and m in bodies[hit]]
        missing = [m for m in map(ws, e.get("must_contain", [])) if m not in bodies[hit]]
        check(
            "clean",
            not leaked and not missing,
            n,
            "(no leaks, all must_contain)",
            {"leaked": leaked, "missing": missing},
        )
    if verbose:
        for k, a in enumerate(arts):
            print(
                f"  --- written {k + 1}: title={a.title!r}{' (gen)' if a.title_generated else ''} "
                f"date={a.date or a.date_partial!r}"
                f" source={a.source!r} authors={list(a.authors)} dateline={a.dateline!r}"
            )
            print(f"      body: {bodies[k][:140]!r}")
        for w in res.warnings:
            print("  warning:", w)
    return len(expected), len(arts), tally, wrong


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if a != "-v"]
    files = sorted(p for p in HERE.glob("*.txt") if not names or any(s in p.name for s in names))
    total = {f: [0, 0] for f in FIELDS}
    rows = []
    te = tw = 0
    for p in files:
        if verbose:
            print(f"## {p.name}")
        e, w, tally, wrong = run_file(p, verbose)
        te, tw = te + e, tw + w
        for f in FIELDS:
            total[f][0] += tally[f][0]
            total[f][1] += tally[f][1]
        rows.append((p.stem, e, w, tally))
        print(f"== {p.name}: articles expected {e}, written {w}{'' if e == w else '  <-- SPLIT'}")
        for line in wrong:
            print(line)
    print()

    def pct(x: list[int]) -> str:
        return f"{x[0]}/{x[1]}" if x[1] else "-"

    print(f"| {'file':26} | exp | got | " + " | ".join(f"{f:7}" for f in FIELDS) + " |")
    print("|" + "-" * 28 + "|-----|-----|" + "|".join("-" * 9 for _ in FIELDS) + "|")
    for name, e, w, tally in rows:
        print(f"| {name:26} | {e:3} | {w:3} | " + " | ".join(f"{pct(tally[f]):7}" for f in FIELDS) + " |")
    print(f"| {'TOTAL':26} | {te:3} | {tw:3} | " + " | ".join(f"{pct(total[f]):7}" for f in FIELDS) + " |")
    print("share right: " + ", ".join(f"{f} {total[f][0] / total[f][1]:.0%}" for f in FIELDS if total[f][1]))
    return 0


def totals() -> tuple[int, int, dict[str, list[int]]]:
    """Articles expected and written over every file, and (right, checked) per field."""
    total = {f: [0, 0] for f in FIELDS}
    te = tw = 0
    for p in sorted(HERE.glob("*.txt")):
        e, w, tally, _ = run_file(p, False)
        te, tw = te + e, tw + w
        for f in FIELDS:
            total[f][0] += tally[f][0]
            total[f][1] += tally[f][1]
    return te, tw, total


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv[1:]))
