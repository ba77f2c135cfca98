"""Progress of a long load on a terminal (rows, rate, elapsed); silent when output is not a TTY, as in CI."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, stream: TextIO | None = None, every: float = 0.5):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.label = label
        self.every = every
        self.started = self.last = time.monotonic()
        self.shown = False

    def __call__(self, rows: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        elapsed = now - self.started
        self.stream.write(f"\r{self.label}: {rows} rows, {rows / elapsed:,.0f} rows/s, {elapsed:.1f} s elapsed")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
