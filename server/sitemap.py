"""`/sitemap.xml`: every entity page, for search engines.

https://www.sitemaps.org/protocol.html caps a sitemap at 50,000 URLs; above that
`/sitemap.xml` becomes an index of numbered parts.
"""
from __future__ import annotations

import threading
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, current_app, request

from server import revalidation
from server.paths import local_path

blueprint = Blueprint("sitemap", __name__)

PART_SIZE = 50_000
# (Filtering by the base in SPARQL with STRSTARTS is 20x slower than in Python.)
ENTITIES_QUERY = "SELECT DISTINCT ?s WHERE { ?s ?p ?o . FILTER(isIRI(?s)) }"
_lock = threading.Lock()


def entity_pages() -> list[str]:
    """Every entity page's path, listed once per store version (a full scan of the subjects)."""
    settings = current_app.config["KG_SETTINGS"]
    store = current_app.extensions["kg_store"]
    cache = current_app.extensions.setdefault("kg_sitemap", {})
    version = store.version()
    with _lock:
        if cache.get("version") != version:
            cache["pages"] = sorted(local_path(row["s"].value) for row in store.query(ENTITIES_QUERY)
                                    if row["s"].value.startswith(settings.id_base))
            cache["version"] = version
        return cache["pages"]


def _xml(lines: list[str]) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n"


def _urlset(pages: list[str]) -> str:
    root = request.url_root.rstrip("/")
    return _xml(['<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                 *(f"<url><loc>{escape(root + p)}</loc></url>" for p in pages), "</urlset>"])


def _answer(body_of) -> Response:
    return revalidation.answer(lambda: Response(body_of(), mimetype="application/xml"), "sitemap", vary="Accept")


@blueprint.route("/sitemap.xml")
def sitemap() -> Response:
    def body():
        pages = entity_pages()
        if len(pages) <= PART_SIZE:
            return _urlset(pages)
        root = request.url_root.rstrip("/")
        parts = range(1, -(-len(pages) // PART_SIZE) + 1)
        return _xml(['<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                     *(f"<sitemap><loc>{escape(root)}/sitemap-{n}.xml</loc></sitemap>" for n in parts),
                     "</sitemapindex>"])
    return _answer(body)


@blueprint.route("/sitemap-<int:part>.xml")
def sitemap_part(part: int) -> Response:
    def body():
        pages = entity_pages()[(part - 1) * PART_SIZE: part * PART_SIZE]
        if part < 1 or not pages:
            abort(404)
        return _urlset(pages)
    return _answer(body)
