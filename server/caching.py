"""HTTP validators derived from the store's version, so caches revalidate instead of re-running queries.

The version changes with every write (kg/store.py), so it is a sound ETag seed;
its timestamp part is the Last-Modified date. A 304 is answered before the
query is evaluated at all.
"""
from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timezone

from flask import Request, Response


@functools.lru_cache(maxsize=16)
def last_modified(version: str) -> datetime | None:
    """The write time inside a store version such as 2026-11-28T05:19:00.123456Z-1a2b3c4d."""
    stamp = version.split("Z", 1)[0]
    try:
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=timezone.utc, microsecond=0)
    except ValueError:
        return None


def entity_tag(version: str, *parts: object) -> str:
    """One tag per store version and representation (the negotiated format, the query, the dataset)."""
    digest = hashlib.sha256("\x1f".join([version, *map(str, parts)]).encode("utf-8")).hexdigest()
    return digest[:32]


def is_fresh(request: Request, tag: str, modified: datetime | None) -> bool:
    """Whether the client's cached copy is still current (RFC 9110 §13.2.2: If-None-Match wins)."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(tag)
    if request.if_modified_since and modified:
        return modified <= request.if_modified_since
    return False


def set_validators(response: Response, tag: str, modified: datetime | None, max_age: int) -> Response:
    response.set_etag(tag, weak=True)  # equal results, not always equal bytes (blank node labels)
    if modified:
        response.last_modified = modified
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


def not_modified(tag: str, modified: datetime | None, max_age: int, headers: dict[str, str]) -> Response:
    return set_validators(Response(status=304, headers=headers), tag, modified, max_age)
