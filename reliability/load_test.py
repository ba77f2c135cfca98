"""Bounded load test and soak on loopback: gunicorn as `make run` starts it, wrk as 50 clients.

    .venv/bin/python -m reliability.load_test --seconds 60             # load test
    .venv/bin/python -m reliability.load_test --seconds 600 --soak     # soak: memory sampled, no worker recycling

Serves the store at AGA_STORE_PATH (build it first: `make build`), with the
per-client rate limit off (every wrk client is 127.0.0.1; the limit has its own
tests). Mixes SPARQL queries, pages, the named-query API and /search.json when
the server has it. Prints one RESULT line from wrk and the memory samples; exits
non-zero on any 5xx or socket error. Sends traffic to 127.0.0.1 only and stops
by itself.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import requests

from kg.config import PROJECT_ROOT, Settings

HERE = Path(__file__).resolve().parent
SPARQL = [
    "SELECT ?p ?o WHERE { <https://w3id.org/aga-mx/id/commitment/MX0064> ?p ?o }",
    "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?plan (COUNT(?c) AS ?n) WHERE { ?c dct:isPartOf ?plan } "
    "GROUP BY ?plan ORDER BY DESC(?n) LIMIT 20",
    "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?c ?t WHERE { ?c dct:title ?t "
    "FILTER(CONTAINS(LCASE(STR(?t)), 'transparen')) } LIMIT 50",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/aga-mx/def/ActionPlan> ; ?p ?o }",
    "ASK { ?s <http://www.w3.org/2004/02/skos/core#notation> \"MX\" }",
]
PAGES = ["/", "/id/commitment/MX0064", "/id/action-plan/MX-4", "/id/member/MX", "/def/Commitment", "/sparql",
         "/id/commitment/MX0064?format=ttl"]
API = ["/api/commitments-per-plan", "/api/openapi.json",
       "/api/agency-commitments?agency=" + quote("https://w3id.org/aga-mx/id/organization/secretaria-de-la-funcion-publica")]
SEARCH = ["/search.json?q=transparencia", "/search.json?q=agua"]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def targets(base: str) -> list[str]:
    chosen = [f"/sparql?query={quote(q)}" for q in SPARQL] + PAGES + API
    if requests.get(base + SEARCH[0], timeout=10).status_code == 200:
        chosen += SEARCH
    for target in chosen:
        status = requests.get(base + target, timeout=30).status_code
        if status != 200:
            raise SystemExit(f"{target} answers {status} before the test: fix the target list")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--soak", action="store_true", help="turn off worker recycling and sample memory")
    parser.add_argument("--sample-every", type=float, default=10.0)
    args = parser.parse_args(argv)
    if args.seconds > 900:
        raise SystemExit("bounded: at most 900 seconds")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: `make reliability` installs it (apt-get install wrk)")

    settings = Settings.from_env()
    port = free_port()
    env = dict(os.environ, AGA_HOST="127.0.0.1", AGA_PORT=str(port), AGA_RATE_LIMIT_REQUESTS="0")
    if args.soak:
        env["GUNICORN_CMD_ARGS"] = "--max-requests 0"  # a leak must show, not be hidden by recycling
    server_log = tempfile.NamedTemporaryFile("w+", suffix=".log", prefix="gunicorn-")
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", str(PROJECT_ROOT / "gunicorn.conf.py")],
                              cwd=PROJECT_ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(base + "/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        chosen = targets(base)
        workers_before = process_tree(server.pid)[1:]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("\n".join(chosen) + "\n")
        started = time.monotonic()
        load = subprocess.Popen([wrk, "-t2", f"-c{args.clients}", f"-d{args.seconds}s", "--timeout", "30s", "--latency",
                                 "-s", str(HERE / "load.lua"), base, "--", listing.name],
                                stdout=subprocess.PIPE, text=True)
        samples = []
        while load.poll() is None:
            if server.poll() is not None:
                load.terminate()
                break
            samples.append((time.monotonic() - started, rss_mb(process_tree(server.pid))))
            time.sleep(args.sample_every)
        output = load.stdout.read()
        os.unlink(listing.name)
        workers_after = process_tree(server.pid)[1:]
    finally:
        ended = server.poll()
        if ended is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        else:
            server_log.seek(0)
            print(f"THE SERVER STOPPED during the run (exit {ended}); its log ends:\n"
                  + "".join(server_log.readlines()[-30:]))
        server_log.close()

    result = next(line for line in output.splitlines() if line.startswith("RESULT"))
    figures = dict(item.split("=") for item in result.split()[1:])
    print(f"store: {os.path.realpath(settings.store_path)}; {len(chosen)} targets: " + " ".join(chosen))
    print(f"clients={args.clients} seconds={args.seconds} workers={len(workers_before)} soak={args.soak}")
    print(result)
    print("rss_mb (server and workers) by second: " + ", ".join(f"{t:.0f}s={m:.0f}" for t, m in samples))
    if args.soak and len(samples) >= 4:
        quarter = max(1, len(samples) // 4)
        first = sum(m for _, m in samples[1:1 + quarter]) / quarter
        last = sum(m for _, m in samples[-quarter:]) / quarter
        print(f"memory: first quarter {first:.0f} MB, last quarter {last:.0f} MB, change {last - first:+.0f} MB; "
              f"workers recycled: {sorted(workers_before) != sorted(workers_after)}")
    errors = sum(int(figures[k]) for k in figures if k.startswith("errors_")) + int(figures["5xx"])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
