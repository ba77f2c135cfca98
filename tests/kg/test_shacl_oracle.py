"""The SPARQL-compiled validator finds exactly what pyshacl finds.

pyshacl is the reference: on every fixture both must agree on conformance and
on the set of (focus node, path, source shape, severity). Fixtures: every shape
file in shapes/ with generated invalid variations of each property, the bundled
data, the loaders' invalid examples, and inline graphs using every construct
the compiler supports.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS, XSD

from kg.config import Settings
from kg.pipeline import agencies_from, read_manifest
from kg.validation import compiled_results, pyshacl_results, shapes_from
from kg.vocabulary import load_turtle_dir, vocabulary_from
from loaders import loader_named
from loaders.base import LoadContext, LoadResult

SETTINGS = Settings()
SHAPE_FILES = sorted(SETTINGS.shapes_dir.glob("*.ttl"))
ONTOLOGY = vocabulary_from(SETTINGS.ontology_dir).graph


def keys(results) -> set[tuple]:
    return {(r.focus, r.path, r.source_shape, r.severity) for r in results}


def assert_same_as_pyshacl(data: Graph, shapes: Graph) -> set[tuple]:
    expected = keys(pyshacl_results(data, shapes, ONTOLOGY))
    found = keys(compiled_results(data, shapes, ONTOLOGY))
    assert found == expected, (f"only pyshacl: {sorted(map(str, expected - found))}\n"
                               f"only compiled: {sorted(map(str, found - expected))}")
    return found


def load_source(name: str, file: Path | None = None) -> Graph:
    source = next(s for s in read_manifest(SETTINGS) if s.name == name)
    result = LoadResult(file=str(file or source.file))
    context = LoadContext(SETTINGS, vocabulary_from(SETTINGS.ontology_dir),
                          agencies_from(SETTINGS.data_dir / "agencies.csv"))
    loader_named(source.loader)(file or source.file, context, result, **source.options)
    return result.graph


def sample(graph: Graph, subjects: int = 300) -> Graph:
    """Some subjects with everything they state and everything stated about what they link to.

    pyshacl takes seconds per 10k triples: a sample keeps the test fast as sources grow.
    """
    kept = Graph()
    for subject in sorted(set(graph.subjects()), key=str)[:subjects]:
        for p, o in graph.predicate_objects(subject):
            kept.add((subject, p, o))
            for triple in graph.triples((o, None, None)):
                kept.add(triple)
    return kept


def bundled_sample() -> Graph:
    graph = Graph()
    for source in read_manifest(SETTINGS):
        graph += sample(load_source(source.name))
    return graph


# --- generated invalid variations, for whatever shapes shapes/ holds ----------------------

def property_paths(shapes: Graph, node_shape) -> list[tuple[URIRef, bool]]:
    """(predicate, inverse?) of each property shape with a simple or inverse path."""
    paths = []
    for prop in shapes.objects(node_shape, SH.property):
        path = shapes.value(prop, SH.path)
        if isinstance(path, URIRef):
            paths.append((path, False))
        elif (inverse := shapes.value(path, SH.inversePath)) is not None:
            paths.append((inverse, True))
    return sorted(set(paths))


def wrong_values(predicate: URIRef) -> dict[str, list]:
    """Values that break some usual constraint: counts, datatypes, classes, patterns, languages."""
    other_concept = sorted(ONTOLOGY.subjects(SKOS.inScheme, None))[0]
    return {
        "none": [],
        "two-in-one-language": [Literal("synthetic A", lang="en"), Literal("synthetic B", lang="en")],
        "integer": [Literal("0", datatype=XSD.integer)],
        "ill-typed": [Literal("not a number", datatype=XSD.positiveInteger)],
        "untyped-iri": [URIRef("urn:test:untyped-thing")],
        "concept-of-another-scale": [other_concept],
        "blank-node": [BNode()],
    }


def variations(data: Graph, shapes: Graph) -> Graph:
    """The data plus, for each targeted class and each property, clones of one instance that break it."""
    graph = Graph()
    graph += data
    for node_shape in sorted(set(shapes.subjects(SH.targetClass, None)), key=str):
        cls = shapes.value(node_shape, SH.targetClass)
        template = min(data.subjects(RDF.type, cls), default=None, key=str)
        for predicate, inverse in property_paths(shapes, node_shape):
            for kind, values in wrong_values(predicate).items():
                clone = URIRef(f"urn:test:{node_shape.split('/')[-1]}/{predicate.split('/')[-1]}/{kind}")
                graph.add((clone, RDF.type, cls))
                if template is not None:
                    for p, o in data.predicate_objects(template):
                        if p != predicate or inverse:
                            graph.add((clone, p, o))
                for value in values:
                    graph.add((value, predicate, clone) if inverse and not isinstance(value, Literal)
                              else (clone, predicate, value))
    return graph


@pytest.mark.parametrize("shape_file", SHAPE_FILES, ids=[p.stem for p in SHAPE_FILES])
def test_each_shape_file_finds_what_pyshacl_finds_on_broken_variations(shape_file):
    shapes = Graph().parse(shape_file, format="turtle")
    data = load_source("ogp-mexico-commitments") + load_source("ogp-mexico-action-plans")
    found = assert_same_as_pyshacl(variations(data, shapes), shapes)
    if any(shapes.subjects(SH.targetClass, None)):
        assert found, "the variations should break the shapes"


def test_all_shapes_together_agree_with_pyshacl_on_broken_variations():
    shapes = shapes_from(SETTINGS.shapes_dir)
    data = load_source("ogp-mexico-commitments") + load_source("ogp-mexico-action-plans")
    assert assert_same_as_pyshacl(variations(data, shapes), shapes)


def test_a_sample_of_every_bundled_source_gives_the_same_results():
    assert_same_as_pyshacl(bundled_sample(), shapes_from(SETTINGS.shapes_dir))


# --- the loaders' invalid examples ----------------------------------------------------------

def test_a_loaded_row_without_a_title_is_found_by_both(tmp_path):
    mexico = next(s for s in read_manifest(SETTINGS) if s.name == "ogp-mexico-commitments")
    with mexico.file.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    path = tmp_path / "untitled.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerow({c: "" for c in header} | {"Commitment Unique Identifier": "MX0001",
                                                   "Country/Locality": "Mexico", "Action Plan Number": "3"})
    found = assert_same_as_pyshacl(load_source("ogp-mexico-commitments", path), shapes_from(SETTINGS.shapes_dir))
    assert len(found) == 1


# --- inline graphs using every supported construct ------------------------------------------

CONSTRUCTS = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <urn:ex:> . @prefix owl: <http://www.w3.org/2002/07/owl#> .

ex: sh:declare [ sh:prefix "ex" ; sh:namespace "urn:ex:"^^xsd:anyURI ] .

ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI ;
  sh:property [ sh:path ex:code ; sh:minCount 1 ; sh:maxCount 2 ; sh:datatype xsd:string ;
                sh:pattern "^a[0-9]+$" ; sh:flags "i" ; sh:minLength 2 ; sh:maxLength 5 ] ,
    [ sh:path ex:size ; sh:datatype xsd:nonNegativeInteger ; sh:maxInclusive 10 ; sh:minExclusive 0 ;
      sh:severity sh:Warning ] ,
    [ sh:path ex:colour ; sh:in ( ex:red ex:green "blue" ) ; sh:severity sh:Info ] ,
    [ sh:path ex:label ; sh:uniqueLang true ; sh:languageIn ( "en" "es" ) ;
      sh:or ( [ sh:datatype rdf:langString ] [ sh:datatype xsd:string ] ) ] ,
    [ sh:path ( ex:part ex:owner ) ; sh:class ex:Person ] ,
    [ sh:path [ sh:inversePath ex:has ] ; sh:maxCount 1 ; sh:nodeKind sh:BlankNodeOrIRI ] ,
    [ sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:minCount 1 ] ,
    [ sh:path [ sh:zeroOrMorePath ex:next ] ; sh:node ex:Linked ] ,
    [ sh:path ex:kind ; sh:hasValue ex:k1 ] ,
    [ sh:path ex:deactivated ; sh:minCount 3 ; sh:deactivated true ] ;
  sh:sparql [ sh:prefixes ex: ; sh:message "{$this} is its own part" ;
              sh:select "SELECT $this ?value WHERE { $this ex:part $this . BIND($this AS ?value) }" ] .

ex:Linked a sh:NodeShape ; sh:property [ sh:path ex:next ; sh:maxCount 1 ] ;
  sh:property [ sh:path ex:tag ; sh:node [ sh:property [ sh:path ex:scheme ; sh:hasValue ex:tags ] ] ] .

ex:FlaggedShape a sh:NodeShape ; sh:severity sh:Warning ;
  sh:target [ a sh:SPARQLTarget ; sh:prefixes ex: ; sh:select "SELECT ?this WHERE { ?this ex:flag true }" ] ;
  sh:property [ sh:path ex:reason ; sh:minCount 1 ] ;
  sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this ?value WHERE { $this ex:flag ?value . $this ex:flag false }" ] .

ex:NodeTargets a sh:NodeShape ; sh:targetNode ex:special ; sh:targetSubjectsOf ex:subjectOnly ;
  sh:targetObjectsOf ex:objectOnly ; sh:class ex:Person ; sh:severity sh:Warning .
"""

