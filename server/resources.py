"""Dereferenceable IRIs: /id/... for things, /def/... for the vocabulary.

One URL per resource answers both people and machines: HTML for browsers and
Turtle, N-Triples, JSON-LD or RDF/XML by `Accept`, by a `format` parameter or by
an extension (`/id/commitment/MX0064.ttl`). The IRI is made from the configured
base, never from the request's host, so the server answers for its IRIs wherever
it runs.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, Response, current_app, render_template, request
from pyoxigraph import NamedNode, serialize

from kg.namespaces import AGA_IRI, PREFIXES
from server import describe, pages, provenance, revalidation, schema_org
from server.bounded_cache import BoundedCache
from server.formats import GRAPHS, HTML, Format, NotAcceptable, UnknownFormat, choose
from server.labels import LANGUAGE_COOKIE, LANGUAGES, inverse_label, local_name, pick, reader_language, term_label
from server.paths import local_path

blueprint = Blueprint("resources", __name__)

EXTENSIONS = {f.name: f for f in (HTML, *GRAPHS)}
PAGE_SIZE = 50
TITLE_PREDICATES = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://purl.org/dc/terms/title",
                    "http://www.w3.org/2000/01/rdf-schema#label", "https://schema.org/name")
RDF_TYPE = PREFIXES["rdf"] + "type"

HOME_QUERY = """PREFIX aga: <https://w3id.org/aga-mx/def/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?plan ?label ?number ?memberName (COUNT(DISTINCT ?commitment) AS ?commitments) ?stated WHERE {
  ?plan a aga:ActionPlan ; aga:planNumber ?number ; aga:member ?member .
  ?member skos:notation "MX" .
  OPTIONAL { ?member skos:prefLabel ?memberName }
  OPTIONAL { ?plan skos:prefLabel ?label }
  OPTIONAL { ?commitment dct:isPartOf ?plan }
  OPTIONAL { ?plan aga:commitmentCount ?stated }
} GROUP BY ?plan ?label ?number ?memberName ?stated ORDER BY ?number"""


@blueprint.after_app_request
def remember_language(response: Response) -> Response:
    """The page's language switch is remembered for the next pages."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@blueprint.app_template_global()
def link_for(term) -> str | None:
    return local_path(term.value) if isinstance(term, NamedNode) else None


@blueprint.app_template_global()
def link_for_iri(iri: str) -> str:
    return local_path(iri) or iri


@blueprint.app_template_global()
def label_for(labels, iri: str | None = None):
    """The label in the reader's language; for a standard term without one, our interface name."""
    return term_label(iri, labels, reader_language()) if iri else pick(labels, reader_language())


@blueprint.app_template_global()
def property_label(group) -> str:
    """A property group's heading in the reader's language; inbound groups name the inverse."""
    language = reader_language()
    if group.direction == "in":
        return inverse_label(group.predicate.value, group.labels, language)
    found = term_label(group.predicate.value, group.labels, language)
    return found.text if found else local_name(group.predicate.value)


@blueprint.app_template_global()
def page_link(group, page: int) -> str:
    """This page's URL with one property group moved to another page, the rest kept."""
    args = {k: v for k, v in request.args.items() if k not in ("page", "in", "out")}
    args.update({group.direction: group.predicate.value, "page": page})
    return "?" + urlencode(args) + f"#{group.direction}-{anchor(group.predicate.value)}"


@blueprint.app_template_global()
def anchor(iri: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in short_name(iri))


@blueprint.app_template_global()
def language_switch(language: str) -> str:
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = language
    return "?" + urlencode(args)


