"""Which page design a resource gets, and the extra facts each design shows.

The design is chosen by rdf:type (subclasses included, through the ontology in
the store) and fed by standard properties, so data from any loader that uses
DCAT, schema.org or the Data Cube vocabulary fits without changes here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Variable

from kg.namespaces import AGA_IRI
from kg.store import OxigraphStore
from server.describe import PREFIX_DECLARATIONS, labels_of

AGA = AGA_IRI
DCAT = "http://www.w3.org/ns/dcat#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# First match wins: the most specific designs come first.
KINDS = (
    (AGA + "ActionPlan", "action_plan"),
    (AGA + "Commitment", "commitment"),
    (SCHEMA + "FundingScheme", "fund"),
    (DCAT + "Dataset", "dataset"),
    ("http://www.w3.org/ns/org#Organization", "agency"),
    (SCHEMA + "Organization", "agency"),
)
# What a commitment page gathers from the resources linked to it, by their class.
COMMITMENT_RELATED = (
    (AGA + "Milestone", "milestones"),
    ("http://www.w3.org/ns/org#Organization", "agencies"),
    (SCHEMA + "Organization", "agencies"),
    (DCAT + "Dataset", "datasets"),
    (AGA + "Recommendation", "recommendations"),
)
# Within one year (or with no year stated), an end-of-term report follows the progress report.
REPORT_STAGE = {AGA + "report-progress": 0, AGA + "report-end-of-term": 1}
INDICATORS = tuple(AGA + name for name in (
    "completion", "potentialImpact", "potentialForResults", "didItOpenGovernment", "earlyResults", "specificity"))

CLASSES_QUERY = PREFIX_DECLARATIONS + "SELECT ?resource ?class WHERE { ?resource a/rdfs:subClassOf* ?class }"
VOCABULARY_LABELS_QUERY = PREFIX_DECLARATIONS + f"""SELECT ?t ?label WHERE {{
  ?t skos:prefLabel|rdfs:label ?label . FILTER(STRSTARTS(STR(?t), "{AGA}"))
}}"""
PLAN_COMMITMENTS_QUERY = PREFIX_DECLARATIONS + f"""PREFIX aga: <{AGA}>
SELECT ?resource ?c ?title ?starred WHERE {{
  ?c dct:isPartOf ?resource ; a aga:Commitment .
  OPTIONAL {{ ?c dct:title ?title }}
  OPTIONAL {{ ?c aga:starred ?starred }}
}}"""
ASSESSMENTS_QUERY = PREFIX_DECLARATIONS + f"""PREFIX aga: <{AGA}>
SELECT ?resource ?c ?a ?p ?v WHERE {{
  {{scope}}
  ?c aga:assessment ?a . ?a ?p ?v .
}}"""
# (Classes are looked up per linked node: joining the links with their classes in
# one query makes Oxigraph scan every typed node, 100x slower.)
LINKED_QUERY = PREFIX_DECLARATIONS + f"""SELECT DISTINCT ?resource ?x ?label WHERE {{
  {{ ?resource ?p ?x }} UNION {{ ?x ?q ?resource }}
  FILTER(isIRI(?x))
  OPTIONAL {{ {labels_of('?x')} }}
}}"""
DISTRIBUTIONS_QUERY = """SELECT ?resource ?d ?p ?v WHERE {
  ?resource <http://www.w3.org/ns/dcat#distribution> ?d . ?d ?p ?v
}"""
OBSERVATIONS_QUERY = PREFIX_DECLARATIONS + """SELECT ?resource ?obs ?p ?v ?plabel WHERE {
  ?obs a <http://purl.org/linked-data/cube#Observation> ; ?link ?resource ; ?p ?v .
  FILTER(isLiteral(?v))
  OPTIONAL { ?p rdfs:label ?plabel }
}"""
NUMERIC = {XSD + t for t in ("decimal", "integer", "double", "float", "long", "int", "nonNegativeInteger")}
YEAR_PROPERTIES = ("refPeriod", "year", "refYear", "period")


def classes_of(store: OxigraphStore, iri: str) -> set[str]:
    """Its classes and their superclasses."""
    return {row["class"].value for row in
            store.query(CLASSES_QUERY, substitutions={Variable("resource"): NamedNode(iri)})}


def kind_of(store: OxigraphStore, iri: str) -> str:
    classes = classes_of(store, iri)
    return next((kind for cls, kind in KINDS if cls in classes), "generic")


def vocabulary_labels(store: OxigraphStore) -> dict[str, list[Literal]]:
    labels: dict[str, list[Literal]] = {}
    for row in store.query(VOCABULARY_LABELS_QUERY):
        labels.setdefault(row["t"].value, []).append(row["label"])
    return labels


@dataclass
class Assessment:
    iri: str
    year: str | None = None
    report_type: str | None = None
    indicators: dict[str, str] = field(default_factory=dict)  # indicator IRI -> concept IRI
    starred: bool | None = None


def _assessments(store: OxigraphStore, scope: str, iri: str) -> dict[str, list[Assessment]]:
    by_commitment: dict[str, dict[str, Assessment]] = {}
    query = ASSESSMENTS_QUERY.replace("{scope}", scope)
    variable = "resource" if scope else "c"
    for row in store.query(query, substitutions={Variable(variable): NamedNode(iri)}):
        assessment = by_commitment.setdefault(row["c"].value, {}).setdefault(row["a"].value, Assessment(row["a"].value))
        predicate, value = row["p"].value, row["v"]
        if predicate == AGA + "reportYear":
            assessment.year = value.value
        elif predicate == AGA + "reportType":
            assessment.report_type = value.value
        elif predicate == AGA + "starred":
            assessment.starred = value.value == "true"
        elif predicate in INDICATORS:
            assessment.indicators[predicate] = value.value
    return {c: sorted(a.values(), key=lambda x: (x.year or "", REPORT_STAGE.get(x.report_type, 0), x.iri))
            for c, a in by_commitment.items()}


def action_plan(store: OxigraphStore, iri: str) -> dict:
    """The plan's commitments, each with the ratings of its latest IRM assessment."""
    commitments: dict[str, dict] = {}
    for row in store.query(PLAN_COMMITMENTS_QUERY, substitutions={Variable("resource"): NamedNode(iri)}):
        commitment = commitments.setdefault(row["c"].value, {"iri": row["c"].value, "titles": [], "starred": None})
        if row["title"] is not None and row["title"] not in commitment["titles"]:
            commitment["titles"].append(row["title"])
        if row["starred"] is not None:
            commitment["starred"] = row["starred"].value == "true"
    assessments = _assessments(store, "?c <http://purl.org/dc/terms/isPartOf> ?resource .", iri)
    for commitment in commitments.values():
        history = assessments.get(commitment["iri"], [])
        commitment["latest"] = history[-1] if history else None
    rows = sorted(commitments.values(), key=lambda c: c["iri"])
    shown = [i for i in INDICATORS if any(c["latest"] and i in c["latest"].indicators for c in rows)]
    return {"commitments": rows, "indicators": shown, "vocabulary": vocabulary_labels(store),
            **_plan_figures(store, iri)}


