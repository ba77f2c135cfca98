"""The SPARQL endpoint against `oxigraph serve-read-only`: same store, same queries, same load generator.

SYNTHETIC data (bench/pages.py's seeded graph: commitments, plans, agencies and a
hub agency). One store directory is opened read-only by both servers at once:
ours as `make run` serves it (gunicorn, gunicorn.conf.py, server/wsgi.py) and
Oxigraph's own server with the union default graph, as ours queries. Clients are
processes with keep-alive HTTP connections (http.client; gunicorn's sync workers
close each connection, the client reopens it). Rounds alternate between the two
servers so they share the machine's noise; each workload prints the median
throughput of each and the ratio.

Workloads:
- aggregate: a GROUP BY over every typed node, never answered from our cache;
- cold point lookups: one commitment's statements, a different commitment every time;
- mix with repeats: 80% of requests drawn from 200 popular queries (point lookups,
  2-hop joins, 4 aggregates) with Zipf-like popularity, 20% cold lookups;
- analytics mix with repeats: the same, the popular queries being 20 that dashboards
  ask (4 whole-graph aggregates, 8 per-agency counts, 8 joins).
Also printed: each server's CPU time per request (all its processes, from /proc),
which the machine's other load disturbs less than throughput.

    .venv/bin/python bench/sparql_vs_native.py [--triples 1000000] [--seconds 8] [--rounds 3] [--clients 4]
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import record  # noqa: E402
from bench.pages import PER_COMMITMENT, write_store  # noqa: E402
from bench.serving import cpu_seconds, free_port, gunicorn, wait_until_up  # noqa: E402
from kg.config import Settings  # noqa: E402

ID = Settings().id_base
JSON_RESULTS = "application/sparql-results+json"
AGGREGATE = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
POINT = "SELECT ?p ?o WHERE {{ <{id}commitment/SY{i:07d}> ?p ?o }}"
TWO_HOPS = ("SELECT ?c ?title WHERE {{ <{id}commitment/SY{i:07d}> <http://purl.org/dc/terms/isPartOf> ?plan . "
            "?c <http://purl.org/dc/terms/isPartOf> ?plan ; <http://purl.org/dc/terms/title> ?title }}")
AGENCY_COUNT = ("SELECT (COUNT(?c) AS ?n) WHERE {{ ?c <https://w3id.org/aga-mx/def/leadInstitution> "
                "<{id}organization/agency-{i}> }}")
AGA = "https://w3id.org/aga-mx/def/"
DCT = "http://purl.org/dc/terms/"
WHOLE_GRAPH = (AGGREGATE,
               f"SELECT ?a (COUNT(?c) AS ?n) WHERE {{ ?c <{AGA}leadInstitution> ?a }} GROUP BY ?a",
               f"SELECT ?plan (COUNT(?c) AS ?n) WHERE {{ ?c <{DCT}isPartOf> ?plan }} GROUP BY ?plan "
               "ORDER BY DESC(?n) LIMIT 10",
               f"SELECT (COUNT(?c) AS ?n) WHERE {{ ?c <{AGA}starred> true }}")
POPULAR = 200
COLD_SHARE = 0.2


def popular_queries(commitments: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for n in range(POPULAR):
        if n % 50 == 0:
            queries.append(AGGREGATE if n == 0 else AGENCY_COUNT.format(id=ID, i=n % 200))
        elif n % 3 == 0:
            queries.append(TWO_HOPS.format(id=ID, i=rng.randrange(commitments)))
        else:
            queries.append(POINT.format(id=ID, i=rng.randrange(commitments)))
    rng.shuffle(queries)  # popularity rank independent of the kind of query
    return queries


def analytics_queries(commitments: int, seed: int = 13) -> list[str]:
    """What dashboards ask again and again: 4 whole-graph aggregates, 8 per-agency counts, 8 joins."""
    rng = random.Random(seed)
    queries = [*WHOLE_GRAPH, *(AGENCY_COUNT.format(id=ID, i=i) for i in range(8)),
               *(TWO_HOPS.format(id=ID, i=rng.randrange(commitments)) for _ in range(8))]
    rng.shuffle(queries)
    return queries


class Workload:
    """What each request asks. A cold lookup (of a random commitment) and the aggregate workload's
    query are made unique by a comment, so no kept answer serves them: they measure evaluation."""

    def __init__(self, name: str, commitments: int):
        self.name, self.commitments = name, commitments
        self.popular = analytics_queries(commitments) if name.startswith("analytics") else popular_queries(commitments)

    def query(self, rng: random.Random, tag: str) -> str:
        if self.name == "aggregate":
            return AGGREGATE + f"\n# cold {tag}"
        if self.name == "cold point lookups" or rng.random() < COLD_SHARE:
            return POINT.format(id=ID, i=rng.randrange(self.commitments)) + f"\n# cold {tag}"
        # Popularity falls off like a Zipf law: the first queries are asked most.
        return self.popular[min(int(rng.paretovariate(1.0)) - 1, len(self.popular) - 1)]


def client(port: int, path: str, workload: Workload, seconds: float, seed: str, counts) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    done = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        query = workload.query(rng, f"{seed} {done}")
        connection.request("GET", path + "?" + urlencode({"query": query}), headers={"Accept": JSON_RESULTS})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}: {body[:300]!r}")
        done += 1
    counts.put(done)


def throughput(port: int, path: str, workload: Workload, seconds: float, clients: int,
               round_number: int) -> tuple[float, int]:
    """Requests a second from `clients` client processes over `seconds`, and how many were answered."""
    counts = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=client, args=(
        port, path, workload, seconds, f"{workload.name} {round_number} {n}", counts)) for n in range(clients)]
    started = time.monotonic()
    for process in processes:
        process.start()
    total = sum(counts.get() for _ in processes)
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a client of {path} failed")
    return total / (time.monotonic() - started), total


@contextmanager
def native_server(store: Path) -> Iterator[tuple[int, subprocess.Popen]]:
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "oxigraph"), "serve-read-only", "--location",
                               str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, "/query")
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def measured(port: int, path: str, process, workload: Workload, args, round_number: int) -> tuple[float, float]:
    """Requests a second, and the server's CPU milliseconds per request, over one round."""
    cpu_before = cpu_seconds(process.pid)
    rate, done = throughput(port, path, workload, args.seconds, args.clients, round_number)
    return rate, (cpu_seconds(process.pid) - cpu_before) * 1000 / done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aga-sparql-bench-") as folder:
        workdir = Path(folder)
        store = workdir / "store"
        count = write_store(store, args.triples, hub_links=10_000)
        commitments = (count - 20_000) // PER_COMMITMENT
        with native_server(store) as (native_port, native), gunicorn(store, workdir / "gunicorn.log") as (our_port, ours):
            rows = compare(args, commitments, (native_port, "/query", native), (our_port, "/sparql", ours))
        record("sparql_vs_native", "PYTHONPATH=. .venv/bin/python bench/sparql_vs_native.py " + " ".join(sys.argv[1:]),
               [{**row, "triples": count} for row in rows])


