"""Whole SPARQL answers kept per store version, so a repeated query costs no evaluation.

A `QueryRunner` wrapping another one (the worker pool, or issue 8's remote
runner). The key is the whole job: store version, query text, dataset, formats,
row limit, base IRI and store directory. Only an answer read to its end is kept:
never one cut by the row limit, stopped by the time limit, broken off or
abandoned by its client; never one larger than `max_answer_bytes`. A job
without a store version is passed through uncached.
"""
from __future__ import annotations

from typing import Iterator

from server.bounded_cache import BoundedCache
from server.query_runner import Answer, QueryJob, QueryRunner


class CachingRunner:
    def __init__(self, runner: QueryRunner, *, max_bytes: int, max_answer_bytes: int):
        self.runner = runner
        self.max_answer_bytes = max_answer_bytes
        self.answers = BoundedCache(max_bytes)

    def start(self, *args, **kwargs) -> bool:
        """Starts the wrapped runner's workers now (server/wsgi.py does at boot); a runner without
        workers to start (a remote one) is ready at once."""
        start = getattr(self.runner, "start", None)
        return start(*args, **kwargs) if start is not None else True

    def run(self, job: QueryJob) -> Answer:
        if job.store_version is None or not self.answers.capacity:
            return self.runner.run(job)
        kept = self.answers.get(job)
        if kept is not None:
            kind, format_name, chunks = kept
            return Answer(kind, format_name, False, iter(chunks))
        answer = self.runner.run(job)
        if answer.cut:
            return answer
        return Answer(answer.kind, answer.format_name, False, self._keeping(job, answer))

    def _keeping(self, job: QueryJob, answer: Answer) -> Iterator[bytes]:
        """Passes the body on, and keeps it once its last chunk has gone out."""
        chunks: list[bytes] | None = []
        size = 0
        for chunk in answer.body:
            if chunks is not None:
                size += len(chunk)
                if size <= self.max_answer_bytes:
                    chunks.append(chunk)
                else:
                    chunks = None
            yield chunk
        if chunks is not None:
            self.answers.put(job, (answer.kind, answer.format_name, tuple(chunks)), max(size, 1))

    def close(self) -> None:
        self.runner.close()