@blueprint.app_template_global()
def short_name(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@blueprint.route("/")
def home() -> str:
    store = current_app.extensions["kg_store"]
    rows = store.query(HOME_QUERY)
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
    return _resource(settings.id_base, path)


def negotiated() -> Format | Response:
    """HTML or an RDF format by `format` or `Accept`, else the 406/400 answer to send."""
    try:
        return choose((HTML, *GRAPHS), request.accept_mimetypes, request.args.get("format"))
    except NotAcceptable as error:
        return Response(str(error) + "\n", status=406, mimetype="text/plain", headers={"Vary": "Accept"})
    except UnknownFormat as error:
        return Response(str(error) + "\n", status=400, mimetype="text/plain")


def _iri_and_extension(base: str, path: str) -> tuple[str, str | None]:
    """The resource a path names; a known extension picks a format unless the IRI itself has it."""
    store = current_app.extensions["kg_store"]
    iri = base + quote(path, safe="/-._~:@!$&'()*+,;=")
    stem, dot, extension = iri.rpartition(".")
    if dot and extension in EXTENSIONS and "/" not in extension and not describe.exists(store, iri):
        return stem, extension
    return iri, None


def _resource(base: str, path: str) -> Response:
    store = current_app.extensions["kg_store"]
    iri, extension = _iri_and_extension(base, path)
    chosen = EXTENSIONS[extension] if extension else negotiated()
    if isinstance(chosen, Response):
        return chosen
    language = reader_language()
    if not describe.exists(store, iri):
        return _not_found(iri, chosen, language)
    return revalidation.answer(
        lambda: _rendered(store, lambda: _page(store, iri, language) if chosen is HTML
                          else _document(store, iri, chosen), chosen.name, language),
        chosen.name, language, vary="Accept, Accept-Language, Cookie")


def _not_found(iri: str, chosen, language: str) -> Response:
    if chosen is not HTML:
        return Response(f"no resource {iri} in this graph\n", status=404, mimetype="text/plain",
                        headers={"Vary": "Accept"})
    return Response(render_template("not_found.html", iri=iri, language=language),
                    status=404, mimetype="text/html", headers={"Vary": "Accept"})


def _document(store, iri: str, chosen) -> Response:
    data = serialize(describe.document_triples(store, iri), format=chosen.rdf, prefixes=PREFIXES)
    return Response(data, mimetype=chosen.media_type)


def _requested_pages(direction: str) -> dict[str, int]:
    predicate, page = request.args.get(direction), request.args.get("page", "1")
    return {predicate: int(page)} if predicate and page.isdigit() else {}


def _kept(name: str, capacity: int) -> BoundedCache:
    """This app's cache called `name` (one per web worker process)."""
    kept = current_app.extensions.get(name)
    return kept if kept is not None else current_app.extensions.setdefault(name, BoundedCache(capacity))


def _kept_heads(store, iri: str, direction: str) -> list[describe.GroupHead]:
    """The property groups' counts and labels, counted once per store version: a hub's 10,000 links
    cost a scan on its first page view, not on every one (nor on each of its other pages)."""
    kept = _kept("kg_page_heads", current_app.config["KG_SETTINGS"].page_cache_entries)
    return kept.get_or_compute((str(store.path), store.version(), iri, direction),
                               lambda: describe.group_heads(store, iri, direction))


def _rendered(store, render, *representation: str) -> Response:
    """The page or document as rendered for this store version, host, URL, format and language (what
    its ETag covers, and the host): a popular page is rendered once per version and web worker."""
    kept = _kept("kg_pages", current_app.config["KG_SETTINGS"].page_cache_bytes)
    key = (str(store.path), store.version(), request.url_root, request.full_path, *representation)
    found = kept.get(key)
    if found is None:
        response = render()
        found = (response.get_data(), response.mimetype)
        kept.put(key, found, len(found[0]))
    return Response(found[0], mimetype=found[1])


def _page(store, iri: str, language: str) -> Response:
    settings = current_app.config["KG_SETTINGS"]
    outgoing = describe.property_groups(store, iri, "out", PAGE_SIZE, _requested_pages("out"),
                                        _kept_heads(store, iri, "out"))
    incoming = describe.property_groups(store, iri, "in", PAGE_SIZE, _requested_pages("in"),
                                        _kept_heads(store, iri, "in"))
    outgoing.sort(key=lambda g: (g.predicate.value not in TITLE_PREDICATES, g.predicate.value != RDF_TYPE,
                                 property_label(g).casefold()))
    incoming.sort(key=lambda g: property_label(g).casefold())
    types = next((g for g in outgoing if g.predicate.value == RDF_TYPE), None)
    title = pick([v.term for g in outgoing if g.predicate.value in TITLE_PREDICATES for v in g.values], language)
    kind = pages.kind_of(store, iri)
    graphs = sorted({graph for g in outgoing + incoming for v in g.values for graph in v.graphs})
    sources = [provenance.source_of(settings, graph) for graph in graphs]
    path = local_path(iri)
    metadata = schema_org.describe(iri, request.url_root.rstrip("/") + path, outgoing)
    html = render_template(f"{kind}.html", iri=iri, path=path, title=title, types=types, kind=kind,
                           statements=[g for g in outgoing if g is not types], incoming=incoming,
                           sources=sources, source_number={s.graph: n for n, s in enumerate(sources, 1)},
                           loads={s.graph: provenance.load_of(store, s.graph) for s in sources},
                           language=language, formats=GRAPHS, schema_org=schema_org.script_json(metadata),
                           **pages.extra_context(store, kind, iri))
    return Response(html, mimetype="text/html")
