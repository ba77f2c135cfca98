"""From source files to the store: read the manifest, load, validate, write.

A load is mapped to N-Triples on disk and SHACL-validated in a store of its
own first (memory stays bounded however large the source). Under `strict` any error
refuses the whole load and nothing is written; by default the rows with errors
are left out (reported, with file, row and reason, in `<reports_dir>/<source>.rejects.csv`)
and the valid rows load. Each source's graph carries the provenance of the
load that wrote it (see kg/provenance.py). `build_store` makes a whole new
store beside the current one and switches to it, so a failed build leaves the
served store untouched.
"""
from __future__ import annotations

import csv
import json
import shutil
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import chain
from pathlib import Path

from rdflib import Graph

from kg.config import Settings
from kg.problems import LoadError, Problem
from kg.store import OxigraphStore, ntriples_chunks
from kg.store_link import fresh_path, new_build_dir, prune_builds, switch_link, write_lock
from kg.stores import is_remote, open_store
from kg.progress import Progress
from kg.releases import publish_release, record_release
from kg.provenance import LoadRecord, last_load_query, sha256_of
from kg.validation import shapes_from, store_results, take_out, validation_store
from kg.vocabulary import vocabulary_from
from loaders import loader_named, loader_version
from loaders.agencies import AgencyIndex
from loaders.base import InputError, LoadContext, LoadResult, display_path

ONTOLOGY_GRAPH = "ontology"


@dataclass(frozen=True)
class Source:
    """One entry of data/manifest.toml."""

    name: str
    loader: str
    file: Path
    title: str = ""
    options: dict = field(default_factory=dict)
    # Application profiles whose shapes (shapes/<profile>/*.ttl) the source must also pass, e.g. "dcat-ap-3".
    profiles: tuple[str, ...] = ()


def read_manifest(settings: Settings) -> list[Source]:
    manifest = settings.data_dir / "manifest.toml"
    with manifest.open("rb") as handle:
        entries = tomllib.load(handle).get("source", [])
    return [Source(name=e["name"], loader=e["loader"], file=settings.data_dir / e["file"],
                   title=e.get("title", ""), options=e.get("options", {}),
                   profiles=tuple(e.get("profiles", ()))) for e in entries]


def source_named(settings: Settings, name: str) -> Source:
    sources = {s.name: s for s in read_manifest(settings)}
    if name not in sources:
        raise KeyError(f"no source named {name!r} in the manifest; known: {', '.join(sorted(sources))}")
    return sources[name]


@lru_cache(maxsize=4)
def agencies_from(path: Path) -> AgencyIndex:
    return AgencyIndex.from_csv(path)


# SHACL rounds in the default policy: each round takes out the rows whose nodes failed.
MAX_SHACL_ROUNDS = 5


def map_and_validate(source: Source, settings: Settings, file: Path | None = None, *,
                     strict: bool = True, shown_as: str | None = None) -> LoadResult:
    """Run the source's loader and the SHACL shapes.

    Strict: any error raises LoadError. Otherwise rows with errors (the
    loader's or SHACL's) are taken out with everything they produced and
    listed in the result; an error no row explains (a missing column, an
    unreadable file, a node no row made) still raises, as does a load in
    which every row was rejected.
    """
    path = file or source.file
    vocabulary = vocabulary_from(settings.ontology_dir)
    result = LoadResult(file=shown_as or display_path(path, settings))
    context = LoadContext(settings, vocabulary, agencies_from(settings.data_dir / "agencies.csv"))
    progress = Progress(f"{source.name}")
    result.on_row = progress
    try:
        size = path.stat().st_size
        if size > settings.max_source_bytes:
            result.problem("file", "file-size", f"the file has {size} bytes, more than the {settings.max_source_bytes} "
                                                "a load accepts (setting AGA_MAX_SOURCE_BYTES)")
        else:
            loader_named(source.loader)(path, context, result, **source.options)
    except UnicodeDecodeError as error:
        result.problem("file", "utf-8", f"not UTF-8 text: byte {error.object[error.start]:#04x} at offset "
                       f"{error.start} ({error.reason}); save the file as UTF-8")
    except json.JSONDecodeError as error:
        result.problem("file", "json", f"not valid JSON at line {error.lineno}, column {error.colno} "
                       f"({error.msg}); the file may be truncated")
    except csv.Error as error:
        result.problem("file", "csv", f"not readable as CSV: {error}")
    except InputError as error:
        result.problem("file", "readable-file", str(error).removeprefix(f"{result.file}: "))
    except OSError as error:
        result.problem("file", "readable-file", f"cannot read the file: {error.strerror or error}")
    finally:
        progress.done()
    try:
        if result.file_errors or (strict and result.errors):
            raise LoadError(result.problems)
        _validate_shapes(result, shapes_for(settings.shapes_dir, source.profiles), vocabulary, strict)
        if result.rows_read and not result.rows_loaded:
            raise LoadError(result.problems + [Problem(result.file, "file", "no-row-loaded",
                                                       f"all {result.rows_read} row(s) were rejected")])
    except BaseException:
        result.emitted.close()
        raise
    return result


