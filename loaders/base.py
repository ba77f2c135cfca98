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

from rdflib import Graph, Literal, URIRef

from kg.config import Settings
from kg.problems import Problem
from kg.namespaces import ORG, PREFIXES, RDF, SKOS
from kg.vocabulary import Vocabulary
from loaders.agencies import AgencyIndex

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
        keeps an IRI of its own, and the miss is reported for review. `also`
        are other names the same source gives the same organisation (a CKAN
        slug beside its title), tried when `name` matches nothing.
        """
        agency = self.agencies.match(name)
        for other in also:
            agency = agency or self.agencies.match(other)
        graph = result.graph
        if agency is None:
            result.problem(location, "unmatched-organization",
                           f"'{name}' matches no entry of data/agencies.csv; kept as an organisation of its own",
                           "info")
            organisation = self.entity("organization", slugify(name))
            graph.add((organisation, SKOS.prefLabel, Literal(name)))
        else:
            organisation = self.entity("organization", agency.key)
            graph.add((organisation, SKOS.prefLabel, Literal(agency.name, lang="es")))
            if agency.acronym:
                graph.add((organisation, SKOS.notation, Literal(agency.acronym)))
            if name != agency.name:
                graph.add((organisation, SKOS.altLabel, Literal(name)))
        graph.add((organisation, RDF.type, ORG.Organization))
        result.note_origin(organisation, location)
        return organisation


def new_graph() -> Graph:
    graph = Graph(store="SimpleMemory")  # not context-aware: adds and reads ~2x faster than "Memory"
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


class RowTriples(set):
    """What `result.graph` is while a row is mapped: it collects triples (`add`, `in`), at set speed."""


@dataclass
class LoadResult:
    """A loader's output: the triples, where each entity came from, and the warnings.

    Rows are mapped inside `with result.row(location):`. A row's triples are
    kept apart until the row ends and join the graph only if the row recorded
    no error, so a rejected row leaves nothing behind; accepted rows keep their
    own triples (`rows`) so that a row failing SHACL later can be taken out.
    """

    file: str
    graph: Graph = field(default_factory=new_graph)
    origins: dict[URIRef, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, frozenset] = field(default_factory=dict)  # accepted row -> its triples
    rows_read: int = 0
    rejected_rows: list[str] = field(default_factory=list)
    row_errors: list[Problem] = field(default_factory=list)  # errors that rejected a row, not the file
    on_row: Callable[[int], None] | None = None  # progress callback: rows read so far
    _row_origins: dict | None = None

    @contextmanager
    def row(self, location: str) -> Iterator[str]:
        """Map one row: its triples and origins are kept only if it records no error."""
        main, first_problem = self.graph, len(self.problems)
        self.graph, self._row_origins = RowTriples(), {}
        self.rows_read += 1
        try:
            yield location
        finally:
            row_graph, origins, self.graph, self._row_origins = self.graph, self._row_origins, main, None
        errors = [p for p in self.problems[first_problem:] if p.severity == "error"]
        if errors:
            self.rejected_rows.append(location)
            self.row_errors.extend(errors)
        else:
            triples = frozenset(row_graph)
            self.rows[location] = triples
            for triple in triples:
                main.add(triple)
            for node, origin in origins.items():
                self.origins.setdefault(node, origin)
        if self.on_row is not None:
            self.on_row(self.rows_read)

    def drop_rows(self, locations: set[str], rule: str, reason: str) -> None:
        """Take accepted rows back out (they failed a later check), recording why."""
        dropped = {location: self.rows.pop(location) for location in locations if location in self.rows}
        removed = set().union(*dropped.values()) if dropped else set()
        kept = set().union(*self.rows.values()) if self.rows else set()
        for triple in removed - kept:
            self.graph.remove(triple)
        for location in dropped:
            problem = Problem(self.file, location, rule, reason)
            self.problems.append(problem)
            self.row_errors.append(problem)
            self.rejected_rows.append(location)

    def rows_producing(self, node: URIRef) -> set[str]:
        """The accepted rows that stated something about `node`."""
        return {location for location, triples in self.rows.items() if any(t[0] == node for t in triples)}

    @property
    def rows_loaded(self) -> int:
        return len(self.rows)

    def note_origin(self, node: URIRef, location: str) -> None:
        target = self.origins if self._row_origins is None else self._row_origins
        target.setdefault(node, location)

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


def plain(text: str, language: str | None = None) -> Literal:
    return Literal(text, lang=language) if language else Literal(text)


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