def compare(args, commitments: int, native: tuple, ours: tuple) -> list[dict]:
    print(f"SYNTHETIC data; {args.clients} client processes, {args.rounds} alternating rounds of {args.seconds:g} s; "
          "medians of the rounds")
    print(f"{'workload':<28}{'native req/s':>13}{'ours req/s':>11}{'ratio':>7}"
          f"{'native cpu ms/req':>19}{'ours cpu ms/req':>17}")
    rows = []
    for name in ("aggregate", "cold point lookups", "mix with repeats", "analytics mix with repeats"):
        workload = Workload(name, commitments)
        figures = {"native": [], "ours": []}
        for round_number in range(args.rounds):
            figures["native"].append(measured(*native, workload, args, round_number))
            figures["ours"].append(measured(*ours, workload, args, round_number))
        row = {"workload": name}
        for side, pairs in figures.items():
            row[side] = statistics.median(rate for rate, _ in pairs)
            row[side + "_cpu_ms"] = statistics.median(cpu for _, cpu in pairs)
        row["ratio"] = row["ours"] / row["native"]
        rows.append(row)
        print(f"{name:<28}{row['native']:>13.1f}{row['ours']:>11.1f}{row['ratio']:>7.2f}"
              f"{row['native_cpu_ms']:>19.2f}{row['ours_cpu_ms']:>17.2f}", flush=True)
    return rows

if __name__ == "__main__":
    main()
