"""What every loader shares: the load context, its result, IRI minting and 'not stated' cells."""
from __future__ import annotations

import csv
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote

from rdflib import BNode, Graph, URIRef

from kg.config import Settings
from kg.ntriples import NotAnIri, text_literal
from kg.problems import Problem
from kg.namespaces import PREFIXES
from kg.vocabulary import Vocabulary
from loaders.agencies import AgencyIndex
from loaders.emitted import EmittedTriples
from loaders.terms import ORG, RDF, SKOS

# Cells that mean "the source does not say": they produce no triple, never a value.
NOT_STATED = frozenset({"", "ND", "NR", "NA", "N/A"})


def stated(value: str | None) -> str | None:
    """The cell's text, or None where the source states nothing."""
    if value is None:
        return None
    value = value.strip()
    return None if value in NOT_STATED else value


def slugify(text: str) -> str:
    """A stable, readable IRI segment: accents folded, lower case, hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@dataclass
class LoadContext:
    settings: Settings
    vocabulary: Vocabulary
    agencies: AgencyIndex

    def entity(self, kind: str, key: str) -> URIRef:
        """The one IRI-minting rule: <base>/id/<kind>/<key>."""
        return URIRef(self.settings.id_base + kind + "/" + quote(key, safe="-._~"))

    def organization(self, name: str, result: "LoadResult", location: str, also: tuple[str, ...] = ()) -> URIRef:
        """The organisation named `name`, typed and labelled in the result's graph.

        An alias-table entry gives the IRI and the preferred name (the source's
        spelling is kept as an alternative label); a name that matches no entry
        keeps an IRI of its own, and the miss is reported for review, once a load
        (at the first row that names it). `also`
        are other names the same source gives the same organisation (a CKAN
        slug beside its title), tried when `name` matches nothing.
        """
        agency = self.agencies.match(name)
        for other in also:
            agency = agency or self.agencies.match(other)
        graph = result.triples
        if agency is None:
            if name not in result.unmatched_names:  # once a load: a big load repeats its names on every row
                result.unmatched_names.add(name)
                result.problem(location, "unmatched-organization",
                               f"'{name}' matches no entry of data/agencies.csv; kept as an organisation of its own",
                               "info")
            organisation = self.entity("organization", slugify(name))
            graph.add((organisation, SKOS.prefLabel, text_literal(name)))
        else:
            organisation = self.entity("organization", agency.key)
            graph.add((organisation, SKOS.prefLabel, text_literal(agency.name, "es")))
            if agency.acronym:
                graph.add((organisation, SKOS.notation, text_literal(agency.acronym)))
            if name != agency.name:
                graph.add((organisation, SKOS.altLabel, text_literal(name)))
        graph.add((organisation, RDF.type, ORG.Organization))
        result.note_origin(organisation, location)
        return organisation


def new_graph() -> Graph:
    graph = Graph(store="SimpleMemory")  # not context-aware: adds and reads ~2x faster than "Memory"
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


class RowTriples(set):
    """What `result.triples` is while a row is mapped: it collects triples (`add`, `in`), at set speed."""


class LooseTriples:
    """What `result.triples` is outside rows: each triple is written at once and never taken out."""

    def __init__(self, result: "LoadResult"):
        self._result = result

    def add(self, triple) -> None:
        result = self._result
        try:
            result.emitted.write_loose(result.emitted.format([triple]), {})
        except NotAnIri as error:
            result.problem("file", "iri", str(error))


@dataclass
class LoadResult:
    """A loader's output: the triples (as N-Triples on disk), where each entity came from, and the warnings.

    Loaders add triples to `result.triples`. Rows are mapped inside
    `with result.row(location):`; a row's triples are kept apart until the row
    ends and are written only if the row recorded no error, so a rejected row
    leaves nothing behind; a row failing SHACL later can still be taken out
    (loaders/emitted.py). Nothing of a load is held in memory but its counts.
    """

    file: str
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    rejected_rows: list[str] = field(default_factory=list)
    row_errors: list[Problem] = field(default_factory=list)  # errors that rejected a row, not the file
    on_row: Callable[[int], None] | None = None  # progress callback: rows read so far
    emitted: EmittedTriples = field(default_factory=EmittedTriples)
    triple_count: int | None = None  # distinct triples, once counted (by validation)
    unmatched_names: set[str] = field(default_factory=set)  # organisation names already reported
    _row_origins: dict | None = None
    _graph: tuple | None = None

    def __post_init__(self):
        self.triples = LooseTriples(self)

    @contextmanager
    def row(self, location: str) -> Iterator[str]:
        """Map one row: its triples and origins are kept only if it records no error."""
        loose, first_problem = self.triples, len(self.problems)
        self.triples, self._row_origins = RowTriples(), {}
        self.rows_read += 1
        try:
            yield location
        finally:
            triples, origins, self.triples, self._row_origins = self.triples, self._row_origins, loose, None
        lines = None
        if not any(p.severity == "error" for p in self.problems[first_problem:]):
            try:
                lines = self.emitted.format(triples)
            except NotAnIri as error:
                self.problem(location, "iri", str(error))
        if lines is None:
            self.rejected_rows.append(location)
            self.row_errors.extend(p for p in self.problems[first_problem:] if p.severity == "error")
        else:
            term = self.emitted.writer.term
            self.emitted.write_row(location, lines, {term(node): where for node, where in origins.items()})
        if self.on_row is not None:
            self.on_row(self.rows_read)

    def drop_rows(self, locations: set[str], rule: str, reason: str) -> None:
        """Take accepted rows back out (they failed a later check), recording why."""
        for location in sorted(locations, key=self.emitted.position):
            if self.emitted.drop(location):
                problem = Problem(self.file, location, rule, reason)
                self.problems.append(problem)
                self.row_errors.append(problem)
                self.rejected_rows.append(location)

    def rows_producing_each(self, nodes: set[URIRef]) -> dict[URIRef, set[str]]:
        """For each node, the accepted rows that stated something about it (one pass over the load)."""
        term = self.emitted.writer.term
        texts = {term(node): node for node in nodes}
        return {texts[text]: rows for text, rows in self.emitted.rows_stating(set(texts)).items()}

    def origins_of(self, nodes: set[URIRef]) -> dict[URIRef, str]:
        """Where each node was first noted, among the rows still in the load."""
        term = self.emitted.writer.term
        texts = {term(node): node for node in nodes}
        return {texts[text]: location for text, location in self.emitted.origins(set(texts)).items()}

    @property
    def origins(self) -> dict[URIRef, str]:
        """Every node's origin: for tests and small loads (it reads the whole origins file)."""
        return {_node(text): location for text, location in self.emitted.origins().items()}

    @property
    def graph(self) -> Graph:
        """The load read back into an rdflib Graph: for tests and small loads, never on a load's path."""
        state = (self.emitted.size, len(self.emitted.dropped))
        if self._graph is None or self._graph[0] != state:
            graph = new_graph()
            graph.parse(data=b"".join(self.emitted.store_chunks()).decode("utf-8"), format="nt")
            self._graph = (state, graph)
        return self._graph[1]

    @property
    def rows_loaded(self) -> int:
        return self.emitted.rows_kept

    def note_origin(self, node: URIRef, location: str) -> None:
        if self._row_origins is None:
            self.emitted.write_loose([], {self.emitted.writer.term(node): location})
        else:
            self._row_origins.setdefault(node, location)

    def problem(self, location: str, rule: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.file, location, rule, message, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def file_errors(self) -> list[Problem]:
        """Errors no row rejection can cure: a missing column, an unreadable file."""
        row_errors = {id(p) for p in self.row_errors}
        return [p for p in self.errors if id(p) not in row_errors]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def _node(text: str):
    return URIRef(text[1:-1]) if text.startswith("<") else BNode(text[2:])


def has_columns(header: list[str] | None, required: tuple[str, ...], result: LoadResult) -> bool:
    """True when every required column is there; otherwise one header problem naming the missing ones."""
    missing = [c for c in required if c not in (header or [])]
    if missing:
        result.problem("header", "required-columns", f"missing column(s): {', '.join(missing)}")
    return not missing


def web_iri(text: str) -> URIRef | None:
    """An http(s) IRI from a cell, or None: never mint an IRI from text that is not one."""
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`\[\]]+", text):  # brackets only in IPv6 hosts, never here
        return URIRef(text)
    return None


def display_path(path: Path, settings: Settings) -> str:
    """The file as a user would name it: relative to the project where it is inside it."""
    try:
        return str(path.resolve().relative_to(settings.data_dir.resolve().parent))
    except ValueError:
        return str(path)


class InputError(Exception):
    """The file as a whole cannot be read as the loader expects: said plainly, never as a stack trace."""


def csv_rows(path: Path, result: LoadResult, required: tuple[str, ...], *,
             delimiter: str = ",") -> Iterator[tuple[str, dict]]:
    """(location, row) for every well-shaped row of a CSV file; the others are rejected.

    Checks what makes a whole file unreadable before any row is mapped: the
    encoding (UTF-8), the delimiter (a header that splits on another one), the
    required columns, and a last record cut off inside a quoted cell.
    """
    with path.open(newline="", encoding="utf-8-sig") as handle:
        text = handle.read()
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise InputError(f"{result.file}: the file is empty; expected a header with {', '.join(required)}")
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        for other in (";", ",", "\t", "|"):
            if other != delimiter and len(header) == 1 and other in header[0]:
                raise InputError(f"{result.file}: the header splits on {other!r}, not on {delimiter!r}: "
                                 "wrong delimiter")
        raise InputError(f"{result.file}: missing column(s): {', '.join(missing)}")
    if text.count('"') % 2 and not text.endswith(("\n", "\r")):
        raise InputError(f"{result.file}: the last record ends inside a quoted cell: the file looks truncated")
    for row_number, cells in enumerate(reader, start=1):
        location = f"row {row_number} (line {reader.line_num})"
        if not cells:
            continue
        with result.row(location):
            if len(cells) != len(header):
                result.problem(location, "row-shape", f"{len(cells)} cells for {len(header)} columns "
                               "(a stray quote or delimiter in the source)")
                continue
            yield location, dict(zip(header, cells))
