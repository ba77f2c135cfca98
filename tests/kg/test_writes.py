"""Writes to a served store go copy-on-write: readers see the old store or the new one, and a failed
write leaves every quad as it was (kg/writes.py), on a real store on disk."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from kg.cli import main
from kg.config import Settings
from kg.pipeline import build_store
from kg.store import OxigraphStore
from kg.store_link import StoreBusy, builds_dir, switch_link, write_lock
from kg.update_text import DatasetConflict
from kg.writes import (BadGraphContent, GraphMissing, apply_update, copy_on_write, delete_graph, post_graph,
                       put_graph)
from tests.conftest import settings_in, small_data_dir

PLANS = "ogp-mexico-action-plans"
NEW_GRAPH = "https://example.org/graph/notes"
NOTE = '<https://example.org/note/1> <http://www.w3.org/2000/01/rdf-schema#label> "nota"@es .\n'


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("writes")
    settings = settings_in(root, data_dir=small_data_dir(root, PLANS))
    build_store(settings)
    return settings


@pytest.fixture
def settings(built_once, tmp_path) -> Settings:
    """A served store of this test's own: a copy of the module's build, behind its own link."""
    settings = built_once.with_overrides(store_path=tmp_path / "store", reports_dir=tmp_path / "reports")
    build = built_once.store_path.resolve()
    shutil.copytree(build, builds_dir(settings.store_path) / build.name)
    switch_link(settings.store_path, builds_dir(settings.store_path) / build.name)
    return settings


def quads(path) -> set[str]:
    store = OxigraphStore.open(path, read_only=True)
    try:
        return {str(q) for q in store.quads()}
    finally:
        store.close()


def served(settings: Settings):
    return settings.store_path.resolve()



def labels_in(settings: Settings, graph: str) -> list[str]:
    store = OxigraphStore.open(settings.store_path, read_only=True)
    rows = store.query(f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }} "
                       "ORDER BY ?l")
    return [row["l"].value for row in rows]


def test_an_update_is_written_to_a_new_store_and_the_link_moves_to_it(settings):
    before_dir, before = served(settings), quads(settings.store_path)
    old_version = OxigraphStore.open(settings.store_path, read_only=True).version()
    apply_update(settings, f"INSERT DATA {{ GRAPH <{NEW_GRAPH}> {{ {NOTE} }} }}")
    assert served(settings) != before_dir
    assert quads(before_dir) == before  # the store readers had open is untouched
    assert labels_in(settings, NEW_GRAPH) == ["nota"]
    assert OxigraphStore.open(settings.store_path, read_only=True).version() != old_version


def test_a_reader_keeps_the_store_it_opened_until_it_opens_the_new_one(settings):
    reader = OxigraphStore.open(served(settings), read_only=True)
    apply_update(settings, f"INSERT DATA {{ GRAPH <{NEW_GRAPH}> {{ {NOTE} }} }}")
    assert NEW_GRAPH not in reader.named_graphs()
    assert NEW_GRAPH in OxigraphStore.open(settings.store_path, read_only=True).named_graphs()


@pytest.mark.parametrize("write, error", [
    (lambda s: apply_update(s, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "), SyntaxError),
    (lambda s: apply_update(s, "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", using_graphs=["urn:h"]),
     DatasetConflict),
    (lambda s: put_graph(s, NEW_GRAPH, b"<urn:a> <urn:b> .", "text/turtle"), BadGraphContent),
    (lambda s: post_graph(s, NEW_GRAPH, b'{"@graph": [{"@id": "urn:x"', "application/ld+json"), BadGraphContent),
    (lambda s: delete_graph(s, "https://example.org/graph/none"), GraphMissing),
], ids=["bad-sparql", "two-datasets", "bad-turtle", "cut-json-ld", "missing-graph"])
def test_a_failed_write_leaves_every_quad_and_the_link_as_they_were(settings, write, error):
    before_dir, before, builds = served(settings), quads(settings.store_path), set(builds_dir(settings.store_path).iterdir())
    with pytest.raises(error):
        write(settings)
    assert served(settings) == before_dir and quads(settings.store_path) == before
    assert set(builds_dir(settings.store_path).iterdir()) == builds  # the copy was removed


def test_a_write_that_dies_midway_leaves_the_store_as_it_was(settings):
    before_dir, before = served(settings), quads(settings.store_path)
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from tests.conftest import settings_in
        from kg.writes import copy_on_write
        settings = settings_in(Path({str(settings.store_path.parent)!r}))
        with copy_on_write(settings) as draft:
            draft.store.update("CLEAR ALL")
            os._exit(9)
    """)
    finished = subprocess.run([sys.executable, "-c", script], cwd=os.getcwd(), timeout=60)
    assert finished.returncode == 9
    assert served(settings) == before_dir and quads(settings.store_path) == before
    apply_update(settings, f"INSERT DATA {{ GRAPH <{NEW_GRAPH}> {{ {NOTE} }} }}")  # the lock died with it
    assert labels_in(settings, NEW_GRAPH) == ["nota"]


