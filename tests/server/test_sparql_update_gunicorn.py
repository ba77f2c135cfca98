"""Writes under `make run`'s server (gunicorn, several worker processes, each with the store open
read-only): a write made through one worker is seen by every worker's next request, and readers
meanwhile see one whole store."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests
from rdflib import Graph, Literal

from tests.reliability.conftest import build_small, gunicorn
from tests.server.writable import GENERATIONS, SIZE, TOKEN, generations_seen, seen_while_writing


def test_every_gunicorn_worker_sees_a_write_at_once_and_readers_never_see_a_mix(tmp_path):
    settings = build_small(tmp_path)
    with gunicorn(settings, workers=2, AGA_WRITES_ENABLED="true", AGA_WRITE_TOKEN=TOKEN) as (base, _):
        assert generations_seen(base) == (0, 0)
        seen = seen_while_writing(base, range(1, 6))
        with ThreadPoolExecutor(8) as pool:
            after = list(pool.map(lambda _: generations_seen(base), range(24)))
        graph = requests.get(base + "/graph-store", params={"graph": GENERATIONS},
                             headers={"Accept": "application/n-triples"})
    assert set(seen) <= {(0, 0), (SIZE, 1)} and (SIZE, 1) in seen
    assert set(after) == {(SIZE, 1)}
    assert graph.status_code == 200
    assert set(Graph().parse(data=graph.text, format="nt").objects()) == {Literal(5)}  # the last generation
