"""RNPDNO aggregate tables: one cube per table, totals only, linked to commitments only through the link table."""
from __future__ import annotations

import csv

import pytest
from rdflib import Literal, URIRef

from kg.config import Settings
from kg.namespaces import AGA, DCTERMS, QB, RDF, SKOS
from kg.pipeline import Source, map_and_validate, source_named
from kg.problems import LoadError
from kg.store import OxigraphStore
from kg.vocabulary import vocabulary_from
from tests.conftest import DATA

SETTINGS = Settings()
TABLES = {"rnpdno-by-year": 15, "rnpdno-by-sex": 45, "rnpdno-by-age-band": 90, "rnpdno-by-state": 32}
# Everything an RNPDNO observation may say: a data set, its dimensions, the count and the source note.
AGGREGATE_PREDICATES = {RDF.type, QB.dataSet, AGA.year, AGA.sex, AGA.ageBand, AGA.state,
                        AGA.missingPersons, AGA.sourceNote}


@pytest.fixture(scope="module")
def tables():
    return {name: map_and_validate(source_named(SETTINGS, name), SETTINGS).graph for name in TABLES}


@pytest.mark.parametrize("name, cells", sorted(TABLES.items()))
def test_each_table_is_one_data_set_with_one_observation_per_cell(tables, name, cells):
    graph = tables[name]
    [cube] = graph.subjects(RDF.type, QB.DataSet)
    assert cube == URIRef(SETTINGS.id_base + "cube/" + name)
    assert len(set(graph.subjects(QB.dataSet, cube))) == cells


@pytest.mark.parametrize("name", sorted(TABLES))
def test_observations_hold_totals_and_nothing_about_a_person(tables, name):
    graph = tables[name]
    for observation in graph.subjects(RDF.type, QB.Observation):
        assert {p for p, _ in graph.predicate_objects(observation)} <= AGGREGATE_PREDICATES


def test_the_yearly_figures_are_the_source_counts(tables):
    graph = tables["rnpdno-by-sex"]
    women_2024 = graph.value(URIRef(SETTINGS.id_base + "cube/rnpdno-by-sex/2024/female"), AGA.missingPersons)
    rows = {r["anio"]: r for r in csv.DictReader((DATA / "rnpdno-aggregates/serie_nacional_sexo_2010_2024.csv").open())}
    assert women_2024.toPython() == int(rows["2024"]["mujeres"])


def test_states_are_named_by_their_inegi_code_and_keep_the_source_label(tables):
    observation = URIRef(SETTINGS.id_base + "cube/rnpdno-by-state/15")
    state = tables["rnpdno-by-state"].value(observation, AGA.state)
    assert state == AGA["state-15"]
    ontology = vocabulary_from(SETTINGS.ontology_dir).graph
    assert Literal("ESTADO DE MEXICO", lang="es") in set(ontology.objects(state, SKOS.prefLabel))
    assert (state, SKOS.inScheme, AGA["inegi-states"]) in ontology
    assert (state, SKOS.altLabel, None) not in tables["rnpdno-by-state"]  # the source's label is the concept's


def test_another_spelling_of_a_state_is_kept_as_an_alternative_label(tmp_path):
    path = tmp_path / "states.csv"
    path.write_text("cve_estado,estado,desap_count_acum\n15,MÉXICO,8577\n", encoding="utf-8")
    graph = map_and_validate(Source("rnpdno-by-state", "rnpdno-aggregates", path, options={"period": "2010-2024"}),
                             SETTINGS, path).graph
    assert graph.value(AGA["state-15"], SKOS.altLabel) == Literal("MÉXICO", lang="es")


def test_every_table_is_linked_to_the_two_commitments_on_disappearances(tables):
    commitments = {SETTINGS.id_base + "commitment/" + key for key in ("MX0064", "MX0066")}
    for name in TABLES:
        assert set(map(str, tables[name].objects(None, DCTERMS.relation))) == commitments


def test_the_link_table_names_only_commitments_that_exist(built):
    store = OxigraphStore.open(built.store_path, read_only=True)
    rows = list(store.query("""PREFIX dct: <http://purl.org/dc/terms/> PREFIX aga: <https://w3id.org/aga-mx/def/>
        SELECT DISTINCT ?commitment ?exists WHERE {
            ?cube dct:relation ?commitment .
            BIND (EXISTS { ?commitment a aga:Commitment } AS ?exists) }"""))
    assert len(rows) == 2 and all(r["exists"].value == "true" for r in rows)


def only_problem_refusing(tmp_path, content: str):
    path = tmp_path / "table.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        map_and_validate(Source("rnpdno-by-year", "rnpdno-aggregates", path), SETTINGS, path)
    [problem] = refused.value.problems
    return problem


def test_a_count_that_is_not_a_whole_number_is_rejected_with_its_row(tmp_path):
    problem = only_problem_refusing(tmp_path, "anio,desap_count,fuente\n2010,4191,x\n2011,about 5000,x\n")
    assert (problem.location, problem.rule) == ("row 2 (line 3)", "count")


def test_an_unknown_table_layout_is_refused_naming_the_known_ones(tmp_path):
    problem = only_problem_refusing(tmp_path, "anio;desap_count;fuente\n2010;4191;x\n")
    assert problem.rule == "table-layout" and "separated by commas" in problem.message


def test_a_percentage_that_does_not_follow_from_the_counts_is_a_warning(tmp_path):
    path = tmp_path / "sex.csv"
    path.write_text("anio,hombres,mujeres,total,pct_hombres,fuente\n2010,3556,634,4191,50.0,x\n", encoding="utf-8")
    result = map_and_validate(Source("rnpdno-by-sex", "rnpdno-aggregates", path), SETTINGS, path)
    [warning] = result.warnings
    assert warning.rule == "derived-percentage" and "(84.85)" in warning.message
    assert len(set(result.graph.subjects(RDF.type, QB.Observation))) == 3
