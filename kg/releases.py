"""Each build is a citable release: recorded in the graph, dumped to files, compared with the one before.

A release is identified by its build's id (the UTC timestamp of var/builds/<id>).
`record_release` writes, into the graph `<base>/graph/release`, a dcat:Resource
and prov:Entity for it, derived from each source file that went in (the load
records of kg/provenance.py carry their sha256). `publish_release` then writes,
beside the store, `<releases_dir>/<id>/`: gzipped N-Quads and TriG of the whole
graph, gzipped Turtle per named graph (all streamed by Oxigraph into gzip, never
held whole in memory), an entity index, the change log against the previous
release, and `manifest.json` listing every file with its size and sha256. Only
files a manifest lists are ever served.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, RdfFormat
from rdflib import Graph, Literal, URIRef

from kg.config import Settings
from kg.namespaces import DCAT, DCTERMS, PREFIXES, PROV, RDF, XSD
from kg.provenance import sha256_of
from kg.store import OxigraphStore
from kg.store_link import made_order

RELEASE_GRAPH = "release"
MANIFEST = "manifest.json"
ENTITIES = "entities.json"
CHANGES = "changes.json"
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's closed DCAT namespace predates it
DCAT_PREVIOUS = URIRef(str(DCAT) + "previousVersion")
UNTYPED = "http://www.w3.org/2000/01/rdf-schema#Resource"


def release_iri(settings: Settings, release_id: str) -> str:
    return settings.base_iri.rstrip("/") + "/releases/" + release_id


def record_release(store: OxigraphStore, settings: Settings, release_id: str, issued: datetime,
                   source_graphs: list[str]) -> None:
    """The release and the source files it was derived from, in the store being built."""
    graph = Graph()
    release = URIRef(release_iri(settings, release_id))
    # dcat:Resource, not dcat:Dataset: queries that count the catalogue's datasets must not count releases.
    graph.add((release, RDF.type, DCAT.Resource))
    graph.add((release, RDF.type, PROV.Entity))
    graph.add((release, DCTERMS.identifier, Literal(release_id)))
    graph.add((release, DCAT_VERSION, Literal(release_id)))
    graph.add((release, DCTERMS.issued, Literal(issued, datatype=XSD.dateTime)))
    graph.add((release, PROV.generatedAtTime, Literal(issued, datatype=XSD.dateTime)))
    previous = previous_release(settings, release_id)
    if previous:
        graph.add((release, DCAT_PREVIOUS, URIRef(release_iri(settings, previous))))
        graph.add((release, PROV.wasRevisionOf, URIRef(release_iri(settings, previous))))
    for source_graph in source_graphs:
        graph.add((release, DCTERMS.hasPart, URIRef(source_graph)))
        graph.add((release, PROV.wasDerivedFrom, URIRef(source_graph + "#source")))
    store.bulk_add_graph(settings.graph_iri(RELEASE_GRAPH), graph)


RELEASE_QUERY = f"""SELECT ?id ?issued WHERE {{ GRAPH ?g {{
  ?release a <{DCAT}Resource> ; <{DCAT}version> ?id ; <{DCTERMS}issued> ?issued . }} }}"""


def stored_release(store: OxigraphStore, settings: Settings) -> tuple[str, str] | None:
    """The (id, issued) of the release a store holds; None for a store built before releases."""
    for row in store.query(RELEASE_QUERY, union_default_graph=False,
                           named_graph_uris=[settings.graph_iri(RELEASE_GRAPH)]):
        return row["id"].value, row["issued"].value
    return None


def release_ids(settings: Settings) -> list[str]:
    """Published releases, oldest first (a release is published once its manifest is written)."""
    directory = settings.releases_dir
    if not directory.is_dir():
        return []
    return sorted((p.name for p in directory.iterdir() if (p / MANIFEST).is_file()), key=made_order)


def previous_release(settings: Settings, release_id: str) -> str | None:
    earlier = [r for r in release_ids(settings) if r < release_id]
    return earlier[-1] if earlier else None


def manifest(settings: Settings, release_id: str) -> dict | None:
    """A published release's manifest; None for any name that is not one (so never a path outside)."""
    if release_id not in release_ids(settings):
        return None
    return json.loads((settings.releases_dir / release_id / MANIFEST).read_text(encoding="utf-8"))


def changes(settings: Settings, release_id: str) -> dict | None:
    if release_id not in release_ids(settings):
        return None
    return json.loads((settings.releases_dir / release_id / CHANGES).read_text(encoding="utf-8"))


