"""The namespaces loaders use, with each term looked up once.

rdflib's closed namespaces (DefinedNamespace) build a new URIRef on every
attribute access, about 5 µs; a row uses the same few dozen terms, so a load of
a million triples spent seconds on it. Same names, same terms, as kg.namespaces.
"""
from __future__ import annotations

from kg import namespaces


class Terms:
    def __init__(self, namespace):
        self._namespace = namespace
        self._items: dict[str, object] = {}

    def __getattr__(self, name: str):
        term = getattr(self._namespace, name)  # an unknown term still fails here, loudly
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str):
        if name not in self._items:
            self._items[name] = self._namespace[name]
        return self._items[name]


AGA, DCAT, DCTERMS, DQV, ORG, OWL, QB, RDF, RDFS, SCHEMA, SDMX_ATTRIBUTE, SKOS, XSD = (
    Terms(getattr(namespaces, name)) for name in
    ("AGA", "DCAT", "DCTERMS", "DQV", "ORG", "OWL", "QB", "RDF", "RDFS", "SCHEMA", "SDMX_ATTRIBUTE", "SKOS", "XSD"))
