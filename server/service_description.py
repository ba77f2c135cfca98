"""What the endpoint is and what it serves, for machines: SPARQL 1.1 Service Description and VoID/DCAT.

https://www.w3.org/TR/sparql11-service-description/ is returned by GET /sparql
without a query; the VoID/DCAT description of the dataset sits at the
well-known address /.well-known/void (RFC 5785, VoID §6.2) and links to the
endpoint. Both are built from the URL the client used (behind a trusted proxy,
the public one), so they stay correct wherever the service is mounted.
"""
from __future__ import annotations

from functools import lru_cache

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple, serialize

from kg import releases
from kg.config import Settings
from kg.namespaces import AGA_IRI, PREFIXES
from server.formats import GRAPH_RESULTS, SOLUTIONS, Format
from server.graph_store import GRAPH_STORE_PATH

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
RDFS_SEE_ALSO = NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
FORMATS = "http://www.w3.org/ns/formats/"
# W3C's unique URIs for the formats the endpoint writes.
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
               "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD",
               "rdf": "RDF_XML", "trig": "TriG", "nq": "N-Quads"}
DESCRIPTION_PREFIXES = {**PREFIXES, "sd": SD, "void": VOID}
VOID_PATH = "/.well-known/void"


def limits_text(settings: Settings) -> str:
    rows = (f"At most {settings.query_row_limit} rows (SELECT) or triples (CONSTRUCT, DESCRIBE) per answer; "
            "a longer answer is cut and sent as 206 with 'AGA-Result-Cut: row-limit'"
            if settings.query_row_limit else "No row limit")
    return (f"Limits: a query may run {settings.query_time_limit:g} s; past that it is stopped and answered "
            f"503 with 'AGA-Result-Cut: time-limit'. {rows}. Both limits are announced in the headers "
            "AGA-Query-Time-Limit and AGA-Query-Row-Limit of every response.")


@lru_cache(maxsize=4)
def _graph_sizes(store, version: str) -> tuple[tuple[str, int], ...]:
    """Triples per named graph, counted once per store version (the count scans the store)."""
    del version  # part of the cache key only
    result = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
                         default_graph_uris=(), named_graph_uris=())
    return tuple((row["g"].value, int(row["n"].value)) for row in result)


class _Triples:
    def __init__(self):
        self.triples: list[Triple] = []

    def add(self, subject, predicate: str, obj) -> None:
        self.triples.append(Triple(subject, NamedNode(predicate), obj))


def _dataset(out: _Triples, dataset: NamedNode, graph_sizes) -> None:
    """The default graph (the union) and each named graph, with their sizes."""
    default_graph = BlankNode()
    out.add(dataset, SD + "defaultGraph", default_graph)
    out.add(default_graph, RDF_TYPE.value, NamedNode(SD + "Graph"))
    out.add(default_graph, RDFS_COMMENT.value, Literal("The union of all named graphs.", language="en"))
    out.add(default_graph, VOID + "triples", Literal(str(sum(n for _, n in graph_sizes)), datatype=XSD_INTEGER))
    for name, size in graph_sizes:
        named, graph = BlankNode(), BlankNode()
        out.add(dataset, SD + "namedGraph", named)
        out.add(named, RDF_TYPE.value, NamedNode(SD + "NamedGraph"))
        out.add(named, SD + "name", NamedNode(name))
        out.add(named, SD + "graph", graph)
        out.add(graph, RDF_TYPE.value, NamedNode(SD + "Graph"))
        out.add(graph, VOID + "triples", Literal(str(size), datatype=XSD_INTEGER))


def service_description(settings: Settings, store, endpoint: str, void_url: str) -> list[Triple]:
    out = _Triples()
    service, dataset = NamedNode(endpoint), NamedNode(void_url + "#dataset")
    out.add(service, RDF_TYPE.value, NamedNode(SD + "Service"))
    out.add(service, SD + "endpoint", service)
    out.add(service, SD + "supportedLanguage", NamedNode(SD + "SPARQL11Query"))
    for chosen in (*SOLUTIONS, *GRAPH_RESULTS):
        out.add(service, SD + "resultFormat", NamedNode(FORMATS + FORMAT_IRIS[chosen.name]))
    out.add(service, SD + "feature", NamedNode(SD + "UnionDefaultGraph"))
    if settings.service_allow_list:
        out.add(service, SD + "feature", NamedNode(SD + "BasicFederatedQuery"))
    out.add(service, RDFS_COMMENT.value, Literal(limits_text(settings), language="en"))
    if settings.writes_enabled:
        _writes(out, service, void_url.removesuffix(VOID_PATH) + GRAPH_STORE_PATH)
    out.add(service, SD + "defaultDataset", dataset)
    out.add(dataset, RDF_TYPE.value, NamedNode(SD + "Dataset"))
    out.add(dataset, RDFS_COMMENT.value, Literal(f"Described further at {void_url}", language="en"))
    _dataset(out, dataset, _graph_sizes(store, store.version()))
    return out.triples


