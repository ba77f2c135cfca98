"""Choosing a label in the reader's language, and saying so when we fall back."""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal

LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Label:
    text: str
    language: str | None  # the label's own language tag, None for a name without one
    fallback: bool  # True when no label in the wanted language existed


def pick(labels: list[Literal], wanted: str) -> Label | None:
    """The label in `wanted`, else one without a language tag, else one in another language."""
    if not labels:
        return None
    by_language = {}
    for label in labels:
        by_language.setdefault((label.language or "").lower().split("-")[0], label)
    if wanted in by_language:
        return Label(by_language[wanted].value, wanted, False)
    if "" in by_language:
        return Label(by_language[""].value, None, False)
    for language in LANGUAGES:
        if language in by_language:
            return Label(by_language[language].value, language, True)
    first = labels[0]
    return Label(first.value, first.language, True)
