"""The vocabulary dereferences on the running service: HTML documentation and RDF by Accept."""
from __future__ import annotations

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.namespaces import AGA, AGA_IRI


def test_the_ontology_iri_gives_an_html_documentation_page_in_both_languages(live_server):
    page = requests.get(live_server + "/def/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Accept" in page.headers["Vary"]
    for expected in ('href="/def/Commitment"', 'href="/def/IRMReport"', 'href="/def/completion"',
                     'href="/def/completion-scale"', 'href="/def/policy-areas"',
                     "Compromiso", "Commitment", "Informe del MRI", "IRM report"):
        assert expected in page.text


def test_the_ontology_iri_gives_the_whole_ontology_as_turtle(live_server):
    response = requests.get(live_server + "/def/", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(AGA_IRI), RDF.type, OWL.Ontology) in graph
    assert (AGA.Commitment, RDFS.label, Literal("Compromiso", lang="es")) in graph
    assert (AGA["completion-limited"], SKOS.inScheme, AGA["completion-scale"]) in graph


@pytest.mark.parametrize("path", ["Commitment", "Assessment", "IRMReport", "CoCreationProcess", "policyArea",
                                  "starred", "completion-scale", "completion-limited", "area-open-data"])
def test_each_term_iri_gives_html_and_turtle(live_server, path):
    page = requests.get(live_server + "/def/" + path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert f"<code>{AGA_IRI}{path}</code>" in page.text
    turtle = requests.get(live_server + "/def/" + path, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    assert (URIRef(AGA_IRI + path), None, None) in Graph().parse(data=turtle.text, format="turtle")


def test_a_class_page_shows_both_labels_its_definition_and_its_standard_superclass(live_server):
    page = requests.get(live_server + "/def/Commitment", headers={"Accept-Language": "en"}).text
    assert '<td lang="es">Compromiso</td>' in page and '<td lang="en">Commitment</td>' in page
    assert "A commitment of an action plan" in page
    assert 'href="http://www.w3.org/ns/prov#Plan"' in page
    assert 'href="/def/commitmentNumber"' in page  # a property whose domain it is


def test_a_scheme_page_lists_its_concepts_in_scale_order_with_their_source(live_server):
    page = requests.get(live_server + "/def/completion-scale", headers={"Accept-Language": "es"}).text
    order = [page.index(f'href="/def/completion-{c}"') for c in ("not-started", "limited", "substantial", "complete")]
    assert order == sorted(order)
    assert 'href="https://www.opengovpartnership.org/glossary/completion/"' in page
    assert "traducción propia" in page


def test_a_scheme_document_holds_its_concepts(live_server):
    response = requests.get(live_server + "/def/iap2-spectrum?format=jsonld")
    assert response.headers["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=response.text, format="json-ld")
    assert (AGA["iap2-involve"], SKOS.prefLabel, Literal("Involucrar", lang="es")) in graph


def test_a_concept_page_links_to_its_scheme(live_server):
    page = requests.get(live_server + "/def/iap2-collaborate", headers={"Accept-Language": "en"}).text
    assert '<h1 lang="en">Collaborate</h1>' in page
    assert 'href="/def/iap2-spectrum"' in page


def test_an_unknown_term_is_a_404_and_an_unacceptable_type_a_406(live_server):
    assert requests.get(live_server + "/def/NoSuchTerm").status_code == 404
    assert requests.get(live_server + "/def/Commitment", headers={"Accept": "image/png"}).status_code == 406
