"""The SPARQL 1.1 Protocol for queries at /sparql, with limits that hold and show.

https://www.w3.org/TR/sparql11-protocol/#query-operation: GET with `query`,
POST form-encoded, POST `application/sparql-query`; `default-graph-uri` and
`named-graph-uri` set the dataset. GET without a query describes the service
(SPARQL Service Description for machines, the query page for browsers).

Every answer carries `AGA-Query-Time-Limit` and `AGA-Query-Row-Limit`. A query
stopped by the time limit is a 503; an answer cut by the row limit is a 206
with `AGA-Result-Cut: row-limit` (README, "Query limits"). Updates go to
server/update.py: refused unless writes are enabled.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.config import Settings
from kg.store import StoreUnavailable
from kg.namespaces import PREFIXES
from server import STORE_UNAVAILABLE, caching, cors, update
from server.formats import GRAPH_RESULTS, HTML, SOLUTIONS, NotAcceptable, UnknownFormat, choose
from server.guard import declares_dataset, refused_services
from server.query_runner import (AllWorkersBusy, NoAcceptableFormat, QueryFailed, QueryJob, TimeLimitExceeded)
from server.service_description import (VOID_PATH, dataset_description, limits_text, serialized,
                                        service_description)

blueprint = Blueprint("sparql", __name__)
log = logging.getLogger(__name__)

QUERY_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
METHODS = "GET, POST, OPTIONS"


def _settings() -> Settings:
    return current_app.config["KG_SETTINGS"]


def _limit_headers() -> dict[str, str]:
    settings = _settings()
    return {"AGA-Query-Time-Limit": f"{settings.query_time_limit:g}",
            "AGA-Query-Row-Limit": str(settings.query_row_limit) if settings.query_row_limit else "none",
            "Vary": "Accept"}


def _pinned_store_path(version: str) -> str | None:
    """The store directory this request reads, so /sparql and the pages answer from the same build."""
    path = current_app.extensions["kg_store"].path
    return _real_directory(str(path), version) if path is not None else None


@functools.lru_cache(maxsize=64)
def _real_directory(path: str, version: str) -> str:
    """Resolved once per store version: five lstat calls a query were a fifth of a point lookup's cost."""
    return str(Path(path).resolve())


def _error(status: int, message: str, **extra: str) -> Response:
    response = Response(message + "\n", status=status, mimetype="text/plain",
                        headers={**_limit_headers(), **extra})
    response.headers["Cache-Control"] = "no-store"
    return response


class ProtocolError(Exception):
    pass


def _request_query() -> tuple[str | None, list[str], list[str]]:
    """The query and dataset of a protocol request, wherever the protocol allows them."""
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(f"A query must be sent in UTF-8, not {charset}.")
        try:
            query = request.get_data().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProtocolError(f"The query is not valid UTF-8: {error}.") from None
        params = request.args
    elif request.method == "POST":
        if request.mimetype not in QUERY_FORM_TYPES:
            raise ProtocolError("A POST must be application/x-www-form-urlencoded (with a 'query' field) "
                                f"or application/sparql-query, not {request.mimetype or 'untyped'}.")
        params = request.form
    else:
        params = request.args
    if request.method == "GET" or request.mimetype != "application/sparql-query":
        queries = params.getlist("query")
        if len(queries) > 1:
            raise ProtocolError("Exactly one 'query' parameter is allowed.")
        query = queries[0] if queries else None
    # default-graph-uri and named-graph-uri may come in the URL in every case.
    default_graphs = params.getlist("default-graph-uri") or request.args.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri") or request.args.getlist("named-graph-uri")
    return query, default_graphs, named_graphs


def _negotiated(offered, accept: MIMEAccept, format_parameter):
    try:
        return choose(offered, accept, format_parameter)
    except (NotAcceptable, UnknownFormat):
        return None


@functools.lru_cache(maxsize=256)
def _result_formats(accept: str, format_parameter: str | None):
    """The solutions format and the graph format for one Accept header and `format`: the same few
    come again and again, and negotiating them was a quarter of a point lookup's time in Flask."""
    mimetypes = parse_accept_header(accept, MIMEAccept)
    return _negotiated(SOLUTIONS, mimetypes, format_parameter), _negotiated(GRAPH_RESULTS, mimetypes, format_parameter)


