"""Checks on query text before it reaches the store.

pyoxigraph evaluates `SERVICE <url>` by fetching the URL itself, so a public
endpoint would make outbound requests on any user's behalf. We refuse federated
queries unless configured otherwise. The keyword is looked for after removing
comments, strings and IRIs, so `"SERVICE"` in a literal is no false alarm.
"""
from __future__ import annotations

import re

_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
# A keyword, not part of a prefixed name (ex:SERVICE) or a variable (?service).
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.IGNORECASE)


def uses_service(query: str) -> bool:
    return bool(_SERVICE.search(_NOT_CODE.sub(" ", query)))
