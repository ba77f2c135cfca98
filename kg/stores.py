"""The store the settings choose: the embedded Oxigraph store (default) or a remote SPARQL 1.1 store."""
from __future__ import annotations

from kg.config import Settings
from kg.store import KnowledgeStore, OxigraphStore

STORE_KINDS = ("embedded", "remote")


def is_remote(settings: Settings) -> bool:
    if settings.store_kind not in STORE_KINDS:
        raise ValueError(f"AGA_STORE_KIND must be one of {', '.join(STORE_KINDS)}, not {settings.store_kind!r}")
    return settings.store_kind == "remote"


def open_store(settings: Settings, *, read_only: bool = False) -> KnowledgeStore:
    """The configured store; the embedded one at `settings.store_path`, read-only if asked."""
    if is_remote(settings):
        from kg.remote_store import RemoteStore

        return RemoteStore.from_settings(settings)
    return OxigraphStore.open(settings.store_path, read_only=read_only)
