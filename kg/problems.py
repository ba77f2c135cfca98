"""What goes wrong in a load, said so a person can find and fix it: file, place, rule."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    location: str  # "row 5 (MX0068)", "header", "entity <iri>"
    rule: str  # the rule broken: a column rule name or the SHACL shape
    message: str
    severity: str = "error"  # "error" stops the load; "warning" and "info" are reported and the data loads

    def __str__(self) -> str:
        return f"{self.file}, {self.location}: {self.message} [rule: {self.rule}]"


class LoadError(Exception):
    """A load that must not reach the store; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        shown = "\n".join(f"  - {p}" for p in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        others = len(problems) - len(errors)
        notes = f" (and {others} warning(s) or note(s))" if others else ""
        super().__init__(f"load rejected, {len(errors)} error(s){notes}; nothing was written:\n{shown}{more}")
