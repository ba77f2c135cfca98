"""Building and loading the store: validated before written, and nothing lost on failure."""
from __future__ import annotations

import shutil

import pytest

from kg.pipeline import build_store, load_into_store, read_manifest, source_named
from kg.problems import LoadError
from kg.store import VERSION_GRAPH, KnowledgeStore, OxigraphStore
from kg.stores import open_store
from tests.conftest import settings_in, small_data_dir


def all_quads(store: KnowledgeStore) -> set:
    return set(store.quads())


def test_build_puts_each_source_in_its_own_named_graph(served):
    store = open_store(served, read_only=True)
    expected = {served.graph_iri(s.name) for s in read_manifest(served)} | {
        served.graph_iri("ontology"), served.graph_iri("release"), VERSION_GRAPH}
    assert set(store.named_graphs()) == expected


def test_default_graph_is_the_union_of_all_graphs(served):
    store = open_store(served, read_only=True)
    # The plan's label comes from one source, its commitments from another: one query joins them.
    rows = list(store.query("""
        PREFIX aga: <https://w3id.org/aga-mx/def/> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?commitment WHERE {
          ?plan aga:commitmentCount 11 . ?commitment dct:isPartOf ?plan . }"""))
    assert len(rows) == 7


def test_a_strict_load_with_a_bad_row_leaves_the_store_exactly_as_it_was(tmp_path, new_store_settings):
    settings = new_store_settings(data_dir=small_data_dir(
        tmp_path, "ogp-mexico-commitments", "ogp-mexico-action-plans", "adela-inventory-2015-catalogs"))
    build_store(settings)
    store = open_store(settings)
    before = all_quads(store)

    broken = tmp_path / "broken.csv"
    source = source_named(settings, "ogp-mexico-commitments")
    lines = source.file.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([lines[0], lines[1].replace("MX0064,Mexico,3,", "MX0064,Mexico,x,")]) + "\n",
                      encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        load_into_store(store, settings, source, broken, strict=True)
    assert "row 1 (MX0064)" in str(raised.value) and "action-plan-number" in str(raised.value)
    assert all_quads(store) == before


def test_a_good_load_replaces_only_its_own_graph(tmp_path, new_store_settings):
    settings = new_store_settings(data_dir=small_data_dir(
        tmp_path, "ogp-mexico-commitments", "ogp-mexico-action-plans", "adela-inventory-2015-catalogs"))
    build_store(settings)
    store = open_store(settings)
    untouched = {settings.graph_iri("ogp-mexico-commitments"), VERSION_GRAPH}
    other_graphs = {q for q in all_quads(store) if q.graph_name.value not in untouched}

    source = source_named(settings, "ogp-mexico-commitments")
    lines = source.file.read_text(encoding="utf-8").splitlines()
    smaller = tmp_path / "two.csv"
    smaller.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    load_into_store(store, settings, source, smaller)

    commitments = list(store.query(
        "SELECT ?c WHERE { GRAPH ?g { ?c a <https://w3id.org/aga-mx/def/Commitment> } }",
        named_graph_uris=[settings.graph_iri("ogp-mexico-commitments")]))
    assert len(commitments) == 2
    assert {q for q in all_quads(store) if q.graph_name.value not in untouched} == other_graphs


def test_a_failed_build_keeps_serving_the_previous_store(tmp_path, new_store_settings):
    data = small_data_dir(tmp_path, "ogp-mexico-action-plans")
    settings = new_store_settings(data_dir=data)
    build_store(settings)
    before = all_quads(open_store(settings, read_only=True))
    (data / "ogp-mexico" / "action-plans.csv").write_text(
        "plan_number,period,commitments_count,submitted_year,co_creation_iap2_level,source_url\n"
        "zero,2011-2012,36,2011,,\n", encoding="utf-8")
    with pytest.raises(LoadError):
        build_store(settings, strict=True)
    assert before and all_quads(open_store(settings, read_only=True)) == before


def test_every_write_gives_the_store_a_new_version(tmp_path, built):
    settings = settings_in(tmp_path)
    shutil.copytree(built.store_path.resolve(), settings.store_path)
    store = OxigraphStore.open(settings.store_path)
    first = store.version()
    assert first != "empty"
    load_into_store(store, settings, source_named(settings, "ogp-mexico-action-plans"), force=True)
    assert store.version() != first
