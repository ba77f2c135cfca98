"""Who may write: nobody unless writes are enabled, and then only a request bearing the configured token.

SPARQL Update and the Graph Store Protocol's writes are off by default (403,
naming the setting). Enabled, they need `Authorization: Bearer <AGA_WRITE_TOKEN>`
(RFC 6750): without it, or with another token, 401 with `WWW-Authenticate: Bearer`.
The token is compared in constant time; the server refuses to start with
writes enabled and no token worth the name.
"""
from __future__ import annotations

import hmac

from flask import Response, request

from kg.config import Settings

MIN_TOKEN_LENGTH = 16


class WriteSettingsError(ValueError):
    pass


def check_settings(settings: Settings) -> None:
    """Raises at start-up when writes are enabled without a token of at least MIN_TOKEN_LENGTH characters."""
    if settings.writes_enabled and settings.store_kind != "embedded":
        raise WriteSettingsError("AGA_WRITES_ENABLED works with the embedded store only: write to a remote store "
                                 "through its own endpoint, or load sources with `aga-kg load`")
    if settings.writes_enabled and len(settings.write_token) < MIN_TOKEN_LENGTH:
        raise WriteSettingsError(f"AGA_WRITES_ENABLED is on but AGA_WRITE_TOKEN is "
                                 f"{'empty' if not settings.write_token else 'too short'}: set a secret of at "
                                 f"least {MIN_TOKEN_LENGTH} characters, or turn writes off")


def plain(status: int, message: str, **headers: str) -> Response:
    response = Response(message + "\n", status=status, mimetype="text/plain", headers=headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def refusal(settings: Settings, what: str) -> Response | None:
    """The 403 or 401 for a write request not allowed to write; None when it may."""
    if not settings.writes_enabled:
        return plain(403, f"{what} is not accepted here: writes are off (setting AGA_WRITES_ENABLED). "
                           "The data changes through the project's load pipeline (aga-kg load).")
    if len(settings.write_token) < MIN_TOKEN_LENGTH:  # an app made without check_settings: never write
        return plain(403, f"{what} is refused: writes are on but AGA_WRITE_TOKEN is not set.")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return plain(401, f"{what} needs 'Authorization: Bearer <token>'.",
                      **{"WWW-Authenticate": 'Bearer realm="aga-mx writes"'})
    if not hmac.compare_digest(token.strip().encode("utf-8"), settings.write_token.encode("utf-8")):
        return plain(401, f"{what} is refused: the bearer token is not the one this service accepts.",
                      **{"WWW-Authenticate": 'Bearer realm="aga-mx writes", error="invalid_token"'})
    return None


def unavailable(error: Exception) -> Response:
    """503 for a write the store cannot take now: another write holds it, there is no store link to move,
    or the disk refused the copy."""
    return plain(503, f"{error}; nothing was changed.", **{"Retry-After": "5"})