def publish_release(store: OxigraphStore, settings: Settings, release_id: str, issued: datetime) -> Path:
    """Dumps, entity index, change log and manifest of a built store; then prune old releases."""
    directory = settings.releases_dir / release_id
    partial = directory.with_name(release_id + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    files = [_dump(store, partial, f"aga-mx-{release_id}.nq.gz", RdfFormat.N_QUADS, "application/n-quads"),
             _dump(store, partial, f"aga-mx-{release_id}.trig.gz", RdfFormat.TRIG, "application/trig")]
    for graph in store.named_graphs():
        name = f"graph-{_file_safe(graph)}.ttl.gz"
        files.append(_dump(store, partial, name, RdfFormat.TURTLE, "text/turtle", graph))
    entities = entity_index(store, settings)
    (partial / ENTITIES).write_text(json.dumps(entities, sort_keys=True), encoding="utf-8")
    previous = previous_release(settings, release_id)
    old = (json.loads((settings.releases_dir / previous / ENTITIES).read_text(encoding="utf-8"))
           if previous else {})
    log = {"release": release_id, "previous": previous, "types": change_log(old, entities)}
    (partial / CHANGES).write_text(json.dumps(log, sort_keys=True, indent=1), encoding="utf-8")
    (partial / MANIFEST).write_text(json.dumps({
        "id": release_id, "issued": issued.isoformat(), "previous": previous, "files": files,
    }, indent=1), encoding="utf-8")
    partial.rename(directory)
    _prune(settings)
    return directory


def _file_safe(graph: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in graph.rsplit("/", 1)[-1].rsplit(":", 1)[-1])


def _dump(store: OxigraphStore, directory: Path, name: str, rdf_format, media_type: str,
          graph: str | None = None) -> dict:
    path = directory / name
    # mtime=0: the same quads give the same bytes, hence the same checksum.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as out:
        store.dump(out, rdf_format, graph=graph, prefixes=PREFIXES if rdf_format != RdfFormat.N_QUADS else None)
    entry = {"name": name, "media_type": media_type, "encoding": "gzip", "bytes": path.stat().st_size,
             "sha256": sha256_of(path)}
    if graph:
        entry["graph"] = graph
    return entry


def entity_index(store: OxigraphStore, settings: Settings) -> dict[str, dict]:
    """Each entity's types and a digest of its statements, in one pass over the quads.

    The digest is the XOR of each statement's hash (order does not matter);
    blank nodes count as one placeholder, their labels differ between builds.
    """
    digests: dict[str, int] = {}
    types: dict[str, set[str]] = {}
    rdf_type = str(RDF.type)
    for quad in store.quads():
        subject = quad.subject
        if not isinstance(subject, NamedNode) or not subject.value.startswith(settings.id_base):
            continue
        obj = "_:b" if isinstance(quad.object, BlankNode) else str(quad.object)
        line = f"{quad.predicate} {obj} {quad.graph_name}".encode("utf-8")
        digests[subject.value] = digests.get(subject.value, 0) ^ int.from_bytes(hashlib.sha256(line).digest()[:16])
        if quad.predicate.value == rdf_type:
            types.setdefault(subject.value, set()).add(quad.object.value)
    return {iri: {"types": sorted(types.get(iri, ())) or [UNTYPED], "digest": f"{digest:032x}"}
            for iri, digest in digests.items()}


def change_log(old: dict[str, dict], new: dict[str, dict]) -> dict[str, dict[str, list[str]]]:
    """Entities added, removed and changed, per rdf:type (an entity with two types is under both)."""
    log: dict[str, dict[str, list[str]]] = {}

    def note(iri: str, kinds: list[str], what: str) -> None:
        for kind in kinds:
            log.setdefault(kind, {"added": [], "removed": [], "changed": []})[what].append(iri)

    for iri in sorted(new.keys() - old.keys()):
        note(iri, new[iri]["types"], "added")
    for iri in sorted(old.keys() - new.keys()):
        note(iri, old[iri]["types"], "removed")
    for iri in sorted(new.keys() & old.keys()):
        if new[iri]["digest"] != old[iri]["digest"]:
            note(iri, sorted(set(new[iri]["types"]) | set(old[iri]["types"])), "changed")
    return log


def _prune(settings: Settings) -> None:
    for old in release_ids(settings)[:-max(1, settings.releases_kept)]:
        shutil.rmtree(settings.releases_dir / old, ignore_errors=True)
