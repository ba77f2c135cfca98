"""The embedded Oxigraph store on disk.

Readers query the default graph as the union of every named graph, unless a
SPARQL protocol request names its own dataset. Writes replace one source's
named graph in a single transaction, so a reader sees the old graph or the new
one, never a mix, and a failed write leaves the store as it was.
"""
from __future__ import annotations

import io
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Protocol, Union

from pyoxigraph import NamedNode, Quad, RdfFormat, Store
from rdflib import Graph


class StoreMissing(RuntimeError):
    pass


class StoreUnavailable(RuntimeError):
    """A remote store did not answer (down, slow, overloaded): the service says 503 and when to retry."""


# What a write hands the store: an rdflib graph, or N-Triples text in chunks that
# each end at a line boundary (so a loader can stream without holding a graph).
GraphData = Union[Graph, Iterable[bytes]]


def ntriples_chunks(data: GraphData) -> Iterator[bytes]:
    if isinstance(data, Graph):
        yield data.serialize(format="nt", encoding="utf-8")
    else:
        yield from data


# Oxigraph's bulk loader holds what one call loads in memory (about 0.7 KB a triple, measured):
# larger writes go in pieces of about this many bytes of N-Triples, so memory stays bounded.
BULK_PIECE_BYTES = 128 << 20


def pieces(chunks: Iterable[bytes], limit: int = BULK_PIECE_BYTES) -> Iterator[list[bytes]]:
    """The chunks in groups of about `limit` bytes, never splitting a chunk."""
    group, size = [], 0
    for chunk in chunks:
        group.append(chunk)
        size += len(chunk)
        if size >= limit:
            yield group
            group, size = [], 0
    if group:
        yield group


class ChunksReader(io.RawIOBase):
    """Chunks of bytes as one binary file, for Oxigraph to parse as it reads."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._chunk, self._at = memoryview(b""), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._at >= len(self._chunk):
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._chunk, self._at = memoryview(chunk), 0
        size = min(len(buffer), len(self._chunk) - self._at)
        buffer[:size] = self._chunk[self._at:self._at + size]
        self._at += size
        return size


# The store's version lives in the store itself, written in the same transaction
# as the data it versions, so a reader's snapshot and its version always agree.
VERSION_GRAPH = "urn:aga-mx:store-metadata"
VERSION_SUBJECT = "urn:aga-mx:store"
VERSION_PREDICATE = "http://purl.org/dc/terms/modified"


def _new_version() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "-" + uuid.uuid4().hex[:8]


def _version_update(version: str) -> str:
    return (f"DELETE WHERE {{ GRAPH <{VERSION_GRAPH}> {{ <{VERSION_SUBJECT}> <{VERSION_PREDICATE}> ?v }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{VERSION_GRAPH}> {{ <{VERSION_SUBJECT}> <{VERSION_PREDICATE}> \"{version}\" }} }}")


class KnowledgeStore(Protocol):
    """What every part of the project uses of a store; `OxigraphStore` and `kg.remote_store.RemoteStore` are it.

    `query` answers with pyoxigraph's result types whichever store is behind it.
    """

    path: Path | None  # the store directory, None for a store that is not one

    def query(self, sparql: str, *, default_graph_uris: Iterable[str] = (), named_graph_uris: Iterable[str] = (),
              substitutions=None, base_iri: str | None = None, union_default_graph: bool = True): ...

    def version(self) -> str: ...

    def quads(self) -> Iterator[Quad]: ...

    def dump(self, output, rdf_format, *, graph: str | None = None, prefixes=None) -> None: ...

    def named_graphs(self) -> list[str]: ...

    def replace_graph(self, graph_iri: str, data: GraphData) -> None: ...

    def bulk_add_graph(self, graph_iri: str, data: GraphData) -> None: ...

    def update(self, sparql_update: str, *, base_iri: str | None = None) -> None: ...

    def mark_new_version(self) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


class OxigraphStore:
    def __init__(self, store: Store, path: Path | None):
        self._store = store
        self.path = path

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> "OxigraphStore":
        if read_only:
            if not path.exists():
                raise StoreMissing(f"no store at {path}: build it first with `aga-kg build`")
            return cls(Store.read_only(str(path)), path)
        path.mkdir(parents=True, exist_ok=True)
        return cls(Store(str(path)), path)

    @classmethod
    def in_memory(cls) -> "OxigraphStore":
        return cls(Store(), None)

    # --- reading -------------------------------------------------------------
    def query(self, sparql: str, *, default_graph_uris: Iterable[str] = (),
              named_graph_uris: Iterable[str] = (), substitutions=None, base_iri: str | None = None,
              union_default_graph: bool = True):
        """Evaluate a SPARQL query; the default graph is the union unless the request names graphs.

        Pass union_default_graph=False for a query with its own FROM clause: the union would override it.
        """
        default_graph_uris, named_graph_uris = list(default_graph_uris), list(named_graph_uris)
        options = {}
        if default_graph_uris:
            options["default_graph"] = [NamedNode(g) for g in default_graph_uris]
        elif union_default_graph:
            options["use_default_graph_as_union"] = True
        if named_graph_uris:
            options["named_graphs"] = [NamedNode(g) for g in named_graph_uris]
        return self._store.query(sparql, substitutions=substitutions, base_iri=base_iri, **options)

    def version(self) -> str:
        """Changes whenever data is written: for ETags, caches and release notes."""
        for quad in self._store.quads_for_pattern(NamedNode(VERSION_SUBJECT), NamedNode(VERSION_PREDICATE),
                                                  None, NamedNode(VERSION_GRAPH)):
            return quad.object.value
        return "empty"

    def quads(self) -> Iterator[Quad]:
        return iter(self._store)

    def dump(self, output, rdf_format, *, graph: str | None = None, prefixes=None) -> None:
        """Stream the whole dataset (or one named graph) to a binary file, never whole in memory."""
        self._store.dump(output, rdf_format, from_graph=NamedNode(graph) if graph else None, prefixes=prefixes)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    # --- writing -------------------------------------------------------------
    def replace_graph(self, graph_iri: str, data: GraphData) -> None:
        """Drop and refill one named graph as one transaction (a single SPARQL update)."""
        ntriples = b"".join(ntriples_chunks(data)).decode("utf-8")
        self._store.update(f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }} ;\n"
                           + _version_update(_new_version()))

    def bulk_add_graph(self, graph_iri: str, data: GraphData) -> None:
        """Fast, non-transactional insert for a store being built that no one reads yet."""
        for group in pieces(ntriples_chunks(data)):  # a blank node label must not span chunks
            self._store.bulk_load(ChunksReader(group), format=RdfFormat.N_TRIPLES, to_graph=NamedNode(graph_iri))

    def update(self, sparql_update: str, *, base_iri: str | None = None) -> None:
        """One SPARQL 1.1 Update as one transaction; SyntaxError (with the update's own positions) when malformed.

        Not stamped with a new version: writes to a served store go through kg/writes.py, whose
        copy is stamped before readers can see it."""
        self._store.update(sparql_update, base_iri=base_iri)

    def mark_new_version(self) -> None:
        self._store.update(_version_update(_new_version()))

    def flush(self, *, optimize: bool = True) -> None:
        """Write everything to disk; `optimize` compacts too, which also rewrites files a copy shares by hard link."""
        self._store.flush()
        if optimize:
            self._store.optimize()

    def close(self) -> None:
        # pyoxigraph closes a store when its last reference goes.
        self._store = None
