"""What the two trust-fund sources share: a fund, its yearly figures, the cube they go in.

Mexican federal trust funds (fideicomisos, mandatos, análogos) from the SHCP
registry, as republished by GobiernoFacil/fideicomisos2015. Two source formats
(`trust_funds_json.py`, `trust_funds_csv.py`) read their records into `Fund` and
`YearFigures`, and this module maps them, so both give the same IRIs:

- fund: `<base>/id/trust-fund/<Registro>` (the SHCP registry key, as printed);
  its initial contribution as one source states it `<fund>/initial-contribution/<dataset key>`;
- cube: `<base>/id/cube/<dataset key>` (the manifest's `dataset` option);
  an observation `<cube>/<Registro>/<year>`.

The ramo (the agency that coordinates the fund) is reconciled through
data/agencies.csv and linked with schema:funder from the fund.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef

from loaders.terms import AGA, DCTERMS, QB, RDF, SCHEMA, SDMX_ATTRIBUTE, XSD
from loaders.base import LoadContext, LoadResult, stated

REGISTRY_KEY = re.compile(r"[0-9A-Za-z]{6,20}")
# The source writes minus signs as ASCII hyphens and, twice, as U+2010 HYPHEN.
MINUS_SIGNS = "-\u2010\u2011\u2212"


@dataclass
class YearFigures:
    """One fund's figures for one year, as text from the source; amounts in MXN."""

    location: str
    year: str
    income: str | None
    yields: str | None
    expenses: str | None
    available: str | None
    balance: str | None = None  # only the 2015 CSV has it
    availability_type: str | None = None
    mission_report: str | None = None
    remarks: str | None = None


@dataclass
class Fund:
    location: str
    registry: str
    name: str | None
    ramo: str | None
    kind: str | None
    scope: str | None
    theme: str | None
    objective: str | None = None
    settlor: str | None = None
    fiduciary: str | None = None
    unit: str | None = None
    initial_amount: str | None = None
    initial_date: date | None = None
    years: list[YearFigures] = field(default_factory=list)


def amount(text: str) -> Decimal:
    """An amount as the sources print it: '1,552,177.81', '$5,000,000', '1000.', '‐9.9'.

    >>> amount("$1,552,177.81"), amount("1000."), amount("\u20109.5")
    (Decimal('1552177.81'), Decimal('1000'), Decimal('-9.5'))
    """
    cleaned = text.strip().replace("$", "").replace(",", "").replace(" ", "")
    if cleaned[:1] in MINUS_SIGNS:
        cleaned = "-" + cleaned[1:]
    if not re.fullmatch(r"-?(\d+\.?\d*|\.\d+)", cleaned):
        raise ValueError(f"{text!r} is not an amount")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount") from None


def decimal_literal(value: Decimal) -> Literal:
    """xsd:decimal in its canonical form: no exponent, one digit at least on each side of the point.

    >>> str(decimal_literal(Decimal("1000"))), str(decimal_literal(Decimal("-5.50")))
    ('1000.0', '-5.5')
    """
    lexical = format(value, "f")
    lexical = lexical.rstrip("0").rstrip(".") if "." in lexical else lexical
    return Literal(lexical + ("" if "." in lexical else ".0"), datatype=XSD.decimal)


def add_cube(ctx: LoadContext, result: LoadResult, key: str, structure: URIRef,
             title_es: str, title_en: str) -> URIRef:
    """The qb:DataSet the load's observations belong to."""
    cube = ctx.entity("cube", key)
    graph = result.triples
    graph.add((cube, RDF.type, QB.DataSet))
    graph.add((cube, QB.structure, structure))
    graph.add((cube, DCTERMS.title, Literal(title_es, lang="es")))
    graph.add((cube, DCTERMS.title, Literal(title_en, lang="en")))
    result.note_origin(cube, "file")
    return cube


