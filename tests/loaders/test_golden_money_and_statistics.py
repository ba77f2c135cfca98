"""Golden files: each money and statistics loader turns a small input into exactly the expected graph."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.pipeline import agencies_from
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from
from loaders import loader_named
from loaders.base import LoadContext, LoadResult
from tests.conftest import DATA
from tests.loaders.golden_graphs import assert_same_graph

GOLDEN = Path(__file__).with_name("golden-money-statistics")
SETTINGS = Settings().with_overrides(data_dir=GOLDEN)  # link tables are read beside the inputs
CASES = {
    "trust-funds-json": ("trust-funds-json", "input.json", {}),
    "trust-funds-csv": ("trust-funds-csv", "input.csv", {}),
    "rnpdno-by-sex": ("rnpdno-aggregates", "input.csv", {"links": "links.csv"}),
    "rnpdno-by-state": ("rnpdno-aggregates", "input.csv", {"period": "2010-2024"}),
    "grants": ("grants-csv", "input.csv", {}),
}


def run(case: str) -> LoadResult:
    loader, name, options = CASES[case]
    context = LoadContext(SETTINGS, vocabulary_from(SETTINGS.ontology_dir), agencies_from(DATA / "agencies.csv"))
    result = LoadResult(f"{case}/{name}")
    loader_named(loader)(GOLDEN / case / name, context, result, **options)
    return result


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_loader_output_is_the_expected_graph(case):
    assert_same_graph(run(case).graph, (GOLDEN / case / "expected.ttl").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_loader_output_conforms_to_the_shapes(case):
    result = run(case)
    assert shacl_problems(result.graph, shapes_from(SETTINGS.shapes_dir), vocabulary_from(SETTINGS.ontology_dir).graph,
                          result.file, result.origins) == []


def test_the_malformed_csv_records_are_reported_one_by_one_and_add_nothing():
    result = run("trust-funds-csv")
    assert [(p.location, p.rule) for p in result.errors] == [
        ("record 2 (line 6)", "record-shape"),
        ("record 3 (line 7)", "record-shape"),
        ("record 4 (line 8)", "record-shape"),
        ("record 5 (lines 9-11)", "record-shape"),
        ("record 6 (line 12)", "registry-key"),
    ]
    assert "backslash" in result.errors[0].message
    assert not any("20120621501551" in str(term) for triple in result.graph for term in triple)
