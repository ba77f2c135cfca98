"""OGP commitments database export (the IRM's 171-column CSV) to RDF.

One row is one commitment. It yields the commitment, its action plan, the OGP
member, the lead and supporting institutions, its policy areas, and up to two
IRM assessments: the design/mid-term one (Progress Report, Action Plan Review)
and the end-of-term one (End-of-Term and Results reports), as the export groups
them. Each assessment points to its report, one per plan and report type
(`irm-report/MX-3-progress`), which the export implies but does not name.
Cells that say ND, NR, NA or nothing produce no triple.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rdflib import Literal, URIRef

from loaders.terms import AGA, DCTERMS, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.ntriples import Formatted, text_literal, typed_literal
from loaders.base import LoadContext, LoadResult, stated, web_iri

ID_COLUMN = "Commitment Unique Identifier"
REQUIRED_COLUMNS = (ID_COLUMN, "Country/Locality", "Action Plan Number", "Commitment Title")
COMMITMENT_ID = re.compile(r"(?P<member>[A-Z]{2,5})(?P<number>\d{3,5})")


@dataclass(frozen=True)
class Indicator:
    """One IRM indicator column and how it maps onto an assessment."""

    column: str
    predicate: URIRef
    kind: str  # "concept", "boolean" or "year"
    scheme: URIRef | None = None


# Mapping as data: the export's column groups, one assessment node each.
ASSESSMENTS = {
    "progress": (AGA["report-progress"], "Report Publication Year (Progress Report)", (
        Indicator("Specificity", AGA.specificity, "concept", AGA["specificity-scale"]),
        Indicator("Verifiable", AGA.verifiable, "boolean"),
        Indicator("Potential Impact", AGA.potentialImpact, "concept", AGA["impact-scale"]),
        Indicator("Potential for Results", AGA.potentialForResults, "concept", AGA["results-potential-scale"]),
        Indicator("Completion (Progress Report)", AGA.completion, "concept", AGA["completion-scale"]),
        Indicator("Starred (Current Formula) Progress Report", AGA.starred, "boolean"),
    )),
    "end-of-term": (AGA["report-end-of-term"], "Report Publication Year (End Of Term)", (
        Indicator("Completion (End Of Term)", AGA.completion, "concept", AGA["completion-scale"]),
        Indicator("Did It Open Government (Overall)", AGA.didItOpenGovernment, "concept", AGA["diog-scale"]),
        Indicator("Early Results", AGA.earlyResults, "concept", AGA["early-results-scale"]),
        Indicator("Starred (Current Formula) End of Term", AGA.starred, "boolean"),
        Indicator("Carried Forward", AGA.carriedForward, "boolean"),
    )),
}

# Relevance flags go on the design/mid-term assessment.
OGP_VALUE_COLUMNS = {
    "OGP Value Access To Information": AGA["value-access-to-information"],
    "OGP Value Civic Participation": AGA["value-civic-participation"],
    "OGP Value Public Accountability": AGA["value-public-accountability"],
    "OGP Value Technology": AGA["value-technology-and-innovation"],
}

# Policy-area flag columns are found through the themes scheme: a column whose
# name is the English label of a concept of aga:policy-areas (ontology/themes.ttl).
POLICY_AREAS = AGA["policy-areas"]
REPORT_TITLES = {  # (es, en); the Spanish is our own wording
    "progress": ("informe de avance del MRI", "IRM progress report"),
    "end-of-term": ("informe de fin de término del MRI", "IRM end-of-term report"),
}

BOOLEANS = {"1": True, "yes": True, "0": False, "no": False}
BOOLEAN_LITERALS = {value: typed_literal(str(value).lower(), XSD.boolean) for value in (True, False)}
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}

# Institutions are free text; split where one name visibly ends: ';', a line break,
# or a comma after a closing parenthesis (an acronym) or after a legal form (A.C.).
INSTITUTION_BOUNDARY = re.compile(r";|\n|(?<=\)),\s*|(?<=A\.C\.),\s*|(?<=A\.C),\s*")


def split_institutions(text: str) -> list[str]:
    names = []
    for part in INSTITUTION_BOUNDARY.split(text):
        name = part.strip().strip(",").strip()
        if stated(name) and len(name) > 1:
            names.append(name)
    return names


def parse_date(text: str) -> Literal | None:
    """A date as the export writes them, or None.

    Month-first M/D/YYYY (or M/D/YY) is the export's usual form; day-first is
    read only where it cannot be month-first (a first number over 12). Also
    'August 2014', a bare year, and an Excel day serial (seen in the export).
    """
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        year += 2000 if year < 100 else 0
        month, day = (second, first) if first > 12 else (first, second)
        try:
            return Literal(date(year, month, day))
        except ValueError:
            return None
    if m := re.fullmatch(r"([A-Za-z]+)\s+(\d{4})", text):
        if (month := MONTHS.get(m[1].lower())) is not None:
            return Literal(f"{m[2]}-{month:02d}", datatype=XSD.gYearMonth)
        return None
    if re.fullmatch(r"(19|20)\d\d", text):
        return Literal(text, datatype=XSD.gYear)
    if re.fullmatch(r"\d{5}", text) and 36526 <= int(text) <= 54789:  # 2000-01-01 .. 2049-12-31
        return Literal(date(1899, 12, 30) + timedelta(days=int(text)))
    return None


def year_literal(text: str) -> Formatted | None:
    return typed_literal(text, XSD.gYear) if re.fullmatch(r"\d{4}", text) else None


def commitment_number(text: str) -> str:
    """The number as the plan prints it ('3', '3.2', 'B.1.A'), without spreadsheet float noise.

    >>> commitment_number("4.0999999999999996")
    '4.1'
    """
    if re.fullmatch(r"\d+\.\d{10,}", text):
        return repr(float(text))
    return text


def positive_int(text: str) -> int | None:
    return int(text) if re.fullmatch(r"[1-9]\d*", text) else None


def load(path: Path, ctx: LoadContext, result: LoadResult, *, title_language: str | None = None) -> None:
    """Map every row of an OGP export file into `result`; problems are collected, not raised."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            result.problem("header", "required-columns", f"missing column(s): {', '.join(missing)}")
            return
        seen: dict[str, int] = {}
        areas = {column: area for column in header
                 if (area := ctx.vocabulary.concept(POLICY_AREAS, column)) is not None}
        last_line = reader.line_num
        for row_number, row in enumerate(reader, start=1):
            location = f"row {row_number} (line {last_line + 1})"
            last_line = reader.line_num
            with result.row(location):
                if None in row:  # more cells than header columns
                    result.problem(location, "row-shape", f"{len(header) + len(row[None])} cells for {len(header)} columns")
                    continue
                if None in row.values():  # fewer cells: a row cut short, as in a truncated file
                    cells = sum(value is not None for value in row.values())
                    result.problem(location, "row-shape", f"{cells} cells for {len(header)} columns (is the file cut short?)")
                    continue
                _map_row(row, location, ctx, result, seen, row_number, title_language, areas)


