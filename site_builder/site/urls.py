"""File names of the site that work as links and on every file system.

Article pages are named after their source files, which people name: a name with `#`, `?` or
`%` made a link that points elsewhere, a 252-character name failed to write (most file systems
stop at 255 bytes), and entity pages called `con.html` or `nul.html` cannot be checked out on
Windows. Names that are already plain are kept, so existing links stay the same.
"""

from __future__ import annotations

import hashlib
import re

from slugify import slugify

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def safe_segment(name: str) -> str:
    """One path segment (no extension) safe to publish: plain names unchanged; others
    slugified, cut to 100 characters and given a short hash of the original, so that two
    names that slugify alike still get two pages; reserved device names get a `-`."""
    if not _PLAIN.match(name) or name.endswith("."):
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        name = f"{slugify(name, max_length=100) or 'page'}-{digest}"
    if _RESERVED.match(name):
        name += "-"
    return name


def safe_path(rel: str) -> str:
    """A relative path of segments (`2024/05/name`), each made safe."""
    return "/".join(safe_segment(part) for part in rel.split("/"))
