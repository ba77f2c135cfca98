"""The vocabulary as a contract: documented in both languages, anchored in standards, closed."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.config import Settings
from kg.namespaces import AGA, AGA_IRI
from kg.termgen import TERMS_FILE, render
from kg.vocabulary import load_turtle_dir

SETTINGS = Settings()
ONTOLOGY = load_turtle_dir(SETTINGS.ontology_dir)
LANGUAGES = {"es", "en"}


def own(types) -> list[URIRef]:
    return sorted({s for t in types for s in ONTOLOGY.subjects(RDF.type, t)
                   if isinstance(s, URIRef) and str(s).startswith(AGA_IRI) and str(s) != AGA_IRI})


CLASSES = own((OWL.Class, RDFS.Class))
PROPERTIES = own((OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property))
SCHEMES = own((SKOS.ConceptScheme,))


def languages(subject, *predicates) -> set[str]:
    return {o.language for p in predicates for o in ONTOLOGY.objects(subject, p) if getattr(o, "language", None)}


def test_the_generated_namespace_is_up_to_date_with_every_ontology_file():
    assert TERMS_FILE.read_text(encoding="utf-8") == render(SETTINGS.ontology_dir), \
        "kg/aga_terms.py is stale: run `make namespaces` (or `aga-kg namespaces`)"


def test_a_misspelt_own_term_is_an_error():
    with pytest.raises(AttributeError):
        AGA.Comitment  # noqa: B018
    with pytest.raises(AttributeError):
        AGA["completion-limitted"]  # noqa: B018
    assert AGA["completion-limited"] == URIRef(AGA_IRI + "completion-limited")


def test_every_own_term_of_every_ontology_file_is_in_the_namespace():
    for term in CLASSES + PROPERTIES + SCHEMES:
        assert AGA[str(term)[len(AGA_IRI):]] == term


@pytest.mark.parametrize("term", CLASSES + PROPERTIES, ids=lambda t: str(t)[len(AGA_IRI):])
def test_every_own_class_and_property_has_a_label_and_a_definition_in_spanish_and_english(term):
    assert languages(term, RDFS.label) >= LANGUAGES, f"{term} needs rdfs:label in es and en"
    assert languages(term, SKOS.definition, RDFS.comment) >= LANGUAGES, f"{term} needs a definition in es and en"


@pytest.mark.parametrize("term", CLASSES, ids=lambda t: str(t)[len(AGA_IRI):])
def test_every_own_class_is_a_subclass_of_a_standard_one(term):
    ancestors = set(ONTOLOGY.transitive_objects(term, RDFS.subClassOf)) - {term}
    assert any(not str(a).startswith(AGA_IRI) for a in ancestors), f"{term} has no standard superclass"


@pytest.mark.parametrize("scheme", SCHEMES, ids=lambda t: str(t)[len(AGA_IRI):])
def test_every_concept_scheme_and_its_concepts_are_labelled_in_both_languages(scheme):
    assert languages(scheme, SKOS.prefLabel) >= LANGUAGES
    concepts = list(ONTOLOGY.subjects(SKOS.inScheme, scheme))
    assert concepts, f"{scheme} has no concepts"
    for concept in concepts:
        for language in LANGUAGES:
            labels = [o for o in ONTOLOGY.objects(concept, SKOS.prefLabel) if o.language == language]
            assert len(labels) == 1, f"{concept} needs exactly one skos:prefLabel@{language}"


@pytest.mark.parametrize("scheme", SCHEMES, ids=lambda t: str(t)[len(AGA_IRI):])
def test_an_ordered_scale_gives_distinct_integer_orders(scheme):
    orders = [ONTOLOGY.value(c, AGA.order) for c in ONTOLOGY.subjects(SKOS.inScheme, scheme)]
    stated = [o.toPython() for o in orders if o is not None]
    assert all(isinstance(o, int) for o in stated)
    assert len(stated) == len(set(stated)), f"{scheme} repeats an order"


def test_own_spanish_translations_are_marked_as_such():
    for scheme in SCHEMES:
        notes = [str(n) for n in ONTOLOGY.objects(scheme, SKOS.editorialNote) if n.language == "en"]
        assert any("own translation" in n for n in notes), f"{scheme} does not say its Spanish labels are ours"


def test_scale_definitions_cite_the_ogp_pages_they_come_from():
    assert ONTOLOGY.value(AGA["completion-scale"], URIRef("http://purl.org/dc/terms/source")) == \
        URIRef("https://www.opengovpartnership.org/glossary/completion/")
    assert ONTOLOGY.value(AGA["diog-scale"], URIRef("http://purl.org/dc/terms/source")) == \
        URIRef("https://www.opengovpartnership.org/glossary/early-results/")


def test_the_generator_picks_up_terms_of_any_new_ontology_file(tmp_path):
    for path in SETTINGS.ontology_dir.glob("*.ttl"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "funds.ttl").write_text(
        "@prefix aga: <https://w3id.org/aga-mx/def/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "aga:TrustFund a owl:Class . aga:fundBalance a owl:DatatypeProperty .\n"
        "aga:fund-types a skos:ConceptScheme . aga:fund-type-trust a skos:Concept .\n", encoding="utf-8")
    generated = render(tmp_path)
    assert "    TrustFund: object\n" in generated and "    fundBalance: object\n" in generated
    assert '        "fund-types",\n' in generated and '        "fund-type-trust",\n' in generated
