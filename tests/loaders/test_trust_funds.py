"""Mexican federal trust funds: every fund of the bundled files, their ramos reconciled, bad input reported."""
from __future__ import annotations

import inspect
import json
from collections import Counter

import pytest
from kg.config import Settings
from kg.namespaces import AGA, QB, RDF
from kg.pipeline import Source, agencies_from, load_into_store, map_and_validate
from kg.problems import LoadError
from kg.store import OxigraphStore
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from
from loaders import trust_funds_csv, trust_funds_json
from loaders.base import LoadContext, LoadResult
from tests.conftest import DATA, settings_in

SETTINGS = Settings()
FOLDER = DATA / "fideicomisos-gobiernofacil"
JSON_SOURCE = Source("trust-funds-2006-2014", "trust-funds-json", FOLDER / "Full2014.json")
CSV_SOURCE = Source("trust-funds-2015", "trust-funds-csv", FOLDER / "trusts_2015.csv")


def context() -> LoadContext:
    return LoadContext(SETTINGS, vocabulary_from(SETTINGS.ontology_dir), agencies_from(DATA / "agencies.csv"))


@pytest.fixture(scope="module")
def csv_load() -> LoadResult:
    result = LoadResult("data/fideicomisos-gobiernofacil/trusts_2015.csv")
    trust_funds_csv.load(CSV_SOURCE.file, context(), result)
    return result


def test_each_of_the_56_malformed_records_is_reported_with_its_lines_and_rule(csv_load):
    malformed = [p for p in csv_load.errors if p.rule == "record-shape"]
    assert len(malformed) == 56
    assert len({p.location for p in malformed}) == 56
    first = malformed[0]
    assert (first.file, first.location) == ("data/fideicomisos-gobiernofacil/trusts_2015.csv", "record 19 (line 110)")
    assert first.message.startswith("17 field(s) where the header has 23")
    assert all(p.location.startswith("record ") and "line" in p.location for p in malformed)


def test_the_totals_row_without_a_registry_key_is_rejected(csv_load):
    [other] = [p for p in csv_load.errors if p.rule != "record-shape"]
    assert (other.location, other.rule) == ("record 390 (line 2084)", "registry-key")


def test_malformed_records_produce_no_triples_and_the_others_all_load(csv_load):
    funds = set(csv_load.graph.subjects(RDF.type, AGA.TrustFund))
    assert len(funds) == 333  # 390 records - 56 malformed - 1 totals row
    # 20120621501551 (lines 110-115) is one of the funds whose record the source broke
    assert not any("20120621501551" in str(term) for triple in csv_load.graph for term in triple)
    observations = set(csv_load.graph.subjects(RDF.type, QB.Observation))
    assert len(observations) == 333


def test_the_valid_records_of_the_csv_conform_to_the_shapes(csv_load):
    assert shacl_problems(csv_load.graph, shapes_from(SETTINGS.shapes_dir),
                          vocabulary_from(SETTINGS.ontology_dir).graph, csv_load.file, csv_load.origins) == []


def test_every_ramo_of_both_files_is_in_the_alias_table(csv_load):
    assert [p for p in csv_load.problems if p.rule == "unmatched-organization"] == []
    result = LoadResult("Full2014.json")
    trust_funds_json.load(JSON_SOURCE.file, context(), result)
    assert [p for p in result.problems if p.rule == "unmatched-organization"] == []
    records = json.loads(JSON_SOURCE.file.read_text(encoding="utf-8"))
    assert len(set(result.graph.subjects(RDF.type, AGA.TrustFund))) == len(records) == 614
    assert len(set(result.graph.subjects(RDF.type, QB.Observation))) == \
        sum(len(r["Evolucion"]) for r in records) == 3379


def load_strictly(store, settings, source, path):
    """`strict=True` where the pipeline has a per-run policy (issue 4a); before it, every load is strict."""
    if "strict" in inspect.signature(load_into_store).parameters:
        return load_into_store(store, settings, source, path, strict=True)
    return load_into_store(store, settings, source, path)


