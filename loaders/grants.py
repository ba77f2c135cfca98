"""Grants of a programme (such as the Fondo Nacional Emprendedor), from a CSV this project defines.

No real file of such grants was found, so the format is ours (data/README-grants.md):
UTF-8, comma-separated, one grant per row; lines starting with '#' before the
header are comments. Columns:

| column          | required | content |
|-----------------|----------|---------|
| grant_id        | yes      | the programme's folio for the grant, unique within the programme |
| programme       | yes      | the programme's name, e.g. "Fondo Nacional Emprendedor" |
| call            | no       | the call (convocatoria) as the programme names it |
| recipient_type  | yes      | emprendedor, microempresa, pequena-empresa, mediana-empresa, gran-empresa, organismo-intermedio |
| state_code      | no       | the recipient's state, INEGI code 01-32 |
| sector          | no       | the economic sector as the programme records it |
| amount_mxn      | yes      | amount in Mexican pesos, '.' as decimal point, no thousands separator, >= 0 |
| year            | yes      | the year of the award, YYYY |
| funder          | no       | the agency that runs the programme, reconciled through data/agencies.csv |

There is deliberately no column for who received a grant: the graph holds no
record about a person.

IRIs: the programme `<base>/id/funding-scheme/<slug of programme>`; a grant
`<programme>/grant/<grant_id>`; its amount `<grant>/amount`; the state `aga:state-<INEGI code>`.
"""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from rdflib import Literal, URIRef

from loaders.terms import AGA, DCTERMS, RDF, SCHEMA, XSD
from loaders.base import LoadContext, LoadResult, slugify, stated
from loaders.codes import INEGI_STATE_CODE, concept_by_notation, notations, state_concept
from loaders.records import dict_rows, read_utf8
from loaders.trust_funds import decimal_literal

REQUIRED = ("grant_id", "programme", "recipient_type", "amount_mxn", "year")
OPTIONAL = ("call", "state_code", "sector", "funder")
AMOUNT = re.compile(r"\d+(\.\d+)?")


def load(path: Path, ctx: LoadContext, result: LoadResult) -> None:
    content = read_utf8(path, result)
    if content is None:
        return
    lines = content.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and lines[skipped].lstrip().startswith("#"):
        skipped += 1
    reader = csv.DictReader(io.StringIO("".join(lines[skipped:]), newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        hint = " (is the file separated by commas?)" if len(header) == 1 else ""
        result.problem("header", "required-columns", f"missing column(s): {', '.join(missing)}{hint}")
        return
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        result.problem("header", "known-columns", f"column(s) not in the format, ignored: {', '.join(unknown)}", "warning")
    seen: dict[tuple[str, str], str] = {}
    for location, row in dict_rows(reader, result, line_offset=skipped):
        key = (stated(row.get("programme")), stated(row.get("grant_id")))
        if key in seen:
            result.problem(location, "unique-grant-id", f"grant {key[1]!r} of {key[0]!r} already appears in {seen[key]}")
            continue
        if _map_row(row, location, ctx, result):
            seen[key] = location


def _map_row(row: dict, location: str, ctx: LoadContext, record: LoadResult) -> bool:
    values = {column: stated(row.get(column)) for column in REQUIRED + OPTIONAL}
    errors_before = len(record.errors)
    if missing := [column for column in REQUIRED if values[column] is None]:
        record.problem(location, "required-cells", f"cell(s) required: {', '.join(missing)}")
        return False
    programme_slug = slugify(values["programme"])
    grant_id = values["grant_id"]
    if not AMOUNT.fullmatch(values["amount_mxn"]):
        record.problem(location, "amount-mxn",
                       f"'amount_mxn' must be pesos like 150000.00 (no sign, no thousands separator), got {values['amount_mxn']!r}")
    if not re.fullmatch(r"(19|20)\d\d", values["year"]):
        record.problem(location, "year", f"'year' must be YYYY, got {values['year']!r}")
    recipient = concept_by_notation(ctx, AGA["recipient-types"], values["recipient_type"])
    if recipient is None:
        allowed = ", ".join(notations(ctx, AGA["recipient-types"]))
        record.problem(location, "recipient-type", f"'recipient_type' {values['recipient_type']!r} is not one of: {allowed}")
    state = values["state_code"]
    if state is not None and not INEGI_STATE_CODE.fullmatch(state):
        record.problem(location, "state-code", f"'state_code' must be an INEGI state code 01-32, got {state!r}")
    if len(record.errors) > errors_before:
        return False

    graph = record.triples
    programme = ctx.entity("funding-scheme", programme_slug)
    grant = URIRef(f"{programme}/grant/{quote(grant_id, safe='-._~')}")
    amount = URIRef(f"{grant}/amount")
    for node in (programme, grant, amount):
        record.note_origin(node, location)
    graph.add((programme, RDF.type, SCHEMA.FundingScheme))
    graph.add((programme, SCHEMA.name, Literal(values["programme"], lang="es")))
    if values["funder"]:
        graph.add((programme, SCHEMA.funder, ctx.organization(values["funder"], record, location)))
    graph.add((grant, RDF.type, SCHEMA.MonetaryGrant))
    graph.add((grant, SCHEMA.identifier, Literal(grant_id)))
    graph.add((grant, SCHEMA.funder, programme))
    graph.add((grant, SCHEMA.amount, amount))
    graph.add((amount, RDF.type, SCHEMA.MonetaryAmount))
    graph.add((amount, SCHEMA.value, decimal_literal(Decimal(values["amount_mxn"]))))
    graph.add((amount, SCHEMA.currency, Literal("MXN")))
    graph.add((grant, DCTERMS.date, Literal(values["year"], datatype=XSD.gYear)))
    graph.add((grant, AGA.recipientType, recipient))
    if values["call"]:
        graph.add((grant, AGA.grantCall, Literal(values["call"])))
    if values["sector"]:
        graph.add((grant, AGA.sector, Literal(values["sector"], lang="es")))
    if state is not None:
        graph.add((grant, AGA.recipientState, state_concept(ctx, state, None, record, location)))
    return True

