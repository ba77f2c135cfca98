"""Page and query cost against the graph's size: a table of growth and bench/results/latency.svg.

Reads the figures bench/pages.py recorded at each scale (bench/results/pages-<triples>.json);
the table gives p50 latency and server CPU per request, the chart the CPU (seconds per
request, bench/chart.py's log-log axes, where a line flatter than the dotted guide grows
slower than the data).
Usage: .venv/bin/python -m bench.latency_chart   (after bench/pages.py at two or more scales)
"""
from __future__ import annotations

import json

from bench.chart import svg
from bench.common import RESULTS_DIR, human

SERIES = [  # (row name, label, colour): server CPU per request, which other load disturbs less than latency
    ("hub agency page, rendered each time (a new URL each time)", "hub agency page (10,000 links), rendered", "#b2182b"),
    ("commitment page, a different one each time", "commitment page, never seen before", "#2166ac"),
    ("action plan page (50 commitments)", "action plan page", "#762a83"),
    ("SPARQL point lookup, a different commitment each time", "SPARQL point lookup", "#1b7837"),
    ("SPARQL aggregate (commitments per agency)", "SPARQL aggregate (whole graph)", "#e08214"),
    ("search.json, a selective word", "search.json", "#777777"),
]


def recorded() -> list[dict]:
    rows = []
    for path in sorted(RESULTS_DIR.glob("pages-*.json")):
        rows.extend(json.loads(path.read_text(encoding="utf-8"))["rows"])
    return rows


def main() -> None:
    rows = recorded()
    scales = sorted({row["triples"] for row in rows})
    if len(scales) < 2:
        raise SystemExit("figures at two scales at least are needed: run bench/pages.py --triples N first")
    for row in rows:  # earlier runs named the agency by its link count, which grows with the scale
        if row["name"].startswith("agency page"):
            row["name"] = "agency page (leads 1/200 of the commitments)"
    names = list(dict.fromkeys(row["name"] for row in rows))
    print(f"{'p50 ms (server cpu ms/request)':<58}" + "".join(f"{human(s):>18}" for s in scales)
          + f"{'p50 growth':>12}{'cpu growth':>12}{'data growth':>13}")
    for name in names:
        by_scale = {row["triples"]: row for row in rows if row["name"] == name}
        cells = "".join(f"{by_scale[s]['p50_ms']:>9.1f} ({by_scale[s].get('cpu_ms', float('nan')):>5.1f})"
                        if s in by_scale else f"{'':>18}" for s in scales)
        first, last = by_scale[min(by_scale)], by_scale[max(by_scale)]
        cpu_growth = last["cpu_ms"] / first["cpu_ms"] if "cpu_ms" in first else float("nan")
        print(f"{name[:57]:<58}{cells}{last['p50_ms'] / first['p50_ms']:>11.1f}x{cpu_growth:>11.1f}x"
              f"{max(by_scale) / min(by_scale):>12.1f}x")
    drawn = []
    for name, label, colour in SERIES:
        points = sorted((row["triples"], row["cpu_ms"] / 1000) for row in rows if row["name"] == name)
        if points:
            drawn.append((label, colour, points))
    path = RESULTS_DIR / "latency.svg"
    path.write_text(svg(drawn), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
