"""Every export format gives its documents with the header fields its oracle lists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_builder.ingest.decode import decode_bytes
from site_builder.ingest.detect import detect
from site_builder.ingest.metadata import extract, year_hints
from site_builder.ingest.pipeline import read_file
from site_builder.ingest.readers import factiva, lexisnexis, pasted, proquest, tabular
from site_builder.ingest.sources import normalise_source
from site_builder.model import Article, RawArticle
from tests.conftest import SHARED

LN = SHARED / "corpus" / "lexisnexis-format-samples" / "sample.TXT"
FV = SHARED / "corpus" / "factiva-format-samples" / "factiva_test.html"
WIKI = SHARED / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl"
FIXTURES = Path(__file__).parent / "fixtures"


def oracle(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.with_name(path.name + ".docs.jsonl").read_text(encoding="utf-8").splitlines()]


def against_oracle(
    path: Path, raws: list[RawArticle], count: int
) -> list[tuple[RawArticle, Article, dict[str, object], dict[str, object]]]:
    """Each raw article with its extraction, its oracle document and that document's header
    fields, once the reader found as many documents as the oracle lists (`count`)."""
    docs = oracle(path)
    assert len(raws) == len(docs) == count
    out = []
    for raw, doc in zip(raws, docs, strict=True):
        fields = doc.get("fields", {})
        assert isinstance(fields, dict)
        out.append((raw, extract(raw), doc, fields))
    return out


def test_lexisnexis_sample() -> None:
    opened = read_file(LN, "sample.TXT")
    assert opened.reader == "lexisnexis"
    for raw, art, doc, fields in against_oracle(LN, list(opened.raws), 10):
        assert raw.title == doc["title"]
        assert art.source == normalise_source(str(doc["source"]))
        assert art.date is not None and art.date[:4] == "2010"
        assert raw.byline == fields.get("BYLINE")
        assert art.body.split("\n\n")[0].startswith(str(doc["body_first_line"]))
        for header in ("LOAD-DATE:", "LENGTH:", "BYLINE:", "DOCUMENTS", "Copyright 2010"):
            assert header not in art.body


def test_lexisnexis_dates_parse_with_weekday() -> None:
    raws = lexisnexis.read(decode_bytes(LN.read_bytes())).articles
    assert extract(raws[0]).date == "2010-01-11"
    assert extract(raws[6]).date == "2010-01-08"


def test_factiva_html_sample() -> None:
    raws = factiva.read_html(decode_bytes(FV.read_bytes())).articles
    for _raw, art, _doc, fields in against_oracle(FV, raws, 2):
        assert art.title == fields["HD"]
        assert art.source == fields["SN"]
        assert art.date == "2011-12-29"  # "29 décembre 2011"
        assert art.language == "fr"
        assert art.body.startswith(str(fields["LP"]).split("\n")[0])
        assert "Document " not in art.body and "Factiva" not in art.body


def test_factiva_text_export() -> None:
    text = (FIXTURES / "factiva.txt").read_text(encoding="utf-8")
    raws = factiva.read_text(text).articles
    assert [r.title for r in raws] == ["Port strike ends after four days", "Rains delay harvest"]
    assert extract(raws[0]).date == "2023-03-14"
    assert raws[0].byline == "By Ana Lima"
    assert "Document" not in raws[0].body


def test_nexis_uni_export() -> None:
    raws = lexisnexis.read((FIXTURES / "nexis-uni.txt").read_text(encoding="utf-8")).articles
    assert len(raws) == 2
    assert raws[0].title == "Council approves new bus lanes"
    assert raws[0].byline == "Marta Quist"
    assert "End of Document" not in raws[0].body and "Load-Date" not in raws[0].body


def test_nexis_uni_docx_sample() -> None:
    path = SHARED / "corpus" / "lexisnexis-format-samples" / "sample.DOCX"
    opened = read_file(path, "sample.DOCX")
    raws = list(opened.raws)
    assert opened.reader == "nexis-uni"
    for raw, art, doc, fields in against_oracle(path, raws, 10):
        assert art.title == doc["title"]
        assert art.source == normalise_source(str(doc["source"])) == "The Guardian"
        assert art.date is not None and art.date.startswith("2019-07-0")
        assert raw.byline == fields.get("Byline")
        assert art.body.startswith(str(doc["body_first_para"]))
        for header in ("Classification", "Load-Date", "End of Document", "Body\n", "Section:", "Job Number"):
            assert header not in art.body
    assert dict(raws[6].extra)["person"].startswith("NIGEL FARAGE")


def test_proquest_export() -> None:
    text = (FIXTURES / "proquest.txt").read_text(encoding="utf-8")
    assert detect(Path("export.txt"), text) == "proquest"
    raws = proquest.read(text).articles
    assert len(raws) == 2
    first = extract(raws[0])
    assert first.title == "Port strike ends after four days"
    assert first.source == "Harbour Gazette" and first.date == "2023-03-14" and first.section == "Business"
    assert first.authors == ("Ana Lima",) and first.language == "en"
    assert first.body.startswith("Dock workers returned") and "Subject:" not in first.body
    assert first.body.count("\n\n") == 1  # two paragraphs, the wrapped first one joined
    assert dict(first.extra)["proquest_document_id"] == "1111111111"
    assert extract(raws[1]).authors == ("Jon Reyes", "Marta Quist")


def test_wikinews_jsonl() -> None:
    result = tabular.read_jsonl(decode_bytes(WIKI.read_bytes()))
    rows = [json.loads(x) for x in WIKI.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(result.articles) == len(rows) == 293
    for raw, row in zip(result.articles, rows, strict=True):
        art = extract(raw)
        assert art.title == row["title"]
        assert art.date == row["date"]
        # 173 of these texts open with a paragraph that is only the date: metadata, not the lead
        first = art.body.split("\n\n", 1)[0]
        assert not re.fullmatch(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \w+ \d{1,2}, \d{4}", first), first


@pytest.mark.parametrize(
    ("body", "date_text", "date", "lead"),
    [
        ("Friday, December 25, 2020\n\nThe lead.\n\nMore.", None, "2020-12-25", "The lead."),
        ("3 March 2024\n\nThe lead.", "2024-03-04", "2024-03-04", "The lead."),
        ("Posted on March 3, 2024 by Margaret Holloway\n\nThe lead.", None, None, "Posted on"),
        ("March 2024 was the warmest month.\n\nThe lead.", None, None, "March 2024 was"),
        ("Friday, December 25, 2020", None, None, "Friday, December 25, 2020"),
    ],
)
def test_a_first_paragraph_that_is_only_a_date_is_the_date(
    body: str, date_text: str | None, date: str | None, lead: str
) -> None:
    """Only a bare date is taken out: a line that also names an author stays (the pasted-text
    reader reads those), and so do a sentence with a date in it and a body that is only a date."""
    art = extract(RawArticle(body=body, line=1, title="T", date_text=date_text))
    assert art.body.startswith(lead)
    if date is not None:
        assert art.date == date


def test_large_jsonl_is_streamed(tmp_path: Path) -> None:
    """A JSON Lines file far above the text size limit is read record by record."""
    from site_builder.ingest import pipeline

    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for n in range(3000):
            fh.write(json.dumps({"title": f"Story {n}", "date": "2021-05-04", "text": "Word " * 200}) + "\n")
    limit = pipeline.MAX_BYTES
    pipeline.MAX_BYTES = 100_000  # the file is about 3 MB
    try:
        opened = read_file(big, "big.jsonl")
        first = next(opened.raws)
        assert first.title == "Story 0"
        assert sum(1 for _ in opened.raws) == 2999
    finally:
        pipeline.MAX_BYTES = limit


def test_csv_reader() -> None:
    text = 'headline,published,body,author\nA title,2021-05-04,"First para.\n\nSecond para.",Jo Bloggs\n'
    raws = tabular.read_csv(text).articles
    assert raws[0].title == "A title" and raws[0].authors == ("Jo Bloggs",)
    assert raws[0].body == "First para.\n\nSecond para."


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.jsonl", "{}", "jsonl"),
        ("a.csv", "x", "csv"),
        ("a.html", "<html>", "html"),
        ("a.html", '<div class="article frArticle"><table>', "factiva-html"),
        ("a.xml", "<?xml?><ppsarticle>", "factiva-xml"),
        ("a.txt", "   1 of 3 DOCUMENTS\n", "lexisnexis"),
        ("a.txt", "HD\nTitle\nPD\n", "factiva-text"),
        ("a.md", "---\ntitle: x\n---\n", "markdown"),
        ("a.txt", "Some text.", "pasted"),
    ],
)
def test_detection(name: str, head: str, expected: str) -> None:
    assert detect(Path(name), head) == expected


def test_wire_leads_and_trailers() -> None:
    text = (FIXTURES / "wires.txt").read_text(encoding="utf-8")
    raws = pasted.read(text).articles
    assert len(raws) == 3
    arts = [extract(r) for r in raws]
    assert arts[0].source == "Reuters" and arts[0].dateline == "SANTIAGO"
    assert arts[0].date == "2023-04-12" and arts[0].date_flag == "year_inferred"
    assert arts[0].authors == ("Fabian Cambero",)
    assert not raws[0].body.startswith("SANTIAGO")
    assert "Reporting by" not in raws[0].body
    assert arts[1].source == "Associated Press" and arts[1].dateline == "NEW ORLEANS"
    assert arts[1].authors == ("Maria Elena Soto",)
    assert arts[2].title == "Storm Knocks Out Power Across The Gulf Coast"


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("(Reuters)", "Reuters"),
        ("Reuters News", "Reuters"),
        ("Reuters Limited", "Reuters"),
        ("Thomson Reuters", "Reuters"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("Agence France-Presse", "AFP"),
        ("AFP News", "AFP"),
        ("Bloomberg L.P.", "Bloomberg"),
        ("©2022 Bloomberg L.P.", "Bloomberg"),
        ("The Guardian(London)", "The Guardian"),
        ("Harbour Gazette", "Harbour Gazette"),
    ],
)
def test_source_normalisation(printed: str, canonical: str) -> None:
    assert normalise_source(printed) == canonical


@pytest.mark.parametrize(
    ("byline", "authors", "source"),
    [
        ("By MARIA ELENA SOTO Associated Press", ["Maria Elena Soto"], "Associated Press"),
        ("By AFP News", [], "AFP"),
        ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], "Reuters"),
        ("By Priya Raman", ["Priya Raman"], None),
    ],
)
def test_byline_parsing(byline: str, authors: list[str], source: str | None) -> None:
    from site_builder.ingest.sources import parse_byline

    assert parse_byline(byline) == (authors, source)


def test_more_wire_styles() -> None:
    raws = pasted.read((FIXTURES / "wires2.txt").read_text(encoding="utf-8")).articles
    hint = year_hints(raws)  # as ingest does: a date without a year borrows the file's
    arts = [extract(r, year_hint=hint) for r in raws]
    assert [a.source for a in arts] == ["Associated Press", "Xinhua", "Bloomberg"]
    ap, xinhua, bloomberg = arts
    assert ap.title == "Grain Ships Leave Port Under New Deal"
    assert ap.date == "2022-03-08" and ap.dateline == "KYIV, Ukraine"
    assert ap.authors == ("Oksana Lys", "Tom Baird")
    assert "may not be published" not in ap.body and "Copyright" not in ap.body
    assert xinhua.dateline == "BEIJING" and xinhua.date == "2022-01-05" and xinhua.date_flag == "year_inferred"
    assert bloomberg.title == "Central Bank Holds Rates" and bloomberg.date == "2022-03-07"
    assert bloomberg.body.startswith("The central bank held")
    for trailer in ("With assistance", "To contact", "lpark@example.com"):
        assert trailer not in bloomberg.body


def test_factiva_xml_sample() -> None:
    path = SHARED / "corpus" / "factiva-format-samples" / "factiva_test.xml"
    opened = read_file(path, "factiva_test.xml")
    assert opened.reader == "factiva-xml"
    for _raw, art, doc, _fields in against_oracle(path, list(opened.raws), 3):
        assert art.title == doc["headline"] and art.source == doc["sourceName"]
        assert art.date == str(doc["date"])[:10] and art.language == str(doc["baseLanguage"]).lower()
        assert art.body.startswith(str(doc["leadParagraph"]))
        assert art.body.endswith(str(doc["tailParagraphs"]))
        assert dict(art.extra)["an"] == doc["accessionNo"]


def test_xml_bomb_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        "<ppsarticle><article><headline>&lol2;</headline></article></ppsarticle>"
    )
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, encoding="utf-8")
    from site_builder.errors import InputError

    with pytest.raises(InputError, match="refused XML"):
        list(read_file(path, "bomb.xml").raws)


def test_saved_web_page() -> None:
    opened = read_file(FIXTURES / "web-article.html", "web-article.html")
    raws = list(opened.raws)
    assert opened.reader == "html" and len(raws) == 1
    art = extract(raws[0])
    assert art.title == "Ferry service resumes after storm"
    assert art.date == "2023-02-11" and art.source == "Harbour Gazette" and art.byline == "Ana Lima"
    assert art.body.startswith("Ferries between Port Ellis")
    assert "all routes would run" in art.body
    for junk in ("Home | News", "Most read", "tracking", "color: red", "© 2023", "<b>", "javascript"):
        assert junk not in art.body
    assert [c.text for c in art.captions] == ["A ferry leaves Port Ellis on Saturday morning."]


@pytest.mark.parametrize("rule", ["---", "* * *", "=====", "###", "-- END --", "Document 2 of 2"])
def test_separator_lines_split_articles(rule: str) -> None:
    text = (
        f"First story about the harbour opening today.\n\nIt opened at noon with a brass band.\n\n{rule}\n\n"
        "Second story about rain in the valley.\n\nFarmers expect a late harvest this year.\n"
    )
    raws = pasted.read(text).articles
    assert len(raws) == 2
    assert raws[1].body.startswith("Second story") or (raws[1].title or "").startswith("Second story")
    assert rule not in raws[0].body and rule not in raws[1].body


def test_decorated_headline_and_impossible_date() -> None:
    text = "🚀🚀 Launch Day Arrives 🚀\n\nBy Zoë Ñúñez\n2024-02-30\n\nThe rocket launched from Baikonur, Kazakhstan.\n"
    raws = pasted.read(text).articles
    assert len(raws) == 1
    art = extract(raws[0])
    assert "Launch Day Arrives" in art.title and art.authors == ("Zoë Ñúñez",)
    assert art.date is None  # there is no 30 February


@pytest.mark.parametrize(
    "doc",
    [
        {"articles": [{"title": "A", "date": "2021-01-02", "body": "Text one."}, {"title": "B", "text": "Text two."}]},
        [{"title": "A", "date": "2021-01-02", "body": "Text one."}, {"title": "B", "text": "Text two."}],
    ],
)
def test_json_documents(tmp_path: Path, doc: object) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    raws = list(read_file(path, "export.json").raws)
    assert [r.title for r in raws] == ["A", "B"] and raws[1].body == "Text two."


def test_the_readme_lists_every_column_name_the_tabular_reader_reads() -> None:
    from site_builder.ingest.readers.tabular import _FIELDS
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for field, names in _FIELDS.items():
        assert f"- {field}: " + ", ".join(f"`{n}`" for n in names) in readme, field


def test_media_research_exports_are_read() -> None:
    """Column names as Media Cloud-style exports write them (`publish_date`, `media_name`)."""
    import json

    from site_builder.ingest.readers.tabular import read_jsonl

    rec = {
        "title": "Port reopens",
        "publish_date": "2024-03-05",
        "media_name": "Valley Courier",
        "text": "The port reopened on Tuesday after repairs to the sea wall were finished.",
    }
    art = read_jsonl(json.dumps(rec)).articles[0]
    assert (art.date_text, art.source) == ("2024-03-05", "Valley Courier")


def test_csv_bodies_with_quotes_and_line_breaks_stay_one_row_each() -> None:
    """A header without quotes made the sniffer guess `doublequote` off; a body quoting someone
    ("" in CSV) then split rows apart (10 rows read as 14 articles)."""
    import csv
    import io

    from site_builder.ingest.readers.tabular import read_csv

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["title", "text"])
    for n in range(5):
        w.writerow(
            [f"Story {n}", f'The mayor said "we will rebuild" on day {n}.\n\nA second paragraph, with "quotes".']
        )
    arts = read_csv(buf.getvalue()).articles
    assert [a.title for a in arts] == [f"Story {n}" for n in range(5)]
    assert all(a.body.endswith('with "quotes".') for a in arts)


@pytest.mark.parametrize(
    ("para", "text", "credit"),
    [
        ("Jo JorgensenImage: Jo Jorgensen for President.", "Jo Jorgensen", "Jo Jorgensen for President"),
        ("Stage where speeches were given. Image: C.Suthorn.", "Stage where speeches were given.", "C.Suthorn"),
        ("Sirhan in 1969  (Image: CDCR)", "Sirhan in 1969", "CDCR"),
        ("Participants waiting. Image: Дмитрий Кошелев.", "Participants waiting.", "Дмитрий Кошелев"),
        ("Image: Nicholas Moreau.", "", "Nicholas Moreau"),
        ("Fans outside the stadium. Photo: AFP", "Fans outside the stadium.", "AFP"),
    ],
)
def test_captions_flattened_into_the_text_are_captions(para: str, text: str, credit: str) -> None:
    """Web exports (the Wikinews JSON Lines among them) leave a picture's caption and credit in
    the text as a paragraph; whatever the reader, it is a caption, not body or entities."""
    body = f"The lead paragraph of the story.\n\n{para}\n\nThe last paragraph."
    art = extract(RawArticle(body=body, line=1, title="T"))
    assert art.body == "The lead paragraph of the story.\n\nThe last paragraph."
    assert [(c.text, c.credit) for c in art.captions] == [(text, credit)]


@pytest.mark.parametrize(
    "para",
    [
        "He took a photo: the sky was blue.",
        "Officials said the figures came from one Source: the ministry.",
        "The picture was clear. " * 12 + "Image: Someone.",
    ],
)
def test_prose_with_a_label_word_stays_in_the_body(para: str) -> None:
    art = extract(RawArticle(body=f"Lead.\n\n{para}", line=1, title="T"))
    assert para.strip() in art.body and not art.captions
