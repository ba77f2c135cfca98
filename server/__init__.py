"""The web service: the SPARQL endpoint and the linked-data pages over one store."""
from __future__ import annotations

import logging

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

from kg.config import Settings
from kg.store import KnowledgeStore, StoreUnavailable
from kg.stores import is_remote, open_store
from server.result_cache import CachingRunner
from server.write_access import check_settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, store: KnowledgeStore | None = None, query_runner=None) -> Flask:
    settings = settings or Settings.from_env()
    check_settings(settings)  # writes enabled without a token: refuse to start
    app = Flask(__name__)
    app.config["KG_SETTINGS"] = settings
    app.extensions["kg_store"] = store = store or open_store(settings, read_only=True)
    app.extensions["kg_query_runner"] = CachingRunner(query_runner or _query_runner(settings, store),
                                                      max_bytes=settings.result_cache_bytes,
                                                      max_answer_bytes=settings.result_cache_answer_bytes)
    app.register_error_handler(StoreUnavailable, lambda error: _unavailable(settings, error))
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)

    from server import (api, dashboard, graph_store, releases, resources, search, security, sitemap, sparql,
                        vocabulary)

    security.install(app, settings)

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(resources.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(vocabulary.blueprint)
    app.register_blueprint(search.blueprint)
    app.register_blueprint(sitemap.blueprint)
    app.register_blueprint(dashboard.blueprint)
    app.register_blueprint(releases.blueprint)
    app.register_blueprint(graph_store.blueprint)

    return app


STORE_UNAVAILABLE = "The data store is not answering just now; try again shortly."


def _unavailable(settings: Settings, error: StoreUnavailable) -> Response:
    """A remote store that does not answer makes a page a 503 that says when to come back, never a hang.
    The store's address and its words go to the log, not to the client."""
    log.error("%s", error)
    return Response(STORE_UNAVAILABLE + "\n", status=503,
                    mimetype="text/plain", headers={"Retry-After": str(settings.store_retry_after),
                                                    "Cache-Control": "no-store"})


def _query_runner(settings: Settings, store: KnowledgeStore):
    """SPARQL queries run in worker processes over the same store directory (started on first use),
    or, on a remote store, in the remote store itself."""
    if is_remote(settings):
        from server.remote_runner import RemoteQueryRunner

        return RemoteQueryRunner(store, time_limit=settings.query_time_limit, workers=settings.query_workers)
    from server.query_runner import ProcessPoolRunner

    if store.path is None:
        raise ValueError("the SPARQL endpoint evaluates queries in worker processes: it needs a store on disk")
    return ProcessPoolRunner(store.path.resolve(), time_limit=settings.query_time_limit,
                             workers=settings.query_workers, queue_wait=settings.query_queue_wait)
