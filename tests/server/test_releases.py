"""Citable releases over real HTTP: two builds from different inputs, their dumps, their change log."""
from __future__ import annotations

import gzip
import threading

import pytest
import requests
from pyoxigraph import BlankNode, NamedNode, RdfFormat, Store
from werkzeug.serving import make_server

from kg.pipeline import build_store
from kg.stores import open_store
from server import create_app
from tests.conftest import new_store, settings_in, small_data_dir

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
COMMITMENTS = "ogp-mexico-commitments"


def _without_last_row(data_dir, source_file: str) -> None:
    path = data_dir / source_file
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory, store_kind):
    """Release A (plans and commitments), then B (one commitment fewer, plus a data catalogue source),
    built into a store of each kind."""
    root = tmp_path_factory.mktemp("releases")
    with new_store(store_kind, root) as make_settings:
        first = make_settings(data_dir=small_data_dir(root / "a", COMMITMENTS, "ogp-mexico-action-plans"))
        build_a, _ = build_store(first)
        quads = {build_a.name: set(open_store(first, read_only=True).quads())}
        second_data = small_data_dir(root / "b", COMMITMENTS, "ogp-mexico-action-plans",
                                     "adela-inventory-2015-catalogs")
        _without_last_row(second_data, "ogp-mexico/commitments.csv")
        second = first.with_overrides(data_dir=second_data)
        build_b, _ = build_store(second)
        quads[build_b.name] = set(open_store(second, read_only=True).quads())
        app = create_app(second, open_store(second, read_only=True), query_runner=object())
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield {"url": f"http://127.0.0.1:{server.server_port}", "a": build_a.name, "b": build_b.name,
               "quads": quads, "settings": second}
        server.shutdown()
        thread.join(timeout=5)


def _reloaded(url: str) -> set:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, url
    store = Store()
    store.load(gzip.decompress(response.content), format=RdfFormat.N_QUADS)
    return set(store)


def _manifest(base: str, release: str) -> dict:
    return next(m for m in requests.get(f"{base}/releases?format=json", timeout=10).json() if m["id"] == release)


def _canonical(quads: set) -> set:
    """Quads with each blank node named by what it says and who points to it (labels differ per load).

    Our blank nodes (checksums) hold only IRIs and literals, so one level of neighbours identifies them."""
    described: dict = {}
    for q in quads:
        if isinstance(q.subject, BlankNode):
            described.setdefault(q.subject, []).append(f"out {q.predicate} {q.object} {q.graph_name}")
        if isinstance(q.object, BlankNode):
            described.setdefault(q.object, []).append(f"in {q.subject} {q.predicate} {q.graph_name}")
    name = {b: "_:" + "|".join(sorted(lines)) for b, lines in described.items()}
    canonical = {tuple(name.get(t, str(t)) for t in q) for q in quads}
    assert len(canonical) == len(quads)
    return canonical


def test_each_release_dump_reloads_into_exactly_the_quads_of_its_release(two_releases):
    base = two_releases["url"]
    for release in (two_releases["a"], two_releases["b"]):
        dump = f"{base}/releases/{release}/aga-mx-{release}.nq.gz"
        reloaded, built = _reloaded(dump), two_releases["quads"][release]
        assert len(reloaded) == len(built)
        assert len(reloaded) == len(built)
        assert _canonical(reloaded) == _canonical(built)
    assert two_releases["quads"][two_releases["a"]] != two_releases["quads"][two_releases["b"]]


def test_the_manifest_gives_each_file_its_true_size_and_sha256(two_releases):
    import hashlib
    base, release = two_releases["url"], two_releases["a"]
    files = _manifest(base, release)["files"]
    assert {f"graph-{COMMITMENTS}.ttl.gz", f"aga-mx-{release}.trig.gz"} <= {f["name"] for f in files}
    for entry in files:
        body = requests.get(f"{base}/releases/{release}/{entry['name']}", timeout=10).content
        assert (len(body), hashlib.sha256(body).hexdigest()) == (entry["bytes"], entry["sha256"])


