"""A served store with writes enabled, for the SPARQL Update and Graph Store Protocol tests."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kg.config import Settings
from kg.pipeline import build_store
from kg.store import OxigraphStore
from tests.conftest import settings_in, small_data_dir
from tests.server.live import serving

TOKEN = "a-test-write-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PLANS = "ogp-mexico-action-plans"


def writable_settings(directory: Path, **overrides) -> Settings:
    """A small store built under `directory`, served with writes enabled and TOKEN as the bearer token."""
    settings = settings_in(directory, data_dir=small_data_dir(directory, PLANS), writes_enabled=True,
                           write_token=TOKEN, **overrides)
    build_store(settings)
    return settings


@contextmanager
def writable_server(directory: Path, **overrides) -> Iterator[tuple[str, Settings]]:
    settings = writable_settings(directory, **overrides)
    with serving(settings) as base:
        yield base, settings


def served_quads(settings: Settings) -> set[str]:
    """Every quad of the store the link points to now, through a fresh read-only open."""
    store = OxigraphStore.open(settings.store_path, read_only=True)
    try:
        return {str(quad) for quad in store.quads()}
    finally:
        store.close()
