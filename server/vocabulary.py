"""The vocabulary's documentation: /def/ for the ontology, /def/<term> for each term.

The ontology IRI (https://w3id.org/aga-mx/def/) and every term IRI answer with
an HTML page in Spanish and English for people and with Turtle, N-Triples,
JSON-LD or RDF/XML by content negotiation for machines. The pages are made from
the ontology files the service was started with (every ontology/*.ttl), so
terms added by other files are documented without code changes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app, render_template
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.namespaces import AGA, AGA_IRI, PREFIXES
from kg.vocabulary import vocabulary_from
from server.formats import GRAPHS, HTML
from server.resources import negotiated, reader_language, short_name

blueprint = Blueprint("vocabulary", __name__)

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}
CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
LINK_PREDICATES = (  # (predicate, Spanish heading, English heading), shown as links on a term's page
    (RDF.type, "Tipo", "Type"),
    (RDFS.subClassOf, "Subclase de", "Subclass of"),
    (RDFS.subPropertyOf, "Subpropiedad de", "Subproperty of"),
    (RDFS.domain, "Dominio", "Domain"),
    (RDFS.range, "Rango", "Range"),
    (SKOS.inScheme, "Esquema", "Scheme"),
    (DCTERMS.source, "Fuente", "Source"),
    (RDFS.isDefinedBy, "Definido en", "Defined by"),
    (RDFS.seeAlso, "Véase también", "See also"),
)


@dataclass
class Term:
    """One term as a page lists it: its IRI, where it is documented, labels and definitions by language."""

    iri: str
    href: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    order: int | None = None

    @property
    def name(self) -> str:
        return short_name(self.iri)


def ontology() -> Graph:
    return vocabulary_from(current_app.config["KG_SETTINGS"].ontology_dir).graph


def href(iri: str) -> str:
    return "/def/" + iri[len(AGA_IRI):] if iri.startswith(AGA_IRI) else iri


def by_language(graph: Graph, subject, *predicates) -> dict[str, str]:
    found: dict[str, str] = {}
    for predicate in predicates:
        for value in graph.objects(subject, predicate):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
    return found


def term(graph: Graph, subject: URIRef) -> Term:
    order = graph.value(subject, AGA.order)
    return Term(str(subject), href(str(subject)),
                by_language(graph, subject, SKOS.prefLabel, RDFS.label, DCTERMS.title),
                by_language(graph, subject, SKOS.definition, RDFS.comment, DCTERMS.description),
                int(order) if order is not None else None)


def own_terms(graph: Graph, types) -> list[Term]:
    subjects = {s for t in types for s in graph.subjects(RDF.type, t)
                if isinstance(s, URIRef) and str(s).startswith(AGA_IRI) and str(s) != AGA_IRI}
    return sorted((term(graph, s) for s in subjects), key=lambda t: t.iri.lower())


@blueprint.route("/def/")
def ontology_page() -> Response:
    graph = ontology()
    return _answer(graph, URIRef(AGA_IRI), lambda: graph, "vocabulary.html", lambda language: dict(
        classes=own_terms(graph, CLASS_TYPES), properties=own_terms(graph, PROPERTY_TYPES),
        schemes=own_terms(graph, (SKOS.ConceptScheme,))))


@blueprint.route("/def/<path:path>")
def term_page(path: str) -> Response:
    graph = ontology()
    subject = URIRef(AGA_IRI + path)
    return _answer(graph, subject, lambda: _term_document(graph, subject), "vocabulary_term.html",
                   lambda language: _term_context(graph, subject))


def _term_document(graph: Graph, subject: URIRef) -> Graph:
    """The term's own triples; a scheme's document also holds its concepts."""
    document = Graph()
    for prefix, namespace in PREFIXES.items():
        document.bind(prefix, namespace, replace=True)
    members = [subject, *graph.subjects(SKOS.inScheme, subject)]
    for member in members:
        for triple in graph.triples((member, None, None)):
            document.add(triple)
    return document


def _term_context(graph: Graph, subject: URIRef) -> dict:
    links = []
    for predicate, heading_es, heading_en in LINK_PREDICATES:
        values = sorted(str(v) for v in graph.objects(subject, predicate) if isinstance(v, URIRef))
        if values:
            links.append({"heading": {"es": heading_es, "en": heading_en},
                          "targets": [term(graph, URIRef(v)) for v in values]})
    concepts = sorted((term(graph, c) for c in graph.subjects(SKOS.inScheme, subject)),
                      key=lambda t: (t.order is None, t.order if t.order is not None else 0, t.iri))
    properties = sorted((term(graph, p) for p in graph.subjects(RDFS.domain, subject)), key=lambda t: t.iri)
    return dict(term=term(graph, subject), links=links, concepts=concepts, properties=properties,
                notes=by_language(graph, subject, SKOS.editorialNote),
                alt_labels=sorted(f"{a} ({a.language})" if a.language else str(a)
                                  for a in graph.objects(subject, SKOS.altLabel)))


def _answer(graph: Graph, subject: URIRef, document, template: str, context) -> Response:
    chosen = negotiated()
    if isinstance(chosen, Response):
        return chosen
    language = reader_language()
    if (subject, None, None) not in graph:
        return Response(render_template("not_found.html", iri=str(subject), language=language),
                        status=404, mimetype="text/html", headers={"Vary": "Accept"})
    headers = {"Vary": "Accept, Accept-Language"}
    if chosen is HTML:
        html = render_template(template, iri=str(subject), language=language, formats=GRAPHS,
                               ontology=term(graph, URIRef(AGA_IRI)), **context(language))
        return Response(html, mimetype="text/html", headers=headers)
    data = document().serialize(format=RDFLIB_FORMATS[chosen.name])
    return Response(data, mimetype=chosen.media_type, headers=headers)
