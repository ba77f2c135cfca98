"""The load policy, through the real command line on a real store: what loads, what is refused, what is recorded."""
from __future__ import annotations

import csv
import hashlib
import io

import pytest

from kg.cli import main
from kg.config import Settings
from kg.pipeline import Source, build_store, map_and_validate
from kg.progress import Progress
from kg.stores import open_store
from tests.conftest import DATA, small_data_dir

SOURCE = "adela-inventory-2015-distributions"
HEADER = "institution,base_name,url,type,size\n"
GOOD = ('"sfp","Sancionados","http://www.example.gob.mx/a.csv","csv",1\n'
        '"conagua","Presas","http://www.example.gob.mx/b.xls","xls",2\n')
MALFORMED = '"issste","Tabla \\"rota\\"", sin cerrar"","http://www.example.gob.mx/c.csv","Excel","null"\n'


@pytest.fixture
def project(tmp_path, monkeypatch, new_store_settings):
    """A small data folder and its built store (of each kind), and the environment that points the CLI at them."""
    settings = new_store_settings(data_dir=small_data_dir(tmp_path, "ogp-mexico-action-plans", SOURCE))
    small = tmp_path / "small.csv"
    small.write_text(HEADER + GOOD, encoding="utf-8")
    (settings.data_dir / "adela-inventory-2015" / "MAT_test.csv").write_text(HEADER + GOOD, encoding="utf-8")
    build_store(settings)
    for name in ("data_dir", "store_path", "reports_dir", "store_kind", "store_query_url", "store_update_url",
                 "store_graph_store_url"):
        monkeypatch.setenv(f"AGA_{name.upper()}", str(getattr(settings, name)))
    return settings


def quads(settings: Settings) -> set:
    return set(open_store(settings, read_only=True).quads())


def datasets_in(settings: Settings) -> int:
    store = open_store(settings, read_only=True)
    return len(list(store.query("SELECT DISTINCT ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }")))


def test_default_policy_loads_the_valid_rows_and_reports_the_rejected_ones(project, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD + MALFORMED + '"sfp","Otra","http://www.example.gob.mx/d.csv","csv",1\n',
                   encoding="utf-8")
    assert main(["load", SOURCE, "--file", str(bad)]) == 0
    out = capsys.readouterr().out
    assert "loaded 3 of 4 row(s) (1 rejected)" in out
    with (project.reports_dir / f"{SOURCE}.rejects.csv").open(encoding="utf-8") as handle:
        [reject] = list(csv.DictReader(handle))
    assert reject["file"].endswith("bad.csv") and reject["row"].startswith("row 3") and reject["rule"] == "row-shape"
    assert datasets_in(project) == 3


def test_strict_policy_refuses_the_whole_load_and_leaves_every_quad_as_it_was(project, tmp_path, capsys):
    before = quads(project)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + '"cfe","Nueva","http://www.example.gob.mx/n.csv","csv",1\n' + MALFORMED, encoding="utf-8")
    assert main(["load", SOURCE, "--file", str(bad), "--strict"]) == 2
    err = capsys.readouterr().err
    assert "nothing was written" in err and "row 2 (line 3)" in err and "row-shape" in err
    assert quads(project) == before


def test_an_unchanged_source_is_skipped_and_a_changed_one_reloaded(project, capsys):
    assert main(["load", SOURCE]) == 0
    assert "unchanged" in capsys.readouterr().out
    mat = project.data_dir / "adela-inventory-2015" / "MAT_test.csv"
    mat.write_text(HEADER + GOOD + '"sfp","Otra","http://www.example.gob.mx/d.csv","csv",1\n', encoding="utf-8")
    assert main(["load", SOURCE]) == 0
    assert "loaded 3 of 3 row(s)" in capsys.readouterr().out
    assert datasets_in(project) == 3


