"""A served store with writes enabled, for the SPARQL Update and Graph Store Protocol tests."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests

from kg.config import Settings
from kg.pipeline import build_store
from kg.store import OxigraphStore
from tests.conftest import settings_in, small_data_dir
from tests.server.live import serving

TOKEN = "a-test-write-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PLANS = "ogp-mexico-action-plans"


def writable_settings(directory: Path, **overrides) -> Settings:
    """A small store built under `directory`, served with writes enabled and TOKEN as the bearer token."""
    settings = settings_in(directory, data_dir=small_data_dir(directory, PLANS), writes_enabled=True,
                           write_token=TOKEN, **overrides)
    build_store(settings)
    return settings


@contextmanager
def writable_server(directory: Path, **overrides) -> Iterator[tuple[str, Settings]]:
    settings = writable_settings(directory, **overrides)
    with serving(settings) as base:
        yield base, settings


def served_quads(settings: Settings) -> set[str]:
    """Every quad of the store the link points to now, through a fresh read-only open."""
    store = OxigraphStore.open(settings.store_path, read_only=True)
    try:
        return {str(quad) for quad in store.quads()}
    finally:
        store.close()


# A graph rewritten whole by each update: every row names the generation that wrote it.
GENERATIONS = "https://example.org/graph/generations"
SIZE = 25
COUNT_GENERATIONS = (f"SELECT (COUNT(*) AS ?rows) (COUNT(DISTINCT ?g) AS ?generations) WHERE {{ GRAPH "
                     f"<{GENERATIONS}> {{ ?s <https://example.org/generation> ?g }} }}")


def generation(number: int) -> str:
    rows = " ".join(f"<https://example.org/row/{i}> <https://example.org/generation> {number} ." for i in range(SIZE))
    return f"DROP SILENT GRAPH <{GENERATIONS}> ; INSERT DATA {{ GRAPH <{GENERATIONS}> {{ {rows} }} }}"


def generations_seen(base: str, session=requests) -> tuple[int, int]:
    """(rows, distinct generations) of the generations graph: (SIZE, 1) when whole, (0, 0) before any."""
    response = session.get(base + "/sparql", params={"query": COUNT_GENERATIONS},
                           headers={"Accept": "application/sparql-results+json"}, timeout=10)
    row = response.json()["results"]["bindings"][0]
    return int(row["rows"]["value"]), int(row["generations"]["value"])


def seen_while_writing(base: str, numbers: range, readers: int = 3) -> list[tuple[int, int]]:
    """Writes each generation in turn while `readers` threads keep reading; returns what they saw."""
    seen, stop = [], threading.Event()

    def read():
        session = requests.Session()
        while not stop.is_set():
            seen.append(generations_seen(base, session))

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    try:
        for number in numbers:
            response = requests.post(base + "/sparql", data={"update": generation(number)}, headers=AUTH)
            assert response.status_code == 204, response.text
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    return seen
