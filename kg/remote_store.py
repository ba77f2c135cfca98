"""A SPARQL 1.1 store reached over HTTP (Oxigraph server, QLever, Fuseki, Virtuoso, GraphDB, Neptune).

Queries go through SPARQLWrapper (SPARQL 1.1 Protocol) and come back as the
same pyoxigraph objects the embedded store returns, so no caller can tell the
two apart. Writes never show readers an empty or half-written graph: the
triples are streamed in batches (Graph Store Protocol POSTs, retried with
backoff) into a staging graph that readers never see, and one SPARQL update
then copies the staging graph over the published one and stamps the store's
version (DELETE/INSERT WHERE only, no DROP or MOVE, which some stores lack).
A load that fails leaves the published graph as it was.

Readers never see a staging graph because their default graph is not "every
graph in the store" but the published graphs that the metadata graph lists
(sent as `default-graph-uri` / `named-graph-uri`, which every SPARQL 1.1 store
honours), written in the same update as each switch.

Blank nodes are scoped to one request by the Graph Store Protocol, so triples
with a blank node are held back and written by the switching update itself,
where their labels stay one node.
"""
from __future__ import annotations

import ast
import logging
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException
from typing import BinaryIO, Callable, Iterable, Iterator, TypeVar

from pyoxigraph import (NamedNode, Quad, QueryResultsFormat, RdfFormat, Triple, parse, parse_query_results,
                        serialize)
from SPARQLWrapper import INSERT, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg.config import Settings
from kg.store import (VERSION_GRAPH, VERSION_PREDICATE, VERSION_SUBJECT, GraphData, StoreUnavailable,
                      _new_version, _version_update, ntriples_chunks)
from kg.substitutions import bind_values

log = logging.getLogger(__name__)

PUBLISHES = "urn:aga-mx:publishes"
STAGING_PREFIX = "urn:aga-mx:staging:"
ANSWER_TYPES = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                "application/n-triples;q=0.9, text/turtle;q=0.8")
RESULT_FORMATS = {"application/sparql-results+json": QueryResultsFormat.JSON,
                  "application/sparql-results+xml": QueryResultsFormat.XML,
                  "text/tab-separated-values": QueryResultsFormat.TSV}
RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\"{}|^`\\\s]*>")
T = TypeVar("T")


def emptied(graph_iri: str) -> str:
    """DELETE WHERE rather than DROP: QLever, for one, has no graph management operations (DROP, MOVE, COPY)."""
    return f"DELETE WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"


def moved(staging: str, graph_iri: str) -> str:
    return f"INSERT {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}"


def staging_graph(graph_iri: str) -> str:
    """One staging name per graph: a load that died leaves it behind, and the next load of that graph clears it."""
    return STAGING_PREFIX + graph_iri


