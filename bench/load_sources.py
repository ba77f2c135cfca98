"""How fast each bundled source maps and validates: rows, triples, seconds, rows per second.

Usage: .venv/bin/python bench/load_sources.py [source name ...]   (default: every manifest source)
Not part of `make test`: figures depend on the machine and its load.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.config import Settings  # noqa: E402
from kg.pipeline import map_and_validate, read_manifest  # noqa: E402


def main(names: list[str]) -> None:
    settings = Settings()
    print(f"{'source':40} {'rows':>6} {'rejected':>8} {'triples':>8} {'seconds':>8} {'rows/s':>8}")
    for source in read_manifest(settings):
        if names and source.name not in names:
            continue
        started = time.perf_counter()
        result = map_and_validate(source, settings, strict=False)
        seconds = time.perf_counter() - started
        print(f"{source.name:40} {result.rows_read:6} {len(result.rejected_rows):8} {result.triple_count:8} "
              f"{seconds:8.2f} {result.rows_read / seconds:8.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
