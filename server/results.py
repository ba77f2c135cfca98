"""SPARQL query results written as they are read, in every standard format.

Solutions are serialized here rather than by pyoxigraph so that a large result
streams row by row to the client instead of being built in memory.
See https://www.w3.org/TR/sparql11-results-json/, /rdf-sparql-XMLres/ and
/sparql11-results-csv-tsv/.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _json_term(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def json_solutions(variables: list[str], rows: Iterable) -> Iterator[str]:
    yield '{"head":{"vars":' + json.dumps(variables) + '},"results":{"bindings":['
    separator = ""
    for row in rows:
        binding = {v: _json_term(row[v]) for v in variables if row[v] is not None}
        yield separator + json.dumps(binding, ensure_ascii=False)
        separator = ","
    yield "]}}"


def json_boolean(value: bool) -> str:
    return json.dumps({"head": {}, "boolean": value})


def _xml_term(term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, Triple):
        return ("<triple>" + "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>"
                                     for k in ("subject", "predicate", "object")) + "</triple>")
    raise TypeError(f"unexpected term {term!r}")


XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def xml_solutions(variables: list[str], rows: Iterable) -> Iterator[str]:
    yield XML_HEAD + "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head><results>"
    for row in rows:
        yield "<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(row[v])}</binding>"
                                   for v in variables if row[v] is not None) + "</result>\n"
    yield "</results></sparql>"


def xml_boolean(value: bool) -> str:
    return f"{XML_HEAD}<head/><boolean>{'true' if value else 'false'}</boolean></sparql>"


def _csv_field(term) -> str:
    if term is None:
        return ""
    text = term.value if not isinstance(term, Triple) else _tsv_term(term)
    if isinstance(term, BlankNode):
        text = "_:" + text
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def csv_solutions(variables: list[str], rows: Iterable) -> Iterator[str]:
    yield ",".join(variables) + "\r\n"
    for row in rows:
        yield ",".join(_csv_field(row[v]) for v in variables) + "\r\n"


def _tsv_string(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Triple):
        return "<< " + " ".join(_tsv_term(getattr(term, k)) for k in ("subject", "predicate", "object")) + " >>"
    datatype = term.datatype.value
    if term.language:
        return f"{_tsv_string(term.value)}@{term.language}"
    if datatype in (XSD_INTEGER, XSD_DECIMAL, XSD_DOUBLE, XSD_BOOLEAN):
        return term.value
    if datatype == XSD_STRING:
        return _tsv_string(term.value)
    return f"{_tsv_string(term.value)}^^<{datatype}>"


def tsv_solutions(variables: list[str], rows: Iterable) -> Iterator[str]:
    yield "\t".join("?" + v for v in variables) + "\n"
    for row in rows:
        yield "\t".join(_tsv_term(row[v]) for v in variables) + "\n"


SOLUTION_WRITERS = {"json": json_solutions, "xml": xml_solutions, "csv": csv_solutions, "tsv": tsv_solutions}


def boolean_body(format_name: str, value: bool) -> str:
    if format_name == "json":
        return json_boolean(value)
    if format_name == "xml":
        return xml_boolean(value)
    return ("_askResult\r\n" if format_name == "csv" else "?_askResult\n") + ("true" if value else "false") + "\n"
