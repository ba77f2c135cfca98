"""Kept SPARQL answers: a repeat costs no evaluation, and only a whole answer of the same store version is kept."""
from __future__ import annotations

import pytest

from kg.store import OxigraphStore
from server.bounded_cache import BoundedCache
from server.query_runner import ProcessPoolRunner, QueryFailed, QueryJob
from server.result_cache import CachingRunner

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:x:p> ?o }"
ALL = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"


class Counting:
    """The real worker pool, counting the jobs that reach it."""

    def __init__(self, runner):
        self.runner, self.jobs = runner, 0

    def run(self, job):
        self.jobs += 1
        return self.runner.run(job)

    def close(self):
        self.runner.close()


def store_of(path, statements: int) -> tuple[str, str]:
    """A finished store with `statements` triples; its directory and version."""
    store = OxigraphStore.open(path)
    store.replace_graph("urn:x:graph", [b"".join(f'<urn:x:s{i}> <urn:x:p> "{i}" .\n'.encode()
                                                 for i in range(statements))])
    version = store.version()
    store.close()
    return str(path), version


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("result-cache")
    return store_of(folder / "old", 2), store_of(folder / "new", 3)


@pytest.fixture()
def pool(stores):
    runner = ProcessPoolRunner(stores[0][0], time_limit=5, workers=1)
    assert runner.start()
    yield Counting(runner)
    runner.close()


def job(query: str, store: tuple[str, str], row_limit: int = 0) -> QueryJob:
    path, version = store
    return QueryJob(query, row_limit=row_limit, store_path=path, store_version=version)


def body(answer) -> bytes:
    return b"".join(answer.body)


def test_a_repeated_query_gets_the_same_answer_without_being_evaluated_again(stores, pool):
    cache = CachingRunner(pool, max_bytes=100_000, max_answer_bytes=10_000)
    first = body(cache.run(job(ALL, stores[0])))
    again = cache.run(job(ALL, stores[0]))
    assert body(again) == first and b"urn:x:s1" in first
    assert (again.kind, again.format_name, again.cut) == ("solutions", "json", False)
    assert pool.jobs == 1


def test_a_new_store_version_never_gets_an_answer_kept_for_the_old_one(stores, pool):
    cache = CachingRunner(pool, max_bytes=100_000, max_answer_bytes=10_000)
    old, new = stores
    assert b'"2"' in body(cache.run(job(COUNT, old)))
    assert b'"3"' in body(cache.run(job(COUNT, new)))
    same_directory_new_version = (old[0], new[1])
    body(cache.run(job(COUNT, same_directory_new_version)))
    assert pool.jobs == 3


def test_an_answer_cut_by_the_row_limit_is_never_kept(stores, pool):
    cache = CachingRunner(pool, max_bytes=100_000, max_answer_bytes=10_000)
    for _ in range(2):
        answer = cache.run(job(ALL, stores[0], row_limit=1))
        assert answer.cut
        body(answer)
    assert pool.jobs == 2 and len(cache.answers) == 0


def test_an_answer_its_client_abandoned_is_not_kept(stores, pool):
    cache = CachingRunner(pool, max_bytes=100_000, max_answer_bytes=10_000)
    unread = cache.run(job(ALL, stores[0])).body
    unread.close()
    body(cache.run(job(ALL, stores[0])))
    assert pool.jobs == 2


def test_a_refused_query_is_not_kept(stores, pool):
    cache = CachingRunner(pool, max_bytes=100_000, max_answer_bytes=10_000)
    for _ in range(2):
        with pytest.raises(QueryFailed):
            cache.run(job("SELECT nonsense", stores[0]))
    assert pool.jobs == 2 and len(cache.answers) == 0


def test_an_answer_above_the_answer_limit_is_delivered_whole_but_not_kept(stores, pool):
    cache = CachingRunner(pool, max_bytes=100_000, max_answer_bytes=50)
    whole = body(cache.run(job(ALL, stores[0])))
    assert len(whole) > 50 and whole.rstrip().endswith(b"}")
    body(cache.run(job(ALL, stores[0])))
    assert pool.jobs == 2


def test_a_job_without_a_store_version_is_never_kept(stores, pool):
    cache = CachingRunner(pool, max_bytes=100_000, max_answer_bytes=10_000)
    for _ in range(2):
        body(cache.run(QueryJob(ALL, store_path=stores[0][0])))
    assert pool.jobs == 2


def test_the_cache_stays_within_its_budget_by_dropping_the_least_recently_used():
    cache = BoundedCache(capacity=10)
    cache.put("a", "A", cost=4)
    cache.put("b", "B", cost=4)
    assert cache.get("a") == "A"  # now "b" is the least recently used
    cache.put("c", "C", cost=4)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")
    assert cache.cost == 8
    cache.put("huge", "H", cost=11)
    assert cache.get("huge") is None and cache.cost == 8