def test_the_graph_store_operations_create_replace_add_and_remove_a_graph(settings):
    assert put_graph(settings, NEW_GRAPH, NOTE.encode(), "application/n-triples") is True
    assert put_graph(settings, NEW_GRAPH, b'@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                     b'<https://example.org/note/2> rdfs:label "otra"@es .', "text/turtle") is False
    assert labels_in(settings, NEW_GRAPH) == ["otra"]
    assert post_graph(settings, NEW_GRAPH, NOTE.encode(), "application/n-triples") is False
    assert labels_in(settings, NEW_GRAPH) == ["nota", "otra"]
    delete_graph(settings, NEW_GRAPH)
    assert NEW_GRAPH not in OxigraphStore.open(settings.store_path, read_only=True).named_graphs()


def test_relative_iris_in_graph_content_resolve_against_the_given_base(settings):
    put_graph(settings, NEW_GRAPH, b'<note/3> <http://www.w3.org/2000/01/rdf-schema#label> "x" .', "text/turtle",
              base_iri="https://example.org/")
    assert any("<https://example.org/note/3>" in q for q in quads(settings.store_path))


def test_the_protocol_dataset_becomes_the_updates_dataset(settings):
    plans = settings.graph_iri(PLANS)
    copy = ("INSERT { GRAPH <https://example.org/graph/plans-copy> { ?plan a ?type } } "
            "WHERE { ?plan a ?type }")
    apply_update(settings, copy)  # the default graph of an update is the store's own, empty here
    assert "https://example.org/graph/plans-copy" not in OxigraphStore.open(settings.store_path,
                                                                             read_only=True).named_graphs()
    apply_update(settings, copy, using_graphs=[plans])
    store = OxigraphStore.open(settings.store_path, read_only=True)
    assert "https://example.org/graph/plans-copy" in store.named_graphs()


def test_a_second_writer_waits_for_the_lock_then_gives_up_plainly(settings):
    impatient = settings.with_overrides(write_lock_timeout=0.2)
    with write_lock(settings.store_path, timeout=1):
        with pytest.raises(StoreBusy, match="held the lock"):
            apply_update(impatient, "CLEAR SILENT GRAPH <urn:nothing>")


def test_a_write_that_changes_nothing_can_keep_the_store_it_copied(settings):
    before_dir = served(settings)
    with copy_on_write(settings) as draft:
        draft.changed = False
    assert served(settings) == before_dir and len(list(builds_dir(settings.store_path).iterdir())) == 1


def test_aga_kg_load_into_a_served_store_writes_a_new_build_and_leaves_the_old_one_whole(settings, monkeypatch,
                                                                                        capsys):
    for name, value in (("DATA_DIR", settings.data_dir), ("STORE_PATH", settings.store_path),
                        ("REPORTS_DIR", settings.reports_dir)):
        monkeypatch.setenv(f"AGA_{name}", str(value))
    before_dir, before = served(settings), quads(settings.store_path)
    assert main(["load", PLANS, "--force"]) == 0
    assert served(settings) != before_dir and quads(before_dir) == before
    assert main(["load", PLANS]) == 0 and "unchanged" in capsys.readouterr().out


def test_a_build_does_not_switch_the_link_under_a_write_in_progress(settings):
    before_dir = served(settings)
    with write_lock(settings.store_path, timeout=1):
        with pytest.raises(StoreBusy):
            build_store(settings.with_overrides(write_lock_timeout=0.2))
    assert served(settings) == before_dir and len(list(builds_dir(settings.store_path).iterdir())) == 1


def test_writes_keep_as_many_older_stores_as_the_setting_says(settings):
    keeping_one = settings.with_overrides(builds_kept=1)
    for number in range(3):
        apply_update(keeping_one, f"INSERT DATA {{ GRAPH <{NEW_GRAPH}> {{ <https://example.org/n/{number}> "
                                  "<https://example.org/p> 1 } }")
    builds = sorted(builds_dir(settings.store_path).iterdir())
    assert len(builds) == 2 and builds[-1] == served(settings)
