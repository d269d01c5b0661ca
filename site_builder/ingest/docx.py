"""Word documents (.docx) to text, for exports that come as Word files (Nexis Uni, Factiva RTF
saved as Word, newsletters). python-docx reads the paragraphs; each becomes a paragraph of text,
and the text then goes to the reader that detection picks, like any other text file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from site_builder.errors import InputError


def is_docx(path: Path) -> bool:
    """A ZIP archive holding `word/document.xml`."""
    try:
        with path.open("rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


MAX_INFLATED = 256 * 2**20
"""Bytes a .docx may inflate to (all its parts): a 3.4 MB file that unpacks to 1 GB of XML
took 7.9 GB of memory to parse. A 500-page report inflates to a few tens of MB."""
MAX_RATIO = 200
"""Compression ratio above which a large part is a bomb, not a document."""


def _check_inflation(data: bytes, path: str) -> None:
    """Refuse a ZIP whose parts would inflate beyond the limits, from the sizes its directory
    declares (zipfile stops reading a part at its declared size, so they cannot lie upward)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = z.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"cannot read this Word file ({exc})",
            path=path,
            hint="open it in a word processor and save it again, or export plain text",
        ) from exc
    total = sum(p.file_size for p in parts)
    packed = max(1, sum(p.compress_size for p in parts))
    if total > MAX_INFLATED or (total > 16 * 2**20 and total / packed > MAX_RATIO):
        raise InputError(
            f"this Word file would unpack to {total / 1e6:.0f} MB from {len(data) / 1e6:.1f} MB "
            f"(limit {MAX_INFLATED // 2**20} MiB)",
            path=path,
            hint="it is damaged or not a real document; export its text and ingest that",
        )


def docx_text(data: bytes, *, path: str) -> str:
    """The document's paragraphs and table rows, in document order, separated by blank lines.
    A line break inside a Word paragraph (letters, signatures, addresses) starts a new one."""
    _check_inflation(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for damaged files
        raise InputError(
            f"cannot read this Word file ({exc})",
            path=path,
            hint="open it in a word processor and save it again, or export plain text",
        ) from exc
    parts: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(block, document).text)
        elif tag == "tbl":
            parts.extend(" | ".join(cell.text for cell in row.cells) for row in Table(block, document).rows)
    return "\n\n".join(part.replace("\n", "\n\n") for part in parts)
