"""The fund, grant, amount and observation shapes: a valid example conforms, each rule rejects its breach."""
from __future__ import annotations

import pytest
from rdflib import Graph

from kg.config import Settings
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from

SETTINGS = Settings()
PREFIXES = """@prefix aga: <https://w3id.org/aga-mx/def/> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix qb: <http://purl.org/linked-data/cube#> . @prefix id: <https://w3id.org/aga-mx/id/> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
"""
AGENCY = 'id:sfp a org:Organization ; skos:prefLabel "Secretaría de la Función Pública"@es .\n'
FUND = AGENCY + """id:fund a aga:TrustFund ; dct:identifier "700002210104" ; schema:name "Fondo"@es ;
    schema:funder id:sfp ; dct:type aga:trust-type-mandato ; aga:trustScope aga:trust-scope-federal ;
    dct:subject aga:trust-theme-pensiones ; aga:initialContribution id:amount .
id:amount a schema:MonetaryAmount ; schema:value "1000.0"^^xsd:decimal ; schema:currency "MXN" ;
    schema:validFrom "1992-05-25"^^xsd:date .
"""
GRANT = AGENCY + """id:programme a schema:FundingScheme ; schema:name "Programa"@es ; schema:funder id:sfp .
id:grant a schema:MonetaryGrant ; schema:identifier "G1" ; schema:funder id:programme ; schema:amount id:pesos ;
    dct:date "2016"^^xsd:gYear ; aga:recipientType aga:recipient-microempresa ; aga:recipientState id:state-09 ;
    aga:grantCall "Convocatoria 1" ; aga:sector "Comercio"@es .
id:pesos a schema:MonetaryAmount ; schema:value "100.5"^^xsd:decimal ; schema:currency "MXN" .
id:state-09 a skos:Concept ; skos:inScheme aga:inegi-states ; skos:notation "09" .
"""
CUBE = FUND + """id:cube a qb:DataSet ; qb:structure aga:dsd-trust-fund-year ; dct:title "Evolución"@es .
id:obs a qb:Observation ; qb:dataSet id:cube ; aga:trustFund id:fund ; aga:year "2014"^^xsd:gYear ;
    aga:income "1.5"^^xsd:decimal ; aga:yields "0.0"^^xsd:decimal ; aga:expenses "2.0"^^xsd:decimal ;
    aga:availableBalance "-3.25"^^xsd:decimal ; sdmx-attribute:unitMeasure aga:currency-mxn .
id:persons a qb:Observation ; qb:dataSet id:cube ; aga:missingPersons "4191"^^xsd:integer .
"""


def problems(turtle: str):
    data = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return shacl_problems(data, shapes_from(SETTINGS.shapes_dir), vocabulary_from(SETTINGS.ontology_dir).graph,
                          "inline.ttl", {})


def without(turtle: str, text: str, instead: str = "") -> str:
    assert text in turtle, text
    return turtle.replace(text, instead)


@pytest.mark.parametrize("example", [FUND, GRANT, CUBE], ids=["fund", "grant", "cube"])
def test_a_well_formed_example_conforms(example):
    assert problems(example) == []


