"""Code lists the statistics and money loaders share: concepts by notation, INEGI states."""
from __future__ import annotations

import re

from rdflib import Literal, URIRef

from loaders.terms import AGA, SKOS
from loaders.base import LoadContext, LoadResult

INEGI_STATE_CODE = re.compile(r"0[1-9]|[12]\d|3[0-2]")


def concept_by_notation(ctx: LoadContext, scheme: URIRef, notation: str) -> URIRef | None:
    """The concept of `scheme` whose skos:notation is exactly `notation`."""
    graph = ctx.vocabulary.graph
    for concept in graph.subjects(SKOS.notation, Literal(notation)):
        if (concept, SKOS.inScheme, scheme) in graph:
            return concept
    return None


def notations(ctx: LoadContext, scheme: URIRef) -> list[str]:
    graph = ctx.vocabulary.graph
    return sorted(str(graph.value(c, SKOS.notation)) for c in graph.subjects(SKOS.inScheme, scheme))


def state_concept(ctx: LoadContext, code: str, name: str | None, record: LoadResult, location: str) -> URIRef:
    """The state `aga:state-<INEGI code>` of ontology/statistics.ttl.

    A source that spells the state otherwise than the concept's label adds its
    spelling as skos:altLabel, so no source's label is lost.
    """
    state = AGA[f"state-{code}"]
    if name and Literal(name, lang="es") not in set(ctx.vocabulary.graph.objects(state, SKOS.prefLabel)):
        record.triples.add((state, SKOS.altLabel, Literal(name, lang="es")))
        record.note_origin(state, location)
    return state
