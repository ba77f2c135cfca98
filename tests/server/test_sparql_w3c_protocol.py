"""The W3C SPARQL 1.1 Protocol test cases, over real HTTP: every one of the manifest applies and passes.

From the protocol manifest of the W3C test suite
(http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#):
query_get, query_post_form, query_post_direct, query_dataset_default_graph(s)
(GET and POST), query_dataset_named_graphs (GET and POST), query_dataset_full,
query_multiple_dataset, query_content_type_select/ask/describe/construct,
bad_query_method, bad_multiple_queries, bad_query_wrong_media_type,
bad_query_missing_form_type, bad_query_missing_direct_type, bad_query_non_utf8,
bad_query_syntax; and, against a server with writes enabled (each request with
the bearer token, without which every update is a 401, or a 403 when writes are
off): update_dataset_default_graph, update_dataset_default_graphs,
update_dataset_named_graphs, update_dataset_full, update_post_form,
update_post_direct, update_base_uri, bad_update_get, bad_multiple_updates,
bad_update_wrong_media_type, bad_update_missing_form_type, bad_update_non_utf8,
bad_update_syntax, bad_update_dataset_conflict; plus bad_update_missing_direct_type,
not in the manifest, the update twin of bad_query_missing_direct_type.

Adapted, same shape of request and same expectation: the query dataset tests
name documents on kasei.us that the service would fetch; this service never
fetches anything, so they name the store's own graphs instead (the update
dataset tests insert their kasei.us graphs themselves and are run verbatim).
update_base_uri clears its graph with CLEAR SILENT: this store records empty
graphs, so a CLEAR of a graph that does not exist fails unless SILENT (SPARQL
1.1 Update, section 3.2.2), which the test's first run on a fresh store would meet.
"""
from __future__ import annotations

import pytest
import requests

from tests.server.writable import AUTH, writable_server

AGA = "https://w3id.org/aga-mx/"
MX0064 = f"<{AGA}id/commitment/MX0064>"
PLAN = f"<{AGA}id/action-plan/MX-4>"
COMMITMENT_CLASS = f"<{AGA}def/Commitment>"
RESULT_TYPES = ("application/sparql-results+xml", "application/sparql-results+json", "text/csv",
                "text/tab-separated-values")
GRAPH_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples")
DIRECT = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def endpoint(live_server):
    return live_server + "/sparql"


@pytest.fixture(scope="module")
def graphs(built):
    return {"commitments": built.graph_iri("ogp-mexico-commitments"),
            "plans": built.graph_iri("ogp-mexico-action-plans"), "ontology": built.graph_iri("ontology")}


def boolean(response) -> bool:
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


# --- positive tests ----------------------------------------------------------------------

def test_query_get(endpoint):
    assert boolean(requests.get(endpoint, params={"query": "ASK {}"}, headers=JSON_RESULTS)) is True


def test_query_post_form(endpoint):
    assert boolean(requests.post(endpoint, data={"query": "ASK {}"}, headers=JSON_RESULTS)) is True


def test_query_post_direct(endpoint):
    assert boolean(requests.post(endpoint, data="ASK {}", headers={**DIRECT, **JSON_RESULTS})) is True


BOTH_DEFAULT = f"ASK {{ {MX0064} ?p ?o . {COMMITMENT_CLASS} ?q ?r }}"


def test_query_dataset_default_graphs_get(endpoint, graphs):
    both = requests.get(endpoint, params={"query": BOTH_DEFAULT, "default-graph-uri": [
        graphs["commitments"], graphs["ontology"]]}, headers=JSON_RESULTS)
    one = requests.get(endpoint, params={"query": BOTH_DEFAULT, "default-graph-uri": graphs["commitments"]},
                       headers=JSON_RESULTS)
    assert (boolean(both), boolean(one)) == (True, False)


def test_query_dataset_default_graphs_post(endpoint, graphs):
    response = requests.post(endpoint, data={"query": BOTH_DEFAULT, "default-graph-uri": [
        graphs["commitments"], graphs["ontology"]]}, headers=JSON_RESULTS)
    assert boolean(response) is True


NAMED_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


def named_graphs_seen(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["g"]["value"] for b in response.json()["results"]["bindings"]]


def test_query_dataset_named_graphs_post(endpoint, graphs):
    response = requests.post(endpoint, data={"query": NAMED_GRAPHS, "named-graph-uri": [
        graphs["commitments"], graphs["ontology"]]}, headers=JSON_RESULTS)
    assert named_graphs_seen(response) == sorted([graphs["commitments"], graphs["ontology"]])


def test_query_dataset_named_graphs_get(endpoint, graphs):
    response = requests.get(endpoint, params={"query": NAMED_GRAPHS, "named-graph-uri": [
        graphs["commitments"], graphs["ontology"]]}, headers=JSON_RESULTS)
    assert named_graphs_seen(response) == sorted([graphs["commitments"], graphs["ontology"]])


