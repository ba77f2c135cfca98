"""Reliability fixtures: a small data folder, stores compared quad by quad, gunicorn as a real process."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, settings as hypothesis_settings

from kg.config import PROJECT_ROOT, Settings
from kg.pipeline import build_store
from kg.store import OxigraphStore
from tests.conftest import settings_in

VENV_BIN = Path(sys.executable).parent

# `make reliability` runs pytest with --hypothesis-profile long: more examples (see `examples`), no deadline.
hypothesis_settings.register_profile("long", deadline=None, suppress_health_check=[HealthCheck.too_slow])

SMALL_MANIFEST = """
[[source]]
name = "ogp-mexico-commitments"
loader = "ogp-export"
file = "ogp-mexico/commitments.csv"
options = { title_language = "en" }

[[source]]
name = "ogp-mexico-action-plans"
loader = "ogp-action-plans"
file = "ogp-mexico/action-plans.csv"
options = { member_code = "MX", member_name = "Mexico" }
"""


def small_data_dir(directory: Path) -> Path:
    """The bundled Mexican sources only: a real build in well under a second."""
    data = directory / "data"
    (data / "ogp-mexico").mkdir(parents=True)
    for name in ("commitments.csv", "action-plans.csv"):
        shutil.copy(PROJECT_ROOT / "data" / "ogp-mexico" / name, data / "ogp-mexico" / name)
    shutil.copy(PROJECT_ROOT / "data" / "agencies.csv", data / "agencies.csv")
    (data / "manifest.toml").write_text(SMALL_MANIFEST, encoding="utf-8")
    return data


def build_small(directory: Path) -> Settings:
    settings = settings_in(directory, data_dir=small_data_dir(directory))
    build_store(settings)
    return settings


@pytest.fixture(scope="session")
def small_built(tmp_path_factory) -> Settings:
    """A small store shared by the tests that only read it."""
    return build_small(tmp_path_factory.mktemp("small"))


@pytest.fixture
def own_small_store(tmp_path) -> Settings:
    """A small store for one test that rebuilds, loads into or breaks it."""
    return build_small(tmp_path)


def all_quads(store_path: Path) -> set[str]:
    """Every quad of a store on disk, as text, read through a fresh read-only open."""
    store = OxigraphStore.open(store_path, read_only=True)
    try:
        return {str(quad) for quad in store.quads()}
    finally:
        store.close()


def environment(settings: Settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"AGA_STORE_PATH": str(settings.store_path), "AGA_DATA_DIR": str(settings.data_dir),
                "AGA_RATE_LIMIT_REQUESTS": str(settings.rate_limit_requests),
                "AGA_RATE_LIMIT_WINDOW": str(settings.rate_limit_window), "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers of a master: its child processes, from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()]


@contextmanager
def gunicorn(settings: Settings, workers: int = 2, **extra_env: str):
    """`make run`'s server as a real process on a free loopback port; yields (base URL, process)."""
    port = free_port()
    env = environment(settings, AGA_HOST="127.0.0.1", AGA_PORT=str(port), AGA_WORKERS=str(workers), **extra_env)
    process = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-c", str(PROJECT_ROOT / "gunicorn.conf.py")],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok \
                        and len(worker_pids(process.pid)) == workers:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or workers still booting
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start:\n" + process.stdout.read().decode())
            time.sleep(0.1)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def app_server(settings: Settings, store: OxigraphStore | None = None):
    """The app in this process over real HTTP on a free loopback port; yields its base URL."""
    from tests.server.live import serving

    return serving(settings, store)


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """GET a request target exactly as written (no client-side dot-segment clean-up)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def examples(quick: int, long: int) -> int:
    """How many examples a randomised test tries: `quick` in `make test`, `long` under
    `--hypothesis-profile long` (`make reliability`)."""
    return long if hypothesis_settings.get_current_profile_name() == "long" else quick


def figure(text: str) -> None:
    """A measured figure for RELIABILITY.md; shown with `pytest -s`, collected by `make reliability`."""
    print(f"\nfigure: {text}")
