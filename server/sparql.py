"""The SPARQL 1.1 Protocol for queries, read-only, at /sparql.

https://www.w3.org/TR/sparql11-protocol/#query-operation: GET with `query`,
POST form-encoded, POST `application/sparql-query`; `default-graph-uri` and
`named-graph-uri` set the dataset. Updates are refused: this endpoint is public.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from pyoxigraph import QueryBoolean, QuerySolutions, serialize

from kg.namespaces import PREFIXES
from server.formats import GRAPHS, HTML, SOLUTIONS, NotAcceptable, UnknownFormat, choose
from server.guard import uses_service
from server.results import SOLUTION_WRITERS, boolean_body

blueprint = Blueprint("sparql", __name__)

UPDATE_TYPES = ("application/sparql-update",)


def _error(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def _request_query() -> tuple[str | None, list[str], list[str]]:
    """The query and dataset of a protocol request, wherever the protocol allows them."""
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        query = request.get_data(as_text=True)
        params = request.args
    elif request.method == "POST":
        params = request.form
        query = params.get("query")
    else:
        params = request.args
        query = params.get("query")
    # default-graph-uri and named-graph-uri may come in the URL in every case.
    default_graphs = params.getlist("default-graph-uri") or request.args.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri") or request.args.getlist("named-graph-uri")
    return query, default_graphs, named_graphs


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    if request.mimetype in UPDATE_TYPES or "update" in request.form:
        return _error(403, "This endpoint is read-only: SPARQL Update is not accepted.")
    query, default_graphs, named_graphs = _request_query()
    if query is None:
        if request.method == "GET":
            return Response(render_template("sparql.html"), mimetype="text/html")
        return _error(400, "Missing the 'query' parameter (or an application/sparql-query body).")
    if uses_service(query):
        return _error(400, "Federated queries (SERVICE) are disabled on this endpoint.")

    store = current_app.extensions["kg_store"]
    try:
        result = store.query(query, default_graph_uris=default_graphs, named_graph_uris=named_graphs)
    except SyntaxError as error:
        return _error(400, f"Query syntax error: {error}")
    except (OSError, ValueError, TypeError) as error:
        return _error(400, f"Query could not be evaluated: {error}")

    format_parameter = request.values.get("format")
    offered = GRAPHS if not isinstance(result, (QuerySolutions, QueryBoolean)) else SOLUTIONS
    try:
        chosen = choose(offered, request.accept_mimetypes, format_parameter)
    except NotAcceptable as error:
        return _error(406, str(error))
    except UnknownFormat as error:
        return _error(400, str(error))

    headers = {"Vary": "Accept"}
    if isinstance(result, QueryBoolean):
        return Response(boolean_body(chosen.name, bool(result)), mimetype=chosen.media_type, headers=headers)
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        body = SOLUTION_WRITERS[chosen.name](variables, result)
        return Response(body, mimetype=chosen.media_type, headers=headers)
    data = serialize(result, format=chosen.rdf, prefixes=PREFIXES)
    return Response(data, mimetype=chosen.media_type, headers=headers)
