"""Checks on query text before it reaches the store.

pyoxigraph evaluates `SERVICE <url>` by fetching the URL itself, so a public
endpoint would make outbound requests on any user's behalf. A federated query
is refused unless every SERVICE target is in the configured allow-list. The
keyword is looked for after removing comments and strings, so `"SERVICE"` in a
literal is no false alarm; a target given by a variable, or one we cannot read,
is refused. IRIs are compared after undoing `\\u`/`\\U` escapes, as the parser does.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

_COMMENT_OR_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"  # an IRI: kept as it is
    r"|#[^\n]*",
)
_IRI = r"<[^<>\"{}|^`\s]*>"
_PREFIXED = r"[A-Za-z][\w.-]*?:[\w.%-]*|:[\w.%-]*"
# A keyword, not part of a prefixed name (ex:SERVICE) or a variable (?service).
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.IGNORECASE)
_SERVICE_TARGET = re.compile(rf"(?<![\w:?$])SERVICE\s+(?:SILENT\s+)?({_IRI}|{_PREFIXED})", re.IGNORECASE)
_PREFIX_DECLARATION = re.compile(rf"(?<![\w:?$])PREFIX\s+([A-Za-z][\w.-]*)?:\s*({_IRI})", re.IGNORECASE)
_BASE_DECLARATION = re.compile(rf"(?<![\w:?$])BASE\s+({_IRI})", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:])", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _code_only(query: str, *, keep_iris: bool) -> str:
    """The query with comments and strings (and IRIs unless kept) blanked out."""
    return _COMMENT_OR_STRING.sub(lambda m: m.group(0) if keep_iris and m.group(0).startswith("<") else " ", query)


def _service_keywords(query: str) -> int:
    # Counted in the text as written and with escapes undone, whichever finds more.
    return max(len(_SERVICE.findall(_code_only(text, keep_iris=False))) for text in (query, _unescape(query)))


def _resolve(target: str, prefixes: dict[str, str], base: str) -> str | None:
    if target.startswith("<"):
        return urljoin(base, _unescape(target[1:-1])) if base else _unescape(target[1:-1])
    prefix, _, local = target.partition(":")
    namespace = prefixes.get(prefix)
    return None if namespace is None else namespace + local


def refused_services(query: str, allowed: tuple[str, ...] | frozenset[str] = ()) -> list[str]:
    """The SERVICE targets of `query` not in `allowed`; an empty list means the query may run."""
    keywords = _service_keywords(query)
    if not keywords:
        return []
    code = _code_only(query, keep_iris=True)
    prefixes = {(m.group(1) or ""): _unescape(m.group(2)[1:-1]) for m in _PREFIX_DECLARATION.finditer(code)}
    base_match = _BASE_DECLARATION.search(code)
    base = _unescape(base_match.group(1)[1:-1]) if base_match else ""
    targets = [_resolve(m.group(1), prefixes, base) for m in _SERVICE_TARGET.finditer(code)]
    refused = [t or "(an unresolvable prefixed name)" for t in targets if t not in allowed]
    if len(targets) < keywords:
        refused.append("(a SERVICE whose target is a variable or unreadable)")
    return refused


def declares_dataset(query: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), which the union default must not override."""
    return bool(_FROM.search(_code_only(query, keep_iris=False)))
