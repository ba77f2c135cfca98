"""The IRM country summary's highlights (data/ogp-mexico/irm-summary-highlights.csv).

The summary ("OGP en México") highlights three commitments and makes four
recommendations. It gives no OGP ids, no action plan and no report type, so
the highlights are recorded as the summary states them (title and text, in
Spanish) and are NOT linked to any MX00nn commitment: no source says which
they are. Each row keeps the document it was structured from.
"""
from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Literal, URIRef

from loaders.terms import AGA, DCTERMS, RDF, SKOS
from loaders.base import LoadContext, LoadResult, has_columns, slugify, stated

REQUIRED_COLUMNS = ("kind", "title_es", "text_es", "source")
KINDS = {  # the `kind` column: (class, link from the report, IRI segment)
    "highlighted_commitment": (AGA.HighlightedCommitment, AGA.highlights, "highlight"),
    "recommendation": (AGA.Recommendation, AGA.recommendation, "recommendation"),
}


def load(path: Path, ctx: LoadContext, result: LoadResult, *, member_code: str, member_name: str,
         report_key: str, report_title: str, language: str = "es") -> None:
    graph = result.triples
    member = ctx.entity("member", member_code)
    graph.add((member, RDF.type, AGA.Member))
    graph.add((member, SKOS.notation, Literal(member_code)))
    graph.add((member, SKOS.prefLabel, Literal(member_name)))
    report = ctx.entity("irm-report", report_key)
    result.note_origin(report, "manifest options")
    graph.add((report, RDF.type, AGA.IRMReport))
    graph.add((report, DCTERMS.title, Literal(report_title, lang=language)))
    graph.add((report, AGA.reportsOn, member))
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not has_columns(reader.fieldnames, REQUIRED_COLUMNS, result):
            return
        seen: dict[URIRef, int] = {}
        for row_number, row in enumerate(reader, start=1):
            location = f"row {row_number}"
            with result.row(location):  # the row counts in the load record; an error drops what it made
                kind = stated(row["kind"])
                if kind not in KINDS:
                    result.problem(location, "summary-kind",
                                   f"'kind' must be one of {', '.join(KINDS)}, got {row['kind']!r}")
                    continue
                title = stated(row["title_es"])
                if title is None:
                    result.problem(location, "summary-title", "'title_es' is empty: a highlight needs its title")
                    continue
                cls, link, segment = KINDS[kind]
                node = URIRef(f"{report}/{segment}/{slugify(title)}")  # beneath its report, like assessments
                if node in seen:
                    result.problem(location, "unique-summary-title", f"{title!r} already appears in row {seen[node]}")
                    continue
                seen[node] = row_number
                result.note_origin(node, f"{location} ({title})")
                graph.add((report, link, node))
                graph.add((node, RDF.type, cls))
                graph.add((node, DCTERMS.title, Literal(title, lang=language)))
                if text := stated(row["text_es"]):
                    graph.add((node, DCTERMS.description, Literal(text, lang=language)))
                if source := stated(row["source"]):
                    graph.add((node, DCTERMS.bibliographicCitation, Literal(source)))
