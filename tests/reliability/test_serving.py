"""Production serving: gunicorn workers, a rebuild while serving, a worker killed mid-request."""
from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from kg.pipeline import build_store
from tests.reliability.conftest import gunicorn, worker_pids

VERSION_QUERY = "SELECT ?v WHERE { GRAPH <urn:aga-mx:store-metadata> { ?s ?p ?v } }"
# Long enough to still be running when the test kills its worker.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def served_version(base: str) -> str:
    response = requests.get(base + "/sparql", params={"query": VERSION_QUERY},
                            headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"][0]["v"]["value"]


def open_builds(pid: int) -> set[str]:
    """The store directories a process has files open in."""
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "/builds/" in target:
            found.add(target.split("/builds/")[1].split("/")[0])
    return found


def descendants_and_self(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        process = pending.pop()
        found.append(process)
        try:
            pending.extend(worker_pids(process))
        except OSError:
            pass
    return found


def cpu_ticks(pid: int) -> int:
    """User + system CPU of a process and its descendants (a worker hands queries to processes
    forked from its fork server, which are its grandchildren)."""
    total = 0
    for process in descendants_and_self(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def test_make_run_serves_through_gunicorn_with_several_workers(small_built):
    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "gunicorn -c gunicorn.conf.py" in run_recipe
    with gunicorn(small_built, workers=3) as (base, process):
        response = requests.get(base + "/", timeout=10)
        assert response.status_code == 200
        assert response.headers["Server"].startswith("gunicorn")
        assert len(worker_pids(process.pid)) == 3


def test_a_rebuild_while_serving_drops_no_request_and_every_worker_moves_to_the_new_store(own_small_store):
    settings = own_small_store
    with gunicorn(settings, workers=2) as (base, process):
        old_version = served_version(base)
        old_build = os.path.basename(os.path.realpath(settings.store_path))
        answers: list[tuple[float, int, str]] = []
        stop = threading.Event()

        def keep_asking():
            session = requests.Session()
            while not stop.is_set():
                started = time.monotonic()
                response = session.get(base + "/sparql", params={"query": VERSION_QUERY},
                                       headers={"Accept": "application/sparql-results+json"}, timeout=10)
                bindings = response.json()["results"]["bindings"] if response.ok else []
                answers.append((started, response.status_code, bindings[0]["v"]["value"] if bindings else ""))

        askers = [threading.Thread(target=keep_asking) for _ in range(4)]
        for asker in askers:
            asker.start()
        time.sleep(0.3)
        new_build, _ = build_store(settings)
        switched = time.monotonic()
        time.sleep(0.5)
        stop.set()
        for asker in askers:
            asker.join()

        with ThreadPoolExecutor(8) as pool:
            after = list(pool.map(lambda _: served_version(base), range(40)))
        new_version = after[0]
        assert new_version != old_version
        assert {status for _, status, _ in answers} == {200}
        assert {version for _, _, version in answers} <= {old_version, new_version}
        assert all(version == new_version for started, _, version in answers if started > switched)
        assert set(after) == {new_version}
        for worker in worker_pids(process.pid):
            assert open_builds(worker) == {new_build.name}, f"worker {worker} still reads {old_build}"


def test_a_worker_killed_mid_request_leaves_the_others_serving(small_built):
    with gunicorn(small_built, workers=2) as (base, process):
        workers = worker_pids(process.pid)
        before = {pid: cpu_ticks(pid) for pid in workers}
        outcome = {}

        def slow_request():
            try:
                outcome["status"] = requests.get(base + "/sparql", params={"query": SLOW_QUERY}, timeout=60).status_code
            except requests.RequestException as error:
                outcome["error"] = error

        doomed_request = threading.Thread(target=slow_request)
        doomed_request.start()
        busy = None
        deadline = time.monotonic() + 10
        while busy is None and time.monotonic() < deadline:
            time.sleep(0.2)
            busy = next((pid for pid in workers if cpu_ticks(pid) - before[pid] >= 10), None)
        assert busy is not None, "no worker took up the slow query"
        os.kill(busy, signal.SIGKILL)
        doomed_request.join(timeout=30)

        statuses = [requests.get(base + "/id/commitment/MX0064", timeout=10).status_code for _ in range(20)]
        assert statuses == [200] * 20
        assert "status" not in outcome or outcome["status"] >= 500  # the killed request is the only one lost
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and (busy in worker_pids(process.pid) or len(worker_pids(process.pid)) < 2):
            time.sleep(0.2)
        assert busy not in worker_pids(process.pid)
        assert len(worker_pids(process.pid)) == 2, "the master did not replace the killed worker"
