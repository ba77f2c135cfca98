"""The SPARQL-compiled validator's own promises: refuse what it cannot check, keep datatypes exact."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kg.shacl_sparql import ShapesCompiler, UnsupportedShape, store_of, validate

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <urn:ex:> .
"""


def shapes(turtle: str) -> ShapesCompiler:
    return ShapesCompiler(Graph().parse(data=PREFIXES + turtle, format="turtle"))


def results(shape_turtle: str, data_turtle: str):
    return validate(store_of(Graph().parse(data=PREFIXES + data_turtle, format="turtle")), shapes(shape_turtle))


@pytest.mark.parametrize("construct", [
    "sh:closed true", "sh:qualifiedValueShape [ sh:class ex:B ]", "sh:equals ex:q", "sh:not [ sh:class ex:B ]",
    "sh:xone ( [ sh:class ex:B ] )", "sh:lessThan ex:q",
])
def test_a_construct_it_cannot_compile_is_refused_when_the_shapes_are_read(construct):
    with pytest.raises(UnsupportedShape) as refused:
        shapes(f"ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:p ; {construct} ] .")
    assert construct.split()[0] in str(refused.value) and "ex:p" in str(refused.value)


def test_an_unsupported_construct_in_a_nested_shape_is_refused_too():
    with pytest.raises(UnsupportedShape, match="sh:closed"):
        shapes("ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:node ex:T . ex:T sh:closed true .")


def test_sparql_inside_a_nested_shape_is_refused_when_the_shapes_are_read():
    with pytest.raises(UnsupportedShape, match="sh:sparql"):
        shapes("""ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:p ; sh:node ex:T ] .
            ex:T sh:sparql [ sh:select "SELECT $this WHERE { $this ex:q 1 }" ] .""")


def test_derived_integer_datatypes_are_told_apart_although_oxigraph_stores_them_as_integers():
    shape = "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:n ; sh:datatype xsd:positiveInteger ] ."
    assert results(shape, 'ex:a a ex:A ; ex:n "4"^^xsd:positiveInteger .') == []
    [result] = results(shape, 'ex:a a ex:A ; ex:n "4"^^xsd:integer .')
    assert str(result.value) == "4" and result.constraint == SH.datatype


def test_an_ill_typed_literal_breaks_sh_datatype():
    shape = "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:n ; sh:datatype xsd:positiveInteger ] ."
    [result] = results(shape, 'ex:a a ex:A ; ex:n "0"^^xsd:positiveInteger .')
    assert str(result.value) == "0"


def test_a_sparql_constraint_reports_its_message_with_the_values_filled_in():
    shape = """ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:severity sh:Warning ;
        sh:sparql [ sh:message "{?value} is too big" ;
                    sh:select "SELECT $this ?value WHERE { $this <urn:ex:n> ?value FILTER(?value > 3) }" ] ."""
    [result] = results(shape, "ex:a a ex:A ; ex:n 4 . ex:b a ex:A ; ex:n 2 .")
    assert (str(result.focus), result.message, result.severity) == ("urn:ex:a", "4 is too big", SH.Warning)


def test_a_sparql_constraint_that_does_not_parse_is_refused_when_the_shapes_are_read():
    with pytest.raises(UnsupportedShape, match="not valid SPARQL"):
        shapes('ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:sparql [ sh:select "SELECT $this WHERE { $this" ] .')
