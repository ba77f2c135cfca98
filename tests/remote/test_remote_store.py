"""A remote SPARQL store (`oxigraph serve`, killed and restarted for real): loads that cannot half-happen."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest
import requests
from pyoxigraph import NamedNode, Variable
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.config import PROJECT_ROOT
from kg.pipeline import build_store
from kg.remote_store import RemoteStore, staging_graph
from kg.store import StoreUnavailable
from tests.conftest import settings_in, small_data_dir
from tests.remote.oxigraph_server import oxigraph_server
from tests.server.live import serving

SOURCE = "ogp-mexico-action-plans"
PLAN = "/id/action-plan/MX-3"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def remote(tmp_path):
    """A small build in an `oxigraph serve` of this test's own; yields (server, settings)."""
    with oxigraph_server(tmp_path / "oxigraph") as server:
        settings = server.settings(settings_in(tmp_path, data_dir=small_data_dir(tmp_path, SOURCE)),
                                   store_retries=2, store_retry_backoff=0.1, store_batch_triples=10)
        build_store(settings)
        yield server, settings


def graph_of(store: RemoteStore, graph_iri: str) -> set:
    return {(t.subject, t.predicate, t.object) for t in store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph_uris=[graph_iri])}


def triples(count: int, label: str) -> Graph:
    graph = Graph()
    for n in range(count):
        graph.add((URIRef(f"https://example.org/thing/{n}"), URIRef("https://example.org/label"), Literal(label)))
    return graph


def test_a_load_killed_mid_way_leaves_the_previous_graph_and_the_service_answers_503_meanwhile(remote):
    server, settings = remote
    store = RemoteStore.from_settings(settings)
    graph_iri = settings.graph_iri(SOURCE)
    before = graph_of(store, graph_iri)
    assert before

    def new_data_whose_store_dies_after_the_first_batch():
        lines = triples(50, "new").serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        yield b"".join(lines[:20])
        server.kill()
        yield b"".join(lines[20:])

    with pytest.raises(StoreUnavailable, match="did not answer"):
        store.replace_graph(graph_iri, new_data_whose_store_dies_after_the_first_batch())

    with serving(settings) as site:
        page = requests.get(site + PLAN, timeout=10)
        assert page.status_code == 503 and page.headers["Retry-After"] == str(settings.store_retry_after)
        answer = requests.get(site + "/sparql", params={"query": COUNT}, timeout=10)
        assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
        assert "not answering" in answer.text

        server.start()
        assert graph_of(store, graph_iri) == before
        assert requests.get(site + PLAN, timeout=10).status_code == 200


def test_readers_never_see_a_staged_graph_until_it_is_switched_in(remote):
    _, settings = remote
    store = RemoteStore.from_settings(settings)
    graph_iri = settings.graph_iri(SOURCE)
    count = int(next(iter(store.query(COUNT)))["n"].value)

    staging = store.staging()
    staging.add(graph_iri, triples(30, "staged"))
    assert len(graph_of(store, staging_graph(graph_iri))) == 30  # it is there...
    assert int(next(iter(store.query(COUNT)))["n"].value) == count  # ...and no reader sees it
    version = store.version()

    staging.publish()
    assert len(graph_of(store, graph_iri)) == 30
    assert not graph_of(store, staging_graph(graph_iri))
    assert store.version() != version


def test_a_store_that_restarts_during_a_load_gets_the_load_after_a_retry(remote):
    server, settings = remote
    store = RemoteStore.from_settings(settings.with_overrides(store_retries=6, store_retry_backoff=0.2))
    graph_iri = settings.graph_iri(SOURCE)

    def data_whose_store_restarts_after_the_first_batch():
        lines = triples(40, "retried").serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        yield b"".join(lines[:20])
        server.kill()
        threading.Timer(0.3, server.start).start()
        yield b"".join(lines[20:])

    store.replace_graph(graph_iri, data_whose_store_restarts_after_the_first_batch())
    assert len(graph_of(store, graph_iri)) == 40


def test_triples_with_blank_nodes_keep_their_nodes_across_batches(remote):
    _, settings = remote
    store = RemoteStore.from_settings(settings)  # 10 triples a batch
    graph = triples(25, "x")
    turtle = "<https://example.org/a> <https://example.org/p> [ <https://example.org/q> 1 ; <https://example.org/r> 2 ] ."
    graph.parse(data=turtle, format="turtle")
    store.replace_graph("https://example.org/graph", graph)
    rows = list(store.query("SELECT ?b WHERE { <https://example.org/a> <https://example.org/p> ?b . "
                            "?b <https://example.org/q> 1 ; <https://example.org/r> 2 }"))
    assert len(rows) == 1


def test_an_update_sent_as_a_query_never_reaches_the_update_endpoint(remote):
    _, settings = remote
    store = RemoteStore.from_settings(settings)
    count = int(next(iter(store.query(COUNT)))["n"].value)
    with pytest.raises(SyntaxError):
        store.query("CLEAR ALL")
    assert int(next(iter(store.query(COUNT)))["n"].value) == count


def test_values_are_bound_as_pyoxigraph_binds_them_even_inside_a_limited_subquery(remote):
    _, settings = remote
    store = RemoteStore.from_settings(settings)
    plan = NamedNode(settings.id_base + "action-plan/MX-3")
    rows = list(store.query("SELECT ?r ?p WHERE { { SELECT ?r ?p WHERE { ?r ?p ?o } LIMIT 1 } }",
                            substitutions={Variable("r"): plan}))
    assert [row["r"] for row in rows] == [plan]


def environment_of(settings, monkeypatch) -> None:
    for name in ("store_kind", "store_query_url", "store_update_url", "store_graph_store_url", "data_dir",
                 "store_path", "reports_dir", "store_retries", "store_retry_backoff"):
        monkeypatch.setenv("AGA_" + name.upper(), str(getattr(settings, name)))


def test_the_command_line_loads_into_the_remote_store_and_says_plainly_when_it_is_down(remote, monkeypatch,
                                                                                     capsys):
    server, settings = remote
    environment_of(settings, monkeypatch)
    store = RemoteStore.from_settings(settings)
    version = store.version()
    assert main(["load", SOURCE, "--force"]) == 0
    assert f"into <{settings.graph_iri(SOURCE)}>" in capsys.readouterr().out
    assert store.version() != version

    server.kill()
    assert main(["load", SOURCE, "--force"]) == 3
    assert "the store is as it was" in capsys.readouterr().err


def test_the_production_entry_point_serves_a_remote_store_without_a_store_directory(remote, monkeypatch):
    _, settings = remote
    environment_of(settings, monkeypatch)
    assert not settings.store_path.exists()
    answered = subprocess.run(
        [sys.executable, "-c", f"from server.wsgi import app; print(app.test_client().get('{PLAN}').status_code)"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert answered.stdout.strip() == "200", answered.stderr


def test_a_503_does_not_tell_the_client_where_the_store_is(remote):
    server, settings = remote
    server.kill()
    with serving(settings) as site:
        for path in (PLAN, "/sparql?query=ASK%7B%7D"):
            response = requests.get(site + path, timeout=10)
            assert response.status_code == 503 and str(server.port) not in response.text
