"""Mexico's action plans: periods, stated commitment counts and co-creation level."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.config import Settings
from kg.namespaces import AGA, SCHEMA
from kg.pipeline import Source, map_and_validate
from kg.problems import LoadError
from tests.conftest import DATA

SETTINGS = Settings()
PLANS = Source("ogp-mexico-action-plans", "ogp-action-plans", DATA / "ogp-mexico" / "action-plans.csv",
               options={"member_code": "MX", "member_name": "Mexico"})


def test_each_plan_has_its_period_count_and_influence_level():
    graph = map_and_validate(PLANS, SETTINGS).graph
    plan4 = URIRef(SETTINGS.id_base + "action-plan/MX-4")
    assert graph.value(plan4, SCHEMA.startDate) == Literal("2019", datatype=XSD.gYear)
    assert graph.value(plan4, AGA.commitmentCount) == Literal(13, datatype=XSD.integer)
    assert graph.value(plan4, AGA.publicInfluence) == AGA["iap2-collaborate"]
    plan1 = URIRef(SETTINGS.id_base + "action-plan/MX-1")
    assert graph.value(plan1, AGA.commitmentCount).toPython() == 36
    assert graph.value(plan1, AGA.publicInfluence) is None  # the source does not say


def test_an_unknown_influence_level_is_rejected(tmp_path):
    path = tmp_path / "plans.csv"
    path.write_text("plan_number,period,commitments_count,submitted_year,co_creation_iap2_level,source_url\n"
                    "5,2023-2025,10,2023,delegation,\n", encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        map_and_validate(PLANS, SETTINGS, path)
    [problem] = raised.value.problems
    assert (problem.location, problem.rule) == ("row 1", "iap2-spectrum")
    assert "'delegation' is not a level of the IAP2 spectrum" in problem.message
