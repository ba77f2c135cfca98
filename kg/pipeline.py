"""From source files to the store: read the manifest, load, validate, write.

A load is mapped and SHACL-validated in memory first; only a load without
errors is written. `build_store` makes a whole new store beside the current one
and switches to it, so a failed build leaves the served store untouched.
"""
from __future__ import annotations

import csv
import os
import shutil
import time
import tomllib
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import Settings
from kg.problems import LoadError, Problem
from kg.store import OxigraphStore
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from
from loaders import loader_named
from loaders.agencies import AgencyIndex
from loaders.base import LoadContext, LoadResult, display_path

ONTOLOGY_GRAPH = "ontology"


@dataclass(frozen=True)
class Source:
    """One entry of data/manifest.toml."""

    name: str
    loader: str
    file: Path
    title: str = ""
    options: dict = field(default_factory=dict)


def read_manifest(settings: Settings) -> list[Source]:
    manifest = settings.data_dir / "manifest.toml"
    with manifest.open("rb") as handle:
        entries = tomllib.load(handle).get("source", [])
    return [Source(name=e["name"], loader=e["loader"], file=settings.data_dir / e["file"],
                   title=e.get("title", ""), options=e.get("options", {})) for e in entries]


def source_named(settings: Settings, name: str) -> Source:
    sources = {s.name: s for s in read_manifest(settings)}
    if name not in sources:
        raise KeyError(f"no source named {name!r} in the manifest; known: {', '.join(sorted(sources))}")
    return sources[name]


@lru_cache(maxsize=4)
def agencies_from(path: Path) -> AgencyIndex:
    return AgencyIndex.from_csv(path)


def map_and_validate(source: Source, settings: Settings, file: Path | None = None) -> LoadResult:
    """Run the source's loader and the SHACL shapes; raise LoadError on any error."""
    path = file or source.file
    vocabulary = vocabulary_from(settings.ontology_dir)
    result = LoadResult(file=display_path(path, settings))
    context = LoadContext(settings, vocabulary, agencies_from(settings.data_dir / "agencies.csv"))
    try:
        size = path.stat().st_size
        if size > settings.max_source_bytes:
            result.problem("file", "file-size", f"the file has {size} bytes, more than the {settings.max_source_bytes} "
                                                "a load accepts (setting AGA_MAX_SOURCE_BYTES)")
        else:
            loader_named(source.loader)(path, context, result, **source.options)
    except UnicodeDecodeError as error:
        result.problem("file", "utf-8", f"the file is not UTF-8 text ({error.reason}: byte "
                                        f"{error.object[error.start:error.start + 1].hex()}); save it as UTF-8")
    except OSError as error:
        result.problem("file", "readable-file", f"cannot read the file: {error}")
    except csv.Error as error:
        result.problem("file", "csv-syntax", f"not a readable CSV file: {error}")
    if not result.errors:
        result.problems.extend(shacl_problems(result.graph, shapes_from(settings.shapes_dir),
                                              vocabulary.graph, result.file, result.origins))
    if result.errors:
        raise LoadError(result.problems)
    return result


def load_into_store(store: OxigraphStore, settings: Settings, source: Source,
                    file: Path | None = None) -> LoadResult:
    """Replace the source's named graph with the file's content, or change nothing."""
    result = map_and_validate(source, settings, file)
    store.replace_graph(settings.graph_iri(source.name), result.graph)
    return result


def build_store(settings: Settings) -> tuple[Path, list[Problem]]:
    """Load every manifest source into a new store directory, then switch the store link to it."""
    sources = read_manifest(settings)
    results, problems = [], []
    for source in sources:
        try:
            results.append((source, map_and_validate(source, settings)))
        except LoadError as error:
            problems.extend(error.problems)
    if any(p.severity == "error" for p in problems):
        raise LoadError(problems)

    builds = settings.store_path.parent / "builds"
    target = builds / time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    suffix = 0
    while target.exists():
        suffix += 1
        target = target.with_name(target.name.split(".")[0] + f".{suffix}")
    store = None
    try:
        store = OxigraphStore.open(target)
        store.bulk_add_graph(settings.graph_iri(ONTOLOGY_GRAPH), vocabulary_from(settings.ontology_dir).graph)
        for source, result in results:
            store.bulk_add_graph(settings.graph_iri(source.name), result.graph)
            problems.extend(result.warnings)
        store.mark_new_version()
        store.flush()
    except BaseException:
        if store is not None:
            store.close()
        shutil.rmtree(target, ignore_errors=True)
        raise
    store.close()
    _switch_link(settings.store_path, target)
    _prune(builds, keep=settings.builds_kept, current=target)
    return target, problems


def _switch_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        raise RuntimeError(f"{link} is a directory, not a link made by `aga-kg build`; move it away first")
    link.parent.mkdir(parents=True, exist_ok=True)
    temporary = link.with_name(link.name + ".switching")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(os.path.relpath(target, link.parent), temporary)
    os.replace(temporary, link)  # atomic: readers see the old store or the new one


def _prune(builds: Path, keep: int, current: Path) -> None:
    finished = sorted((p for p in builds.iterdir() if p.is_dir() and p != current), reverse=True)
    for old in finished[keep:]:
        shutil.rmtree(old, ignore_errors=True)
