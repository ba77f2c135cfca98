"""Whole-graph SHACL validation: the SPARQL-compiled validator against pyshacl, side by side.

Same synthetic data (mapped by the real loader; 1% of commitments lack a
title, so there is something to find), same shapes, same ontology, same
process; the ratio is pyshacl's time over ours. Both must report the same
results, or the run fails.
Usage: .venv/bin/python -m bench.validation [scale ...]   (scales in triples: 100k 1M)
"""
from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

from bench.common import peak_memory_mb, run, synthetic_load
from kg.config import Settings
from kg.shacl_sparql import store_of, validate
from kg.validation import compiled, pyshacl_results, shapes_from
from kg.vocabulary import vocabulary_from


def keys(results) -> set:
    return {(r.focus, r.path, r.source_shape, r.severity) for r in results}


def measure(triples: int) -> dict:
    settings = Settings()
    shapes, ontology = shapes_from(settings.shapes_dir), vocabulary_from(settings.ontology_dir).graph
    with tempfile.TemporaryDirectory() as directory:
        _, result = synthetic_load(Path(directory), triples, untitled_share=0.01)
    data = result.graph
    gc.collect()
    mapped_mb = peak_memory_mb()

    def ours_once() -> tuple[float, float, list]:
        started = time.perf_counter()
        store = store_of(data, ontology)
        loaded = time.perf_counter()
        results = validate(store, compiled(shapes))
        return loaded - started, time.perf_counter() - loaded, results

    # The machine is noisy: ours runs before and after pyshacl, and the median run counts.
    runs = [ours_once(), ours_once()]
    ours_mb = peak_memory_mb()
    started = time.perf_counter()
    theirs = pyshacl_results(data, shapes, ontology)
    pyshacl_s = time.perf_counter() - started
    runs.append(ours_once())
    load_s, query_s, ours = sorted(runs, key=lambda run: run[0] + run[1])[1]
    if keys(ours) != keys(theirs):
        raise SystemExit(f"the validators disagree at {triples} triples: "
                         f"{len(keys(ours) - keys(theirs))} only ours, {len(keys(theirs) - keys(ours))} only pyshacl")
    return {"triples": len(data), "results": len(keys(ours)), "ours_s": load_s + query_s, "ours_load_s": load_s,
            "ours_query_s": query_s, "pyshacl_s": pyshacl_s, "mapped_mb": mapped_mb, "ours_peak_mb": ours_mb,
            "pyshacl_peak_mb": peak_memory_mb()}


def line(f: dict) -> str:
    return (f"{f['ours_s']:>8.2f} {f['ours_load_s']:>6.2f}+{f['ours_query_s']:<6.2f} {f['pyshacl_s']:>10.2f} "
            f"{f['pyshacl_s'] / f['ours_s']:>6.1f} {f['triples'] / f['ours_s']:>9.0f} "
            f"{f['triples'] / f['pyshacl_s']:>11.0f} {f['ours_peak_mb']:>10.0f}/{f['pyshacl_peak_mb']:<10.0f}")


if __name__ == "__main__":
    run("bench.validation", sys.argv[1:], measure,
        "SYNTHETIC data (bench/synthetic.py, seed 7); whole-graph validation, data + ontology, all shapes/",
        f"{'ours s':>8} {'(load+query)':>14} {'pyshacl s':>10} {'ratio':>6} {'ours t/s':>9} {'pyshacl t/s':>11} "
        f"{'peak MB ours/pyshacl':>21}", line)