def test_a_strict_load_of_the_csv_leaves_the_store_exactly_as_it_was(tmp_path):
    settings = settings_in(tmp_path)
    store = OxigraphStore.open(tmp_path / "store")
    good = tmp_path / "good.csv"
    lines = CSV_SOURCE.file.read_text(encoding="utf-8").split("\n")
    good.write_text("\n".join(lines[:109]) + "\n", encoding="utf-8")  # header and the first 18 records, all valid
    load_strictly(store, settings, CSV_SOURCE, good)
    before = sorted(map(str, store.quads()))
    assert before

    with pytest.raises(LoadError) as refused:
        load_strictly(store, settings, CSV_SOURCE, CSV_SOURCE.file)

    assert sorted(map(str, store.quads())) == before
    assert Counter(p.rule for p in refused.value.problems if p.severity == "error")["record-shape"] == 56


@pytest.mark.parametrize("source, content, rule, words", [
    (JSON_SOURCE, '[{"Registro": "700002210104", "Designacion": "Fondo', "json-syntax", "is the file complete?"),
    (JSON_SOURCE, '{"Registro": "700002210104"}', "json-shape", "expected a JSON array of funds"),
    (CSV_SOURCE, "id,year,branch,type\n1,2015,SALUD,FIDEICOMISO\n", "delimiter", "not separated by semicolons"),
    (CSV_SOURCE, '"id";"year"\n"1";"2015"\n', "required-columns", "missing: branch"),
])
def test_a_broken_file_is_refused_with_a_clear_reason(tmp_path, source, content, rule, words):
    path = tmp_path / source.file.name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        map_and_validate(source, SETTINGS, path)
    [problem] = refused.value.problems
    assert problem.rule == rule and words in problem.message


def test_a_file_that_is_not_utf8_is_refused_naming_the_byte(tmp_path):
    path = tmp_path / "trusts.csv"
    path.write_bytes('"id";"year"\n"1";"Función"\n'.encode("latin-1"))
    with pytest.raises(LoadError) as refused:
        map_and_validate(CSV_SOURCE, SETTINGS, path)
    [problem] = refused.value.problems
    assert problem.location == "line 2" and "not UTF-8: byte 0xf3" in problem.message


def test_a_year_with_a_figure_that_is_not_an_amount_is_rejected_alone(tmp_path):
    records = json.loads((FOLDER / "Full2014.json").read_text(encoding="utf-8"))[:1]
    records[0]["Evolucion"][1]["Egresos"] = "n/d"
    path = tmp_path / "funds.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    result = LoadResult("funds.json")
    trust_funds_json.load(path, context(), result)
    [problem] = result.errors
    assert (problem.location, problem.rule) == ("record 1 (700002210104), Evolucion[1] (2007)", "amount")
    years = {str(o).rsplit("/", 1)[-1] for o in result.graph.subjects(RDF.type, QB.Observation)}
    assert "2007" not in years and "2006" in years and len(years) == len(records[0]["Evolucion"]) - 1


def test_one_agency_has_commitments_and_trust_funds_across_sources(built):
    store = OxigraphStore.open(built.store_path, read_only=True)
    rows = list(store.query("""
        PREFIX schema: <https://schema.org/> PREFIX aga: <https://w3id.org/aga-mx/def/>
        SELECT ?commitment ?fund WHERE {
            ?commitment aga:leadInstitution|aga:supportingInstitution ?agency .
            ?fund a aga:TrustFund ; schema:funder ?agency .
            FILTER (?agency = <https://w3id.org/aga-mx/id/organization/secretaria-de-la-funcion-publica>)
        }"""))
    assert {r["fund"].value for r in rows} == {SETTINGS.id_base + "trust-fund/" + key
                                                for key in ("200427A0001372", "20072750001478")}
    assert SETTINGS.id_base + "commitment/MX0075" in {r["commitment"].value for r in rows}
