"""Time-limited, row-capped query evaluation in worker processes that can be stopped.

pyoxigraph has no query timeout and evaluates in Rust, beyond the reach of a
Python thread, so the only sound way to stop a query is to stop the process
running it. Each worker opens the store read-only, evaluates one query at a
time, serializes the answer itself and sends it back in chunks; a worker whose
query overruns is killed and replaced in the background, while the others
keep serving.

A row-capped result is read up to one row past the cap before anything is
sent, so the caller knows whether it was cut before it chooses a status. A
store reached another way (issue 8's remote stores) supplies its own
`QueryRunner`.
"""
from __future__ import annotations

import math
import multiprocessing
import queue
import signal
import threading
import time
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, Protocol

CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class QueryJob:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    # The negotiated format's short name for each kind of result; None when the client accepts none.
    solutions_format: str | None = "json"
    graph_format: str | None = "ttl"
    row_limit: int = 0
    # False when the query has its own FROM clause; otherwise the default graph is the union of all graphs.
    union_default_graph: bool = True
    # Relative IRIs in the query resolve against this (the endpoint's URL), as the protocol allows.
    base_iri: str | None = None
    # The store directory the request is pinned to; a worker moves to it when the store link moved.
    store_path: str | None = None
    # That store's version: answers may be cached under it (server/result_cache.py); None: never cached.
    store_version: str | None = None


@dataclass
class Answer:
    """An answer being delivered: its kind and format are known, its body streams."""
    kind: str  # "boolean", "solutions" or "graph"
    format_name: str
    cut: bool  # True when the row limit removed rows
    body: Iterator[bytes]


class QueryFailed(Exception):
    """The query was refused before any answer was sent: a syntax or evaluation error."""


class TimeLimitExceeded(Exception):
    pass


