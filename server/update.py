"""SPARQL 1.1 Update at /sparql (https://www.w3.org/TR/sparql11-protocol/#update-operation), when enabled.

POST form-encoded with one `update`, or POST `application/sparql-update` with
the update as the body; `using-graph-uri` / `using-named-graph-uri` set the
dataset of its DELETE/INSERT ... WHERE operations. Off unless enabled, and then
only with the bearer token (server/write_access.py). Every update is applied
whole or not at all, in a new copy of the store (kg/writes.py); 204 when done.

An update may not make the server fetch anything: `LOAD` is refused, and
`SERVICE` only reaches the allow-listed endpoints, as in queries. Updates are
not time-limited: only holders of the token send them.
"""
from __future__ import annotations

from flask import Response, current_app, request, url_for

from kg.config import Settings
from kg.store import StoreMissing
from kg.update_text import DatasetConflict, top_level_keywords
from kg.writes import apply_update
from server.guard import refused_services
from server.write_access import plain, refusal, unavailable

UPDATE_TYPE = "application/sparql-update"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ProtocolError(Exception):
    pass


def is_update_request() -> bool:
    return (request.mimetype == UPDATE_TYPE or "update" in request.args
            or (request.method == "POST" and request.mimetype in FORM_TYPES and "update" in request.form))


def _request_update() -> tuple[str, list[str], list[str]]:
    """The update and its dataset, wherever the protocol puts them; ProtocolError otherwise."""
    if request.method != "POST":
        raise ProtocolError("An update must be sent with POST (a form with 'update', or application/sparql-update).")
    if request.mimetype == UPDATE_TYPE:
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(f"An update must be sent in UTF-8, not {charset}.")
        try:
            update = request.get_data().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProtocolError(f"The update is not valid UTF-8: {error}.") from None
        params = request.args
    else:
        if request.mimetype not in FORM_TYPES:
            raise ProtocolError("An update must be POSTed as application/x-www-form-urlencoded (with an 'update' "
                                f"field) or as application/sparql-update, not {request.mimetype or 'untyped'}.")
        updates = request.form.getlist("update")
        if len(updates) != 1:
            raise ProtocolError("Exactly one 'update' parameter is allowed.")
        update, params = updates[0], request.form
    using = params.getlist("using-graph-uri") or request.args.getlist("using-graph-uri")
    using_named = params.getlist("using-named-graph-uri") or request.args.getlist("using-named-graph-uri")
    return update, using, using_named


def _fetches(update: str, settings: Settings) -> str | None:
    """Why the update would make the server fetch something it must not, or None."""
    if "LOAD" in top_level_keywords(update):
        return ("LOAD is refused: this service fetches nothing on a user's behalf. Send the data itself with the "
                "Graph Store Protocol (PUT or POST /graph-store?graph=<iri>) or INSERT DATA.")
    refused = refused_services(update, tuple(settings.service_allow_list))
    if refused:
        return ("Federated updates (SERVICE) may only reach the endpoints this service allows; refused: "
                + ", ".join(refused))
    return None


def handle() -> Response:
    settings: Settings = current_app.config["KG_SETTINGS"]
    refused = refusal(settings, "SPARQL Update")
    if refused is not None:
        return refused
    try:
        update, using, using_named = _request_update()
    except ProtocolError as error:
        return plain(400, str(error))
    reason = _fetches(update, settings)
    if reason:
        return plain(400, reason)
    try:
        apply_update(settings, update, using_graphs=using, using_named_graphs=using_named,
                     base_iri=url_for("sparql.sparql", _external=True))
    except SyntaxError as error:
        return plain(400, f"Update syntax error: {error}")
    except DatasetConflict as error:
        return plain(400, f"Conflicting datasets: {error}.")
    except (OSError, StoreMissing) as error:  # another write holds the store, no store link, a full disk
        return unavailable(error)
    except (ValueError, RuntimeError) as error:  # a bad using-graph-uri, a graph that exists or does not
        return plain(400, f"The update could not be applied, nothing was changed: {error}")
    return Response(status=204, headers={"Cache-Control": "no-store"})
