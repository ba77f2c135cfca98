"""Time-limited, row-capped query evaluation on a remote SPARQL store.

The remote evaluates; this side bounds the wait (the HTTP timeout, the remote's
own timeout parameter when configured, and a hard deadline on the thread that
waits for it), caps the rows and writes the negotiated format with the same
code as the embedded store's workers, so both answer byte for byte alike. At
most `workers` queries are in flight; a query abandoned at its deadline keeps
its place until its HTTP timeout ends it.
"""
from __future__ import annotations

import queue
import threading
import time
from typing import Iterator

from kg.remote_store import RemoteStore
from kg.store import StoreUnavailable
from server.query_runner import (AllWorkersBusy, Answer, QueryFailed, QueryJob, TimeLimitExceeded, _answer_job,
                                 first_answer)


# An unanswered request that ends this close to the job's deadline ran out of the job's time.
DEADLINE_SLACK = 0.25


class _Deadlined:
    """The remote store, each query given the seconds left before the job's deadline."""

    def __init__(self, store: RemoteStore, deadline: float):
        self._store, self._deadline = store, deadline

    def query(self, sparql: str, **options):
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise StoreUnavailable("no time left to ask the SPARQL store")
        return self._store.query(sparql, timeout=remaining, **options)


class _Messages:
    """What `_answer_job` sends, handed to the web thread through a queue (a pipe in the process pool)."""

    def __init__(self):
        self.queue: queue.Queue = queue.Queue()

    def send(self, message) -> None:
        self.queue.put(message)


class RemoteQueryRunner:
    def __init__(self, store: RemoteStore, *, time_limit: float, workers: int = 2):
        self._store = store
        self.time_limit = time_limit
        self._slots = threading.BoundedSemaphore(workers)

    def start(self, timeout: float = 0) -> bool:
        """Nothing to start: the remote store is the worker."""
        return True

    def run(self, job: QueryJob) -> Answer:
        deadline = time.monotonic() + self.time_limit
        if not self._slots.acquire(timeout=self.time_limit):
            raise AllWorkersBusy(f"every query slot stayed busy for {self.time_limit:g} s")
        messages = _Messages()
        threading.Thread(target=self._evaluate, args=(job, deadline, messages), daemon=True,
                         name="aga-remote-query").start()
        message = self._receive(messages, deadline)
        if message[0] == "unavailable":
            if time.monotonic() >= deadline - DEADLINE_SLACK:
                # The store's socket was given only the time left, so a timeout at the deadline is the time limit.
                raise self._overrun()
            raise StoreUnavailable(message[1])
        return first_answer(message, lambda: self._stream(messages, deadline))

    def _evaluate(self, job: QueryJob, deadline: float, messages: _Messages) -> None:
        try:
            _answer_job(_Deadlined(self._store, deadline), job, messages)
        except StoreUnavailable as error:
            messages.send(("unavailable", str(error)))
        finally:
            self._slots.release()

    def _receive(self, messages: _Messages, deadline: float):
        try:
            return messages.queue.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise self._overrun() from None

    def _overrun(self) -> TimeLimitExceeded:
        return TimeLimitExceeded(f"the query ran past the time limit of {self.time_limit:g} s and was abandoned")

    def _stream(self, messages: _Messages, deadline: float) -> Iterator[bytes]:
        while True:
            message = self._receive(messages, deadline)
            if message[0] == "chunk":
                yield message[1]
            elif message[0] == "end":
                return
            else:
                raise QueryFailed(f"the answer broke off while being written: {message[1]}")

    def close(self) -> None:
        """Nothing to stop: queries in flight end at their HTTP timeout."""
