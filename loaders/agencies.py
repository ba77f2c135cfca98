"""Reconciling organisation names across sources through an explicit alias table.

`data/agencies.csv` lists each organisation once (key, name, acronym, aliases
and the basis for them). A name from any source matches an entry only when
its normalised form equals the entry's name, acronym or one of its aliases:
no fuzzy guess ever merges two organisations. Names that match nothing keep an
IRI of their own and are reported, so the table can be reviewed and extended.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


def normalise(name: str) -> str:
    """Case, accents, punctuation and spacing do not distinguish organisations."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


@dataclass(frozen=True)
class Agency:
    key: str  # the IRI key: <base>/id/organization/<key>
    name: str
    acronym: str


class AgencyIndex:
    def __init__(self, agencies: list[Agency], by_form: dict[str, Agency]):
        self.agencies = agencies
        self._by_form = by_form

    @classmethod
    def from_csv(cls, path: Path) -> "AgencyIndex":
        agencies, by_form = [], {}
        with path.open(newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                agency = Agency(row["key"].strip(), row["name"].strip(), row["acronym"].strip())
                agencies.append(agency)
                forms = [agency.name, agency.acronym, *row["aliases"].split("|")]
                for form in filter(None, (normalise(f) for f in forms)):
                    other = by_form.setdefault(form, agency)
                    if other is not agency:
                        raise ValueError(f"{path.name}, line {line}: '{form}' already names {other.key}; "
                                         "an alias must name one organisation only")
        return cls(agencies, by_form)

    def match(self, name: str) -> Agency | None:
        return self._by_form.get(normalise(name))
