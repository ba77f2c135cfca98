"""Rendered pages are kept per store version: a repeat is the same page, a new version is rendered anew."""
from __future__ import annotations

from werkzeug.local import LocalProxy

from kg.store import OxigraphStore
from server import create_app
from tests.conftest import settings_in

PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def store_calling(path, settings, name: str) -> OxigraphStore:
    """A finished store where one organisation (and a hundred that point to it) has the given name."""
    agency = f"{settings.id_base}organization/agency"
    writer = OxigraphStore.open(path)
    writer.replace_graph(settings.graph_iri("test"), [
        f'<{agency}> <{PREF_LABEL}> "{name}"@es .\n'.encode(),
        *(f'<{settings.id_base}note/{n}> <http://purl.org/dc/terms/references> <{agency}> .\n'.encode()
          for n in range(100))])
    writer.close()
    return OxigraphStore.open(path, read_only=True)


def test_a_page_is_rendered_again_for_a_new_store_version_and_kept_within_it(tmp_path):
    settings = settings_in(tmp_path)
    served = [store_calling(tmp_path / "old", settings, "Secretaría Antigua")]
    app = create_app(settings, LocalProxy(lambda: served[0]), query_runner=object())
    client = app.test_client()
    first = client.get("/id/organization/agency", headers={"Accept": "text/html"})
    assert "Secretaría Antigua" in first.text and "(100)" in first.text
    served[0] = store_calling(tmp_path / "new", settings, "Secretaría Nueva")
    second = client.get("/id/organization/agency", headers={"Accept": "text/html"})
    assert "Secretaría Nueva" in second.text and "Secretaría Antigua" not in second.text
    again = client.get("/id/organization/agency", headers={"Accept": "text/html"})
    assert again.data == second.data
    assert len(app.extensions["kg_pages"]) == 2  # one page per version, the repeat served from it
    english = client.get("/id/organization/agency?lang=en", headers={"Accept": "text/html"})
    assert english.data != second.data and '<html lang="en"' in english.text


def test_with_no_room_for_pages_every_page_is_still_served(tmp_path):
    settings = settings_in(tmp_path, page_cache_bytes=0, page_cache_entries=0)
    app = create_app(settings, store_calling(tmp_path / "store", settings, "Secretaría"), query_runner=object())
    client = app.test_client()
    pages = [client.get("/id/organization/agency", headers={"Accept": "text/html"}) for _ in range(2)]
    assert [p.status_code for p in pages] == [200, 200] and pages[0].data == pages[1].data
    assert len(app.extensions["kg_pages"]) == 0
