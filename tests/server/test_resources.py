"""Entity IRIs dereference: a page for people, RDF for machines, on any host."""
from __future__ import annotations

import re

import pytest
import requests
from rdflib import Graph, Literal, URIRef

from kg.namespaces import DCTERMS
from kg.pipeline import load_into_store, source_named
from kg.store import OxigraphStore
from server import create_app
from tests.conftest import DATA, settings_in

MX0064 = "/id/commitment/MX0064"


def test_turtle_for_a_commitment(live_server, built):
    response = requests.get(live_server + MX0064, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.text, format="turtle")
    iri = URIRef(built.id_base + "commitment/MX0064")
    assert graph.value(iri, DCTERMS.identifier) == Literal("MX0064")
    assert graph.value(iri, DCTERMS.isPartOf) == URIRef(built.id_base + "action-plan/MX-3")


@pytest.mark.parametrize("accept, rdflib_format", [
    ("application/n-triples", "nt"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_every_rdf_format_by_accept(live_server, built, accept, rdflib_format):
    response = requests.get(live_server + MX0064, headers={"Accept": accept})
    assert response.headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert (URIRef(built.id_base + "commitment/MX0064"), None, None) in graph


def test_a_commitment_document_includes_its_assessments(live_server, built):
    graph = Graph().parse(data=requests.get(live_server + "/id/commitment/MX0073?format=ttl").text, format="turtle")
    assessment = URIRef(built.id_base + "commitment/MX0073/assessment/end-of-term")
    assert (assessment, None, None) in graph


def test_a_browser_gets_a_readable_page_with_title_and_links(live_server):
    page = requests.get(live_server + MX0064, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "<h1" in page.text and "Design and Start Implementing a Path of Action" in page.text
    assert 'href="/id/action-plan/MX-3"' in page.text
    agencies = requests.get(live_server + "/id/commitment/MX0075", headers={"Accept": "text/html"}).text
    assert 'href="/id/organization/secretaria-de-la-funcion-publica"' in agencies
    assert "Secretaría de la Función Pública" in agencies
    for alternate in ("text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"):
        assert re.search(rf'<link rel="alternate" type="{re.escape(alternate)}"', page.text)


def test_an_organisation_page_shows_what_links_to_it(live_server):
    page = requests.get(live_server + "/id/organization/secretaria-de-la-funcion-publica").text
    assert 'href="/id/commitment/MX0075"' in page and 'href="/id/commitment/MX0087"' in page


def test_the_server_answers_for_the_configured_base_on_any_host(live_server):
    response = requests.get(live_server + MX0064, headers={"Accept": "text/turtle", "Host": "kg.example.net"})
    assert response.status_code == 200
    assert "<https://w3id.org/aga-mx/id/commitment/MX0064>" in response.text


def test_vocabulary_terms_dereference_too(live_server):
    page = requests.get(live_server + "/def/completion-limited", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Limitado" in page.text
    english = requests.get(live_server + "/def/completion-limited", headers={"Accept-Language": "en"})
    assert "<h1 lang=\"en\">Limited" in english.text


def test_an_unknown_iri_is_a_404(live_server):
    assert requests.get(live_server + "/id/commitment/XX9999").status_code == 404


def test_an_unacceptable_type_is_a_406(live_server):
    assert requests.get(live_server + MX0064, headers={"Accept": "image/png"}).status_code == 406


def test_values_from_the_data_are_escaped(tmp_path):
    """A literal containing markup shows as text, never as markup."""
    settings = settings_in(tmp_path)
    source = source_named(settings, "ogp-mexico-commitments")
    hostile = tmp_path / "hostile.csv"
    header = source.file.read_text(encoding="utf-8").splitlines()[0]
    hostile.write_text(header + '\nMX0999,Mexico,4,,2019,"<script>alert(1)</script> & <b>bold</b>",'
                       + "," * (header.count(",") - 6) + "\n", encoding="utf-8")
    store = OxigraphStore.open(settings.store_path)
    load_into_store(store, settings, source, hostile)
    client = create_app(settings, store).test_client()
    page = client.get("/id/commitment/MX0999", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_the_home_page_lists_mexicos_plans(live_server):
    page = requests.get(live_server + "/").text
    for number in (1, 2, 3, 4):
        assert f'href="/id/action-plan/MX-{number}"' in page


def test_a_real_action_plan_page_shows_its_commitments_irm_ratings(live_server):
    page = requests.get(live_server + "/id/action-plan/MX-3", headers={"Accept-Language": "en"}).text
    ratings = page.split('class="ratings"')[1].split("</table>")[0]
    assert 'href="/id/commitment/MX0073"' in ratings and "Marginal" in ratings


def test_a_page_names_the_load_that_wrote_its_statements(live_server):
    page = requests.get(live_server + MX0064, headers={"Accept": "text/html"}).text
    assert "data/ogp-mexico/commitments.csv" in page  # the file the load read, from its PROV record
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', page)


def test_every_page_links_to_the_dataset_description_and_the_queries(live_server):
    page = requests.get(live_server + MX0064, headers={"Accept": "text/html"}).text
    assert 'href="/.well-known/void"' in page and 'href="/queries"' in page
    assert requests.get(live_server + "/.well-known/void", headers={"Accept": "text/turtle"}).status_code == 200


def test_a_trust_funds_chart_shows_its_available_balance_per_year(live_server, built):
    """Fideicomiso del Bicentenario: Full2014.json states its 'Disponible' for 2007-2014."""
    import json

    records = json.loads((DATA / "fideicomisos-gobiernofacil" / "Full2014.json").read_text(encoding="utf-8"))
    [fund] = [r for r in records if r["Registro"] == "20072750001478"]
    page = requests.get(live_server + "/id/trust-fund/20072750001478", headers={"Accept-Language": "en"}).text
    assert "Yearly series: available balance" in page.replace("Available", "available")
    for entry in fund["Evolucion"]:
        assert f'<th scope="row">{entry["Año"]}</th>' in page
