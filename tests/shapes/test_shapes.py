"""The shapes themselves: each rule rejects what it should, on small inline graphs."""
from __future__ import annotations

from rdflib import Graph

from kg.config import Settings
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from

SETTINGS = Settings()
PREFIXES = """@prefix aga: <https://w3id.org/aga-mx/def/> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/aga-mx/id/> .
id:member a aga:Member ; skos:notation "MX" ; skos:prefLabel "Mexico" .
id:plan a aga:ActionPlan ; aga:planNumber "4"^^xsd:integer ; aga:member id:member .
"""


def problems(turtle: str):
    data = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return shacl_problems(data, shapes_from(SETTINGS.shapes_dir), vocabulary_from(SETTINGS.ontology_dir).graph,
                          "inline.ttl", {})


def test_a_well_formed_commitment_conforms():
    assert problems("""id:c a aga:Commitment ; dct:identifier "MX0001" ; dct:title "T"@en ; dct:isPartOf id:plan ;
        aga:assessment id:a . id:a a aga:Assessment ; aga:reportType aga:report-progress ;
        aga:completion aga:completion-limited .""") == []


def test_a_rating_from_the_wrong_scale_is_a_violation():
    [problem] = problems("""id:c a aga:Commitment ; dct:identifier "MX0001" ; dct:title "T" ; dct:isPartOf id:plan ;
        aga:assessment id:a . id:a a aga:Assessment ; aga:reportType aga:report-progress ;
        aga:completion aga:impact-moderate .""")
    assert problem.rule == "AssessmentShape" and "Completion is one value of the completion scale" in problem.message


def test_a_commitment_in_two_plans_is_a_violation():
    found = problems("""id:plan2 a aga:ActionPlan ; aga:planNumber "5"^^xsd:integer ; aga:member id:member .
        id:c a aga:Commitment ; dct:identifier "MX0001" ; dct:title "T" ; dct:isPartOf id:plan, id:plan2 .""")
    assert [p.message for p in found] == ["dct:isPartOf: A commitment is part of exactly one action plan."]


def test_two_titles_in_one_language_are_a_violation():
    found = problems("""id:c a aga:Commitment ; dct:identifier "MX0001" ; dct:title "A"@en, "B"@en ;
        dct:isPartOf id:plan .""")
    assert len(found) == 1 and "at most one per language" in found[0].message


def test_a_plan_number_must_be_a_positive_integer():
    found = problems("""id:plan aga:planNumber "0"^^xsd:integer .""")
    assert {p.rule for p in found} == {"ActionPlanShape"}
