"""Synthetic source files in the real input formats, for benchmarks only.

SYNTHETIC DATA: every value is made up by a seeded random generator; nothing
here describes a real commitment, agency or fund. Same seed and scale, same
bytes. Files are written where the caller says, never into data/.
"""
from __future__ import annotations

import csv
import json
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


def write_ckan(path: Path, packages: int, seed: int = 7) -> Path:
    """A CKAN package_search response with `packages` synthetic packages, one to four resources each."""
    rng = random.Random(seed)
    publishers = [{"name": f"synthetic-publisher-{i}", "title": f"Synthetic Publisher {i}"}
                  for i in range(max(5, packages // 100))]
    results = []
    for n in range(packages):
        resources = [{
            "id": f"synthetic-resource-{n}-{r}", "name": f"Synthetic file {r} of dataset {n}",
            "description": "", "format": rng.choice(["CSV", "XLS", "JSON", "PDF", "zip"]), "mimetype": None,
            "url": f"https://ckan.example.org/synthetic/{n}/{r}.dat", "created": f"20{rng.randint(12, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00",
            "last_modified": None, "size": rng.choice([None, rng.randint(1_000, 10_000_000)]),
        } for r in range(rng.randint(1, 4))]
        results.append({
            "id": f"synthetic-dataset-{n:07d}", "name": f"synthetic-dataset-{n}", "title": f"Synthetic dataset {n}",
            "notes": f"Synthetic description of dataset {n}, with a \"quote\" and a backslash \\ in it.",
            "url": f"https://example.org/synthetic/dataset/{n}", "version": rng.choice(["", "1.0", "2"]),
            "metadata_created": f"20{rng.randint(12, 24)}-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}T09:30:00.123456",
            "metadata_modified": f"20{rng.randint(12, 24)}-1{rng.randint(0, 2)}-1{rng.randint(0, 9)}T09:30:00",
            "license_url": "https://creativecommons.org/licenses/by/4.0/",
            "organization": rng.choice(publishers),
            "tags": [{"name": f"synthetic-tag-{rng.randint(1, 200)}"} for _ in range(rng.randint(0, 3))],
            "extras": [], "resources": resources,
        })
    document = {"help": "SYNTHETIC package_search response (bench/synthetic.py)", "success": True,
                "result": {"count": packages, "results": results}}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


TRUST_FUND_COLUMNS = ("id", "year", "branch", "type", "scope", "unit", "settlor", "registry", "designation",
                      "objective", "fiduciary", "theme", "balance", "income", "yield", "expenses", "report",
                      "availability", "availability_type", "initial_amount", "initial_date", "comments",
                      "initial_amount_comments")


def _pesos(rng: random.Random) -> str:
    return f"{rng.randint(0, 900_000_000):,}.{rng.randint(0, 99):02d}"


def write_trust_funds_csv(path: Path, funds: int, seed: int = 7) -> Path:
    """GobiernoFacil's semicolon trust-fund CSV (23 quoted columns), `funds` synthetic funds with 2015 figures."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(TRUST_FUND_COLUMNS)
        for n in range(funds):
            writer.writerow((
                str(n + 1), "2015", f"RAMO SINTÉTICO {rng.randint(1, 40)}", rng.choice(["FIDEICOMISO", "MANDATO"]),
                rng.choice(["FEDERAL", "ESTATAL"]), f"UNIDAD SINTÉTICA {rng.randint(1, 300)}",
                "HACIENDA Y CRÉDITO PÚBLICO COMO FIDEICOMITENTE ÚNICO DE LA APC", f"2099{n:010d}",
                f"FIDEICOMISO SINTÉTICO {n}", f"Objetivo sintético del fideicomiso {n}.",
                rng.choice(["NACIONAL FINANCIERA, S.N.C.", "BANCO SINTÉTICO, S.A."]),
                rng.choice(["APOYOS FINANCIEROS", "INFRAESTRUCTURA", "SUBSIDIOS Y APOYOS"]),
                _pesos(rng), _pesos(rng), _pesos(rng), _pesos(rng), f"Informe sintético {n}.", _pesos(rng),
                rng.choice(["Disponibilidad", "Patrimonio"]), "$" + _pesos(rng),
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1980, 2014)}",
                rng.choice(["", f"Comentario sintético {n}"]), ""))
    return path


GRANT_RECIPIENT_TYPES = ("emprendedor", "microempresa", "pequena-empresa", "mediana-empresa", "organismo-intermedio")


def write_grants(path: Path, grants: int, seed: int = 7) -> Path:
    """Grants in this project's CSV format (data/README-grants.md), `grants` synthetic rows."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(f"# SYNTHETIC BENCHMARK DATA, not real grants: bench/synthetic.py (seed {seed}).\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("grant_id", "programme", "call", "recipient_type", "state_code", "sector", "amount_mxn",
                         "year", "funder"))
        for n in range(grants):
            writer.writerow((
                f"SINT-{n:08d}", f"Programa Sintético {n % 20}", f"Convocatoria sintética {rng.randint(1, 9)}",
                rng.choice(GRANT_RECIPIENT_TYPES), f"{rng.randint(1, 32):02d}" if rng.random() > 0.2 else "",
                rng.choice(("Comercio", "Manufactura", "Servicios", "Turismo", "")),
                f"{rng.randint(10_000, 2_000_000)}.{rng.randint(0, 99):02d}", str(rng.randint(2014, 2024)),
                "Secretaría de Economía" if n % 2 else ""))
    return path
