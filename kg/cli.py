"""Command line: build the store, load or validate one source, serve."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from kg.config import Settings
from kg.problems import LoadError
from kg.store import StoreUnavailable
from loaders import FETCHERS
from loaders.base import InputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aga-kg", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every warning")
    parser.add_argument("--store", type=Path, help="store directory (default: AGA_STORE_PATH or var/store)")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build a new store from every source in data/manifest.toml and switch to it")
    build.add_argument("--strict", action="store_true", help="refuse the whole build on any error")
    for name, text in (("load", "replace one source's graph in the store"),
                       ("validate", "map and validate one source without writing anything")):
        command = commands.add_parser(name, help=text)
        command.add_argument("source", help="source name from data/manifest.toml")
        where = command.add_mutually_exclusive_group()
        where.add_argument("--file", type=Path, help="read this file instead of the manifest's")
        where.add_argument("--url", help="fetch the source file from this http(s) URL (CKAN API URLs are "
                           "read page by page)")
        command.add_argument("--strict", action="store_true",
                             help="refuse the whole load on any error (default: load the valid rows, report the rest)")
    commands.choices["load"].add_argument("--force", action="store_true", help="load even if the source is unchanged")
    commands.add_parser("unmatched", help="list organisation names that match no row of data/agencies.csv")
    commands.add_parser("serve", help="serve the store over HTTP (HOST, PORT)")
    commands.add_parser("namespaces", help="regenerate kg/aga_terms.py (the closed AGA namespace) from ontology/*.ttl")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    if args.store:
        settings = settings.with_overrides(store_path=args.store)
    try:
        return COMMANDS[args.command](settings, args)
    except LoadError as error:
        print(error, file=sys.stderr)
        return 2
    except (KeyError, InputError) as error:
        print(error.args[0], file=sys.stderr)
        return 2
    except (OSError, StoreUnavailable) as error:  # a full disk, a locked, unreadable or unreachable store
        print(f"aga-kg {args.command} failed, the store is as it was: {error}", file=sys.stderr)
        return 3


def _build(settings: Settings, args) -> int:
    from kg.pipeline import build_store
    from kg.stores import is_remote

    target, warnings = build_store(settings, strict=args.strict)
    _report_warnings(warnings, args.verbose)
    rejected = sum(1 for w in warnings if w.severity == "error")
    where = (f"the SPARQL store at {settings.store_query_url} now serves it" if is_remote(settings)
             else f"{settings.store_path} now points to it")
    print(f"built {target} ({rejected} row problem(s), see {settings.reports_dir}; "
          f"{len(warnings) - rejected} warning(s)); {where}")
    return 0


def _report_warnings(warnings, verbose: bool) -> None:
    """Every problem with --verbose; otherwise a count per rule and the first of each."""
    if verbose:
        for warning in warnings:
            print(f"{warning.severity}: {warning}", file=sys.stderr)
        return
    first_by_rule = {}
    counts = Counter((w.file, w.rule, w.severity) for w in warnings)
    for warning in warnings:
        first_by_rule.setdefault((warning.file, warning.rule, warning.severity), warning)
    for key, count in counts.items():
        first = first_by_rule[key]
        print(f"{first.severity}: {count} x [{key[1]}] in {key[0]}, e.g. {first}", file=sys.stderr)


def _input(settings: Settings, source, args):
    """The source, the file to read and, for a fetched source, the URL; fetching only when asked."""
    if not getattr(args, "url", None):
        return source, args.file, None
    import tempfile
    from dataclasses import replace

    from loaders.download import fetch_file

    directory = Path(tempfile.mkdtemp(prefix="aga-kg-fetch-"))
    # A loader with a fetcher of its own (CKAN's API pages) uses it; the others read the file at the URL.
    path, options = FETCHERS.get(source.loader, fetch_file)(args.url, directory, settings)
    return replace(source, options={**source.options, **options}), path, args.url


def _load(settings: Settings, args) -> int:
    from kg.pipeline import load_into_store, source_named
    from kg.stores import is_remote, open_store
    from kg.writes import copy_on_write

    source, path, url = _input(settings, source_named(settings, args.source), args)
    options = {"strict": args.strict, "force": args.force, "url": url}
    if not is_remote(settings) and settings.store_path.is_symlink():
        # A served store on disk: written copy-on-write, readers never see it half-done.
        with copy_on_write(settings) as draft:
            outcome = load_into_store(draft.store, settings, source, path, **options)
            draft.changed = not outcome.skipped
    else:  # a remote store (staged, then switched) or a plain store directory no one serves
        store = open_store(settings)
        try:  # close explicitly: a reader opening the directory next must not meet this writer's files
            outcome = load_into_store(store, settings, source, path, **options)
            if not outcome.skipped:
                store.flush()
        finally:
            store.close()
    if outcome.skipped:
        print(f"unchanged: {source.name} has the same checksum and loader version as its last load; "
              "nothing written (--force to reload)")
        return 0
    result, record = outcome.result, outcome.record
    _report_warnings(result.warnings, args.verbose)
    print(f"loaded {record.rows_loaded} of {record.rows_read} row(s) ({record.rows_rejected} rejected) "
          f"as {result.triple_count} triples into <{settings.graph_iri(source.name)}>, "
          f"{len(result.warnings)} warning(s)")
    if outcome.rejects_report:
        print(f"rejected rows: {outcome.rejects_report}")
    return 0


def _validate(settings: Settings, args) -> int:
    from kg.pipeline import map_and_validate, source_named

    source, path, url = _input(settings, source_named(settings, args.source), args)
    result = map_and_validate(source, settings, path, strict=args.strict, shown_as=url)
    _report_warnings(result.problems, args.verbose)
    print(f"valid: {result.rows_loaded} of {result.rows_read} row(s), {result.triple_count} triples, "
          f"{len(result.rejected_rows)} row(s) rejected, {len(result.warnings)} warning(s)")
    return 0


def _unmatched(settings: Settings, args) -> int:
    from kg.pipeline import map_and_validate, read_manifest

    names: dict[str, set[str]] = {}
    for source in read_manifest(settings):
        for problem in map_and_validate(source, settings, strict=False).warnings:
            if problem.rule == "unmatched-organization":
                names.setdefault(problem.message.split("' matches no entry")[0].lstrip("'"), set()).add(problem.file)
    for name in sorted(names, key=str.casefold):
        print(f"{name}\t{', '.join(sorted(names[name]))}")
    print(f"{len(names)} organisation name(s) match no row of data/agencies.csv", file=sys.stderr)
    return 0


def _serve(settings: Settings, args) -> int:
    from server.store_follower import following_app

    app = following_app(settings)
    app.run(host=settings.host, port=settings.port, threaded=True)
    return 0


def _namespaces(settings: Settings, args) -> int:
    from kg.termgen import TERMS_FILE, write

    changed = write(settings.ontology_dir)
    print(f"{TERMS_FILE} {'rewritten' if changed else 'already up to date'}")
    return 0


COMMANDS = {"build": _build, "load": _load, "validate": _validate, "unmatched": _unmatched, "serve": _serve,
            "namespaces": _namespaces}

if __name__ == "__main__":
    sys.exit(main())