GOOD = """
@prefix ex: <urn:ex:> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Employee rdfs:subClassOf ex:Person .
ex:SpecialThing rdfs:subClassOf ex:Thing .
ex:t1 a ex:Thing ; ex:code "A12" ; ex:size "3"^^xsd:nonNegativeInteger ; ex:colour ex:red ;
  ex:label "one"@en, "uno"@es ; ex:part ex:p1 ; ex:a 1 ; ex:kind ex:k1 ; ex:next ex:t2 .
ex:t2 ex:tag ex:tag1 . ex:tag1 ex:scheme ex:tags .
ex:p1 ex:owner ex:bob . ex:bob a ex:Employee .
ex:x ex:has ex:t1 .
ex:special a ex:Person .
ex:flagged ex:flag true ; ex:reason "checked" .
"""

BAD = """
@prefix ex: <urn:ex:> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:t3 a ex:SpecialThing ; ex:code "b1", "a1", "a12345", "a9" ; ex:size 3, "0"^^xsd:nonNegativeInteger,
    "11"^^xsd:nonNegativeInteger, "x"^^xsd:nonNegativeInteger ;
  ex:colour ex:blue, "blue", "red" ; ex:label "a"@en, "b"@en, "c"@fr, 5 ; ex:part ex:t3, ex:p2 ;
  ex:kind ex:k2 ; ex:next ex:t4 .
ex:p2 ex:owner ex:carol . ex:carol a ex:Robot .
ex:t3 ex:owner ex:bob .
ex:y1 ex:has ex:t3 . ex:y2 ex:has ex:t3 .
ex:t4 ex:next ex:t5, ex:t6 ; ex:tag ex:tag2 . ex:tag2 ex:scheme ex:other .
ex:t5 ex:tag "literal tag" .
_:b a ex:Thing ; ex:code "a1" ; ex:b 2 ; ex:kind ex:k1 .
ex:special ex:name "not a person" .
ex:s ex:subjectOnly 1 . ex:z ex:objectOnly "a literal" .
ex:flagged2 ex:flag true, false .
"""


