"""Where on this server a resource's page is: the one rule, from the configured base."""
from __future__ import annotations

from typing import Callable

from flask import current_app

from kg.namespaces import AGA_IRI


def local_path(iri: str) -> str | None:
    """The page's path, or None for a resource this server does not serve."""
    settings = current_app.config["KG_SETTINGS"]
    if iri.startswith(settings.id_base) and len(iri) > len(settings.id_base):
        return "/id/" + iri[len(settings.id_base):]
    if iri.startswith(AGA_IRI) and len(iri) > len(AGA_IRI):
        return "/def/" + iri[len(AGA_IRI):]
    return None


def page_test(settings) -> Callable[[str], bool]:
    """Whether an IRI has a page (as local_path says), without an app context: for a million IRIs."""
    bases = (settings.id_base, AGA_IRI)
    return lambda iri: iri.startswith(bases) and iri not in bases