def _is_graph_store_request() -> bool:
    return ("graph" in request.args or "default" in request.args) and "query" not in request.values


@blueprint.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql() -> Response:
    if request.method == "OPTIONS":
        return cors.preflight(METHODS)
    if update.is_update_request():
        return update.handle()
    if _is_graph_store_request():
        return _error(403, "The SPARQL Graph Store Protocol is not offered at /sparql; it is at "
                      + url_for("graph_store.graph_store", _external=True) + " (e.g. ?graph=<iri>).")
    try:
        query, default_graphs, named_graphs = _request_query()
    except ProtocolError as error:
        return _error(400, str(error))
    if query is None:
        if request.method == "GET":
            return _describe_service()
        return _error(400, "Missing the 'query' parameter (or an application/sparql-query body).")
    refused = refused_services(query, tuple(_settings().service_allow_list))
    if refused:
        return _error(400, "Federated queries (SERVICE) may only reach the endpoints this service allows; "
                           "refused: " + ", ".join(refused))

    format_parameter = request.values.get("format")
    solutions_format, graph_format = _result_formats(request.headers.get("Accept", ""), format_parameter)
    if format_parameter and solutions_format is None and graph_format is None:
        return _error(400, f"format {format_parameter!r} is not offered; use one of: "
                      + ", ".join(f.name for f in (*SOLUTIONS, *GRAPH_RESULTS)))
    if solutions_format is None and graph_format is None:
        return _error(406, str(NotAcceptable((*SOLUTIONS, *GRAPH_RESULTS))))

    store, settings = current_app.extensions["kg_store"], _settings()
    try:
        version = store.version()
    except StoreUnavailable as error:
        return _refusal(error)
    tag = caching.entity_tag(version, query, default_graphs, named_graphs,
                             solutions_format and solutions_format.name, graph_format and graph_format.name,
                             settings.query_row_limit)
    modified = caching.last_modified(version)
    if request.method == "GET" and caching.is_fresh(request, tag, modified):
        return caching.not_modified(tag, modified, settings.cache_max_age, _limit_headers())

    job = QueryJob(query, tuple(default_graphs), tuple(named_graphs),
                   solutions_format and solutions_format.name, graph_format and graph_format.name,
                   settings.query_row_limit, union_default_graph=not declares_dataset(query),
                   base_iri=_public_urls()[0], store_path=_pinned_store_path(version), store_version=version)
    try:
        answer = _started(current_app.extensions["kg_query_runner"].run(job))
    except (QueryFailed, NoAcceptableFormat, TimeLimitExceeded, AllWorkersBusy, StoreUnavailable) as error:
        return _refusal(error)
    return _answer_response(answer, tag, modified)


def _started(answer):
    """The answer with its first chunk already read: a limit passing before anything could be sent
    is still answered with a status that says so, not a 200 that breaks off at once."""
    body = iter(answer.body)
    first = next(body, b"")
    return dataclasses.replace(answer, body=itertools.chain((first,), body))


def _refusal(error: Exception) -> Response:
    """The status and message for a query that produced no answer."""
    if isinstance(error, NoAcceptableFormat):
        offered = GRAPH_RESULTS if error.kind == "graph" else SOLUTIONS
        return _error(406, f"this is a {error.kind} query; " + str(NotAcceptable(offered)))
    if isinstance(error, TimeLimitExceeded):
        return _error(503, str(error), **{"AGA-Result-Cut": "time-limit"})
    if isinstance(error, AllWorkersBusy):
        return _error(503, str(error) + "; try again shortly.", **{"Retry-After": "5"})
    if isinstance(error, StoreUnavailable):
        log.error("%s", error)
        return _error(503, STORE_UNAVAILABLE, **{"Retry-After": str(_settings().store_retry_after)})
    return _error(400, str(error))


