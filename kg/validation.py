"""SHACL validation of a load, before anything is written.

The shapes are compiled into SPARQL and run inside Oxigraph (kg.shacl_sparql),
over the load's triples with the ontology mixed in, so that shapes can check
that a rating is a concept of the right scheme (skos:inScheme) and that
subclasses count as their superclasses. pyshacl gives the same results and
stays as the reference the tests compare against (`pyshacl_results`).
"""
from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.namespaces import PREFIXES
from kg.problems import LoadError, Problem
from kg.store import ChunksReader, pieces
from kg.shacl_sparql import Result, ShapesCompiler, add_graph, mark_ill_typed, store_of, validate
from kg.vocabulary import load_turtle_dir

SEVERITIES = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
DEFAULT_MESSAGES = {
    SH.minCount: "needs at least {} value(s)", SH.maxCount: "allows at most {} value(s)",
    SH.datatype: "value is not a literal of datatype {}", SH["class"]: "value is not an instance of {}",
    SH.nodeKind: "value is not of node kind {}", SH.pattern: "value does not match the pattern {}",
    SH.hasValue: "must have the value {}", SH["in"]: "value is not one of the allowed values",
    SH.node: "value does not conform to its shape", SH["or"]: "value conforms to none of the alternatives",
    SH.uniqueLang: "more than one value in the same language",
}


# Names for terms in messages about a load validated in a store, as loaders' graphs bind them.
NAMESPACES = Graph()
for _prefix, _namespace in PREFIXES.items():
    NAMESPACES.bind(_prefix, _namespace, replace=True)

# A load whose N-Triples pass this size is validated in a store on disk, so memory stays bounded.
IN_MEMORY_BYTES = 64 << 20


@lru_cache(maxsize=4)
def shapes_from(directory: Path) -> Graph:
    return load_turtle_dir(directory)


@lru_cache(maxsize=8)
def compiled(shapes: Graph) -> ShapesCompiler:
    """The shapes read once; an unsupported construct fails here, before any data is looked at."""
    return ShapesCompiler(shapes)


def compiled_results(data: Graph, shapes: Graph, ontology: Graph) -> list[Result]:
    return validate(store_of(data, ontology), compiled(shapes))


def pyshacl_results(data: Graph, shapes: Graph, ontology: Graph) -> list[Result]:
    """The same results from pyshacl: the reference implementation, for tests and benchmarks."""
    # pyshacl mixes ont_graph in only when it runs inference, so mix it in here.
    _, report, _ = pyshacl_validate(data + ontology, shacl_graph=shapes, inference="none",
                                    allow_warnings=True, advanced=True, abort_on_first=False)
    return [Result(report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.value),
                   report.value(r, SH.sourceShape), report.value(r, SH.resultSeverity),
                   str(report.value(r, SH.resultMessage) or "") or None)
            for r in report.objects(None, SH.result)]  # top-level results, not their sh:detail


def shacl_problems(data: Graph, shapes: Graph, ontology: Graph, file: str,
                   origins: dict[URIRef, str]) -> list[Problem]:
    """Every SHACL result as a Problem located at the row that produced the focus node."""
    return [problem for _, problem in shacl_results(data, shapes, ontology, file, origins)]


def shacl_results(data: Graph, shapes: Graph, ontology: Graph, file: str,
                  origins: dict[URIRef, str]) -> list[tuple[URIRef, Problem]]:
    """(focus node, Problem) for every SHACL result, so a caller can take out what produced the node."""
    return _as_problems(compiled_results(data, shapes, ontology), shapes, file, origins, data)


def store_results(store: ox.Store, shapes: Graph, file: str,
                  origins_of: Callable[[set], dict[URIRef, str]]) -> list[tuple[URIRef, Problem]]:
    """The same for a load already in a validation store; `origins_of` locates only the nodes results name."""
    results = validate(store, compiled(shapes))
    return _as_problems(results, shapes, file, origins_of({r.focus for r in results}), NAMESPACES)


@contextmanager
def validation_store(chunks: Iterable[bytes], size: int, ill_typed: list[str], ontology: Graph,
                     file: str) -> Iterator[tuple[ox.Store, int]]:
    """A load's N-Triples (`size` bytes in chunks, validation form: kg.ntriples) with the ontology in a
    store of their own, and the number of distinct triples the load has.

    Small loads are validated in memory; larger ones in a temporary store on disk, filled
    in pieces (kg.store.pieces) so that memory stays bounded.
    """
    directory = tempfile.mkdtemp(prefix="aga-validation-") if size > IN_MEMORY_BYTES else None
    try:
        store = ox.Store(directory)
        try:
            for group in pieces(chunks):
                store.bulk_load(ChunksReader(group), format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as error:  # the loaders' lines are checked as they are written: a bug if it happens
            raise LoadError([Problem(file, "file", "n-triples", f"the mapped triples do not parse: {error}")])
        triples = len(store)
        mark_ill_typed(store, ill_typed)
        add_graph(store, ontology)
        yield store, triples
    finally:
        store = None
        if directory:
            shutil.rmtree(directory, ignore_errors=True)


def take_out(store: ox.Store, lines: set[bytes], ontology: Graph) -> int:
    """Remove these N-Triples lines' triples (rows a round took out), the ontology kept whole; how many went."""
    before = len(store)
    for triple in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES):
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
    add_graph(store, ontology)
    return before - len(store)


def _as_problems(results: list[Result], shapes: Graph, file: str, origins: dict[URIRef, str],
                 data: Graph) -> list[tuple[URIRef, Problem]]:
    problems = set()
    for result in results:
        message = result.message or _default_message(result, data)
        if result.path is not None:
            inverse = shapes.value(result.path, SH.inversePath)
            message = f"{'^' + _short(inverse, data) if inverse is not None else _short(result.path, data)}: {message}"
        if result.value is not None and str(result.value) not in message:
            message += f" (value: {_short(result.value, data)})"
        location = origins.get(result.focus, f"entity <{result.focus}>")
        problems.add((result.focus, Problem(file, location, _shape_name(shapes, result.source_shape), message,
                                            SEVERITIES.get(result.severity, "error"))))
    return sorted(problems, key=lambda p: (p[1].location, p[1].rule, p[1].message))


def _default_message(result: Result, data: Graph) -> str:
    template = DEFAULT_MESSAGES.get(result.constraint, "constraint not met")
    parameter = result.parameter
    return template.format(_short(parameter, data) if parameter is not None else "")


def _short(term, graph: Graph) -> str:
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.qname(term)
        except (ValueError, KeyError):
            return f"<{term}>"
    if isinstance(term, tuple):  # an sh:pattern with its flags
        return repr(term[0])
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
