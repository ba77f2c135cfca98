"""Vocabulary namespaces: the standard ones we reuse and our own, closed.

Our own terms live in a fixed namespace, independent of the deployment's base
IRI, because the vocabulary is a contract with every client, not an address.
"""
from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.aga_terms import AGA, AGA_IRI  # generated from ontology/*.ttl by `aga-kg namespaces`

SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "aga": AGA_IRI,
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

__all__ = ["AGA", "AGA_IRI", "DCAT", "DCTERMS", "ORG", "OWL", "PROV", "PREFIXES", "RDF", "RDFS", "SCHEMA", "SKOS", "XSD"]
