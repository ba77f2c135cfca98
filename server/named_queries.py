"""Named queries: the `.rq` files in queries/, read with their header.

A query file starts with comment lines that describe it:

    # title@en: Commitments of an agency
    # title@es: Compromisos de una dependencia
    # description@en: ...
    # description@es: ...
    # param: agency | iri | required | The agency's IRI
    # param: year | integer | 2019 | Only plans submitted from this year
    # example: agency=https://w3id.org/aga-mx/id/organization/secretaria-de-la-funcion-publica

A parameter `name` is the query variable `?name`; its value is bound with
pyoxigraph substitutions, never pasted into the query text. pyoxigraph applies
a substitution to the variable where it is projected and in patterns and
filters, so every parameter must be in the SELECT clause (checked on load).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import Literal, NamedNode

XSD = "http://www.w3.org/2001/XMLSchema#"
HEADER = re.compile(r"#\s*(?P<key>[\w@-]+)\s*:\s*(?P<value>.*)")


class ParameterError(ValueError):
    pass


def _iri(text: str):
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", text):
        raise ParameterError("must be an http(s) IRI")
    return NamedNode(text)


def _integer(text: str):
    if not re.fullmatch(r"[+-]?\d{1,18}", text):
        raise ParameterError("must be a whole number")
    return Literal(text, datatype=NamedNode(XSD + "integer"))


def _decimal(text: str):
    try:
        Decimal(text)
    except InvalidOperation:
        raise ParameterError("must be a decimal number") from None
    return Literal(text, datatype=NamedNode(XSD + "decimal"))


def _year(text: str):
    if not re.fullmatch(r"\d{4}", text):
        raise ParameterError("must be a year such as 2019")
    return Literal(text, datatype=NamedNode(XSD + "gYear"))


def _boolean(text: str):
    if text not in ("true", "false"):
        raise ParameterError("must be true or false")
    return Literal(text, datatype=NamedNode(XSD + "boolean"))


def _string(text: str):
    if len(text) > 500:
        raise ParameterError("must be at most 500 characters")
    return Literal(text)


def _language(text: str):
    if text not in ("es", "en"):
        raise ParameterError("must be es or en")
    return Literal(text)


# type name -> (term factory, OpenAPI schema)
PARAMETER_TYPES = {
    "iri": (_iri, {"type": "string", "format": "uri"}),
    "integer": (_integer, {"type": "integer"}),
    "decimal": (_decimal, {"type": "number"}),
    "year": (_year, {"type": "integer", "minimum": 1000, "maximum": 9999}),
    "boolean": (_boolean, {"type": "boolean"}),
    "string": (_string, {"type": "string", "maxLength": 500}),
    "language": (_language, {"type": "string", "enum": ["es", "en"]}),
}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None  # None: required
    description: str

    def term(self, text: str):
        try:
            return PARAMETER_TYPES[self.type][0](text.strip())
        except ParameterError as error:
            raise ParameterError(f"parameter '{self.name}' {error}, got {text!r}") from None

    @property
    def schema(self) -> dict:
        schema = dict(PARAMETER_TYPES[self.type][1])
        if self.default is not None:
            schema["default"] = int(self.default) if schema["type"] == "integer" else self.default
        return schema


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title: dict[str, str]
    description: dict[str, str]
    parameters: tuple[Parameter, ...] = ()
    example: str = ""

    def bindings(self, arguments: dict[str, str]) -> dict:
        """The substitutions for a request's arguments, validated; unknown names are errors."""
        known = {p.name for p in self.parameters}
        unknown = sorted(set(arguments) - known)
        if unknown:
            raise ParameterError(f"unknown parameter(s): {', '.join(unknown)}; this query takes: "
                                 + (", ".join(sorted(known)) or "none"))
        from pyoxigraph import Variable

        bindings = {}
        for parameter in self.parameters:
            text = arguments.get(parameter.name, parameter.default)
            if text is None:
                raise ParameterError(f"parameter '{parameter.name}' is required ({parameter.type})")
            bindings[Variable(parameter.name)] = parameter.term(text)
        return bindings


def read_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    title, description, parameters, example = {}, {}, [], ""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.fullmatch(line.strip())
        if not match:
            continue
        key, value = match["key"], match["value"].strip()
        if key.startswith("title@"):
            title[key[6:]] = value
        elif key.startswith("description@"):
            description[key[12:]] = value
        elif key == "param":
            parameters.append(_parameter(path, value))
        elif key == "example":
            example = value
    for language in ("es", "en"):
        if language not in title or language not in description:
            raise ValueError(f"{path.name}: the header needs title@{language} and description@{language}")
    select = re.search(r"\bSELECT\b(.*?)\bWHERE\b", text, re.IGNORECASE | re.DOTALL)
    for parameter in parameters:
        if not select or not re.search(rf"\?{parameter.name}\b", select.group(1)):
            raise ValueError(f"{path.name}: parameter ?{parameter.name} must be projected by the SELECT clause")
    return NamedQuery(path.stem, text, title, description, tuple(parameters), example)


def _parameter(path: Path, value: str) -> Parameter:
    parts = [p.strip() for p in value.split("|")]
    if len(parts) != 4 or parts[1] not in PARAMETER_TYPES:
        raise ValueError(f"{path.name}: '# param: {value}' must read 'name | type | default or required | "
                         f"description' with a type among {', '.join(PARAMETER_TYPES)}")
    name, type_, default, description = parts
    return Parameter(name, type_, None if default == "required" else default, description)


def read_queries(directory: Path) -> dict[str, NamedQuery]:
    return {q.name: q for q in map(read_query, sorted(directory.glob("*.rq")))}
