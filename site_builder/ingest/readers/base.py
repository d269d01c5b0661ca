"""The reader contract: text in, raw articles and warnings out, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.model import RawArticle


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a reader found in one input: the articles, plus warnings for what it set aside."""

    articles: tuple[RawArticle, ...]
    warnings: tuple[str, ...] = field(default=())
    boilerplate: int = 0
    """Lines dropped as boilerplate (share bars, advertisements, newsletter prompts)."""
