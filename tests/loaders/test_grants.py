"""Grants of a programme, in this project's CSV format, tested on a seeded synthetic fixture."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kg.config import Settings
from kg.namespaces import RDF, SCHEMA
from kg.pipeline import Source, agencies_from, map_and_validate, read_manifest
from kg.vocabulary import vocabulary_from
from loaders import grants
from loaders.base import LoadContext, LoadResult
from tests.conftest import DATA
from tests.loaders.fixtures.make_grants_synthetic import TARGET, synthetic_grants

SETTINGS = Settings()
GRANTS = Source("grants-synthetic", "grants-csv", TARGET)
HEADER = "grant_id,programme,call,recipient_type,state_code,sector,amount_mxn,year,funder\n"


def load_text(tmp_path: Path, text: str) -> LoadResult:
    path = tmp_path / "grants.csv"
    path.write_text(text, encoding="utf-8")
    result = LoadResult("grants.csv")
    context = LoadContext(SETTINGS, vocabulary_from(SETTINGS.ontology_dir), agencies_from(DATA / "agencies.csv"))
    grants.load(path, context, result)
    return result


def test_the_synthetic_fixture_is_exactly_what_its_seeded_generator_makes():
    assert TARGET.read_text(encoding="utf-8") == synthetic_grants()
    assert TARGET.read_text(encoding="utf-8").startswith("# SYNTHETIC TEST DATA")


def test_synthetic_grants_are_not_bundled():
    assert all("synthetic" not in str(source.file) for source in read_manifest(SETTINGS))


def test_every_synthetic_grant_loads_and_conforms_to_the_shapes():
    result = map_and_validate(GRANTS, SETTINGS)
    assert len(set(result.graph.subjects(RDF.type, SCHEMA.MonetaryGrant))) == 8
    [programme] = result.graph.subjects(RDF.type, SCHEMA.FundingScheme)
    assert programme == URIRef(SETTINGS.id_base + "funding-scheme/programa-sintetico-de-prueba")
    assert result.graph.value(programme, SCHEMA.funder) == URIRef(SETTINGS.id_base + "organization/secretaria-de-economia")


@pytest.mark.parametrize("row, rule", [
    ("G1,P,,emprendedor,,,-5.00,2016,", "amount-mxn"),
    ('G1,P,,emprendedor,,,"1,500.00",2016,', "amount-mxn"),
    ("G1,P,,emprendedor,,,500.00,2016,,extra", "row-shape"),
    ("G1,P,,startup,,,500.00,2016,", "recipient-type"),
    ("G1,P,,emprendedor,33,,500.00,2016,", "state-code"),
    ("G1,P,,emprendedor,,,500.00,16,", "year"),
    ("G1,,,emprendedor,,,500.00,2016,", "required-cells"),
])
def test_a_row_that_breaks_the_format_is_rejected_and_the_others_load(tmp_path, row, rule):
    result = load_text(tmp_path, HEADER + "G0,P,,microempresa,09,,100.00,2016,\n" + row + "\n")
    [problem] = result.errors
    assert (problem.location, problem.rule) == ("row 2 (line 3)", rule)
    assert len(set(result.graph.subjects(RDF.type, SCHEMA.MonetaryGrant))) == 1


def test_a_grant_id_used_twice_in_a_programme_is_rejected(tmp_path):
    result = load_text(tmp_path, HEADER + "G1,P,,microempresa,,,100.00,2016,\nG1,P,,microempresa,,,200.00,2016,\n")
    [problem] = result.errors
    assert problem.rule == "unique-grant-id" and "already appears in row 1" in problem.message


def test_a_column_naming_the_recipient_is_ignored_and_said_so(tmp_path):
    result = load_text(tmp_path, HEADER.strip() + ",recipient_name\nG1,P,,microempresa,,,100.00,2016,,Ana Pérez\n")
    [warning] = result.warnings
    assert warning.rule == "known-columns" and "recipient_name" in warning.message
    assert not any("Ana" in str(term) for triple in result.graph for term in triple)
