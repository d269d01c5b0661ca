"""The names `ingest --format` accepts, in a module of their own: the command line lists them
without importing every reader (a fifth of a small build's start-up)."""

from __future__ import annotations

FORMATS = (
    "pasted",
    "markdown",
    "jsonl",
    "csv",
    "lexisnexis",
    "nexis-uni",
    "factiva-html",
    "factiva-text",
    "proquest",
    "factiva-xml",
    "html",
)
