"""Synthetic source files in the real input formats, for benchmarks only.

SYNTHETIC DATA: every value is made up by a seeded random generator; nothing
here describes a real commitment, agency or fund. Same seed and scale, same
bytes. Files are written where the caller says, never into data/.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

from kg.config import PROJECT_ROOT

EXPORT_HEADER_SOURCE = PROJECT_ROOT / "data" / "ogp-g0v" / "open_parliament_0703.csv"
COMPLETION = ["Not Started", "Limited", "Substantial", "Complete", "ND", "NR"]
IMPACT = ["None", "Minor", "Moderate", "Transformative", "ND"]
SPECIFICITY = ["None", "Low", "Medium", "High", "ND"]
DIOG = ["Did Not Change", "Marginal", "Major", "Outstanding", "ND", "NR"]
MEMBERS = [(f"S{chr(65 + i // 26)}{chr(65 + i % 26)}", f"Synthetic member {i}") for i in range(120)]


def export_header() -> list[str]:
    with EXPORT_HEADER_SOURCE.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def write_ogp_export(path: Path, commitments: int, seed: int = 7, untitled_share: float = 0.0) -> Path:
    """An OGP commitments export with the real 171 columns and `commitments` synthetic rows.

    `untitled_share` of the rows lack a title, which only the SHACL shapes catch.
    """
    rng = random.Random(seed)
    header = export_header()
    agencies = [f"Synthetic Ministry {i} (SM{i})" for i in range(max(10, commitments // 50))]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for n in range(commitments):
            code, name = MEMBERS[n % len(MEMBERS)]
            plan = rng.randint(1, 7)
            row = {column: "ND" for column in header}
            row.update({
                "Commitment Unique Identifier": f"{code}{n // len(MEMBERS) + 1:05d}",
                "Country/Locality": name,
                "Action Plan Number": str(plan),
                "Commitment Number": str(rng.randint(1, 30)),
                "Year Of Submission": str(2009 + 2 * plan),  # one plan, one set of years
                "Action Plan End Year": str(2011 + 2 * plan),
                "Commitment Title": "" if untitled_share and rng.random() < untitled_share else f"Synthetic commitment {n}",
                "Full Text": f"Synthetic description of commitment {n}. " * rng.randint(1, 4),
                "Start Date": f"{rng.randint(1, 12)}/1/{rng.randint(2012, 2024)}",
                "End Date": f"{rng.randint(1, 12)}/28/{rng.randint(2013, 2026)}",
                "Lead Institution": rng.choice(agencies),
                "Supporting Institution(s)": "; ".join(rng.sample(agencies, 2)),
                "Specificity": rng.choice(SPECIFICITY),
                "OGP Value Access To Information": rng.choice("01"),
                "OGP Value Civic Participation": rng.choice("01"),
                "Potential Impact": rng.choice(IMPACT),
                "Completion (Progress Report)": rng.choice(COMPLETION),
                "Completion (End Of Term)": rng.choice(COMPLETION),
                "Did It Open Government (Overall)": rng.choice(DIOG),
                "Star - Most Recently Assessed": rng.choice("01"),
                "URL": f"https://example.org/synthetic/{n}",
            })
            writer.writerow(row)
    return path
