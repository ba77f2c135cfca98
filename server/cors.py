"""Cross-origin access for browser clients (YASGUI elsewhere, notebooks): the data is public.

No credentials are involved, so `*` is safe; the limit and caching headers are
exposed so a script can see when a result was cut.
"""
from __future__ import annotations

from flask import Response

EXPOSED = ("ETag", "Last-Modified", "Content-Range", "AGA-Query-Time-Limit", "AGA-Query-Row-Limit", "AGA-Result-Cut")


def allow_cross_origin(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED)
    return response


def preflight(methods: str) -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = methods
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match, If-Modified-Since"
    response.headers["Access-Control-Max-Age"] = "86400"
    response.headers["Allow"] = methods
    return allow_cross_origin(response)
