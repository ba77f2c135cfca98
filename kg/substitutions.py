"""Binding values into a query text for a store that cannot take pyoxigraph's `substitutions`.

The values become one `VALUES` block placed first inside the query's outermost
WHERE group (https://www.w3.org/TR/sparql11-query/#inline-data), so every
pattern, FILTER and OPTIONAL of that group is joined with the bound value, as
pyoxigraph binds it. Only IRIs and literals can be bound: a VALUES block cannot
name a blank node.
"""
from __future__ import annotations

import re

from pyoxigraph import BlankNode

# What may hide a brace or the word WHERE: IRIs, strings (long ones first) and comments.
_SKIPPED = re.compile(r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_WHERE_GROUP = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_CONSTRUCT = re.compile(r"\bCONSTRUCT\b", re.IGNORECASE)
_CONSTRUCT_SHORT = re.compile(r"\bCONSTRUCT\s*$", re.IGNORECASE)


def _blanked(query: str) -> str:
    """The query with IRIs, strings and comments replaced by spaces of the same length."""
    return _SKIPPED.sub(lambda m: " " * len(m.group(0)), query)


def _where_group_opening(query: str) -> int:
    """The index just after the `{` that opens the outermost WHERE group."""
    text = _blanked(query)
    depth = 0
    for index, char in enumerate(text):
        if char == "{":
            if depth == 0:
                where = _WHERE_GROUP.search(text, max(0, index - 64), index + 1)
                keyword_here = where is not None and where.end() == index + 1
                # A CONSTRUCT's first group is its template; the pattern is the group after WHERE.
                if keyword_here or not _CONSTRUCT.search(text, 0, index):
                    if keyword_here and _CONSTRUCT_SHORT.search(text, 0, where.start()):
                        raise ValueError("cannot bind values into a CONSTRUCT WHERE short form: "
                                         "write the template out")
                    return index + 1
            depth += 1
        elif char == "}":
            depth -= 1
    raise ValueError("the query has no WHERE group to bind values in")


_SUBQUERY = re.compile(r"\bSELECT\b([^{]*?)(?:\bWHERE\s*)?\{", re.IGNORECASE)


def _subquery_groups(text: str, names: list[str]) -> list[tuple[int, list[str]]]:
    """Where each nested SELECT's WHERE group opens, with the bound variables it projects.

    pyoxigraph binds those inside the subquery too, before its LIMIT: a VALUES block there does the same.
    """
    depths, depth = [], 0
    for char in text:
        depths.append(depth)
        depth += (char == "{") - (char == "}")
    found = []
    for match in _SUBQUERY.finditer(text):
        if depths[match.start()] == 0:
            continue
        projection = match.group(1)
        projected = [n for n in names if projection.strip() == "*" or re.search(re.escape(n) + r"\b", projection)]
        if projected:
            found.append((match.end(), projected))
    return found


def bind_values(query: str, substitutions) -> str:
    """`query` with `substitutions` ({Variable: term}) bound by VALUES blocks; unchanged when empty."""
    if not substitutions:
        return query
    terms = {}
    for variable, term in substitutions.items():
        if isinstance(term, BlankNode):
            raise ValueError(f"cannot bind ?{variable.value} to a blank node on a remote store")
        terms[f"?{variable.value}"] = str(term)
    places = [(_where_group_opening(query), list(terms))] + _subquery_groups(_blanked(query), list(terms))
    for at, names in sorted(places, reverse=True):
        block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms[n] for n in names)}) }} "
        query = query[:at] + block + query[at:]
    return query
