"""Values bound into query text (for remote stores) answer as pyoxigraph's own substitutions do."""
from __future__ import annotations

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store, Variable

from kg.substitutions import bind_values

EX = "https://example.org/"
PLAN = NamedNode(EX + "plan")


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    for n in range(5):
        thing = NamedNode(f"{EX}thing/{n}")
        store.add(Quad(thing, NamedNode(EX + "partOf"), PLAN if n < 3 else NamedNode(EX + "other")))
        store.add(Quad(thing, NamedNode(EX + "label"), Literal(f"{{thing}} #{n}", language="es")))
    return store


def rows(result) -> list:
    return sorted(tuple(str(row[v]) for v in result.variables) for row in result)


@pytest.mark.parametrize("query", [
    "SELECT ?plan ?t WHERE { ?t <https://example.org/partOf> ?plan }",
    # A brace and a '#' inside a string, and a WHERE-less SELECT.
    'SELECT ?plan ?t ?l { ?t <https://example.org/partOf> ?plan ; <https://example.org/label> ?l '
    'FILTER(!CONTAINS(?l, "}#{")) }',
    # A LIMITed subquery that projects the bound variable: bound inside it too, before its LIMIT.
    "SELECT ?plan ?t WHERE { { SELECT ?plan ?t WHERE { ?t <https://example.org/partOf> ?plan } LIMIT 2 } }",
])
def test_bound_values_answer_as_substitutions_do(store, query):
    bound = {Variable("plan"): PLAN}
    assert rows(store.query(bind_values(query, bound))) == rows(store.query(query, substitutions=bound))


def test_a_construct_binds_in_its_pattern_not_its_template(store):
    query = "CONSTRUCT { ?t <https://example.org/in> ?plan } WHERE { ?t <https://example.org/partOf> ?plan }"
    bound = {Variable("plan"): PLAN}
    assert set(store.query(bind_values(query, bound))) == set(store.query(query, substitutions=bound))


def test_what_cannot_be_bound_in_text_is_refused_plainly():
    with pytest.raises(ValueError, match="short form"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?o }", {Variable("s"): PLAN})
    with pytest.raises(ValueError, match="blank node"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {Variable("s"): BlankNode()})
