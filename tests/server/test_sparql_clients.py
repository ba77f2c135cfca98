"""The clients researchers use, rdflib's SPARQLStore and SPARQLWrapper, work against the live endpoint."""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, SPARQLWrapper

AGA = "https://w3id.org/aga-mx/"
MX0064 = URIRef(AGA + "id/commitment/MX0064")
COMMITMENT = URIRef(AGA + "def/Commitment")


def test_rdflib_sparqlstore_reads_the_graph_as_an_rdflib_graph(live_server):
    graph = Graph(store=SPARQLStore(live_server + "/sparql"))
    assert (MX0064, RDF.type, COMMITMENT) in graph
    assert len(list(graph.triples((MX0064, None, None)))) >= 4


def test_rdflib_sparqlstore_runs_select_ask_and_construct(live_server):
    store = SPARQLStore(live_server + "/sparql")
    rows = list(store.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/aga-mx/def/Commitment> }"))
    assert int(rows[0][0]) > 20
    assert store.query(f"ASK {{ <{MX0064}> ?p ?o }}").askAnswer is True
    constructed = store.query(f"CONSTRUCT WHERE {{ <{MX0064}> a ?type }}").graph
    assert (MX0064, RDF.type, COMMITMENT) in constructed


def test_rdflib_sparqlstore_by_post(live_server):
    store = SPARQLStore(live_server + "/sparql", method="POST")
    rows = list(store.query(f"SELECT ?type WHERE {{ <{MX0064}> a ?type }}"))
    assert (COMMITMENT,) in [tuple(row) for row in rows]


def test_sparqlwrapper_gets_constructs_in_each_rdf_format(live_server):
    for return_format in (RDFXML, N3, JSONLD):
        client = SPARQLWrapper(live_server + "/sparql")
        client.setQuery(f"CONSTRUCT WHERE {{ <{MX0064}> a ?type }}")
        client.setReturnFormat(return_format)
        graph = client.queryAndConvert()
        if not isinstance(graph, Graph):  # N3 and JSON-LD come back as text to parse
            graph = Graph().parse(data=graph, format="turtle" if return_format == N3 else "json-ld")
        assert (MX0064, RDF.type, COMMITMENT) in graph, return_format


def test_sparqlwrapper_names_the_dataset(live_server, built):
    client = SPARQLWrapper(live_server + "/sparql")
    client.addDefaultGraph(built.graph_iri("ontology"))
    client.setQuery(f"ASK {{ <{MX0064}> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is False
    client = SPARQLWrapper(live_server + "/sparql")
    client.addNamedGraph(built.graph_iri("ogp-mexico-commitments"))
    client.setQuery(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{MX0064}> ?p ?o }} }} LIMIT 1")
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert bindings[0]["g"]["value"] == built.graph_iri("ogp-mexico-commitments")


def test_literals_keep_their_language_and_datatype_through_the_json_results(live_server):
    store = SPARQLStore(live_server + "/sparql")
    rows = list(store.query(f"SELECT ?label WHERE {{ <{COMMITMENT}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"))
    assert any(isinstance(r[0], Literal) and r[0].language in ("en", "es") for r in rows)
