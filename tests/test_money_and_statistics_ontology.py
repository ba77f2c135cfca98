"""The funds and statistics vocabularies: every own term is labelled and defined in Spanish and English."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.config import Settings
from kg.namespaces import AGA, AGA_IRI

ONTOLOGY = Settings().ontology_dir
FILES = ("funds.ttl", "statistics.ttl")


def own_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(AGA_IRI)}


@pytest.mark.parametrize("name", FILES)
def test_every_own_term_has_a_label_in_spanish_and_english_and_all_but_states_a_definition(name):
    graph = Graph().parse(ONTOLOGY / name)
    for term in own_terms(graph):
        labels = {label.language for p in (RDFS.label, SKOS.prefLabel) for label in graph.objects(term, p)}
        definitions = {d.language for p in (RDFS.comment, SKOS.definition) for d in graph.objects(term, p)}
        assert {"es", "en"} <= labels, f"{term} lacks a label in es or en"
        if (term, SKOS.inScheme, AGA["inegi-states"]) not in graph:  # a state is defined by its scheme
            assert {"es", "en"} <= definitions, f"{term} lacks a definition in es or en"


@pytest.mark.parametrize("name", FILES)
def test_every_own_class_refines_a_standard_one(name):
    graph = Graph().parse(ONTOLOGY / name)
    for cls in graph.subjects(RDF.type, OWL.Class):
        assert any(not str(parent).startswith(AGA_IRI) for parent in graph.objects(cls, RDFS.subClassOf)), cls


def test_the_closed_namespace_names_every_term_the_files_define():
    graph = Graph()
    for name in FILES:
        graph.parse(ONTOLOGY / name)
    defined = own_terms(graph)
    assert {AGA[term[len(AGA_IRI):]] for term in defined} == defined  # AGA raises on a term the ontology lacks
