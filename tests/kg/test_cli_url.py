"""`aga-kg load SOURCE --url URL` reads any source from the web, and says plainly when it cannot."""
from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.cli import main
from kg.pipeline import build_store
from kg.store import OxigraphStore
from tests.conftest import DATA, settings_in, small_data_dir

SOURCE = "ogp-mexico-action-plans"


@pytest.fixture
def web(tmp_path):
    """A loopback web server publishing a copy of the action plans file; yields its base URL."""
    published = tmp_path / "web"
    published.mkdir()
    shutil.copy(DATA / "ogp-mexico" / "action-plans.csv", published / "action-plans.csv")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(published))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def store_settings(tmp_path, monkeypatch):
    settings = settings_in(tmp_path, data_dir=small_data_dir(tmp_path, SOURCE))
    build_store(settings)
    for name, value in (("DATA_DIR", settings.data_dir), ("STORE_PATH", settings.store_path),
                        ("REPORTS_DIR", settings.reports_dir)):
        monkeypatch.setenv(f"AGA_{name}", str(value))
    return settings


def test_a_plain_file_source_loads_from_a_url_and_its_provenance_names_the_url(web, store_settings, capsys):
    url = f"{web}/action-plans.csv"
    assert main(["load", SOURCE, "--url", url, "--force"]) == 0
    assert "loaded 4 of 4 row(s)" in capsys.readouterr().out
    store = OxigraphStore.open(store_settings.store_path, read_only=True)
    [row] = store.query("SELECT ?s WHERE { ?src <http://purl.org/dc/terms/identifier> ?s ; "
                        "<http://spdx.org/rdf/terms#checksum> ?c }")
    assert row["s"].value == url
    store.close()


@pytest.mark.parametrize("path, message", [
    ("/missing.csv", "the server answered 404"),
])
def test_a_url_that_gives_no_file_is_a_plain_error_and_changes_nothing(web, store_settings, capsys, path, message):
    before = {str(q) for q in OxigraphStore.open(store_settings.store_path, read_only=True).quads()}
    assert main(["load", SOURCE, "--url", web + path, "--force"]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert {str(q) for q in OxigraphStore.open(store_settings.store_path, read_only=True).quads()} == before


def test_an_answer_larger_than_a_load_accepts_is_refused(web, store_settings, monkeypatch, capsys):
    monkeypatch.setenv("AGA_MAX_SOURCE_BYTES", "100")
    assert main(["load", SOURCE, "--url", f"{web}/action-plans.csv", "--force"]) == 2
    assert "larger than the 100 bytes" in capsys.readouterr().err


def test_only_web_urls_are_fetched(store_settings, capsys):
    assert main(["load", SOURCE, "--url", "file:///etc/passwd"]) == 2
    assert "only http(s) URLs can be fetched" in capsys.readouterr().err
