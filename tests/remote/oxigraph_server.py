"""`oxigraph serve` as the remote SPARQL store: started on a free loopback port, killed and restarted at will."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kg.config import Settings

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OxigraphServer:
    """One `oxigraph serve` process over a directory; `kill` and `start` again keep its port and data."""

    def __init__(self, directory: Path, query_timeout: int = 5):
        if OXIGRAPH is None:
            raise RuntimeError("the `oxigraph` command is missing: install the test extras (pip install -e '.[test]')")
        self.directory = directory
        # The store's own limit: a query the service abandoned at its time limit stops here too.
        self.query_timeout = query_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> None:
        self._process = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{self.port}",
                                          "--location", str(self.directory), "--timeout-s", str(self.query_timeout)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if self._process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self._process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=1):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url} within {timeout} s")

    def kill(self) -> None:
        """SIGKILL: no chance to finish what it was doing, as when a machine dies."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None

    def settings(self, settings: Settings, **overrides) -> Settings:
        """`settings` pointed at this server as the remote store."""
        return settings.with_overrides(store_kind="remote", store_query_url=self.url + "/query",
                                       store_update_url=self.url + "/update",
                                       store_graph_store_url=self.url + "/store", **overrides)


@contextmanager
def oxigraph_server(directory: Path) -> Iterator[OxigraphServer]:
    server = OxigraphServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.kill()
