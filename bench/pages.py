"""Page render times on a synthetic graph: a hub entity with many inbound links inside ~1M triples.

Synthetic, seeded data (no real facts): commitments in plans, each led by one of
a few agencies, plus one hub agency that N notes point to. Served by the real
app over HTTP; each URL is requested repeatedly without revalidation, so every
request renders in full. Prints p50/p99 per URL.

    .venv/bin/python bench/pages.py [--triples 1000000] [--hub-links 10000] [--requests 50]
"""
from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from pyoxigraph import Literal, NamedNode, Quad, Store
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.config import Settings  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402
from server import create_app  # noqa: E402

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


def measure(url: str, requests_per_url: int) -> tuple[float, float]:
    session = requests.Session()
    session.get(url, headers={"Accept": "text/html"}).raise_for_status()  # warm caches
    times = []
    for _ in range(requests_per_url):
        start = time.perf_counter()
        response = session.get(url, headers={"Accept": "text/html"})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(len(times) * .99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--hub-links", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "store"
        start = time.perf_counter()
        count = write_store(path, args.triples, args.hub_links)
        print(f"loaded {count} triples in {time.perf_counter() - start:.1f} s")
        settings = Settings().with_overrides(store_path=path)
        server = make_server("127.0.0.1", 0, create_app(settings, OxigraphStore.open(path, read_only=True)),
                             threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        start = time.perf_counter()
        requests.get(base + "/search.json?q=warm").raise_for_status()
        print(f"search index built on first use in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        requests.get(base + "/sitemap.xml").raise_for_status()
        print(f"sitemap's list of pages built on first use in {time.perf_counter() - start:.1f} s")
        hub_pages = -(-args.hub_links // 50)
        urls = {
            f"hub agency page ({args.hub_links} inbound links)": "/id/organization/hub-agency",
            "hub agency, last page of inbound links": f"/id/organization/hub-agency?in={DCT}references&page={hub_pages}",
            "agency page (~%d inbound links)" % (count // PER_COMMITMENT // 200): "/id/organization/agency-7",
            "commitment page": "/id/commitment/SY0000042",
            "action plan page (50 commitments)": "/id/action-plan/SY-3",
            "commitment as Turtle": "/id/commitment/SY0000042.ttl",
            "search.json, a word every entity has": "/search.json?q=synthetic+commitment+4242",
            "search.json, a selective word": "/search.json?q=sintetico+14242",
            "sitemap.xml": "/sitemap.xml",
        }
        print(f"{'url':<48} {'p50 ms':>8} {'p99 ms':>8}")
        for name, path_and_query in urls.items():
            p50, p99 = measure(base + path_and_query, args.requests)
            print(f"{name:<48} {p50:8.1f} {p99:8.1f}")
        server.shutdown()


if __name__ == "__main__":
    main()
