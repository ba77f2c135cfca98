"""Caches revalidate against the store's version; browsers on other origins may read the answers."""
from __future__ import annotations

import shutil

import requests

from kg.store import OxigraphStore
from tests.conftest import settings_in
from tests.server.live import serving

QUERY = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


def test_an_answer_carries_validators_and_a_cache_lifetime(live_server):
    response = requests.get(live_server + "/sparql", params=QUERY, headers=JSON_RESULTS)
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('W/"')
    assert response.headers["Last-Modified"].endswith("GMT")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Accept" in response.headers["Vary"]


def test_revalidation_with_the_etag_is_a_304_without_a_body(live_server):
    first = requests.get(live_server + "/sparql", params=QUERY, headers=JSON_RESULTS)
    again = requests.get(live_server + "/sparql", params=QUERY,
                         headers={**JSON_RESULTS, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_revalidation_by_date_is_a_304(live_server):
    first = requests.get(live_server + "/sparql", params=QUERY, headers=JSON_RESULTS)
    again = requests.get(live_server + "/sparql", params=QUERY,
                         headers={**JSON_RESULTS, "If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304


def test_another_format_of_the_same_query_has_another_etag(live_server):
    as_json = requests.get(live_server + "/sparql", params=QUERY, headers=JSON_RESULTS)
    as_csv = requests.get(live_server + "/sparql", params=QUERY, headers={"Accept": "text/csv"})
    assert as_json.headers["ETag"] != as_csv.headers["ETag"]
    stale = requests.get(live_server + "/sparql", params=QUERY,
                         headers={"Accept": "text/csv", "If-None-Match": as_json.headers["ETag"]})
    assert stale.status_code == 200


def test_loading_data_changes_the_etag(built, tmp_path):
    settings = settings_in(tmp_path)
    shutil.copytree(built.store_path.resolve(), settings.store_path)
    with serving(settings) as base:
        before = requests.get(base + "/sparql", params=QUERY, headers=JSON_RESULTS).headers["ETag"]
    store = OxigraphStore.open(settings.store_path)
    store.mark_new_version()
    store.close()
    del store
    with serving(settings) as base:
        after = requests.get(base + "/sparql", params=QUERY, headers={**JSON_RESULTS, "If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_errors_and_cut_answers_are_not_cached(live_server):
    response = requests.get(live_server + "/sparql", params={"query": "SELECT"})
    assert response.status_code == 400 and response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_browsers_on_other_origins_may_read_answers_and_their_limit_headers(live_server):
    response = requests.get(live_server + "/sparql", params=QUERY,
                            headers={**JSON_RESULTS, "Origin": "https://notebook.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert "AGA-Result-Cut" in exposed and "AGA-Query-Row-Limit" in exposed and "ETag" in exposed


def test_a_preflight_allows_a_direct_post(live_server):
    response = requests.options(live_server + "/sparql", headers={
        "Origin": "https://notebook.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert response.status_code == 204
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