def test_each_load_records_source_checksum_loader_and_row_counts_in_its_graph(project, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + GOOD + MALFORMED).encode("utf-8"))
    assert main(["load", SOURCE, "--file", str(bad)]) == 0
    graph = project.graph_iri(SOURCE)
    [row] = open_store(project, read_only=True).query(f"""
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX spdx: <http://spdx.org/rdf/terms#>
        PREFIX aga: <https://w3id.org/aga-mx/def/> PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX schema: <https://schema.org/>
        SELECT * WHERE {{ GRAPH <{graph}> {{
          <{graph}> prov:wasGeneratedBy ?load . ?load prov:used ?source ; prov:startedAtTime ?started ;
            prov:wasAssociatedWith [ rdfs:label ?loader ; schema:softwareVersion ?version ] ;
            aga:rowsRead ?read ; aga:rowsLoaded ?loaded ; aga:rowsRejected ?rejected .
          ?source dct:identifier ?file ; spdx:checksum/spdx:checksumValue ?sum . }} }}""")
    assert row["file"].value.endswith("bad.csv")
    assert row["sum"].value == hashlib.sha256(bad.read_bytes()).hexdigest()
    assert (row["loader"].value, row["version"].value) == ("adela-distributions", "1")
    assert (int(row["read"].value), int(row["loaded"].value), int(row["rejected"].value)) == (3, 2, 1)


@pytest.mark.parametrize("content, expected", [
    ((HEADER + GOOD).encode("latin-1") + '"sfp","Año","http://www.example.gob.mx/x.csv","csv",1\n'.encode("latin-1"),
     "not UTF-8 text: byte 0xf1"),
    ((HEADER + GOOD + '"sfp","Cortado a la mit').encode("utf-8"), "looks truncated"),
    ((HEADER + GOOD).replace(",", ";").encode("utf-8"), "wrong delimiter"),
    (b"", "the file is empty"),
], ids=["latin-1", "truncated", "semicolons", "empty"])
def test_unreadable_files_get_a_clear_error_and_no_stack_trace(project, tmp_path, capsys, content, expected):
    before = quads(project)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(content)
    assert main(["load", SOURCE, "--file", str(broken)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and "broken.csv" in err
    assert quads(project) == before


def test_rows_whose_entity_fails_shacl_are_taken_out_with_all_they_made(tmp_path):
    # Two packages claim the same dataset IRI (same 'uri' extra) with different creation times:
    # the dataset then has two dct:issued, which DatasetShape forbids; both rows go, the third stays.
    def package(number, created, uri=None):
        extras = [{"key": "uri", "value": uri}] if uri else []
        return {"id": f"p{number}", "name": f"p{number}", "title": f"P{number}", "metadata_created": created,
                "extras": extras, "resources": [{"id": f"r{number}", "url": f"https://example.org/{number}.csv"}]}
    document = {"success": True, "result": {"count": 3, "results": [
        package(1, "2020-01-01T00:00:00", "https://example.org/same"),
        package(2, "2021-01-01T00:00:00", "https://example.org/same"),
        package(3, "2022-01-01T00:00:00")]}}
    path = tmp_path / "packages.json"
    path.write_text(__import__("json").dumps(document), encoding="utf-8")
    source = Source("ckan-test", "ckan", path, options={"catalog_url": "https://example.org"})
    result = map_and_validate(source, Settings(), strict=False)
    assert sorted(result.rejected_rows) == ["package 1 (p1)", "package 2 (p2)"]
    subjects = {str(s) for s in result.graph.subjects()}
    assert "https://example.org/same" not in subjects
    assert "https://example.org/dataset/p1/resource/r1" not in subjects
    assert "https://example.org/dataset/p3" in subjects


def test_progress_shows_rows_rate_and_time_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True
    quiet, terminal = io.StringIO(), Terminal()
    for stream in (quiet, terminal):
        progress = Progress("mat", stream=stream, every=0)
        progress(1200)
        progress.done()
    assert quiet.getvalue() == ""
    assert "mat: 1200 rows" in terminal.getvalue() and "rows/s" in terminal.getvalue()


def test_unmatched_lists_each_organisation_name_no_alias_matches(tmp_path, monkeypatch, capsys):
    data = small_data_dir(tmp_path, "ogp-mexico-commitments")
    monkeypatch.setenv("AGA_DATA_DIR", str(data))
    assert main(["unmatched"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Transparencia Mexicana, A.C. (TM)\tdata/ogp-mexico/commitments.csv" in lines \
        or any(line.startswith("Transparencia Mexicana, A.C. (TM)\t") for line in lines)
    assert not any(line.startswith("Secretaría de la Función Pública") for line in lines)


def test_the_bundled_inventory_reports_its_malformed_row(built):
    with (built.reports_dir / f"{SOURCE}.rejects.csv").open(encoding="utf-8") as handle:
        rejects = {row["row"]: row["rule"] for row in csv.DictReader(handle)}
    assert rejects["row 5733 (line 5734)"] == "row-shape"
    assert DATA.exists()
