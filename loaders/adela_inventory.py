"""The ADELA inventory snapshot of datos.gob.mx (Nov 2015): institutions' catalogues and their data bases.

`inventory_test.csv`: one catalogue per institution ("Catálogo de datos
abiertos de SECTUR"), IRI <base>/id/catalog/adela-<slug of the name after
'de'>, published by that institution, with its modification time. Two names
with one slug (PROMEXICO, PROMÉXICO) are not merged: the second is rejected.

`MAT_test.csv`: one data base per row (institution slug, base_name, url, type,
size). Each row becomes a dcat:Dataset titled base_name, in its institution's
catalogue, with one dcat:Distribution (accessURL url; format through
data/formats.csv). IRI <base>/id/dataset/adela-<institution>-<first 12 hex of
sha256(base_name, url)>, its distribution <dataset IRI>/distribution. An
address with spaces or brackets is percent-encoded. `size`
is left out: the source does not say its unit. A row repeating an earlier one
adds nothing and is reported as a warning.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rdflib import Literal, URIRef

from loaders.terms import DCAT, DCTERMS, RDF, XSD
from loaders.base import LoadContext, LoadResult, csv_rows, slugify, stated, web_iri
from loaders.formats import formats_from

VERSION = "1"
CATALOG_TITLE = re.compile(r"Catálogo de datos abiertos de (?P<name>.+)")
UTC_TIME = re.compile(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC")


def catalog_of(ctx: LoadContext, institution: str) -> URIRef:
    return ctx.entity("catalog", f"adela-{slugify(institution)}")


def load_catalogs(path: Path, ctx: LoadContext, result: LoadResult) -> None:
    required = ("conjunto_de_datos", "fecha_modif", "num_catalogos", "num_bases")
    seen: dict[URIRef, tuple[str, str]] = {}
    for location, row in csv_rows(path, result, required):
        title = stated(row["conjunto_de_datos"]) or ""
        if not (m := CATALOG_TITLE.fullmatch(title)):
            result.problem(location, "catalog-title",
                           f"'conjunto_de_datos' must read 'Catálogo de datos abiertos de <institución>', got {title!r}")
            continue
        catalog = catalog_of(ctx, m["name"])
        if catalog in seen and seen[catalog][1] != title:
            result.problem(location, "unique-catalog",
                           f"{title!r} has the same key as {seen[catalog][1]!r} in {seen[catalog][0]}; "
                           "the source does not say whether they are one catalogue")
            continue
        seen.setdefault(catalog, (location, title))
        result.note_origin(catalog, location)
        graph = result.triples
        graph.add((catalog, RDF.type, DCAT.Catalog))
        graph.add((catalog, DCTERMS.title, Literal(title, lang="es")))
        graph.add((catalog, DCTERMS.publisher, ctx.organization(m["name"], result, location)))
        if modified := stated(row["fecha_modif"]):
            if t := UTC_TIME.fullmatch(modified):
                graph.add((catalog, DCTERMS.modified, Literal(f"{t[1]}T{t[2]}Z", datatype=XSD.dateTime)))
            else:
                result.problem(location, "date", f"'fecha_modif' must be 'YYYY-MM-DD hh:mm:ss UTC', got {modified!r}")


def load_distributions(path: Path, ctx: LoadContext, result: LoadResult) -> None:
    formats = formats_from(ctx.settings.data_dir / "formats.csv")
    seen: dict[URIRef, str] = {}
    for location, row in csv_rows(path, result, ("institution", "base_name", "url", "type", "size")):
        institution, title, url = (stated(row[c]) for c in ("institution", "base_name", "url"))
        if not institution or not title:
            result.problem(location, "required-cell", "'institution' and 'base_name' must not be empty")
            continue
        access = web_iri(_cleaned_url(url or ""))
        if access is None:
            result.problem(location, "access-url", f"'url' must be an http(s) address, got {row['url']!r}")
            continue
        key = hashlib.sha256(f"{title}\n{url}".encode("utf-8")).hexdigest()[:12]
        dataset = ctx.entity("dataset", f"adela-{slugify(institution)}-{key}")
        if dataset in seen:
            result.problem(location, "duplicate-row", f"repeats {seen[dataset]}; adds nothing", "warning")
            continue
        seen[dataset] = location
        distribution = URIRef(f"{dataset}/distribution")
        result.note_origin(dataset, location)
        result.note_origin(distribution, location)
        graph = result.triples
        graph.add((catalog_of(ctx, institution), DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.title, Literal(title)))
        graph.add((dataset, DCTERMS.publisher, ctx.organization(institution, result, location)))
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.accessURL, access))
        formats.describe(graph, distribution, row["type"] or "")


def _cleaned_url(text: str) -> str:
    """Spaces and brackets percent-encoded, and a trailing escaped line break ('\\n' as two characters) dropped.

    Both are spelling, not guesses: a browser sends the same request for them.
    """
    text = text.strip()
    while text.endswith("\\n"):
        text = text[:-2].rstrip()
    return text.replace(" ", "%20").replace("[", "%5B").replace("]", "%5D")
