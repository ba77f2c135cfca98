"""Named queries as a citable API: /api/<name>, described by /api/openapi.json.

Each `.rq` file in queries/ becomes one GET operation whose parameters are
typed, validated and bound as substitutions. Answers come as plain JSON rows
(the default, for people and scripts), CSV, or any SPARQL results format.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from flask import Blueprint, Response, abort, current_app, render_template, request
from pyoxigraph import Literal, NamedNode

from server.formats import SOLUTIONS, Format, NotAcceptable, UnknownFormat, choose
from server.named_queries import NamedQuery, ParameterError, read_queries
from server.results import SOLUTION_WRITERS

blueprint = Blueprint("api", __name__)

RECORDS = Format("records", "application/json")
# Plain JSON rows first: what `Accept: */*` and browsers get.
API_FORMATS = (RECORDS, *[f for f in SOLUTIONS if f.name != "json"],
               Format("json", "application/sparql-results+json", results=SOLUTIONS[0].results))
RESERVED = {"format"}
NUMERIC = {"integer", "decimal", "double", "float", "long", "int", "nonNegativeInteger", "positiveInteger"}


@lru_cache(maxsize=4)
def _queries_in(directory: Path) -> dict[str, NamedQuery]:
    return read_queries(directory)


def named_queries() -> dict[str, NamedQuery]:
    return _queries_in(current_app.config["KG_SETTINGS"].queries_dir)


def _plain(term):
    """A JSON value for a term: numbers and booleans as such, everything else as its text."""
    if isinstance(term, Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype in NUMERIC:
            number = float(term.value) if any(c in term.value for c in ".eE") else int(term.value)
            return number
        if datatype == "boolean":
            return term.value == "true"
    return None if term is None else term.value


def records_json(variables: list[str], rows: Iterable) -> Iterator[str]:
    yield '{"columns":' + json.dumps(variables) + ',"rows":['
    separator = ""
    for row in rows:
        yield separator + json.dumps({v: _plain(row[v]) for v in variables}, ensure_ascii=False)
        separator = ","
    yield "]}"


def _text_error(status: int, message: str) -> Response:
    return Response(json.dumps({"error": message}, ensure_ascii=False) + "\n", status=status,
                    mimetype="application/json")


@blueprint.route("/api/<name>.rq")
def query_text(name: str) -> Response:
    query = named_queries().get(name)
    if query is None:
        abort(404)
    return Response(query.text, mimetype="application/sparql-query")


@blueprint.route("/api/<name>")
def run(name: str) -> Response:
    query = named_queries().get(name)
    if query is None:
        return _text_error(404, f"no named query '{name}'; see /api/openapi.json")
    arguments = {k: v for k, v in request.args.items() if k not in RESERVED}
    try:
        bindings = query.bindings(arguments)
        if request.args.get("format") == "":  # the description enumerates the formats; '' is none of them
            raise UnknownFormat("'format' is empty: leave it out or name one of "
                                + ", ".join(f.name for f in API_FORMATS))
        chosen = choose(API_FORMATS, request.accept_mimetypes, request.args.get("format"))
    except (ParameterError, UnknownFormat) as error:
        return _text_error(400, str(error))
    except NotAcceptable as error:
        return _text_error(406, str(error))
    store = current_app.extensions["kg_store"]
    solutions = store.query(query.text, substitutions=bindings)
    variables = [v.value for v in solutions.variables]
    writer = records_json if chosen is RECORDS else SOLUTION_WRITERS[chosen.name]
    headers = {"Vary": "Accept", "Link": f'</api/openapi.json>; rel="service-desc"'}
    if chosen.name == "csv":
        headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
    return Response(writer(variables, solutions), mimetype=chosen.media_type, headers=headers)


def openapi_document(queries: dict[str, NamedQuery], server_url: str) -> dict:
    paths = {}
    for query in queries.values():
        parameters = [{
            "name": p.name, "in": "query", "required": p.default is None,
            "description": p.description, "schema": p.schema,
        } for p in query.parameters]
        parameters.append({"name": "format", "in": "query", "required": False,
                           "description": "Answer format; overrides the Accept header.",
                           "schema": {"type": "string", "enum": [f.name for f in API_FORMATS]}})
        paths[f"/api/{query.name}"] = {"get": {
            "operationId": query.name.replace("-", "_"),
            "summary": query.title["en"],
            "description": f"{query.description['en']}\n\n{query.title['es']}: {query.description['es']}",
            "parameters": parameters,
            "responses": {
                "200": {"description": "The query's answer.", "content": {
                    f.media_type: {"schema": {"type": "object"} if "json" in f.media_type else {"type": "string"}}
                    for f in API_FORMATS}},
                "400": {"description": "A parameter is missing, unknown or of the wrong type.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "406": {"description": "No acceptable format.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        }}
    return {
        "openapi": "3.0.3",
        "info": {"title": "AGA-MX named queries", "version": "1",
                 "description": "Questions researchers ask of Mexico's open-government knowledge graph, "
                                "each a SPARQL query in the project's queries/ folder."},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": {"Error": {"type": "object", "properties": {"error": {"type": "string"}},
                                             "required": ["error"]}}},
    }


@blueprint.route("/api/openapi.json")
def openapi() -> Response:
    document = openapi_document(named_queries(), request.host_url.rstrip("/"))
    return Response(json.dumps(document, ensure_ascii=False, indent=1), mimetype="application/json")


@blueprint.route("/api/")
@blueprint.route("/queries")
def listing() -> str:
    from server.resources import reader_language

    return render_template("queries.html", queries=list(named_queries().values()), language=reader_language(),
                           formats=API_FORMATS)
