"""What a remote store (`oxigraph serve`) costs against the embedded store, side by side in one run.

Loads the same synthetic graph into both (a first load, then a replacement, whose
switch copies the staging graph inside the remote store), and times the queries a
page makes. Prints figures; not a test. Run: `.venv/bin/python -m bench.remote_store 100k`.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import NamedNode, Variable

from bench.common import parse_scale
from kg.remote_store import RemoteStore
from kg.store import OxigraphStore
from server import describe
from tests.conftest import settings_in
from tests.remote.oxigraph_server import oxigraph_server

GRAPH = "https://w3id.org/aga-mx/graph/bench"
ROUNDS = 50


def synthetic(triples: int, label: str):
    """N-Triples in chunks of 10,000 lines: 10 properties on each of triples/10 subjects."""
    lines = []
    for n in range(triples):
        lines.append(f'<https://w3id.org/aga-mx/id/thing/{n // 10}> <https://example.org/p{n % 10}> '
                     f'"{label} {n}" .\n'.encode())
        if len(lines) == 10_000:
            yield b"".join(lines)
            lines = []
    if lines:
        yield b"".join(lines)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def page_queries(store) -> float:
    """The median seconds of the three queries that open an entity page."""
    resource = {Variable("resource"): NamedNode("https://w3id.org/aga-mx/id/thing/42")}
    queries = [describe.EXISTS_QUERY, describe.COUNT_QUERY.format(pattern=describe.PATTERNS["out"]),
               describe.PREDICATE_LABELS_QUERY.format(pattern=describe.PATTERNS["out"])]
    samples = [timed(lambda: [list(store.query(q, substitutions=resource)) if "SELECT" in q
                              else bool(store.query(q, substitutions=resource)) for q in queries])
               for _ in range(ROUNDS)]
    return statistics.median(samples)


def main(scale: str = "100k") -> None:
    triples = parse_scale(scale)
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        embedded = OxigraphStore.open(root / "embedded")
        with oxigraph_server(root / "oxigraph") as server:
            remote = RemoteStore.from_settings(server.settings(settings_in(root)))
            figures = {
                "first load": (timed(lambda: embedded.replace_graph(GRAPH, synthetic(triples, "a"))),
                               timed(lambda: remote.replace_graph(GRAPH, synthetic(triples, "a")))),
                "replacement": (timed(lambda: embedded.replace_graph(GRAPH, synthetic(triples, "b"))),
                                timed(lambda: remote.replace_graph(GRAPH, synthetic(triples, "b")))),
                "page queries (median)": (page_queries(embedded), page_queries(remote)),
            }
    print(f"{triples:,} triples; seconds, embedded vs oxigraph serve")
    for name, (local, far) in figures.items():
        rate = f"  ({triples / local:,.0f} vs {triples / far:,.0f} triples/s)" if "page" not in name else ""
        print(f"{name:24} {local:9.4f} {far:9.4f}  x{far / local:.1f}{rate}")


if __name__ == "__main__":
    main(*sys.argv[1:])
