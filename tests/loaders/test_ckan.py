"""The CKAN loader on the real Birmingham response: from the file, and from a CKAN API served on loopback, page by page."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from rdflib import URIRef

from kg.cli import main
from kg.config import Settings
from kg.namespaces import DCAT, DCTERMS, RDF
from kg.pipeline import map_and_validate, source_named
from kg.store import OxigraphStore
from tests.conftest import DATA, settings_in, small_data_dir

SETTINGS = Settings()
RESPONSE = json.loads((DATA / "ckan-birmingham" / "package_search.json").read_text(encoding="utf-8"))
PACKAGES = RESPONSE["result"]["results"]


@pytest.fixture(scope="module")
def birmingham():
    return map_and_validate(source_named(SETTINGS, "ckan-birmingham"), SETTINGS)  # strict, with DCAT-AP 3 shapes


def test_every_package_becomes_a_dataset_of_the_catalogue_with_its_resources(birmingham):
    graph = birmingham.graph
    catalog = URIRef("https://data.birmingham.gov.uk")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(PACKAGES) == 10
    assert set(graph.objects(catalog, DCAT.dataset)) == datasets
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) == sum(len(p["resources"]) for p in PACKAGES)
    first = URIRef("https://data.birmingham.gov.uk/dataset/cf552d08-cee9-43bf-8c0f-3196a9311799")
    assert str(graph.value(first, DCTERMS.identifier)) == "cf552d08-cee9-43bf-8c0f-3196a9311799"
    assert {str(k) for k in graph.objects(first, DCAT.keyword)} == {"payments", "purchase card"}


def test_text_that_is_not_a_web_address_never_becomes_a_landing_page(birmingham):
    # Nine packages put "Birmingham City Council" or "Accounts Payable" in 'url'.
    assert list(birmingham.graph.objects(None, DCAT.landingPage)) == []


def test_no_person_name_or_e_mail_reaches_the_graph(birmingham):
    text = birmingham.graph.serialize(format="nt")
    # The officers named in author/maintainer (public metadata, but personal): none is mapped.
    people = ("Ian Martin", "ian.martin@birmingham.gov.uk", "Nickey Parmar-Knight", "Nickey.Parmar@birmingham.gov.uk")
    assert all(any(person in json.dumps(p) for p in PACKAGES) for person in people)
    assert not any(person in text for person in people)
    assert list(birmingham.graph.objects(None, DCAT.contactPoint)) == []


class CkanApi(BaseHTTPRequestHandler):
    """package_search over the real packages, honouring rows and start as CKAN does."""

    requests: list[str] = []

    def do_GET(self):
        CkanApi.requests.append(self.path)
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        start, rows = int(query.get("start", 0)), int(query.get("rows", 10))
        body = json.dumps({"success": True, "result": {"count": len(PACKAGES),
                                                       "results": PACKAGES[start:start + rows]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def ckan_api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), CkanApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    CkanApi.requests = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def test_loading_from_a_ckan_api_url_reads_every_page(tmp_path, monkeypatch, ckan_api, capsys):
    settings = settings_in(tmp_path, data_dir=small_data_dir(tmp_path, "ckan-birmingham"))
    for name, value in (("DATA_DIR", settings.data_dir), ("STORE_PATH", settings.store_path),
                        ("REPORTS_DIR", settings.reports_dir), ("CKAN_PAGE_SIZE", "4")):
        monkeypatch.setenv(f"AGA_{name}", str(value))
    url = f"{ckan_api}/api/3/action/package_search?q=purchase"
    assert main(["load", "ckan-birmingham", "--url", url]) == 0
    assert "loaded 10 of 10 row(s)" in capsys.readouterr().out
    assert [parse_qs(urlsplit(r).query)["start"] for r in CkanApi.requests] == [["0"], ["4"], ["8"]]
    store = OxigraphStore.open(settings.store_path, read_only=True)
    datasets = {r["d"].value for r in store.query("SELECT ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }")}
    assert datasets == {f"{ckan_api}/dataset/{p['id']}" for p in PACKAGES}
    [row] = store.query("SELECT ?s WHERE { ?src <http://purl.org/dc/terms/identifier> ?s ; "
                        "<http://spdx.org/rdf/terms#checksum> ?c }")
    assert row["s"].value == url


def test_an_unreachable_api_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AGA_STORE_PATH", str(tmp_path / "store"))
    assert main(["validate", "ckan-birmingham", "--url", "http://127.0.0.1:9/api/3/action/package_search"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the CKAN API" in err and "Traceback" not in err
