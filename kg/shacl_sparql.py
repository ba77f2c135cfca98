"""SHACL validation compiled into SPARQL and evaluated inside Oxigraph.

pyshacl walks the data node by node in Python (about 16 µs a triple); the same
constraints written as SPARQL run inside Oxigraph's query engine, one query per
constraint over all focus nodes at once. Only the SHACL subset listed in
SUPPORTED is compiled: a shape using anything else is refused when the shapes
are loaded, never silently passed. pyshacl stays the oracle in the tests.
"""
from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.ntriples import KEPT_DATATYPE, REBASED_BY_OXIGRAPH, TermWriter, datatype_text

# Where the literals rdflib found ill-typed are listed (e.g. "0"^^xsd:positiveInteger):
# Oxigraph keeps them as given, and sh:datatype must reject them as pyshacl does.
ILL_TYPED_GRAPH = "urn:aga-mx:validation:ill-typed"
ILL_TYPED_PREDICATE = "urn:aga-mx:validation:literal"

# Derived XSD types travel under a private datatype IRI in the validation store (kg.ntriples).

# Shape terms that describe, group or order but never constrain.
DESCRIPTIVE = {RDF.type, RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, SH.name, SH.description,
               SH.order, SH.group, SH.defaultValue, SH.message, SH.severity, SH.deactivated}
TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
VALUE_CONSTRAINTS = {SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH["in"], SH.node, SH["or"],
                     SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
                     SH.minLength, SH.maxLength, SH.languageIn}
FOCUS_CONSTRAINTS = {SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.sparql}
SUPPORTED = DESCRIPTIVE | TARGETS | VALUE_CONSTRAINTS | FOCUS_CONSTRAINTS | {SH.property, SH.path}
NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}


class UnsupportedShape(ValueError):
    """A shape uses SHACL this validator does not compile; it names the shape and the construct."""


@dataclass(frozen=True)
class Result:
    """One validation result, in the terms of the shapes graph and the data (rdflib terms)."""

    focus: object
    path: object | None  # the sh:path node of the shapes graph
    value: object | None
    source_shape: object
    severity: URIRef
    message: str | None  # the shape's sh:message, else None
    constraint: URIRef = SH.sparql  # the constraint parameter broken, e.g. sh:minCount
    parameter: object = None  # its value in the shape, e.g. 1


@dataclass
class Shape:
    node: object
    path: object | None = None  # set for property shapes
    severity: URIRef = SH.Violation
    message: str | None = None
    deactivated: bool = False
    targets: list[tuple[URIRef, object]] = field(default_factory=list)
    constraints: list[tuple[URIRef, object]] = field(default_factory=list)
    properties: list["Shape"] = field(default_factory=list)
    sparql: list["SparqlConstraint"] = field(default_factory=list)
    path_sparql: str | None = None


@dataclass(frozen=True)
class SparqlConstraint:
    select: str
    message: str | None


