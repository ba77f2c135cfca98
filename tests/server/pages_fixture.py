"""A small graph with one entity of every page type, loaded into a real store on disk and served over HTTP.

Datasets and funds are loaded by other sources later; these fixtures use only
standard DCAT, schema.org and Data Cube terms, as the real data will.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from rdflib import Graph

from kg.config import PROJECT_ROOT
from kg.stores import open_store
from tests.conftest import settings_in
from tests.server.live import serving  # re-exported: the page tests serve their fixture store with it

HUB_LINKS = 120  # more than two pages of inbound links

ENTITIES = """
@prefix aga: <https://w3id.org/aga-mx/def/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/aga-mx/id/> .
@prefix ex: <https://example.org/def/> .

id:action-plan\\/XX-1 a aga:ActionPlan ; skos:prefLabel "Plan de prueba 1"@es, "Test plan 1"@en ;
    aga:planNumber 1 .
id:commitment\\/XX0001 a aga:Commitment ; dct:identifier "XX0001" ; dct:isPartOf id:action-plan\\/XX-1 ;
    dct:title "Datos abiertos de compras públicas"@es, "Open procurement data"@en ;
    aga:leadInstitution id:organization\\/agencia-de-prueba ; aga:starred true ;
    aga:assessment id:commitment\\/XX0001\\/assessment\\/end-of-term ;
    dct:relation id:dataset\\/compras, id:recommendation\\/R1 .
id:commitment\\/XX0001\\/assessment\\/end-of-term a aga:Assessment ; aga:reportType aga:report-end-of-term ;
    aga:reportYear "2020"^^xsd:gYear ; aga:completion aga:completion-substantial ;
    aga:potentialImpact aga:impact-transformative .
id:milestone\\/XX0001-1 a aga:Milestone ; dct:isPartOf id:commitment\\/XX0001 ; dct:title "Publicar el padrón"@es .
id:recommendation\\/R1 a aga:Recommendation ; rdfs:label "Ampliar la participación"@es .
id:commitment\\/XX0002 a aga:Commitment ; dct:identifier "XX0002" ; dct:isPartOf id:action-plan\\/XX-1 ;
    dct:title "Sólo en español: participación ciudadana"@es ;
    dct:description "<script>alert('x')</script> & <b>negrita</b> </script><!--" .
id:organization\\/agencia-de-prueba a org:Organization ; skos:prefLabel "Agencia Federal de Pruebas"@es ;
    skos:notation "AFP" .
id:dataset\\/compras a dcat:Dataset ; dct:title "Compras públicas"@es, "Public procurement"@en ;
    dct:publisher id:organization\\/agencia-de-prueba ;
    dcat:distribution id:dataset\\/compras\\/csv .
id:dataset\\/compras\\/csv a dcat:Distribution ; dct:title "Compras en CSV"@es ;
    dcat:accessURL <https://datos.example.org/compras.csv> ; dct:format "CSV" .
ex:TrustFund rdfs:subClassOf schema:FundingScheme ; rdfs:label "Fideicomiso"@es, "Trust fund"@en .
id:fund\\/fondo-1 a ex:TrustFund ; schema:name "Fondo de prueba"@es ; schema:funder id:organization\\/agencia-de-prueba .
id:fund\\/fondo-1\\/2019 a qb:Observation ; ex:fund id:fund\\/fondo-1 ; ex:refPeriod "2019"^^xsd:gYear ; ex:balance 1500.5 .
id:fund\\/fondo-1\\/2020 a qb:Observation ; ex:fund id:fund\\/fondo-1 ; ex:refPeriod "2020"^^xsd:gYear ; ex:balance 2400 .
id:fund\\/fondo-1\\/2021 a qb:Observation ; ex:fund id:fund\\/fondo-1 ; ex:refPeriod "2021"^^xsd:gYear ; ex:balance 900 .
ex:balance rdfs:label "saldo (pesos)"@es, "balance (pesos)"@en .
id:thing\\/other rdfs:label "Otra cosa"@es ; rdfs:seeAlso <https://example.org/elsewhere> .
"""


def hub_turtle(links: int) -> str:
    lines = ["@prefix dct: <http://purl.org/dc/terms/> .", "@prefix id: <https://w3id.org/aga-mx/id/> ."]
    lines += [f'id:note\\/n{i:05d} dct:references id:organization\\/agencia-de-prueba ; dct:title "Nota {i}"@es .'
              for i in range(links)]
    return "\n".join(lines)


MANIFEST = """[[source]]
name = "fixture-entities"
loader = "none"
file = "none.csv"
title = "Fixture entities for page tests"
licence = "CC-BY-4.0"

[[source]]
name = "fixture-notes"
loader = "none"
file = "none.csv"
title = "Fixture notes"
"""


def build_fixture_store(directory: Path, hub_links: int = HUB_LINKS, make_settings=None):
    """The fixture graph in a new store: embedded under `directory`, or whichever `make_settings` describes."""
    data_dir = directory / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    settings = (make_settings or partial(settings_in, directory))(data_dir=data_dir)
    store = open_store(settings)
    ontology = Graph()
    for name in ("aga.ttl", "scales.ttl"):
        ontology.parse(PROJECT_ROOT / "ontology" / name)
    store.replace_graph(settings.graph_iri("ontology"), ontology)
    store.replace_graph(settings.graph_iri("fixture-entities"), Graph().parse(data=ENTITIES, format="turtle"))
    store.replace_graph(settings.graph_iri("fixture-notes"), Graph().parse(data=hub_turtle(hub_links), format="turtle"))
    return settings, store

