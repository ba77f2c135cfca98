"""Loaders: one module per source format, looked up by name.

Each loader is `load(path, ctx, result, **options)`: it maps the file into
`result.triples` and records problems in `result`; it never writes to a store.
An unknown loader name fails loudly.
"""
from __future__ import annotations

import sys
from typing import Callable

from loaders import (adela_inventory, adela_ranking, ckan, grants, irm_summary, ogp_action_plans, ogp_export,
                     rnpdno, trust_funds_csv, trust_funds_json)

LOADERS: dict[str, Callable] = {
    "ogp-export": ogp_export.load,
    "ogp-action-plans": ogp_action_plans.load,
    "ckan": ckan.load,
    "adela-ranking": adela_ranking.load,
    "adela-distributions": adela_inventory.load_distributions,
    "adela-catalogs": adela_inventory.load_catalogs,
    "irm-summary": irm_summary.load,
    "trust-funds-json": trust_funds_json.load,
    "trust-funds-csv": trust_funds_csv.load,
    "grants-csv": grants.load,
    "rnpdno-aggregates": rnpdno.load,
}

# Loaders that can also fetch their source: fetch(url, directory, settings) -> (file written, loader options).
FETCHERS: dict[str, Callable] = {"ckan": ckan.fetch}


def loader_named(name: str) -> Callable:
    try:
        return LOADERS[name]
    except KeyError:
        raise KeyError(f"no loader named {name!r}; known loaders: {', '.join(sorted(LOADERS))}") from None


def loader_version(name: str) -> str:
    """The loader's VERSION (default "1"): a new version reloads sources that did not change."""
    return str(getattr(sys.modules[loader_named(name).__module__], "VERSION", "1"))