class ShapesCompiler:
    """Reads a shapes graph once, refusing what it cannot compile."""

    def __init__(self, shapes: Graph):
        self.graph = shapes
        self._shapes: dict[object, Shape] = {}
        for shape_class in (SH.NodeShape, SH.PropertyShape):
            for node in shapes.subjects(RDF.type, shape_class):
                if (node, RDF.type, RDFS.Class) in shapes:
                    raise UnsupportedShape(f"shape {_name(shapes, node)} is also a class: implicit class "
                                           "targets are not compiled; use sh:targetClass")
        roots = {node for predicate in TARGETS for node in shapes.subjects(predicate, None)}
        # A shape without targets is checked only where another shape refers to it.
        self.roots = [self.shape(node) for node in sorted(roots, key=str)]
        for shape_class in (SH.NodeShape, SH.PropertyShape):  # read every shape, used or not: refuse early
            for node in shapes.subjects(RDF.type, shape_class):
                self.shape(node)
        self._refuse_nested_sparql()
        self._compile_once()

    def _compile_once(self) -> None:
        """Every query compiled and run on an empty store, so a shape that cannot be checked fails now."""
        empty = ox.Store()
        for job in Compiled(self, empty).jobs():
            job()
        for shape in self._shapes.values():
            for constraint in shape.sparql:
                try:
                    empty.query(constraint.select.replace("$PATH", shape.path_sparql or "<urn:x>"))
                except SyntaxError as error:
                    raise UnsupportedShape(f"shape {_name(self.graph, shape.node)}: its sh:select is not "
                                           f"valid SPARQL: {error}") from None

    def _refuse_nested_sparql(self) -> None:
        """sh:sparql runs per focus node at the top level; inside sh:node or sh:or it cannot be compiled."""
        for shape in list(self._shapes.values()):
            for predicate, value in shape.constraints:
                for nested in [value] if predicate == SH.node else value if predicate == SH["or"] else []:
                    for own in [nested] + nested.properties:
                        if own.sparql:
                            raise UnsupportedShape(f"shape {_name(self.graph, own.node)}: sh:sparql is only "
                                                   "compiled on shapes with targets, not inside sh:node or sh:or")

    def shape(self, node) -> Shape:
        if node in self._shapes:
            return self._shapes[node]
        graph = self.graph
        shape = Shape(node, path=graph.value(node, SH.path))
        self._shapes[node] = shape  # before recursing: shapes may refer to each other
        for predicate, value in graph.predicate_objects(node):
            if predicate not in SUPPORTED and (str(predicate).startswith(str(SH))):
                raise UnsupportedShape(f"shape {_name(graph, node)} uses {graph.qname(predicate)}, "
                                       f"which kg.shacl_sparql does not compile")
            if predicate == SH.severity:
                shape.severity = value
            elif predicate == SH.message:
                if shape.message is None or getattr(value, "language", None) in (None, "en"):
                    shape.message = str(value)
            elif predicate == SH.deactivated:
                shape.deactivated = bool(getattr(value, "value", False))
            elif predicate == SH.target:
                shape.targets.append((predicate, self._sparql_target(node, value)))
            elif predicate in TARGETS:
                shape.targets.append((predicate, value))
            elif predicate == SH.property:
                shape.properties.append(self.shape(value))
            elif predicate == SH.sparql:
                shape.sparql.append(self._sparql(node, value))
            elif predicate == SH.node:
                shape.constraints.append((predicate, self.shape(value)))
            elif predicate == SH["or"]:
                shape.constraints.append((predicate, [self.shape(m) for m in Collection(graph, value)]))
            elif predicate == SH["in"]:
                shape.constraints.append((predicate, list(Collection(graph, value))))
            elif predicate == SH.pattern:
                shape.constraints.append((predicate, (str(value), str(graph.value(node, SH.flags) or ""))))
            elif predicate == SH.languageIn:
                shape.constraints.append((predicate, [str(v) for v in Collection(graph, value)]))
            elif predicate in VALUE_CONSTRAINTS | FOCUS_CONSTRAINTS and predicate != SH.flags:
                shape.constraints.append((predicate, value))
        if shape.path is None and any(p in (SH.minCount, SH.maxCount, SH.uniqueLang) for p, _ in shape.constraints):
            raise UnsupportedShape(f"shape {_name(graph, node)} counts values but has no sh:path")
        if shape.path is not None:
            shape.path_sparql = _path(graph, shape.path)
            if shape.properties:
                raise UnsupportedShape(f"property shape {_name(graph, node)} has sh:property of its own")
        return shape

    def _sparql(self, node, constraint) -> SparqlConstraint:
        prefixes, select = self._select(node, constraint)
        message = self.graph.value(constraint, SH.message)
        return SparqlConstraint("\n".join(prefixes + [select]), str(message) if message is not None else None)

    def _sparql_target(self, node, target) -> tuple[tuple[str, ...], str]:
        """SHACL-AF sh:target [ a sh:SPARQLTarget ; sh:select ... ]: its prefixes and its SELECT."""
        if (target, RDF.type, SH.SPARQLTarget) not in self.graph:
            raise UnsupportedShape(f"shape {_name(self.graph, node)}: only sh:SPARQLTarget targets are compiled")
        prefixes, select = self._select(node, target)
        return tuple(prefixes), select

    def _select(self, node, holder) -> tuple[list[str], str]:
        graph = self.graph
        select = graph.value(holder, SH.select)
        if select is None:
            raise UnsupportedShape(f"shape {_name(graph, node)}: only sh:select SPARQL is compiled")
        if "$shapesGraph" in select or "$currentShape" in select:
            raise UnsupportedShape(f"shape {_name(graph, node)}: $shapesGraph/$currentShape are not supported")
        prefixes = []
        for prefixes_node in graph.objects(holder, SH.prefixes):
            for declaration in graph.objects(prefixes_node, SH.declare):
                prefixes.append(f"PREFIX {graph.value(declaration, SH.prefix)}: "
                                f"<{graph.value(declaration, SH.namespace)}>")
        return prefixes, str(select)


