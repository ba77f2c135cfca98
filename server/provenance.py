"""Where a statement comes from: the source (named graph) that holds it, its title and licence,
and the load that wrote it.

Sources are the entries of `data/manifest.toml`; the vocabulary has its own graph.
Each load describes itself with PROV in the graph it wrote (kg/provenance.py):
`load_of` reads that record back for the page.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.config import Settings


@dataclass(frozen=True)
class Source:
    graph: str
    name: str
    title: str
    licence: str | None  # None: no licence stated by the source


def sources(settings: Settings) -> dict[str, Source]:
    """Every known source by its named graph IRI."""
    return _read(settings.data_dir / "manifest.toml", settings.graph_base)


@lru_cache(maxsize=4)
def _read(manifest: Path, graph_base: str) -> dict[str, Source]:
    with manifest.open("rb") as handle:
        entries = tomllib.load(handle).get("source", [])
    known = {graph_base + "ontology": Source(graph_base + "ontology", "ontology",
                                             "AGA-MX vocabulary and IRM scales (ontology/)", None)}
    for entry in entries:
        graph = graph_base + entry["name"]
        known[graph] = Source(graph, entry["name"], entry.get("title", entry["name"]), entry.get("licence"))
    return known


@dataclass(frozen=True)
class Load:
    file: str  # the file or URL the load read
    ended: str  # xsd:dateTime
    rows_loaded: int | None
    loader: str
    loader_version: str


LOAD_QUERY = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?graph ?file ?ended ?rows ?loader ?version WHERE {
  GRAPH ?graph {
    ?graph prov:wasGeneratedBy ?load .
    ?load prov:endedAtTime ?ended ; prov:used ?source ; prov:wasAssociatedWith ?agent .
    ?source dct:identifier ?file .
    ?agent rdfs:label ?loader ; schema:softwareVersion ?version .
    OPTIONAL { ?load <https://w3id.org/aga-mx/def/rowsLoaded> ?rows }
  }
} LIMIT 1"""


def load_of(store, graph: str) -> Load | None:
    """The load that wrote `graph`, as it recorded itself; None for a graph no load describes."""
    from pyoxigraph import NamedNode, Variable

    for row in store.query(LOAD_QUERY, substitutions={Variable("graph"): NamedNode(graph)}):
        return Load(row["file"].value, row["ended"].value, int(row["rows"].value) if row["rows"] else None,
                    row["loader"].value, row["version"].value)
    return None


def source_of(settings: Settings, graph: str) -> Source:
    return sources(settings).get(graph) or Source(graph, graph.rsplit("/", 1)[-1], graph, None)
