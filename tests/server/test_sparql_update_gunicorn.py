"""Writes under `make run`'s server (gunicorn, several worker processes, each with the store open
read-only): a write made through one worker is seen by every worker's next request, pages and
queries alike, and readers meanwhile see one whole store."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from rdflib import Graph, Literal

from tests.reliability.conftest import build_small, gunicorn
from tests.server.test_sparql_update import GENERATIONS, SIZE, generation
from tests.server.writable import AUTH, TOKEN

JSON_RESULTS = {"Accept": "application/sparql-results+json"}
COUNT = {"query": f"SELECT (COUNT(*) AS ?rows) (COUNT(DISTINCT ?g) AS ?generations) WHERE {{ GRAPH "
                  f"<{GENERATIONS}> {{ ?s <https://example.org/generation> ?g }} }}"}


def counted(base: str, session=requests) -> tuple[int, int]:
    row = session.get(base + "/sparql", params=COUNT, headers=JSON_RESULTS, timeout=10).json()["results"]["bindings"][0]
    return int(row["rows"]["value"]), int(row["generations"]["value"])


def test_every_gunicorn_worker_sees_a_write_at_once_and_readers_never_see_a_mix(tmp_path):
    settings = build_small(tmp_path)
    with gunicorn(settings, workers=2, AGA_WRITES_ENABLED="true", AGA_WRITE_TOKEN=TOKEN) as (base, _):
        assert counted(base) == (0, 0)
        seen, stop = [], threading.Event()

        def read():
            session = requests.Session()
            while not stop.is_set():
                seen.append(counted(base, session))

        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        try:
            for number in range(1, 6):
                response = requests.post(base + "/sparql", data={"update": generation(number)}, headers=AUTH)
                assert response.status_code == 204, response.text
        finally:
            stop.set()
            for reader in readers:
                reader.join(timeout=30)
        with ThreadPoolExecutor(8) as pool:
            after = list(pool.map(lambda _: counted(base), range(24)))
        graph = requests.get(base + "/graph-store", params={"graph": GENERATIONS},
                             headers={"Accept": "application/n-triples"})
    assert set(seen) <= {(0, 0), (SIZE, 1)} and (SIZE, 1) in seen
    assert set(after) == {(SIZE, 1)}
    assert graph.status_code == 200
    assert set(Graph().parse(data=graph.text, format="nt").objects()) == {Literal(5)}  # the last generation
