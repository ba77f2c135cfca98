"""The W3C SPARQL 1.1 Protocol test cases for queries, over real HTTP.

From the protocol manifest of the W3C test suite
(http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#). The
dataset tests there name documents on kasei.us that the service would fetch; this
service never fetches anything, so they name the store's own graphs instead,
with the same shape of request and the same expectation.

Not applicable: update_dataset_default_graph, update_dataset_default_graphs,
update_dataset_named_graphs, update_dataset_full, update_post_form,
update_post_direct and update_base_uri, because the endpoint is read-only by
design (every update request is refused, see the bad_update_* cases below).
"""
from __future__ import annotations

import pytest
import requests

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


@pytest.mark.parametrize("method, body, headers, params", [
    ("GET", None, {}, {"update": "CLEAR ALL"}),
    ("POST", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, {}),
    ("POST", "CLEAR NAMED", {"Content-Type": "text/plain"}, {}),
    ("POST", "update=CLEAR%20NAMED", {}, {}),
    ("POST", "CLEAR NAMED", {}, {}),
    ("POST", "CLEAR NAMED".encode("utf-16"), {"Content-Type": "application/sparql-update; charset=UTF-16"}, {}),
    ("POST", "update=CLEAR%20XYZ", FORM, {}),
    ("POST", "using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=WITH%20%3Chttp%3A%2F%2Fexample%2F"
             "addresses%3E%20DELETE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", FORM, {}),
], ids=["bad_update_get", "bad_multiple_updates", "bad_update_wrong_media_type", "bad_update_missing_form_type",
        "bad_update_missing_direct_type", "bad_update_non_utf8", "bad_update_syntax", "bad_update_dataset_conflict"])
def test_bad_update_requests_are_refused(endpoint, method, body, headers, params):
    response = requests.request(method, endpoint, data=body, headers=headers, params=params)
    assert 400 <= response.status_code < 500