def is_transient(error: BaseException) -> bool:
    """Worth trying again: the store was unreachable, slow, or said it is overloaded."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code in (408, 429, 500, 502, 503, 504)
    return isinstance(error, (OSError, HTTPException, socket.timeout))


class RemoteStore:
    # Not a directory: the server pins nothing on disk for a remote store.
    path = None

    def __init__(self, query_url: str, update_url: str, graph_store_url: str, *, timeout: float = 30,
                 retries: int = 3, retry_backoff: float = 0.5, batch_triples: int = 50_000,
                 timeout_parameter: str = "", switch_timeout: float = 600):
        self.query_url, self.update_url, self.graph_store_url = query_url, update_url, graph_store_url
        self.timeout, self.retries, self.retry_backoff = timeout, retries, retry_backoff
        self.batch_triples = batch_triples
        self.timeout_parameter = timeout_parameter
        self.switch_timeout = switch_timeout
        self._published: tuple[str, ...] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "RemoteStore":
        if not settings.store_query_url:
            raise ValueError("AGA_STORE_KIND=remote needs AGA_STORE_QUERY_URL (and AGA_STORE_UPDATE_URL and "
                             "AGA_STORE_GRAPH_STORE_URL to write); see docs/remote-stores.md")
        return cls(settings.store_query_url, settings.store_update_url or settings.store_query_url,
                   settings.store_graph_store_url, timeout=settings.store_timeout, retries=settings.store_retries,
                   retry_backoff=settings.store_retry_backoff, batch_triples=settings.store_batch_triples,
                   timeout_parameter=settings.store_timeout_parameter,
                   switch_timeout=settings.store_switch_timeout)

    # --- reading -------------------------------------------------------------
    def query(self, sparql: str, *, default_graph_uris: Iterable[str] = (), named_graph_uris: Iterable[str] = (),
              substitutions=None, base_iri: str | None = None, union_default_graph: bool = True,
              timeout: float | None = None):
        """Evaluate a query remotely; the answer is a pyoxigraph QuerySolutions, QueryBoolean or triples,
        parsed as the response arrives (a caller that stops reading early never receives the rest)."""
        content_type, body = self._send_query(bind_values(sparql, substitutions), default_graph_uris,
                                             named_graph_uris, union_default_graph, base_iri, timeout)
        if content_type in RESULT_FORMATS:
            return parse_query_results(body, RESULT_FORMATS[content_type])
        try:
            rdf_format = RdfFormat.from_media_type(content_type)
        except ValueError:
            rdf_format = None
        if rdf_format is None:
            raise StoreUnavailable(f"the SPARQL store at {self.query_url} answered in {content_type!r}, "
                                   "which is neither SPARQL results nor RDF")
        return (Triple(q.subject, q.predicate, q.object) for q in parse(body, rdf_format))

    def _send_query(self, sparql: str, default_graph_uris: Iterable[str] = (), named_graph_uris: Iterable[str] = (),
                   union_default_graph: bool = True, base_iri: str | None = None,
                   timeout: float | None = None) -> tuple[str, BinaryIO]:
        """The remote's answer as (media type, unread response). Bad SPARQL raises SyntaxError, as pyoxigraph does."""
        default_graph_uris, named_graph_uris = list(default_graph_uris), list(named_graph_uris)
        if not default_graph_uris and not named_graph_uris and union_default_graph:
            default_graph_uris = named_graph_uris = list(self.published_graphs())
        timeout = timeout or self.timeout
        client = self._client(self.query_url, timeout)
        # The endpoint's URL is the base only for a query that needs one: a line put before any other
        # query would shift the line numbers of the remote's syntax errors.
        needs_base = base_iri is not None and RELATIVE_IRI.search(sparql)
        client.setQuery(f"BASE <{base_iri}>\n{sparql}" if needs_base else sparql)
        # SPARQLWrapper sends what looks like an update to the update endpoint: a query must never go there.
        client.queryType = SELECT
        client.addCustomHttpHeader("Accept", ANSWER_TYPES)
        for graph in default_graph_uris:
            client.addParameter("default-graph-uri", graph)
        for graph in named_graph_uris:
            client.addParameter("named-graph-uri", graph)
        if self.timeout_parameter:
            name, _, value = self.timeout_parameter.partition("=")
            client.addParameter(name, value.format(seconds=round(timeout), milliseconds=round(timeout * 1000)))
        try:
            response = client.query().response
            return response.headers.get_content_type(), response
        except QueryBadFormed as error:
            raise SyntaxError(_remote_message(error)) from None
        except (SPARQLWrapperException, urllib.error.URLError, OSError, HTTPException) as error:
            raise self._unavailable("a query", error) from None

    def published_graphs(self) -> tuple[str, ...]:
        if self._published is None:
            self.version()
        return self._published

    def version(self) -> str:
        """Read with the published graphs in one query, so a reader's dataset follows each switch."""
        solutions = self.query(f"""SELECT ?version ?graph WHERE {{ GRAPH <{VERSION_GRAPH}> {{
              OPTIONAL {{ <{VERSION_SUBJECT}> <{VERSION_PREDICATE}> ?version }}
              OPTIONAL {{ <{VERSION_SUBJECT}> <{PUBLISHES}> ?graph }} }} }}""",
                               default_graph_uris=[VERSION_GRAPH], named_graph_uris=[VERSION_GRAPH])
        version, graphs = "empty", {VERSION_GRAPH}
        for row in solutions:
            if row["version"] is not None:
                version = row["version"].value
            if row["graph"] is not None:
                graphs.add(row["graph"].value)
        self._published = tuple(sorted(graphs))
        return version

    def named_graphs(self) -> list[str]:
        return [g for g in self.published_graphs() if g != VERSION_GRAPH] + [VERSION_GRAPH]

    def quads(self) -> Iterator[Quad]:
        """Every published graph, one CONSTRUCT each."""
        for graph in self.named_graphs():
            yield from self._graph_quads(graph)

    def dump(self, output, rdf_format, *, graph: str | None = None, prefixes=None) -> None:
        quads = self.quads() if graph is None else self._graph_quads(graph)
        if not rdf_format.supports_datasets:
            quads = (Triple(q.subject, q.predicate, q.object) for q in quads)
        serialize(quads, output, rdf_format, prefixes=prefixes)

    def _graph_quads(self, graph: str) -> Iterator[Quad]:
        for triple in self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                 default_graph_uris=[graph], named_graph_uris=[graph]):
            yield Quad(triple.subject, triple.predicate, triple.object, NamedNode(graph))

    # --- writing -------------------------------------------------------------
    def replace_graph(self, graph_iri: str, data: GraphData) -> None:
        """Stage, then switch: readers see the old graph until one update puts the new one in its place."""
        staging = self.staging()
        staging.add(graph_iri, data)
        staging.publish()

    # A remote store is never "being built" unread: every write is staged and switched.
    bulk_add_graph = replace_graph

    def staging(self) -> "Staging":
        return Staging(self)

    def update(self, sparql_update: str, *, base_iri: str | None = None) -> None:
        """One SPARQL 1.1 Update request, stamped with a new version, sent once (a retry could apply it twice).

        The stamp follows on lines of its own, so an update ending in a comment stays valid."""
        base = f"BASE <{base_iri}>\n" if base_iri else ""
        try:
            self._send_update(base + sparql_update + "\n;\n" + _version_update(_new_version()))
        except (SPARQLWrapperException, urllib.error.URLError, OSError, HTTPException) as error:
            raise self._unavailable("an update", error) from None
        self._published = None

    def _drop(self, graph_iri: str) -> None:
        self._with_retries(f"emptying <{graph_iri}>", lambda: self._send_update(emptied(graph_iri)))

    def _send_update(self, sparql_update: str, timeout: float | None = None) -> None:
        client = self._client(self.update_url, timeout or self.timeout)
        client.setQuery(sparql_update)
        client.queryType = INSERT  # whatever it starts with, it goes to the update endpoint as `update`
        try:
            client.query().response.read()
        except QueryBadFormed as error:
            raise SyntaxError(_remote_message(error)) from None

    def mark_new_version(self) -> None:
        self._with_retries("a version stamp", lambda: self._send_update(_version_update(_new_version())))

    def post_triples(self, graph_iri: str, ntriples: bytes) -> None:
        """Graph Store Protocol POST (adds to the graph): https://www.w3.org/TR/sparql11-http-rdf-update/#http-post"""
        url = self.graph_store_url + ("&" if "?" in self.graph_store_url else "?") + urllib.parse.urlencode(
            {"graph": graph_iri})

        def send() -> None:
            request = urllib.request.Request(url, data=ntriples, method="POST",
                                             headers={"Content-Type": "application/n-triples"})
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()

        self._with_retries(f"a batch for <{graph_iri}>", send)

    def flush(self) -> None:
        """Nothing to do: each update is durable once the remote answered it."""

    def close(self) -> None:
        self._published = None

    # --- plumbing --------------------------------------------------------------
    def _client(self, url: str, timeout: float) -> SPARQLWrapper:
        client = SPARQLWrapper(url, updateEndpoint=self.update_url)
        client.setMethod(POST)
        client.setOnlyConneg(True)  # no `format`/`output` parameters: the Accept header says it
        client.setTimeout(max(1, round(timeout)))
        return client

    def _with_retries(self, what: str, action: Callable[[], T]) -> T:
        for attempt in range(self.retries + 1):
            try:
                return action()
            except (SPARQLWrapperException, urllib.error.URLError, OSError, HTTPException) as error:
                if attempt == self.retries or not (is_transient(error) or _is_server_error(error)):
                    raise self._unavailable(what, error) from None
                wait = self.retry_backoff * 2 ** attempt
                log.warning("the SPARQL store failed %s (%s); trying again in %.1f s", what, error, wait)
                time.sleep(wait)
        raise AssertionError("unreachable")

    def _unavailable(self, what: str, error: BaseException) -> StoreUnavailable:
        return StoreUnavailable(f"the SPARQL store at {self.query_url} did not answer {what}: "
                                f"{_remote_message(error)}")


