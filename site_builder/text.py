"""Characters that are never text: stripped from every input before it can reach a page.

C0 controls other than tab and newline (NUL, `\\x01`, the escape character...), DEL and the C1
controls make `feed.xml` invalid XML and are invisible in HTML, where they can hide text from a
reader but not from a search engine. No news text needs them.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Text without control characters (tab, newline and carriage return are kept)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text
