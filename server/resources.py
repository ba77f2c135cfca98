"""Dereferenceable IRIs: /id/... for things (the vocabulary's /def/... is server/vocabulary.py).

One URL per resource answers both people and machines: 200 with `Vary: Accept`,
HTML for browsers and Turtle, N-Triples, JSON-LD or RDF/XML by `Accept` or by a
`format` parameter. The IRI is made from the configured base, never from the
request's host, so the server answers for its IRIs wherever it runs.
"""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template, request
from pyoxigraph import NamedNode, serialize

from kg.namespaces import AGA_IRI, PREFIXES
from server import describe
from server.formats import GRAPHS, HTML, Format, NotAcceptable, UnknownFormat, choose
from server.labels import LANGUAGES, pick

blueprint = Blueprint("resources", __name__)

HOME_QUERY = """PREFIX aga: <https://w3id.org/aga-mx/def/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?plan ?label ?number ?memberName (COUNT(DISTINCT ?commitment) AS ?commitments) ?stated WHERE {
  ?plan a aga:ActionPlan ; aga:planNumber ?number ; aga:member ?member .
  ?member skos:notation "MX" .
  OPTIONAL { ?member skos:prefLabel ?memberName }
  OPTIONAL { ?plan skos:prefLabel ?label }
  OPTIONAL { ?commitment dct:isPartOf ?plan }
  OPTIONAL { ?plan aga:commitmentCount ?stated }
} GROUP BY ?plan ?label ?number ?memberName ?stated ORDER BY ?number"""


def reader_language() -> str:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def local_path(iri: str) -> str | None:
    """Where on this server a resource's page is, or None for a resource we don't serve."""
    settings = current_app.config["KG_SETTINGS"]
    if iri.startswith(settings.id_base):
        return "/id/" + iri[len(settings.id_base):]
    if iri.startswith(AGA_IRI):
        return "/def/" + iri[len(AGA_IRI):]
    return None


@blueprint.app_template_global()
def link_for(term) -> str | None:
    return local_path(term.value) if isinstance(term, NamedNode) else None


@blueprint.app_template_global()
def label_for(labels):
    return pick(labels, reader_language())


@blueprint.app_template_global()
def short_name(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@blueprint.route("/")
def home() -> str:
    store = current_app.extensions["kg_store"]
    rows = store.query("PREFIX dct: <http://purl.org/dc/terms/>\n" + HOME_QUERY)
    plans = [{"iri": row["plan"].value, "path": local_path(row["plan"].value), "label": row["label"].value if row["label"] else None,
              "number": int(row["number"].value), "commitments": int(row["commitments"].value),
              "stated": int(row["stated"].value) if row["stated"] else None} for row in rows]
    # A plan can have two labels (es, en): keep one row per plan, in the reader's language.
    by_plan: dict[str, dict] = {}
    for plan in plans:
        by_plan.setdefault(plan["iri"], plan)
    return render_template("home.html", plans=list(by_plan.values()), language=reader_language())


@blueprint.route("/id/<path:path>")
def entity(path: str) -> Response:
    settings = current_app.config["KG_SETTINGS"]
    return _resource(settings.id_base + quote(path, safe="/-._~:@!$&'()*+,;="))


def negotiated() -> Format | Response:
    """HTML or an RDF format by `format` or `Accept`, else the 406/400 answer to send."""
    try:
        return choose((HTML, *GRAPHS), request.accept_mimetypes, request.args.get("format"))
    except NotAcceptable as error:
        return Response(str(error) + "\n", status=406, mimetype="text/plain", headers={"Vary": "Accept"})
    except UnknownFormat as error:
        return Response(str(error) + "\n", status=400, mimetype="text/plain")


def _resource(iri: str) -> Response:
    store = current_app.extensions["kg_store"]
    chosen = negotiated()
    if isinstance(chosen, Response):
        return chosen
    statements = describe.outgoing(store, iri)
    incoming = describe.inbound(store, iri)
    if not statements and not incoming:
        return Response(render_template("not_found.html", iri=iri, language=reader_language()),
                        status=404, mimetype="text/html", headers={"Vary": "Accept"})
    headers = {"Vary": "Accept, Accept-Language"}
    if chosen is HTML:
        language = reader_language()
        title = pick([s.value for s in statements if short_name(s.predicate.value) in
                      ("skos:prefLabel", "dct:title", "rdfs:label")], language)
        types = [s for s in statements if s.predicate.value == PREFIXES["rdf"] + "type"]
        html = render_template("resource.html", iri=iri, title=title, types=types,
                               statements=[s for s in statements if s not in types],
                               incoming=incoming, language=language, formats=GRAPHS)
        return Response(html, mimetype="text/html", headers=headers)
    data = serialize(describe.document_triples(store, iri), format=chosen.rdf, prefixes=PREFIXES)
    return Response(data, mimetype=chosen.media_type, headers=headers)
