"""Every change to a served store, written copy-on-write so readers never meet a half-written store.

Readers in many processes hold the served store open read-only, and reading
while another process writes is undefined behaviour (pyoxigraph), so no write
touches the served directory. Under an exclusive lock a write checkpoints the
served store into a new directory under builds/ (RocksDB hard-links its
immutable files: cheap), applies the change there in one transaction, gives it
a new version and switches the store link to it. A failed write (bad SPARQL,
bad RDF, a crash) removes its copy and leaves the served store as it was.

One small function per operation (`apply_update`, `put_graph`, `post_graph`,
`delete_graph`): the server's write views call only these, so another kind of
store can take the same operations.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store, parse, serialize

from kg.config import Settings
from kg.store import OxigraphStore, StoreMissing
from kg.store_link import new_build_dir, prune_builds, switch_link, write_lock
from kg.update_text import with_dataset

# What a graph store request may send, by media type (https://www.w3.org/TR/sparql11-http-rdf-update/).
GRAPH_MEDIA_TYPES = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES,
                     "application/rdf+xml": RdfFormat.RDF_XML, "application/ld+json": RdfFormat.JSON_LD}


class BadGraphContent(ValueError):
    """The RDF sent could not be read, or is not plain triples."""


class GraphMissing(LookupError):
    pass


@dataclass
class Draft:
    """The copy being written; set `changed` to False to drop it and keep serving the store as it is."""

    store: OxigraphStore
    changed: bool = True


@contextmanager
def copy_on_write(settings: Settings) -> Iterator[Draft]:
    """A read-write copy of the served store that replaces it when the block ends without an exception."""
    link = settings.store_path
    if not link.is_symlink():
        raise StoreMissing(f"no store link at {link}: build the store first with `aga-kg build`")
    with write_lock(link, settings.write_lock_timeout):
        target = new_build_dir(link)
        target.parent.mkdir(parents=True, exist_ok=True)
        Store.read_only(str(link.resolve())).backup(str(target))
        draft = Draft(OxigraphStore.open(target))
        try:
            yield draft
            if draft.changed:
                draft.store.mark_new_version()
                draft.store.flush(optimize=False)
        except BaseException:
            draft.changed = False
            raise
        finally:
            draft.store.close()
            if not draft.changed:
                shutil.rmtree(target, ignore_errors=True)
        if not draft.changed:
            return
        switch_link(link, target)
        prune_builds(link, keep=settings.builds_kept, current=target)  # under the lock: no other copy is half-made


def apply_update(settings: Settings, update: str, *, using_graphs: Iterable[str] = (),
                 using_named_graphs: Iterable[str] = (), base_iri: str | None = None) -> None:
    """A SPARQL 1.1 Update, all of it or none; SyntaxError for bad SPARQL, DatasetConflict for two datasets."""
    update = with_dataset(update, using_graphs, using_named_graphs)
    with copy_on_write(settings) as draft:
        draft.store.update(update, base_iri=base_iri)


def _target(graph: str | None) -> str:
    """The graph as SPARQL Update names it: `GRAPH <iri>`, or DEFAULT for the default graph."""
    return f"GRAPH {NamedNode(graph)}" if graph is not None else "DEFAULT"


def _triples(data: bytes, media_type: str, base_iri: str | None) -> str:
    """The content as N-Triples (re-serialized, never the sender's text), or BadGraphContent."""
    rdf_format = GRAPH_MEDIA_TYPES[media_type]
    try:
        quads = list(parse(data, format=rdf_format, base_iri=base_iri))
    except SyntaxError as error:
        raise BadGraphContent(f"the {rdf_format.name} sent is not valid: {error}") from None
    if any(not isinstance(q.graph_name, DefaultGraph) for q in quads):
        raise BadGraphContent("a graph's content must be triples; the JSON-LD sent names graphs of its own")
    return serialize(quads, format=RdfFormat.N_TRIPLES).decode("utf-8")


def _insert(graph: str | None, triples: str) -> str:
    """Adds the triples; a named graph is created first, so that even empty content makes it exist."""
    if graph is None:
        return f"INSERT DATA {{\n{triples}\n}}"
    return f"CREATE SILENT GRAPH {NamedNode(graph)} ;\nINSERT DATA {{ GRAPH {NamedNode(graph)} {{\n{triples}\n}} }}"


def _exists(store: OxigraphStore, graph: str | None) -> bool:
    return graph is None or graph in store.named_graphs()


def put_graph(settings: Settings, graph: str | None, data: bytes, media_type: str,
              base_iri: str | None = None) -> bool:
    """Replaces the graph (None: the default graph) with the content; True when the graph is new."""
    triples = _triples(data, media_type, base_iri)
    with copy_on_write(settings) as draft:
        created = not _exists(draft.store, graph)
        draft.store.update(f"DROP SILENT {_target(graph)} ;\n" + _insert(graph, triples))
    return created


def post_graph(settings: Settings, graph: str | None, data: bytes, media_type: str,
               base_iri: str | None = None) -> bool:
    """Adds the content to the graph (None: the default graph); True when the graph is new."""
    triples = _triples(data, media_type, base_iri)
    with copy_on_write(settings) as draft:
        created = not _exists(draft.store, graph)
        draft.store.update(_insert(graph, triples))
    return created


def delete_graph(settings: Settings, graph: str | None) -> None:
    """Removes the graph (None: empties the default graph); GraphMissing when there is no such graph."""
    with copy_on_write(settings) as draft:
        if not _exists(draft.store, graph):
            raise GraphMissing(f"no graph <{graph}> in the store")
        draft.store.update(f"DROP {_target(graph)}")
