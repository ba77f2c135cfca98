"""datos.gob.mx's institution dashboard (ADELA, 2016): publishing institutions and their figures.

Each entry names an institution, mostly by acronym, reconciled through
data/agencies.csv. Its figures become DQV quality measurements of that
organisation, one per field, with the field's own meaning (ontology/datasets.ttl):
IRI <base>/id/measurement/<edition>/<institution slug>/<metric>. "N/A" gives
no measurement. An institution listed twice with other figures is rejected:
the source does not say which entry is which body.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef

from loaders.terms import AGA, DQV, RDF, XSD
from loaders.base import InputError, LoadContext, LoadResult, slugify, stated

VERSION = "1"

# field -> (metric, datatype); mapping as data
METRICS = {
    "ranking": (AGA["adela-rank"], XSD.positiveInteger),  # checked as such, stored as xsd:integer
    "calificacion": (AGA["adela-score"], XSD.integer),
    "calidad": (AGA["adela-quality"], XSD.string),
    "descargas": (AGA["adela-downloads"], XSD.nonNegativeInteger),
    "total": (AGA["adela-resources"], XSD.nonNegativeInteger),
    "apertura": (AGA["adela-openness"], XSD.decimal),
}


def load(path: Path, ctx: LoadContext, result: LoadResult, *, edition: str) -> None:
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle)
    entries = document.get("dependencias") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{result.file}: expected an object with a 'dependencias' list")
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        name = stated(str(entry.get("institucion") or "")) if isinstance(entry, dict) else None
        location = f"entry {number} ({name})" if name else f"entry {number}"
        with result.row(location):
            if name is None:
                result.problem(location, "institution", "an entry must name its 'institucion'")
                continue
            key = slugify(name)
            if key in seen:
                result.problem(location, "unique-institution",
                               f"'{name}' is already listed in entry {seen[key]} with other figures; "
                               "the source does not say which entry is which body")
                continue
            seen[key] = number
            _measure(entry, name, key, edition, location, ctx, result)


def _measure(entry, name, key, edition, location, ctx: LoadContext, result: LoadResult) -> None:
    organization = ctx.organization(name, result, location)
    for field, (metric, datatype) in METRICS.items():
        raw = entry.get(field)
        if raw is None or stated(str(raw)) is None:
            continue
        value = _typed(raw, datatype)
        if value is None:
            result.problem(location, "figure", f"'{field}' must be a {datatype.split('#')[-1]}, got {raw!r}")
            continue
        measurement = URIRef(f"{ctx.entity('measurement', edition)}/{key}/{metric.split('/')[-1]}")
        result.note_origin(measurement, location)
        graph = result.triples
        graph.add((measurement, RDF.type, DQV.QualityMeasurement))
        graph.add((measurement, DQV.computedOn, organization))
        graph.add((measurement, DQV.isMeasurementOf, metric))
        graph.add((measurement, DQV.value, value))


def _typed(raw, datatype) -> Literal | None:
    if datatype == XSD.string:
        return Literal(str(raw).strip())
    if datatype == XSD.decimal:
        if not isinstance(raw, (int, float)) or isinstance(raw, bool):
            return None
        text = format(Decimal(str(raw)), "f")  # the canonical xsd:decimal form keeps a decimal point: 3.0
        return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < (1 if datatype == XSD.positiveInteger else 0):
        return None
    return Literal(raw, datatype=XSD.integer)  # Oxigraph keeps derived integer types as xsd:integer
