"""Agency reconciliation: one IRI per organisation, only through the reviewable alias table."""
from __future__ import annotations

import pytest
from rdflib import Literal

from kg.config import Settings
from kg.namespaces import SKOS
from kg.vocabulary import vocabulary_from
from loaders.agencies import AgencyIndex, normalise
from loaders.base import LoadContext, LoadResult
from tests.conftest import DATA

SETTINGS = Settings()


@pytest.fixture(scope="module")
def context():
    return LoadContext(SETTINGS, vocabulary_from(SETTINGS.ontology_dir), AgencyIndex.from_csv(DATA / "agencies.csv"))


def test_name_acronym_and_aliases_are_one_organisation(context):
    result = LoadResult("test")
    iris = {context.organization(name, result, "row 1") for name in (
        "SFP", "Secretaría de la Función Pública", "Función Pública", "Secretaria de la Funcion Publica (SFP)",
        "función pública")}
    assert iris == {context.entity("organization", "secretaria-de-la-funcion-publica")}
    assert result.problems == []
    [iri] = iris
    assert result.graph.value(iri, SKOS.prefLabel) == Literal("Secretaría de la Función Pública", lang="es")
    assert Literal("Función Pública") in set(result.graph.objects(iri, SKOS.altLabel))


def test_an_unknown_name_is_kept_apart_and_reported(context):
    result = LoadResult("test.csv")
    iri = context.organization("Secretaría de Cultura", result, "row 7")
    assert iri == context.entity("organization", "secretaria-de-cultura")
    [problem] = result.problems
    assert (problem.location, problem.rule, problem.severity) == ("row 7", "unmatched-organization", "info")


def test_an_unknown_name_is_reported_once_a_load_at_the_first_row_naming_it(context):
    result = LoadResult("test.csv")
    for row in ("row 7", "row 8"):
        context.organization("Secretaría de Cultura", result, row)
    context.organization("Secretaría de Turismo Estatal", result, "row 9")
    assert [(p.location, p.message.split("'")[1]) for p in result.problems] == [
        ("row 7", "Secretaría de Cultura"), ("row 9", "Secretaría de Turismo Estatal")]


def test_no_near_match_is_merged_on_a_guess(context):
    # "Secretaría de la Función Pública del Estado" is another body: it must not match the federal SFP.
    result = LoadResult("test")
    assert context.organization("Secretaría de la Función Pública del Estado", result, "row 1") != \
        context.entity("organization", "secretaria-de-la-funcion-publica")


def test_an_alias_naming_two_organisations_is_refused(tmp_path):
    table = tmp_path / "agencies.csv"
    table.write_text("key,name,acronym,aliases,basis\na,Uno,X,,\nb,Dos,X,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: 'x' already names a"):
        AgencyIndex.from_csv(table)


def test_normalisation_ignores_case_accents_and_punctuation():
    assert normalise("  Secretaría de  SALUD (Salud). ") == "secretaria de salud salud"


def test_datos_gob_mx_acronyms_and_slugs_reconcile_with_the_ogp_names(context):
    result = LoadResult("test")
    for names, key in ((("sfp", "SFP", "Secretaría de la Función Pública (SFP)"), "secretaria-de-la-funcion-publica"),
                       (("conapesca", "Comisión Nacional de Acuacultura y Pesca (CONAPESCA)"),
                        "comision-nacional-de-acuacultura-y-pesca"),
                       (("profepa", "Procuraduría Federal de Protección al Ambiente"),
                        "procuraduria-federal-de-proteccion-al-ambiente")):
        assert {context.organization(n, result, "row 1") for n in names} == {context.entity("organization", key)}
    assert result.problems == []


def test_every_alias_row_says_which_source_prints_it():
    import csv
    with (DATA / "agencies.csv").open(encoding="utf-8") as handle:
        assert all(row["basis"].strip() for row in csv.DictReader(handle))
