"""Ingest throughput: the real pipeline (parse, map, validate, store) against a raw bulk_load.

Both sides load the same triples in the same run: the baseline bulk-loads the
N-Triples that the pipeline produced, into a fresh store on disk. Each scale
runs in a fresh process, so its peak memory is its own.
Usage: .venv/bin/python -m bench.ingest [scale ...]   (scales in triples: 100k 1M)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from bench.common import commitments_for, peak_memory_mb, run
from bench.synthetic import write_ogp_export
from kg.config import Settings
from kg.pipeline import Source, map_and_validate
from kg.store import OxigraphStore
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from


def measure(triples: int) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        source_file = write_ogp_export(directory / "export.csv", commitments_for(triples))
        settings = Settings().with_overrides(store_path=directory / "store")
        source = Source("bench", "ogp-export", source_file)

        started = time.perf_counter()
        result = map_and_validate(source, settings)
        map_validate_s = time.perf_counter() - started
        store = OxigraphStore.open(directory / "store")
        store.bulk_add_graph(settings.graph_iri("bench"), result.graph)
        store.flush()
        pipeline_s = time.perf_counter() - started
        pipeline_mb = peak_memory_mb()

        # The validation share, timed again on the same graph (the pipeline runs it inside map_and_validate).
        started = time.perf_counter()
        shacl_problems(result.graph, shapes_from(settings.shapes_dir), vocabulary_from(settings.ontology_dir).graph,
                       result.file, result.origins)
        validate_s = time.perf_counter() - started

        ntriples = directory / "baseline.nt"
        result.graph.serialize(ntriples, format="nt", encoding="utf-8")
        started = time.perf_counter()
        baseline = Store(str(directory / "baseline-store"))
        baseline.bulk_load(path=str(ntriples), format=RdfFormat.N_TRIPLES)
        baseline.flush()
        baseline_s = time.perf_counter() - started
    return {"triples": len(result.graph), "pipeline_s": pipeline_s, "map_validate_s": map_validate_s,
            "validate_s": validate_s, "baseline_s": baseline_s, "pipeline_peak_mb": pipeline_mb}


def share(figures: dict, seconds: float) -> str:
    return f"{seconds / figures['pipeline_s']:.0%}"


def line(f: dict) -> str:
    pipeline_rate, baseline_rate = f["triples"] / f["pipeline_s"], f["triples"] / f["baseline_s"]
    map_s = f["map_validate_s"] - f["validate_s"]
    return (f"{pipeline_rate:>13.0f} {baseline_rate:>14.0f} {pipeline_rate / baseline_rate:>6.3f} "
            f"{share(f, map_s):>5} {share(f, f['validate_s']):>8} {share(f, f['pipeline_s'] - f['map_validate_s']):>6} "
            f"{f['pipeline_peak_mb']:>8.0f}")


if __name__ == "__main__":
    run("bench.ingest", sys.argv[1:], measure,
        "SYNTHETIC data (bench/synthetic.py, seed 7); pipeline = map + validate + bulk_add_graph + flush",
        f"{'pipeline t/s':>13} {'bulk_load t/s':>14} {'ratio':>6} {'map':>5} {'validate':>8} {'store':>6} "
        f"{'peak MB':>8}", line)
