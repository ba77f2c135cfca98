"""Trust funds with their yearly evolution, from GobiernoFacil's Full2014.json.

A JSON array of funds: `Registro` (SHCP registry key), `Designacion`, `Ramo`,
`Tipo`, `Ambito`, `Tema`, `Objetivo`, `Fideicomitente`, `Fiduciario`,
`Coordinador`, `Monto_Inicial`, `Fecha_Inicio`, and `Evolucion`, a list of
`{Año, Ingresos, Rendimientos, Egresos, Disponible, Reporte_Cumplimiento,
Observaciones}`. Each fund and each of its years is a record of its own: a
bad year rejects that observation only, a bad fund rejects the fund and its years.
See `trust_funds.py` for the IRIs.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from loaders.terms import AGA
from loaders.base import LoadContext, LoadResult
from loaders.records import read_utf8, record
from loaders.trust_funds import Fund, YearFigures, add_cube, map_fund, map_year, text

DEFAULT_DATASET = "trust-funds-2006-2014"
NO_DATE = "0000-00-00"  # how the source says it has no start date


def load(path: Path, ctx: LoadContext, result: LoadResult, *, dataset: str = DEFAULT_DATASET) -> None:
    content = read_utf8(path, result)
    if content is None:
        return
    try:
        records = json.loads(content)
    except json.JSONDecodeError as error:
        result.problem(f"line {error.lineno}, column {error.colno}", "json-syntax",
                       f"not valid JSON ({error.msg}); is the file complete?")
        return
    if not isinstance(records, list):
        result.problem("file", "json-shape", f"expected a JSON array of funds, got a {type(records).__name__}")
        return
    cube = add_cube(ctx, result, dataset, AGA["dsd-trust-fund-year"],
                    "Evolución anual de los fideicomisos públicos", "Yearly evolution of public trust funds")
    seen: dict[str, str] = {}
    for number, item in enumerate(records, start=1):
        location = f"record {number}"
        if not isinstance(item, dict):
            with record(result, location):
                result.problem(location, "json-shape", f"a fund is a JSON object, got a {type(item).__name__}")
            continue
        fund = _fund(item, location, result)
        errors_before = len(result.errors)
        with record(result, fund.location):
            if fund.registry in seen:
                result.problem(fund.location, "unique-registry-key",
                               f"{fund.registry} already appears in {seen[fund.registry]}")
                continue
            node = map_fund(fund, ctx, result, dataset)
        if node is None or len(result.errors) > errors_before:
            continue  # the fund was rejected, and its years with it
        seen[fund.registry] = location
        years: set[str] = set()
        for figures in fund.years:
            with record(result, figures.location):
                if figures.year in years:
                    result.problem(figures.location, "unique-year",
                                   f"{fund.registry} already has figures for {figures.year}")
                    continue
                years.add(figures.year)
                map_year(node, fund.registry, figures, cube, result)


def _fund(item: dict, location: str, result: LoadResult) -> Fund:
    registry = text(item.get("Registro")) or ""
    location = f"{location} ({registry})" if registry else location
    fund = Fund(location=location, registry=registry, name=text(item.get("Designacion")),
                ramo=text(item.get("Ramo")), kind=text(item.get("Tipo")), scope=text(item.get("Ambito")),
                theme=text(item.get("Tema")), objective=text(item.get("Objetivo")),
                settlor=text(item.get("Fideicomitente")), fiduciary=text(item.get("Fiduciario")),
                unit=text(item.get("Coordinador")), initial_amount=text(item.get("Monto_Inicial")))
    if (started := text(item.get("Fecha_Inicio"))) and started != NO_DATE:
        try:
            fund.initial_date = date.fromisoformat(started)
        except ValueError:
            result.problem(location, "date", f"'Fecha_Inicio' {started!r} is not a YYYY-MM-DD date; left out", "warning")
    evolution = item.get("Evolucion") or []
    if not isinstance(evolution, list):
        result.problem(location, "json-shape", "'Evolucion' must be a list of years; the years are left out", "warning")
        evolution = []
    for index, entry in enumerate(evolution):
        entry = entry if isinstance(entry, dict) else {}
        year = text(entry.get("Año")) or ""
        fund.years.append(YearFigures(
            location=f"{location}, Evolucion[{index}] ({year or 'no year'})", year=year,
            income=text(entry.get("Ingresos")), yields=text(entry.get("Rendimientos")),
            expenses=text(entry.get("Egresos")), available=text(entry.get("Disponible")),
            mission_report=text(entry.get("Reporte_Cumplimiento")), remarks=text(entry.get("Observaciones"))))
    return fund
