"""When every query worker is busy, a further query is told to come back (503, Retry-After) at once,
rather than holding a web worker, and pages keep answering meanwhile."""
from __future__ import annotations

import threading
import time

import requests

from tests.server.live import serving
from tests.server.test_sparql_limits import ENDLESS, JSON_RESULTS

QUEUE_WAIT = 0.3
TIME_LIMIT = 5.0


def test_a_query_finding_every_worker_busy_gets_a_quick_503_with_retry_after_and_pages_still_answer(built):
    settings = built.with_overrides(query_workers=1, query_time_limit=TIME_LIMIT, query_queue_wait=QUEUE_WAIT)
    with serving(settings) as base:
        overrun = threading.Thread(target=requests.get, args=(base + "/sparql",),
                                   kwargs={"params": {"query": ENDLESS}, "timeout": 30})
        overrun.start()
        time.sleep(0.3)  # the one worker is now evaluating the endless query
        busy = requests.get(base + "/sparql", params={"query": "ASK {}"}, headers=JSON_RESULTS, timeout=30)
        answered_while_the_worker_was_busy = overrun.is_alive()
        page = requests.get(base + "/id/action-plan/MX-4", headers={"Accept": "text/html"}, timeout=30)
        overrun.join()
        after = requests.get(base + "/sparql", params={"query": "ASK {}"}, headers=JSON_RESULTS, timeout=30)
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) > 0 and "busy" in busy.text
    # Told at once (after the queue wait), not after the busy query's whole time limit.
    assert answered_while_the_worker_was_busy
    assert page.status_code == 200
    assert after.status_code == 200 and after.json()["boolean"] is True