def _writes(out: _Triples, service: NamedNode, graph_store: str) -> None:
    """SPARQL Update and the Graph Store Protocol, announced only when they are enabled."""
    out.add(service, SD + "supportedLanguage", NamedNode(SD + "SPARQL11Update"))
    out.add(service, DCT + "conformsTo", NamedNode("https://www.w3.org/TR/sparql11-http-rdf-update/"))
    out.add(service, RDFS_SEE_ALSO.value, NamedNode(graph_store))
    out.add(service, RDFS_COMMENT.value, Literal(
        f"SPARQL Update (POST to this endpoint) and the Graph Store Protocol ({graph_store}?graph=<iri> or "
        "?default) write only with 'Authorization: Bearer <token>'; the default graph of an update is the "
        "store's own, not the union.", language="en"))


def dataset_description(settings: Settings, store, endpoint: str, void_url: str) -> list[Triple]:
    out = _Triples()
    dataset, service = NamedNode(void_url + "#dataset"), NamedNode(endpoint)
    distribution = NamedNode(void_url + "#sparql")
    for kind in (VOID + "Dataset", DCAT + "Dataset", SD + "Dataset"):
        out.add(dataset, RDF_TYPE.value, NamedNode(kind))
    out.add(dataset, DCT + "title", Literal("AGA-MX: Mexico's Open Government Partnership action plans", language="en"))
    out.add(dataset, DCT + "title", Literal("AGA-MX: planes de acción de México en la Alianza para el Gobierno Abierto",
                                            language="es"))
    out.add(dataset, DCT + "modified", Literal(store.version()))
    out.add(dataset, VOID + "sparqlEndpoint", service)
    out.add(dataset, VOID + "uriSpace", Literal(settings.id_base))
    out.add(dataset, VOID + "vocabulary", NamedNode(AGA_IRI))
    out.add(dataset, DCAT + "distribution", distribution)
    out.add(distribution, RDF_TYPE.value, NamedNode(DCAT + "Distribution"))
    out.add(distribution, DCAT + "accessURL", service)
    out.add(distribution, DCAT + "accessService", service)
    out.add(service, RDF_TYPE.value, NamedNode(DCAT + "DataService"))
    out.add(service, RDF_TYPE.value, NamedNode(SD + "Service"))
    out.add(service, DCAT + "endpointURL", service)
    out.add(service, DCAT + "endpointDescription", service)
    out.add(service, DCAT + "servesDataset", dataset)
    out.add(service, DCT + "conformsTo", NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
    out.add(service, RDFS_COMMENT.value, Literal(limits_text(settings), language="en"))
    graph_sizes = _graph_sizes(store, store.version())
    out.add(dataset, VOID + "triples", Literal(str(sum(n for _, n in graph_sizes)), datatype=XSD_INTEGER))
    _dataset(out, dataset, graph_sizes)
    _dumps(out, settings, store, dataset, void_url.removesuffix(VOID_PATH))
    return out.triples


def _dumps(out: _Triples, settings: Settings, store, dataset: NamedNode, root: str) -> None:
    """The served release's dump files, as void:dataDump and DCAT distributions with size and checksum."""
    found = releases.stored_release(store, settings)
    manifest = releases.manifest(settings, found[0]) if found else None
    if manifest is None:
        return
    out.add(dataset, DCAT + "version", Literal(manifest["id"]))
    for entry in manifest["files"]:
        url = NamedNode(f"{root}/releases/{manifest['id']}/{entry['name']}")
        distribution, checksum = NamedNode(f"{url.value}#distribution"), BlankNode()
        out.add(dataset, VOID + "dataDump", url)
        out.add(dataset, DCAT + "distribution", distribution)
        out.add(distribution, RDF_TYPE.value, NamedNode(DCAT + "Distribution"))
        out.add(distribution, DCAT + "downloadURL", url)
        out.add(distribution, DCAT + "accessURL", url)
        out.add(distribution, DCAT + "mediaType",
                NamedNode("https://www.iana.org/assignments/media-types/" + entry["media_type"]))
        out.add(distribution, DCAT + "compressFormat",
                NamedNode("https://www.iana.org/assignments/media-types/application/gzip"))
        out.add(distribution, DCAT + "byteSize", Literal(str(entry["bytes"]), datatype=XSD_INTEGER))
        out.add(distribution, SPDX + "checksum", checksum)
        out.add(checksum, SPDX + "algorithm", NamedNode(SPDX + "checksumAlgorithm_sha256"))
        out.add(checksum, SPDX + "checksumValue", Literal(entry["sha256"]))


def serialized(triples: list[Triple], chosen: Format) -> bytes:
    rows = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples] if chosen.quads else triples
    return serialize(rows, format=chosen.rdf, prefixes=DESCRIPTION_PREFIXES)
