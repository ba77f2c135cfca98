"""IRM-summary figures drawn from the named queries as inline SVG (no JavaScript).

Each chart keeps the query and arguments it came from, so a page can link to
/api/<name> and its CSV, and a missing value is drawn as a note, never as zero.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from markupsafe import Markup, escape

from kg.store import OxigraphStore
from server.named_queries import NamedQuery

MISSING = {"es": "no consta en las fuentes", "en": "not stated in the sources"}
ROW, LABEL_WIDTH, BAR_WIDTH, PAD = 22, 230, 320, 8
GOOD_COMPLETION = {"Substantial", "Complete"}


@dataclass
class Category:
    label: str
    value: float | None  # None: the graph has no value, drawn as a note
    text: str = ""


@dataclass
class Chart:
    key: str
    title: dict[str, str]
    query: str
    arguments: dict[str, str]
    categories: list[Category]
    unit: dict[str, str] = field(default_factory=lambda: {"es": "", "en": ""})
    maximum: float | None = None  # a fixed scale end (e.g. 5 for IAP2), else the largest value

    @property
    def marks(self) -> int:
        return sum(c.value is not None for c in self.categories)

    @property
    def api_link(self) -> str:
        return f"/api/{self.query}" + (f"?{urlencode(self.arguments)}" if self.arguments else "")

    @property
    def csv_link(self) -> str:
        return f"/api/{self.query}?" + urlencode({**self.arguments, "format": "csv"})

    @property
    def try_link(self) -> str:
        return f"/sparql#example={self.query}"


def svg(chart: Chart, language: str) -> Markup:
    """Horizontal bars, one row per category; a standalone SVG document fragment."""
    height = PAD * 2 + ROW * max(1, len(chart.categories))
    width = LABEL_WIDTH + BAR_WIDTH + 90
    top = chart.maximum or max((c.value for c in chart.categories if c.value is not None), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{escape(chart.title[language])}">',
             f"<title>{escape(chart.title[language])}</title>"]
    for i, category in enumerate(chart.categories):
        y = PAD + i * ROW
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(category.label)}</text>')
        if category.value is None:
            parts.append(f'<text class="missing" x="{LABEL_WIDTH + 4}" y="{y + 15}">{MISSING[language]}</text>')
            continue
        length = BAR_WIDTH * category.value / top
        parts.append(f'<rect class="mark" x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{ROW - 6}">'
                     f"<title>{escape(category.label)}: {escape(category.text)}</title></rect>")
        parts.append(f'<text class="value" x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 15}">{escape(category.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _rows(store: OxigraphStore, query: NamedQuery, arguments: dict[str, str]) -> list[dict]:
    solutions = store.query(query.text, substitutions=query.bindings(arguments))
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def _share(good: int, rated: int) -> Category:
    return Category("", 100 * good / rated, f"{100 * good / rated:.0f}% ({good}/{rated})") if rated else Category("", None)


def plan_charts(store: OxigraphStore, queries: dict[str, NamedQuery], member: str, plan: str | None) -> list[Chart]:
    """A member's figures; with `plan`, the plan's own breakdowns first."""
    args = {"member": member}
    charts: list[Chart] = []
    completion = _rows(store, queries["commitments-by-completion"], args)
    impact = _rows(store, queries["commitments-by-potential-impact"], args)
    influence = _rows(store, queries["plan-public-influence"], args)
    if plan:
        charts.append(Chart("completion", {"es": "Cumplimiento de sus compromisos", "en": "Completion of its commitments"},
                            "commitments-by-completion", args,
                            [Category(f"{r['report']}: {r['level']}", float(r["commitments"]), r["commitments"])
                             for r in completion if r["plan"] == plan] or [Category("—", None)]))
        charts.append(Chart("ambition", {"es": "Ambición: impacto potencial", "en": "Ambition: potential impact"},
                            "commitments-by-potential-impact", args,
                            [Category(r["level"], float(r["commitments"]), r["commitments"])
                             for r in impact if r["plan"] == plan] or [Category("—", None)]))
    charts.append(Chart("influence", {"es": "Influencia del público en la co-creación (IAP2, 1-5)",
                                      "en": "Public influence in co-creation (IAP2, 1-5)"},
                        "plan-public-influence", args,
                        [Category(f"{member} {r['planNumber']}", float(r["order"]) if r["order"] else None,
                                  f"{r['order']} {r['level']}" if r["order"] else "")
                         for r in influence if not plan or r["plan"] == plan], maximum=5))
    per_plan = []
    for r in influence:  # every plan of the member, first plans first
        rated = [c for c in completion if c["plan"] == r["plan"] and c["report"] == "End-of-Term Report"]
        good = sum(int(c["commitments"]) for c in rated if c["level"] in GOOD_COMPLETION)
        category = _share(good, sum(int(c["commitments"]) for c in rated))
        category.label = f"{member} {r['planNumber']}" + (" ◀" if r["plan"] == plan else "")
        per_plan.append(category)
    charts.append(Chart("completion-by-plan", {
        "es": "Compromisos sustanciales o completos al fin de término, por plan",
        "en": "Commitments substantial or complete at end of term, per plan"},
        "commitments-by-completion", args, per_plan, maximum=100))
    return charts


def members_chart(store: OxigraphStore, queries: dict[str, NamedQuery]) -> Chart:
    rows = _rows(store, queries["members-completion-and-ambition"], {})
    categories = []
    for r in rows:
        category = _share(int(r["substantialOrComplete"]), int(r["completionRated"]))
        category.label = r["member"]
        categories.append(category)
    return Chart("members", {"es": "Sustanciales o completos al fin de término, por miembro",
                             "en": "Substantial or complete at end of term, per member"},
                 "members-completion-and-ambition", {}, categories, maximum=100)
