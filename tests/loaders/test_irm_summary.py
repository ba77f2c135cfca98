"""The IRM country summary loader: highlights and recommendations as the summary states them."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.config import Settings
from kg.namespaces import AGA, DCTERMS, RDF
from kg.pipeline import map_and_validate, source_named
from kg.problems import LoadError

SETTINGS = Settings()
ID = SETTINGS.id_base
SUMMARY = source_named(SETTINGS, "ogp-mexico-irm-summary")
REPORT = URIRef(ID + "irm-report/MX-country-summary")


@pytest.fixture(scope="module")
def summary():
    return map_and_validate(SUMMARY, SETTINGS)


def test_the_summary_becomes_one_report_with_three_highlights_and_four_recommendations(summary):
    graph = summary.graph
    assert (REPORT, RDF.type, AGA.IRMReport) in graph
    assert (REPORT, AGA.reportsOn, URIRef(ID + "member/MX")) in graph
    assert len(list(graph.objects(REPORT, AGA.highlights))) == 3
    assert len(list(graph.objects(REPORT, AGA.recommendation))) == 4
    highlight = URIRef(ID + "irm-report/MX-country-summary/highlight/base-de-datos-sobre-desaparecidos")
    assert graph.value(highlight, DCTERMS.title) == Literal("Base de datos sobre desaparecidos", lang="es")
    assert graph.value(highlight, DCTERMS.description).startswith("Reorganizar y hacer funcional")


def test_highlights_are_not_linked_to_any_commitment_because_the_summary_gives_no_ids(summary):
    graph = summary.graph
    assert list(graph.subjects(RDF.type, AGA.Commitment)) == []
    assert list(graph.subject_objects(AGA.respondsTo)) == []
    assert not any(str(o).startswith(ID + "commitment/") for o in graph.objects())


def test_an_unknown_kind_or_an_untitled_row_is_rejected_naming_row_and_rule(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("kind,title_es,text_es,source\n"
                    "recommendation,Bien,Texto,x\n"
                    "headline,Mal,Texto,x\n"
                    "recommendation,,Texto,x\n", encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        map_and_validate(SUMMARY, SETTINGS, path)
    assert {(p.location, p.rule) for p in raised.value.problems} == {
        ("row 2", "summary-kind"), ("row 3", "summary-title")}
