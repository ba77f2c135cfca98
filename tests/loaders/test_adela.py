"""The bundled ADELA files (datos.gob.mx, 2015-2016): what loads, and what is refused and why."""
from __future__ import annotations

from rdflib import URIRef

from kg.config import Settings
from kg.namespaces import AGA, DCAT, DQV, RDF
from kg.pipeline import map_and_validate, source_named

SETTINGS = Settings()


def test_the_ranking_gives_figures_per_institution_and_refuses_institutions_listed_twice():
    result = map_and_validate(source_named(SETTINGS, "adela-dgm-ranking"), SETTINGS, strict=False)
    assert (result.rows_read, result.rows_loaded) == (204, 201)
    assert sorted(p.location for p in result.row_errors) == ["entry 24 (SEDESOL)", "entry 38 (SEGOB)", "entry 56 (SALUD)"]
    sfp = URIRef(SETTINGS.id_base + "organization/secretaria-de-la-funcion-publica")
    metrics = {result.graph.value(m, DQV.isMeasurementOf) for m in result.graph.subjects(DQV.computedOn, sfp)}
    assert AGA["adela-rank"] in metrics and AGA["adela-downloads"] in metrics


def test_catalogues_whose_names_differ_only_by_an_accent_are_not_merged():
    result = map_and_validate(source_named(SETTINGS, "adela-inventory-2015-catalogs"), SETTINGS, strict=False)
    assert len(set(result.graph.subjects(RDF.type, DCAT.Catalog))) == 143
    [refused] = result.row_errors
    assert refused.rule == "unique-catalog" and "PROMÉXICO" in refused.message


def test_a_truncated_json_file_is_refused_with_a_plain_reason(tmp_path):
    import pytest
    from kg.problems import LoadError

    cut = tmp_path / "last_json.json"
    cut.write_text('{"dependencias": [{"ranking": 1, "institucion": "SFP"', encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        map_and_validate(source_named(SETTINGS, "adela-dgm-ranking"), SETTINGS, cut, strict=False)
    assert "not valid JSON at line 1" in str(refused.value) and "may be truncated" in str(refused.value)
