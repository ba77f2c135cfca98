"""Releases for citation and harvest: `/releases`, each release's dumps and its change log.

Which release a page comes from is read from the served store (the graph
kg/releases.py writes), so the footer, the `AGA-Release` header and the cite
block always name the data the answer was made from. Files are served only by
the name a release manifest lists: no other path reaches the disk.
"""
from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, send_file

from kg import releases
from kg.store import StoreUnavailable
from server.labels import reader_language

blueprint = Blueprint("releases", __name__)


def _release_of(store, settings) -> tuple[str, str] | None:
    """Read once per store version (which differs between builds); holds no store open."""
    cache = current_app.extensions.setdefault("kg_release", {})
    version = store.version()
    if cache.get("version") != version:
        cache.update(version=version, release=releases.stored_release(store, settings))
    return cache["release"]


def current_release() -> dict | None:
    """The release of the store this request reads: id, issued time and URL."""
    settings = current_app.config["KG_SETTINGS"]
    store = current_app.extensions["kg_store"]
    found = _release_of(store, settings)
    if found is None:
        return None
    release_id, issued = found
    return {"id": release_id, "issued": issued, "date": issued[:10],
            "url": request.url_root.rstrip("/") + "/releases/" + release_id,
            "iri": releases.release_iri(settings, release_id)}


@blueprint.app_context_processor
def release_context() -> dict:
    return {"current_release": current_release(), "changes_touching": changes_touching}


@blueprint.after_app_request
def release_header(response: Response) -> Response:
    try:
        found = current_release()
    except StoreUnavailable:  # a remote store that went away: the 503 goes out without the header
        return response
    if found:
        response.headers["AGA-Release"] = found["id"]
    return response


def changes_touching(iri: str) -> list[dict]:
    """The kept releases whose change log names this entity, and how."""
    settings = current_app.config["KG_SETTINGS"]
    return [{"release": r, "what": what} for r, what in _change_index(settings, tuple(releases.release_ids(settings)))
            .get(iri, [])]


@lru_cache(maxsize=4)
def _change_index(settings, release_ids: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """IRI -> [(release, added/removed/changed)], read from the stored change logs once per set of releases."""
    index: dict[str, list[tuple[str, str]]] = {}
    for release_id in reversed(release_ids):
        log = releases.changes(settings, release_id) or {"types": {}}
        seen = set()
        for by_kind in log["types"].values():
            for what, iris in by_kind.items():
                for iri in iris:
                    if iri not in seen:
                        seen.add(iri)
                        index.setdefault(iri, []).append((release_id, what))
    return index


def citation(release: dict, title: str, url: str) -> dict:
    """The cite block's plain text and BibTeX, naming the release."""
    key = "agamx-" + release["id"]
    title = title.strip().rstrip(".")
    text = (f"AGA-MX. {title}. Release {release['id']} ({release['date']}). {url} "
            f"(data: {release['url']})")
    bibtex = ("@misc{" + key + ",\n  author = {{AGA-MX}},\n  title = {" + title.replace("{", "(").replace("}", ")")
              + "},\n  year = {" + release["date"][:4] + "},\n  version = {" + release["id"] + "},\n  howpublished = {\\url{"
              + url + "}},\n  note = {Release " + release["id"] + ", " + release["date"] + ", " + release["url"] + "}\n}")
    return {"text": text, "bibtex": bibtex}


@blueprint.app_template_global()
def cite(title: str | None, url: str) -> dict | None:
    found = current_release()
    return citation(found, title or url, url) if found else None


@blueprint.route("/releases")
def index() -> Response:
    settings = current_app.config["KG_SETTINGS"]
    kept = [releases.manifest(settings, r) for r in reversed(releases.release_ids(settings))]
    if request.args.get("format") == "json":
        return jsonify([m for m in kept if m])
    return Response(render_template("releases.html", releases=[m for m in kept if m], language=reader_language()),
                    mimetype="text/html")


@blueprint.route("/releases/<release_id>")
def release(release_id: str) -> Response:
    settings = current_app.config["KG_SETTINGS"]
    found = releases.manifest(settings, release_id) or abort(404)
    return Response(render_template("releases_one.html", release=found, language=reader_language()),
                    mimetype="text/html")


@blueprint.route("/releases/<release_id>/changes")
def changes(release_id: str) -> Response:
    settings = current_app.config["KG_SETTINGS"]
    log = releases.changes(settings, release_id) or abort(404)
    if request.args.get("format") == "json" or request.accept_mimetypes.best == "application/json":
        return jsonify(log)
    return Response(render_template("releases_changes.html", log=log, language=reader_language()),
                    mimetype="text/html")


@blueprint.route("/releases/<release_id>/changes.json")
def changes_json(release_id: str) -> Response:
    settings = current_app.config["KG_SETTINGS"]
    return jsonify(releases.changes(settings, release_id) or abort(404))


@blueprint.route("/releases/<release_id>/<name>")
def download(release_id: str, name: str) -> Response:
    settings = current_app.config["KG_SETTINGS"]
    found = releases.manifest(settings, release_id) or abort(404)
    entry = next((f for f in found["files"] if f["name"] == name), None) or abort(404)
    response = send_file(settings.releases_dir / release_id / entry["name"], mimetype=entry["media_type"],
                         as_attachment=True, download_name=entry["name"], conditional=True)
    response.headers["AGA-SHA256"] = entry["sha256"]
    return response
