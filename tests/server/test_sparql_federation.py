"""SERVICE reaches only allow-listed endpoints: a listener on a loopback port checks that nothing arrives."""
from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from tests.server.live import serving

EMPTY_RESULTS = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:remote"}}]}}'


class Listener:
    """A loopback port that records every connection and answers it with a tiny SPARQL JSON result."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.requests: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.requests.append(connection.recv(65536))
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                       + f"Content-Length: {len(EMPTY_RESULTS)}\r\nConnection: close\r\n\r\n".encode()
                                       + EMPTY_RESULTS)
                except OSError:
                    pass

    def close(self):
        self.socket.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def federated_queries(port: int) -> list[str]:
    target = f"http://127.0.0.1:{port}/sparql"
    escaped = target.replace(":", "\\u003A", 1)
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"PREFIX remote: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
        f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{escaped}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?endpoint {{ <{target}> }} SERVICE ?endpoint {{ ?s ?p ?o }} }}",
        f"ASK {{ ?x ?y ?z . SERVICE <{target}> {{ ?s ?p ?o }} }}  # a comment with SERVICE",
    ]


def test_no_federated_query_reaches_a_port_that_is_not_allowed(live_server, listener):
    for query in federated_queries(listener.port):
        response = requests.get(live_server + "/sparql", params={"query": query})
        assert response.status_code == 400, query
        assert "SERVICE" in response.text
    time.sleep(0.3)
    assert listener.requests == []


def test_service_in_strings_comments_and_names_is_not_a_federated_query(live_server):
    query = ('PREFIX ex: <http://example.org/SERVICE/> SELECT ?service WHERE { '
             '?service ?p "SERVICE <http://127.0.0.1:9/>" } # SERVICE <http://127.0.0.1:9/>')
    response = requests.get(live_server + "/sparql", params={"query": query},
                            headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200


def test_an_allow_listed_endpoint_is_reached(built, listener):
    target = f"http://127.0.0.1:{listener.port}/sparql"
    with serving(built.with_overrides(service_allow_list=(target,))) as base:
        allowed = requests.get(base + "/sparql", params={"query": f"SELECT ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"},
                               headers={"Accept": "application/sparql-results+json"})
        other = requests.get(base + "/sparql", params={
            "query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/other> {{ ?s ?p ?o }} }}"})
        description = requests.get(base + "/sparql", headers={"Accept": "application/n-triples"}).text
    assert allowed.status_code == 200
    assert allowed.json()["results"]["bindings"] == [{"s": {"type": "uri", "value": "urn:remote"}}]
    assert len(listener.requests) == 1
    assert listener.requests[0].split(b" ")[1].startswith(b"/sparql")
    assert other.status_code == 400
    assert "<http://www.w3.org/ns/sparql-service-description#BasicFederatedQuery>" in description
