"""Mexico's action plans as compiled in data/ogp-mexico/action-plans.csv.

Adds what the commitments export does not hold: each plan's period, its
commitment count as its source states it, and the IRM's rating of the public's
influence on its co-creation (IAP2 spectrum).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from rdflib import Literal

from loaders.terms import AGA, DCTERMS, RDF, SCHEMA, SKOS, XSD
from loaders.base import LoadContext, LoadResult, has_columns, stated, web_iri
from loaders.ogp_export import positive_int

REQUIRED_COLUMNS = ("plan_number", "period", "commitments_count", "submitted_year", "co_creation_iap2_level", "source_url")


def load(path: Path, ctx: LoadContext, result: LoadResult, *, member_code: str, member_name: str) -> None:
    graph = result.triples
    member = ctx.entity("member", member_code)
    graph.add((member, RDF.type, AGA.Member))
    graph.add((member, SKOS.notation, Literal(member_code)))
    graph.add((member, SKOS.prefLabel, Literal(member_name)))
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not has_columns(reader.fieldnames, REQUIRED_COLUMNS, result):
            return
        for row_number, row in enumerate(reader, start=1):
            with result.row(f"row {row_number}"):
                location = f"row {row_number}"
                if None in row or None in row.values():  # more or fewer cells than columns, as in a cut-short file
                    result.problem(location, "row-shape", f"the row does not have the header's {len(reader.fieldnames)} cells")
                    continue
                number = positive_int(stated(row["plan_number"]) or "")
                if number is None:
                    result.problem(location, "action-plan-number",
                                   f"'plan_number' must be a positive whole number, got {row['plan_number']!r}")
                    continue
                plan = ctx.entity("action-plan", f"{member_code}-{number}")
                result.note_origin(plan, f"{location} (plan {number})")
                result.note_origin(member, location)
                graph.add((plan, RDF.type, AGA.ActionPlan))
                graph.add((plan, AGA.planNumber, Literal(number, datatype=XSD.integer)))
                graph.add((plan, AGA.member, member))
                graph.add((plan, SKOS.prefLabel, Literal(f"{member_name}: plan de acción {number}", lang="es")))
                graph.add((plan, SKOS.prefLabel, Literal(f"{member_name}: action plan {number}", lang="en")))
                if period := stated(row["period"]):
                    if m := re.fullmatch(r"(\d{4})-(\d{4})", period):
                        graph.add((plan, SCHEMA.startDate, Literal(m[1], datatype=XSD.gYear)))
                        graph.add((plan, SCHEMA.endDate, Literal(m[2], datatype=XSD.gYear)))
                    else:
                        result.problem(location, "period", f"'period' must be YYYY-YYYY, got {period!r}")
                if count := stated(row["commitments_count"]):
                    if count.isdigit():
                        graph.add((plan, AGA.commitmentCount, Literal(int(count), datatype=XSD.integer)))
                    else:
                        result.problem(location, "commitments-count", f"'commitments_count' must be a whole number, got {count!r}")
                if year := stated(row["submitted_year"]):
                    if re.fullmatch(r"\d{4}", year):
                        graph.add((plan, DCTERMS.dateSubmitted, Literal(year, datatype=XSD.gYear)))
                    else:
                        result.problem(location, "submitted-year", f"'submitted_year' must be a year, got {year!r}")
                if level := stated(row["co_creation_iap2_level"]):
                    concept = ctx.vocabulary.concept(AGA["iap2-spectrum"], level)
                    if concept is None:
                        allowed = ", ".join(ctx.vocabulary.labels(AGA["iap2-spectrum"]))
                        result.problem(location, "iap2-spectrum",
                                       f"'co_creation_iap2_level' {level!r} is not a level of the IAP2 spectrum ({allowed})")
                    else:
                        graph.add((plan, AGA.publicInfluence, concept))
                for text in (stated(row["source_url"]) or "").split():
                    if url := web_iri(text):
                        graph.add((plan, DCTERMS.source, url))
