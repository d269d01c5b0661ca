"""The language of an article's text, by lingua (a detector made for the job: n-gram models of
75 languages, accurate on short text), among the languages of `data/languages.txt`.

The four-language stop-word vote it replaces labelled Dutch, Polish and Portuguese articles
`en` and Italian `fr`, and the label reaches every page's `lang` and the JSON-LD. Lingua runs
in its low-accuracy mode (trigram models only): 80 MB and a fifth of a second to load, once,
against 240 MB and 2.4 s for the full models, and news paragraphs are long enough that the
two agree. It is loaded on first use, so ingest of files that state their language never pays.
"""

from __future__ import annotations

import functools
from typing import Any

from site_builder.wordlists import entries

SAMPLE = 600
"""Characters looked at: the start of an article (a paragraph) says its language as well as the
whole. Lingua's time grows faster than the text: 5.3 ms an article at 2,000 characters, as much
as entity extraction and a third of ingest, against 1.5 ms at 600, with the same answer on the
300 Wikinews articles and on the test paragraphs of twelve languages (about 200 characters)."""
FALLBACK = "en"
"""Said when the text is too short or too mixed to tell (a headline, a table of numbers)."""


@functools.cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in entries("languages.txt", "site_builder.ingest")]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language (`en`, `nl`, `pt`), or FALLBACK."""
    sample = " ".join(text[:SAMPLE].split()[:-1] if len(text) > SAMPLE else text.split())
    if len(sample) < 20:
        return FALLBACK
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else FALLBACK
