"""The named-query API: typed parameters, every format, and an OpenAPI description that holds."""
from __future__ import annotations

import csv
import io
from urllib.parse import parse_qsl

import pytest
import requests
from openapi_spec_validator import validate

SFP = "https://w3id.org/aga-mx/id/organization/secretaria-de-la-funcion-publica"


@pytest.fixture(scope="module")
def openapi(live_server):
    return requests.get(live_server + "/api/openapi.json").json()


def test_the_openapi_description_is_valid_openapi_3(openapi):
    validate(openapi)
    assert openapi["openapi"].startswith("3.")


def test_every_operation_answers_its_example(live_server, openapi):
    queries_page = requests.get(live_server + "/queries").text
    for path, item in openapi["paths"].items():
        name = path.rsplit("/", 1)[-1]
        example = next((line.split(":", 1)[1].strip() for line in
                        requests.get(f"{live_server}{path}.rq").text.splitlines()
                        if line.startswith("# example:")), "")
        params = dict(parse_qsl(example)) if "=" in example else {}
        response = requests.get(live_server + path, params=params)
        assert response.status_code == 200, (path, response.text)
        assert response.json()["rows"], f"{path} returned no rows for its example"
        for parameter in item["get"]["parameters"]:
            assert parameter["name"] in ("format", *params) or "default" in parameter["schema"]
        assert f'id="{name}"' in queries_page


def test_an_agencys_commitments_are_the_ones_the_source_names(live_server):
    rows = requests.get(live_server + "/api/agency-commitments", params={"agency": SFP}).json()["rows"]
    assert {(r["identifier"], r["role"]) for r in rows} == {("MX0075", "lead"), ("MX0087", "lead")}


def test_answers_come_as_csv_and_sparql_results(live_server):
    response = requests.get(live_server + "/api/agency-commitments", params={"agency": SFP, "format": "csv"})
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["identifier"] for r in rows} == {"MX0075", "MX0087"}
    response = requests.get(live_server + "/api/agency-commitments", params={"agency": SFP},
                            headers={"Accept": "application/sparql-results+json"})
    assert response.json()["head"]["vars"][0] == "agency"


@pytest.mark.parametrize("params, message", [
    ({"agency": "not an iri"}, "parameter 'agency' must be an http(s) IRI"),
    ({"agency": SFP + "> } ; DROP ALL ; #"}, "parameter 'agency' must be an http(s) IRI"),
    ({"agency": SFP, "colour": "red"}, "unknown parameter(s): colour"),
    ({"agency": SFP, "format": "pdf"}, "format 'pdf' is not offered"),
])
def test_bad_parameters_are_400_with_the_reason(live_server, params, message):
    response = requests.get(live_server + "/api/agency-commitments", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_an_unknown_query_is_404(live_server):
    assert requests.get(live_server + "/api/no-such-question").status_code == 404
