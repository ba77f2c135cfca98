"""What a public endpoint needs against scrapers and probes, in one place.

Request size limits (413, 414), a per-client rate limit announced with the
IETF `RateLimit` / `RateLimit-Policy` fields (draft-ietf-httpapi-ratelimit-headers-08
syntax) and refused with 429 + `Retry-After`, security headers on every answer,
and no `..` or NUL in a path, so no document URL can walk out of its folder.

The rate-limit counters live in memory shared by every gunicorn worker (made
before the workers fork: gunicorn.conf.py imports this module), so a client's
quota is the same whichever worker answers. Each client hashes to one of a fixed
number of slots; two clients sharing a slot share a quota, which errs on the
strict side and keeps memory fixed whatever the number of clients.
"""
from __future__ import annotations

import multiprocessing
import time
import zlib
from urllib.parse import unquote

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from kg.config import Settings

POLICY = "per-client"
SLOTS = 4096
# Each slot: [window number, requests counted in it].
_counters = multiprocessing.Array("q", 2 * SLOTS, lock=True)


class RateLimiter:
    """Fixed windows of `window` seconds, `limit` requests per client in each."""

    def __init__(self, limit: int, window: int, counters=_counters):
        self.limit, self.window, self._counters = limit, window, counters

    def hit(self, client: str, now: float | None = None) -> tuple[bool, int, int]:
        """Count one request; return (allowed, remaining, seconds until the window resets)."""
        now = time.time() if now is None else now
        window_number = int(now // self.window)
        reset = max(1, int((window_number + 1) * self.window - now + 0.999))
        slot = 2 * (zlib.crc32(client.encode("utf-8", "surrogatepass")) % SLOTS)
        lock = self._counters.get_lock()
        # A worker killed while holding the lock must not stall the others: fail open after a moment.
        if not lock.acquire(timeout=0.05):
            return True, self.limit, reset
        try:
            values = self._counters.get_obj()
            if values[slot] != window_number:
                values[slot], values[slot + 1] = window_number, 0
            values[slot + 1] += 1
            used = values[slot + 1]
        finally:
            lock.release()
        return used <= self.limit, max(0, self.limit - used), reset


def _plain(status: int, message: str, headers: dict | None = None) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain", headers=headers)


def _walks_out(path: str) -> bool:
    """True for a path with a '..' segment or a NUL, even percent-encoded (once or twice)."""
    for decoded in (path, unquote(path), unquote(unquote(path))):
        if "\x00" in decoded or ".." in decoded.replace("\\", "/").split("/"):
            return True
    return False


def install(app: Flask, settings: Settings) -> None:
    """Register the limits and headers on the app."""
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    if settings.trusted_proxies:  # behind a proxy every request comes from it: take the client it names
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies)
    limiter = RateLimiter(settings.rate_limit_requests, settings.rate_limit_window) \
        if settings.rate_limit_requests > 0 else None

    @app.before_request
    def refuse_hostile_requests():
        if len(request.full_path.encode("utf-8", "surrogateescape")) > settings.max_url_bytes:
            return _plain(414, f"The URL is longer than {settings.max_url_bytes} bytes: "
                               "send a long SPARQL query by POST.")
        if request.content_length is not None and request.content_length > settings.max_request_bytes:
            return _plain(413, f"The request body is larger than {settings.max_request_bytes} bytes.")
        raw_target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.path
        if _walks_out(raw_target.split("?", 1)[0]):
            return _plain(400, "The path may not contain '..' segments.")
        if limiter is not None:
            allowed, remaining, reset = limiter.hit(request.remote_addr or "unknown")
            request.environ["aga.ratelimit"] = (remaining, reset)
            if not allowed:
                return _plain(429, f"Too many requests: at most {limiter.limit} every "
                                   f"{limiter.window} seconds. Try again in {reset} seconds.",
                              {"Retry-After": str(reset)})
        return None

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Content-Security-Policy", settings.content_security_policy)
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        state = request.environ.get("aga.ratelimit")
        if limiter is not None and state is not None:
            remaining, reset = state
            headers["RateLimit-Policy"] = f'"{POLICY}";q={limiter.limit};w={limiter.window}'
            headers["RateLimit"] = f'"{POLICY}";r={remaining};t={reset}'
        return response