def _answer_response(answer, tag: str, modified) -> Response:
    """A whole answer is a cacheable 200; one cut by the row limit is a 206 that says so."""
    settings = _settings()
    chosen = next(f for f in (*SOLUTIONS, *GRAPH_RESULTS) if f.name == answer.format_name
                  and (f in GRAPH_RESULTS) == (answer.kind == "graph"))
    response = Response(_delivered(answer.body), mimetype=chosen.media_type, headers=_limit_headers())
    if answer.cut:
        response.status_code = 206
        response.headers["AGA-Result-Cut"] = "row-limit"
        response.headers["Content-Range"] = f"rows 0-{settings.query_row_limit - 1}/*"
        response.headers["Cache-Control"] = "no-store"
    else:
        caching.set_validators(response, tag, modified, settings.cache_max_age)
    return response


def _delivered(body):
    """Streams the answer; if the time limit passes mid-stream, the connection is dropped unfinished
    (no closing chunk), so no client mistakes a cut answer for a whole one."""
    try:
        yield from body
    except (TimeLimitExceeded, QueryFailed) as error:
        log.warning("answer abandoned mid-stream: %s", error)
        raise


def _public_urls() -> tuple[str, str]:
    return url_for("sparql.sparql", _external=True), url_for("sparql.void_description", _external=True)


def _describe_service() -> Response:
    offered = (*GRAPH_RESULTS, HTML)
    try:
        chosen = choose(offered, request.accept_mimetypes, request.args.get("format"))
    except (NotAcceptable, UnknownFormat) as error:
        return _error(406, str(error))
    settings, store = _settings(), current_app.extensions["kg_store"]
    endpoint, void_url = _public_urls()
    headers = _limit_headers()
    if chosen is HTML:
        # YASGUI adds one <style> element of its own: inline styles are allowed on this page, scripts are not.
        headers["Content-Security-Policy"] = ("default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                              "img-src 'self' data:; frame-ancestors 'none'")
        return Response(render_template("sparql.html", page=_page_config(endpoint, void_url)),
                        mimetype=HTML.media_type, headers=headers)
    return _description_response(service_description(settings, store, endpoint, void_url), chosen, headers)


def _description_response(triples, chosen, headers) -> Response:
    store, settings = current_app.extensions["kg_store"], _settings()
    version = store.version()
    tag, modified = caching.entity_tag(version, request.url_root, chosen.name), caching.last_modified(version)
    if caching.is_fresh(request, tag, modified):
        return caching.not_modified(tag, modified, settings.cache_max_age, headers)
    response = Response(serialized(triples, chosen), mimetype=chosen.media_type, headers=headers)
    return caching.set_validators(response, tag, modified, settings.cache_max_age)


@blueprint.route(VOID_PATH, methods=["GET", "OPTIONS"])
def void_description() -> Response:
    if request.method == "OPTIONS":
        return cors.preflight("GET, OPTIONS")
    try:
        chosen = choose(GRAPH_RESULTS, request.accept_mimetypes, request.args.get("format"))
    except (NotAcceptable, UnknownFormat) as error:
        return _error(406, str(error))
    endpoint, void_url = _public_urls()
    triples = dataset_description(_settings(), current_app.extensions["kg_store"], endpoint, void_url)
    return _description_response(triples, chosen, {"Vary": "Accept"})


STARTER_QUERY = "SELECT ?class (COUNT(?thing) AS ?things) WHERE {\n  ?thing a ?class .\n}\nGROUP BY ?class\nORDER BY DESC(?things)\n"


def _page_config(endpoint: str, void_url: str) -> dict:
    """What the query page needs: the endpoint, the graph's prefixes, the example queries, the limits."""
    prefixes = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    return {"endpoint": endpoint, "void": void_url, "prefixes": PREFIXES, "examples": _examples(),
            "initial_query": prefixes + "\n" + STARTER_QUERY, "limits": limits_text(_settings())}


def _examples() -> list[dict[str, str]]:
    examples = []
    for path in sorted(_settings().queries_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line[1:].partition(":")
            header.setdefault(key.strip(), value.strip())
        examples.append({"name": path.stem, "title": header.get("title@en", path.stem),
                         "title_es": header.get("title@es", ""), "query": text})
    return examples


@blueprint.after_request
def cross_origin(response: Response) -> Response:
    return cors.allow_cross_origin(response)
