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


# --- Data Cube and data-quality vocabularies used by the money, statistics and dataset loaders ---
from rdflib.namespace import QB  # noqa: E402

DQV = Namespace("http://www.w3.org/ns/dqv#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")

PREFIXES.update({
    "qb": str(QB),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
})
__all__ += ["DQV", "QB", "SDMX_ATTRIBUTE", "SDMX_CODE", "SDMX_DIMENSION", "SDMX_MEASURE"]
