"""A real app on a free loopback port, for tests that need their own settings."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from werkzeug.serving import make_server

from kg.config import Settings
from kg.store import KnowledgeStore
from server import create_app
from server.store_follower import production_app


@contextmanager
def serving(settings: Settings, store: KnowledgeStore | None = None) -> Iterator[str]:
    """Serves `store` (else the store of `settings`: on disk, followed as its link moves; or remote) on a
    free loopback port; yields the base URL.

    The one way tests run the real app over real HTTP; it stops the server and its query workers.
    """
    app = create_app(settings, store) if store is not None else production_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        assert app.extensions["kg_query_runner"].start(), "the query workers did not start"
        yield base
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.extensions["kg_query_runner"].close()
