"""Hostile input, generated: the loaders' parsers, /sparql and the named-query API.

Only documented outcomes are allowed: a load either succeeds or is rejected with
a LoadError naming the file; the HTTP surface answers 2xx or a documented 4xx,
never a 5xx, and keeps answering.
"""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st

from bench.synthetic import export_header
from kg.config import PROJECT_ROOT
from kg.pipeline import map_and_validate, source_named
from kg.problems import LoadError
from tests.reliability.conftest import app_server, examples, figure

# ---- the loaders' parsers ----------------------------------------------------------------------

INTERESTING_CELLS = ["", "ND", "NR", "NA", "N/A", "MX0064", "MX0", "mx0064", "ZZZZZ99999", "1", "0", "-1", "3.5",
                     "three", "99999999999999999999", "Yes", "No", "yes", "Complete", "Limited", "Transformative",
                     "2016", "January 2017", "31/12/2018", "2018-02-30", "Underway", "http://example.org/x",
                     "javascript:alert(1)", "<script>alert(1)</script>", "Secretaría de la Función Pública (SFP)",
                     "A; B; C", '"quoted"', "line\nbreak", "tab\there", "\u202eRTL", "\ud7ff", "Mexico", "MX",
                     "2019-2021", "x" * 3000]
cells = st.one_of(st.sampled_from(INTERESTING_CELLS), st.text(max_size=40))
EXPORT_HEADER = export_header()
MEXICO = PROJECT_ROOT / "data" / "ogp-mexico"
with (MEXICO / "action-plans.csv").open(encoding="utf-8-sig") as _handle:
    ACTION_PLAN_HEADER = next(csv.reader(_handle))


def csv_text(header: list[str]):
    """A CSV in the source's shape: some of its columns, shuffled, and rows of odd cells."""
    @st.composite
    def build(draw):
        columns = draw(st.lists(st.sampled_from(header), min_size=1, max_size=min(len(header), 25), unique=True))
        rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(columns) + 2), max_size=6))
        quote = lambda cell: '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell
        return "\n".join(",".join(quote(c) for c in line) for line in [columns, *rows])
    return build()


@st.composite
def mutated_real_file(draw, path: Path):
    """The real source file with some rows kept, some cells changed, and perhaps cut short."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header, *rows = list(csv.reader(handle))
    kept = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=4))
    kept = [list(row) for row in kept]
    for _ in range(draw(st.integers(0, 6))):
        row = draw(st.sampled_from(kept))
        row[draw(st.integers(0, len(row) - 1))] = draw(cells)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *kept])
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = text[:draw(st.integers(len(text) // 2, len(text)))]
    return text


def rejected_or_loaded(source_name: str, content: bytes, settings) -> str:
    """Load the bytes as the source; the only allowed outcomes are a result or a LoadError."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzzed.csv"
        path.write_bytes(content)
        try:
            map_and_validate(source_named(settings, source_name), settings, path)
        except LoadError as error:
            assert error.problems and all(p.file.endswith("fuzzed.csv") for p in error.problems)
            return "rejected"
    return "loaded"


PARSER_OUTCOMES: dict[str, int] = {"loaded": 0, "rejected": 0}


@pytest.fixture(scope="module", autouse=True)
def parser_figures():
    yield
    if sum(PARSER_OUTCOMES.values()):
        figure(f"loader fuzzing: {sum(PARSER_OUTCOMES.values())} generated files, {PARSER_OUTCOMES['loaded']} loaded, "
               f"{PARSER_OUTCOMES['rejected']} rejected with a LoadError, 0 other outcomes")


