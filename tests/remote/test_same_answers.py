"""The remote store binds values into the query text (VALUES blocks) where the embedded store uses
pyoxigraph's substitutions: every named query and every page query must answer the same on both."""
from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qsl

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Variable

from kg.config import Settings
from kg.store import OxigraphStore
from kg.stores import open_store
from server import describe, pages, provenance, search
from server.named_queries import read_queries

PAGE_SIZE = 50
XSD_DATE_TIME = "http://www.w3.org/2001/XMLSchema#dateTime"
ENTITIES = ("commitment/MX0064", "commitment/MX0073", "action-plan/MX-3", "trust-fund/20072750001478",
            "cube/rnpdno-by-year")


@pytest.fixture(scope="module")
def stores(built, remote_built):
    return OxigraphStore.open(built.store_path, read_only=True), open_store(remote_built)


def answer(result) -> Counter | bool:
    """A result as a multiset of rows (or triples), blank nodes all alike (their labels differ per store),
    and times alike (the two stores were built moments apart)."""
    def plain(term):
        if isinstance(term, BlankNode):
            return "_:"
        if isinstance(term, Literal) and term.datatype.value == XSD_DATE_TIME:
            return "a time"
        return None if term is None else str(term)

    if isinstance(result, QueryBoolean):
        return bool(result)
    if isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        return Counter(tuple(plain(row[name]) for name in names) for row in result)
    return Counter((plain(t.subject), plain(t.predicate), plain(t.object)) for t in result)


def both(stores, query: str, substitutions: dict):
    embedded, remote = stores
    return answer(embedded.query(query, substitutions=substitutions)), answer(remote.query(query, substitutions=substitutions))


@pytest.mark.parametrize("name", sorted(name for name, query in read_queries(Settings().queries_dir).items()
                                        if query.parameters))
def test_every_named_query_with_parameters_answers_its_example_alike(stores, built, name):
    query = read_queries(built.queries_dir)[name]
    arguments = dict(parse_qsl(query.example)) if "=" in query.example else {}
    on_embedded, on_remote = both(stores, query.text, query.bindings(arguments))
    assert on_embedded == on_remote


def page_queries(iri: str) -> list[tuple[str, dict]]:
    resource = {Variable("resource"): NamedNode(iri)}
    queries = [(describe.DOCUMENT_QUERY, resource), (describe.EXISTS_QUERY, resource),
               (pages.CLASSES_QUERY, resource), (pages.PLAN_COMMITMENTS_QUERY, resource),
               (pages.LINKED_QUERY, resource), (pages.DISTRIBUTIONS_QUERY, resource),
               (pages.OBSERVATIONS_QUERY, resource), (search.TYPES_QUERY, {Variable("s"): NamedNode(iri)}),
               (pages.ASSESSMENTS_QUERY.replace("{scope}", ""), {Variable("c"): NamedNode(iri)}),
               (pages.ASSESSMENTS_QUERY.replace("{scope}", "?c <http://purl.org/dc/terms/isPartOf> ?resource ."),
                resource), (describe.PREDICATE_LABELS_QUERY, {})]
    for pattern in describe.PATTERNS.values():
        queries.append((describe.COUNT_QUERY.format(pattern=pattern), resource))
    return queries


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_page_query_answers_alike(stores, built, entity):
    for query, substitutions in page_queries(built.id_base + entity):
        on_embedded, on_remote = both(stores, query, substitutions)
        assert on_embedded == on_remote, query


@pytest.mark.parametrize("entity", ENTITIES)
def test_each_page_of_values_holds_the_same_values(stores, built, entity):
    """Values per property come a page at a time from a LIMITed subquery: the page must be the resource's."""
    embedded, _ = stores
    iri = built.id_base + entity
    for direction, pattern in describe.PATTERNS.items():
        for group in describe.property_groups(embedded, iri, direction, PAGE_SIZE):
            query = describe.PAGE_QUERY.format(pattern=pattern, limit=PAGE_SIZE, offset=0)
            on_embedded, on_remote = both(stores, query, {Variable("resource"): NamedNode(iri),
                                                          Variable("p"): group.predicate})
            assert sum(on_remote.values()) == sum(on_embedded.values()) > 0, (direction, group.predicate)
            if group.count <= PAGE_SIZE:  # a whole page: the very same values
                assert on_embedded == on_remote


def test_the_provenance_of_each_graph_reads_alike(stores, built):
    for graph in stores[0].named_graphs():
        on_embedded, on_remote = both(stores, provenance.LOAD_QUERY, {Variable("graph"): NamedNode(graph)})
        assert on_embedded == on_remote, graph