def constructs() -> Graph:
    return Graph().parse(data=CONSTRUCTS, format="turtle")


def test_well_formed_data_conforms_for_both_on_every_construct():
    assert assert_same_as_pyshacl(Graph().parse(data=GOOD, format="turtle"), constructs()) == set()


def test_broken_data_gives_the_same_results_on_every_construct():
    shapes = constructs()
    found = assert_same_as_pyshacl(Graph().parse(data=GOOD + BAD, format="turtle"), shapes)
    thing_shape = URIRef("urn:ex:ThingShape")
    active = {shapes.value(p, SH.path) for p in shapes.objects(thing_shape, SH.property)
              if (p, SH.deactivated, Literal(True)) not in shapes}
    assert len(active) == 9 and active <= {path for _, path, _, _ in found}  # each property broken somewhere
    assert (URIRef("urn:ex:t3"), None, thing_shape, SH.Violation) in found  # sh:nodeKind, sh:sparql
    flagged = {(focus, shape) for focus, _, shape, _ in found if focus == URIRef("urn:ex:flagged2")}
    assert flagged == {(URIRef("urn:ex:flagged2"), URIRef("urn:ex:FlaggedShape")),  # sh:SPARQLTarget + sh:sparql
                       (URIRef("urn:ex:flagged2"), next(shapes.objects(URIRef("urn:ex:FlaggedShape"), SH.property)))}
    assert {severity for *_, severity in found} == {SH.Violation, SH.Warning, SH.Info}


# --- the shapes tests' own examples -----------------------------------------------------------

SHAPES_TEST_PREFIXES = """@prefix aga: <https://w3id.org/aga-mx/def/> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/aga-mx/id/> .
id:member a aga:Member ; skos:notation "MX" ; skos:prefLabel "Mexico" .
id:plan a aga:ActionPlan ; aga:planNumber "4"^^xsd:integer ; aga:member id:member .
"""
SHAPES_TEST_EXAMPLES = {
    "well-formed": """id:c a aga:Commitment ; dct:identifier "MX0001" ; dct:title "T"@en ; dct:isPartOf id:plan ;
        aga:assessment id:a . id:a a aga:Assessment ; aga:reportType aga:report-progress ;
        aga:completion aga:completion-limited .""",
    "wrong-scale": """id:c a aga:Commitment ; dct:identifier "MX0001" ; dct:title "T" ; dct:isPartOf id:plan ;
        aga:assessment id:a . id:a a aga:Assessment ; aga:reportType aga:report-progress ;
        aga:completion aga:impact-moderate .""",
    "two-plans": """id:plan2 a aga:ActionPlan ; aga:planNumber "5"^^xsd:integer ; aga:member id:member .
        id:c a aga:Commitment ; dct:identifier "MX0001" ; dct:title "T" ; dct:isPartOf id:plan, id:plan2 .""",
    "two-titles-one-language": """id:c a aga:Commitment ; dct:identifier "MX0001" ; dct:title "A"@en, "B"@en ;
        dct:isPartOf id:plan .""",
    "plan-number-not-positive": """id:plan aga:planNumber "0"^^xsd:integer .""",
    "bad-id-and-member-code": """id:c a aga:Commitment ; dct:identifier "mx-1" ; dct:title "T" ; dct:isPartOf id:plan .
        id:member skos:notation "mexico" .""",
}


@pytest.mark.parametrize("example", SHAPES_TEST_EXAMPLES, ids=list(SHAPES_TEST_EXAMPLES))
def test_the_shapes_tests_examples_give_the_same_results(example):
    data = Graph().parse(data=SHAPES_TEST_PREFIXES + SHAPES_TEST_EXAMPLES[example], format="turtle")
    found = assert_same_as_pyshacl(data, shapes_from(SETTINGS.shapes_dir))
    assert (found == set()) == (example == "well-formed")
