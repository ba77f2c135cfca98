"""Own terms of ontology/datasets.ttl, closed: a misspelt term raises AttributeError."""
from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, Namespace as _NS

from kg.namespaces import AGA_IRI

DQV = Namespace("http://www.w3.org/ns/dqv#")


class AGAD(DefinedNamespace):
    """Dataset, publisher and load-provenance terms (same aga: namespace, defined in ontology/datasets.ttl)."""

    _NS = _NS(AGA_IRI)
    _fail = True
    _extras = ["adela-rank", "adela-score", "adela-quality", "adela-downloads", "adela-resources", "adela-openness"]

    rowsRead: object
    rowsLoaded: object
    rowsRejected: object
