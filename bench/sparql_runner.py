"""What the worker-process evaluation costs against evaluating in the web process.

Runs the same queries both ways over the bundled data (built into a temporary
store) and prints the median time of each and their ratio. Not a test: figures
depend on the machine. Run with `make bench-sparql`.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.config import Settings  # noqa: E402
from kg.pipeline import build_store  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402
from server.query_runner import ProcessPoolRunner, QueryJob  # noqa: E402
from server.results import SOLUTION_WRITERS, boolean_body  # noqa: E402

QUERIES = {
    "point lookup (ASK)": "ASK { <https://w3id.org/aga-mx/id/commitment/MX0064> ?p ?o }",
    "one entity (SELECT)": "SELECT ?p ?o WHERE { <https://w3id.org/aga-mx/id/commitment/MX0064> ?p ?o }",
    "aggregate": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "whole store, 10k rows": "SELECT * WHERE { ?s ?p ?o } LIMIT 10000",
}
ROUNDS = 30


def direct(store: OxigraphStore, query: str) -> int:
    """In-process evaluation and the same JSON writer, for a like-for-like comparison."""
    result = store.query(query)
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        return len(boolean_body("json", bool(result)).encode())
    variables = [v.value for v in result.variables]
    return sum(len(piece.encode()) for piece in SOLUTION_WRITERS["json"](variables, result))


def pooled(runner: ProcessPoolRunner, query: str) -> int:
    answer = runner.run(QueryJob(query, solutions_format="json", row_limit=10000))
    return sum(len(chunk) for chunk in answer.body)


def median_ms(action) -> float:
    action()  # warm up
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings().with_overrides(store_path=Path(folder) / "store")
        build_store(settings)
        store = OxigraphStore.open(settings.store_path, read_only=True)
        runner = ProcessPoolRunner(settings.store_path.resolve(), time_limit=30, workers=2)
        runner.start()
        print(f"{'query':<24}{'in-process ms':>15}{'worker ms':>12}{'ratio':>8}  (median of {ROUNDS})")
        for name, query in QUERIES.items():
            assert direct(store, query) == pooled(runner, query), name
            in_process = median_ms(lambda: direct(store, query))
            in_worker = median_ms(lambda: pooled(runner, query))
            print(f"{name:<24}{in_process:>15.2f}{in_worker:>12.2f}{in_worker / in_process:>8.2f}")
        runner.close()


if __name__ == "__main__":
    main()
