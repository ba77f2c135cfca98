"""Pages and sitemaps answered through the store-version validators of server/caching.py.

The tag covers everything that shapes the response (path and query string, the
negotiated format, the reader's language), so a 304 is never given for a
different representation.
"""
from __future__ import annotations

from typing import Callable

from flask import Response, current_app, request

from server import caching

# Same as the endpoint's default `cache_max_age` (merge note: use that setting once both are in main).
MAX_AGE = 300


def answer(render: Callable[[], Response], *parts: str, vary: str) -> Response:
    """A 304 when the client's copy is current, else the rendered response with its validators."""
    version = current_app.extensions["kg_store"].version()
    tag, modified = caching.entity_tag(version, request.full_path, *parts), caching.last_modified(version)
    if caching.is_fresh(request, tag, modified):
        return caching.not_modified(tag, modified, MAX_AGE, {"Vary": vary})
    response = render()
    response.headers["Vary"] = vary
    return caching.set_validators(response, tag, modified, MAX_AGE)