@lru_cache(maxsize=8)
def shapes_for(directory: Path, profiles: tuple[str, ...]) -> Graph:
    """The project's shapes plus those of each named application profile."""
    shapes = shapes_from(directory)
    for profile in profiles:
        if not (directory / profile).is_dir():
            raise KeyError(f"no shapes for profile {profile!r}: expected a folder {directory / profile}")
        shapes = shapes + shapes_from(directory / profile)
    return shapes


def _validate_shapes(result: LoadResult, shapes: Graph, vocabulary, strict: bool) -> None:
    """Validate the load where it is, as N-Triples in a store of its own; take out rows that fail."""
    emitted = result.emitted
    emitted.finish()
    with validation_store(emitted.chunks(), emitted.size, emitted.writer.ill_typed, vocabulary.graph,
                          result.file) as (store, count):
        result.triple_count = count
        for _ in range(MAX_SHACL_ROUNDS):
            found = store_results(store, shapes, result.file, result.origins_of)
            errors = [(focus, p) for focus, p in found if p.severity == "error"]
            if not errors:
                result.problems.extend(p for _, p in found)
                return
            if strict:
                raise LoadError(result.problems + [p for _, p in found])
            producing = result.rows_producing_each({focus for focus, _ in errors})
            dropped_before, uncured = set(emitted.dropped), []
            for focus, problem in errors:
                if rows := producing.get(focus):
                    result.drop_rows(rows, problem.rule, f"{problem.message} (entity <{focus}>)")
                else:
                    uncured.append(problem)
            if uncured:
                raise LoadError(result.problems + uncured)
            gone = emitted.lines_of(emitted.dropped - dropped_before)
            result.triple_count -= take_out(store, gone - emitted.still_stated(gone), vocabulary.graph)
    raise LoadError(result.problems + [p for _, p in found])


@dataclass
class LoadOutcome:
    """What `load_into_store` did: loaded (with its result and rejects report) or skipped as unchanged."""

    skipped: bool
    result: LoadResult | None = None
    record: LoadRecord | None = None
    rejects_report: Path | None = None


def load_into_store(store: OxigraphStore, settings: Settings, source: Source, file: Path | None = None, *,
                    strict: bool = False, force: bool = False, url: str | None = None) -> LoadOutcome:
    """Replace the source's named graph with the file's content (with its provenance), or change nothing.

    A source whose checksum and loader version equal those of the load that
    wrote its graph is skipped, unless `force`. `url` names where `file` was
    fetched from, for the provenance record.
    """
    path = file or source.file
    checksum = sha256_of(path)
    version = loader_version(source.loader)
    graph_iri = settings.graph_iri(source.name)
    if not force:
        for row in store.query(last_load_query(graph_iri)):
            if (row["checksum"].value, row["loader"].value, row["version"].value) == \
                    (checksum, source.loader, version):
                return LoadOutcome(skipped=True)
    started = datetime.now(timezone.utc)
    result = map_and_validate(source, settings, path, strict=strict, shown_as=url)
    record = _record(graph_iri, url or result.file, checksum, source.loader, started, result)
    try:
        store.replace_graph(graph_iri, chain(result.emitted.store_chunks(), ntriples_chunks(record.triples())))
    finally:
        result.emitted.close()
    return LoadOutcome(False, result, record, write_rejects(settings, source.name, result))


