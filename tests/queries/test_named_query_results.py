"""Each named query gives what a hand count of the source files gives.

The expected figures are computed here from the CSV files in data/ with the
csv module, independently of the loaders, so a loader or query mistake shows.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store import OxigraphStore
from server.named_queries import read_query

DATA = Path(__file__).resolve().parents[2] / "data"
NOT_STATED = {"", "ND", "NR", "NA", "N/A"}


def run(built, name: str, **arguments) -> list[dict]:
    query = read_query(Settings().queries_dir / f"{name}.rq")
    store = OxigraphStore.open(built.store_path, read_only=True)
    rows = store.query(query.text, substitutions=query.bindings(arguments))
    return [{v.value: (row[v].value if row[v] is not None else None) for v in rows.variables}
            for row in rows]


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def croatia() -> dict[str, dict]:
    """Croatia's commitments in the OGP export, one row per identifier."""
    rows = _csv(DATA / "ogp-g0v" / "open_parliament_0703.csv")
    return {r["Commitment Unique Identifier"]: r for r in rows if r["Country/Locality"] == "Croatia"}


def _stated(cell: str | None) -> str | None:
    return None if cell is None or cell.strip() in NOT_STATED else cell.strip()


def test_completion_per_plan_counts_the_export_cells_per_report(built, croatia):
    expected = Counter()
    for row in croatia.values():
        for report, column in (("Progress Report", "Completion (Progress Report)"),
                               ("End-of-Term Report", "Completion (End Of Term)")):
            if level := _stated(row[column]):
                expected[(int(row["Action Plan Number"]), report, level.lower())] += 1
    got = {(int(r["planNumber"]), r["report"], r["level"].lower()): int(r["commitments"])
           for r in run(built, "commitments-by-completion", member="HR")}
    assert got == dict(expected)
    assert sum(got.values()) > 10


def test_potential_impact_per_plan_counts_the_export_cells(built, croatia):
    expected = Counter((int(r["Action Plan Number"]), level.lower())
                       for r in croatia.values() if (level := _stated(r["Potential Impact"])))
    got = {(int(r["planNumber"]), r["level"].lower()): int(r["commitments"])
           for r in run(built, "commitments-by-potential-impact", member="HR")}
    assert got == dict(expected)


def test_starred_commitments_are_those_starred_when_most_recently_assessed(built, croatia):
    expected = {key for key, r in croatia.items() if _stated(r["Star - Most Recently Assessed"]) == "1"}
    got = {r["identifier"] for r in run(built, "starred-commitments", member="HR")}
    assert got == expected and len(got) == 7


def test_mexico_has_no_starred_commitment_in_the_sources(built):
    mexico = _csv(DATA / "ogp-mexico" / "commitments.csv")
    assert not [r for r in mexico if _stated(r["Star - Most Recently Assessed"]) == "1"]
    assert run(built, "starred-commitments") == []  # default member: MX


def test_ogp_values_count_the_relevance_flags(built, croatia):
    columns = {"Access to Information": "OGP Value Access To Information",
               "Civic Participation": "OGP Value Civic Participation",
               "Public Accountability": "OGP Value Public Accountability",
               "Technology and Innovation for Transparency and Accountability": "OGP Value Technology"}
    expected = {label: n for label, column in columns.items()
                if (n := sum(_stated(r[column]) == "1" for r in croatia.values()))}
    got = {r["label"]: int(r["commitments"]) for r in run(built, "commitments-per-ogp-value", member="HR")}
    assert got == expected


def test_mexico_ogp_values_count_its_flagged_commitments(built):
    mexico = _csv(DATA / "ogp-mexico" / "commitments.csv")
    flagged = {column: {r["Commitment Unique Identifier"] for r in mexico if _stated(r[column]) == "1"}
               for column in ("OGP Value Access To Information", "OGP Value Civic Participation")}
    assert flagged["OGP Value Access To Information"] == {"MX0073", "MX0075"}
    got = {r["label"]: int(r["commitments"]) for r in run(built, "commitments-per-ogp-value")}
    assert got == {"Access to Information": 2, "Civic Participation": 2}


def test_policy_areas_count_the_flag_columns(built, croatia):
    got = {r["label"]: int(r["commitments"]) for r in run(built, "commitments-per-policy-area", member="HR")}
    for label in ("Legislation", "Anti-Corruption and Integrity", "Open Data"):
        assert got.get(label, 0) == sum(_stated(r[label]) == "1" for r in croatia.values())
    assert got["Legislation"] == 13


def test_members_comparison_counts_completion_and_ambition(built, croatia):
    rows = {r["member"]: r for r in run(built, "members-completion-and-ambition")}
    hr = rows["HR"]
    assert int(hr["commitments"]) == len(croatia)
    assert int(hr["completionRated"]) == sum(bool(_stated(r["Completion (End Of Term)"])) for r in croatia.values())
    assert int(hr["substantialOrComplete"]) == sum(
        _stated(r["Completion (End Of Term)"]) in ("Substantial", "Complete") for r in croatia.values())
    assert int(hr["impactRated"]) == sum(bool(_stated(r["Potential Impact"])) for r in croatia.values())
    assert int(hr["transformative"]) == sum(
        _stated(r["Potential Impact"]) == "Transformative" for r in croatia.values())
    mexico = _csv(DATA / "ogp-mexico" / "commitments.csv")
    assert int(rows["MX"]["commitments"]) == len({r["Commitment Unique Identifier"] for r in mexico})
    assert int(rows["MX"]["completionRated"]) == 0  # no end-of-term completion stated for Mexico


def test_recommendations_are_listed_and_no_response_is_made_up(built):
    highlights = _csv(DATA / "ogp-mexico" / "irm-summary-highlights.csv")
    expected = {r["title_es"] for r in highlights if r["kind"] == "recommendation"}
    rows = run(built, "recommendations-and-responses")
    assert {r["title"] for r in rows} == expected and len(rows) == 4
    assert all(r["commitment"] is None for r in rows)  # no source states aga:respondsTo yet


def test_disappearances_series_sits_next_to_its_linked_commitments(built):
    series = {int(r["anio"]): int(r["desap_count"])
              for r in _csv(DATA / "rnpdno-aggregates" / "serie_nacional_desap_2010_2024.csv")}
    links = {r["commitment"] for r in _csv(DATA / "rnpdno-aggregates" / "commitment-links.csv")
             if r["dataset"] == "rnpdno-by-year"}
    rows = run(built, "disappearances-registry-and-commitments")
    assert {int(r["year"]): int(r["missingPersons"]) for r in rows} == series
    assert {r["identifier"] for r in rows} == links == {"MX0064", "MX0066"}
    assert len(rows) == len(series) * len(links)
    assert {r["planSubmitted"] for r in rows} == {"2016"}


def test_datasets_per_publisher_counts_the_inventory_rows(built):
    inventory = _csv(DATA / "adela-inventory-2015" / "MAT_test.csv")
    sfp = {(r["base_name"], r["url"]) for r in inventory if r["institution"] == "sfp"}
    rows = {r["publisher"].rsplit("/", 1)[-1]: r for r in run(built, "datasets-per-publisher")}
    assert int(rows["secretaria-de-la-funcion-publica"]["datasets"]) == len(sfp) == 30
    assert int(rows["inegi"]["datasets"]) == len({(r["base_name"], r["url"]) for r in inventory
                                                  if r["institution"] == "inegi"})
