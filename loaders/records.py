"""One record at a time: a record that has an error adds problems, never triples.

Loaders map each record inside `with record(result, location):`, a row of
the result (`LoadResult.row`): the record's triples and origins join the load
only if the record recorded no error, so a default (non-strict) load holds
every valid record and nothing of a rejected one, and the pipeline counts and
reports the rejected ones.
"""
from __future__ import annotations

import csv
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from loaders.base import LoadResult


@contextmanager
def record(result: LoadResult, location: str) -> Iterator[LoadResult]:
    """Map one record into `result`; keep its triples only if it adds no error."""
    with result.row(location):
        yield result


def dict_rows(reader: csv.DictReader, result: LoadResult, line_offset: int = 0) -> Iterator[tuple[str, dict]]:
    """(location, row) for each CSV row, each inside its record; a row of the wrong width is rejected."""
    for number, row in enumerate(reader, start=1):
        location = f"row {number} (line {reader.line_num + line_offset})"
        with record(result, location):
            if None in row or None in row.values():
                result.problem(location, "row-shape", f"the row does not have the header's {len(reader.fieldnames)} cells")
                continue
            yield location, row


def read_utf8(path: Path, result: LoadResult) -> str | None:
    """The file's text, or None with a problem that says where the encoding breaks."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        result.problem(f"line {line}", "utf-8",
                       f"the file is not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start} "
                       "cannot be decoded; save the file as UTF-8")
        return None
