"""Saved web pages: how much of the article a reader keeps, and how much page furniture.

Pages are built here from Wikinews articles (`../shared/corpus/wikinews-vanatteveldt/`, CC BY
2.5) placed in six page templates written for this benchmark, in the shapes news sites have:
navigation, "most read" sidebars, related-coverage boxes inside the article, share bars, cookie
banners, newsletter prompts, reader comments, text in `<div>`s instead of `<p>`s, unclosed
`<p>`, `<li>` and `<header>` tags, inline SVG icons. Each page has "must contain" snippets (from
the article's first, middle and last paragraphs) and "must not contain" snippets (the furniture,
and the headlines of the other articles the page links to), scored as trafilatura's own
evaluation does: a snippet found is a true or false positive, one missing a false or true
negative; precision, recall and F1 over all snippets.

Templates `portal` and `unclosed` are held out: nothing in the reader was adjusted on them.
Run: `python bench/html_pages.py [--pages N] [--dump DIR]`; with `PYTHONPATH=<other checkout>`
the same pages score another version of the reader.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl"
HELD_OUT = ("portal", "unclosed")

COOKIE = "We use cookies to improve your experience on our site. By continuing you accept our cookie policy."
NEWSLETTER = "Get the morning briefing delivered to your inbox every weekday. Sign up now, it is free."
SHARE = "Share this story on Facebook Share on X Email this article"
FOOTER = "Copyright Riverside Media Group. All rights reserved. Terms of use | Privacy notice | Contact the newsroom"
COMMENTS = [
    "I have been saying this for years and nobody listened to me at the council meeting.",
    "Great reporting as always, keep it up, this is why I subscribe to the paper.",
    "Does anyone know whether the ferry timetable changes because of this decision?",
]


def _paragraphs(text: str) -> list[str]:
    paras = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return [p for p in paras if len(p) > 60]


def _snippet(para: str, rnd: random.Random) -> str:
    words = para.split()
    if len(words) <= 8:
        return para
    start = rnd.randrange(0, len(words) - 7)
    return " ".join(words[start : start + 7])


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _nav() -> str:
    items = ["World", "Politics", "Business", "Science", "Sport", "Culture", "Opinion"]
    return "<nav><ul>" + "".join(f'<li><a href="/{i.lower()}">{i}</a></li>' for i in items) + "</ul></nav>"


def _most_read(others: list[str]) -> str:
    return (
        '<aside class="most-read"><h3>Most read</h3><ol>'
        + "".join(f'<li><a href="/story/{n}">{_e(t)}</a></li>' for n, t in enumerate(others))
        + "</ol></aside>"
    )


def broadsheet(title: str, date: str, paras: list[str], others: list[str]) -> str:
    body = "".join(f"<p>{_e(p)}</p>" for p in paras)
    return (
        f"<!DOCTYPE html><html><head><title>{_e(title)} | The Riverside Post</title>"
        f'<meta property="og:title" content="{_e(title)}"></head><body><header><a href="/">The Riverside Post'
        f'</a>{_nav()}</header><main><article><h1>{_e(title)}</h1><p class="byline">By Staff Reporter'
        f' · <time datetime="{date}">{date}</time></p><div class="share">{SHARE}</div>{body}</article>'
        f"{_most_read(others)}</main><footer><p>{FOOTER}</p></footer></body></html>"
    )


def divs(title: str, date: str, paras: list[str], others: list[str]) -> str:
    body = "".join(f'<div class="para">{_e(p)}</div>' for p in paras)
    half = len(paras) // 2
    body_parts = body.split("</div>")
    inner = (
        "</div>".join(body_parts[:half])
        + f'</div><div class="newsletter">{NEWSLETTER}</div>'
        + "</div>".join(body_parts[half:])
    )
    return (
        f'<html><head><title>{_e(title)}</title></head><body><div class="cookie-banner">{COOKIE}'
        f'<button>Accept</button></div><div class="top">{_nav()}</div><div class="content">'
        f'<div class="headline"><h1>{_e(title)}</h1></div><div class="date">{date}</div>{inner}</div>'
        f'<div class="sidebar">{_most_read(others)}</div><div class="footer">{FOOTER}</div></body></html>'
    )


def comments(title: str, date: str, paras: list[str], others: list[str]) -> str:
    body = "".join(f"<p>{_e(p)}</p>" for p in paras)
    related = (
        '<div class="related"><h4>Related Coverage</h4><ul>'
        + "".join(f'<li><a href="/r/{n}">{_e(t)}</a></li>' for n, t in enumerate(others[:3]))
        + "</ul></div>"
    )
    thread = (
        '<section id="comments"><h2>Comments</h2>'
        + "".join(
            f'<div class="comment"><span class="user">reader{n}</span><p>{_e(c)}</p></div>'
            for n, c in enumerate(COMMENTS)
        )
        + "</section>"
    )
    return (
        f'<!DOCTYPE html><html><head><title>{_e(title)}</title><script type="application/ld+json">'
        f"{json.dumps({'@type': 'NewsArticle', 'headline': title, 'datePublished': date})}</script></head>"
        f"<body>{_nav()}<article><h1>{_e(title)}</h1>{body[: len(body) // 2]}{related}{body[len(body) // 2 :]}"
        f"</article>{thread}<footer>{FOOTER}</footer></body></html>"
    )


def magazine(title: str, date: str, paras: list[str], others: list[str]) -> str:
    parts = []
    for n, p in enumerate(paras):
        if n == 2:
            parts.append("<h2>What happens next</h2>")
        if n == 3:
            parts.append(
                '<figure><img src="x.jpg" alt=""><figcaption>A view of the scene. Photo: Agency</figcaption></figure>'
            )
        parts.append(f"<p>{_e(p)}</p>")
        if n == 1 and others:
            parts.append(f'<p class="readmore">Read more: <a href="/m/1">{_e(others[0])}</a></p>')
    return (
        f'<!DOCTYPE html><html><head><title>{_e(title)}</title><meta name="author" content="Desk Editor">'
        f'</head><body><header>{_nav()}</header><div class="wrap"><article class="story"><h1>{_e(title)}'
        f'</h1><div class="social">{SHARE}</div>{"".join(parts)}<div class="newsletter-box">{NEWSLETTER}'
        f"</div></article></div><footer>{FOOTER}</footer></body></html>"
    )


def portal(title: str, date: str, paras: list[str], others: list[str]) -> str:
    teasers = "".join(f'<div class="teaser"><a href="/t/{n}"><h3>{_e(t)}</h3></a></div>' for n, t in enumerate(others))
    body = "".join(f"<p>{_e(p)}</p>" for p in paras)
    icons = '<svg width="10" height="10"><path d="M0 0L10 10"/><title>icon</title>'  # never closed
    prices = "<table><tr><td>Index</td><td>4,210.5</td><td>+0.4%</td></tr></table>"
    return (
        f'<html><head><title>Portal - {_e(title)}</title></head><body>{icons}<div id="head">{_nav()}</div>'
        f'<div id="lead-teasers">{teasers[: len(teasers) // 2]}</div><div id="story"><h1>{_e(title)}</h1>'
        f'<span class="when">{date}</span>{body}</div><div id="more">{teasers[len(teasers) // 2 :]}'
        f'{prices}</div><div id="foot">{FOOTER}</div></body></html>'
    )


def unclosed(title: str, date: str, paras: list[str], others: list[str]) -> str:
    body = "".join(f"<p>{_e(p)}\n" for p in paras)  # no </p>
    links = "".join(f'<li><a href="/u/{n}">{_e(t)}</a>\n' for n, t in enumerate(others))  # no </li>
    return (
        f'<html><head><title>{_e(title)}</title><body><header><a href="/">Valley Daily</a><ul>{links}</ul>'
        f'<div class="cookie">{COOKIE}</div><article><h1>{_e(title)}</h1>{body}<div class="share">{SHARE}'
        f"</div></article><footer>{FOOTER}</footer></body></html>"
    )


TEMPLATES: dict[str, Callable[[str, str, list[str], list[str]], str]] = {
    "broadsheet": broadsheet,
    "divs": divs,
    "comments": comments,
    "magazine": magazine,
    "portal": portal,
    "unclosed": unclosed,
}


def pages(count: int, seed: int = 1) -> list[dict[str, object]]:
    """`count` pages per template: html, must-contain and must-not-contain snippets."""
    rnd = random.Random(seed)
    docs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    docs = [d for d in docs if len(_paragraphs(d["text"])) >= 4]
    out = []
    for name, template in TEMPLATES.items():
        for d in rnd.sample(docs, count):
            paras = _paragraphs(d["text"])
            others = [o["title"] for o in rnd.sample(docs, 6) if o["id"] != d["id"]][:5]
            must = [_snippet(paras[0], rnd), _snippet(paras[len(paras) // 2], rnd), _snippet(paras[-1], rnd)]
            furniture = [COOKIE[:40], NEWSLETTER[:40], FOOTER[:40], COMMENTS[0][:40], COMMENTS[1][:40]]
            must_not = [*others[:3], *[f for f in furniture if f.split()[0] in template(d["title"], "x", [], others)]]
            out.append(
                {
                    "template": name,
                    "id": d["id"],
                    "must": must,
                    "must_not": must_not,
                    "html": template(d["title"], d["date"], paras, others),
                }
            )
    return out


def site_builder_reader(page_html: str, tmp: Path) -> str:
    from site_builder.ingest.pipeline import read_file

    path = tmp / "page.html"
    path.write_text(page_html, encoding="utf-8")
    opened = read_file(path, "page.html")
    return "\n".join(raw.body for raw in opened.raws)


def trafilatura_reader(page_html: str, _tmp: Path) -> str:
    import trafilatura

    return trafilatura.extract(page_html) or ""


def _norm(text: str) -> str:
    return " ".join(html.unescape(text).split())


def score(reader: Callable[[str, Path], str], items: list[dict[str, object]], tmp: Path) -> dict[str, dict[str, float]]:
    by: dict[str, list[int]] = {}
    times: list[float] = []
    for item in items:
        t0 = time.process_time()
        try:
            text = _norm(reader(str(item["html"]), tmp))
        except Exception:  # a reader that fails on a page scores nothing for it
            text = ""
        times.append(time.process_time() - t0)
        counts = by.setdefault(str(item["template"]), [0, 0, 0, 0, 0])  # tp fp fn tn empty
        for s in item["must"]:  # type: ignore[attr-defined]
            counts[0 if _norm(s) in text else 2] += 1
        for s in item["must_not"]:  # type: ignore[attr-defined]
            counts[1 if _norm(s) in text else 3] += 1
        counts[4] += not text
    out = {}
    groups = {"all": list(by), "held-out": list(HELD_OUT), "tuning": [t for t in by if t not in HELD_OUT]}
    for label, names in [*((n, [n]) for n in by), *groups.items()]:
        tp, fp, fn, _tn, empty = (sum(by[n][i] for n in names) for i in range(5))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[label] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "empty": empty}
    out["all"]["cpu_ms"] = statistics.mean(times) * 1000
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=25, help="pages per template")
    ap.add_argument("--dump", type=Path, help="write the pages and snippets here")
    ap.add_argument("--only", choices=["site-builder", "trafilatura"], help="score one reader")
    args = ap.parse_args(argv)
    items = pages(args.pages)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for n, item in enumerate(items):
            (args.dump / f"{n:03d}-{item['template']}.html").write_text(str(item["html"]), encoding="utf-8")
        (args.dump / "snippets.json").write_text(
            json.dumps([{k: v for k, v in i.items() if k != "html"} for i in items], indent=1), encoding="utf-8"
        )
    readers = {"site-builder": site_builder_reader, "trafilatura": trafilatura_reader}
    with tempfile.TemporaryDirectory() as tmp:
        results = {
            name: score(fn, items, Path(tmp)) for name, fn in readers.items() if not args.only or args.only == name
        }
    print(f"{len(items)} pages ({args.pages} per template; held out: {', '.join(HELD_OUT)})")
    print(f"{'reader':<14} {'subset':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'empty':>6}")
    for name, res in results.items():
        for label in ("all", "tuning", "held-out", *TEMPLATES):
            r = res[label]
            print(
                f"{name:<14} {label:<12} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f} "
                f"{int(r['empty']):>6}"
            )
        print(f"{name:<14} cpu per page: {res['all']['cpu_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