def _is_server_error(error: BaseException) -> bool:
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError

    return isinstance(error, EndPointInternalError)


def _remote_message(error: BaseException) -> str:
    """The remote's own words when it gave any (SPARQLWrapper puts the body's repr after "Response:")."""
    text = str(error)
    head, marker, body = text.partition("\n\nResponse:\n")
    if marker:
        try:
            text = ast.literal_eval(body).decode("utf-8", "replace")
        except (ValueError, SyntaxError, AttributeError):
            text = body
    return text if len(text) < 500 else text[:500] + "..."


class Staging:
    """Graphs written beside the published ones, then all switched in one update."""

    def __init__(self, store: RemoteStore):
        self._store = store
        store.version()  # reads the published graphs afresh
        self._published = set(store.named_graphs())
        self._staged_as: dict[str, str] = {}  # graph -> where it is staged
        self._held_back: dict[str, list[bytes]] = {}  # triples with blank nodes, per graph

    def add(self, graph_iri: str, data: GraphData) -> None:
        """Stream the graph into its staging graph in batches; a failure empties what was staged.

        A graph not yet published is staged under its own name (readers do not see it until it is
        listed), which spares the switch a copy: Oxigraph server copies ~4k triples a second.
        """
        store = self._store
        staging = staging_graph(graph_iri) if graph_iri in self._published else graph_iri
        self._staged_as[graph_iri] = staging
        held = self._held_back.setdefault(graph_iri, [])
        try:
            store._drop(staging)
            batch: list[bytes] = []
            for line in _lines(ntriples_chunks(data)):
                if b"_:" in line:
                    held.append(line)
                    continue
                batch.append(line)
                if len(batch) >= store.batch_triples:
                    store.post_triples(staging, b"".join(batch))
                    batch = []
            if batch:
                store.post_triples(staging, b"".join(batch))
        except BaseException:
            self.discard()
            raise

    bulk_add_graph = add  # what kg/releases.py's record_release writes with

    def publish(self, *, replace_all: bool = False) -> None:
        """One update: each staged graph replaces its published graph, the metadata names it, a new version.

        `replace_all` (a whole build) also empties the published graphs that were not staged.
        """
        version = _new_version()
        parts = []
        if replace_all:
            for graph in self._store.named_graphs():
                if graph != VERSION_GRAPH and graph not in self._staged_as:
                    parts.append(emptied(graph))
            parts.append(f"DELETE WHERE {{ GRAPH <{VERSION_GRAPH}> {{ <{VERSION_SUBJECT}> <{PUBLISHES}> ?graph }} }}")
        for graph, staging in self._staged_as.items():
            if staging != graph:
                parts += [emptied(graph), moved(staging, graph)]
            held = self._held_back.get(graph)
            if held:
                parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{b''.join(held).decode('utf-8')}\n}} }}")
            parts.append(f"INSERT DATA {{ GRAPH <{VERSION_GRAPH}> {{ <{VERSION_SUBJECT}> <{PUBLISHES}> <{graph}> }} }}")
        parts.append(_version_update(version))
        update = " ;\n".join(parts)
        try:
            self._store._send_update(update, timeout=self._store.switch_timeout)
        except (SPARQLWrapperException, urllib.error.URLError, OSError, HTTPException) as error:
            # The answer may have been lost after the switch happened: the version says which.
            if not (is_transient(error) or _is_server_error(error)) or not self._switched(version):
                self.discard()
                raise self._store._unavailable("the switching update", error) from None
        self._store._published = None
        self._empty(staging for graph, staging in self._staged_as.items() if staging != graph)

    def _switched(self, version: str) -> bool:
        for attempt in range(self._store.retries + 1):
            try:
                return self._store.version() == version
            except StoreUnavailable:
                time.sleep(self._store.retry_backoff * 2 ** attempt)
        return False

    def discard(self) -> None:
        """Empties every staging graph of a load that failed."""
        self._empty(self._staged_as.values())

    def _empty(self, stagings: Iterable[str]) -> None:
        """Best effort, outside any switch: a staging graph left behind is invisible to readers, and the
        next load of its graph empties it first."""
        for staging in stagings:
            try:
                self._store._drop(staging)
            except StoreUnavailable as error:
                log.warning("could not empty the staging graph <%s>: %s", staging, error)


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """N-Triples lines, each ending with a newline, from chunks that end at line boundaries."""
    for chunk in chunks:
        for line in chunk.splitlines(keepends=True):
            if line.strip() and not line.lstrip().startswith(b"#"):
                yield line if line.endswith(b"\n") else line + b"\n"
