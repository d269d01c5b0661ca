"""The sharded offline search index: one tokeniser in Python and JavaScript, and the engine in
search.js run under node on built sites (the same code search.html runs from disk)."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest

from site_builder.site.offline_index import Doc, gaps, order_rows, write_offline_index
from site_builder.site.search import STOP, doc_words, name_words
from site_builder.site.writer import Writer
from tests.conftest import REPO, SHARED, make_root, run_cli

SEARCH_JS = REPO / "themes" / "default" / "static" / "search.js"
QUERY_JS = REPO / "bench" / "offline_query.js"
HOSTILE = [
    "Zelenskyy’s aides — and O'Neill's — met at 10:30 in Kyiv.",
    "Straße, ﬁnance, Ǆemal, ΣΊΣΥΦΟΣ, İstanbul, naïve café, Ångström",
    "rock'n'roll 'quoted' ''double'' don't can’t",
    "emoji 🙂 and 𝐛𝐨𝐥𝐝 math letters, ＦＵＬＬＷＩＤＴＨ, ①②③ and Ⅻ",
    "मराठी भाषा, 中文新闻, العربية, עברית, 日本語のニュース",
    "snake_case and kebab-case, e-mail, U.S. and U.K., 3.5% of $1,000",
    "a\u0301 e\u0308 combining, zero\u200bwidth\u00adsoft hyphen",
    "<script>alert(1)</script> &amp; tags",
]


def node(script: str, *args: str, stdin: str = "") -> str:
    run = subprocess.run(["node", "-e", script, *args], input=stdin, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


def js_words(texts: list[str]) -> list[list[str]]:
    script = (
        "const sb = require(process.argv[1]); let s = ''; process.stdin.on('data', d => s += d);"
        "process.stdin.on('end', () => console.log(JSON.stringify(JSON.parse(s).map(t => sb.words(t)))));"
    )
    return json.loads(node(script, str(SEARCH_JS), stdin=json.dumps(texts)))


def corpus_texts(n: int) -> list[str]:
    lines = (SHARED / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    rng = random.Random(7)
    return [str(json.loads(line).get("text", ""))[:3000] for line in rng.sample(lines, n)]


def test_tokeniser_parity_on_real_and_hostile_text() -> None:
    """What the build indexes is what the browser looks up: the same words from both sides,
    on 60 real Wikinews articles and on text made to trip a tokeniser."""
    texts = corpus_texts(60) + HOSTILE
    for text, js in zip(texts, js_words(texts), strict=True):
        assert name_words(text) == js, text[:80]
        assert set(doc_words(text).split()) == {w for w in js if len(w) > 1} - STOP, text[:80]


def test_gaps_round_trip_through_the_browser_decoder() -> None:
    rng = random.Random(3)
    lists = [sorted(rng.sample(range(5000), k)) for k in (1, 2, 17, 300, 4000)] + [list(range(1000)), [0, 5, 6, 7, 8]]
    coded = [gaps(ids) for ids in lists]
    assert len(gaps(list(range(1000)))) < 20  # a word on every page costs a few bytes, not 2 a page
    script = (
        "const sb = require(process.argv[1]); const c = JSON.parse(process.argv[2]);"
        "console.log(JSON.stringify(c.map(x => Array.from(sb.decode(x)))));"
    )
    assert json.loads(node(script, str(SEARCH_JS), json.dumps(coded))) == lists


def offline(site: Path, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    spec = site.parent / "queries.json"
    spec.write_text(json.dumps(items), encoding="utf-8")
    run = subprocess.run(["node", str(QUERY_JS), str(site), str(spec)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


ARTICLES = {
    "2024/05/fire.md": ("Fire crews hold the line", "2024-05-02", "Coast Post", "A forest fire burned near Rivertown."),
    "2024/04/firewall.md": ("Council buys a firewall", "2024-04-01", "Desk News", "The firewall guards the network."),
    "2023/09/storms.md": ("Storms batter the coast", "2023-09-10", "Coast Post", "Two hurricanes reached Rivertown."),
    "2022/01/mayor.md": ("Mayor Ada Quist opens a bridge", "2022-01-05", "Desk News", "Ada Quist cut the ribbon."),
    "2021/03/clinic.md": (
        "Clinic praised",
        "2021-03-09",
        "Desk News",
        "The World Health Organization praised the clinic.",
    ),
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_root(tmp_path_factory.mktemp("offline"))
    for rel, (title, date, source, body) in ARTICLES.items():
        path = root / "content" / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        people = "people: [Ada Quist]\n" if "Quist" in body else ""
        places = "places: [Rivertown]\n" if "Rivertown" in body else ""
        orgs = "organizations: [World Health Organization]\n" if "World Health" in body else ""
        path.write_text(
            f"---\ntitle: {title}\ndate: {date}\nsource: {source}\n{people}{places}{orgs}---\n\n{body}\n",
            encoding="utf-8",
        )
    code, out = run_cli("build", "--root", str(root))
    assert code == 0, out
    return root / "_site"


def test_stems_prefixes_suggestions_and_filters(small_site: Path) -> None:
    got = offline(
        small_site,
        [
            {"q": "hurricane"},  # the archive only has "hurricanes": one stem
            {"q": "fire"},  # an indexed word: no prefix fallback to "firewall"
            {"q": "firew"},  # not a word here: the longer words it starts
            {"q": "hurricaine"},
            {"q": "Quist"},
            {"q": "", "filters": {"year": ["2024"]}},
            {"q": "rivertown", "sort": "date"},
        ],
    )
    stem, fire, prefix, typo, surname, year, dated = got
    assert stem["top"] == ["articles/2023/09/storms.html"]
    assert fire["top"] == ["articles/2024/05/fire.html"]
    assert prefix["top"] == ["articles/2024/04/firewall.html"]
    assert typo["total"] == 0 and typo["suggestion"] == "hurricanes"
    assert surname["pinned"] == ["people/ada-quist.html"]
    assert year["total"] == 2 and all("/2024/" in u for u in year["top"])  # no entity page through a year filter
    assert dated["top"][0] == "places/rivertown.html"  # entity pages are dated by their last article
    assert dated["top"][1:] == ["articles/2024/05/fire.html", "articles/2023/09/storms.html"]


def test_a_misspelling_or_a_short_form_is_searched_as_the_name_it_stands_for(small_site: Path) -> None:
    # what search.html searches instead of the words typed (and says so, with a way back)
    who, typo, known, stop, start = offline(
        small_site, [{"q": "WHO"}, {"q": "Rivertwon"}, {"q": "Rivertown"}, {"q": "who"}, {"q": "firew"}]
    )
    assert start["corrected"] is None  # the start of "firewall", not a misspelt "fire"
    # "who" is a stop word, not indexed, and no misspelling of "why": the curated short form
    # of an organization the archive has (its page also says so)
    assert who["corrected"] == stop["corrected"] == "World Health Organization"
    assert who["pinned"] == ["organizations/world-health-organization.html"]
    page = (small_site / "organizations" / "world-health-organization.html").read_text(encoding="utf-8")
    assert "Also written: WHO" in page
    assert typo["corrected"] == "rivertown" and typo["total"] == 0
    assert known["corrected"] is None and known["total"] == 3  # two articles and the place page


def test_facets_count_articles_only(small_site: Path) -> None:
    script = (
        "const fs=require('fs'),vm=require('vm'),path=require('path');const sb=require(process.argv[1]);"
        "const site=process.argv[2];const c={window:{}};vm.createContext(c);"
        "vm.runInContext(fs.readFileSync(path.join(site,'search-index.js'),'utf8'),c);const m=c.window.SB_SEARCH;"
        "const load=n=>{let g;const x={SB_LOAD:(a,d)=>{g=d}};vm.createContext(x);"
        "vm.runInContext(fs.readFileSync(path.join(site,m.folder,n+'.js'),'utf8'),x);return Promise.resolve(g)};"
        "sb.makeIndex(m,load).search('rivertown',{},'relevance').then(r=>console.log(JSON.stringify(r.facets)));"
    )
    facets = json.loads(node(script, str(SEARCH_JS), str(small_site)))
    assert facets["places"] == {"Rivertown": 2}  # two articles; its own page is not counted
    assert facets["kind"] == {"article": 2, "entity": 1}
    assert facets["source"] == {"Coast Post": 2}


def test_numbering_is_newest_first_then_url() -> None:
    rows: list[list[object]] = [
        ["b.html", "B", "2020-01-01", "", "a", "", "b", [], [], []],
        ["a.html", "A", "2020-01-01", "", "a", "", "a", [], [], []],
        ["c.html", "C", "", "", "a", "", "c", [], [], []],
        ["d.html", "D", "2021", "", "a", "", "d", [], [], []],
    ]
    assert [d.url for d in order_rows(rows)] == ["d.html", "a.html", "b.html", "c.html"]
    assert isinstance(order_rows(rows)[0], Doc)


def synthetic_rows(count: int, rng: random.Random) -> list[list[object]]:
    """Rows like the build's for `count` articles: a 3,000-word vocabulary drawn with a Zipf
    tail, 200 people, dates over ten years."""
    vocab = [f"w{n}x" for n in range(3000)]
    weights = [1 / (n + 1) for n in range(3000)]
    people = [f"Person {n}" for n in range(200)]
    rows: list[list[object]] = []
    for n in range(count):
        words = set(rng.choices(vocab, weights, k=120)) | {"common"}
        if n % 1000 == 0:
            words.add("needle")
        date = f"{2015 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        names = sorted(set(rng.sample(people, 3)))
        text = " ".join(sorted(words))
        rows.append([f"articles/{n}.html", f"Report {n}", date, "Desk", "a", "text", text, names, [], []])
    return rows


def test_a_30000_article_index_answers_from_disk_loading_a_fraction(page: Any, seed_site: Path, tmp_path: Path) -> None:
    """The real search page and script from `file://` over an index of 30,000 articles: the
    results come back, and one query reads a small part of the index (#19)."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(seed_site, site, ignore=shutil.ignore_patterns("pagefind*", "search-index*", "articles", "people"))
    rows = synthetic_rows(30000, random.Random(1))
    size, files = write_offline_index(Writer(site), rows, [])
    needles = [r for r in rows if "needle" in str(r[6])]
    newest = min(needles, key=lambda r: (-int(str(r[2]).replace("-", "")), str(r[0])))
    page.goto((site / "search.html").as_uri() + "?q=needle")
    page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached", timeout=60000)
    assert page.locator("[data-search-results]").get_attribute("data-engine") == "offline"
    hrefs = [a.get_attribute("href") for a in page.locator("[data-search-results] a").all()]
    assert len(hrefs) == 10 and "30 results" in page.locator("[data-search-status]").inner_text()
    assert hrefs[0] == newest[0]  # newest first among equals
    loaded = page.evaluate("Array.from(document.scripts).map(s => s.src).filter(s => s.includes('search-index'))")
    read = sum(Path(src.removeprefix("file://")).stat().st_size for src in loaded)
    assert files > 100 and read < size / 20, (read, size, files)
    page.locator("[data-search-more-button]").click()
    page.wait_for_function("document.querySelectorAll('[data-search-results] li').length === 20")
    page.goto((site / "search.html").as_uri() + "?q=common&people=Person+7")
    page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached", timeout=60000)
    status = page.locator("[data-search-status]").inner_text()
    want = sum(1 for r in rows if "Person 7" in r[7])  # type: ignore[operator]
    assert status.startswith(f"{want} results"), status


def test_a_suggestion_is_found_in_the_shards_a_misspelling_sorts_away_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one word a shard, the intended word sits in another shard than the slip: after it
    ("Rivertwon" sorts after "rivertown"), or far away when the first letters are swapped
    ("Qiust", "Uqist" for Quist). The suggestion looks there too (#14)."""
    from site_builder.site import offline_index

    monkeypatch.setattr(offline_index, "TERM_BYTES", 1)
    root = make_root(tmp_path)
    for rel, (title, date, source, body) in ARTICLES.items():
        path = root / "content" / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ndate: {date}\nsource: {source}\n---\n\n{body}\n", encoding="utf-8")
    code, out = run_cli("build", "--root", str(root), "--jobs", "1")
    assert code == 0, out
    site = root / "_site"
    assert len(list((site / "search-index").glob("t*.js"))) > 20  # one shard a word, or nearly
    after, swapped, first = offline(site, [{"q": "Rivertwon"}, {"q": "Qiust"}, {"q": "Uqist"}])
    assert after["corrected"] == "rivertown"
    assert swapped["corrected"] == "quist"
    assert first["corrected"] == "quist"
