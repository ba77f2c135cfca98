"""The SPARQL 1.1 Graph Store HTTP Protocol at /graph-store over real HTTP: reading for anyone,
writing only when enabled and with the bearer token, with the protocol's status codes."""
from __future__ import annotations

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from tests.server.writable import AUTH, served_quads, writable_server

NOTES = "https://example.org/graph/notes"
NOTE = URIRef("https://example.org/note/1")
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml"}


def note_graph(text: str = "nota") -> Graph:
    graph = Graph()
    graph.add((NOTE, LABEL, Literal(text, lang="es")))
    return graph


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with writable_server(tmp_path_factory.mktemp("graph-store")) as (base, settings):
        yield base + "/graph-store", settings


def read(url: str, graph: str | None, accept: str = "text/turtle") -> Graph:
    params = {"graph": graph} if graph else {"default": ""}
    response = requests.get(url, params=params, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(accept)
    return Graph().parse(data=response.text, format=FORMATS[accept])


# --- reading: on for everyone ---------------------------------------------------------------

@pytest.mark.parametrize("accept", FORMATS)
def test_a_named_graph_is_read_in_each_format(live_server, built, accept):
    graph = read(live_server + "/graph-store", built.graph_iri("ogp-mexico-action-plans"), accept)
    assert (URIRef("https://w3id.org/aga-mx/id/action-plan/MX-4"), None, None) in graph


def test_head_answers_like_get_without_a_body(live_server, built):
    params = {"graph": built.graph_iri("ontology")}
    head = requests.head(live_server + "/graph-store", params=params)
    assert head.status_code == 200 and head.text == "" and head.headers["Content-Type"].startswith("text/turtle")


def test_a_graph_read_again_with_its_etag_is_a_304(live_server, built):
    params = {"graph": built.graph_iri("ontology")}
    first = requests.get(live_server + "/graph-store", params=params)
    again = requests.get(live_server + "/graph-store", params=params, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("params, status", [
    ({"graph": "https://example.org/graph/none"}, 404), ({}, 400), ({"graph": "urn:a", "default": ""}, 400),
    ({"graph": "not an iri"}, 400), ({"graph": ["urn:a", "urn:b"]}, 400)],
    ids=["missing", "no-graph-named", "both", "bad-iri", "two-graphs"])
def test_reading_what_is_not_one_existing_graph_says_why(live_server, params, status):
    response = requests.get(live_server + "/graph-store", params=params)
    assert response.status_code == status and response.text.strip()


def test_an_unacceptable_accept_is_a_406(live_server, built):
    response = requests.get(live_server + "/graph-store", params={"graph": built.graph_iri("ontology")},
                            headers={"Accept": "image/png"})
    assert response.status_code == 406


# --- writing: off by default, then only with the token ------------------------------------

@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_with_writes_off_a_write_is_a_403_that_names_the_setting(live_server, built, method):
    response = requests.request(method, live_server + "/graph-store", params={"graph": built.graph_iri("ontology")},
                                data=note_graph().serialize(format="turtle"), headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 403 and "AGA_WRITES_ENABLED" in response.text


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_a_write_without_the_token_is_a_401(server, method):
    url, settings = server
    before = served_quads(settings)
    response = requests.request(method, url, params={"graph": NOTES}, data=note_graph().serialize(format="turtle"),
                                headers={"Content-Type": "text/turtle"})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert served_quads(settings) == before


def put(url: str, graph: str | None, body: str | bytes, media_type: str = "text/turtle", method: str = "PUT"):
    params = {"graph": graph} if graph else {"default": ""}
    return requests.request(method, url, params=params, data=body, headers={**AUTH, "Content-Type": media_type})


def test_put_creates_a_graph_then_replaces_it_and_delete_removes_it(server):
    url, _ = server
    created = put(url, NOTES, note_graph("nota").serialize(format="turtle"))
    assert created.status_code == 201
    assert isomorphic(Graph().parse(data=requests.get(created.headers["Location"]).text, format="turtle"),
                      note_graph("nota"))  # the Location reads the graph created
    replaced = put(url, NOTES, note_graph("otra").serialize(format="turtle"))
    assert replaced.status_code == 204
    assert isomorphic(read(url, NOTES), note_graph("otra"))
    assert requests.delete(url, params={"graph": NOTES}, headers=AUTH).status_code == 204
    assert requests.get(url, params={"graph": NOTES}).status_code == 404
    assert requests.delete(url, params={"graph": NOTES}, headers=AUTH).status_code == 404


def test_put_of_empty_content_makes_an_empty_graph_that_exists(server):
    url, _ = server
    graph = "https://example.org/graph/empty"
    assert put(url, graph, "").status_code == 201
    assert len(read(url, graph)) == 0
    assert requests.delete(url, params={"graph": graph}, headers=AUTH).status_code == 204


def test_post_adds_to_a_graph_creating_it_when_new(server):
    url, _ = server
    graph = "https://example.org/graph/posted"
    assert put(url, graph, note_graph("uno").serialize(format="nt"), "application/n-triples", "POST").status_code == 201
    assert put(url, graph, note_graph("dos").serialize(format="nt"), "application/n-triples", "POST").status_code == 204
    assert {str(o) for o in read(url, graph).objects(NOTE, LABEL)} == {"uno", "dos"}


@pytest.mark.parametrize("media_type", FORMATS)
def test_each_rdf_format_is_accepted_as_content(server, media_type):
    url, _ = server
    graph = f"https://example.org/graph/in-{FORMATS[media_type]}"
    assert put(url, graph, note_graph().serialize(format=FORMATS[media_type]), media_type).status_code == 201
    assert isomorphic(read(url, graph, "application/n-triples"), note_graph())


def test_the_default_graph_is_written_and_read_with_default(server):
    url, _ = server
    assert put(url, None, note_graph("por defecto").serialize(format="turtle")).status_code == 204
    assert isomorphic(read(url, None), note_graph("por defecto"))
    assert requests.delete(url, params={"default": ""}, headers=AUTH).status_code == 204
    assert len(read(url, None)) == 0


@pytest.mark.parametrize("body, media_type, status", [
    ("<https://example.org/a> <https://example.org/b> .", "text/turtle", 400),
    ('{"@id": "https://example.org/a", "https://example.org/b": ', "application/ld+json", 400),
    ('{"@id": "https://example.org/g", "@graph": [{"@id": "https://example.org/a", "https://example.org/b": 1}]}',
     "application/ld+json", 400),
    ('{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "https://example.org/a", "name": "x"}',
     "application/ld+json", 400),
    ("%PDF-1.4", "application/pdf", 415),
    ("<https://example.org/a> <https://example.org/b> <https://example.org/c> .", "text/plain", 415),
], ids=["bad-turtle", "cut-json-ld", "json-ld-with-a-named-graph", "json-ld-with-a-remote-context-never-fetched",
        "pdf", "text-plain"])
def test_content_that_is_not_a_readable_graph_is_refused_and_changes_nothing(server, body, media_type, status):
    url, settings = server
    before = served_quads(settings)
    response = put(url, NOTES, body, media_type)
    assert response.status_code == status and response.text.strip()
    assert served_quads(settings) == before
