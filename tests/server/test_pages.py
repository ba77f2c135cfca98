"""Entity pages: every type in every format, designs per type, language, paging, provenance, caching, safety."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import requests
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic

from tests.conftest import new_store
from tests.server.pages_fixture import HUB_LINKS, build_fixture_store, serving

ID = "https://w3id.org/aga-mx/id/"
AGENCY = "/id/organization/agencia-de-prueba"
ENTITY_PATHS = {
    "action plan": "/id/action-plan/XX-1",
    "commitment": "/id/commitment/XX0001",
    "agency": AGENCY,
    "dataset": "/id/dataset/compras",
    "fund": "/id/fund/fondo-1",
    "generic": "/id/thing/other",
}
RDF_FORMATS = {"ttl": ("text/turtle", "turtle"), "nt": ("application/n-triples", "nt"),
               "jsonld": ("application/ld+json", "json-ld"), "rdf": ("application/rdf+xml", "xml")}


@pytest.fixture(scope="module")
def fixture(tmp_path_factory, store_kind):
    """The fixture graph served from a store of each kind."""
    directory = tmp_path_factory.mktemp("pages")
    with new_store(store_kind, directory) as make_settings:
        settings, store = build_fixture_store(directory, make_settings=make_settings)
        with serving(settings, store) as url:
            yield url, store


@pytest.fixture(scope="module")
def site(fixture):
    return fixture[0]


def html(site, path, **headers) -> str:
    response = requests.get(site + path, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200, response.text
    return response.text


def _rdflib(term):
    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)
    if kind == "BlankNode":
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype.endswith("#string") else URIRef(datatype))


def store_document(store, iri: str) -> Graph:
    """The store's own triples about `iri` and the nodes it owns (minted beneath it), read straight from its quads."""
    quads = [q for q in store.quads() if not q.graph_name.value.startswith("urn:aga-mx:")]
    owned = {q.object.value for q in quads if q.subject.value == iri and q.object.value.startswith(iri + "/")}
    graph = Graph()
    for quad in quads:
        if quad.subject.value == iri or quad.subject.value in owned:
            graph.add((URIRef(quad.subject.value), URIRef(quad.predicate.value), _rdflib(quad.object)))
    return graph


@pytest.mark.parametrize("kind", ENTITY_PATHS)
@pytest.mark.parametrize("name", RDF_FORMATS)
def test_every_entity_type_in_every_format_serves_the_stores_triples(fixture, kind, name):
    site, store = fixture
    path = ENTITY_PATHS[kind]
    media_type, rdflib_format = RDF_FORMATS[name]
    expected = store_document(store, ID + path[len("/id/"):])
    assert len(expected) > 0
    for url, headers in ((site + path, {"Accept": media_type}), (site + path + "." + name, {}),
                         (site + path + "?format=" + name, {"Accept": "text/html"})):
        response = requests.get(url, headers=headers)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media_type), url
        served = Graph().parse(data=response.text, format=rdflib_format)
        if not isomorphic(served, expected):
            _, only_served, only_store = graph_diff(served, expected)
            pytest.fail(f"{url}: only served {sorted(only_served)}; only in store {sorted(only_store)}")


