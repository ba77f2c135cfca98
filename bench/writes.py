"""What a copy-on-write update costs against the same update written in place.

Builds a synthetic store of N triples (SYNTHETIC DATA: made-up IRIs), serves
it behind a store link, then applies the same one-triple INSERT DATA both ways,
side by side in the same run: through kg/writes.py (checkpoint, apply, new
version, switch the link) and directly into a read-write store (apply, new
version, flush). Prints the medians, their ratio and the bytes a copy writes
that it does not share with the served store by hard link. Not a test.

    .venv/bin/python bench/writes.py 100k 1M
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import human, parse_scale  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402
from kg.store_link import switch_link  # noqa: E402
from kg.writes import apply_update  # noqa: E402

ROUNDS = 9
GRAPH = "https://example.org/graph/synthetic"


def synthetic_chunks(triples: int, per_chunk: int = 50_000):
    """N-Triples in chunks: five made-up properties per made-up thing."""
    for start in range(0, triples, per_chunk):
        yield "".join(f'<https://example.org/thing/{n // 5}> <https://example.org/p{n % 5}> "synthetic value {n}" .\n'
                      for n in range(start, min(triples, start + per_chunk))).encode("utf-8")


def synthetic_store(path: Path, triples: int) -> None:
    store = OxigraphStore.open(path)
    store.bulk_add_graph(GRAPH, synthetic_chunks(triples))
    store.mark_new_version()
    store.flush()
    store.close()


def one_triple(n: int) -> str:
    return f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <https://example.org/new/{n}> <https://example.org/p> "x" }} }}'


def unshared_bytes(directory: Path) -> int:
    return sum(f.stat().st_size for f in directory.iterdir() if f.is_file() and f.stat().st_nlink == 1)


def median_ms(action) -> float:
    times = []
    for n in range(ROUNDS):
        started = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(triples: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        served, in_place = root / "builds" / "00000000T000000", root / "in-place"
        synthetic_store(served, triples)
        synthetic_store(in_place, triples)
        settings = Settings().with_overrides(store_path=root / "store", builds_kept=1)
        switch_link(settings.store_path, served)
        copied = median_ms(lambda n: apply_update(settings, one_triple(n)))
        extra = unshared_bytes(settings.store_path.resolve())
        store = OxigraphStore.open(in_place)

        def direct(n: int) -> None:
            store.update(one_triple(n))
            store.mark_new_version()
            store.flush(optimize=False)

        direct_ms = median_ms(direct)
        store.close()
    print(f"{human(triples):>6} triples: copy-on-write {copied:8.1f} ms, in place {direct_ms:7.1f} ms, "
          f"ratio {copied / direct_ms:5.1f}x; a copy writes {extra / 1024:.0f} KiB of its own")


if __name__ == "__main__":
    for scale in sys.argv[1:] or ["100k", "1M"]:
        measure(parse_scale(scale))
