"""Every named query in queries/ parses and runs on the built store."""
from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from kg.config import Settings
from kg.store import OxigraphStore
from server.named_queries import read_query

QUERY_FILES = sorted(Settings().queries_dir.glob("*.rq"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_named_query_has_a_header_and_answers_its_example(path, built):
    query = read_query(path)  # refuses a header without titles and descriptions in both languages
    store = OxigraphStore.open(built.store_path, read_only=True)
    list(store.query(query.text, substitutions=query.bindings({})))  # the defaults are valid
    example = dict(parse_qsl(query.example)) if "=" in query.example else {}
    assert list(store.query(query.text, substitutions=query.bindings(example)))


def test_commitments_per_plan_matches_mexico(built):
    text = (Settings().queries_dir / "commitments-per-plan.rq").read_text(encoding="utf-8")
    rows = OxigraphStore.open(built.store_path, read_only=True).query(text)
    mexico = {int(r["planNumber"].value): (int(r["commitments"].value), r["statedCount"])
              for r in rows if r["member"].value == "MX"}
    assert mexico[4][0] == 13 and int(mexico[4][1].value) == 13
    assert mexico[3][0] == 7 and int(mexico[3][1].value) == 11
    assert mexico[1][0] == 0  # the graph has no commitment of plan 1, and says so with a zero count


def test_one_agency_has_commitments_datasets_and_funds_across_sources(built):
    text = (Settings().queries_dir / "agency-commitments-datasets-funds.rq").read_text(encoding="utf-8")
    rows = list(OxigraphStore.open(built.store_path, read_only=True).query(text))
    by_kind: dict[str, set[str]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"].value, set()).add(row["item"].value)
    # The SFP leads two commitments (OGP rows name it in full) and publishes datasets (ADELA names it 'sfp').
    assert {iri.rsplit("/", 1)[-1] for iri in by_kind["lead commitment"]} == {"MX0075", "MX0087"}
    assert len(by_kind["dataset"]) == 30  # SFP's rows in MAT_test.csv, less repeats
    assert by_kind["catalogue"] == {built.id_base + "catalog/adela-sfp"}
    # The trust funds whose ramo is 'Función pública' in Full2014.json (the 2015 report names one of them again).
    assert by_kind["fund"] == {built.id_base + "trust-fund/" + key for key in ("200427A0001372", "20072750001478")}
