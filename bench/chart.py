"""The scaling curves as one SVG, drawn from the recorded figures (no plotting dependency).

Log-log axes: seconds against triples. A line parallel to the dotted
"linear" guide grows no faster than the data.
Usage: .venv/bin/python -m bench.chart   (after bench.validation and bench.ingest)
"""
from __future__ import annotations

import json
import math
from html import escape

from bench.common import RESULTS_DIR

WIDTH, HEIGHT, MARGIN = 640, 400, 60
SERIES = [  # (file, key, label, colour)
    ("validation", "ours_s", "validation, SHACL compiled to SPARQL", "#1b7837"),
    ("validation", "pyshacl_s", "validation, pyshacl", "#c51b7d"),
    ("ingest", "pipeline_s", "ingest pipeline (map, validate, store)", "#2166ac"),
    ("ingest", "baseline_s", "raw bulk_load of the same N-Triples", "#777777"),
]


def load_points() -> list[tuple[str, str, list[tuple[int, float]]]]:
    drawn = []
    for name, key, label, colour in SERIES:
        path = RESULTS_DIR / f"{name}.json"
        if path.exists():
            rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
            points = sorted((row["triples"], row[key]) for row in rows if row.get(key))
            if points:
                drawn.append((label, colour, points))
    return drawn


def svg(drawn) -> str:
    xs = [x for _, _, points in drawn for x, _ in points]
    ys = [y for _, _, points in drawn for _, y in points]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)

    def at(x, y):
        px = MARGIN + (math.log10(x) - x0) / (x1 - x0) * (WIDTH - 2 * MARGIN)
        py = HEIGHT - MARGIN - (math.log10(y) - y0) / (y1 - y0) * (HEIGHT - 2 * MARGIN)
        return f"{px:.1f},{py:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'font-family="sans-serif" font-size="11">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
             f'<text x="{MARGIN}" y="20" font-size="13">Seconds against triples (log-log), synthetic data</text>']
    for e in range(x0, x1 + 1):
        parts.append(f'<line x1="{at(10 ** e, 10 ** y0).split(",")[0]}" y1="{MARGIN}" '
                     f'x2="{at(10 ** e, 10 ** y0).split(",")[0]}" y2="{HEIGHT - MARGIN}" stroke="#eee"/>')
        parts.append(f'<text x="{at(10 ** e, 10 ** y0).split(",")[0]}" y="{HEIGHT - MARGIN + 15}" '
                     f'text-anchor="middle">1e{e}</text>')
    for e in range(y0, y1 + 1):
        y = at(10 ** x0, 10 ** e).split(",")[1]
        parts.append(f'<line x1="{MARGIN}" y1="{y}" x2="{WIDTH - MARGIN}" y2="{y}" stroke="#eee"/>')
        parts.append(f'<text x="{MARGIN - 6}" y="{y}" text-anchor="end">{10.0 ** e:g} s</text>')
    first_x, first_y = drawn[0][2][0]
    guide_end = 10 ** x1
    parts.append(f'<polyline points="{at(first_x, first_y)} {at(guide_end, first_y * guide_end / first_x)}" '
                 f'fill="none" stroke="#999" stroke-dasharray="2,3"/>')
    for index, (label, colour, points) in enumerate(drawn):
        parts.append(f'<polyline points="{" ".join(at(x, y) for x, y in points)}" fill="none" '
                     f'stroke="{colour}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{at(x, y).split(",")[0]}" cy="{at(x, y).split(",")[1]}" r="3" fill="{colour}"/>'
                     for x, y in points)
        parts.append(f'<text x="{MARGIN + 10}" y="{MARGIN + 14 * index}" fill="{colour}">{escape(label)}</text>')
    parts.append(f'<text x="{MARGIN + 10}" y="{MARGIN + 14 * len(drawn)}" fill="#999">dotted: linear growth</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    drawn = load_points()
    if not drawn:
        raise SystemExit("no figures yet: run bench.validation and bench.ingest first")
    path = RESULTS_DIR / "scaling.svg"
    path.write_text(svg(drawn), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
