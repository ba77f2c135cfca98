"""SPARQL 1.1 Update at /sparql over real HTTP: off by default, then only with the bearer token;
applied whole or not at all; never a request to elsewhere; readers see the old store or the new one."""
from __future__ import annotations

import time

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.store_link import write_lock
from server import create_app
from server.write_access import WriteSettingsError
from tests.conftest import settings_in
from tests.server.test_sparql_federation import Listener
from tests.server.writable import (AUTH, SIZE, TOKEN, generation, seen_while_writing, served_quads,
                                   writable_server)

JSON_RESULTS = {"Accept": "application/sparql-results+json"}
NOTES = "https://example.org/graph/notes"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with writable_server(tmp_path_factory.mktemp("update"), write_lock_timeout=0.5) as (base, settings):
        yield base, settings


def labels(base: str, graph: str = NOTES) -> list[str]:
    response = requests.get(base + "/sparql", headers=JSON_RESULTS, params={
        "query": f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ ?s <{LABEL}> ?l }} }} ORDER BY ?l"})
    assert response.status_code == 200, response.text
    return [b["l"]["value"] for b in response.json()["results"]["bindings"]]


def insert(label: str, graph: str = NOTES) -> str:
    return f'INSERT DATA {{ GRAPH <{graph}> {{ <https://example.org/note/{label}> <{LABEL}> "{label}" }} }}'


# --- off unless enabled, then only with the token ------------------------------------------

def test_with_writes_off_an_update_is_a_403_that_names_the_setting(live_server):
    response = requests.post(live_server + "/sparql", data={"update": insert("x")}, headers=AUTH)
    assert response.status_code == 403 and "AGA_WRITES_ENABLED" in response.text


def test_the_server_refuses_to_start_with_writes_enabled_and_no_token(built):
    with pytest.raises(WriteSettingsError, match="AGA_WRITE_TOKEN"):
        create_app(built.with_overrides(writes_enabled=True))
    with pytest.raises(WriteSettingsError, match="too short"):
        create_app(built.with_overrides(writes_enabled=True, write_token="short"))


def test_the_server_refuses_to_start_with_writes_enabled_on_a_remote_store(built):
    remote = built.with_overrides(writes_enabled=True, write_token=TOKEN, store_kind="remote")
    with pytest.raises(WriteSettingsError, match="embedded store only"):
        create_app(remote)


def test_writes_are_enabled_from_the_environment(tmp_path):
    from kg.config import Settings

    settings = Settings.from_env({"AGA_WRITES_ENABLED": "true", "AGA_WRITE_TOKEN": TOKEN})
    assert settings.writes_enabled is True and settings.write_token == TOKEN
    assert Settings.from_env({"AGA_WRITES_ENABLED": "0"}).writes_enabled is False
    assert settings_in(tmp_path).writes_enabled is False


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token-0123456789abc"},
                                     {"Authorization": f"Basic {TOKEN}"}], ids=["none", "wrong", "not-bearer"])
