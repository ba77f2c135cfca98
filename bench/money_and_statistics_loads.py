"""How long the money and statistics sources take to map and to validate, per source.

Run: .venv/bin/python bench/money_and_statistics_loads.py [repeats]
Prints, per source, triples, mapping time and SHACL time (median of the repeats).
"""
from __future__ import annotations

import statistics
import sys
import time

from kg.config import Settings
from kg.pipeline import Source, agencies_from, read_manifest
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from
from loaders import loader_named
from loaders.base import LoadContext, LoadResult

LOADERS = ("trust-funds-json", "trust-funds-csv", "rnpdno-aggregates")


def sources(settings: Settings) -> list[Source]:
    bundled = [s for s in read_manifest(settings) if s.loader in LOADERS]
    if not any(s.loader == "trust-funds-csv" for s in bundled):  # not in the manifest before issue 4a's policy
        bundled.append(Source("trust-funds-2015", "trust-funds-csv",
                              settings.data_dir / "fideicomisos-gobiernofacil" / "trusts_2015.csv"))
    return bundled


def main(repeats: int = 3) -> None:
    settings = Settings()
    vocabulary = vocabulary_from(settings.ontology_dir)
    shapes = shapes_from(settings.shapes_dir)
    context = LoadContext(settings, vocabulary, agencies_from(settings.data_dir / "agencies.csv"))
    print(f"{'source':28} {'triples':>8} {'map s':>7} {'shacl s':>8} {'triples/s':>10}")
    for source in sources(settings):
        mapping, validation = [], []
        for _ in range(repeats):
            result = LoadResult(source.name)
            started = time.perf_counter()
            loader_named(source.loader)(source.file, context, result, **source.options)
            mapping.append(time.perf_counter() - started)
            started = time.perf_counter()
            shacl_problems(result.graph, shapes, vocabulary.graph, result.file, result.origins)
            validation.append(time.perf_counter() - started)
        map_s, shacl_s = statistics.median(mapping), statistics.median(validation)
        print(f"{source.name:28} {len(result.graph):>8} {map_s:>7.2f} {shacl_s:>8.2f} "
              f"{len(result.graph) / (map_s + shacl_s):>10.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
