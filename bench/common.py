"""What the benchmarks share: scales, synthetic loads, fresh processes, recorded figures.

Each scale runs in a fresh Python process so that its peak memory (ru_maxrss)
is its own, not the leftovers of a smaller scale measured before it.
"""
from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from pathlib import Path

from bench.synthetic import write_ogp_export
from kg.config import PROJECT_ROOT, Settings
from kg.pipeline import agencies_from
from kg.vocabulary import vocabulary_from
from loaders import loader_named
from loaders.base import LoadContext, LoadResult

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
# Measured on the synthetic export: 52,374 triples from 2,000 commitments.
TRIPLES_PER_COMMITMENT = 26.2


def parse_scale(text: str) -> int:
    """'100k', '1M', '250000' as a number of triples."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text)
    if not match:
        raise SystemExit(f"not a scale: {text!r} (try 100k or 1M)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match[2].lower()]
    return int(float(match[1]) * factor)


def commitments_for(triples: int) -> int:
    return max(10, round(triples / TRIPLES_PER_COMMITMENT))


def synthetic_load(directory: Path, triples: int, untitled_share: float = 0.0) -> tuple[Path, LoadResult]:
    """A synthetic OGP export of about `triples` triples, mapped by the real loader (not validated)."""
    source_file = write_ogp_export(directory / "export.csv", commitments_for(triples), untitled_share=untitled_share)
    settings = Settings()
    result = LoadResult(file=str(source_file))
    context = LoadContext(settings, vocabulary_from(settings.ontology_dir),
                          agencies_from(settings.data_dir / "agencies.csv"))
    loader_named("ogp-export")(source_file, context, result)
    return source_file, result


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def in_fresh_process(module: str, scale: int, *extra: str) -> dict:
    """Run `python -m <module> --one <scale>` and return the figures it prints as JSON."""
    done = subprocess.run([sys.executable, "-m", module, "--one", str(scale), *extra],
                          capture_output=True, text=True, cwd=PROJECT_ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{module} at {scale} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def record(name: str, command: str, rows: list[dict]) -> Path:
    """Keep the figures for the chart and BENCHMARKS.md."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps({"command": command, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    return path


def run(module: str, argv: list[str], measure, title: str, columns: str, line) -> None:
    """A benchmark's command line: each scale in a fresh process, one printed line each, figures recorded.

    `python -m <module> [scale ...]` runs every scale; `--one <triples>` is one scale, as JSON.
    """
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(int(argv[1]))))
        return
    scales = [parse_scale(a) for a in argv] or [100_000, 1_000_000]
    print(title)
    print(f"{'scale':>6} {'triples':>9} {columns}")
    rows = []
    for scale in scales:
        figures = in_fresh_process(module, scale)
        rows.append(figures)
        print(f"{human(scale):>6} {figures['triples']:>9} {line(figures)}", flush=True)
    record(module.split(".")[-1], f".venv/bin/python -m {module} " + " ".join(argv), rows)


def human(triples: int) -> str:
    return f"{triples / 1e6:.1f}M" if triples >= 1e6 else f"{triples / 1e3:.0f}k"
