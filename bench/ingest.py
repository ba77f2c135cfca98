"""Ingest throughput: the real pipeline (parse, map, validate, store) against a raw bulk_load.

The sources are synthetic files in four real input formats (bench/synthetic.py:
the OGP export, a CKAN package_search response, the trust-fund CSV, grants),
loaded through the real loaders into a new store on disk as `aga-kg build`
does (map_and_validate, bulk_add_graph, flush). The baseline bulk-loads, into
a fresh store on disk, the same triples as N-Triples (dumped from the
pipeline's store), in the same run. Each scale runs in a fresh process, so
its peak memory (ru_maxrss) is its own.
Usage: .venv/bin/python -m bench.ingest [scale ...]   (scales in triples: 100k 1M 10M)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from bench.common import peak_memory_mb, run
from bench.synthetic import write_ckan, write_grants, write_ogp_export, write_trust_funds_csv
from kg.config import Settings
from kg.pipeline import Source, map_and_validate, shapes_for
from kg.store import OxigraphStore
from kg.validation import store_results, validation_store
from kg.vocabulary import vocabulary_from

# (share of the triples, loader, writer, triples a record makes, loader options), measured on these files.
MIX = (
    (0.70, "ogp-export", write_ogp_export, 30.0, {}),
    (0.10, "ckan", write_ckan, 32.4, {"catalog_url": "https://ckan.example.org"}),
    (0.10, "trust-funds-csv", write_trust_funds_csv, 18.2, {}),
    (0.10, "grants-csv", write_grants, 11.6, {}),
)


def sources_for(directory: Path, triples: int) -> list[Source]:
    sources = []
    for share, loader, write, per_record, options in MIX:
        path = write(directory / f"{loader}.synthetic", max(10, round(triples * share / per_record)))
        sources.append(Source(f"bench-{loader}", loader, path, options=options))
    return sources


def directory_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def measure(triples: int) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        sources = sources_for(directory, triples)
        settings = Settings().with_overrides(store_path=directory / "store", max_source_bytes=10 ** 12)

        started = time.perf_counter()
        store = OxigraphStore.open(directory / "store")
        results, stored_s = [], 0.0
        for source in sources:
            result = map_and_validate(source, settings, strict=False)
            storing = time.perf_counter()
            store.bulk_add_graph(settings.graph_iri(source.name), result.emitted.store_chunks())
            stored_s += time.perf_counter() - storing
            results.append(result)
        storing = time.perf_counter()
        store.flush()
        stored_s += time.perf_counter() - storing
        pipeline_s = time.perf_counter() - started
        pipeline_mb = peak_memory_mb()

        # The validation share, timed again on the same N-Triples (the pipeline runs it inside map_and_validate).
        vocabulary = vocabulary_from(settings.ontology_dir)
        started = time.perf_counter()
        for source, result in zip(sources, results):
            with validation_store(result.emitted.chunks(), result.emitted.size, result.emitted.writer.ill_typed,
                                  vocabulary.graph, result.file) as (validation, _):
                store_results(validation, shapes_for(settings.shapes_dir, source.profiles), result.file,
                              result.origins_of)
        validate_s = time.perf_counter() - started
        lines = sum(r.emitted.lines for r in results)
        rejected = sum(len(r.rejected_rows) for r in results)
        for result in results:
            result.emitted.close()

        ntriples = directory / "baseline.nt"
        with ntriples.open("wb") as out:
            for source in sources:
                store.dump(out, RdfFormat.N_TRIPLES, graph=settings.graph_iri(source.name))
        loaded = sum(1 for _ in ntriples.open("rb"))
        store_bytes = directory_bytes(directory / "store")
        store.close()
        started = time.perf_counter()
        baseline = Store(str(directory / "baseline-store"))
        baseline.bulk_load(path=str(ntriples), format=RdfFormat.N_TRIPLES)
        baseline.flush()
        baseline.optimize()
        baseline_s = time.perf_counter() - started
        baseline_bytes = directory_bytes(directory / "baseline-store")
    return {"triples": loaded, "lines_written": lines, "rows_rejected": rejected, "pipeline_s": pipeline_s,
            "store_s": stored_s, "validate_s": validate_s, "baseline_s": baseline_s,
            "pipeline_peak_mb": pipeline_mb, "store_mb": store_bytes / 2 ** 20,
            "baseline_store_mb": baseline_bytes / 2 ** 20}


def share(figures: dict, seconds: float) -> str:
    return f"{seconds / figures['pipeline_s']:.0%}"


def line(f: dict) -> str:
    pipeline_rate, baseline_rate = f["triples"] / f["pipeline_s"], f["triples"] / f["baseline_s"]
    map_s = f["pipeline_s"] - f["store_s"] - f["validate_s"]
    return (f"{pipeline_rate:>13.0f} {baseline_rate:>14.0f} {pipeline_rate / baseline_rate:>6.3f} "
            f"{share(f, map_s):>5} {share(f, f['validate_s']):>8} {share(f, f['store_s']):>6} "
            f"{f['pipeline_peak_mb']:>8.0f} {f['store_mb']:>9.0f} {f['baseline_store_mb']:>12.0f}")


if __name__ == "__main__":
    run("bench.ingest", sys.argv[1:], measure,
        "SYNTHETIC data (bench/synthetic.py, seed 7: OGP export 70%, CKAN 10%, trust funds 10%, grants 10%); "
        "pipeline = map + validate + bulk_add_graph + flush",
        f"{'pipeline t/s':>13} {'bulk_load t/s':>14} {'ratio':>6} {'map':>5} {'validate':>8} {'store':>6} "
        f"{'peak MB':>8} {'store MB':>9} {'baseline MB':>12}", line)