def _name(graph: Graph, node) -> str:
    """A shape as its author would find it in the file: its name, or its path and its owner's name."""
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    path = graph.value(node, SH.path)
    owner = graph.value(None, SH.property, node)
    where = f" of {_name(graph, owner)}" if owner is not None else ""
    shown = graph.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else "a complex path"
    return f"[the property shape on {shown}{where}]" if path is not None else f"[a blank node shape{where}]"


def _iri(term) -> str:
    return f"<{term}>"


def _term(term) -> str:
    """A shapes-graph term as SPARQL text."""
    if isinstance(term, URIRef):
        return _iri(term)
    if isinstance(term, Literal):
        if term.datatype in REBASED_BY_OXIGRAPH:
            return f"{Literal(str(term)).n3()}^^{datatype_text(term.datatype)}"
        return term.n3()
    raise UnsupportedShape(f"blank node {term} used as a value in a shape")


def _path(graph: Graph, node) -> str:
    if isinstance(node, URIRef):
        return _iri(node)
    if (first := graph.value(node, RDF.first)) is not None:
        return "(" + "/".join(_path(graph, member) for member in Collection(graph, node)) + ")"
    for predicate, template in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
                                (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        if (inner := graph.value(node, predicate)) is not None:
            return template.format(_path(graph, inner))
    if (alternatives := graph.value(node, SH.alternativePath)) is not None:
        return "(" + "|".join(_path(graph, member) for member in Collection(graph, alternatives)) + ")"
    raise UnsupportedShape(f"path {node} is not a SHACL path this validator compiles")


class _Names:
    def __init__(self):
        self._counter = itertools.count()

    def __call__(self, stem: str = "v") -> str:
        return f"?{stem}{next(self._counter)}"


class Compiled:
    """The shapes as SPARQL over one store: subclass closures are read from the store itself."""

    def __init__(self, compiler: ShapesCompiler, store: ox.Store):
        self.compiler = compiler
        self.store = store
        self.names = _Names()
        self._subclasses: dict[object, list[str]] = {}
        # SPARQL targets are subqueries; their prefixes go at the top of every query.
        self.prologue = "\n".join(sorted({line for shape in compiler.roots for predicate, value in shape.targets
                                           if predicate == SH.target for line in value[0]}))

    def subclasses(self, cls) -> list[str]:
        if cls not in self._subclasses:
            found = {_iri(cls)} | {str(row["c"]) for row in self.store.query(
                f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>+ {_iri(cls)} }}")}
            self._subclasses[cls] = sorted(found)
        return self._subclasses[cls]

    # --- focus nodes -------------------------------------------------------------
    def focus_pattern(self, shape: Shape, var: str) -> str:
        parts = []
        for predicate, value in shape.targets:
            if predicate == SH.targetClass:
                parts.append(f"VALUES ?cls_ {{ {' '.join(self.subclasses(value))} }} {var} a ?cls_ .")
            elif predicate == SH.targetNode:
                parts.append(f"VALUES {var} {{ {_term(value)} }}")
            elif predicate == SH.target:
                parts.append(f"{{ {value[1]} }}")
            elif predicate == SH.targetSubjectsOf:
                parts.append(f"{var} {_iri(value)} [] .")
            else:
                parts.append(f"[] {_iri(value)} {var} .")
        return " UNION ".join(f"{{ {p} }}" for p in parts)

    # --- violations ----------------------------------------------------------------
    def value_bad(self, predicate, value, v: str, shape: Shape) -> str:
        """A filter expression true when value node `v` breaks the constraint."""
        if predicate == SH["class"]:
            t = self.names("t")
            return f"NOT EXISTS {{ {v} a {t} . VALUES {t} {{ {' '.join(self.subclasses(value))} }} }}"
        if predicate == SH.datatype:
            return "!(" + _datatype_ok(value, v) + ")"
        if predicate == SH.nodeKind:
            if value not in NODE_KINDS:
                raise UnsupportedShape(f"unknown sh:nodeKind {value}")
            return "!" + NODE_KINDS[value].format(v=v)
        if predicate == SH.pattern:
            pattern, flags = value
            return f"(isBlank({v}) || !REGEX(STR({v}), {Literal(pattern).n3()}, {Literal(flags).n3()}))"
        if predicate == SH["in"]:
            return "!(" + (" || ".join(f"sameTerm({v}, {_term(m)})" for m in value) or "false") + ")"
        if predicate == SH.hasValue:  # on a node shape: the focus node itself must be the value
            return f"!sameTerm({v}, {_term(value)})"
        if predicate == SH.node:
            return f"EXISTS {{ {self.violation_pattern(value, v)} }}"
        if predicate == SH["or"]:
            return "(" + " && ".join(f"EXISTS {{ {self.violation_pattern(m, v)} }}" for m in value) + ")"
        if predicate in RANGES:
            return f"!COALESCE({_numeric(v)} {RANGES[predicate]} {value.n3()}, false)"
        if predicate == SH.minLength:
            return f"(isBlank({v}) || STRLEN(STR({v})) < {int(value)})"
        if predicate == SH.maxLength:
            return f"(isBlank({v}) || STRLEN(STR({v})) > {int(value)})"
        if predicate == SH.languageIn:
            return "!(" + (" || ".join(f"langMatches(lang({v}), {Literal(t).n3()})" for t in value) or "false") + ")"
        raise UnsupportedShape(f"{predicate} cannot constrain a value node")

    def focus_violation(self, predicate, value, f: str, path: str) -> tuple[str, str | None]:
        """A pattern matching focus node `f` when it breaks a constraint on its set of values."""
        if predicate == SH.minCount:
            return f"FILTER NOT EXISTS {{ {self._distinct_values(f, path, int(value))} }}", None
        if predicate == SH.maxCount:
            return self._distinct_values(f, path, int(value) + 1), None
        if predicate == SH.hasValue:
            return f"FILTER NOT EXISTS {{ {f} {path} {_term(value)} }}", None
        if predicate == SH.uniqueLang:
            if not getattr(value, "value", False):
                return "FILTER(false)", None
            a, b = self.names("a"), self.names("b")
            return (f"{f} {path} {a} . {f} {path} {b} . FILTER(isLiteral({a}) && lang({a}) != \"\" "
                    f"&& !sameTerm({a}, {b}) && lang({a}) = lang({b}))"), None
        raise UnsupportedShape(f"{predicate} is not a constraint on a property's values")

    def _distinct_values(self, f: str, path: str, count: int) -> str:
        if count == 0:
            return ""
        names = [self.names("n") for _ in range(count)]
        triples = " ".join(f"{f} {path} {n} ." for n in names)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2))
        return triples + (f" FILTER({distinct})" if distinct else "")

    def shape_parts(self, shape: Shape, f: str) -> Iterator[tuple[Shape, tuple, str, str | None]]:
        """(source shape, (constraint, parameter), pattern on focus `f`, value variable) for each constraint
        of the shape and its properties; sh:sparql constraints are left to the caller."""
        if shape.deactivated:
            return
        for own in [shape] + [p for p in shape.properties if not p.deactivated]:
            yield from self._own_parts(own, f)

    def _own_parts(self, shape: Shape, f: str) -> Iterator[tuple[Shape, tuple, str, str | None]]:
        path = shape.path_sparql
        for predicate, value in shape.constraints:
            if path is None:
                yield shape, (predicate, value), f"FILTER({self.value_bad(predicate, value, f, shape)})", f
            elif predicate in FOCUS_CONSTRAINTS:
                pattern, value_var = self.focus_violation(predicate, value, f, path)
                yield shape, (predicate, value), pattern, value_var
            else:
                v = self.names("val")
                yield (shape, (predicate, value), f"{f} {path} {v} . FILTER({self.value_bad(predicate, value, v, shape)})",
                       v)

    def violation_pattern(self, shape: Shape, f: str) -> str:
        """A pattern that matches when node `f` does not conform to `shape` (any constraint, any severity)."""
        parts = [pattern for _, _, pattern, _ in self.shape_parts(shape, f)]
        return " UNION ".join(f"{{ {p} }}" for p in parts) if parts else "FILTER(false)"

    # --- running -------------------------------------------------------------------
    def jobs(self) -> Iterator:
        """One callable per query, each returning its results: they run on a thread pool."""
        for root in self.compiler.roots:
            if root.deactivated or not root.targets:
                continue
            focus = self.focus_pattern(root, "?this")
            for source, (constraint, parameter), pattern, value_var in self.shape_parts(root, "?this"):
                select = "?this" + (f" ({value_var} AS ?value)" if value_var and value_var != "?this" else "")
                query = f"{self.prologue}\nSELECT DISTINCT {select} WHERE {{ {focus} {pattern} }}"
                yield partial(self._constraint_results, query, source, constraint, parameter, value_var)
            for shape in [root] + [p for p in root.properties if not p.deactivated]:
                for constraint in shape.sparql:
                    for row in self.store.query(f"{self.prologue}\nSELECT DISTINCT ?this WHERE {{ {focus} }}"):
                        yield partial(self._sparql_results, shape, constraint, row["this"])

    def _constraint_results(self, query: str, source: Shape, constraint, parameter, value_var) -> list[Result]:
        results = []
        for row in self.store.query(query):
            focus = _rdflib(row["this"])
            value = focus if value_var == "?this" else (_rdflib(row["value"]) if value_var else None)
            results.append(Result(focus, source.path, value, source.node, source.severity, source.message,
                                  constraint, parameter))
        return results

    def _sparql_results(self, shape: Shape, constraint: SparqlConstraint, this) -> list[Result]:
        """SHACL-SPARQL: the SELECT runs once per focus node, with $this bound to it (pre-binding)."""
        select = constraint.select
        if shape.path is not None:
            select = select.replace("$PATH", shape.path_sparql)
        message = constraint.message or shape.message
        solutions = self.store.query(select, substitutions={ox.Variable("this"): this})
        names = [v.value for v in solutions.variables]
        results = []
        for solution in solutions:
            bound = {n: _rdflib(solution[n]) for n in names if solution[n] is not None}
            results.append(Result(_rdflib(this), bound.get("path") or shape.path, bound.get("value"), shape.node,
                                  shape.severity, _fill(message, bound) if message else None))
        return results


