"""GET /sparql without a query describes the service; /.well-known/void describes the dataset; both know
their public address behind a trusted proxy; browsers get the YASGUI query page, served from here."""
from __future__ import annotations

import json
import re

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

from tests.server.live import serving

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


def description(url: str, **headers) -> Graph:
    response = requests.get(url, headers={"Accept": "text/turtle", **headers})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    return Graph().parse(data=response.text, format="turtle")


def test_machines_get_a_service_description_of_the_endpoint(live_server, built):
    graph = description(live_server + "/sparql")
    endpoint = URIRef(live_server + "/sparql")
    assert (endpoint, RDF.type, SD.Service) in graph
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph
    assert (endpoint, SD.feature, SD.BasicFederatedQuery) not in graph
    assert (endpoint, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    names = set(graph.objects(None, SD.name))
    assert URIRef(built.graph_iri("ogp-mexico-commitments")) in names
    comment = " ".join(str(c) for c in graph.objects(endpoint, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")))
    assert "10 s" in comment and "10000 rows" in comment and "206" in comment and "503" in comment


def test_the_dataset_description_links_to_the_endpoint_with_void_and_dcat(live_server):
    graph = description(live_server + "/.well-known/void")
    dataset = URIRef(live_server + "/.well-known/void#dataset")
    endpoint = URIRef(live_server + "/sparql")
    assert (dataset, RDF.type, VOID.Dataset) in graph and (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, VOID.sparqlEndpoint, endpoint) in graph
    assert (endpoint, RDF.type, DCAT.DataService) in graph
    assert (endpoint, DCAT.servesDataset, dataset) in graph
    assert (dataset, VOID.uriSpace, Literal("https://w3id.org/aga-mx/id/")) in graph
    assert int(graph.value(dataset, VOID.triples)) > 1000
    # the service description points at the same dataset
    assert (endpoint, SD.defaultDataset, dataset) in description(live_server + "/sparql")


@pytest.mark.parametrize("accept, rdflib_format", [("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
                                                   ("application/rdf+xml", "xml")])
def test_descriptions_come_in_other_rdf_formats(live_server, accept, rdflib_format):
    for path in ("/sparql", "/.well-known/void"):
        response = requests.get(live_server + path, headers={"Accept": accept})
        assert response.status_code == 200
        assert len(Graph().parse(data=response.text, format=rdflib_format)) > 10


def test_behind_a_trusted_proxy_the_descriptions_use_the_public_address(built):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "datos.example.mx",
                 "X-Forwarded-Prefix": "/aga"}
    with serving(built.with_overrides(trusted_proxies=1, query_workers=1)) as base:
        service = description(base + "/sparql", **forwarded)
        dataset = description(base + "/.well-known/void", **forwarded)
    public = URIRef("https://datos.example.mx/aga/sparql")
    assert (public, SD.endpoint, public) in service
    assert (URIRef("https://datos.example.mx/aga/.well-known/void#dataset"), VOID.sparqlEndpoint, public) in dataset


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(live_server):
    graph = description(live_server + "/sparql", **{"X-Forwarded-Host": "attacker.example",
                                                   "X-Forwarded-Proto": "https"})
    assert (URIRef(live_server + "/sparql"), SD.endpoint, URIRef(live_server + "/sparql")) in graph
    assert "attacker" not in graph.serialize(format="nt")


def test_descriptions_revalidate(live_server):
    first = requests.get(live_server + "/.well-known/void", headers={"Accept": "text/turtle"})
    again = requests.get(live_server + "/.well-known/void",
                         headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def page_config(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="sparql-page-config">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_browsers_get_the_yasgui_page_from_this_service_only(live_server):
    response = requests.get(live_server + "/sparql",
                            headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', response.text)
    styles = re.findall(r'<link[^>]*href="([^"]+)"', response.text)
    assert "/static/yasgui/yasgui.min.js" in scripts and "/static/yasgui/yasgui.min.css" in styles
    for url in scripts + styles:
        assert url.startswith("/"), f"{url} is not served from here"
        assert requests.get(live_server + url).status_code == 200
    assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'self' holds for scripts


def test_the_query_page_is_prefilled_with_prefixes_and_the_example_queries(live_server, built):
    config = page_config(requests.get(live_server + "/sparql", headers={"Accept": "text/html"}).text)
    assert config["endpoint"] == live_server + "/sparql"
    assert "PREFIX aga: <https://w3id.org/aga-mx/def/>" in config["initial_query"]
    names = {example["name"] for example in config["examples"]}
    assert names == {path.stem for path in built.queries_dir.glob("*.rq")}
    titles = {example["name"]: (example["title"], example["title_es"]) for example in config["examples"]}
    assert titles["commitments-per-plan"] == ("Commitments per action plan", "Compromisos por plan de acción")


def test_the_vendored_yasgui_carries_its_licence_and_origin():
    from kg.config import PROJECT_ROOT

    folder = PROJECT_ROOT / "server" / "static" / "yasgui"
    assert "MIT" in (folder / "LICENSE.md").read_text()
    assert json.loads((folder / "package.json").read_text())["version"] in (folder / "VENDOR.md").read_text()
