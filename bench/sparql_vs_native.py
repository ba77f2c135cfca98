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
- aggregate: a GROUP BY over every typed node;
- cold point lookups: one commitment's statements, a different commitment every time;
- mix with repeats: 80% of requests drawn from 200 popular queries (point lookups,
  2-hop joins, a few aggregates), 20% cold lookups.

    .venv/bin/python bench/sparql_vs_native.py [--triples 1000000] [--seconds 8] [--rounds 3] [--clients 4]
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import record  # noqa: E402
from bench.pages import PER_COMMITMENT, write_store  # noqa: E402
from kg.config import PROJECT_ROOT, Settings  # noqa: E402

ID = Settings().id_base
JSON_RESULTS = "application/sparql-results+json"
AGGREGATE = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
POINT = "SELECT ?p ?o WHERE {{ <{id}commitment/SY{i:07d}> ?p ?o }}"
TWO_HOPS = ("SELECT ?c ?title WHERE {{ <{id}commitment/SY{i:07d}> <http://purl.org/dc/terms/isPartOf> ?plan . "
            "?c <http://purl.org/dc/terms/isPartOf> ?plan ; <http://purl.org/dc/terms/title> ?title }}")
AGENCY_COUNT = ("SELECT (COUNT(?c) AS ?n) WHERE {{ ?c <https://w3id.org/aga-mx/def/leadInstitution> "
                "<{id}organization/agency-{i}> }}")
POPULAR = 200
COLD_SHARE = 0.2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, path: str, timeout: float = 60) -> None:
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path + "?" + urlencode({"query": "ASK {}"}), headers={"Accept": JSON_RESULTS})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no server answered on port {port} within {timeout:g} s")


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
    return queries


class Workload:
    """The query each request sends; `cold` numbers never repeat within a run (client, round, request)."""

    def __init__(self, name: str, commitments: int):
        self.name, self.commitments = name, commitments
        self.popular = popular_queries(commitments)

    def query(self, rng: random.Random, cold_number: int) -> str:
        if self.name == "aggregate":
            return AGGREGATE
        if self.name == "cold point lookups" or rng.random() < COLD_SHARE:
            return POINT.format(id=ID, i=cold_number % self.commitments)
        # Popularity falls off like a Zipf law: the first queries are asked most.
        return self.popular[min(int(rng.paretovariate(1.0)) - 1, POPULAR - 1)]


def client(port: int, path: str, workload: Workload, seconds: float, first_cold: int, stride: int,
           seed: int, counts) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    done, cold = 0, first_cold
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        query = workload.query(rng, cold)
        cold += stride
        connection.request("GET", path + "?" + urlencode({"query": query}), headers={"Accept": JSON_RESULTS})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}: {body[:300]!r}")
        done += 1
    counts.put(done)


def throughput(port: int, path: str, workload: Workload, seconds: float, clients: int, round_number: int) -> float:
    """Requests a second from `clients` client processes over `seconds`."""
    counts = multiprocessing.Queue()
    stride = clients * 1000
    processes = [multiprocessing.Process(target=client, args=(
        port, path, workload, seconds, (round_number * 7919 + n) * 997 % stride + n, stride,
        round_number * 100 + n, counts)) for n in range(clients)]
    started = time.monotonic()
    for process in processes:
        process.start()
    total = sum(counts.get() for _ in processes)
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a client of {path} failed")
    return total / (time.monotonic() - started)


def start_servers(store: Path, workdir: Path) -> tuple[list[subprocess.Popen], int, int]:
    native_port, our_port = free_port(), free_port()
    native = subprocess.Popen([str(Path(sys.executable).parent / "oxigraph"), "serve-read-only", "--location",
                               str(store), "--bind", f"127.0.0.1:{native_port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    environment = {**os.environ, "AGA_STORE_PATH": str(store), "AGA_HOST": "127.0.0.1",
                   "AGA_PORT": str(our_port), "AGA_RATE_LIMIT_REQUESTS": "0", "PYTHONPATH": str(PROJECT_ROOT)}
    ours = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                             "--log-level", "warning", "--access-logfile", "/dev/null"],
                            cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL,
                            stderr=open(workdir / "gunicorn.log", "wb"))
    wait_until_up(native_port, "/query")
    wait_until_up(our_port, "/sparql")
    return [native, ours], native_port, our_port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="aga-sparql-bench-"))
    servers = []
    try:
        store = workdir / "store"
        count = write_store(store, args.triples, hub_links=10_000)
        commitments = (args.triples - 20_000) // PER_COMMITMENT
        servers, native_port, our_port = start_servers(store, workdir)
        print(f"SYNTHETIC data, {count} triples; {args.clients} client processes, {args.rounds} alternating "
              f"rounds of {args.seconds:g} s; median requests/s")
        print(f"{'workload':<22}{'oxigraph serve':>16}{'ours':>10}{'ratio':>8}")
        rows = []
        for name in ("aggregate", "cold point lookups", "mix with repeats"):
            workload = Workload(name, commitments)
            native, ours = [], []
            for round_number in range(args.rounds):
                native.append(throughput(native_port, "/query", workload, args.seconds, args.clients, round_number))
                ours.append(throughput(our_port, "/sparql", workload, args.seconds, args.clients, round_number))
            row = {"workload": name, "native": statistics.median(native), "ours": statistics.median(ours)}
            row["ratio"] = row["ours"] / row["native"]
            rows.append(row)
            print(f"{name:<22}{row['native']:>16.1f}{row['ours']:>10.1f}{row['ratio']:>8.2f}", flush=True)
        record("sparql_vs_native", "PYTHONPATH=. .venv/bin/python bench/sparql_vs_native.py " + " ".join(sys.argv[1:]),
               [{**row, "triples": count} for row in rows])
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