def test_an_update_without_the_token_is_a_401_asking_for_a_bearer_token(server, headers):
    base, settings = server
    before = served_quads(settings)
    response = requests.post(base + "/sparql", data={"update": insert("intruder")}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert served_quads(settings) == before


def test_an_update_with_the_token_is_applied_and_the_next_query_sees_it(server):
    base, _ = server
    response = requests.post(base + "/sparql", data={"update": insert("form")}, headers=AUTH)
    assert response.status_code == 204, response.text
    response = requests.post(base + "/sparql", data=insert("direct").encode(),
                             headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert response.status_code == 204, response.text
    assert {"form", "direct"} <= set(labels(base))


def test_an_update_changes_the_etag_of_a_cached_answer(server):
    base, _ = server
    query = {"query": f"ASK {{ GRAPH <{NOTES}> {{ ?s ?p 'etag' }} }}"}
    first = requests.get(base + "/sparql", params=query, headers=JSON_RESULTS)
    requests.post(base + "/sparql", data={"update": insert("etag")}, headers=AUTH)
    again = requests.get(base + "/sparql", params=query,
                         headers={**JSON_RESULTS, "If-None-Match": first.headers["ETag"]})
    assert (first.json()["boolean"], again.status_code, again.json()["boolean"]) == (False, 200, True)


# --- whole or nothing ---------------------------------------------------------------------

@pytest.mark.parametrize("update, message", [
    ("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> ", "syntax error"),
    (f'{insert("half")} ; CREATE GRAPH <{NOTES}>', "already exists"),
], ids=["syntax", "second-operation-fails"])
def test_a_failed_update_is_a_400_and_changes_nothing(server, update, message):
    base, settings = server
    before = served_quads(settings)
    response = requests.post(base + "/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 400 and message in response.text.lower()
    assert served_quads(settings) == before


def test_an_update_while_another_write_holds_the_store_is_a_503_with_retry_after(server):
    base, settings = server
    before = served_quads(settings)
    with write_lock(settings.store_path, timeout=1):
        response = requests.post(base + "/sparql", data={"update": insert("waiting")}, headers=AUTH)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert "lock" in response.text and served_quads(settings) == before


# --- no request to elsewhere --------------------------------------------------------------

def test_an_update_never_makes_the_server_connect_anywhere(server):
    base, settings = server
    listener = Listener()
    remote = f"http://127.0.0.1:{listener.port}/data.ttl"
    try:
        for update in (f"LOAD <{remote}>", f"load silent <{remote}> INTO GRAPH <{NOTES}>",
                       f"INSERT {{ GRAPH <{NOTES}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}"):
            response = requests.post(base + "/sparql", data={"update": update}, headers=AUTH)
            assert response.status_code == 400, update
        time.sleep(0.3)
        assert listener.requests == []
    finally:
        listener.close()


# --- real clients -------------------------------------------------------------------------

def test_sparqlwrapper_sends_an_update_with_the_bearer_token(server):
    base, _ = server
    client = SPARQLWrapper(base + "/sparql", updateEndpoint=base + "/sparql")
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery(insert("sparqlwrapper"))
    assert client.query().response.status == 204
    reader = SPARQLWrapper(base + "/sparql")
    reader.setReturnFormat(JSON)
    reader.setQuery(f"ASK {{ GRAPH <{NOTES}> {{ ?s ?p 'sparqlwrapper' }} }}")
    assert reader.query().convert()["boolean"] is True


def test_rdflib_sparql_update_store_adds_and_removes_triples(server):
    base, _ = server
    store = SPARQLUpdateStore(headers=AUTH)
    store.open((base + "/sparql", base + "/sparql"))
    graph = Graph(store, identifier=URIRef("https://example.org/graph/rdflib"))
    note = URIRef("https://example.org/note/rdflib")
    graph.add((note, URIRef(LABEL), Literal("rdflib")))
    assert labels(base, "https://example.org/graph/rdflib") == ["rdflib"]
    assert (note, URIRef(LABEL), Literal("rdflib")) in graph  # read back through the same client
    graph.remove((note, None, None))
    assert labels(base, "https://example.org/graph/rdflib") == []


# --- readers during writes ----------------------------------------------------------------

def test_readers_during_writes_see_one_whole_generation_never_a_mix(server):
    base, _ = server
    requests.post(base + "/sparql", data={"update": generation(0)}, headers=AUTH).raise_for_status()
    seen = seen_while_writing(base, range(1, 8))
    assert len(seen) > 7 and set(seen) == {(SIZE, 1)}


# --- the service description says what is offered -----------------------------------------

def test_the_service_description_announces_update_and_the_graph_store_only_when_enabled(server, live_server):
    update_language = URIRef("http://www.w3.org/ns/sparql-service-description#SPARQL11Update")
    see_also = URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    descriptions = {}
    for name, base in (("enabled", server[0]), ("off", live_server)):
        response = requests.get(base + "/sparql", headers={"Accept": "text/turtle"})
        descriptions[name] = (Graph().parse(data=response.text, format="turtle"), URIRef(base + "/sparql"))
    enabled, endpoint = descriptions["enabled"]
    assert (endpoint, None, update_language) in enabled
    assert (endpoint, see_also, URIRef(server[0] + "/graph-store")) in enabled
    off, endpoint = descriptions["off"]
    assert (endpoint, None, update_language) not in off and (endpoint, see_also, None) not in off