def _record(graph_iri: str, shown: str, checksum: str, loader: str, started, result: LoadResult) -> LoadRecord:
    return LoadRecord(graph_iri, shown, checksum, loader, loader_version(loader), started,
                      datetime.now(timezone.utc), result.rows_read, result.rows_loaded, len(result.rejected_rows))


def write_rejects(settings: Settings, source_name: str, result: LoadResult) -> Path | None:
    """The rows a load left out, with file, row and reason, as CSV; None when it left out none."""
    report = settings.reports_dir / f"{source_name}.rejects.csv"
    if not result.row_errors:
        report.unlink(missing_ok=True)
        return None
    report.parent.mkdir(parents=True, exist_ok=True)
    with report.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "row", "rule", "reason"])
        for problem in result.row_errors:
            writer.writerow([problem.file, problem.location, problem.rule, problem.message])
    return report


def build_store(settings: Settings, *, strict: bool = False) -> tuple[Path, list[Problem]]:
    """Load every manifest source into a new store directory, then switch the store link to it.

    Rows rejected under the default policy are listed among the returned
    problems and in each source's rejects report.
    """
    sources = read_manifest(settings)
    results, problems, refused = [], [], False
    for source in sources:
        started = datetime.now(timezone.utc)
        try:
            result = map_and_validate(source, settings, strict=strict)
        except LoadError as error:
            problems.extend(error.problems)
            refused = True
            continue
        record = _record(settings.graph_iri(source.name), result.file, sha256_of(source.file), source.loader,
                         started, result)
        write_rejects(settings, source.name, result)
        results.append((source, result, record))
    if refused:
        raise LoadError(problems)
    if is_remote(settings):
        return _build_remote(settings, results), problems + [p for _, r, _ in results for p in r.problems]

    # Held while the new store is written: an endpoint write meanwhile would be lost at the switch,
    # and its pruning could remove this build's unfinished directory. Such a write waits, or gets a 503.
    with write_lock(settings.store_path, settings.write_lock_timeout):
        target = new_build_dir(settings.store_path)
        store = None
        try:
            store = OxigraphStore.open(target)
            store.bulk_add_graph(settings.graph_iri(ONTOLOGY_GRAPH), vocabulary_from(settings.ontology_dir).graph)
            for source, result, record in results:
                store.bulk_add_graph(settings.graph_iri(source.name),
                                     chain(result.emitted.store_chunks(), ntriples_chunks(record.triples())))
                result.emitted.close()
                problems.extend(result.problems)
            issued = datetime.now(timezone.utc)
            record_release(store, settings, target.name, issued, [settings.graph_iri(s.name) for s, _, _ in results])
            store.mark_new_version()
            store.flush()
            publish_release(store, settings, target.name, issued)
        except BaseException:
            if store is not None:
                store.close()
            shutil.rmtree(target, ignore_errors=True)
            for _, result, _ in results:
                result.emitted.close()
            raise
        store.close()
        switch_link(settings.store_path, target)
        prune_builds(settings.store_path, keep=settings.builds_kept, current=target)
    return target, problems


def _build_remote(settings: Settings, results) -> Path:
    """Stage every graph in the remote store, switch them all in one update, then publish the release.

    Readers see the previous build until that update, and all of the new one after it.
    """
    store = open_store(settings)
    release_id = fresh_path(settings.releases_dir).name
    staging = store.staging()
    try:
        staging.add(settings.graph_iri(ONTOLOGY_GRAPH), vocabulary_from(settings.ontology_dir).graph)
        for source, result, record in results:
            staging.add(settings.graph_iri(source.name),
                        chain(result.emitted.store_chunks(), ntriples_chunks(record.triples())))
            result.emitted.close()
    finally:
        for _, result, _ in results:
            result.emitted.close()
    issued = datetime.now(timezone.utc)
    record_release(staging, settings, release_id, issued, [settings.graph_iri(s.name) for s, _, _ in results])
    staging.publish(replace_all=True)
    return publish_release(store, settings, release_id, issued)
