"""What each input format is and what ingest reads from it: `site-builder formats` prints this.

Kept beside `formats.FORMATS` (the names `--format` accepts) and checked against it by a test,
so a new reader cannot ship without saying what it reads. The JSON Lines and CSV column names
come from the tabular reader itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormatInfo:
    """One input format: how people get it, how ingest recognises it, what it reads."""

    name: str
    what: str
    recognised_by: str
    reads: tuple[str, ...]


CATALOG = (
    FormatInfo(
        "pasted",
        "plain text copied from web pages, e-mails or newsletters: one article or many in a row",
        "any .txt file no other reader claims",
        (
            "title (the headline lines)",
            "byline and authors (`By ...`)",
            "date",
            "source",
            "dateline",
            "wire lead (`(Reuters) -`, `(Bloomberg) --`)",
            "copyright line",
            "photo captions and credits",
            "body paragraphs",
        ),
    ),
    FormatInfo(
        "markdown",
        "one article per .md file, with or without YAML front matter",
        ".md and .markdown files, or text opening with a front-matter `---` line",
        ("front matter fields (title, date, source, authors, byline, url...)", "else as pasted text"),
    ),
    FormatInfo(
        "jsonl",
        "JSON Lines (one object a line) or a JSON array, as scrapers and research tools export",
        ".jsonl, .ndjson and .json files",
        ("the columns listed below",),
    ),
    FormatInfo(
        "csv",
        "a spreadsheet or dataset with a header row (comma, semicolon or tab separated)",
        ".csv and .tsv files",
        ("the columns listed below",),
    ),
    FormatInfo(
        "lexisnexis",
        "LexisNexis Academic text export",
        "`N of M DOCUMENTS` lines",
        ("source", "date", "headline", "BYLINE", "SECTION", "LENGTH", "body", "LOAD-DATE", "LANGUAGE", "copyright"),
    ),
    FormatInfo(
        "nexis-uni",
        "Nexis Uni export, as text or as a Word (.docx) file",
        "`End of Document` lines",
        ("title", "source", "date", "Byline", "Section", "Length", "body (after `Body`)", "Load-Date", "Language"),
    ),
    FormatInfo(
        "factiva-html",
        "Factiva export saved as a web page",
        "Factiva's field codes in an HTML page",
        (
            "HD headline",
            "BY byline",
            "PD date",
            "SN source",
            "SE section",
            "LA language",
            "CY copyright",
            "LP and TD text",
            "AN document number",
        ),
    ),
    FormatInfo(
        "factiva-text",
        "Factiva export as plain text",
        "lines opened by Factiva's field codes (HD, BY, PD, SN...)",
        ("the same fields as factiva-html",),
    ),
    FormatInfo(
        "factiva-xml",
        "Factiva XML export (ppsarticle)",
        "`<ppsarticle>` documents",
        (
            "headline",
            "leadParagraph and tailParagraphs",
            "publicationDate",
            "sourceName",
            "byline",
            "copyright",
            "baseLanguage",
            "section",
            "wordCount",
            "accessionNo",
        ),
    ),
    FormatInfo(
        "proquest",
        "ProQuest text export",
        "documents separated by lines of underscores",
        (
            "title",
            "Author",
            "Publication info",
            "Abstract",
            "Full text",
            "Publication title",
            "Publication date",
            "Section",
            "Language of publication",
            "Document URL",
            "Copyright",
        ),
    ),
    FormatInfo(
        "html",
        "a saved web page of one article (File > Save Page As, or a scraper's HTML)",
        ".html and .htm files",
        (
            "schema.org JSON-LD (headline, datePublished, author, publisher, articleBody)",
            "Open Graph and meta tags",
            "the article text (trafilatura)",
            "several articles when the JSON-LD lists them",
        ),
    ),
)


def tabular_columns() -> dict[str, tuple[str, ...]]:
    """Field -> the column names the JSON Lines and CSV reader accepts for it, first wins."""
    from site_builder.ingest.readers.tabular import _FIELDS

    return dict(_FIELDS)


def describe() -> str:
    """The catalogue as text for a terminal."""
    lines = ["Input formats (ingest detects them; `--format NAME` forces one):", ""]
    for info in CATALOG:
        lines.append(f"{info.name}")
        lines.append(f"  {info.what}")
        lines.append(f"  recognised by: {info.recognised_by}")
        lines.append(f"  reads: {', '.join(info.reads)}")
        lines.append("")
    lines.append("JSON Lines and CSV columns (case-insensitive; for each field the first name found is used):")
    for field, names in tabular_columns().items():
        lines.append(f"  {field}: {', '.join(names)}")
    lines.append("")
    lines.append(
        "Also read: .docx files (their text goes to the reader detection picks), and text in any common encoding."
    )
    return "\n".join(lines)