def _fill(message: str, bound: dict) -> str:
    for name, term in bound.items():
        message = message.replace("{?" + name + "}", str(term)).replace("{$" + name + "}", str(term))
    return message


def _numeric(v: str) -> str:
    """The value for comparisons, a kept integer type read back as a number."""
    return f"IF(STRSTARTS(STR(DATATYPE({v})), \"{KEPT_DATATYPE}\"), <{XSD.decimal}>(STR({v})), {v})"


def _datatype_ok(datatype, v: str) -> str:
    if datatype == RDFS.Literal:
        return f"isLiteral({v})"
    ill = f"NOT EXISTS {{ GRAPH <{ILL_TYPED_GRAPH}> {{ <{ILL_TYPED_GRAPH}> <{ILL_TYPED_PREDICATE}> {v} }} }}"
    return f"isLiteral({v}) && sameTerm(datatype({v}), {datatype_text(datatype)}) && {ill}"


# --- between rdflib and Oxigraph --------------------------------------------------------------

def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        if datatype.startswith(KEPT_DATATYPE):
            datatype = str(XSD) + datatype[len(KEPT_DATATYPE):]
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term {term!r}")


def store_of(*graphs: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding the union of the graphs, ill-typed literals marked."""
    store = ox.Store()
    for graph in graphs:
        add_graph(store, graph)
    return store


def add_graph(store: ox.Store, graph: Graph) -> None:
    """The graph's triples into the store's default graph, its ill-typed literals marked."""
    writer, lines, blank = TermWriter(), [], []
    for triple in graph:
        line = writer.line(triple)
        (blank if line[0] == "_" or " _:" in line else lines).append(line)
    store.bulk_load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    # bulk_load renames blank nodes; results must name the data's own, so these go through parse().
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object)
                      for t in ox.parse("".join(blank), format=ox.RdfFormat.N_TRIPLES))
    mark_ill_typed(store, writer.ill_typed)


def mark_ill_typed(store: ox.Store, literals: list[str]) -> None:
    """List the literals rdflib found ill-typed where sh:datatype looks for them."""
    marks = f"<{ILL_TYPED_GRAPH}> <{ILL_TYPED_PREDICATE}>"
    store.bulk_load("".join(f"{marks} {literal} <{ILL_TYPED_GRAPH}> .\n" for literal in literals).encode(),
                    format=ox.RdfFormat.N_QUADS)


def validate(store: ox.Store, shapes: ShapesCompiler) -> list[Result]:
    """Every validation result of the store's default graph against the shapes.

    Oxigraph evaluates queries without holding Python's lock, so they run side by side on every core.
    """
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return [result for results in pool.map(lambda job: job(), Compiled(shapes, store).jobs())
                for result in results]