def test_an_html_extension_gives_the_page_whatever_the_accept_header(site):
    response = requests.get(site + AGENCY + ".html", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"].startswith("text/html")


def test_an_unknown_iri_under_our_base_is_a_404_page_with_a_search_box(site):
    response = requests.get(site + "/id/commitment/XX9999", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert re.search(r'<form[^>]*role="search"[^>]*action="/search"', response.text)
    machine = requests.get(site + "/id/commitment/XX9999.ttl")
    assert machine.status_code == 404 and machine.headers["Content-Type"].startswith("text/plain")
    assert "https://w3id.org/aga-mx/id/commitment/XX9999 " in machine.text


def test_an_action_plan_page_lists_its_commitments_with_their_irm_ratings(site):
    page = html(site, ENTITY_PATHS["action plan"], **{"Accept-Language": "en"})
    assert 'href="/id/commitment/XX0001"' in page and 'href="/id/commitment/XX0002"' in page
    ratings = page.split('class="ratings"')[1].split("</table>")[0]
    assert "Substantial" in ratings and "Transformative" in ratings and "★" in ratings


def test_a_commitment_page_gathers_milestones_agencies_datasets_assessments_and_recommendations(site):
    page = html(site, ENTITY_PATHS["commitment"], **{"Accept-Language": "es"})
    for section, link in (("milestones", "/id/milestone/XX0001-1"), ("agencies", AGENCY),
                          ("datasets", "/id/dataset/compras"), ("recommendations", "/id/recommendation/R1")):
        block = page.split(f'id="related-{section}"')[1].split("</section>")[0]
        assert f'href="{link}"' in block, section
    assessments = page.split('id="assessments-heading"')[1].split("</section>")[0]
    assert "Sustancial" in assessments and "2020" in assessments


def test_an_agency_page_shows_everything_it_leads_publishes_or_funds_with_counts(site):
    page = html(site, AGENCY, **{"Accept-Language": "en"})
    roles = page.split('class="roles"')[1].split("</ul>")[0]
    assert "lead institution of" in roles and "publisher of" in roles
    assert re.search(r"referenced by</a>: <strong>%d</strong>" % HUB_LINKS, roles)
    assert 'href="/id/dataset/compras"' in page and 'href="/id/fund/fondo-1"' in page


def test_a_dataset_page_lists_its_distributions(site):
    page = html(site, ENTITY_PATHS["dataset"], **{"Accept-Language": "es"})
    table = page.split('id="distributions-heading"')[1].split("</table>")[0]
    assert "Compras en CSV" in table and "https://datos.example.org/compras.csv" in table and "CSV" in table


def test_a_fund_page_draws_its_yearly_series_as_an_svg_chart_with_its_table(site):
    page = html(site, ENTITY_PATHS["fund"], **{"Accept-Language": "en"})
    section = page.split('id="series-heading"')[1].split("</section>")[0]
    assert "balance (pesos)" in page.split('id="series-heading"')[1].split("</h2>")[0]
    assert section.count("<rect") == 3 and 'role="img"' in section
    heights = [float(h) for h in re.findall(r'<rect[^>]* height="([\d.]+)"', section)]
    assert heights.index(max(heights)) == 1  # 2020 is the largest value
    assert re.findall(r'<th scope="row">(\d{4})</th><td class="number">([^<]+)</td>', section) == [
        ("2019", "1500.5"), ("2020", "2400"), ("2021", "900")]


def test_a_subclass_of_funding_scheme_gets_the_fund_page(site):
    assert 'class="fund"' in html(site, ENTITY_PATHS["fund"])


def test_any_other_iri_gets_the_generic_page(site):
    page = html(site, ENTITY_PATHS["generic"])
    assert "Otra cosa" in page and "https://example.org/elsewhere" in page


def test_labels_follow_accept_language_and_the_switch_which_is_remembered(site):
    assert "<h1 lang=\"en\">Open procurement data" in html(site, ENTITY_PATHS["commitment"], **{"Accept-Language": "en"})
    session = requests.Session()
    switched = session.get(site + ENTITY_PATHS["commitment"] + "?lang=es", headers={"Accept-Language": "en"})
    assert "<h1 lang=\"es\">Datos abiertos de compras públicas" in switched.text
    later = session.get(site + ENTITY_PATHS["dataset"], headers={"Accept-Language": "en", "Accept": "text/html"})
    assert "<h1 lang=\"es\">Compras públicas" in later.text


def test_a_missing_label_in_the_chosen_language_falls_back_visibly(site):
    page = html(site, "/id/commitment/XX0002", **{"Accept-Language": "en"})
    assert re.search(r'<h1 lang="es">Sólo en español: participación ciudadana\s*<span class="missing-language">'
                     r"\(no English label\)", page)


def _inbound_notes(site, page=None) -> tuple[str, list[str]]:
    query = f"?in=http%3A%2F%2Fpurl.org%2Fdc%2Fterms%2Freferences&page={page}" if page else ""
    text = requests.get(site + AGENCY + query, headers={"Accept": "text/html"}).text
    group = text.split('id="in-dct-references"')[1].split("</div>")[0]
    return group, re.findall(r'href="(/id/note/n\d+)"', group)


def test_inbound_links_are_grouped_counted_and_paged(site):
    group, first = _inbound_notes(site)
    assert f"({HUB_LINKS})" in group and len(first) == 50 and 'rel="next"' in group and 'rel="prev"' not in group
    _, second = _inbound_notes(site, 2)
    last_group, last = _inbound_notes(site, 3)
    assert len(last) == HUB_LINKS - 100 and 'rel="prev"' in last_group and 'rel="next"' not in last_group
    assert len(set(first + second + last)) == HUB_LINKS  # every link once, none on two pages
    assert _inbound_notes(site, 2)[1] == second  # a page is stable


def test_each_statement_names_its_source_and_licence(site):
    page = html(site, AGENCY, **{"Accept-Language": "en"})
    sources = page.split('id="sources-heading"')[1].split("</section>")[0]
    assert "Fixture entities for page tests" in sources and "CC-BY-4.0" in sources
    assert "Fixture notes" in sources and "none stated by the source" in sources
    assert re.search(r'Agencia Federal de Pruebas</span>\s*<small class="lang">@es</small> <a class="src" href="#source-\d"', page)


def test_pages_carry_etags_and_revalidate_with_304(fixture, tmp_path):
    site, _ = fixture
    first = requests.get(site + AGENCY, headers={"Accept": "text/html"})
    assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"] and first.headers["Last-Modified"]
    again = requests.get(site + AGENCY, headers={"Accept": "text/html", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.content
    turtle = requests.get(site + AGENCY, headers={"Accept": "text/turtle"})
    assert turtle.headers["ETag"] != first.headers["ETag"]


def test_the_etag_changes_when_the_data_does(tmp_path):
    settings, store = build_fixture_store(tmp_path, hub_links=1)
    with serving(settings, store) as site:
        before = requests.get(site + AGENCY, headers={"Accept": "text/html"}).headers["ETag"]
        store.mark_new_version()
        after = requests.get(site + AGENCY, headers={"Accept": "text/html", "If-None-Match": before})
        assert after.status_code == 200 and after.headers["ETag"] != before


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.alternates, self._in_jsonld = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.scripts.append("")
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates.append((attrs["type"], attrs["href"]))
        if tag == "script" and attrs.get("type") != "application/ld+json":
            raise AssertionError(f"a script element that is not JSON-LD: {attrs}")

    def handle_endtag(self, tag):
        self._in_jsonld = False if tag == "script" else self._in_jsonld

    def handle_data(self, data):
        if self._in_jsonld:
            self.scripts[-1] += data


@pytest.mark.parametrize("kind, schema_type", [("dataset", "Dataset"), ("agency", "Organization"),
                                               ("commitment", "CreativeWork"), ("generic", "Thing")])
def test_each_page_embeds_schema_org_json_ld_that_parses(site, kind, schema_type):
    head = _Head()
    head.feed(html(site, ENTITY_PATHS[kind]))
    (script,) = head.scripts
    data = json.loads(script)
    assert data["@id"] == ID + ENTITY_PATHS[kind][len("/id/"):]
    assert schema_type in data["@type"]
    assert data["url"].endswith(ENTITY_PATHS[kind])
    assert {t for t, _ in head.alternates} == {media for media, _ in RDF_FORMATS.values()}


def test_markup_in_the_data_stays_text_in_the_page_and_in_the_json_ld(site):
    page = html(site, "/id/commitment/XX0002")
    assert "<b>" not in page and "<!--" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;negrita&lt;/b&gt;" in page
    head = _Head()
    head.feed(page)  # fails on any <script> other than the JSON-LD one
    (script,) = head.scripts
    assert json.loads(script)["description"].startswith("<script>alert('x')</script> & <b>negrita</b> </script>")


def test_the_sitemap_lists_every_entity_page(fixture):
    site, store = fixture
    response = requests.get(site + "/sitemap.xml")
    assert response.headers["Content-Type"].startswith("application/xml")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", response.text))
    subjects = {q.subject.value for q in store.quads() if q.subject.value.startswith(ID)}
    assert listed == {site + "/id/" + s[len(ID):] for s in subjects}
    assert len(listed) == 14 + HUB_LINKS


@pytest.mark.parametrize("query, expected", [
    ("compras publicas", "/id/dataset/compras"),     # no accents typed, Spanish label
    ("PUBLIC PROCUREMENT", "/id/dataset/compras"),   # English label, other case
    ("agencia federal", "/id/organization/agencia-de-prueba"),
    ("afp", "/id/organization/agencia-de-prueba"),   # a code
    ("participacion", "/id/commitment/XX0002"),
])
def test_search_finds_entities_by_label_accent_insensitively_in_both_languages(site, query, expected):
    found = requests.get(site + "/search.json", params={"q": query}).json()
    assert expected in [r["url"] for r in found["results"]]
    page = html(site, "/search?q=" + requests.utils.quote(query))
    assert f'href="{expected}"' in page


def test_search_results_are_labelled_in_the_readers_language(site):
    found = requests.get(site + "/search.json", params={"q": "compras"}, headers={"Accept-Language": "en"}).json()
    dataset = next(r for r in found["results"] if r["url"] == "/id/dataset/compras")
    assert dataset["label"] == "Public procurement" and dataset["label_language"] == "en"
    assert dataset["type"] == "dataset"


def test_every_page_has_a_search_box_and_works_without_javascript(site):
    for path in ENTITY_PATHS.values():
        page = html(site, path)
        assert re.search(r'<form class="search" role="search" action="/search" method="get">', page)
        assert '<label for="site-search"' in page


def test_a_large_sitemap_becomes_an_index_of_parts_that_together_list_every_page(fixture, monkeypatch):
    from server import sitemap
    site, _ = fixture
    everything = set(re.findall(r"<loc>([^<]+)</loc>", requests.get(site + "/sitemap.xml").text))
    monkeypatch.setattr(sitemap, "PART_SIZE", 50)
    index = requests.get(site + "/sitemap.xml")
    parts = re.findall(r"<sitemap><loc>([^<]+)</loc></sitemap>", index.text)
    assert "<sitemapindex" in index.text and parts == [site + f"/sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = [loc for part in parts for loc in re.findall(r"<loc>([^<]+)</loc>", requests.get(part).text)]
    assert len(listed) == len(everything) and set(listed) == everything
    assert requests.get(site + "/sitemap-4.xml").status_code == 404
