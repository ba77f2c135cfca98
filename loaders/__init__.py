"""Loaders: one module per source format, looked up by name.

Each loader is `load(path, ctx, result, **options)`: it maps the file into
`result.graph` and records problems in `result`; it never writes to a store.
An unknown loader name fails loudly.
"""
from __future__ import annotations

from typing import Callable

from loaders import ogp_action_plans, ogp_export
from loaders import grants, rnpdno, trust_funds_csv, trust_funds_json

LOADERS: dict[str, Callable] = {
    "ogp-export": ogp_export.load,
    "ogp-action-plans": ogp_action_plans.load,
    "trust-funds-json": trust_funds_json.load,
    "trust-funds-csv": trust_funds_csv.load,
    "grants-csv": grants.load,
    "rnpdno-aggregates": rnpdno.load,
}


def loader_named(name: str) -> Callable:
    try:
        return LOADERS[name]
    except KeyError:
        raise KeyError(f"no loader named {name!r}; known loaders: {', '.join(sorted(LOADERS))}") from None
