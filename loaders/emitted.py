"""A load's triples as N-Triples on disk, row by row, so that no load is held in memory.

Each accepted row's lines are written together, so a row is a byte range of
the file; a row taken out later (it failed SHACL) is skipped when the lines
are copied to a store. Lines written outside any row (the catalogue a whole
file describes) are never taken out. A row repeats the lines it shares with
other rows (its organisation's label, its plan): Oxigraph keeps one copy, and
a shared line stays as long as one row that wrote it stays.

Where each node came from (`note_origin`) goes to a second file; both are read
back only for the few nodes a validation result names. Lines are in
validation form (kg.ntriples); `store_chunks` gives them in the store's.
"""
from __future__ import annotations

import shutil
import tempfile
import weakref
from array import array
from bisect import bisect_right
from pathlib import Path
from typing import Iterable, Iterator

from kg.ntriples import TermWriter, for_store

CHUNK_BYTES = 4 << 20
LOOSE = -1  # the row index of what is written outside any row


class EmittedTriples:
    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="aga-load-"))  # in TMPDIR, removed with the load
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.directory, True)
        self.path = self.directory / "triples.nt"
        self._out = self.path.open("wb", buffering=CHUNK_BYTES)
        self._origins_path = self.directory / "origins.tsv"
        self._origins = self._origins_path.open("wb", buffering=1 << 20)
        self.size = 0
        self.lines = 0  # as written: a line shared by rows counts once per row
        self._starts, self._ends = array("q"), array("q")
        self.locations: list[str] = []
        self._rows_at: dict[str, list[int]] | None = None  # built on the first lookup: few loads need it
        self.dropped: set[int] = set()
        self.writer = TermWriter()

    # --- writing -------------------------------------------------------------------
    def format(self, triples: Iterable) -> list[str]:
        """The triples' lines; raises kg.ntriples.NotAnIri for a term no line can carry."""
        line = self.writer.line
        return [line(t) for t in triples]

    def write_row(self, location: str, lines: list[str], origins: dict[str, str]) -> None:
        """One accepted row's lines; `origins` maps each node it noted to the location it gave."""
        index = len(self.locations)
        self.locations.append(location)
        self._starts.append(self.size)
        self._write(lines)
        self._ends.append(self.size)
        self._note(index, origins)

    def write_loose(self, lines: list[str], origins: dict[str, str]) -> None:
        """Lines outside any row; `origins` maps each node noted to the location it was noted at."""
        self._write(lines)
        self._note(LOOSE, origins)

    def _write(self, lines: list[str]) -> None:
        data = "".join(lines).encode("utf-8")
        self._out.write(data)
        self.size += len(data)
        self.lines += len(lines)

    def _note(self, index: int, origins: dict[str, str]) -> None:
        if origins:
            self._origins.write("".join(f"{index}\t{node}\t{' '.join(location.split())}\n"
                                        for node, location in origins.items()).encode("utf-8"))

    def finish(self) -> None:
        """Flush what was written: the files are read from here on."""
        if not self._out.closed:
            self._out.close()
            self._origins.close()

    def close(self) -> None:
        self.finish()
        self._cleanup()

    # --- rows ------------------------------------------------------------------------
    @property
    def rows_kept(self) -> int:
        return len(self.locations) - len(self.dropped)

    def _rows_named(self, location: str) -> list[int]:
        self.finish()
        if self._rows_at is None:
            self._rows_at = {}
            for index, name in enumerate(self.locations):
                self._rows_at.setdefault(name, []).append(index)
        return self._rows_at.get(location, [])

    def position(self, location: str) -> int:
        """Where the row comes in the file: rows are reported in that order."""
        return (self._rows_named(location) or [LOOSE])[0]

    def drop(self, location: str) -> bool:
        """Take the row out; False if it was not an accepted row or was already out."""
        indexes = [i for i in self._rows_named(location) if i not in self.dropped]
        self.dropped.update(indexes)
        return bool(indexes)

    def _row_of(self, offset: int) -> int:
        index = bisect_right(self._starts, offset) - 1
        return index if index >= 0 and offset < self._ends[index] else LOOSE

    def _kept_lines(self) -> Iterator[tuple[int, bytes]]:
        """(row index, line) for every line still in the load."""
        self.finish()
        offset, row_of, dropped = 0, self._row_of, self.dropped
        with self.path.open("rb") as handle:
            for line in handle:
                row = row_of(offset)
                offset += len(line)
                if row not in dropped:
                    yield row, line

    def rows_stating(self, subjects: set[str]) -> dict[str, set[str]]:
        """For each subject (N-Triples text), the kept rows with a line about it."""
        wanted, found = {s.encode("utf-8"): s for s in subjects}, {}
        for row, line in self._kept_lines():
            subject = wanted.get(line[:line.find(b" ")])
            if subject is not None and row != LOOSE:
                found.setdefault(subject, set()).add(self.locations[row])
        return found

    def origins(self, nodes: set[str] | None = None) -> dict[str, str]:
        """Where each node (N-Triples text; None: every node) was first noted, among the kept rows."""
        self.finish()
        found: dict[str, str] = {}
        with self._origins_path.open("r", encoding="utf-8") as handle:
            for entry in handle:
                index, node, location = entry.rstrip("\n").split("\t", 2)
                if node in found or (nodes is not None and node not in nodes) or int(index) in self.dropped:
                    continue
                found[node] = location
        return found

    def lines_of(self, rows: set[int]) -> set[bytes]:
        """The lines the given rows wrote."""
        self.finish()
        lines = set()
        with self.path.open("rb") as handle:
            for row in sorted(rows):
                handle.seek(self._starts[row])
                lines.update(handle.read(self._ends[row] - self._starts[row]).splitlines(keepends=True))
        return lines

    def still_stated(self, lines: set[bytes]) -> set[bytes]:
        """Those of the lines that a kept row (or no row) still writes."""
        return {line for _, line in self._kept_lines() if line in lines}

    # --- reading -----------------------------------------------------------------------
    def chunks(self) -> Iterator[bytes]:
        """The kept lines in validation form, in chunks that end at a line boundary."""
        self.finish()
        with self.path.open("rb") as handle:
            for start, end in self._kept_spans():
                handle.seek(start)
                left = end - start
                carry = b""
                while left > 0:
                    data = carry + handle.read(min(CHUNK_BYTES, left))
                    left -= len(data) - len(carry)
                    cut = data.rfind(b"\n") + 1
                    if cut:
                        yield data[:cut]
                    carry = data[cut:]
                if carry:
                    yield carry

    def store_chunks(self) -> Iterator[bytes]:
        """The kept lines as the served store takes them (derived XSD datatypes given back)."""
        for chunk in self.chunks():
            yield for_store(chunk)

    def _kept_spans(self) -> Iterator[tuple[int, int]]:
        start = 0
        for row in sorted(self.dropped):
            if self._starts[row] > start:
                yield start, self._starts[row]
            start = self._ends[row]
        if self.size > start:
            yield start, self.size

