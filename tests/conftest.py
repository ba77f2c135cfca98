"""Shared fixtures: real stores on disk, the real app over real HTTP."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.pipeline import build_store
from kg.store import OxigraphStore
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


@pytest.fixture(scope="session")
def live_server(built):
    """The real app on a free loopback port; yields its base URL."""
    with serving(built) as base:
        yield base
