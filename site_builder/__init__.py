"""site-builder: turn raw news articles into a searchable static archive."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed package's metadata only when asked for: the
    lookup costs a fifth of the command line's start-up, and most runs never need it."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("site-builder")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"
