"""What every loader shares: the load context, its result, IRI minting and 'not stated' cells."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef

from kg.config import Settings
from kg.problems import Problem
from kg.namespaces import ORG, PREFIXES, RDF, SKOS
from kg.vocabulary import Vocabulary
from loaders.agencies import AgencyIndex

# Cells that mean "the source does not say": they produce no triple, never a value.
NOT_STATED = frozenset({"", "ND", "NR", "NA", "N/A"})


def stated(value: str | None) -> str | None:
    """The cell's text, or None where the source states nothing."""
    if value is None:
        return None
    value = value.strip()
    return None if value in NOT_STATED else value


def slugify(text: str) -> str:
    """A stable, readable IRI segment: accents folded, lower case, hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@dataclass
class LoadContext:
    settings: Settings
    vocabulary: Vocabulary
    agencies: AgencyIndex

    def entity(self, kind: str, key: str) -> URIRef:
        """The one IRI-minting rule: <base>/id/<kind>/<key>."""
        return URIRef(self.settings.id_base + kind + "/" + quote(key, safe="-._~"))

    def organization(self, name: str, result: "LoadResult", location: str) -> URIRef:
        """The organisation named `name`, typed and labelled in the result's graph.

        An alias-table entry gives the IRI and the preferred name (the source's
        spelling is kept as an alternative label); a name that matches no entry
        keeps an IRI of its own, and the miss is reported for review.
        """
        agency = self.agencies.match(name)
        graph = result.graph
        if agency is None:
            result.problem(location, "unmatched-organization",
                           f"'{name}' matches no entry of data/agencies.csv; kept as an organisation of its own",
                           "info")
            organisation = self.entity("organization", slugify(name))
            graph.add((organisation, SKOS.prefLabel, Literal(name)))
        else:
            organisation = self.entity("organization", agency.key)
            graph.add((organisation, SKOS.prefLabel, Literal(agency.name, lang="es")))
            if agency.acronym:
                graph.add((organisation, SKOS.notation, Literal(agency.acronym)))
            if name != agency.name:
                graph.add((organisation, SKOS.altLabel, Literal(name)))
        graph.add((organisation, RDF.type, ORG.Organization))
        result.note_origin(organisation, location)
        return organisation


def new_graph() -> Graph:
    graph = Graph(store="SimpleMemory")  # not context-aware: adds and reads ~2x faster than "Memory"
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


@dataclass
class LoadResult:
    """A loader's output: the triples, where each entity came from, and the warnings."""

    file: str
    graph: Graph = field(default_factory=new_graph)
    origins: dict[URIRef, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def note_origin(self, node: URIRef, location: str) -> None:
        self.origins.setdefault(node, location)

    def problem(self, location: str, rule: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.file, location, rule, message, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def web_iri(text: str) -> URIRef | None:
    """An http(s) IRI from a cell, or None: never mint an IRI from text that is not one."""
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", text):
        return URIRef(text)
    return None


def display_path(path: Path, settings: Settings) -> str:
    """The file as a user would name it: relative to the project where it is inside it."""
    try:
        return str(path.resolve().relative_to(settings.data_dir.resolve().parent))
    except ValueError:
        return str(path)


def plain(text: str, language: str | None = None) -> Literal:
    return Literal(text, lang=language) if language else Literal(text)