def _plan_figures(store: OxigraphStore, iri: str) -> dict:
    """The IRM-summary charts of the plan (server/charts.py), drawn from the named queries."""
    from server.charts import svg
    from server.dashboard import dashboard_charts

    member = next(iter(store.query(
        "SELECT ?plan ?m WHERE { ?plan <https://w3id.org/aga-mx/def/member>/<http://www.w3.org/2004/02/skos/core#notation> ?m }",
        substitutions={Variable("plan"): NamedNode(iri)})), None)
    if member is None:
        return {}
    code = member["m"].value
    return {"charts": dashboard_charts(code, iri), "member": code, "svg": svg}


def commitment(store: OxigraphStore, iri: str) -> dict:
    """Its IRM assessments side by side, and the milestones, agencies, datasets and recommendations linked to it."""
    history = _assessments(store, "", iri).get(iri, [])
    shown = [i for i in INDICATORS if any(i in a.indicators for a in history)]
    linked: dict[str, list[Literal]] = {}
    for row in store.query(LINKED_QUERY, substitutions={Variable("resource"): NamedNode(iri)}):
        labels = linked.setdefault(row["x"].value, [])
        if row["label"] is not None and row["label"] not in labels:
            labels.append(row["label"])
    related: dict[str, dict[str, list[Literal]]] = {}
    for node, labels in linked.items():
        classes = classes_of(store, node)
        for section in dict.fromkeys(section for cls, section in COMMITMENT_RELATED if cls in classes):
            related.setdefault(section, {})[node] = labels
    return {"assessments": history, "indicators": shown, "related": related, "vocabulary": vocabulary_labels(store)}


