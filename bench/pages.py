"""Page render times on a synthetic graph: a hub entity with many inbound links inside ~1M triples.

Synthetic, seeded data (no real facts): commitments in plans, each led by one of
a few agencies, plus one hub agency that N notes point to. Served by the real
app over HTTP as `make run` serves it (gunicorn, bench/serving.py); each URL is requested
repeatedly without revalidation: a repeat may be answered from the pages kept per
store version, the rows "a different one each time" and "rendered each time" never
are. Prints the first request's time (nothing kept yet) and p50/p99 of the others,
per URL, and the server's CPU per request; records them in bench/results/pages-<triples>.json.

    PYTHONPATH=. .venv/bin/python bench/pages.py [--triples 1000000] [--hub-links 10000] [--requests 50]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import requests
from pyoxigraph import Literal, NamedNode, Quad, Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import record  # noqa: E402
from bench.serving import cpu_seconds, gunicorn  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402

ID = Settings().id_base
AGA = "https://w3id.org/aga-mx/def/"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PER_COMMITMENT = 8  # triples each synthetic commitment contributes


def synthetic_quads(triples: int, hub_links: int, seed: int = 6):
    rng = random.Random(seed)
    graph = NamedNode(Settings().graph_iri("synthetic"))
    agencies = [NamedNode(f"{ID}organization/agency-{i}") for i in range(200)]
    hub = NamedNode(f"{ID}organization/hub-agency")
    yield Quad(hub, RDF_TYPE, NamedNode("http://www.w3.org/ns/org#Organization"), graph)
    yield Quad(hub, NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Hub agency", language="en"), graph)
    for agency in agencies:
        yield Quad(agency, RDF_TYPE, NamedNode("http://www.w3.org/ns/org#Organization"), graph)
    for i in range(hub_links):
        note = NamedNode(f"{ID}note/n{i:06d}")
        yield Quad(note, NamedNode(DCT + "references"), hub, graph)
        yield Quad(note, NamedNode(DCT + "title"), Literal(f"Synthetic note {i}", language="en"), graph)
    for i in range((triples - 2 * hub_links) // PER_COMMITMENT):
        commitment = NamedNode(f"{ID}commitment/SY{i:07d}")
        plan = NamedNode(f"{ID}action-plan/SY-{i // 50}")
        yield Quad(commitment, RDF_TYPE, NamedNode(AGA + "Commitment"), graph)
        yield Quad(commitment, NamedNode(DCT + "identifier"), Literal(f"SY{i:07d}"), graph)
        yield Quad(commitment, NamedNode(DCT + "isPartOf"), plan, graph)
        yield Quad(commitment, NamedNode(DCT + "title"), Literal(f"Synthetic commitment {i}", language="en"), graph)
        yield Quad(commitment, NamedNode(DCT + "title"), Literal(f"Compromiso sintético {i}", language="es"), graph)
        yield Quad(commitment, NamedNode(DCT + "description"), Literal("x" * rng.randint(20, 200)), graph)
        yield Quad(commitment, NamedNode(AGA + "leadInstitution"), rng.choice(agencies), graph)
        yield Quad(commitment, NamedNode(AGA + "starred"), Literal(str(rng.random() < .1).lower(),
                   datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")), graph)


def write_store(path: Path, triples: int, hub_links: int) -> int:
    """The synthetic graph bulk-loaded into a new store at `path`, with a store version; its size."""
    raw = Store(str(path))
    raw.bulk_extend(synthetic_quads(triples, hub_links))
    OxigraphStore(raw, path).mark_new_version()
    raw.flush()
    raw.optimize()
    return len(raw)


def measure(urls: list[str], accept: str, server_pid: int) -> dict:
    """Times each URL in turn over one keep-alive session; the first request is also reported alone
    (for a page, its first view in one web worker: nothing kept yet for it). Also the server's CPU
    milliseconds per request (all its processes), which other load on the machine disturbs less."""
    session = requests.Session()
    times = []
    cpu_before = cpu_seconds(server_pid)
    for url in urls:
        start = time.perf_counter()
        response = session.get(url, headers={"Accept": accept})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    cpu_ms = (cpu_seconds(server_pid) - cpu_before) * 1000 / len(urls)
    first, rest = times[0], sorted(times[1:])
    return {"first_ms": first, "p50_ms": statistics.median(rest),
            "p99_ms": rest[min(len(rest) - 1, round(len(rest) * .99) - 1)], "cpu_ms": cpu_ms}


def sparql_urls(base: str, query: str, requests_per_url: int) -> list[str]:
    """The query, made new for each request by a comment, so no kept answer serves it: evaluation is timed."""
    return [f"{base}/sparql?" + urlencode({"query": f"{query}\n# request {n}"}) for n in range(requests_per_url + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--hub-links", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "store"
        start = time.perf_counter()
        count = write_store(path, args.triples, args.hub_links)
        print(f"SYNTHETIC data: loaded {count} triples in {time.perf_counter() - start:.1f} s")
        with gunicorn(path, Path(directory) / "gunicorn.log") as (port, server):
            measure_all(args, count, f"http://127.0.0.1:{port}", server.pid)


def measure_all(args, count: int, base: str, server_pid: int) -> None:
    n = args.requests
    start = time.perf_counter()
    requests.get(base + "/search.json?q=warm").raise_for_status()
    index_seconds = time.perf_counter() - start
    print(f"first search answered {index_seconds:.1f} s after the server was up (index built in the background)")
    start = time.perf_counter()
    sitemap = requests.get(base + "/sitemap.xml")
    print(f"sitemap's list of pages built on first use in {time.perf_counter() - start:.1f} s" if sitemap.ok
          else f"sitemap.xml FAILED: HTTP {sitemap.status_code} after {time.perf_counter() - start:.1f} s")
    hub_pages = -(-args.hub_links // 50)
    commitments = (count - 2 * args.hub_links) // PER_COMMITMENT
    rng = random.Random(3)
    pages = {
        f"hub agency page ({args.hub_links} inbound links)": ["/id/organization/hub-agency"] * (n + 1),
        "hub agency page, rendered each time (a new URL each time)":
            [f"/id/organization/hub-agency?view={i}" for i in range(n + 1)],
        "hub agency, last page of inbound links":
            [f"/id/organization/hub-agency?in={DCT}references&page={hub_pages}"] * (n + 1),
        "agency page (leads 1/200 of the commitments)": ["/id/organization/agency-7"] * (n + 1),
        "commitment page, a different one each time":
            [f"/id/commitment/SY{rng.randrange(commitments):07d}" for _ in range(n + 1)],
        "action plan page (50 commitments)": ["/id/action-plan/SY-3"] * (n + 1),
        "commitment as Turtle": ["/id/commitment/SY0000042.ttl"] * (n + 1),
        "search.json, a word every entity has": ["/search.json?q=synthetic+commitment+4242"] * (n + 1),
        "search.json, a selective word": ["/search.json?q=sintetico+14242"] * (n + 1),
    }
    if sitemap.ok:
        pages["sitemap.xml"] = ["/sitemap.xml"] * (n + 1)
    queries = {
        "SPARQL point lookup, a different commitment each time": [
            f"{base}/sparql?" + urlencode({"query": f"SELECT ?p ?o WHERE {{ <{ID}commitment/SY{rng.randrange(commitments):07d}> ?p ?o }}"})
            for _ in range(n + 1)],
        "SPARQL 2-hop join (a commitment's plan's commitments)": sparql_urls(
            base, f"SELECT ?c WHERE {{ <{ID}commitment/SY0000042> <{DCT}isPartOf> ?plan . ?c <{DCT}isPartOf> ?plan }}", n),
        "SPARQL aggregate (commitments per agency)": sparql_urls(
            base, f"SELECT ?a (COUNT(?c) AS ?n) WHERE {{ ?c <{AGA}leadInstitution> ?a }} GROUP BY ?a", max(5, n // 5)),
    }
    print(f"{'url':<56} {'first ms':>9} {'p50 ms':>8} {'p99 ms':>8} {'server cpu ms/req':>18}")
    rows = []
    for name, urls in [*((k, [base + u for u in v]) for k, v in pages.items()), *queries.items()]:
        figures = measure(urls, "application/sparql-results+json" if "/sparql?" in urls[0] else "text/html",
                          server_pid)
        rows.append({"name": name, "triples": count, **figures})
        print(f"{name:<56} {figures['first_ms']:9.1f} {figures['p50_ms']:8.1f} {figures['p99_ms']:8.1f} "
              f"{figures['cpu_ms']:18.1f}", flush=True)
    rows.append({"name": "first search after start-up", "triples": count, "p50_ms": index_seconds * 1000})
    record(f"pages-{count}", "PYTHONPATH=. .venv/bin/python bench/pages.py " + " ".join(sys.argv[1:]), rows)


if __name__ == "__main__":
    main()
