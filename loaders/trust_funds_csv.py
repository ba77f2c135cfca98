"""Trust funds and their 2015 figures, from GobiernoFacil's semicolon CSV (trusts_2015.csv).

One record per fund and year, 23 semicolon-separated columns with quoted,
multi-line fields; amounts with thousands separators ('318,036.01'), initial
amounts with a dollar sign, dates as DD/MM/YYYY. The source escapes quotes with
a backslash (\\"), which the CSV standard does not know: such records split into
pieces of the wrong width. Each is reported (record number, lines, field count)
and none of its pieces produces a triple. `initial_amount_comments` repeats the
initial amount, date and comments as one text and is not loaded.
See `trust_funds.py` for the IRIs.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from loaders.terms import AGA
from loaders.base import LoadContext, LoadResult
from loaders.records import read_utf8, record
from loaders.trust_funds import Fund, YearFigures, add_cube, map_fund, map_year, text

COLUMNS = ("id", "year", "branch", "type", "scope", "unit", "settlor", "registry", "designation", "objective",
           "fiduciary", "theme", "balance", "income", "yield", "expenses", "report", "availability",
           "availability_type", "initial_amount", "initial_date", "comments", "initial_amount_comments")
DEFAULT_DATASET = "trust-funds-2015"


def load(path: Path, ctx: LoadContext, result: LoadResult, *, dataset: str = DEFAULT_DATASET) -> None:
    content = read_utf8(path, result)
    if content is None:
        return
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=";")
    try:
        header = next(reader, [])
    except csv.Error as error:
        result.problem("header", "csv-syntax", f"the header cannot be read: {error}")
        return
    if tuple(header) != COLUMNS:
        _header_problem(header, result)
        return
    cube = add_cube(ctx, result, dataset, AGA["dsd-trust-fund-year-2015"],
                    "Fideicomisos públicos: cifras de 2015", "Public trust funds: 2015 figures")
    seen: dict[tuple[str, str], str] = {}
    first_line = reader.line_num + 1
    number = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a quoted field still open at the end of the file
            result.problem(f"record {number + 1} (from line {first_line})", "csv-syntax",
                           f"{error}; is the file truncated?")
            break
        number += 1
        lines = f"line {first_line}" if reader.line_num == first_line else f"lines {first_line}-{reader.line_num}"
        location = f"record {number} ({lines})"
        first_line = reader.line_num + 1
        if len(fields) != len(COLUMNS):
            with record(result, location):
                result.problem(location, "record-shape", _shape_message(fields))
            continue
        row = dict(zip(COLUMNS, fields))
        registry = (text(row["registry"]) or "").strip()
        if registry:
            location = f"{location[:-1]}, {registry})"
        key = (registry, row["year"].strip())
        with record(result, location):
            if registry and key in seen:
                result.problem(location, "unique-registry-key", f"{registry} for {key[1]} already appears in {seen[key]}")
                continue
            _map_record(row, registry, location, ctx, cube, dataset, result)
        seen.setdefault(key, location)


def _map_record(row: dict, registry: str, location: str, ctx: LoadContext, cube, dataset: str,
                result: LoadResult) -> None:
    """One well-shaped record: the fund and its 2015 observation, inside the record's scope."""
    fund = Fund(location=location, registry=registry, name=text(row["designation"]), ramo=text(row["branch"]),
                kind=text(row["type"]), scope=text(row["scope"]), theme=text(row["theme"]),
                objective=text(row["objective"]), settlor=text(row["settlor"]), fiduciary=text(row["fiduciary"]),
                unit=text(row["unit"]), initial_amount=text(row["initial_amount"]))
    if started := text(row["initial_date"]):
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", started):
            try:
                fund.initial_date = date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                pass
        if fund.initial_date is None:
            result.problem(location, "date", f"'initial_date' {started!r} is not a DD/MM/YYYY date; left out", "warning")
    node = map_fund(fund, ctx, result, dataset)
    if node is not None:
        map_year(node, registry, YearFigures(
            location=location, year=row["year"].strip(), income=text(row["income"]), yields=text(row["yield"]),
            expenses=text(row["expenses"]), available=text(row["availability"]), balance=text(row["balance"]),
            availability_type=text(row["availability_type"]), mission_report=text(row["report"]),
            remarks=text(row["comments"])), cube, result)


def _shape_message(fields: list[str]) -> str:
    message = f"{len(fields)} field(s) where the header has {len(COLUMNS)}"
    if not fields:
        return message + ": an empty line inside a record, left by an earlier quote that closed too early"
    if any('\\"' in f or f.endswith("\\") for f in fields) or any(f.rstrip().endswith('"') for f in fields):
        return message + ': a quote escaped with a backslash (\\") ends a quoted field early'
    return message + "; a stray quote or delimiter splits or joins records here"


def _header_problem(header: list[str], result: LoadResult) -> None:
    if len(header) == 1 and ("," in header[0] or "\t" in header[0]):
        result.problem("header", "delimiter", "the header is a single column: this file is not separated by "
                                              "semicolons (;) as the trust-fund CSV is")
        return
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    result.problem("header", "required-columns",
                   f"expected the {len(COLUMNS)} columns {';'.join(COLUMNS)}; "
                   f"missing: {', '.join(missing) or 'none'}; unexpected: {', '.join(extra) or 'none'}")
