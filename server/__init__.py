"""The web service: the SPARQL endpoint and the linked-data pages over one store."""
from __future__ import annotations

from flask import Flask

from kg.config import Settings
from kg.store import OxigraphStore


def create_app(settings: Settings | None = None, store: OxigraphStore | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["KG_SETTINGS"] = settings
    app.extensions["kg_store"] = store or OxigraphStore.open(settings.store_path, read_only=True)

    from server import api, resources, security, sparql

    security.install(app, settings)

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(resources.blueprint)
    app.register_blueprint(api.blueprint)

    return app
