"""The OGP commitments export loader: what a row becomes, and what it refuses."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.config import Settings
from kg.namespaces import AGA, DCTERMS, ORG, RDF, RDFS, SCHEMA, SKOS
from kg.pipeline import Source, map_and_validate
from kg.problems import LoadError
from loaders.ogp_export import commitment_number, parse_date, split_institutions
from tests.conftest import DATA

SETTINGS = Settings()
ID = SETTINGS.id_base
MEXICO = Source("ogp-mexico-commitments", "ogp-export", DATA / "ogp-mexico" / "commitments.csv",
                options={"title_language": "en"})
G0V = Source("ogp-g0v-open-parliament", "ogp-export", DATA / "ogp-g0v" / "open_parliament_0703.csv")


def header_of(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def write_rows(path: Path, header: list[str], rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})
    return path


@pytest.fixture(scope="module")
def mexico():
    return map_and_validate(MEXICO, SETTINGS)


def test_each_mexican_row_becomes_a_commitment_in_its_plan(mexico):
    graph = mexico.graph
    commitments = set(graph.subjects(RDF.type, AGA.Commitment))
    assert len(commitments) == 20
    mx0064 = URIRef(ID + "commitment/MX0064")
    assert (mx0064, DCTERMS.isPartOf, URIRef(ID + "action-plan/MX-3")) in graph
    assert (mx0064, DCTERMS.identifier, Literal("MX0064")) in graph
    assert graph.value(mx0064, DCTERMS.title).language == "en"
    assert (URIRef(ID + "action-plan/MX-3"), AGA.member, URIRef(ID + "member/MX")) in graph


def test_not_stated_cells_produce_no_triple(mexico):
    graph = mexico.graph
    # MX0073 prints "NA" as lead and supporting institution: no organisation is made of it.
    mx0073 = URIRef(ID + "commitment/MX0073")
    assert list(graph.objects(mx0073, AGA.leadInstitution)) == []
    assert not any("na" == str(o).split("/")[-1] for o in graph.subjects(RDF.type, ORG.Organization))
    # No Mexican row states a completion level or a potential impact, so none is in the graph.
    assert list(graph.subject_objects(AGA.completion)) == []
    assert list(graph.subject_objects(AGA.potentialImpact)) == []


def test_ratings_map_to_concepts_of_their_scales(mexico):
    graph = mexico.graph
    mx0073 = URIRef(ID + "commitment/MX0073")
    end_of_term = URIRef(ID + "commitment/MX0073/assessment/end-of-term")
    progress = URIRef(ID + "commitment/MX0073/assessment/progress")
    assert (mx0073, AGA.assessment, end_of_term) in graph
    assert (end_of_term, AGA.didItOpenGovernment, AGA["diog-marginal"]) in graph
    assert set(graph.objects(progress, AGA.relevantValue)) == {
        AGA["value-access-to-information"], AGA["value-civic-participation"]}
    assert (mx0073, AGA.starred, Literal(False)) in graph


def test_institutions_become_organisations_linked_to_the_commitment(mexico):
    graph = mexico.graph
    mx0075 = URIRef(ID + "commitment/MX0075")
    leads = {str(graph.value(o, SKOS.prefLabel))
             for o in graph.objects(mx0075, AGA.leadInstitution)}
    assert leads == {"Secretaría de la Función Pública"}  # the alias table's name for it
    assert len(list(graph.objects(mx0075, AGA.supportingInstitution))) == 3


def test_the_whole_g0v_export_loads_and_keeps_every_commitment():
    result = map_and_validate(G0V, SETTINGS)
    with G0V.file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(set(result.graph.subjects(RDF.type, AGA.Commitment))) == len(rows) == 558
    jalisco = URIRef(ID + "commitment/JAL0008")
    assert (jalisco, RDFS.seeAlso, None) in result.graph
    # Dates that are not dates ('Underway') are warnings, never values.
    assert {p.rule for p in result.warnings} == {"date", "unmatched-organization"}


def test_a_broken_row_is_rejected_naming_file_row_and_rule(tmp_path):
    header = header_of(MEXICO.file)
    path = write_rows(tmp_path / "broken.csv", header, [
        {"Commitment Unique Identifier": "MX0001", "Country/Locality": "Mexico", "Action Plan Number": "3",
         "Commitment Title": "Fine"},
        {"Commitment Unique Identifier": "MX0002", "Country/Locality": "Mexico", "Action Plan Number": "three",
         "Commitment Title": "Bad plan number"},
        {"Commitment Unique Identifier": "MX0003", "Country/Locality": "Mexico", "Action Plan Number": "3",
         "Commitment Title": "Bad completion", "Completion (End Of Term)": "Almost done"},
    ])
    with pytest.raises(LoadError) as raised:
        map_and_validate(MEXICO, SETTINGS, path)
    problems = {(p.location, p.rule) for p in raised.value.problems}
    assert problems == {("row 2 (MX0002)", "action-plan-number"), ("row 3 (MX0003)", "completion-scale")}
    message = str(raised.value)
    assert "broken.csv, row 2 (MX0002): 'Action Plan Number' must be a positive whole number, got 'three'" in message
    assert "'Completion (End Of Term)' 'Almost done' is not a value of the scale" in message
    assert "Not Started" in message  # the error lists the values that are allowed


def test_a_row_missing_a_required_value_is_caught_by_the_shapes(tmp_path):
    header = header_of(MEXICO.file)
    path = write_rows(tmp_path / "untitled.csv", header, [
        {"Commitment Unique Identifier": "MX0001", "Country/Locality": "Mexico", "Action Plan Number": "3"},
    ])
    with pytest.raises(LoadError) as raised:
        map_and_validate(MEXICO, SETTINGS, path)
    [problem] = raised.value.problems
    assert (problem.location, problem.rule) == ("row 1 (MX0001)", "CommitmentShape")
    assert "dct:title" in problem.message


def test_duplicate_ids_and_missing_columns_are_errors(tmp_path):
    header = header_of(MEXICO.file)
    row = {"Commitment Unique Identifier": "MX0001", "Country/Locality": "Mexico", "Action Plan Number": "3",
           "Commitment Title": "Twice"}
    with pytest.raises(LoadError) as raised:
        map_and_validate(MEXICO, SETTINGS, write_rows(tmp_path / "twice.csv", header, [row, row]))
    assert [p.rule for p in raised.value.problems] == ["unique-commitment-id"]
    with pytest.raises(LoadError) as raised:
        map_and_validate(MEXICO, SETTINGS, write_rows(tmp_path / "narrow.csv", ["Commitment Title"], [row]))
    assert "missing column(s): Commitment Unique Identifier" in str(raised.value)


@pytest.mark.parametrize("text, expected", [
    ("8/1/2015", Literal("2015-08-01", datatype=XSD.date)),
    ("10/1/18", Literal("2018-10-01", datatype=XSD.date)),
    ("31/12/2016", Literal("2016-12-31", datatype=XSD.date)),
    ("August 2014", Literal("2014-08", datatype=XSD.gYearMonth)),
    ("2013", Literal("2013", datatype=XSD.gYear)),
    ("43525", Literal("2019-03-01", datatype=XSD.date)),
    ("Underway", None),
    ("I quarter of 2021", None),
])
def test_dates_as_the_export_writes_them(text, expected):
    assert parse_date(text) == expected


def test_commitment_numbers_lose_spreadsheet_float_noise_only():
    assert commitment_number("4.0999999999999996") == "4.1"
    assert commitment_number("3.2.5") == "3.2.5"
    assert commitment_number("B.1.A") == "B.1.A"


def test_institution_lists_split_where_a_name_visibly_ends():
    assert split_institutions("Secretaría de Salud (Salud), Instituto de Liderazgo Simone de Beauvoir, A.C., "
                              "Grupo de Información en Reproducción Elegida, A.C. (GIRE)") == [
        "Secretaría de Salud (Salud)", "Instituto de Liderazgo Simone de Beauvoir, A.C.",
        "Grupo de Información en Reproducción Elegida, A.C. (GIRE)"]
    assert split_institutions("Ministry A; Ministry B") == ["Ministry A", "Ministry B"]
    assert split_institutions("Riigikogu") == ["Riigikogu"]


def test_every_policy_area_column_of_the_export_is_a_concept_of_the_themes_scheme():
    from kg.vocabulary import vocabulary_from
    vocabulary = vocabulary_from(SETTINGS.ontology_dir)
    header = header_of(G0V.file)
    areas = header[header.index("Anti-Corruption and Integrity"):header.index("Report Publication Year (Progress Report)")]
    assert len(areas) == 86
    assert [a for a in areas if vocabulary.concept(AGA["policy-areas"], a) is None] == []


def test_policy_area_flags_become_themes_of_the_commitment(tmp_path):
    header = header_of(G0V.file)
    path = write_rows(tmp_path / "areas.csv", header, [
        {"Commitment Unique Identifier": "MX0001", "Country/Locality": "Mexico", "Action Plan Number": "3",
         "Commitment Title": "Areas", "Open Data": "1", "Gender": "1", "Justice": "0", "Health & Nutrition": "ND"}])
    graph = map_and_validate(G0V, SETTINGS, path).graph
    assert set(graph.objects(URIRef(ID + "commitment/MX0001"), AGA.policyArea)) == {
        AGA["area-open-data"], AGA["area-gender"]}


def test_each_assessment_points_to_its_report_one_per_plan_and_report_type(mexico):
    graph = mexico.graph
    report = URIRef(ID + "irm-report/MX-3-end-of-term")
    assert (URIRef(ID + "commitment/MX0073/assessment/end-of-term"), AGA.report, report) in graph
    assert (report, RDF.type, AGA.IRMReport) in graph
    assert (report, AGA.reportType, AGA["report-end-of-term"]) in graph
    assert (report, AGA.reportsOn, URIRef(ID + "action-plan/MX-3")) in graph
    assert {t.language for t in graph.objects(report, DCTERMS.title)} == {"es", "en"}