def test_query_dataset_full(endpoint, graphs):
    query = (f"SELECT DISTINCT ?g ?planInDefault ?commitmentInDefault WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
             f"BIND(EXISTS {{ {PLAN} ?a ?b }} AS ?planInDefault) "
             f"BIND(EXISTS {{ {MX0064} ?c ?d }} AS ?commitmentInDefault) }} ORDER BY ?g")
    response = requests.post(endpoint + "?" + requests.compat.urlencode(
        [("default-graph-uri", graphs["plans"]), ("named-graph-uri", graphs["commitments"]),
         ("named-graph-uri", graphs["ontology"])]), data=query, headers={**DIRECT, **JSON_RESULTS})
    rows = response.json()["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == sorted([graphs["commitments"], graphs["ontology"]])
    assert {(r["planInDefault"]["value"], r["commitmentInDefault"]["value"]) for r in rows} == {("true", "false")}


def test_query_multiple_dataset_the_protocol_dataset_wins_over_from(endpoint, graphs):
    query = f"ASK FROM <{graphs['ontology']}> {{ {MX0064} ?p ?o }}"
    with_protocol = requests.post(endpoint + "?default-graph-uri=" + requests.utils.quote(graphs["commitments"]),
                                  data=query, headers={**DIRECT, **JSON_RESULTS})
    without = requests.post(endpoint, data=query, headers={**DIRECT, **JSON_RESULTS})
    assert (boolean(with_protocol), boolean(without)) == (True, False)


@pytest.mark.parametrize("query, types", [
    ("SELECT (1 AS ?value) {}", RESULT_TYPES), ("ASK {}", RESULT_TYPES[:2]),
    ("DESCRIBE <http://example.org/>", GRAPH_TYPES), ("CONSTRUCT { <s> <p> 1 } WHERE {}", GRAPH_TYPES)],
    ids=["query_content_type_select", "query_content_type_ask", "query_content_type_describe",
         "query_content_type_construct"])
def test_query_content_type(endpoint, query, types):
    response = requests.post(endpoint, data=query, headers={
        **DIRECT, "Accept": ", ".join(types[:2]) + ", */*;q=0.1"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] in types


# --- negative tests: any 4xx, never a 5xx ------------------------------------------------

def test_bad_query_method(endpoint):
    assert requests.put(endpoint + "?query=ASK%20%7B%7D").status_code == 405


def test_bad_multiple_queries(endpoint):
    assert requests.get(endpoint + "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D").status_code == 400


def test_bad_query_wrong_media_type(endpoint):
    assert requests.post(endpoint, data="ASK {}", headers={"Content-Type": "text/plain"}).status_code == 400


def test_bad_query_missing_form_type(endpoint):
    assert requests.post(endpoint, data=b"query=ASK%20%7B%7D").status_code == 400


def test_bad_query_missing_direct_type(endpoint):
    assert requests.post(endpoint, data=b"ASK {}").status_code == 400


def test_bad_query_non_utf8(endpoint):
    response = requests.post(endpoint, data="ASK {}".encode("utf-16"),
                             headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert response.status_code == 400 and "UTF-8" in response.text


def test_bad_query_syntax_names_the_position(endpoint):
    response = requests.get(endpoint, params={"query": "ASK {"})
    assert response.status_code == 400
    assert "error at 1:" in response.text and "Traceback" not in response.text


# --- updates: a store of the module's own, writes enabled --------------------------------------

@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    with writable_server(tmp_path_factory.mktemp("w3c-update")) as (base, _):
        yield base + "/sparql"


def update(endpoint, text: str, **params) -> requests.Response:
    return requests.post(endpoint, params=params, data=text.encode("utf-8"),
                         headers={**AUTH, "Content-Type": "application/sparql-update"})


def ask(endpoint, query: str) -> bool:
    response = requests.post(endpoint, data=query, headers={**DIRECT, "Accept": "application/sparql-results+xml"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(
        "application/sparql-results+xml")
    return "<boolean>true</boolean>" in response.text


KASEI = "http://kasei.us/2009/09/sparql/data/"
PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
THREE_DOCUMENTS = "".join(f"GRAPH <{KASEI}data{n}.rdf> {{ <{KASEI}data{n}.rdf> a foaf:Document }}\n" for n in (1, 2, 3))
TWO_OF_THREE = ("ASK {{ GRAPH <{g}> {{ <%sdata1.rdf> a dc:BibliographicResource . <%sdata2.rdf> a "
                "dc:BibliographicResource . }} FILTER NOT EXISTS {{ GRAPH <{g}> {{ <%sdata3.rdf> a "
                "dc:BibliographicResource . }} }} }}") % (KASEI, KASEI, KASEI)


def test_update_dataset_default_graph(writable):
    text = (PREFIXES + f"CLEAR ALL ;\nINSERT DATA {{ GRAPH <{KASEI}data1.rdf> {{ <{KASEI}data1.rdf> a foaf:Document }} }} ;\n"
            "INSERT { GRAPH <http://example.org/protocol-update-dataset-test/> { ?s a dc:BibliographicResource } }\n"
            "WHERE { ?s a foaf:Document }")
    assert update(writable, text, **{"using-graph-uri": KASEI + "data1.rdf"}).status_code == 204
    assert ask(writable, f"ASK {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ <{KASEI}data1.rdf> "
                         "a <http://purl.org/dc/terms/BibliographicResource> } }")


@pytest.mark.parametrize("parameter, pattern, graph", [
    ("using-graph-uri", "?s a foaf:Document", "http://example.org/protocol-update-dataset-graphs-test/"),
    ("using-named-graph-uri", "GRAPH ?g { ?s a foaf:Document }",
     "http://example.org/protocol-update-dataset-named-graphs-test/"),
], ids=["update_dataset_default_graphs", "update_dataset_named_graphs"])
def test_update_dataset_graphs(writable, parameter, pattern, graph):
    text = (PREFIXES + f"CLEAR ALL ;\nINSERT DATA {{ {THREE_DOCUMENTS} }} ;\n"
            f"INSERT {{ GRAPH <{graph}> {{ ?s a dc:BibliographicResource }} }} WHERE {{ {pattern} }}")
    response = requests.post(writable + "?" + requests.compat.urlencode(
        [(parameter, KASEI + "data1.rdf"), (parameter, KASEI + "data2.rdf")]),
        data=text, headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert response.status_code == 204
    assert ask(writable, PREFIXES + TWO_OF_THREE.format(g=graph))


def test_update_dataset_full(writable):
    graph = "http://example.org/protocol-update-dataset-full-test/"
    text = (PREFIXES + f"CLEAR ALL ;\nINSERT DATA {{ {THREE_DOCUMENTS} }} ;\n"
            f"INSERT {{ GRAPH <{graph}> {{ ?s <http://example.org/in> ?in }} }} WHERE {{ "
            "{ GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) } UNION { ?s a foaf:Document . BIND(\"default\" AS ?in) } }")
    response = update(writable, text, **{"using-graph-uri": KASEI + "data1.rdf",
                                         "using-named-graph-uri": KASEI + "data2.rdf"})
    assert response.status_code == 204
    assert ask(writable, f"ASK {{ GRAPH <{graph}> {{ <{KASEI}data1.rdf> <http://example.org/in> \"default\" . "
                         f"<{KASEI}data2.rdf> <http://example.org/in> <{KASEI}data2.rdf> . }} "
                         f"FILTER NOT EXISTS {{ GRAPH <{graph}> {{ <{KASEI}data3.rdf> ?p ?o }} }} }}")


def test_update_post_form(writable):
    assert requests.post(writable, data={"update": "CLEAR ALL"}, headers=AUTH).status_code == 204


def test_update_post_direct(writable):
    assert update(writable, "CLEAR ALL").status_code == 204


def test_update_base_uri(writable):
    graph = "http://example.org/protocol-base-test/"
    text = (f"CLEAR SILENT GRAPH <{graph}> ;\n"
            f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> <test> }} }}")
    assert update(writable, text).status_code == 204
    response = requests.post(writable, data=f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ <http://example.org/s> "
                                            "<http://example.org/p> ?o } }",
                             headers={**DIRECT, **JSON_RESULTS})
    [row] = response.json()["results"]["bindings"]
    assert row["o"]["type"] == "uri" and row["o"]["value"] != "test" and row["o"]["value"].endswith("/test")


@pytest.mark.parametrize("method, body, headers, params", [
    ("GET", None, {}, {"update": "CLEAR ALL"}),
    ("POST", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, {}),
    ("POST", "CLEAR NAMED", {"Content-Type": "text/plain"}, {}),
    ("POST", "update=CLEAR%20NAMED", {}, {}),
    ("POST", "CLEAR NAMED", {}, {}),
    ("POST", "CLEAR NAMED".encode("utf-16"), {"Content-Type": "application/sparql-update; charset=UTF-16"}, {}),
    ("POST", "update=CLEAR%20XYZ", FORM, {}),
    ("POST", "using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=%09%09PREFIX%20foaf%3A%20%20%3Chttp%3A%2F%2F"
             "xmlns.com%2Ffoaf%2F0.1%2F%3E%0A%09%09WITH%20%3Chttp%3A%2F%2Fexample%2Faddresses%3E%0A%09%09DELETE%20%7B%20"
             "%3Fperson%20foaf%3AgivenName%20%27Bill%27%20%7D%0A%09%09INSERT%20%7B%20%3Fperson%20foaf%3AgivenName%20"
             "%27William%27%20%7D%0A%09%09WHERE%20%7B%0A%09%09%09%3Fperson%20foaf%3AgivenName%20%27Bill%27%0A%09%09%7D%0A",
     FORM, {}),
], ids=["bad_update_get", "bad_multiple_updates", "bad_update_wrong_media_type", "bad_update_missing_form_type",
        "bad_update_missing_direct_type", "bad_update_non_utf8", "bad_update_syntax", "bad_update_dataset_conflict"])
def test_bad_update_requests_are_refused(writable, method, body, headers, params):
    response = requests.request(method, writable, data=body, headers={**AUTH, **headers}, params=params)
    assert response.status_code == 400, response.text
