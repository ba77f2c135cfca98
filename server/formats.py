"""Media types the service speaks, and the choice among them.

A `format` parameter (a short name or a media type) overrides `Accept`, so a
browser link can ask for any format. No `Accept`, or `*/*`, gets the first
offered type. An `Accept` that matches nothing offered gets 406.
"""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat
from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    name: str  # short name for ?format= and file extensions
    media_type: str
    aliases: tuple[str, ...] = ()
    rdf: RdfFormat | None = None
    results: QueryResultsFormat | None = None
    quads: bool = False  # a dataset format: triples are written into the default graph


SOLUTIONS = (
    Format("json", "application/sparql-results+json", ("application/json",), results=QueryResultsFormat.JSON),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), results=QueryResultsFormat.XML),
    Format("csv", "text/csv", results=QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", results=QueryResultsFormat.TSV),
)

GRAPHS = (
    # Turtle is valid N3, so clients asking for N3 (SPARQLWrapper's N3) get Turtle.
    Format("ttl", "text/turtle", ("application/x-turtle", "text/n3", "text/rdf+n3"), rdf=RdfFormat.TURTLE),
    Format("nt", "application/n-triples", ("text/plain",), rdf=RdfFormat.N_TRIPLES),
    Format("jsonld", "application/ld+json", ("application/json",), rdf=RdfFormat.JSON_LD),
    Format("rdf", "application/rdf+xml", ("application/xml", "text/xml"), rdf=RdfFormat.RDF_XML),
)

# Dataset formats, offered for CONSTRUCT and DESCRIBE answers (whose triples go in the default graph).
DATASETS = (
    Format("trig", "application/trig", rdf=RdfFormat.TRIG, quads=True),
    Format("nq", "application/n-quads", rdf=RdfFormat.N_QUADS, quads=True),
)
GRAPH_RESULTS = (*GRAPHS, *DATASETS)

HTML = Format("html", "text/html", ("application/xhtml+xml",))

NAME_ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "rdfxml": "rdf",
                "xml": "xml", "rdf+xml": "rdf", "nquads": "nq", "n-quads": "nq", "n3": "ttl"}


class NotAcceptable(Exception):
    def __init__(self, offered: tuple[Format, ...]):
        self.offered = offered
        super().__init__("none of the requested media types can be produced; available: "
                         + ", ".join(f.media_type for f in offered))


class UnknownFormat(ValueError):
    pass


def choose(offered: tuple[Format, ...], accept: MIMEAccept, format_parameter: str | None) -> Format:
    if format_parameter:
        wanted = format_parameter.strip().lower()
        wanted = NAME_ALIASES.get(wanted, wanted) if wanted not in {f.name for f in offered} else wanted
        for candidate in offered:
            if wanted in (candidate.name, candidate.media_type, *candidate.aliases):
                return candidate
        raise UnknownFormat(f"format {format_parameter!r} is not offered here; use one of: "
                            + ", ".join(f"{f.name} ({f.media_type})" for f in offered))
    if not accept:
        return offered[0]
    by_type = {}
    for candidate in offered:
        for media_type in (candidate.media_type, *candidate.aliases):
            by_type.setdefault(media_type, candidate)
    best = accept.best_match(list(by_type))
    if best is None:
        raise NotAcceptable(offered)
    return by_type[best]
