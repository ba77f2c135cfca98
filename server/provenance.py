"""Where a statement comes from: the source (named graph) that holds it, its title and licence.

Sources are the entries of `data/manifest.toml`; the vocabulary has its own graph.
Kept in one function so PROV descriptions of each load can replace the manifest later.
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


def source_of(settings: Settings, graph: str) -> Source:
    return sources(settings).get(graph) or Source(graph, graph.rsplit("/", 1)[-1], graph, None)
