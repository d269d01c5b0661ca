"""Choose a reader for a file from its name and its first few thousand characters."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from site_builder.ingest.formats import FORMATS
from site_builder.ingest.readers import (
    factiva,
    factiva_xml,
    html_page,
    lexisnexis,
    markdown_file,
    pasted,
    proquest,
    tabular,
)
from site_builder.ingest.readers.base import ReadResult

Reader = Callable[[str], ReadResult]

READERS: dict[str, Reader] = {
    "pasted": pasted.read,
    "markdown": markdown_file.read,
    "jsonl": tabular.read_jsonl,
    "csv": tabular.read_csv,
    "lexisnexis": lexisnexis.read,
    "nexis-uni": lexisnexis.read_nexis_uni,
    "factiva-html": factiva.read_html,
    "factiva-text": factiva.read_text,
    "proquest": proquest.read,
    "factiva-xml": factiva_xml.read,
    "html": html_page.read,
}
"""Every reader by the name `--format` accepts."""
if tuple(READERS) != FORMATS:
    raise RuntimeError("site_builder.ingest.formats.FORMATS must list the readers of detect.READERS")

_FACTIVA_TEXT = re.compile(r"^(?:HD|PD|SN|WC)\s*$", re.M)


def detect(path: Path, head: str) -> str:
    """The reader name for a file: by extension first, then by tell-tale lines in its text."""
    ext = path.suffix.lower()
    if ext in (".jsonl", ".ndjson") or (ext == ".json" and head.lstrip()[:1] in "[{"):
        return "jsonl"
    if ext in (".csv", ".tsv"):
        return "csv"
    if ext in (".html", ".htm", ".xhtml") or head.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        factiva_page = "Factiva" in head or re.search(r'class="[^"]*\barticle\b[^"]*"[^>]*>\s*<table', head)
        return "factiva-html" if factiva_page else "html"
    if (ext == ".xml" or head.lstrip().startswith("<?xml")) and ("ppsarticle" in head or "factiva" in head.lower()):
        return "factiva-xml"
    if lexisnexis.MARKER.search(head):
        return "lexisnexis"
    if re.search(r"^\s*End of Document\s*$", head, re.M) and re.search(r"^\s*Body\s*$", head, re.M):
        return "nexis-uni"
    if proquest.SEPARATOR.search(head) and re.search(r"^(?:Full text|ProQuest document ID):", head, re.M):
        return "proquest"
    if len(_FACTIVA_TEXT.findall(head)) >= 2:
        return "factiva-text"
    if ext in (".md", ".markdown") or head.lstrip().startswith("---\n"):
        return "markdown"
    return "pasted"
