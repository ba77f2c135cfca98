"""ontology/datasets.ttl: only own terms, each labelled and defined in Spanish and English, and the code uses no other."""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.config import Settings
from kg.namespaces import AGA, AGA_IRI

ONTOLOGY = Graph().parse(Settings().ontology_dir / "datasets.ttl", format="turtle")
OWN = {s for s in ONTOLOGY.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(AGA_IRI)}


def languages(term, *predicates) -> set[str]:
    return {o.language for p in predicates for o in ONTOLOGY.objects(term, p)}


def test_every_own_term_has_a_spanish_and_english_label_and_definition():
    assert OWN
    for term in OWN:
        assert {"es", "en"} <= languages(term, RDFS.label, SKOS.prefLabel), term
        assert {"es", "en"} <= languages(term, SKOS.definition), term


def test_every_own_class_is_a_subclass_of_a_standard_one():
    for cls in ONTOLOGY.subjects(RDF.type, OWL.Class):
        assert any(not str(s).startswith(AGA_IRI) for s in ONTOLOGY.objects(cls, RDFS.subClassOf)), cls


def test_the_closed_namespace_names_every_term_the_file_defines():
    assert {AGA[term[len(AGA_IRI):]] for term in OWN} == OWN  # AGA raises on a term the ontology lacks
