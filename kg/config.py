"""All settings in one place.

Every setting has a default that works on a fresh checkout; each can be
overridden by an environment variable named ``AGA_<NAME>`` (``HOST`` and
``PORT`` also answer to their plain names, as ``make run`` documents).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    # Entity IRIs are minted as <base_iri>/id/...; the server answers for them on any host.
    base_iri: str = "https://w3id.org/aga-mx"
    # The store directory the server reads; `aga-kg build` makes it a link to the newest build.
    store_path: Path = PROJECT_ROOT / "var" / "store"
    data_dir: Path = PROJECT_ROOT / "data"
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    shapes_dir: Path = PROJECT_ROOT / "shapes"
    queries_dir: Path = PROJECT_ROOT / "queries"
    # How many finished builds to keep beside the current one.
    builds_kept: int = 2
    # How many releases (dumps and change logs, under <store_path's folder>/releases) stay downloadable.
    releases_kept: int = 3
    host: str = "127.0.0.1"
    port: int = 8000
    # Where a load writes the rows it rejected (`<source>.rejects.csv`).
    reports_dir: Path = PROJECT_ROOT / "var" / "reports"
    # Fetching a CKAN API from the command line: packages per page, seconds per request.
    ckan_page_size: int = 100
    fetch_timeout: int = 30
    # SPARQL limits, announced in every /sparql response (README, "Query limits").
    # Seconds a query may run, evaluation and transfer together, before it is stopped.
    query_time_limit: float = 10.0
    # Rows (SELECT) or triples (CONSTRUCT/DESCRIBE) a response may carry; 0 means no cap.
    query_row_limit: int = 10000
    # Worker processes that evaluate queries; an overrunning one is killed and replaced.
    query_workers: int = 2
    # SERVICE targets a query may federate to, comma-separated in the environment; none by default.
    service_allow_list: tuple[str, ...] = ()
    # Seconds a query waits for a free worker before a 503 with Retry-After (a waiting request holds a web worker).
    query_queue_wait: float = 2.0
    # SPARQL Update and the Graph Store Protocol's writes (README, "Writes"): off unless enabled, and then
    # only with `Authorization: Bearer <write_token>`; the server refuses to start enabled without a token.
    writes_enabled: bool = False
    write_token: str = ""
    # Seconds a write (an update, a graph store request, `aga-kg load`) waits for another write to finish.
    write_lock_timeout: float = 30.0
    # max-age for cacheable SPARQL and description responses (ETag revalidation after that).
    cache_max_age: int = 300
    # Whole SPARQL answers kept per store version in each web worker (bytes; 0 turns it off),
    # and the largest answer kept.
    result_cache_bytes: int = 64_000_000
    result_cache_answer_bytes: int = 1_000_000
    # Per store version, in each web worker: entity pages' property-group counts (entities), and
    # rendered pages and documents (bytes; 0 keeps none).
    page_cache_entries: int = 20_000
    page_cache_bytes: int = 32_000_000
    # How many reverse proxies in front of the app to trust for X-Forwarded-Proto/Host/Prefix;
    # 0 ignores those headers, as is right when the app faces clients directly.
    trusted_proxies: int = 0
    # Production serving (gunicorn.conf.py): worker processes, and seconds before a stuck one is replaced.
    workers: int = 3
    worker_timeout: int = 60
    graceful_timeout: int = 30
    # Hostile-input limits: request body and URL sizes, and a source file a load will read.
    max_request_bytes: int = 1_000_000
    max_url_bytes: int = 8_000
    max_source_bytes: int = 200_000_000
    # Per-client rate limit: this many requests per window of seconds; 0 turns it off.
    rate_limit_requests: int = 600
    rate_limit_window: int = 60
    # Reverse proxies in front of the server whose X-Forwarded-For is trusted to name the client (0: none).
    trusted_proxies: int = 0
    # Which store: "embedded" (pyoxigraph on disk at store_path) or "remote" (a SPARQL 1.1 store over HTTP;
    # docs/remote-stores.md has the values for Oxigraph server, QLever, Fuseki, Virtuoso and GraphDB).
    store_kind: str = "embedded"
    # A remote store's SPARQL query, SPARQL update and Graph Store Protocol endpoints.
    store_query_url: str = ""
    store_update_url: str = ""
    store_graph_store_url: str = ""
    # Seconds one request to a remote store may take (a /sparql query gets query_time_limit instead).
    store_timeout: float = 30.0
    # Seconds the update that switches staged graphs in may take (it copies them: minutes for millions of triples).
    store_switch_timeout: float = 600.0
    # A failed write request to a remote store is tried this many more times, waiting backoff, 2x, 4x... seconds.
    store_retries: int = 3
    store_retry_backoff: float = 0.5
    # Triples per Graph Store Protocol request when loading a remote store (bounds memory and request size).
    store_batch_triples: int = 50_000
    # The remote's own query timeout parameter, e.g. "timeout={seconds}" or "timeout={milliseconds}"; none by default.
    store_timeout_parameter: str = ""
    # Seconds a client is told to wait (Retry-After) when the remote store does not answer.
    store_retry_after: int = 10
    content_security_policy: str = ("default-src 'self'; style-src 'self'; img-src 'self' data:; "
                                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")

    @property
    def id_base(self) -> str:
        return self.base_iri.rstrip("/") + "/id/"

    @property
    def releases_dir(self) -> Path:
        return self.store_path.parent / "releases"

    @property
    def graph_base(self) -> str:
        return self.base_iri.rstrip("/") + "/graph/"

    def graph_iri(self, source_name: str) -> str:
        return self.graph_base + source_name

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for field in fields(cls):
            raw = environ.get("AGA_" + field.name.upper())
            if raw is None and field.name in ("host", "port"):
                raw = environ.get(field.name.upper())
            if raw is None:
                continue
            default = getattr(cls, field.name)
            if isinstance(default, bool):
                values[field.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            elif isinstance(default, Path):
                values[field.name] = Path(raw)
            elif isinstance(default, tuple):
                values[field.name] = tuple(item.strip() for item in raw.split(",") if item.strip())
            elif isinstance(default, float):
                values[field.name] = float(raw)
            elif isinstance(default, int):
                values[field.name] = int(raw)
            else:
                values[field.name] = raw
        return cls(**values)
