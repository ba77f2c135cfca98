"""The search index is built in the background: at start-up, and again for each new store version."""
from __future__ import annotations

import time

from kg.store import OxigraphStore
from server import create_app
from tests.conftest import settings_in


def store_naming(path, settings, *names: str) -> OxigraphStore:
    """A finished store with one labelled organisation per name, opened read-only as the server opens it."""
    writer = OxigraphStore.open(path)
    writer.replace_graph(settings.graph_iri("test"), [b"".join(
        f'<{settings.id_base}organization/{slug(n)}> <http://www.w3.org/2004/02/skos/core#prefLabel> "{n}" .\n'.encode()
        for n in names)])
    writer.close()
    return OxigraphStore.open(path, read_only=True)


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def eventually(condition, seconds: float = 10) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if condition():
            return True
        time.sleep(0.02)
    return False


def found(app, store, text: str) -> list[str]:
    with app.app_context():
        return [entry.iri.rsplit("/", 1)[-1] for entry in app.extensions["kg_search"].index(store).find(text)]


def test_the_index_is_built_when_the_app_starts_before_any_search(tmp_path):
    settings = settings_in(tmp_path)
    store = store_naming(tmp_path / "first", settings, "Secretaria de la Funcion Publica")
    app = create_app(settings, store, query_runner=object())
    assert eventually(lambda: app.extensions["kg_search"].version == store.version())
    assert found(app, store, "función pública") == ["secretaria-de-la-funcion-publica"]


def test_a_new_store_version_is_indexed_in_the_background_and_then_searched(tmp_path):
    settings = settings_in(tmp_path)
    first = store_naming(tmp_path / "first", settings, "Instituto Nacional Electoral")
    app = create_app(settings, first, query_runner=object())
    assert found(app, first, "electoral") == ["instituto-nacional-electoral"]
    second = store_naming(tmp_path / "second", settings, "Instituto Nacional de Transparencia")
    found(app, second, "transparencia")  # starts the new version's index; the old one answers meanwhile
    assert eventually(lambda: app.extensions["kg_search"].version == second.version())
    assert found(app, second, "instituto") == ["instituto-nacional-de-transparencia"]
