"""Reading SPARQL 1.1 Update text where pyoxigraph offers no option: the protocol's dataset and LOAD.

The protocol's `using-graph-uri` / `using-named-graph-uri` act as USING /
USING NAMED on each DELETE/INSERT ... WHERE operation
(https://www.w3.org/TR/sparql11-protocol/#update-dataset); pyoxigraph's
`Store.update` takes no dataset, so the clauses are written into the text
before each such WHERE. The text is read token by token (strings, comments
and IRIs as whole tokens), and only keywords outside braces count.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from pyoxigraph import NamedNode

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|[{}]"
    r"|[?$]\w+"
    r"|[A-Za-z][\w.-]*:[\w.%-]*|:[\w.%-]*"
    r"|[A-Za-z]\w*",
)


class DatasetConflict(ValueError):
    """The request names a dataset both in the protocol and in the update (USING, USING NAMED or WITH)."""


def _top_level(update: str) -> Iterator[tuple[int, str]]:
    """(offset, upper-cased token) for each keyword, IRI and brace outside every brace pair."""
    depth = 0
    for match in _TOKEN.finditer(update):
        token = match.group(0)
        if token == "{":
            depth += 1
            if depth == 1:
                yield match.start(), token
        elif token == "}":
            depth -= 1
            if depth == 0:
                yield match.start(), token
        elif depth == 0 and token[0] not in "\"'#":
            yield match.start(), token.upper()


def top_level_keywords(update: str) -> set[str]:
    return {token for _, token in _top_level(update)}


def with_dataset(update: str, default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()) -> str:
    """The update with USING / USING NAMED before each DELETE/INSERT ... WHERE; the text as is without graphs.

    Raises ValueError for a graph that is not an IRI, DatasetConflict when the update names its own dataset.
    """
    clauses = "".join(f"USING {NamedNode(g)} " for g in default_graphs) + \
        "".join(f"USING NAMED {NamedNode(g)} " for g in named_graphs)
    if not clauses:
        return update
    tokens = list(_top_level(update))
    if {"USING", "WITH"} & {token for _, token in tokens}:
        raise DatasetConflict("the update names its own dataset (USING or WITH) and the request names one with "
                              "using-graph-uri / using-named-graph-uri; give only one of them")
    # A WHERE right after a closing brace ends a DELETE/INSERT template; `DELETE WHERE` takes no USING.
    offsets = [offset for (offset, token), (_, before) in zip(tokens[1:], tokens) if token == "WHERE" and before == "}"]
    for offset in reversed(offsets):
        update = update[:offset] + clauses + update[offset:]
    return update
