"""Ingest throughput: the real pipeline (parse, map, validate, store) against a raw bulk_load.

Both sides load the same triples in the same run: the baseline bulk-loads the
N-Triples that the pipeline produced, into a fresh store on disk.
Usage: .venv/bin/python -m bench.ingest [commitments ...]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from bench.synthetic import write_ogp_export
from kg.config import Settings
from kg.pipeline import Source, map_and_validate
from kg.store import OxigraphStore


def measure(commitments: int) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        source_file = write_ogp_export(directory / "export.csv", commitments)
        settings = Settings().with_overrides(store_path=directory / "store")
        source = Source("bench", "ogp-export", source_file)

        started = time.perf_counter()
        result = map_and_validate(source, settings)
        mapped = time.perf_counter()
        store = OxigraphStore.open(directory / "store")
        store.bulk_add_graph(settings.graph_iri("bench"), result.graph)
        store.flush()
        pipeline_seconds = time.perf_counter() - started
        triples = len(result.graph)

        ntriples = directory / "baseline.nt"
        result.graph.serialize(ntriples, format="nt", encoding="utf-8")
        started = time.perf_counter()
        baseline = Store(str(directory / "baseline-store"))
        baseline.bulk_load(path=str(ntriples), format=RdfFormat.N_TRIPLES)
        baseline.flush()
        baseline_seconds = time.perf_counter() - started
    return {"commitments": commitments, "triples": triples,
            "pipeline_s": pipeline_seconds, "map_validate_s": mapped - (started - pipeline_seconds),
            "baseline_s": baseline_seconds}


def main(argv: list[str]) -> None:
    scales = [int(a) for a in argv] or [1000, 5000]
    print(f"{'commitments':>12} {'triples':>9} {'pipeline t/s':>13} {'bulk_load t/s':>14} {'ratio':>6}")
    for scale in scales:
        figures = measure(scale)
        pipeline_rate = figures["triples"] / figures["pipeline_s"]
        baseline_rate = figures["triples"] / figures["baseline_s"]
        print(f"{scale:>12} {figures['triples']:>9} {pipeline_rate:>13.0f} {baseline_rate:>14.0f} "
              f"{pipeline_rate / baseline_rate:>6.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