def map_fund(fund: Fund, ctx: LoadContext, record: LoadResult, source_key: str) -> URIRef | None:
    """The fund's own facts into `record`; an unusable record gets an error and no IRI.

    The initial contribution is named after the source (`source_key`), since two
    sources may state it differently and neither should overwrite the other.
    """
    location = fund.location
    if not fund.registry or not REGISTRY_KEY.fullmatch(fund.registry):
        record.problem(location, "registry-key",
                       f"a fund needs its SHCP registry key (6-20 letters or digits), got {fund.registry!r}")
        return None
    if not fund.name:
        record.problem(location, "fund-name", "a fund needs its name (designación)")
        return None
    if not fund.ramo:
        record.problem(location, "ramo", "a fund needs the ramo (agency) that coordinates it")
        return None
    node = ctx.entity("trust-fund", fund.registry)
    graph = record.triples
    record.note_origin(node, location)
    graph.add((node, RDF.type, AGA.TrustFund))
    graph.add((node, DCTERMS.identifier, Literal(fund.registry)))
    graph.add((node, SCHEMA.name, Literal(fund.name, lang="es")))
    graph.add((node, SCHEMA.funder, ctx.organization(fund.ramo, record, location)))
    for scheme, predicate, text, column in ((AGA["trust-types"], DCTERMS.type, fund.kind, "type"),
                                            (AGA["trust-scopes"], AGA.trustScope, fund.scope, "scope"),
                                            (AGA["trust-themes"], DCTERMS.subject, fund.theme, "theme")):
        if not text:
            continue
        concept = ctx.vocabulary.concept(scheme, text)
        if concept is None:
            allowed = ", ".join(ctx.vocabulary.labels(scheme, "es"))
            record.problem(location, column, f"{column} {text!r} is not one of: {allowed}")
            continue
        graph.add((node, predicate, concept))
    if fund.objective:
        graph.add((node, DCTERMS.description, Literal(fund.objective, lang="es")))
    for predicate, text in ((AGA.settlor, fund.settlor), (AGA.fiduciary, fund.fiduciary),
                            (AGA.coordinatingUnit, fund.unit)):
        if text:
            graph.add((node, predicate, Literal(text)))
    if fund.initial_amount:
        try:
            value = amount(fund.initial_amount)
        except ValueError as error:
            record.problem(location, "initial-amount", f"initial amount: {error}; left out", "warning")
        else:
            contribution = URIRef(f"{node}/initial-contribution/{source_key}")
            graph.add((node, AGA.initialContribution, contribution))
            graph.add((contribution, RDF.type, SCHEMA.MonetaryAmount))
            graph.add((contribution, SCHEMA.value, decimal_literal(value)))
            graph.add((contribution, SCHEMA.currency, Literal("MXN")))
            if fund.initial_date:
                graph.add((contribution, SCHEMA.validFrom, Literal(fund.initial_date)))
    return node


def map_year(fund_node: URIRef, registry: str, figures: YearFigures, cube: URIRef, record: LoadResult) -> None:
    """One observation of the fund's cube; every measure of the structure must be stated."""
    location, errors_before = figures.location, len(record.errors)
    if not re.fullmatch(r"(19|20)\d\d", figures.year or ""):
        record.problem(location, "year", f"the year must be YYYY, got {figures.year!r}")
        return
    measures = ((AGA.income, "income", figures.income), (AGA.yields, "yields", figures.yields),
                (AGA.expenses, "expenses", figures.expenses),
                (AGA.availableBalance, "available balance", figures.available))
    values = []
    for predicate, name, text in measures:
        if text is None:
            record.problem(location, "measure-stated", f"{name} is blank: every figure of the year is needed")
            continue
        try:
            values.append((predicate, amount(text)))
        except ValueError as error:
            record.problem(location, "amount", f"{name}: {error}")
    if figures.balance is not None:
        try:
            values.append((AGA.reportedBalance, amount(figures.balance)))
        except ValueError as error:
            record.problem(location, "amount", f"balance: {error}")
    if len(record.errors) > errors_before:
        return
    observation = URIRef(f"{cube}/{registry}/{figures.year}")
    add = record.triples.add
    record.note_origin(observation, location)
    add((observation, RDF.type, QB.Observation))
    add((observation, QB.dataSet, cube))
    add((observation, AGA.trustFund, fund_node))
    add((observation, AGA.year, Literal(figures.year, datatype=XSD.gYear)))
    add((observation, SDMX_ATTRIBUTE.unitMeasure, AGA["currency-mxn"]))
    for predicate, value in values:
        add((observation, predicate, decimal_literal(value)))
    if figures.availability_type:
        add((observation, AGA.availabilityType, Literal(figures.availability_type)))
    if figures.mission_report:
        add((observation, AGA.missionReport, Literal(figures.mission_report, lang="es")))
    if figures.remarks:
        add((observation, SDMX_ATTRIBUTE.comment, Literal(figures.remarks, lang="es")))


def text(value) -> str | None:
    """A source value as stripped text, or None where it states nothing."""
    return stated(value) if isinstance(value, str) else None
