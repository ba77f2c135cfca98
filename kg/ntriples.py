"""rdflib terms as N-Triples lines: the form in which a load travels to Oxigraph.

Oxigraph parses text much faster than Python can build its terms, so loads are
written as N-Triples and parsed once, inside Oxigraph. Lines are written in
*validation form*: Oxigraph would store the derived XSD types (e.g.
`xsd:positiveInteger`) as their base type, which `sh:datatype` could then no
longer tell apart, so they travel under a private datatype IRI; `for_store`
gives such text its XSD IRIs back on the way into the served store.
"""
from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

REBASED_BY_OXIGRAPH = {XSD[t] for t in (
    "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte", "nonNegativeInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "positiveInteger", "dateTimeStamp")}
KEPT_DATATYPE = "urn:aga-mx:validation:xsd:"

ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
# An absolute IRI with none of the characters N-Triples forbids in one (RDF 1.1 N-Triples, IRIREF).
IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|^`\\]*')
# A kept datatype can only end a line: a newline inside a literal is always escaped.
KEPT_AT_LINE_END = re.compile(rb"\^\^<" + re.escape(KEPT_DATATYPE.encode()) + rb"([A-Za-z]+)> \.\n")


class Formatted(str):
    """A literal already in N-Triples form: what loaders make where rdflib's Literal costs too much."""

    __slots__ = ()


def _escaped(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        return text.translate(ESCAPES)
    return text


def text_literal(text: str, language: str | None = None) -> Formatted:
    """A plain or language-tagged string (the language tag as the loader's own code writes it)."""
    return Formatted(f'"{_escaped(text)}"@{language}' if language else f'"{_escaped(text)}"')


def typed_literal(lexical: str, datatype) -> Formatted:
    """A typed literal whose lexical form the caller has checked is canonical (e.g. a year matched by a pattern)."""
    return Formatted(f'"{_escaped(lexical)}"^^{datatype_text(datatype)}')


class NotAnIri(ValueError):
    """A term meant as an IRI that N-Triples cannot carry (a space, a quote, no scheme)."""


def datatype_text(datatype) -> str:
    if datatype in REBASED_BY_OXIGRAPH:
        return f"<{KEPT_DATATYPE}{datatype[len(str(XSD)):]}>"
    return f"<{datatype}>"


def for_store(text: bytes) -> bytes:
    """Validation-form lines with their derived XSD datatypes given back."""
    if KEPT_DATATYPE.encode() not in text:
        return text
    return KEPT_AT_LINE_END.sub(rb"^^<" + str(XSD).encode() + rb"\1> .\n", text)


class TermWriter:
    """Formats terms, remembering the ill-typed literals (e.g. "0"^^xsd:positiveInteger) it wrote.

    IRIs are checked once and their text kept in a bounded cache: predicates,
    classes and shared nodes repeat on every row.
    """

    CACHE_SIZE = 50_000

    def __init__(self):
        self.ill_typed: list[str] = []
        self._iris: dict[str, str] = {}

    def iri(self, term) -> str:
        text = self._iris.get(term)
        if text is None:
            if not IRI.fullmatch(term):
                raise NotAnIri(f"{str(term)!r} is not an IRI N-Triples can carry")
            if len(self._iris) >= self.CACHE_SIZE:
                self._iris.clear()
            text = self._iris[term] = f"<{term}>"
        return text

    def term(self, term) -> str:
        kind = type(term)  # exact types first: isinstance on rdflib terms is slow
        if kind is Formatted:
            return term
        if kind is URIRef or (kind is not Literal and isinstance(term, URIRef)):
            return self.iri(term)
        if kind is BNode or isinstance(term, BNode):
            return f"_:{term}"
        lexical = _escaped(str(term))
        if term.language:
            return f'"{lexical}"@{term.language}'
        datatype = term.datatype
        if datatype is None:
            return f'"{lexical}"'
        text = f'"{lexical}"^^{datatype_text(datatype)}'
        if term.ill_typed:
            self.ill_typed.append(text)
        return text

    def line(self, triple) -> str:
        s, p, o = triple
        return f"{self.term(s)} {self.iri(p)} {self.term(o)} .\n"
