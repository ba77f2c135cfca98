"""Distribution formats as the sources print them ('shp', 'text/csv', 'XLS'), normalised through data/formats.csv.

A format the table lists becomes an IANA media type (dcat:mediaType) and an EU
file type (dct:format); any other text is kept as a dct:format literal, exactly
as printed. Nothing is guessed: 'Excel' (xls or xlsx?) and 'CSV, EXCEL' stay literals.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from loaders.terms import DCAT, DCTERMS

MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"


class FormatTable:
    def __init__(self, rows: dict[str, tuple[str, str]]):
        self._rows = rows

    @classmethod
    def from_csv(cls, path: Path) -> "FormatTable":
        with path.open(newline="", encoding="utf-8") as handle:
            return cls({row["format"].strip().casefold(): (row["media_type"].strip(), row["file_type"].strip())
                        for row in csv.DictReader(handle)})

    def describe(self, graph: Graph, distribution: URIRef, printed: str) -> None:
        """Add the distribution's format as the table normalises it, or the printed text if it does not."""
        text = printed.strip()
        if not text:
            return
        known = self._rows.get(text.casefold())
        if known is None:
            graph.add((distribution, DCTERMS["format"], Literal(text)))
            return
        media_type, file_type = known
        if media_type:
            graph.add((distribution, DCAT.mediaType, URIRef(MEDIA_TYPES + media_type)))
        if file_type:
            graph.add((distribution, DCTERMS["format"], URIRef(FILE_TYPES + file_type)))


@lru_cache(maxsize=4)
def formats_from(path: Path) -> FormatTable:
    return FormatTable.from_csv(path)
