"""Hostile clients: limits, rate limits, headers, path traversal, markup in data, outbound requests."""
from __future__ import annotations

import socket
import threading
import time

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.store import OxigraphStore
from server.security import RateLimiter
from tests.reliability.conftest import app_server, gunicorn, raw_get

PAGES = ["/", "/sparql", "/sparql?query=ASK%20%7B%7D", "/id/commitment/MX0064", "/id/no/such/thing",
         "/api/openapi.json", "/static/style.css"]


@pytest.fixture(scope="module")
def server(small_built):
    with app_server(small_built) as base:
        yield base


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_carries_the_security_headers(server, path):
    headers = requests.get(server + path, timeout=10).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_a_client_over_its_quota_gets_429_with_retry_after_and_ratelimit_headers(small_built):
    # An hour's window, so the window cannot turn over in the middle of the test.
    with app_server(small_built.with_overrides(rate_limit_requests=5, rate_limit_window=3600)) as base:
        answers = [requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10) for _ in range(7)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    assert [a.headers["RateLimit"].split(";")[1] for a in answers] == ["r=4", "r=3", "r=2", "r=1", "r=0", "r=0", "r=0"]
    assert answers[0].headers["RateLimit-Policy"] == '"per-client";q=5;w=3600'
    retry_after = int(answers[-1].headers["Retry-After"])
    assert 1 <= retry_after <= 3600
    assert answers[-1].headers["RateLimit"].endswith(f"t={retry_after}")


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_quota(small_built):
    settings = small_built.with_overrides(rate_limit_requests=2, rate_limit_window=3600, trusted_proxies=1)
    with app_server(settings) as base:
        def status(client):
            return requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10,
                                headers={"X-Forwarded-For": client}).status_code
        first = [status("203.0.113.7") for _ in range(3)]
        second = [status("203.0.113.8") for _ in range(2)]
    assert first == [200, 200, 429] and second == [200, 200]


def test_the_quota_is_shared_by_all_gunicorn_workers(small_built):
    with gunicorn(small_built.with_overrides(rate_limit_requests=12, rate_limit_window=3600), workers=3) as (base, _):
        # The start-up probe used some of the quota; count what is left across many connections.
        statuses = [requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10).status_code
                    for _ in range(30)]
    assert statuses.count(429) >= 30 - 12
    assert statuses[-1] == 429


def test_a_new_window_gives_a_client_its_full_quota_again():
    limiter = RateLimiter(limit=2, window=10)
    client = f"198.51.100.{time.monotonic_ns() % 250}"
    start = (time.time() // 10 + 100) * 10
    assert [limiter.hit(client, start + i)[0] for i in range(3)] == [True, True, False]
    assert limiter.hit(client, start + 10)[:2] == (True, 1)


def test_an_oversized_body_is_refused_with_413_and_a_long_url_with_414(small_built):
    with app_server(small_built.with_overrides(max_request_bytes=10_000, max_url_bytes=2_000)) as base:
        big_body = requests.post(base + "/sparql", data="ASK {}" + " " * 20_000,
                                 headers={"Content-Type": "application/sparql-query"}, timeout=10)
        long_url = requests.get(base + "/sparql", params={"query": "ASK {}" + " " * 3_000}, timeout=10)
        fine = requests.post(base + "/sparql", data="ASK {}" + " " * 3_000,
                             headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert big_body.status_code == 413
    assert long_url.status_code == 414 and "POST" in long_url.text
    assert fine.status_code == 200


@pytest.mark.parametrize("target", [
    "/static/../kg/config.py", "/static/%2e%2e/kg/config.py", "/static/..%2f..%2fpyproject.toml",
    "/static/%252e%252e/pyproject.toml", "/id/../../../../etc/passwd", "/def/..%2F..%2Fetc%2Fpasswd",
    "/static/....//....//pyproject.toml", "/static/%00/../pyproject.toml", "/static/..\\..\\pyproject.toml",
])
def test_no_document_url_reads_a_file_outside_its_folder(server, target):
    status, body = raw_get(server, target)
    assert status in (400, 404), (status, body[:200])
    assert b"PROJECT_ROOT" not in body and b"root:" not in body and b"[project]" not in body


HOSTILE_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)>'


def test_no_data_value_is_rendered_as_markup(tmp_path, small_built):
    store = OxigraphStore.open(tmp_path / "hostile")
    thing = URIRef(small_built.id_base + "commitment/XX0001")
    graph = Graph()
    graph.add((thing, RDF.type, URIRef("https://w3id.org/aga-mx/def/Commitment")))
    graph.add((thing, SKOS.prefLabel, Literal(HOSTILE_TITLE, lang="es")))
    graph.add((thing, DCTERMS.description, Literal('"><svg onload=alert(2)>')))
    graph.add((thing, DCTERMS.source, URIRef("javascript:alert(3)")))
    store.bulk_add_graph(small_built.graph_iri("hostile"), graph)
    store.flush()
    store.close()
    with app_server(small_built, OxigraphStore.open(tmp_path / "hostile", read_only=True)) as base:
        page = requests.get(base + "/id/commitment/XX0001", headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200
    html = page.text
    assert "&lt;script&gt;" in html
    for raw in ("<script>alert", "<img src=x", "<svg onload"):
        assert raw not in html
    # A javascript: IRI put straight into the store is still printed as a link target, but cannot run:
    # the policy allows no inline script, which is what a javascript: URL is to the browser.
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "script-src" not in policy


def test_loaders_mint_no_link_from_a_cell_that_is_not_a_web_address():
    from loaders.base import web_iri

    for cell in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
                 "http://ok.example/<script>", "vbscript:msgbox(1)"):
        assert web_iri(cell) is None


class Listener:
    """A loopback TCP port that counts every connection made to it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self.socket.close()


def test_no_user_request_makes_the_server_connect_anywhere(server):
    listener = Listener()
    remote = f"http://127.0.0.1:{listener.port}/sparql"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{remote}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE#comment\n<{remote}> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <http://127.0.0.1:{listener.port}/>\nSELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{remote}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{remote}> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED <{remote}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
        f"DESCRIBE <{remote}>",
        f"LOAD <{remote}>",
    ]
    try:
        for query in queries:
            answer = requests.get(server + "/sparql", params={"query": query}, timeout=10)
            assert answer.status_code in (200, 400, 403), (query, answer.status_code)
            posted = requests.post(server + "/sparql", data={"update": query}, timeout=10)
            assert posted.status_code in (400, 403)
        requests.get(server + "/sparql", params={"query": "ASK {}", "default-graph-uri": remote}, timeout=10)
        requests.get(server + "/id/commitment/MX0064", headers={"Referer": remote}, timeout=10)
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()
