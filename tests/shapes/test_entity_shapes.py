"""Each node shape accepts a valid example and rejects one invalid example per constraint.

The valid graph holds one of every entity type. Each case adds triples that
break exactly one constraint and names the shape (the rule) and the path the
report must show.
"""
from __future__ import annotations

import pytest
from rdflib import Graph

from kg.config import Settings
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from

SETTINGS = Settings()
PREFIXES = """@prefix aga: <https://w3id.org/aga-mx/def/> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> . @prefix id: <https://w3id.org/aga-mx/id/> .
"""
VALID = """
id:member a aga:Member ; skos:notation "MX" ; skos:prefLabel "México" ; aga:forum id:forum .
id:plan a aga:ActionPlan ; aga:planNumber "3"^^xsd:integer ; aga:member id:member ;
    skos:prefLabel "Plan 3"@en, "Plan 3"@es ; aga:publicInfluence aga:iap2-collaborate .
id:c a aga:Commitment ; dct:identifier "MX0064" ; dct:title "Título"@es, "Title"@en ; dct:isPartOf id:plan ;
    aga:leadInstitution id:sfp ; aga:milestone id:m1 ; aga:policyArea aga:area-open-data ;
    aga:respondsTo id:rec ; aga:assessment id:a .
id:m1 a aga:Milestone ; dct:title "Publicar el padrón"@es ; schema:endDate "2018-06"^^xsd:gYearMonth .
id:a a aga:Assessment ; aga:reportType aga:report-progress ; aga:reportYear "2017"^^xsd:gYear ; aga:report id:r ;
    aga:specificity aga:specificity-high ; aga:relevantValue aga:value-access-to-information ;
    aga:potentialImpact aga:impact-transformative ; aga:completion aga:completion-substantial ; aga:starred true .
id:r a aga:IRMReport ; dct:title "Informe de avance 2016-2018"@es ; aga:reportType aga:report-progress ;
    aga:reportYear "2017"^^xsd:gYear ; aga:reportsOn id:plan ; aga:highlights id:h ; aga:recommendation id:rec .
id:h a aga:HighlightedCommitment ; dct:title "Política de datos abiertos"@es ; dct:description "Texto"@es .
id:rec a aga:Recommendation ; dct:title "Monitoreo y evaluación"@es ; dct:description "Texto"@es .
id:cc a aga:CoCreationProcess ; aga:coCreated id:plan ; aga:publicInfluence aga:iap2-involve ;
    aga:participantSector aga:sector-government, aga:sector-academia ; prov:wasAssociatedWith id:sfp ;
    aga:openParticipation true ; aga:forumMet true .
id:forum a aga:MultiStakeholderForum ; skos:prefLabel "Secretariado Técnico Tripartita"@es .
id:sfp a org:Organization ; skos:prefLabel "Secretaría de la Función Pública"@es ; aga:sector aga:sector-government .
id:ifai a org:Organization ; skos:prefLabel "IFAI"@es .
id:inai a org:Organization ; skos:prefLabel "INAI"@es .
id:renaming a org:ChangeEvent ; org:originalOrganization id:ifai ; org:resultingOrganization id:inai ;
    dct:date "2015"^^xsd:gYear .
id:ms a org:Membership ; org:member id:sfp ; org:organization id:forum ; aga:sector aga:sector-government .
"""


def problems(turtle: str):
    data = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return shacl_problems(data, shapes_from(SETTINGS.shapes_dir), vocabulary_from(SETTINGS.ontology_dir).graph,
                          "inline.ttl", {})


def test_the_valid_example_of_every_entity_type_conforms():
    assert problems(VALID) == []


