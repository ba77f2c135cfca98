"""Command line: build the store, load or validate one source, serve."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from kg.config import Settings
from kg.problems import LoadError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aga-kg", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every warning")
    parser.add_argument("--store", type=Path, help="store directory (default: AGA_STORE_PATH or var/store)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="build a new store from every source in data/manifest.toml and switch to it")
    for name, text in (("load", "replace one source's graph in the store"),
                       ("validate", "map and validate one source without writing anything")):
        command = commands.add_parser(name, help=text)
        command.add_argument("source", help="source name from data/manifest.toml")
        command.add_argument("--file", type=Path, help="read this file instead of the manifest's")
    commands.add_parser("serve", help="serve the store over HTTP (HOST, PORT)")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    if args.store:
        settings = settings.with_overrides(store_path=args.store)
    try:
        return COMMANDS[args.command](settings, args)
    except LoadError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    except OSError as error:  # a full disk, a locked or unreadable store: say so, without a traceback
        print(f"aga-kg {args.command} failed, the store is as it was: {error}", file=sys.stderr)
        return 3


def _build(settings: Settings, args) -> int:
    from kg.pipeline import build_store

    target, warnings = build_store(settings)
    _report_warnings(warnings, args.verbose)
    print(f"built {target} ({len(warnings)} warning(s)); {settings.store_path} now points to it")
    return 0


def _report_warnings(warnings, verbose: bool) -> None:
    """Every warning with --verbose; otherwise a count per rule and the first of each."""
    if verbose:
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        return
    first_by_rule = {}
    counts = Counter((w.file, w.rule) for w in warnings)
    for warning in warnings:
        first_by_rule.setdefault((warning.file, warning.rule), warning)
    for key, count in counts.items():
        first = first_by_rule[key]
        print(f"{first.severity}: {count} x [{key[1]}] in {key[0]}, e.g. {first}", file=sys.stderr)


def _load(settings: Settings, args) -> int:
    from kg.pipeline import load_into_store, source_named
    from kg.store import OxigraphStore

    source = source_named(settings, args.source)
    store = OxigraphStore.open(settings.store_path)
    result = load_into_store(store, settings, source, args.file)
    store.flush()
    print(f"loaded {len(result.graph)} triples into <{settings.graph_iri(source.name)}>, "
          f"{len(result.warnings)} warning(s)")
    return 0


def _validate(settings: Settings, args) -> int:
    from kg.pipeline import map_and_validate, source_named

    result = map_and_validate(source_named(settings, args.source), settings, args.file)
    _report_warnings(result.warnings, args.verbose)
    print(f"valid: {len(result.graph)} triples, {len(result.warnings)} warning(s)")
    return 0


def _serve(settings: Settings, args) -> int:
    from server import create_app

    app = create_app(settings)
    app.run(host=settings.host, port=settings.port, threaded=True)
    return 0


COMMANDS = {"build": _build, "load": _load, "validate": _validate, "serve": _serve}

if __name__ == "__main__":
    sys.exit(main())