class NoAcceptableFormat(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class AllWorkersBusy(Exception):
    pass


class QueryRunner(Protocol):
    def run(self, job: QueryJob) -> Answer:
        """Start the job; raises QueryFailed, NoAcceptableFormat, TimeLimitExceeded or AllWorkersBusy.

        The answer's body raises TimeLimitExceeded if the limit passes while it streams.
        """

    def close(self) -> None: ...


# --- the worker side ------------------------------------------------------------------


def first_answer(message, rest: Callable[[], Iterator[bytes]]) -> Answer:
    """The answer that an evaluation's first message announces: a head whose body follows (`rest`),
    a whole small answer, or a refusal raised as its exception."""
    if message[0] == "head":
        _, kind, format_name, cut = message
        return Answer(kind, format_name, cut, rest())
    if message[0] == "whole":
        _, kind, format_name, cut, body = message
        return Answer(kind, format_name, cut, iter((body,)))
    if message[0] == "not-acceptable":
        raise NoAcceptableFormat(message[1])
    raise QueryFailed(message[1])


class _Outbox:
    """The answer on its way down the pipe, in chunks of CHUNK_BYTES.

    An answer that fits in one chunk goes as one message, head and body together:
    a point lookup then costs the web process one wake-up, not three. It is also a
    binary file for pyoxigraph's serializers.
    """

    def __init__(self, connection, kind: str, format_name: str, cut: bool):
        self._connection = connection
        self._head = ("head", kind, format_name, cut)
        self._head_sent = False
        self._buffer = bytearray()

    def write(self, data) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK_BYTES:
            self._send_chunk()
        return len(data)

    def flush(self) -> None:
        """Chunks go out by size (write) and at the end (close)."""

    def _send_chunk(self) -> None:
        if not self._head_sent:
            self._connection.send(self._head)
            self._head_sent = True
        self._connection.send(("chunk", bytes(self._buffer)))
        self._buffer.clear()

    def close(self) -> None:
        if not self._head_sent:
            self._connection.send(("whole", *self._head[1:], bytes(self._buffer)))
            return
        if self._buffer:
            self._send_chunk()
        self._connection.send(("end",))

    def fail(self, message: str) -> None:
        """An error while writing: a refusal if nothing went out yet, else a broken answer."""
        self._connection.send(("broken", message) if self._head_sent else ("failed", message))


def _capped(items: Iterator, row_limit: int) -> tuple[Iterable, bool]:
    if not row_limit:
        return items, False
    head = list(islice(items, row_limit + 1))
    return head[:row_limit], len(head) > row_limit


# Seconds after which a worker ends itself mid-job; set once per worker process by _run_worker.
_backstop_seconds = 0


def _run_worker(store_path: str, connection, time_limit: float) -> None:
    global _backstop_seconds
    _backstop_seconds = math.ceil(time_limit) + 2
    _worker_main(store_path, connection)


def _answer(store, job: QueryJob, connection) -> None:
    """Answers one job, under a backstop in case the web process dies mid-query and so never kills
    this worker: an alarm with no handler ends the process, even inside a long Rust evaluation."""
    signal.alarm(_backstop_seconds)
    try:
        _answer_job(store, job, connection)
    finally:
        signal.alarm(0)


def _answer_job(store, job: QueryJob, connection) -> None:
    from pyoxigraph import DefaultGraph, Quad, QueryBoolean, QuerySolutions, serialize

    from kg.namespaces import PREFIXES
    from kg.store import StoreUnavailable
    from server.formats import GRAPH_RESULTS
    from server.results import SOLUTION_WRITERS, boolean_body

    try:
        result = store.query(job.query, default_graph_uris=job.default_graphs, named_graph_uris=job.named_graphs,
                             union_default_graph=job.union_default_graph, base_iri=job.base_iri)
        kind = ("boolean" if isinstance(result, QueryBoolean)
                else "solutions" if isinstance(result, QuerySolutions) else "graph")
        format_name = job.graph_format if kind == "graph" else job.solutions_format
        if format_name is None:
            connection.send(("not-acceptable", kind))
            return
        if kind == "boolean":
            outbox = _Outbox(connection, kind, format_name, False)
            outbox.write(boolean_body(format_name, bool(result)).encode("utf-8"))
            outbox.close()
            return
        rows, cut = _capped(iter(result), job.row_limit)
        variables = [v.value for v in result.variables] if kind == "solutions" else []
    except SyntaxError as error:
        connection.send(("failed", f"Query syntax error: {error}"))
        return
    except StoreUnavailable:
        raise  # not the query's fault: a remote store did not answer (server/remote_runner.py)
    except (OSError, ValueError, TypeError, RuntimeError) as error:
        connection.send(("failed", f"Query could not be evaluated: {error}"))
        return

    outbox = _Outbox(connection, kind, format_name, cut)
    try:
        if kind == "solutions":
            for text in SOLUTION_WRITERS[format_name](variables, rows):
                outbox.write(text.encode("utf-8"))
        else:
            chosen = next(f for f in GRAPH_RESULTS if f.name == format_name)
            if chosen.quads:
                rows = (Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in rows)
            serialize(rows, outbox, chosen.rdf, prefixes=PREFIXES)
    except (OSError, ValueError, TypeError, RuntimeError) as error:
        outbox.fail(str(error))
        return
    outbox.close()


def _worker_main(store_path: str, connection) -> None:
    from pathlib import Path

    from pyoxigraph import Store

    from kg.store import OxigraphStore

    store = OxigraphStore(Store.read_only(store_path), Path(store_path))
    connection.send(("ready",))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job.store_path and job.store_path != str(store.path):
            # `aga-kg build` switched the store link: answer from the store the request was pinned to.
            store = OxigraphStore(Store.read_only(job.store_path), Path(job.store_path))
        _answer(store, job, connection)


# --- the web process side ------------------------------------------------------------


class _Worker:
    def __init__(self, context, store_path: str, time_limit: float):
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_run_worker, args=(store_path, child_end, time_limit), daemon=True,
                                       name="aga-query-worker")
        self.process.start()
        child_end.close()

    def wait_ready(self, timeout: float) -> bool:
        try:
            return self.connection.poll(timeout) and self.connection.recv() == ("ready",)
        except (EOFError, OSError):  # stopped while starting
            return False

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=1)
        self.connection.close()


