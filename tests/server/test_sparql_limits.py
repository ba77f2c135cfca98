"""The time limit and the row limit hold, are announced on every answer, and a cut answer never passes as whole."""
from __future__ import annotations

import threading
import time

import pytest
import requests
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.config import Settings
from tests.server.live import serving

TIME_LIMIT = 1.0
ROW_LIMIT = 5
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
# A three-way cross product of the whole store: hours of work for the evaluator.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIX_COMMITMENTS = ("SELECT ?c WHERE { ?c a <https://w3id.org/aga-mx/def/Commitment> } "
                   "ORDER BY ?c LIMIT 6")


@pytest.fixture(scope="module")
def limited(served):
    with serving(served.with_overrides(query_time_limit=TIME_LIMIT, query_row_limit=ROW_LIMIT)) as base:
        yield base + "/sparql"


def test_a_query_past_the_time_limit_is_stopped_and_answered_503_within_a_second_of_the_limit(limited):
    started = time.monotonic()
    response = requests.get(limited, params={"query": ENDLESS}, headers=JSON_RESULTS, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.headers["AGA-Result-Cut"] == "time-limit"
    assert "time limit" in response.text
    assert elapsed < TIME_LIMIT + 1


def test_other_queries_are_served_while_one_overruns(limited):
    overrun = threading.Thread(target=requests.get, args=(limited,),
                               kwargs={"params": {"query": ENDLESS}, "timeout": 30})
    overrun.start()
    time.sleep(0.2)
    answers = [requests.get(limited, params={"query": "ASK { ?s ?p ?o }"}, headers=JSON_RESULTS, timeout=30)
               for _ in range(3)]
    overrun.join()
    assert [a.json()["boolean"] for a in answers] == [True, True, True]


def test_the_service_recovers_after_repeated_overruns(limited):
    for _ in range(3):
        assert requests.get(limited, params={"query": ENDLESS}, timeout=30).status_code == 503
    response = requests.get(limited, params={"query": "ASK { ?s ?p ?o }"}, headers=JSON_RESULTS, timeout=30)
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_an_answer_cut_by_the_row_limit_is_a_206_that_says_so(limited):
    response = requests.get(limited, params={"query": SIX_COMMITMENTS}, headers=JSON_RESULTS)
    assert response.status_code == 206
    assert response.headers["AGA-Result-Cut"] == "row-limit"
    assert response.headers["Content-Range"] == f"rows 0-{ROW_LIMIT - 1}/*"
    assert response.headers["Cache-Control"] == "no-store"
    assert len(response.json()["results"]["bindings"]) == ROW_LIMIT


def test_a_construct_is_capped_by_triples(limited):
    response = requests.get(limited, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                            headers={"Accept": "application/n-triples"})
    assert response.status_code == 206
    assert len(response.text.strip().splitlines()) == ROW_LIMIT


def test_an_answer_within_the_row_limit_is_a_plain_200(limited):
    query = SIX_COMMITMENTS.replace("LIMIT 6", f"LIMIT {ROW_LIMIT}")
    response = requests.get(limited, params={"query": query}, headers=JSON_RESULTS)
    assert response.status_code == 200
    assert "AGA-Result-Cut" not in response.headers
    assert len(response.json()["results"]["bindings"]) == ROW_LIMIT


@pytest.mark.parametrize("params", [{"query": "ASK {}"}, {"query": "SELECT ?x WHERE {"}, {}])
def test_every_answer_announces_both_limits(limited, params):
    response = requests.get(limited, params=params)
    assert response.headers["AGA-Query-Time-Limit"] == "1"
    assert response.headers["AGA-Query-Row-Limit"] == str(ROW_LIMIT)


def test_sparqlwrapper_sees_the_time_limit_as_an_error_not_as_an_empty_result(limited):
    client = SPARQLWrapper(limited)
    client.setQuery(ENDLESS)
    client.setReturnFormat(JSON)
    with pytest.raises(Exception) as raised:
        client.queryAndConvert()
    assert "503" in str(raised.value)


def test_limits_are_settings_from_the_environment():
    settings = Settings.from_env({"AGA_QUERY_TIME_LIMIT": "2.5", "AGA_QUERY_ROW_LIMIT": "0",
                                  "AGA_QUERY_WORKERS": "3",
                                  "AGA_SERVICE_ALLOW_LIST": "https://query.wikidata.org/sparql, https://x.example/q"})
    assert (settings.query_time_limit, settings.query_row_limit, settings.query_workers) == (2.5, 0, 3)
    assert settings.service_allow_list == ("https://query.wikidata.org/sparql", "https://x.example/q")


def test_without_a_row_limit_an_answer_streams_and_a_time_cut_breaks_the_transfer(built):
    """Once a 200 has started, the only honest signal left is an unfinished body: clients raise.
    (On a machine too busy to send the first chunk within the limit, the answer is the 503 instead.)"""
    with serving(built.with_overrides(query_time_limit=TIME_LIMIT, query_row_limit=0, query_workers=1)) as base:
        started = time.monotonic()
        response = requests.get(base + "/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"},
                                headers={"Accept": "text/csv"}, timeout=30, stream=True)
        if response.status_code == 503:
            assert response.headers["AGA-Result-Cut"] == "time-limit"
        else:
            assert response.status_code == 200 and response.headers["AGA-Query-Row-Limit"] == "none"
            with pytest.raises(requests.exceptions.ChunkedEncodingError):
                for _ in response.iter_content(chunk_size=65536):
                    pass
        assert time.monotonic() - started < TIME_LIMIT + 1


def test_a_worker_left_behind_by_a_dead_web_process_stops_itself(built):
    """If the web process dies mid-query nothing kills its worker: the worker's own alarm must."""
    import os
    import signal
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from server.query_runner import ProcessPoolRunner, QueryJob\n"
        "if __name__ == '__main__':\n"
        f"    runner = ProcessPoolRunner({str(built.store_path.resolve())!r}, time_limit=1, workers=1)\n"
        "    runner.start()\n"
        "    worker = runner._idle.get()\n"
        f"    worker.connection.send(QueryJob({ENDLESS!r}))\n"
        "    print(worker.process.pid, flush=True)\n"
        "    time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=str(built.queries_dir.parent))
    worker_pid = int(parent.stdout.readline())
    parent.kill()  # the web process dies without a word to its workers
    parent.wait()
    deadline = time.monotonic() + 1 + 2 + 3
    while time.monotonic() < deadline:
        try:
            os.kill(worker_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.kill(worker_pid, signal.SIGKILL)
        raise AssertionError("the orphaned worker was still evaluating after its time limit")