def dataset(store: OxigraphStore, iri: str) -> dict:
    """Its distributions, one row each, from the standard DCAT properties."""
    distributions: dict[str, dict[str, list]] = {}
    for row in store.query(DISTRIBUTIONS_QUERY, substitutions={Variable("resource"): NamedNode(iri)}):
        distributions.setdefault(row["d"].value, {}).setdefault(row["p"].value, []).append(row["v"])
    return {"distributions": [{"iri": d, "values": v} for d, v in sorted(distributions.items())]}


@dataclass
class Point:
    year: str
    amount: float
    text: str  # the amount as the data states it

    @property
    def short(self) -> str:
        """For a bar's label: grouped thousands, cents at most (the table keeps the stated value)."""
        return f"{self.amount:,.0f}" if self.amount == int(self.amount) else f"{self.amount:,.2f}"


# A fund's chart shows its balance where the data has one; otherwise the first measure found.
PREFERRED_MEASURES = ("https://w3id.org/aga-mx/def/availableBalance",)


def fund(store: OxigraphStore, iri: str) -> dict:
    """Its yearly series: Data Cube observations that point at it, with a year and a number each."""
    observations: dict[str, dict[str, tuple[Literal, list[Literal]]]] = {}
    for row in store.query(OBSERVATIONS_QUERY, substitutions={Variable("resource"): NamedNode(iri)}):
        values = observations.setdefault(row["obs"].value, {})
        _, labels = values.setdefault(row["p"].value, (row["v"], []))
        if row["plabel"] is not None and row["plabel"] not in labels:
            labels.append(row["plabel"])
    series, measure = [], None
    for values in observations.values():
        year = next((_year(p, v) for p, (v, _) in values.items() if _year(p, v)), None)
        numeric = sorted(((p, v, labels) for p, (v, labels) in values.items()
                          if v.datatype.value in NUMERIC and not _year(p, v)),
                         key=lambda m: (m[0] not in PREFERRED_MEASURES, m[0]))
        amount = numeric[0] if numeric else None
        if year and amount:
            series.append(Point(year, float(amount[1].value), amount[1].value))
            measure = measure or (amount[0], amount[2])
    series.sort(key=lambda p: p.year)
    return {"series": series, "measure": measure, "chart": chart(series) if series else None}


def _year(predicate: str, value: Literal) -> str | None:
    datatype = value.datatype.value
    if datatype == XSD + "gYear":
        return value.value[:4]
    if datatype in (XSD + "date", XSD + "dateTime") or predicate.rsplit("/", 1)[-1].rsplit("#", 1)[-1] in YEAR_PROPERTIES:
        return value.value[:4] if value.value[:4].isdigit() else None
    return None


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    point: Point


def chart(series: list[Point], width: int = 640, height: int = 240, margin: int = 32) -> dict:
    """Bar geometry for an inline SVG, from zero to the largest value (negative bars go below the axis)."""
    top = max(0.0, *(p.amount for p in series))
    bottom = min(0.0, *(p.amount for p in series))
    span = (top - bottom) or 1.0
    plot_height = height - 2 * margin
    zero = margin + plot_height * top / span
    step = (width - 2 * margin) / len(series)
    bars = []
    for i, point in enumerate(series):
        size = plot_height * abs(point.amount) / span
        y = zero - size if point.amount >= 0 else zero
        bars.append(Bar(margin + i * step + step * 0.15, y, step * 0.7, size, point))
    return {"width": width, "height": height, "zero": zero, "margin": margin, "bars": bars,
            "top": top, "bottom": bottom}


DESIGNS = {"action_plan": action_plan, "commitment": commitment, "dataset": dataset, "fund": fund}


def extra_context(store: OxigraphStore, kind: str, iri: str) -> dict:
    design = DESIGNS.get(kind)
    return design(store, iri) if design else {}
