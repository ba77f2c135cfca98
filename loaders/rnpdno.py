"""Aggregate tables of Mexico's national registry of missing persons (RNPDNO) as Data Cubes.

Four table layouts, recognised by their header (mapping as data, `TABLES`):
yearly national (`anio,desap_count,fuente`), by sex
(`anio,hombres,mujeres,total,pct_hombres,fuente`), by age band
(`anio,banda_edad,personas,pct,fuente`) and cumulative by state
(`cve_estado,estado,desap_count_acum`). Each table is one qb:DataSet with its
structure from ontology/statistics.ttl; each cell one qb:Observation whose
measure is the count. Percentages are derived from the counts: they are checked
(a mismatch is a warning) and not loaded. Only totals are read: there is no
column that could describe a person.

IRIs: the data set `<base>/id/cube/<table key>`; an observation beneath it,
`<cube>/<year>`, `<cube>/<year>/<sex>`, `<cube>/<year>/<age band>`, `<cube>/<cve_estado>`;
a state is the concept `aga:state-<cve_estado>` (INEGI code) of ontology/statistics.ttl,
whose labels are those of this table.
The links to commitments come only from the reviewable table named by the
`links` option (relative to the data folder), one row per link with its basis.
"""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from loaders.terms import AGA, DCAT, DCTERMS, QB, RDF, XSD
from loaders.base import LoadContext, LoadResult, stated
from loaders.codes import INEGI_STATE_CODE, concept_by_notation, state_concept
from loaders.records import dict_rows, read_utf8

COMMITMENT_ID = re.compile(r"[A-Z]{2,5}\d{3,5}")
SEXES = {"hombres": AGA["sex-male"], "mujeres": AGA["sex-female"], "total": AGA["sex-total"]}
SEX_KEYS = {AGA["sex-male"]: "male", AGA["sex-female"]: "female", AGA["sex-total"]: "total"}


@dataclass(frozen=True)
class Table:
    key: str  # the data set's IRI key and its name in the link table
    structure: URIRef
    title_es: str
    title_en: str


TABLES = {
    ("anio", "desap_count", "fuente"): Table(
        "rnpdno-by-year", AGA["dsd-rnpdno-year"],
        "Personas desaparecidas y no localizadas por año (RNPDNO)", "Persons disappeared and not located per year (RNPDNO)"),
    ("anio", "hombres", "mujeres", "total", "pct_hombres", "fuente"): Table(
        "rnpdno-by-sex", AGA["dsd-rnpdno-sex"],
        "Personas desaparecidas y no localizadas por año y sexo (RNPDNO)",
        "Persons disappeared and not located per year and sex (RNPDNO)"),
    ("anio", "banda_edad", "personas", "pct", "fuente"): Table(
        "rnpdno-by-age-band", AGA["dsd-rnpdno-age"],
        "Personas desaparecidas y no localizadas por año y grupo de edad (RNPDNO)",
        "Persons disappeared and not located per year and age band (RNPDNO)"),
    ("cve_estado", "estado", "desap_count_acum"): Table(
        "rnpdno-by-state", AGA["dsd-rnpdno-state"],
        "Personas desaparecidas y no localizadas por entidad federativa, acumulado (RNPDNO)",
        "Persons disappeared and not located per state, cumulative (RNPDNO)"),
}


def load(path: Path, ctx: LoadContext, result: LoadResult, *, links: str | None = None,
         period: str | None = None) -> None:
    content = read_utf8(path, result)
    if content is None:
        return
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = tuple(reader.fieldnames or ())
    table = TABLES.get(header)
    if table is None:
        layouts = " | ".join(",".join(columns) for columns in TABLES)
        hint = " (is it separated by commas?)" if len(header) == 1 else ""
        result.problem("header", "table-layout", f"header {','.join(header)!r}{hint} is none of the known tables: {layouts}")
        return
    cube = _add_cube(table, ctx, result, period)
    if links:
        _add_links(ctx.settings.data_dir / links, table, cube, ctx, result)
    shares: dict[str, list[tuple[URIRef, int, str, str]]] = defaultdict(list)
    for location, row in dict_rows(reader, result):
        ROW_MAPPERS[table.key](row, location, cube, ctx, result, shares)
    _check_age_shares(shares, result)


def _add_cube(table: Table, ctx: LoadContext, result: LoadResult, period: str | None) -> URIRef:
    cube = ctx.entity("cube", table.key)
    graph = result.triples
    result.note_origin(cube, "file")
    graph.add((cube, RDF.type, QB.DataSet))
    graph.add((cube, QB.structure, table.structure))
    graph.add((cube, DCTERMS.title, Literal(table.title_es, lang="es")))
    graph.add((cube, DCTERMS.title, Literal(table.title_en, lang="en")))
    if period:
        m = re.fullmatch(r"(\d{4})-(\d{4})", period)
        if not m:
            result.problem("manifest", "period", f"option 'period' must be YYYY-YYYY, got {period!r}")
        else:
            span = URIRef(f"{cube}/period")
            graph.add((cube, DCTERMS.temporal, span))
            graph.add((span, RDF.type, DCTERMS.PeriodOfTime))
            graph.add((span, DCAT.startDate, Literal(m[1], datatype=XSD.gYear)))
            graph.add((span, DCAT.endDate, Literal(m[2], datatype=XSD.gYear)))
    elif table.key == "rnpdno-by-state":
        result.problem("manifest", "period", "the cumulative table needs the option 'period' (YYYY-YYYY): "
                                             "the file itself does not say which years it sums", "warning")
    return cube


