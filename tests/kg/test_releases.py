"""A build records itself as a release in the graph, derived from the source files it read."""
from __future__ import annotations

from kg.pipeline import build_store, read_manifest
from kg.provenance import sha256_of
from kg.releases import release_iri, stored_release
from kg.store import OxigraphStore
from tests.conftest import settings_in, small_data_dir


def test_the_release_names_each_source_file_with_its_sha256(tmp_path):
    settings = settings_in(tmp_path, data_dir=small_data_dir(tmp_path, "ogp-mexico-commitments",
                                                             "ogp-mexico-action-plans"))
    target, _ = build_store(settings)
    store = OxigraphStore.open(settings.store_path, read_only=True)
    release_id, issued = stored_release(store, settings)
    assert release_id == target.name and issued.startswith(release_id[:4])
    rows = store.query(f"""PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX spdx: <http://spdx.org/rdf/terms#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?file ?checksum WHERE {{ <{release_iri(settings, release_id)}> a prov:Entity ;
          prov:wasDerivedFrom ?source . ?source dct:identifier ?file ; spdx:checksum/spdx:checksumValue ?checksum }}""")
    found = {row["checksum"].value for row in rows}
    assert found == {sha256_of(source.file) for source in read_manifest(settings)}


def test_a_second_build_names_the_first_as_its_previous_version(tmp_path):
    settings = settings_in(tmp_path, data_dir=small_data_dir(tmp_path, "ogp-mexico-action-plans"))
    first, second = (build_store(settings)[0].name for _ in range(2))
    store = OxigraphStore.open(settings.store_path, read_only=True)
    assert store.query(f"ASK {{ <{release_iri(settings, second)}> <http://www.w3.org/ns/dcat#previousVersion> "
                       f"<{release_iri(settings, first)}> }}")