class ProcessPoolRunner:
    """Runs each query in one of `workers` processes and kills it when `time_limit` seconds pass.

    A query waits at most `queue_wait` seconds (never past its time limit) for a free worker, then gets
    AllWorkersBusy: a waiting request holds a web worker that pages could use.
    """

    def __init__(self, store_path, *, time_limit: float, workers: int = 2, queue_wait: float | None = None):
        self._store_path = str(store_path)
        self.time_limit = time_limit
        self.queue_wait = time_limit if queue_wait is None else min(queue_wait, time_limit)
        self._size = workers
        # No plain fork of a threaded web process: workers fork from a clean fork server that
        # has imported this module once, so a new worker starts in milliseconds, not seconds.
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["server.query_runner", "kg.store", "server.results"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._in_service = 0  # workers idle or busy, not counting the spare
        self._spare: _Worker | None = None
        self._started = False
        self._closed = False

    def _start_pool(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(self._size + 1):  # one more than serve: a warm spare
            self._start_in_background()

    def _start_in_background(self) -> None:
        worker = _Worker(self._context, self._store_path, self.time_limit)
        with self._lock:
            self._all.add(worker)
        threading.Thread(target=self._make_available, args=(worker,), daemon=True).start()

    def _make_available(self, worker: _Worker) -> None:
        if not worker.wait_ready(timeout=60):
            if not self._closed:
                self._discard(worker)
            return
        with self._lock:
            if self._in_service < self._size:
                self._in_service += 1
                self._idle.put(worker)
                return
            if self._spare is None and not self._closed:
                self._spare = worker
                return
        self._stop(worker)

    def _stop(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def _discard(self, worker: _Worker) -> None:
        """Kills a worker; the warm spare takes its place at once, and a new spare starts."""
        self._stop(worker)
        with self._lock:
            if self._closed:
                return
            self._in_service -= 1
            spare, self._spare = self._spare, None
            if spare is not None:
                self._in_service += 1
                self._idle.put(spare)
        self._start_in_background()

    def start(self, timeout: float = 60) -> bool:
        """Starts the workers now rather than on the first query; True once all are ready."""
        self._start_pool()
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            with self._lock:
                if self._in_service == self._size and self._spare is not None:
                    return True
            time.sleep(0.05)
        return False

    def _discard_soon(self, worker: _Worker) -> None:
        """Kills and replaces a worker off the request's path, so the answer goes out at once."""
        threading.Thread(target=self._discard, args=(worker,), daemon=True).start()

    def run(self, job: QueryJob) -> Answer:
        deadline = time.monotonic() + self.time_limit  # waiting for a free worker counts too
        self._start_pool()
        try:
            worker = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            raise AllWorkersBusy(f"every query worker stayed busy for {self.queue_wait:g} s") from None
        try:
            worker.connection.send(job)
            message = self._receive(worker, deadline)
        except BaseException:
            self._discard_soon(worker)
            raise
        if message[0] != "head":
            self._idle.put(worker)
        return first_answer(message, lambda: self._stream(worker, deadline))

    def _receive(self, worker: _Worker, deadline: float):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not worker.connection.poll(remaining):
            raise TimeLimitExceeded(f"the query ran past the time limit of {self.time_limit:g} s and was stopped")
        return worker.connection.recv()

    def _stream(self, worker: _Worker, deadline: float) -> Iterator[bytes]:
        finished = False
        try:
            while True:
                message = self._receive(worker, deadline)
                if message[0] == "chunk":
                    yield message[1]
                elif message[0] == "end":
                    finished = True
                    return
                else:
                    raise QueryFailed(f"the answer broke off while being written: {message[1]}")
        finally:
            # A worker whose answer was not read to the end still has a query in flight: replace it.
            if finished:
                self._idle.put(worker)
            else:
                self._discard_soon(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()

