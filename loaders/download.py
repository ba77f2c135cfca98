"""Fetching a source file from a URL, for loaders that read a plain file.

Only the command line calls this, when the user gives --url: the service never
fetches anything on a visitor's behalf. The download is streamed to disk and
stopped at the size a load accepts, so a huge or endless answer cannot fill
memory or disk.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.config import Settings
from loaders.base import InputError

CHUNK = 1 << 16


def fetch_file(url: str, directory: Path, settings: Settings) -> tuple[Path, dict]:
    """Download `url` into `directory`; returns the file and no extra loader options."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{url}: only http(s) URLs can be fetched")
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(parts.path).name) or "download"
    target = directory / name
    request = urllib.request.Request(url, headers={"User-Agent": "aga-kg"})
    try:
        with urllib.request.urlopen(request, timeout=settings.fetch_timeout) as response, target.open("wb") as out:
            received = 0
            while chunk := response.read(CHUNK):
                received += len(chunk)
                if received > settings.max_source_bytes:
                    raise InputError(f"{url}: the answer is larger than the {settings.max_source_bytes} bytes "
                                     "a load accepts (setting AGA_MAX_SOURCE_BYTES)")
                out.write(chunk)
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise InputError(f"{url}: cannot fetch it ({reason})") from None
    return target, {}
