"""What the store says about one resource, for its page and its RDF documents.

All queries bind the resource with substitutions, never by pasting it into the
query text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Variable

from kg.store import OxigraphStore

LABEL_PATH = "skos:prefLabel|dct:title|rdfs:label|schema:name"
PREFIX_DECLARATIONS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""

# The resource's own triples plus those of nodes it owns: blank nodes and IRIs
# minted beneath its own (a commitment's assessments).
DOCUMENT_QUERY = """CONSTRUCT { ?resource ?p ?o . ?child ?cp ?co } WHERE {
  { ?resource ?p ?o }
  UNION
  { ?resource ?link ?child .
    FILTER(isBlank(?child) || STRSTARTS(STR(?child), CONCAT(STR(?resource), "/")))
    ?child ?cp ?co }
}"""
# (No BIND of ?resource: pyoxigraph applies substitutions to patterns, not to BIND.)

OUTGOING_QUERY = PREFIX_DECLARATIONS + f"""SELECT ?resource ?p ?o ?plabel ?olabel WHERE {{
  ?resource ?p ?o .
  OPTIONAL {{ ?p rdfs:label ?plabel }}
  OPTIONAL {{ ?o {LABEL_PATH} ?olabel }}
}}"""

INBOUND_QUERY = PREFIX_DECLARATIONS + f"""SELECT ?resource ?s ?p ?plabel ?slabel WHERE {{
  ?s ?p ?resource .
  OPTIONAL {{ ?p rdfs:label ?plabel }}
  OPTIONAL {{ ?s {LABEL_PATH} ?slabel }}
}} LIMIT 1000"""


def document_triples(store: OxigraphStore, iri: str):
    return store.query(DOCUMENT_QUERY, substitutions={Variable("resource"): NamedNode(iri)})


@dataclass
class Statement:
    """One property value as a page shows it, with the labels found for it in every language."""

    predicate: NamedNode
    value: object
    predicate_labels: list[Literal] = field(default_factory=list)
    value_labels: list[Literal] = field(default_factory=list)


def _collect(rows, predicate_var: str, value_var: str, plabel_var: str, vlabel_var: str) -> list[Statement]:
    statements: dict[tuple, Statement] = {}
    for row in rows:
        key = (row[predicate_var], row[value_var])
        statement = statements.setdefault(key, Statement(row[predicate_var], row[value_var]))
        for var, bucket in ((plabel_var, statement.predicate_labels), (vlabel_var, statement.value_labels)):
            label = row[var]
            if label is not None and label not in bucket:
                bucket.append(label)
    return list(statements.values())


def outgoing(store: OxigraphStore, iri: str) -> list[Statement]:
    rows = store.query(OUTGOING_QUERY, substitutions={Variable("resource"): NamedNode(iri)})
    return _collect(rows, "p", "o", "plabel", "olabel")


def inbound(store: OxigraphStore, iri: str) -> list[Statement]:
    rows = store.query(INBOUND_QUERY, substitutions={Variable("resource"): NamedNode(iri)})
    return _collect(rows, "p", "s", "plabel", "slabel")
