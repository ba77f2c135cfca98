"""What publishing a release costs on the bundled data: seconds and peak memory of the dumps, index and change log.

Usage: .venv/bin/python bench/releases.py   (builds the bundled data into a temporary directory)
Not part of `make test`: figures depend on the machine and its load.
"""
from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.config import Settings  # noqa: E402
from kg.pipeline import build_store  # noqa: E402
from kg.releases import MANIFEST, publish_release  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        settings = Settings().with_overrides(store_path=Path(directory) / "store",
                                             reports_dir=Path(directory) / "reports")
        started = time.perf_counter()
        target, _ = build_store(settings)
        built = time.perf_counter() - started
        store = OxigraphStore.open(target, read_only=True)
        quads = sum(1 for _ in store.quads())
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        release = publish_release(store, settings, target.name + ".again", datetime.now(timezone.utc))
        published = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        files = json.loads((release / MANIFEST).read_text(encoding="utf-8"))["files"]
        print(f"quads {quads}; build with its release {built:.1f} s; publishing a release again {published:.1f} s; "
              f"{len(files)} files, {sum(f['bytes'] for f in files)} bytes gzipped; "
              f"peak RSS {before // 1024} MB before, {peak // 1024} MB after")


if __name__ == "__main__":
    main()
