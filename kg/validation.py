"""SHACL validation of a load, before anything is written.

The ontology is mixed into the data graph while validating so that shapes can
check that a rating is a concept of the right scheme (skos:inScheme) and that
subclasses count as their superclasses.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.problems import Problem
from kg.vocabulary import load_turtle_dir


@lru_cache(maxsize=4)
def shapes_from(directory: Path) -> Graph:
    return load_turtle_dir(directory)


def shacl_problems(data: Graph, shapes: Graph, ontology: Graph, file: str,
                   origins: dict[URIRef, str]) -> list[Problem]:
    """Every SHACL result as a Problem located at the row that produced the focus node."""
    return [problem for _, problem in shacl_results(data, shapes, ontology, file, origins)]


def shacl_results(data: Graph, shapes: Graph, ontology: Graph, file: str,
                  origins: dict[URIRef, str]) -> list[tuple[URIRef, Problem]]:
    """(focus node, Problem) for every SHACL result, so a caller can take out what produced the node."""
    # pyshacl mixes ont_graph in only when it runs inference, so mix it in here: in place and
    # taken out again, because copying a large data graph costs more than validating it.
    mixed_in = [triple for triple in ontology if triple not in data]
    for triple in mixed_in:
        data.add(triple)
    try:
        conforms, report, _ = pyshacl_validate(
            data, shacl_graph=shapes, inference="none", inplace=True,
            allow_warnings=True, advanced=True, abort_on_first=False,
        )
    finally:
        for triple in mixed_in:
            data.remove(triple)
    problems = []  # with allow_warnings a report can conform and still hold warnings
    for result in report.objects(None, SH.result):  # top-level results, not their sh:detail
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = str(report.value(result, SH.resultMessage) or "constraint not met")
        shape = report.value(result, SH.sourceShape)
        severity = "error" if report.value(result, SH.resultSeverity) == SH.Violation else "warning"
        rule = _shape_name(shapes, shape)
        if path is not None:
            inverse = report.value(path, SH.inversePath)
            message = f"{'^' + _short(inverse, data) if inverse is not None else _short(path, data)}: {message}"
        if value is not None and str(value) not in message:
            message += f" (value: {_short(value, data)})"
        location = origins.get(focus, f"entity <{focus}>")
        problems.append((focus, Problem(file, location, rule, message, severity)))
    return sorted(problems, key=lambda p: (p[1].location, p[1].rule, p[1].message))


def _short(term, graph: Graph) -> str:
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.qname(term)
        except (ValueError, KeyError):
            return f"<{term}>"
    return repr(str(term))


def _shape_name(shapes: Graph, shape) -> str:
    """The named node shape a result comes from, e.g. 'CommitmentShape'."""
    owner = shape
    for _ in range(4):  # property shapes hang off their node shape through sh:property
        if isinstance(owner, URIRef):
            return owner.split("/")[-1]
        parent = shapes.value(None, SH.property, owner) or shapes.value(None, SH.node, owner)
        if parent is None:
            break
        owner = parent
    return "SHACL"