def _map_row(row, location, ctx: LoadContext, result: LoadResult, seen, row_number, title_language, areas) -> None:
    graph = result.triples
    identifier = stated(row[ID_COLUMN])
    if identifier is None or not (m := COMMITMENT_ID.fullmatch(identifier)):
        result.problem(location, "commitment-id",
                       f"'{ID_COLUMN}' must be an OGP id such as MX0064, got {row[ID_COLUMN]!r}")
        return
    location = f"{location.split(' (')[0]} ({identifier})"
    if identifier in seen:
        result.problem(location, "unique-commitment-id", f"{identifier} already appears in row {seen[identifier]}")
        return
    seen[identifier] = row_number

    plan_text = stated(row["Action Plan Number"])
    plan_number = positive_int(plan_text) if plan_text else None
    if plan_number is None:
        result.problem(location, "action-plan-number",
                       f"'Action Plan Number' must be a positive whole number, got {row['Action Plan Number']!r}")
        return

    member_code = m["member"]
    member = ctx.entity("member", member_code)
    plan = ctx.entity("action-plan", f"{member_code}-{plan_number}")
    commitment = ctx.entity("commitment", identifier)
    for node in (member, plan, commitment):
        result.note_origin(node, location)

    country = stated(row["Country/Locality"])
    graph.add((member, RDF.type, AGA.Member))
    graph.add((member, SKOS.notation, text_literal(member_code)))
    if country:
        graph.add((member, SKOS.prefLabel, text_literal(country)))

    graph.add((plan, RDF.type, AGA.ActionPlan))
    graph.add((plan, AGA.planNumber, typed_literal(str(plan_number), XSD.integer)))
    graph.add((plan, AGA.member, member))
    name = country or member_code
    graph.add((plan, SKOS.prefLabel, text_literal(f"{name}: plan de acción {plan_number}", "es")))
    graph.add((plan, SKOS.prefLabel, text_literal(f"{name}: action plan {plan_number}", "en")))
    if (year := year_literal(stated(row.get("Year Of Submission")) or "")) is not None:
        graph.add((plan, DCTERMS.dateSubmitted, year))
    if (year := year_literal(stated(row.get("Action Plan End Year")) or "")) is not None:
        graph.add((plan, SCHEMA.endDate, year))

    graph.add((commitment, RDF.type, AGA.Commitment))
    graph.add((commitment, DCTERMS.identifier, text_literal(identifier)))
    graph.add((commitment, DCTERMS.isPartOf, plan))
    if title := stated(row["Commitment Title"]):
        graph.add((commitment, DCTERMS.title, text_literal(title, title_language)))
    if text := stated(row.get("Full Text")):
        graph.add((commitment, DCTERMS.description, text_literal(text, title_language)))
    if number_text := stated(row.get("Commitment Number")):
        graph.add((commitment, AGA.commitmentNumber, text_literal(commitment_number(number_text))))
    for column, predicate in (("Start Date", SCHEMA.startDate), ("End Date", SCHEMA.endDate)):
        if text := stated(row.get(column)):
            if (value := parse_date(text)) is not None:
                graph.add((commitment, predicate, value))
            else:
                result.problem(location, "date", f"'{column}' {text!r} is not a date; left out", "warning")
    if text := stated(row.get("Star - Most Recently Assessed")):
        _add_boolean(commitment, AGA.starred, text, "Star - Most Recently Assessed", location, result)
    if url := web_iri(stated(row.get("URL")) or ""):
        graph.add((commitment, RDFS.seeAlso, url))
    for text in (stated(row.get("Source URL")) or "").split():
        if url := web_iri(text):
            graph.add((commitment, DCTERMS.source, url))

    for column, area in areas.items():
        if stated(row[column]) == "1":
            graph.add((commitment, AGA.policyArea, area))

    for column, predicate in (("Lead Institution", AGA.leadInstitution),
                              ("Supporting Institution(s)", AGA.supportingInstitution)):
        for name in split_institutions(stated(row.get(column)) or ""):
            graph.add((commitment, predicate, ctx.organization(name, result, location)))

    for key, (report_type, year_column, indicators) in ASSESSMENTS.items():
        assessment = URIRef(f"{commitment}/assessment/{key}")
        facts = [(i, v) for i in indicators if (v := stated(row.get(i.column)))]
        values = [concept for column, concept in OGP_VALUE_COLUMNS.items()
                  if key == "progress" and stated(row.get(column)) == "1"]
        if not facts and not values:
            continue
        result.note_origin(assessment, location)
        graph.add((commitment, AGA.assessment, assessment))
        graph.add((assessment, RDF.type, AGA.Assessment))
        graph.add((assessment, AGA.reportType, report_type))
        if (year := year_literal(stated(row.get(year_column)) or "")) is not None:
            graph.add((assessment, AGA.reportYear, year))
        report = ctx.entity("irm-report", f"{member_code}-{plan_number}-{key}")
        result.note_origin(report, location)
        graph.add((assessment, AGA.report, report))
        graph.add((report, RDF.type, AGA.IRMReport))
        graph.add((report, AGA.reportType, report_type))
        graph.add((report, AGA.reportsOn, plan))
        title_es, title_en = REPORT_TITLES[key]
        graph.add((report, DCTERMS.title, text_literal(f"{member_code}: {title_es}, plan de acción {plan_number}", "es")))
        graph.add((report, DCTERMS.title, text_literal(f"{member_code}: {title_en}, action plan {plan_number}", "en")))
        for concept in values:
            graph.add((assessment, AGA.relevantValue, concept))
        for indicator, text in facts:
            if indicator.kind == "boolean":
                _add_boolean(assessment, indicator.predicate, text, indicator.column, location, result)
                continue
            concept = ctx.vocabulary.concept(indicator.scheme, text)
            if concept is None:
                allowed = ", ".join(ctx.vocabulary.labels(indicator.scheme))
                result.problem(location, f"{indicator.scheme.fragment or indicator.scheme.split('/')[-1]}",
                               f"'{indicator.column}' {text!r} is not a value of the scale ({allowed})")
                continue
            graph.add((assessment, indicator.predicate, concept))


def _add_boolean(subject, predicate, text, column, location, result: LoadResult) -> None:
    value = BOOLEANS.get(text.lower())
    if value is None:
        result.problem(location, "boolean", f"'{column}' must be 1/0 or Yes/No, got {text!r}")
        return
    result.triples.add((subject, predicate, BOOLEAN_LITERALS[value]))
