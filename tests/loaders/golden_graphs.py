"""Golden-file comparison: two graphs equal up to blank-node names, or a readable diff."""
from __future__ import annotations

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.namespaces import PREFIXES


def assert_same_graph(actual: Graph, expected_turtle: str) -> None:
    """Fail with the triples found only on one side, in Turtle."""
    expected = Graph().parse(data=expected_turtle, format="turtle")
    plain_actual = Graph()
    for triple in actual:
        plain_actual.add(triple)
    iso_actual, iso_expected = to_isomorphic(plain_actual), to_isomorphic(expected)
    if iso_actual == iso_expected:
        return
    _, only_actual, only_expected = graph_diff(iso_actual, iso_expected)
    raise AssertionError("graphs differ\n--- only in the loader's output:\n" + _turtle(only_actual)
                         + "\n--- only in the expected graph:\n" + _turtle(only_expected))


def _turtle(graph: Graph) -> str:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph.serialize(format="turtle")
