"""CKAN API responses (package_search, package_show) to DCAT, the way ckanext-dcat maps them.

Mapping (ckanext-dcat's euro_dcat_ap base profile): title -> dct:title,
notes -> dct:description, tags -> dcat:keyword, url -> dcat:landingPage (only
when it is an http(s) IRI), identifier extra (else guid extra, else id) ->
dct:identifier, issued/modified extras (else metadata_created/metadata_modified)
-> dct:issued/dct:modified, version -> owl:versionInfo, organization ->
dct:publisher (reconciled through data/agencies.csv), resources ->
dcat:distribution (name, description, url -> dcat:accessURL, format and
mimetype through data/formats.csv, size -> dcat:byteSize, created/last_modified
-> dct:issued/dct:modified, the dataset's license_url -> dct:license).
Multilingual fields sent as {"es": ..., "en": ...} become language-tagged literals.

Not mapped, on purpose: author, maintainer and their e-mails (dcat:contactPoint
in ckanext-dcat). They name individual officers; the graph is about
institutions, and republishing a person's name and address adds nothing a
researcher needs that the publisher does not already give.

IRIs: the catalogue is the `catalog_url` option (for a fetched source, the
API URL up to /api/); a dataset is its `uri` field, else its `uri` extra, else
<catalog_url>/dataset/<id>; a distribution is its `uri` field, else
<catalog_url>/dataset/<package id>/resource/<resource id>. These are the
portal's own addresses, so the same package has the same IRI in every load.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import Literal, URIRef

from kg.config import Settings
from loaders.terms import DCAT, DCTERMS, OWL, RDF, XSD
from loaders.base import InputError, LoadContext, LoadResult, web_iri
from loaders.formats import formats_from

VERSION = "1"
DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def packages_of(document, file: str) -> list[dict]:
    """The packages of a package_search or package_show response (or a bare package or list of them)."""
    if isinstance(document, dict) and "result" in document:
        if document.get("success") is False:
            raise InputError(f"{file}: the CKAN API answered success=false: {document.get('error')}")
        document = document["result"]
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        return document["results"]
    if isinstance(document, dict) and "resources" in document:
        return [document]
    if isinstance(document, list):
        return document
    raise InputError(f"{file}: not a CKAN package_search or package_show response")


def load(path: Path, ctx: LoadContext, result: LoadResult, *, catalog_url: str,
         catalog_title: str | None = None) -> None:
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle)
    catalog_url = catalog_url.rstrip("/")
    catalog = URIRef(catalog_url)
    graph = result.triples
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(catalog_title or urllib.parse.urlsplit(catalog_url).netloc)))
    formats = formats_from(ctx.settings.data_dir / "formats.csv")
    for number, package in enumerate(packages_of(document, result.file), start=1):
        name = package.get("name") if isinstance(package, dict) else None
        location = f"package {number} ({name})" if name else f"package {number}"
        with result.row(location):
            if not isinstance(package, dict) or not package.get("id"):
                result.problem(location, "package-id", "a package must be an object with an 'id'")
                continue
            dataset = _dataset(package, catalog, catalog_url, ctx, result, location, formats)
            result.triples.add((catalog, DCAT.dataset, dataset))


def _dataset(package, catalog, catalog_url, ctx: LoadContext, result: LoadResult, location, formats) -> URIRef:
    graph = result.triples
    extras = {e.get("key"): e.get("value") for e in package.get("extras") or [] if isinstance(e, dict)}
    dataset = web_iri(package.get("uri") or "") or web_iri(extras.get("uri") or "") \
        or URIRef(f"{catalog_url}/dataset/{urllib.parse.quote(package['id'], safe='-._~')}")
    result.note_origin(dataset, location)
    graph.add((dataset, RDF.type, DCAT.Dataset))
    _text(graph, dataset, DCTERMS.title, package.get("title"))
    _text(graph, dataset, DCTERMS.description, package.get("notes"))
    for tag in package.get("tags") or []:
        _text(graph, dataset, DCAT.keyword, tag.get("name") if isinstance(tag, dict) else tag)
    if url := web_iri((package.get("url") or "").strip()):
        graph.add((dataset, DCAT.landingPage, url))
    identifier = extras.get("identifier") or extras.get("guid") or package["id"]
    graph.add((dataset, DCTERMS.identifier, Literal(identifier)))
    _date(graph, dataset, DCTERMS.issued, extras.get("issued") or package.get("metadata_created"), location, result)
    _date(graph, dataset, DCTERMS.modified, extras.get("modified") or package.get("metadata_modified"),
          location, result)
    if version := (package.get("version") or "").strip():
        graph.add((dataset, OWL.versionInfo, Literal(version)))
    if isinstance(organization := package.get("organization"), dict) and organization.get("title"):
        publisher = ctx.organization(organization["title"], result, location, also=(organization.get("name") or "",))
        graph.add((dataset, DCTERMS.publisher, publisher))
    licence = web_iri(package.get("license_url") or "")
    for resource in package.get("resources") or []:
        distribution = web_iri(resource.get("uri") or "") or URIRef(
            f"{catalog_url}/dataset/{urllib.parse.quote(package['id'], safe='-._~')}"
            f"/resource/{urllib.parse.quote(str(resource.get('id')), safe='-._~')}")
        result.note_origin(distribution, location)
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        _text(graph, distribution, DCTERMS.title, resource.get("name"))
        _text(graph, distribution, DCTERMS.description, resource.get("description"))
        if url := web_iri((resource.get("url") or "").strip()):
            graph.add((distribution, DCAT.accessURL, url))
        formats.describe(graph, distribution, resource.get("mimetype") or resource.get("format") or "")
        if str(resource.get("size") or "").isdigit():
            graph.add((distribution, DCAT.byteSize, Literal(int(resource["size"]), datatype=XSD.integer)))
        _date(graph, distribution, DCTERMS.issued, resource.get("created"), location, result)
        _date(graph, distribution, DCTERMS.modified, resource.get("last_modified"), location, result)
        if licence is not None:
            graph.add((distribution, DCTERMS.license, licence))
    return dataset


def _text(graph, subject, predicate, value) -> None:
    """A string as a plain literal; {"es": ..., "en": ...} as one language-tagged literal per language."""
    if isinstance(value, dict):
        for language, text in value.items():
            if isinstance(text, str) and text.strip():
                graph.add((subject, predicate, Literal(text.strip(), lang=language)))
    elif isinstance(value, str) and value.strip():
        graph.add((subject, predicate, Literal(value.strip())))


def _date(graph, subject, predicate, value, location, result: LoadResult) -> None:
    if not value:
        return
    if DATETIME.fullmatch(value):
        graph.add((subject, predicate, Literal(value, datatype=XSD.dateTime)))
    else:
        result.problem(location, "date", f"{predicate.split('/')[-1]} {value!r} is not an ISO date-time; left out",
                       "warning")


def fetch(url: str, directory: Path, settings: Settings) -> tuple[Path, dict]:
    """Download a package_search (every page, `rows`/`start`) or package_show response into one file.

    Returns the file and the loader options the URL implies (the catalogue's
    address). Only the command line calls this, when the user gives --url.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(f"{url}: only http(s) CKAN API URLs can be fetched")
    query = dict(urllib.parse.parse_qsl(parts.query))
    if not parts.path.rstrip("/").endswith("package_search"):
        document = _get(url, settings)
        packages = packages_of(document, url)
    else:
        packages, start, size = [], int(query.get("start", 0)), int(query.get("rows", settings.ckan_page_size))
        while True:
            page = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(
                {**query, "rows": size, "start": start})))
            document = _get(page, settings)
            found = packages_of(document, page)
            packages.extend(found)
            start += len(found)
            if not found or start >= document["result"].get("count", 0):
                break
    target = directory / "package_search.json"
    target.write_text(json.dumps({"success": True, "result": {"count": len(packages), "results": packages}},
                                 ensure_ascii=False), encoding="utf-8")
    return target, {"catalog_url": catalog_url_of(url)}


def catalog_url_of(api_url: str) -> str:
    """The portal's address: the API URL up to /api/."""
    return api_url.split("/api/")[0]


def _get(url: str, settings: Settings):
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "aga-kg"})
    try:
        with urllib.request.urlopen(request, timeout=settings.fetch_timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: the CKAN API answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise InputError(f"{url}: cannot reach the CKAN API ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{url}: the answer is not JSON ({error.msg})") from None
