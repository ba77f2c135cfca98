"""Loads travel as N-Triples on disk: hostile text survives, bad IRIs are refused by row, rows come out whole."""
from __future__ import annotations

import csv
import json

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

import kg.validation
from kg.config import Settings
from kg.namespaces import DCTERMS, RDF, SKOS
from kg.ntriples import NotAnIri, TermWriter, for_store, text_literal, typed_literal
from kg.pipeline import Source, map_and_validate
from loaders.base import LoadResult
from tests.conftest import DATA

SETTINGS = Settings()
HOSTILE = 'He said "no" \\ twice,\nthen\r\tleft: > <http://evil.example/> ^^<urn:x> . _:b ü \u2028 end\\'
S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def ogp_row(path, title: str):
    with (DATA / "ogp-mexico" / "commitments.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, row = reader.fieldnames, next(reader)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerow({**row, "Commitment Title": title})
    return path


def test_hostile_text_in_a_cell_comes_back_exactly_as_it_was(tmp_path):
    source = Source("ogp-mexico-commitments", "ogp-export", DATA / "ogp-mexico" / "commitments.csv",
                    options={"title_language": "en"})
    result = map_and_validate(source, SETTINGS, ogp_row(tmp_path / "hostile.csv", HOSTILE))
    assert Literal(HOSTILE, lang="en") in set(result.graph.objects(None, DCTERMS.title))


@pytest.mark.parametrize("term, value, language, datatype", [
    (Literal(HOSTILE), HOSTILE, None, XSD.string),
    (Literal(HOSTILE, lang="es"), HOSTILE, "es", None),
    (text_literal(HOSTILE, "es"), HOSTILE, "es", None),
    (Literal("7", datatype=XSD.positiveInteger), "7", None, XSD.positiveInteger),
    (typed_literal("7", XSD.int), "7", None, XSD.int),
])
def test_every_literal_parses_back_in_oxigraph_as_the_same_term(term, value, language, datatype):
    line = TermWriter().line((S, P, term))
    [triple] = ox.parse(for_store(line.encode()), format=ox.RdfFormat.N_TRIPLES)
    assert (triple.object.value, triple.object.language) == (value, language)
    if datatype is not None:
        assert triple.object.datatype.value == str(datatype)


def test_the_validation_datatype_is_given_back_only_at_the_end_of_a_line():
    writer = TermWriter()
    text = (writer.line((S, P, Literal("5", datatype=XSD.positiveInteger)))
            + writer.line((S, P, Literal('a "^^<urn:aga-mx:validation:xsd:int> .\n'))))
    restored = for_store(text.encode()).decode()
    assert f"<{XSD.positiveInteger}> .\n" in restored
    assert "\\\"^^<urn:aga-mx:validation:xsd:int> .\\n" in restored  # inside the literal: untouched


@pytest.mark.parametrize("iri", ["https://example.org/a b", "https://example.org/<x>", 'https://e.org/"', "no-scheme"])
def test_a_term_that_is_no_iri_is_refused(iri):
    with pytest.raises(NotAnIri):
        TermWriter().term(URIRef(iri))


def test_a_row_with_a_bad_iri_is_rejected_by_location_and_leaves_nothing():
    result = LoadResult("test.csv")
    with result.row("row 1"):
        result.triples.add((S, P, Literal("kept")))
    with result.row("row 2"):
        result.triples.add((S, P, Literal("lost")))
        result.triples.add((URIRef("https://example.org/a b"), P, Literal("x")))
    assert result.rejected_rows == ["row 2"] and [p.rule for p in result.row_errors] == ["iri"]
    assert set(result.graph.objects(S, P)) == {Literal("kept")}


def test_a_dropped_row_takes_its_lines_but_not_those_another_row_also_wrote():
    result = LoadResult("test.csv")
    shared = (S, RDF.type, SKOS.Concept)
    for number in (1, 2):
        with result.row(f"row {number}"):
            result.triples.add(shared)
            result.triples.add((S, P, Literal(f"only {number}")))
            result.note_origin(S, f"row {number}")
    result.drop_rows({"row 1"}, "test", "dropped")
    assert shared in result.graph and (S, P, Literal("only 1")) not in result.graph
    assert result.origins == {S: "row 2"} and result.rows_loaded == 1
    result.drop_rows({"row 2"}, "test", "dropped")
    assert len(result.graph) == 0 and result.rejected_rows == ["row 1", "row 2"]


def ckan_with_a_clash(tmp_path):
    """Three packages; the first two claim the same dataset IRI with different dates (DatasetShape fails)."""
    def package(number, created, uri=None):
        extras = [{"key": "uri", "value": uri}] if uri else []
        return {"id": f"p{number}", "name": f"p{number}", "title": f"P{number}", "metadata_created": created,
                "extras": extras, "resources": [{"id": f"r{number}", "url": f"https://example.org/{number}.csv"}]}
    path = tmp_path / "packages.json"
    path.write_text(json.dumps({"success": True, "result": {"results": [
        package(1, "2020-01-01T00:00:00", "https://example.org/same"),
        package(2, "2021-01-01T00:00:00", "https://example.org/same"),
        package(3, "2022-01-01T00:00:00")]}}), encoding="utf-8")
    return Source("ckan-test", "ckan", path, options={"catalog_url": "https://example.org"})


def test_a_load_validated_in_a_store_on_disk_gives_what_one_in_memory_gives(tmp_path, monkeypatch):
    source = ckan_with_a_clash(tmp_path)
    in_memory = map_and_validate(source, SETTINGS, strict=False)
    monkeypatch.setattr(kg.validation, "IN_MEMORY_BYTES", 0)
    on_disk = map_and_validate(source, SETTINGS, strict=False)
    assert on_disk.rejected_rows == in_memory.rejected_rows == ["package 1 (p1)", "package 2 (p2)"]
    assert [p.message for p in on_disk.problems] == [p.message for p in in_memory.problems]
    assert set(on_disk.graph) == set(in_memory.graph) and on_disk.triple_count == len(on_disk.graph)


def test_a_load_leaves_no_temporary_file_behind(tmp_path):
    result = map_and_validate(ckan_with_a_clash(tmp_path), SETTINGS, strict=False)
    directory = result.emitted.directory
    assert directory.is_dir()
    result.emitted.close()
    assert not directory.exists()
