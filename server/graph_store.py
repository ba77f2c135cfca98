"""The SPARQL 1.1 Graph Store HTTP Protocol at /graph-store (https://www.w3.org/TR/sparql11-http-rdf-update/).

Indirect graph identification: `?graph=<iri>` names a graph, `?default` the
store's default graph (the graph that holds what is stated outside any named
graph; queries see the union of all graphs as theirs). GET and HEAD read a
graph as Turtle, N-Triples, JSON-LD or RDF/XML, for anyone, like a query.
PUT (replace), POST (add) and DELETE are writes: off unless enabled, and then
only with the bearer token (server/write_access.py); each is applied in a new
copy of the store (kg/writes.py). Status codes as the protocol says: 201 when a
write created the graph, 204 otherwise, 404 for a missing graph, 400 for RDF
that does not parse, 415 for a media type not listed in GRAPH_MEDIA_TYPES.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request, url_for
from pyoxigraph import NamedNode, Variable, serialize

from kg.config import Settings
from kg.namespaces import PREFIXES
from kg.store import StoreMissing
from kg.writes import GRAPH_MEDIA_TYPES, BadGraphContent, GraphMissing, delete_graph, post_graph, put_graph
from server import caching, cors
from server.formats import GRAPHS, NotAcceptable, UnknownFormat, choose
from server.write_access import plain, refusal, unavailable

blueprint = Blueprint("graph_store", __name__)
GRAPH_STORE_PATH = "/graph-store"
METHODS = "GET, HEAD, PUT, POST, DELETE, OPTIONS"
WRITING = "Writing with the Graph Store Protocol"


class NoGraphNamed(ValueError):
    pass


def _settings() -> Settings:
    return current_app.config["KG_SETTINGS"]


def _requested_graph() -> str | None:
    """The graph IRI of `?graph=`, or None for `?default`; NoGraphNamed unless exactly one is given."""
    graphs = request.args.getlist("graph")
    if ("default" in request.args) == bool(graphs) or len(graphs) > 1:
        raise NoGraphNamed("Name exactly one graph: ?graph=<absolute IRI> or ?default.")
    if not graphs:
        return None
    try:
        NamedNode(graphs[0])
    except ValueError as error:
        raise NoGraphNamed(f"?graph= must be an absolute IRI: {error}.") from None
    return graphs[0]


@blueprint.route(GRAPH_STORE_PATH, methods=["GET", "PUT", "POST", "DELETE", "OPTIONS"])
def graph_store() -> Response:
    if request.method == "OPTIONS":
        return cors.preflight(METHODS)
    if request.method in ("GET", "HEAD"):
        try:
            return _read(_requested_graph())
        except NoGraphNamed as error:
            return plain(400, str(error))
    refused = refusal(_settings(), WRITING)
    if refused is not None:
        return refused
    try:
        return _write(_requested_graph())
    except NoGraphNamed as error:
        return plain(400, str(error))


def _read(graph: str | None) -> Response:
    try:
        chosen = choose(GRAPHS, request.accept_mimetypes, request.args.get("format"))
    except (NotAcceptable, UnknownFormat) as error:
        return plain(406, str(error))
    store = current_app.extensions["kg_store"]
    if graph is not None and graph not in store.named_graphs():
        return plain(404, f"No graph <{graph}> in the store.")
    version, settings = store.version(), _settings()
    tag, modified = caching.entity_tag(version, "graph-store", graph, chosen.name), caching.last_modified(version)
    if caching.is_fresh(request, tag, modified):
        return caching.not_modified(tag, modified, settings.cache_max_age, {"Vary": "Accept"})
    if graph is None:
        triples = store.query("CONSTRUCT WHERE { ?s ?p ?o }", union_default_graph=False)
    else:
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                              substitutions={Variable("g"): NamedNode(graph)}, union_default_graph=False)
    body = serialize(triples, format=chosen.rdf, prefixes=PREFIXES)
    response = Response(body, mimetype=chosen.media_type, headers={"Vary": "Accept"})
    return caching.set_validators(response, tag, modified, settings.cache_max_age)


def _write(graph: str | None) -> Response:
    settings = _settings()
    if request.method in ("PUT", "POST") and request.mimetype not in GRAPH_MEDIA_TYPES:
        return plain(415, f"Send the graph as one of {', '.join(GRAPH_MEDIA_TYPES)}, "
                          f"not {request.mimetype or 'untyped content'}.")
    base_iri = graph or request.base_url
    try:
        if request.method == "DELETE":
            delete_graph(settings, graph)
            created = False
        else:
            write = put_graph if request.method == "PUT" else post_graph
            created = write(settings, graph, request.get_data(), request.mimetype, base_iri)
    except GraphMissing as error:
        return plain(404, f"{error}; nothing was changed.")
    except BadGraphContent as error:
        return plain(400, f"{error}; nothing was changed.")
    except (OSError, StoreMissing) as error:  # another write holds the store, no store link, a full disk
        return unavailable(error)
    if created:
        location = url_for("graph_store.graph_store", graph=graph, _external=True)
        return Response(status=201, headers={"Location": location, "Cache-Control": "no-store"})
    return Response(status=204, headers={"Cache-Control": "no-store"})


@blueprint.after_request
def cross_origin(response: Response) -> Response:
    return cors.allow_cross_origin(response)
