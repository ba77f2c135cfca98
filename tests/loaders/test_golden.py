"""Golden files: each loader turns a small input into exactly the expected graph, and reports exactly the expected problems.

The graphs are compared with rdflib's isomorphism; on a difference the test
prints only the triples found on one side. Every output also passes the SHACL
shapes (map_and_validate refuses a load whose shape errors no row explains).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.config import Settings
from kg.pipeline import Source, map_and_validate, shapes_for
from kg.validation import shacl_problems
from kg.vocabulary import vocabulary_from

SETTINGS = Settings()
CASES = sorted(p for p in (Path(__file__).parent / "golden").iterdir() if p.is_dir())
CASES_BY_NAME = {case.name: case for case in CASES}


def run_case(case: Path):
    spec = json.loads((case / "options.json").read_text(encoding="utf-8"))
    [input_file] = case.glob("input.*")
    source = Source(case.name, spec["loader"], input_file, options=spec["options"])
    return map_and_validate(source, SETTINGS, strict=False, shown_as=input_file.name)


def problem_lines(result) -> list[str]:
    return [f"{p.location} [{p.rule}] {p.severity}" for p in result.problems]


def difference(expected: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["only in expected:", *sorted(_lines(only_expected)), "only in actual:", *sorted(_lines(only_actual))]
    return "\n".join(lines)


def _lines(graph: Graph) -> list[str]:
    return ["  " + line for line in graph.serialize(format="nt").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_loader_output_is_the_expected_graph(case):
    result = run_case(case)
    expected = Graph().parse(case / "expected.ttl", format="turtle")
    assert to_isomorphic(expected) == to_isomorphic(result.graph), difference(expected, result.graph)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_loader_reports_the_expected_problems(case):
    result = run_case(case)
    expected = (case / "expected-problems.txt").read_text(encoding="utf-8").splitlines()
    assert problem_lines(result) == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_loader_output_passes_every_shape(case):
    graph = Graph().parse(case / "expected.ttl", format="turtle")
    found = shacl_problems(graph, shapes_for(SETTINGS.shapes_dir, ()), vocabulary_from(SETTINGS.ontology_dir).graph,
                           case.name, {})
    assert [str(p) for p in found if p.severity == "error"] == []


def test_ckan_output_passes_the_dcat_ap_3_subset_and_adela_lacks_only_descriptions():
    profile = shapes_for(SETTINGS.shapes_dir, ("dcat-ap-3",))
    ontology = vocabulary_from(SETTINGS.ontology_dir).graph
    ckan = Graph().parse(CASES_BY_NAME["ckan-multilingual"] / "expected.ttl", format="turtle")
    assert shacl_problems(ckan, profile, ontology, "ckan", {}) == []
    adela = Graph().parse(CASES_BY_NAME["adela-distributions"] / "expected.ttl", format="turtle")
    # ADELA's inventory gives no description: DCAT-AP 3 makes one mandatory, and none is invented.
    assert {p.message for p in shacl_problems(adela, profile, ontology, "adela", {})} == \
        {"dct:description: DCAT-AP 3: a dataset has a description (mandatory)."}
