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

    from server import resources, search, sitemap, sparql

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(resources.blueprint)
    app.register_blueprint(search.blueprint)
    app.register_blueprint(sitemap.blueprint)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
        return response

    return app