def _add_links(path: Path, table: Table, cube: URIRef, ctx: LoadContext, result: LoadResult) -> None:
    """dct:relation from the data set to each commitment the link table names for it."""
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row.get("dataset", "").strip() != table.key:
                continue
            commitment = (row.get("commitment") or "").strip()
            if not COMMITMENT_ID.fullmatch(commitment) or not stated(row.get("basis")):
                result.problem(f"{path.name}, line {line}", "commitment-link",
                               "a link needs an OGP commitment id (e.g. MX0064) and its basis")
                continue
            result.triples.add((cube, DCTERMS.relation, ctx.entity("commitment", commitment)))


def _count(text: str, column: str, record: LoadResult, location: str) -> int | None:
    if re.fullmatch(r"\d+", text.strip()):
        return int(text)
    record.problem(location, "count", f"'{column}' must be a whole number of persons, got {text!r}")
    return None


def _year(text: str, record: LoadResult, location: str) -> Literal | None:
    if re.fullmatch(r"(19|20)\d\d", text.strip()):
        return Literal(text.strip(), datatype=XSD.gYear)
    record.problem(location, "year", f"'anio' must be a year, got {text!r}")
    return None


def _observation(cube: URIRef, suffix: str, count: int, note: str | None, record: LoadResult,
                 location: str, **dimensions) -> URIRef:
    node = URIRef(f"{cube}/{suffix}")
    graph = record.triples
    record.note_origin(node, location)
    graph.add((node, RDF.type, QB.Observation))
    graph.add((node, QB.dataSet, cube))
    for name, value in dimensions.items():
        graph.add((node, AGA[name], value))
    graph.add((node, AGA.missingPersons, Literal(count, datatype=XSD.integer)))
    if note:
        graph.add((node, AGA.sourceNote, Literal(note)))
    return node


def _by_year(row, location, cube, ctx, record, shares) -> None:
    year, count = _year(row["anio"], record, location), _count(row["desap_count"], "desap_count", record, location)
    if year is not None and count is not None:
        _observation(cube, str(year), count, stated(row["fuente"]), record, location, year=year)


def _by_sex(row, location, cube, ctx, record, shares) -> None:
    year = _year(row["anio"], record, location)
    counts = {column: _count(row[column], column, record, location) for column in SEXES}
    if year is None or None in counts.values():
        return
    for column, concept in SEXES.items():
        _observation(cube, f"{year}/{SEX_KEYS[concept]}", counts[column], stated(row["fuente"]), record, location,
                     year=year, sex=concept)
    if (pct := stated(row["pct_hombres"])) and counts["total"]:
        expected = round(counts["hombres"] / counts["total"] * 100, 2)
        if not re.fullmatch(r"\d+(\.\d+)?", pct) or abs(float(pct) - expected) > 0.011:
            record.problem(location, "derived-percentage",
                           f"'pct_hombres' {pct} is not hombres/total ({expected}); the counts are loaded", "warning")


def _by_age(row, location, cube, ctx, record, shares) -> None:
    year, count = _year(row["anio"], record, location), _count(row["personas"], "personas", record, location)
    band = concept_by_notation(ctx, AGA["age-bands"], row["banda_edad"].strip())
    if band is None:
        record.problem(location, "age-band", f"'banda_edad' {row['banda_edad']!r} is not an age band of aga:age-bands")
    if year is None or count is None or band is None:
        return
    _observation(cube, f"{year}/{band.split('/')[-1].removeprefix('age-')}", count, stated(row["fuente"]),
                 record, location, year=year, ageBand=band)
    shares[str(year)].append((band, count, (row["pct"] or "").strip(), location))


def _by_state(row, location, cube, ctx, record, shares) -> None:
    code, name = row["cve_estado"].strip(), stated(row["estado"])
    count = _count(row["desap_count_acum"], "desap_count_acum", record, location)
    if not INEGI_STATE_CODE.fullmatch(code):
        record.problem(location, "cve-estado", f"'cve_estado' must be an INEGI state code 01-32, got {code!r}")
        return
    if count is None:
        return
    state = state_concept(ctx, code, name, record, location)
    _observation(cube, code, count, None, record, location, state=state)


def _check_age_shares(shares, result: LoadResult) -> None:
    for year, cells in shares.items():
        total = sum(count for _, count, _, _ in cells)
        for _, count, pct, location in cells:
            expected = round(count / total * 100, 2) if total else 0.0
            if not re.fullmatch(r"\d+(\.\d+)?", pct) or abs(float(pct) - expected) > 0.011:
                result.problem(location, "derived-percentage",
                               f"'pct' {pct!r} is not this band's share of {year} ({expected}); the count is loaded",
                               "warning")


ROW_MAPPERS = {"rnpdno-by-year": _by_year, "rnpdno-by-sex": _by_sex, "rnpdno-by-age-band": _by_age,
               "rnpdno-by-state": _by_state}
