"""The served store follows the store link: a build or a write moves the link, each request pins where it points.

Each web process opens the store read-only. Every request looks where the
link points (one readlink) and, when it moved, opens the new store before it
runs. A request keeps the store it started with to its end, so no answer mixes
two stores, and no process stops to reload.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, g, has_request_context
from werkzeug.local import LocalProxy

from kg.config import Settings
from kg.store import OxigraphStore
from kg.stores import is_remote
from server import create_app

log = logging.getLogger(__name__)


class StoreFollower:
    """The read-only store that a link points to, reopened when the link moves."""

    def __init__(self, link: Path):
        self.link = link
        self._store: OxigraphStore | None = None
        self._target: str | None = None
        self._pid: int | None = None

    def current(self) -> OxigraphStore:
        target = os.path.realpath(self.link)
        if self._store is not None and target == self._target and self._pid == os.getpid():
            return self._store
        try:
            store = OxigraphStore.open(Path(target), read_only=True)
        except (OSError, RuntimeError) as error:
            if self._store is None or self._pid != os.getpid():
                raise
            # The old build stays readable until pruned: serve it rather than fail.
            log.error("cannot open the store at %s, still serving %s: %s", target, self._target, error)
            return self._store
        if self._target is not None and self._pid == os.getpid():
            log.info("store link moved: now serving %s (was %s)", target, self._target)
        self._store, self._target, self._pid = store, target, os.getpid()
        return store


def following_app(settings: Settings) -> Flask:
    """The app, its store pinned per request to where the link points when the request starts."""
    follower = StoreFollower(settings.store_path)
    follower.current()  # fail at start-up, not at the first request, when there is no store

    def request_store() -> OxigraphStore:
        if has_request_context():
            if "kg_store" not in g:
                g.kg_store = follower.current()
            return g.kg_store
        return follower.current()

    app = create_app(settings, LocalProxy(request_store))

    @app.before_request
    def pin_store():
        request_store()

    return app


def production_app(settings: Settings) -> Flask:
    """A remote store has no link to follow: every request asks it, and it answers from its latest switch."""
    return create_app(settings) if is_remote(settings) else following_app(settings)
