"""Shared fixtures: real stores on disk, the real app over real HTTP."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.pipeline import build_store
from tests.remote.oxigraph_server import oxigraph_server
from tests.server.live import serving

DATA = PROJECT_ROOT / "data"


def settings_in(directory: Path, **overrides) -> Settings:
    """Project defaults, with the store, reports (and anything else given) under a test directory.

    The per-client rate limit is off unless a test turns it on: every test client is 127.0.0.1.
    """
    overrides.setdefault("rate_limit_requests", 0)
    return Settings().with_overrides(store_path=directory / "store", reports_dir=directory / "reports", **overrides)


def small_data_dir(tmp_path, *source_names):
    """A copy of data/ whose manifest lists only the named sources: builds in a second, not in twenty."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    manifest = (data / "manifest.toml").read_text(encoding="utf-8")
    kept = [block for block in manifest.split("[[source]]")[1:]
            if any(f'name = "{name}"' in block for name in source_names)]
    (data / "manifest.toml").write_text("".join("[[source]]" + block for block in kept), encoding="utf-8")
    return data


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Settings:
    """The bundled data built once into a store for the whole session (read-only use)."""
    settings = settings_in(tmp_path_factory.mktemp("built"))
    build_store(settings)
    return settings


# The store implementations every test of the endpoint, the pages, the API and the pipeline runs on.
STORE_KINDS = ("embedded", "remote")


@pytest.fixture(scope="session", params=STORE_KINDS)
def store_kind(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def remote_built(tmp_path_factory) -> Settings:
    """The bundled data built once into an `oxigraph serve` started for the session."""
    directory = tmp_path_factory.mktemp("remote-built")
    with oxigraph_server(directory / "oxigraph") as server:
        settings = server.settings(settings_in(directory))
        build_store(settings)
        yield settings


@pytest.fixture(scope="session")
def served(store_kind, request) -> Settings:
    """The bundled data built into the store of each kind (read-only use)."""
    return request.getfixturevalue("built" if store_kind == "embedded" else "remote_built")


@pytest.fixture(scope="session")
def live_server(served):
    """The real app on a free loopback port over each kind of store; yields its base URL."""
    with serving(served) as base:
        yield base


@contextmanager
def new_store(kind: str, directory: Path) -> Iterator[Callable[..., Settings]]:
    """Yields a maker of settings (under `directory`, with any overrides) for a new, empty store of the kind;
    a remote one is an `oxigraph serve` of its own, stopped at the end."""
    if kind == "embedded":
        yield lambda **overrides: settings_in(directory, **overrides)
        return
    with oxigraph_server(directory / "oxigraph") as server:
        yield lambda **overrides: server.settings(settings_in(directory, **overrides))


@pytest.fixture(params=STORE_KINDS)
def new_store_settings(request, tmp_path):
    """Settings for a new, empty store of each kind, made with any overrides."""
    with new_store(request.param, tmp_path) as make:
        yield make

