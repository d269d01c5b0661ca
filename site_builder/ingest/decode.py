"""Bytes to clean text: detect the encoding, repair mojibake, normalise line ends and spaces.

Raw files arrive as UTF-8 (with or without BOM), UTF-16 from Windows tools, or Windows-1252
from older exports, often already double-decoded (`Venezuelaâ€™s`). Curly quotes are kept:
they are the text as published.
"""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

from site_builder.errors import InputError

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
)

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sniff_binary(head: bytes) -> str | None:
    """Name the binary format a file starts with, or None when it looks like text."""
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return None
    sample = head[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 10 and not _looks_utf16(sample):
        return "a binary file"
    return None


def _looks_utf16(sample: bytes) -> bool:
    """BOM-less UTF-16: every other byte is NUL for Latin text."""
    even = sample[0::2].count(b"\x00")
    odd = sample[1::2].count(b"\x00")
    half = max(1, len(sample) // 2)
    return even > half * 0.4 or odd > half * 0.4


def decode_bytes(data: bytes, *, path: str = "<input>", normalise: bool = True) -> str:
    """Decode raw bytes to normalised text, raising InputError for binary data. Without
    `normalise` only the encoding is undone: a saved web page's reader repairs the text it
    keeps, not the markup around it (ftfy over a whole page was 85% of reading it)."""
    kind = sniff_binary(data[:8192])
    if kind is not None:
        raise InputError(
            f"this is {kind}, not text",
            path=path,
            hint="export it as plain text (TXT, HTML, CSV or JSON Lines) and ingest that",
        )
    text = _decode(data)
    return normalise_text(text) if normalise else _CONTROL.sub("", text.replace("\r\n", "\n"))


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if data[:4096] and _looks_utf16(data[:4096]):
        le = data[1::2].count(b"\x00") > data[0::2].count(b"\x00")
        return data.decode("utf-16-le" if le else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1250", "utf_8"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    return data.decode(encoding, errors="replace")


def text_problem(head: bytes, encoding: str) -> str | None:
    """Why the first bytes of a file are not text, or None. Random bytes decode "successfully"
    in any single-byte encoding (1 MB of them became 25 published articles); real text has
    almost no control characters or undecodable bytes, and even non-English text in a
    single-byte encoding is mostly ASCII (spaces, digits, punctuation, unaccented letters)."""
    sample = head[:65536].decode(encoding, errors="replace")
    if not sample:
        return None
    odd = sample.count("\ufffd") + sum(1 for c in sample if c < " " and c not in "\n\r\t\x0c")
    if odd > max(8, len(sample) // 100):
        return "bytes that are not text (control characters or bytes no encoding reads)"
    if encoding.startswith(("utf-8", "utf-16")):
        return None
    plain = sum(1 for c in sample if " " <= c <= "~" or c in "\n\r\t")
    if plain < 0.7 * len(sample):
        return "bytes that are not text (too few letters, digits and spaces for any language's text)"
    return None


def sniff_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes, for reading it as a stream."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head[:4096] and _looks_utf16(head[:4096]):
        return "utf-16-le" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") else "utf-16-be"
    for cut in range(4):  # the head may end inside a multi-byte character
        try:
            head[: len(head) - cut].decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            continue
    best = from_bytes(head, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1250"]).best()
    return best.encoding if best is not None else "cp1252"


_NEEDS_FIX = re.compile(r"[^\t\n\x20-\x7e]|&")
"""What ftfy could change in a line: anything but printable ASCII, or an HTML entity."""


def fix_text(text: str) -> str:
    """ftfy's repair, run only on the lines it could change.

    ftfy fixes a text line by line (each line is its own segment), and a line of printable ASCII
    without `&` has nothing it would touch; skipping those lines gives the same text in a
    fraction of the time (most news text is mostly ASCII). Like ftfy, entities are no longer
    unescaped once a line has shown a `<` (the text may be HTML)."""
    if not _NEEDS_FIX.search(text):
        return text
    out: list[str] = []
    html = False
    for line in text.split("\n"):
        html = html or "<" in line
        out.append(_fix_line(line, html) if _NEEDS_FIX.search(line) else line)
    return "\n".join(out)


def _fix_line(line: str, html: bool) -> str:
    return ftfy.fix_text(
        line,
        uncurl_quotes=False,
        fix_latin_ligatures=True,
        fix_character_width=True,
        normalization="NFC",
        unescape_html=False if html else "auto",
        explain=False,
    )


def normalise_text(text: str) -> str:
    """Repair mojibake and normalise line ends and odd spaces; keep curly quotes and dashes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = fix_text(text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return _CONTROL.sub("", text)