@pytest.mark.parametrize("turtle, shape, words", [
    (without(FUND, 'schema:name "Fondo"@es ;'), "FundingSchemeShape", "A fund has a name"),
    (FUND + "id:fund schema:funder id:nobody .", "FundingSchemeShape", "funder is an organisation"),
    (without(FUND, 'dct:identifier "700002210104" ;'), "TrustFundShape", "exactly one SHCP registry key"),
    (without(FUND, '"700002210104"', '"70-00"'), "TrustFundShape", "exactly one SHCP registry key"),
    (without(FUND, "schema:funder id:sfp ;"), "TrustFundShape", "names the agency"),
    (without(FUND, "aga:trust-type-mandato", "aga:trust-scope-federal"), "TrustFundShape", "aga:trust-types"),
    (without(FUND, "aga:trustScope aga:trust-scope-federal", "aga:trustScope aga:trust-theme-pensiones"),
     "TrustFundShape", "aga:trust-scopes"),
    (without(FUND, "dct:subject aga:trust-theme-pensiones", "dct:subject aga:trust-type-mandato"),
     "TrustFundShape", "aga:trust-themes"),
    (without(FUND, "aga:initialContribution id:amount .", 'aga:initialContribution id:amount, id:other .'),
     "TrustFundShape", "initialContribution"),
    (FUND + 'id:fund aga:settlor 5 .', "TrustFundShape", "settlor"),
    (without(FUND, 'schema:value "1000.0"^^xsd:decimal ;', 'schema:value "1000" ;'), "MonetaryAmountShape", "xsd:decimal value"),
    (without(FUND, 'schema:currency "MXN" ;', 'schema:currency "pesos" ;'), "MonetaryAmountShape", "ISO 4217"),
    (without(FUND, '"1992-05-25"^^xsd:date', '"1992"^^xsd:gYear'), "MonetaryAmountShape", "validFrom"),
])
def test_each_fund_rule_rejects_its_breach(turtle, shape, words):
    found = problems(turtle)
    assert found and all(p.rule == shape for p in found), found
    assert any(words in p.message for p in found), found


@pytest.mark.parametrize("turtle, shape, words", [
    (without(GRANT, 'schema:identifier "G1" ;'), "GrantShape", "exactly one folio"),
    (without(GRANT, "schema:funder id:programme ;", "schema:funder id:sfp ;"), "GrantShape", "exactly one programme"),
    (without(GRANT, "schema:amount id:pesos ;"), "GrantShape", "exactly one amount"),
    (without(GRANT, 'schema:currency "MXN" .', 'schema:currency "USD" .'), "GrantShape", "in Mexican pesos"),
    (without(GRANT, '"100.5"^^xsd:decimal', '"-100.5"^^xsd:decimal'), "GrantShape", "not negative"),
    (without(GRANT, 'dct:date "2016"^^xsd:gYear ;', 'dct:date "2016-01-01"^^xsd:date ;'), "GrantShape", "year of award"),
    (without(GRANT, "aga:recipient-microempresa", "aga:trust-scope-federal"), "GrantShape", "recipient type"),
    (without(GRANT, "skos:inScheme aga:inegi-states", "skos:inScheme aga:sexes"), "GrantShape", "aga:inegi-states"),
    (GRANT + 'id:grant aga:grantCall "Otra" .', "GrantShape", "grantCall"),
    (GRANT + 'id:grant aga:sector "Otro"@es .', "GrantShape", "sector"),
])
def test_each_grant_rule_rejects_its_breach(turtle, shape, words):
    found = problems(turtle)
    assert found and all(p.rule == shape for p in found), found
    assert any(words in p.message for p in found), found


@pytest.mark.parametrize("turtle, shape, words", [
    (CUBE + "id:obs qb:dataSet id:fund .", "ObservationShape", "exactly one data set"),
    (without(CUBE, 'aga:year "2014"^^xsd:gYear', 'aga:year "2014"'), "ObservationShape", "xsd:gYear"),
    (without(CUBE, 'aga:income "1.5"^^xsd:decimal', 'aga:income "1.5"'), "ObservationShape", "amount of an observation"),
    (without(CUBE, '"4191"^^xsd:integer', '"-1"^^xsd:integer'), "ObservationShape", "count of persons"),
    (without(CUBE, "qb:structure aga:dsd-trust-fund-year ;"), "DataSetShape", "exactly one structure"),
    (without(CUBE, 'dct:title "Evolución"@es .', "."), "DataSetShape", "has a title"),
])
def test_each_cube_rule_rejects_its_breach(turtle, shape, words):
    found = problems(turtle)
    assert found and all(p.rule == shape for p in found), found
    assert any(words in p.message for p in found), found
