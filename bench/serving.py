"""The service as `make run` serves it (gunicorn, gunicorn.conf.py), on a free loopback port, for benchmarks.

Also the CPU time its processes (master, web workers, query workers) have used,
read from /proc: a figure the machine's other load disturbs far less than
latency does.
"""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

from kg.config import PROJECT_ROOT

TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, path: str, timeout: float = 120) -> None:
    """Until `path` answers a trivial query with 200."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path + "?" + urlencode({"query": "ASK {}"}),
                               headers={"Accept": "application/sparql-results+json"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"no server answered on port {port} within {timeout:g} s")


@contextmanager
def gunicorn(store: Path, log: Path, **settings: str) -> Iterator[tuple[int, subprocess.Popen]]:
    """Serves the store read-only; yields the port and the master process. `settings` are AGA_* overrides."""
    port = free_port()
    environment = {**os.environ, "AGA_STORE_PATH": str(store), "AGA_HOST": "127.0.0.1", "AGA_PORT": str(port),
                   "AGA_RATE_LIMIT_REQUESTS": "0", "PYTHONPATH": str(PROJECT_ROOT),
                   **{f"AGA_{name.upper()}": value for name, value in settings.items()}}
    with open(log, "wb") as errors:
        master = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                                   "--log-level", "warning"], cwd=PROJECT_ROOT, env=environment,
                                  stdout=subprocess.DEVNULL, stderr=errors)
        try:
            wait_until_up(port, "/sparql")
            settle(master.pid)
            yield port, master
        finally:
            master.terminate()
            master.wait(timeout=60)


def settle(root_pid: int, timeout: float = 600) -> None:
    """Until the server's start-up work (each web worker's search index) is done: under 5% of a core for 2 s."""
    until = time.monotonic() + timeout
    before = cpu_seconds(root_pid)
    while time.monotonic() < until:
        time.sleep(2)
        now = cpu_seconds(root_pid)
        if now - before < 0.1:
            return
        before = now
    raise SystemExit(f"the server was still busy {timeout:g} s after it started")


def cpu_seconds(root_pid: int) -> float:
    """User and system CPU of a process and all its descendants, living ones only."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / TICKS
    family = {root_pid}
    while True:
        joined = {pid for pid, parent in parents.items() if parent in family} - family
        if not joined:
            return sum(times.get(pid, 0.0) for pid in family)
        family |= joined
