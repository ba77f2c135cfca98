"""/sparql speaks the SPARQL 1.1 Protocol to real clients over real HTTP."""
from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
import requests
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper, TURTLE

from tests.conftest import DATA

PER_PLAN = """PREFIX aga: <https://w3id.org/aga-mx/def/>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?plan (COUNT(?commitment) AS ?commitments) WHERE {
  ?commitment a aga:Commitment ; dct:isPartOf ?plan .
} GROUP BY ?plan"""


def expected_counts_per_plan(base: str) -> Counter:
    """Counted straight from the source files, independently of the loader."""
    counts = Counter()
    for path in (DATA / "ogp-mexico" / "commitments.csv", DATA / "ogp-g0v" / "open_parliament_0703.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                member = row["Commitment Unique Identifier"].rstrip("0123456789")
                counts[f"{base}action-plan/{member}-{row['Action Plan Number']}"] += 1
    return counts


def test_sparqlwrapper_counts_commitments_per_plan_as_the_sources_hold_them(live_server, built):
    client = SPARQLWrapper(live_server + "/sparql")
    client.setQuery(PER_PLAN)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    got = Counter({b["plan"]["value"]: int(b["commitments"]["value"]) for b in bindings})
    assert got == expected_counts_per_plan(built.id_base)
    assert got[built.id_base + "action-plan/MX-4"] == 13
    assert got[built.id_base + "action-plan/MX-3"] == 7


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_every_protocol_operation_gives_the_same_answer(live_server, method):
    client = SPARQLWrapper(live_server + "/sparql")
    client.setMethod("POST" if method.startswith("POST") else "GET")
    if method == "POSTDIRECTLY":
        client.setRequestMethod("postdirectly")
    client.setQuery("ASK { <https://w3id.org/aga-mx/id/commitment/MX0064> ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


@pytest.mark.parametrize("return_format, media_type", [
    (JSON, "application/sparql-results+json"), (XML, "application/sparql-results+xml"),
    (CSV, "text/csv"), (TSV, "text/tab-separated-values")])
def test_select_results_come_in_each_standard_format(live_server, return_format, media_type):
    client = SPARQLWrapper(live_server + "/sparql")
    client.setQuery(PER_PLAN)
    client.setReturnFormat(return_format)
    response = client.query()
    assert response.info()["content-type"].startswith(media_type)
    body = response.convert()
    assert body  # parsed by SPARQLWrapper's own converter


def test_rdflib_reads_a_construct_as_turtle(live_server):
    client = SPARQLWrapper(live_server + "/sparql")
    client.setQuery("CONSTRUCT WHERE { <https://w3id.org/aga-mx/id/commitment/MX0064> ?p ?o }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) >= 4


@pytest.mark.parametrize("accept, media_type", [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml")])
def test_graph_results_follow_accept(live_server, accept, media_type):
    response = requests.get(live_server + "/sparql", headers={"Accept": accept}, params={
        "query": "DESCRIBE <https://w3id.org/aga-mx/id/member/MX>"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    rdflib_format = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                     "application/rdf+xml": "xml"}[media_type]
    assert len(Graph().parse(data=response.text, format=rdflib_format)) >= 3


def test_the_dataset_can_be_named_by_the_request(live_server, built):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/aga-mx/def/Commitment> }"
    response = requests.get(live_server + "/sparql", params={
        "query": query, "default-graph-uri": built.graph_iri("ogp-mexico-commitments")},
        headers={"Accept": "application/sparql-results+json"})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "20"


def test_a_syntax_error_is_a_400_with_the_parser_message(live_server):
    response = requests.get(live_server + "/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert "syntax error" in response.text.lower()
    assert "Traceback" not in response.text


def test_updates_are_refused(live_server):
    response = requests.post(live_server + "/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 403
    response = requests.post(live_server + "/sparql", data="CLEAR ALL",
                             headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403
    # An update sent as a query does not parse as one.
    response = requests.post(live_server + "/sparql", data={"query": "CLEAR ALL"})
    assert response.status_code == 400


def test_federated_queries_make_no_outbound_request(live_server):
    response = requests.get(live_server + "/sparql", params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert response.status_code == 400
    assert "SERVICE" in response.text


def test_an_unacceptable_accept_is_a_406_and_format_overrides_accept(live_server):
    response = requests.get(live_server + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    response = requests.get(live_server + "/sparql", params={"query": "ASK {}", "format": "json"},
                            headers={"Accept": "image/png"})
    assert response.status_code == 200 and json.loads(response.text)["boolean"] is True


def test_without_a_query_a_browser_gets_a_query_form(live_server):
    response = requests.get(live_server + "/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "<form" in response.text


@pytest.mark.parametrize("accept, rdflib_format", [("application/trig", "trig"), ("application/n-quads", "nquads")])
def test_a_construct_can_come_as_a_dataset_in_the_default_graph(live_server, accept, rdflib_format):
    from rdflib import Dataset

    response = requests.get(live_server + "/sparql", headers={"Accept": accept}, params={
        "query": "CONSTRUCT WHERE { <https://w3id.org/aga-mx/id/commitment/MX0064> ?p ?o }"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
    dataset = Dataset().parse(data=response.text, format=rdflib_format)
    assert len(dataset.default_context) >= 4


def test_an_unknown_format_parameter_is_a_400_that_lists_the_formats(live_server):
    response = requests.get(live_server + "/sparql", params={"query": "ASK {}", "format": "pdf"})
    assert response.status_code == 400 and "json" in response.text and "ttl" in response.text


@pytest.mark.parametrize("params", [{"graph": "https://w3id.org/aga-mx/graph/ontology"}, {"default": ""}])
def test_the_graph_store_protocol_at_sparql_is_refused_with_a_pointer_to_the_graph_store(live_server, params):
    response = requests.get(live_server + "/sparql", params=params)
    assert response.status_code == 403 and "Graph Store Protocol" in response.text
    assert live_server + "/graph-store" in response.text
    response = requests.post(live_server + "/sparql", params=params, data="<urn:s> <urn:p> <urn:o> .",
                             headers={"Content-Type": "text/turtle"})
    assert response.status_code == 403