def _entities(quads: set, id_base: str) -> dict[str, tuple[frozenset, frozenset]]:
    statements, types = {}, {}
    for q in quads:
        if isinstance(q.subject, NamedNode) and q.subject.value.startswith(id_base):
            obj = "_:b" if isinstance(q.object, BlankNode) else str(q.object)
            statements.setdefault(q.subject.value, set()).add((str(q.predicate), obj, str(q.graph_name)))
            if q.predicate.value == RDF_TYPE:
                types.setdefault(q.subject.value, set()).add(q.object.value)
    return {s: (frozenset(v), frozenset(types.get(s, ()))) for s, v in statements.items()}


def test_the_change_log_lists_exactly_the_entities_added_removed_and_changed(two_releases):
    id_base = two_releases["settings"].id_base
    old, new = (_entities(two_releases["quads"][r], id_base) for r in (two_releases["a"], two_releases["b"]))
    log = requests.get(f"{two_releases['url']}/releases/{two_releases['b']}/changes.json", timeout=10).json()
    assert log["previous"] == two_releases["a"]
    listed = {what: {iri for by in log["types"].values() for iri in by[what]} for what in ("added", "removed", "changed")}
    assert listed["added"] == new.keys() - old.keys() and listed["added"]
    assert listed["removed"] == old.keys() - new.keys() and listed["removed"]
    assert listed["changed"] == {s for s in new.keys() & old.keys() if new[s][0] != old[s][0]}
    for kind, by in log["types"].items():
        for iri in by["added"]:
            assert kind in new[iri][1]


def test_pages_and_headers_name_the_served_release(two_releases):
    base, release = two_releases["url"], two_releases["b"]
    home = requests.get(base + "/", timeout=10)
    assert home.headers["AGA-Release"] == release
    assert f'href="/releases/{release}"' in home.text


def test_an_entity_page_links_the_changes_that_touched_it_and_says_how_to_cite_it(two_releases):
    base, release = two_releases["url"], two_releases["b"]
    log = requests.get(f"{base}/releases/{release}/changes.json", timeout=10).json()
    changed = next(iri for by in log["types"].values() for iri in by["added"] + by["changed"])
    page = requests.get(base + changed.removeprefix(two_releases["settings"].base_iri), timeout=10).text
    assert f'href="/releases/{release}/changes"' in page
    assert "@misc{agamx-" + release in page and f"Release {release}" in page


def test_the_dataset_description_lists_the_dumps_as_data_dumps_and_distributions(two_releases):
    from rdflib import Graph, URIRef
    base, release = two_releases["url"], two_releases["b"]
    graph = Graph().parse(data=requests.get(base + "/.well-known/void", headers={"Accept": "text/turtle"},
                                            timeout=10).text, format="turtle")
    dumps = set(graph.objects(None, URIRef("http://rdfs.org/ns/void#dataDump")))
    assert URIRef(f"{base}/releases/{release}/aga-mx-{release}.nq.gz") in dumps
    downloads = set(graph.objects(None, URIRef("http://www.w3.org/ns/dcat#downloadURL")))
    assert dumps <= downloads


@pytest.mark.parametrize("path", ["entities.json", "manifest.json", "..%2Fmanifest.json", "%2E%2E"])
def test_only_files_the_manifest_lists_are_served(two_releases, path):
    response = requests.get(f"{two_releases['url']}/releases/{two_releases['a']}/{path}", timeout=10)
    assert response.status_code in (400, 404) and '"files"' not in response.text


def test_the_previous_release_stays_downloadable_and_older_ones_go_beyond_the_setting(two_releases, tmp_path):
    assert [m["id"] for m in requests.get(two_releases["url"] + "/releases?format=json", timeout=10).json()] == \
        [two_releases["b"], two_releases["a"]]
    settings = settings_in(tmp_path, data_dir=small_data_dir(tmp_path, "ogp-mexico-action-plans"), releases_kept=2)
    built = [build_store(settings)[0].name for _ in range(3)]
    assert sorted(p.name for p in settings.releases_dir.iterdir()) == built[1:]
