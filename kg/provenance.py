"""What each load records about itself, in the source's own named graph (PROV-O).

Kept in the same graph as the data it describes, so replacing a source's graph
replaces its provenance in the same transaction: the record can never describe
data that is not there. Shape of the record, for graph G:

    G            a prov:Entity ; prov:wasGeneratedBy G#load ; prov:wasDerivedFrom G#source .
    G#load       a prov:Activity ; prov:used G#source ; prov:wasAssociatedWith G#loader ;
                 prov:startedAtTime, prov:endedAtTime ; aga:rowsRead, aga:rowsLoaded, aga:rowsRejected .
    G#source     a prov:Entity ; dct:identifier "<path or URL>" ; spdx:checksum [ sha256 ] .
    G#loader     a prov:SoftwareAgent ; rdfs:label "<loader name>" ; schema:softwareVersion "<version>" .
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef

from kg.namespaces import AGA, DCTERMS, PROV, RDF, RDFS, SCHEMA, XSD
from loaders.base import web_iri

SPDX = Namespace("http://spdx.org/rdf/terms#")
ROWS_READ, ROWS_LOADED, ROWS_REJECTED = AGA.rowsRead, AGA.rowsLoaded, AGA.rowsRejected


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class LoadRecord:
    graph_iri: str
    source: str  # the file as the user named it, or the URL fetched
    checksum: str
    loader: str
    loader_version: str
    started: datetime
    ended: datetime
    rows_read: int
    rows_loaded: int
    rows_rejected: int

    def triples(self) -> Graph:
        graph = Graph()
        g = URIRef(self.graph_iri)
        load, source, loader = (URIRef(f"{self.graph_iri}#{part}") for part in ("load", "source", "loader"))
        checksum = BNode()
        graph.add((g, RDF.type, PROV.Entity))
        graph.add((g, PROV.wasGeneratedBy, load))
        graph.add((g, PROV.wasDerivedFrom, source))
        graph.add((load, RDF.type, PROV.Activity))
        graph.add((load, PROV.used, source))
        graph.add((load, PROV.wasAssociatedWith, loader))
        graph.add((load, PROV.startedAtTime, Literal(self.started, datatype=XSD.dateTime)))
        graph.add((load, PROV.endedAtTime, Literal(self.ended, datatype=XSD.dateTime)))
        for predicate, count in ((ROWS_READ, self.rows_read), (ROWS_LOADED, self.rows_loaded),
                                 (ROWS_REJECTED, self.rows_rejected)):
            graph.add((load, predicate, Literal(count, datatype=XSD.integer)))
        graph.add((source, RDF.type, PROV.Entity))
        graph.add((source, DCTERMS.identifier, Literal(self.source)))
        if (url := web_iri(self.source)) is not None:
            graph.add((source, RDFS.seeAlso, url))
        graph.add((source, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(self.checksum, datatype=XSD.hexBinary)))
        graph.add((loader, RDF.type, PROV.SoftwareAgent))
        graph.add((loader, RDFS.label, Literal(self.loader)))
        graph.add((loader, SCHEMA.softwareVersion, Literal(self.loader_version)))
        return graph


def last_load_query(graph_iri: str) -> str:
    """The checksum and loader version of the load that wrote a graph (IRIs are ours, never user text)."""
    return f"""PREFIX prov: <{PROV}> PREFIX spdx: <{SPDX}> PREFIX schema: <{SCHEMA}> PREFIX rdfs: <{RDFS}>
SELECT ?checksum ?loader ?version WHERE {{ GRAPH <{graph_iri}> {{
  <{graph_iri}> prov:wasGeneratedBy ?load .
  ?load prov:used/spdx:checksum/spdx:checksumValue ?checksum ;
        prov:wasAssociatedWith ?agent . ?agent rdfs:label ?loader ; schema:softwareVersion ?version . }} }}"""