# (shape named in the report, path named in the message, triples that break exactly that constraint)
CASES = [
    ("ActionPlanShape", "aga:planNumber", 'id:plan aga:planNumber "4"^^xsd:integer .'),
    ("ActionPlanShape", "aga:commitmentCount", 'id:plan aga:commitmentCount -1 .'),
    ("ActionPlanShape", "aga:member", "id:plan aga:member id:c ."),
    ("ActionPlanShape", "skos:prefLabel", 'id:plan skos:prefLabel "Otro plan"@es .'),
    ("ActionPlanShape", "aga:publicInfluence", "id:plan aga:publicInfluence aga:completion-complete ."),
    ("CommitmentShape", "dct:identifier", 'id:c dct:identifier "64" .'),
    ("CommitmentShape", "dct:title", 'id:c dct:title "Otro título"@es .'),
    ("CommitmentShape", "dct:isPartOf", "id:c2 a aga:Commitment ; dct:identifier \"MX0065\" ; dct:title \"T\" ."),
    ("CommitmentShape", "aga:leadInstitution", "id:c aga:leadInstitution id:plan ."),
    ("CommitmentShape", "aga:milestone", "id:c aga:milestone id:plan ."),
    ("CommitmentShape", "aga:respondsTo", "id:c aga:respondsTo id:h ."),
    ("CommitmentShape", "aga:policyArea", "id:c aga:policyArea aga:value-civic-participation ."),
    ("CommitmentShape", "aga:starred", 'id:c aga:starred "yes" .'),
    ("MilestoneShape", "^aga:milestone", 'id:m2 a aga:Milestone ; dct:title "Huérfano"@es .'),
    ("MilestoneShape", "dct:title", "id:m1 dct:title \"Otro\"@es ."),
    ("MilestoneShape", "schema:endDate", 'id:m1 schema:endDate "junio" .'),
    ("AssessmentShape", "^aga:assessment", "id:a2 a aga:Assessment ; aga:reportType aga:report-progress ."),
    ("AssessmentShape", "aga:reportType", "id:a aga:reportType aga:impact-minor ."),
    ("AssessmentShape", "aga:completion", "id:a aga:completion aga:impact-moderate ."),
    ("AssessmentShape", "aga:relevantValue", "id:a aga:relevantValue aga:area-open-data ."),
    ("AssessmentShape", "aga:report", "id:a aga:report id:plan ."),
    ("AssessmentShape", "aga:reportYear", 'id:a aga:reportYear "2017" .'),
    ("IRMReportShape", "dct:title", "id:r2 a aga:IRMReport ."),
    ("IRMReportShape", "aga:reportType", "id:r aga:reportType aga:report-end-of-term ."),
    ("IRMReportShape", "aga:reportsOn", "id:r aga:reportsOn id:c ."),
    ("IRMReportShape", "aga:highlights", "id:r aga:highlights id:rec ."),
    ("IRMReportShape", "aga:recommendation", "id:r aga:recommendation id:h ."),
    ("RecommendationShape", "^aga:recommendation", 'id:rec2 a aga:Recommendation ; dct:title "Sin informe"@es .'),
    ("RecommendationShape", "dct:description", 'id:rec dct:description "Otro texto"@es .'),
    ("HighlightedCommitmentShape", "dct:identifier", 'id:h dct:identifier "MX0064" .'),
    ("HighlightedCommitmentShape", "dct:title", 'id:h dct:title "Otro"@es .'),
    ("CoCreationProcessShape", "aga:coCreated", "id:cc2 a aga:CoCreationProcess ."),
    ("CoCreationProcessShape", "aga:publicInfluence", "id:cc aga:publicInfluence aga:sector-academia ."),
    ("CoCreationProcessShape", "aga:participantSector", "id:cc aga:participantSector aga:iap2-inform ."),
    ("CoCreationProcessShape", "prov:wasAssociatedWith", "id:cc prov:wasAssociatedWith id:plan ."),
    ("CoCreationProcessShape", "aga:openParticipation", 'id:cc aga:openParticipation "sí" .'),
    ("MultiStakeholderForumShape", "skos:prefLabel", 'id:forum skos:prefLabel "Otro nombre"@es .'),
    ("MultiStakeholderForumShape", "^aga:forum", 'id:other a aga:Member ; skos:notation "JAL" ; aga:forum id:forum .'),
    ("MembershipShape", "org:member", "id:ms2 a org:Membership ; org:organization id:forum ."),
    ("MembershipShape", "org:organization", "id:ms org:organization id:sfp ."),
    ("MembershipShape", "aga:sector", "id:ms aga:sector aga:iap2-consult ."),
    ("OrganizationShape", "skos:prefLabel", "id:nameless a org:Organization ."),
    ("OrganizationShape", "aga:sector", "id:sfp aga:sector aga:sector-civil-society ."),
    ("ChangeEventShape", "org:resultingOrganization", "id:renaming2 a org:ChangeEvent ; org:originalOrganization id:ifai ."),
    ("ChangeEventShape", "dct:date", 'id:renaming dct:date "2014"^^xsd:gYear .'),
    ("MemberShape", "skos:notation", 'id:member skos:notation "mx" .'),
    ("MemberShape", "aga:forum", "id:member aga:forum id:sfp ."),
]


@pytest.mark.parametrize("shape, path, breaking", CASES, ids=[f"{s}-{p}" for s, p, _ in CASES])
def test_each_constraint_rejects_its_invalid_example_naming_the_rule(shape, path, breaking):
    found = [p for p in problems(VALID + breaking) if p.severity == "error"]
    assert found, "the invalid example was accepted"
    assert any(p.rule == shape and p.message.startswith(path + ":") for p in found), \
        [(p.rule, p.message) for p in found]


@pytest.mark.parametrize("breaking, path", [
    ("id:a aga:specificity aga:specificity-low .", "aga:specificity"),
    ("id:a aga:potentialImpact aga:impact-minor .", "aga:potentialImpact"),
    ("id:a aga:completion aga:completion-limited .", "aga:completion"),
])
def test_a_starred_assessment_that_misses_a_star_criterion_is_a_warning_not_an_error(breaking, path):
    data = VALID.replace("aga:specificity aga:specificity-high ;", "") if "specificity" in breaking else VALID
    data = data.replace("aga:potentialImpact aga:impact-transformative ;", "") if "Impact" in breaking else data
    data = data.replace("aga:completion aga:completion-substantial ;", "") if "completion" in breaking else data
    found = problems(data + breaking)
    assert [(p.rule, p.severity) for p in found] == [("StarCriteriaShape", "warning")]
    assert found[0].message.startswith(path + ":") and "star criteria" in found[0].message


def test_a_starred_assessment_relevant_only_to_technology_is_a_warning():
    data = VALID.replace("aga:relevantValue aga:value-access-to-information ;",
                         "aga:relevantValue aga:value-technology-and-innovation ;")
    assert [(p.rule, p.severity) for p in problems(data)] == [("StarCriteriaShape", "warning")]


def test_an_unstarred_assessment_with_low_ratings_raises_nothing():
    data = VALID.replace("aga:starred true", "aga:starred false").replace(
        "aga:specificity-high", "aga:specificity-low")
    assert problems(data) == []