@settings(max_examples=examples(120, 2000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(csv_text(EXPORT_HEADER), mutated_real_file(MEXICO / "commitments.csv")),
       encoding=st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
def test_the_ogp_export_loader_loads_or_rejects_any_csv(small_built, text, encoding):
    content = text.encode(encoding, errors="replace")
    PARSER_OUTCOMES[rejected_or_loaded("ogp-mexico-commitments", content, small_built)] += 1


@settings(max_examples=examples(60, 1000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(csv_text(ACTION_PLAN_HEADER), mutated_real_file(MEXICO / "action-plans.csv")))
def test_the_action_plan_loader_loads_or_rejects_any_csv(small_built, text):
    PARSER_OUTCOMES[rejected_or_loaded("ogp-mexico-action-plans", text.encode("utf-8"), small_built)] += 1


@settings(max_examples=examples(40, 1000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=2000))
def test_the_loaders_reject_or_load_any_bytes(small_built, content):
    for source in ("ogp-mexico-commitments", "ogp-mexico-action-plans"):
        PARSER_OUTCOMES[rejected_or_loaded(source, content, small_built)] += 1


# ---- /sparql: random and mutated queries --------------------------------------------------------

SEED_QUERIES = [
    "SELECT * WHERE { ?s a <https://w3id.org/aga-mx/def/Commitment> } LIMIT 5",
    "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?c ?t WHERE { ?c dct:title ?t FILTER(LANG(?t) = 'en') } ORDER BY ?t",
    "ASK { ?s ?p \"MX0064\" }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
    "DESCRIBE <https://w3id.org/aga-mx/id/commitment/MX0064>",
    "SELECT (COUNT(*) AS ?n) (MAX(STRLEN(STR(?o))) AS ?m) WHERE { ?s ?p ?o } GROUP BY ?p HAVING (COUNT(*) > 1)",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), '^(a+)+$', 'i')) } LIMIT 2",
    "SELECT * WHERE { VALUES ?x { 1 2.5 \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> } BIND(?x / 0 AS ?y) }",
    "SELECT * WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel>/^<http://www.w3.org/2004/02/skos/core#prefLabel>* ?o } LIMIT 4",
]
TOKENS = ["{", "}", "(", ")", ".", ";", ",", "?x", "$y", "*", "SELECT", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS",
          "GRAPH", "BIND", "AS", "VALUES", "LIMIT", "OFFSET", "-1", "1e999999", "0x10", "\"", "'", "\"\"\"", "<", ">",
          "<http://a>", "_:b", "[]", "a", "^^", "@en", "@", "#", "\\", "\\u0000", "\u0000", "\ud7ff\ue000", "^", "|", "/",
          "+", "?", "!", "&&", "||", "=", "!=", "NOT EXISTS", "EXISTS", "COUNT(", "SUM(", "GROUP BY", "ORDER BY",
          "STRDT(", "LANGMATCHES(", "NOW()", "RAND()", "UUID()", "SUBSTR(?o, -5, 99999999999)", "SERVICE", "LOAD", "INSERT",
          "DELETE", "CLEAR ALL", "FROM", "NAMED", "PREFIX p: <>", "BASE <x:>", "\n", " "]
ACCEPTS = ["*/*", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values", "text/turtle", "application/ld+json", "application/rdf+xml", "text/html",
           "image/png", ""]
# 206: an answer cut at the endpoint's row limit, where the endpoint has one.
DOCUMENTED = {200, 206, 400, 403, 406}


@st.composite
def mutated_query(draw):
    """A seed query as it is, or with a few characters cut, tokens spliced in, or characters replaced."""
    text = draw(st.sampled_from(SEED_QUERIES))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["cut", "insert", "replace"]))
        if action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        elif action == "insert":
            text = text[:at] + " " + draw(st.sampled_from(TOKENS)) + " " + text[at:]
        else:
            text = text[:at] + draw(st.text(max_size=3)) + text[at + 1:]
    return text


SPARQL_OUTCOMES: dict[int, int] = {}


@pytest.fixture(scope="module")
def fuzz_server(small_built):
    with app_server(small_built) as base:
        yield base
    if SPARQL_OUTCOMES:
        figure(f"SPARQL fuzzing: {sum(SPARQL_OUTCOMES.values())} random and mutated queries, answers by status "
               f"{dict(sorted(SPARQL_OUTCOMES.items()))}, 0 server errors")


@settings(max_examples=examples(150, 3000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(query=st.one_of(mutated_query(), st.text(max_size=200)), method=st.sampled_from(["GET", "POST", "direct"]),
       accept=st.sampled_from(ACCEPTS))
def test_random_and_mutated_queries_get_only_documented_answers(fuzz_server, query, method, accept):
    url, headers = fuzz_server + "/sparql", {"Accept": accept}
    if method == "GET":
        answer = requests.get(url, params={"query": query}, headers=headers, timeout=60)
    elif method == "POST":
        answer = requests.post(url, data={"query": query}, headers=headers, timeout=60)
    else:
        answer = requests.post(url, data=query.encode("utf-8", "surrogatepass"),
                               headers={**headers, "Content-Type": "application/sparql-query"}, timeout=60)
    SPARQL_OUTCOMES[answer.status_code] = SPARQL_OUTCOMES.get(answer.status_code, 0) + 1
    assert answer.status_code in DOCUMENTED, (answer.status_code, query, answer.text[:300])
    if answer.status_code >= 400:
        assert answer.headers["Content-Type"].startswith("text/plain") and answer.text.strip()


# ---- the named-query API against its own OpenAPI description ---------------------------------------

def test_the_api_answers_as_its_openapi_description_says(fuzz_server):
    schema = schemathesis.openapi.from_url(fuzz_server + "/api/openapi.json")
    calls: dict[int, int] = {}

    @settings(max_examples=examples(60, 1000), deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=schema.as_strategy(schemathesis.GenerationMode.POSITIVE)
           | schema.as_strategy(schemathesis.GenerationMode.NEGATIVE))
    def conforms(case):
        response = case.call_and_validate()
        calls[response.status_code] = calls.get(response.status_code, 0) + 1

    conforms()
    assert calls and max(calls) < 500
    figure(f"schemathesis on /api/openapi.json: {sum(calls.values())} generated calls, answers by status "
           f"{dict(sorted(calls.items()))}, every one conforming to the description")
