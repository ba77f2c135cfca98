"""ETags from the store's version: a page changes only when the data does.

The tag covers everything that shapes the response (path, query string, chosen
format and language), so a 304 is never given for a different representation.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from flask import Response, request

from kg.store import OxigraphStore

MAX_AGE = 60


def entity_tag(store: OxigraphStore, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join((store.version(), request.full_path, *parts)).encode("utf-8"))
    return digest.hexdigest()[:32]


def not_modified(tag: str) -> Response | None:
    """A 304 when the client already holds this representation."""
    if tag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(tag)
        return response
    return None


def stamp(response: Response, store: OxigraphStore, tag: str) -> Response:
    response.set_etag(tag)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    modified = _version_time(store.version())
    if modified:
        response.last_modified = modified
    return response


def _version_time(version: str) -> datetime | None:
    try:
        return datetime.strptime(version[:27], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
