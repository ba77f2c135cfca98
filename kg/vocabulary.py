"""The ontology files, loaded once, and the lookups loaders need from them."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.namespaces import PREFIXES


def load_turtle_dir(directory: Path) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    for path in sorted(directory.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


class Vocabulary:
    """The ontology and its concept schemes, with label-to-concept lookup for loaders."""

    def __init__(self, ontology: Graph):
        self.graph = ontology
        self._by_label: dict[tuple[URIRef, str], URIRef] = {}
        for concept, scheme in ontology.subject_objects(SKOS.inScheme):
            for predicate in (SKOS.prefLabel, SKOS.altLabel):
                for label in ontology.objects(concept, predicate):
                    self._by_label[(scheme, str(label).casefold())] = concept

    def concept(self, scheme: URIRef, label: str) -> URIRef | None:
        """The concept of `scheme` whose Spanish or English label (any case) is `label`."""
        return self._by_label.get((scheme, label.strip().casefold()))

    def labels(self, scheme: URIRef, language: str = "en") -> list[str]:
        """The scheme's preferred labels in one language, for error messages."""
        return sorted(
            str(label)
            for concept in self.graph.subjects(SKOS.inScheme, scheme)
            for label in self.graph.objects(concept, SKOS.prefLabel)
            if label.language == language
        )


@lru_cache(maxsize=4)
def vocabulary_from(directory: Path) -> Vocabulary:
    return Vocabulary(load_turtle_dir(directory))
