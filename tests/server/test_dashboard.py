"""The IRM-summary charts over real HTTP: marks from the data, notes where it is missing, downloads."""
from __future__ import annotations

import csv
import re
from pathlib import Path
from xml.etree import ElementTree

import requests

DATA = Path(__file__).resolve().parents[2] / "data"
SVG = "{http://www.w3.org/2000/svg}"


def _plans() -> list[dict]:
    with (DATA / "ogp-mexico" / "action-plans.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_influence_chart_draws_only_the_levels_the_sources_state(live_server):
    response = requests.get(live_server + "/dashboard/chart/influence.svg?member=MX", timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(response.content)  # a well-formed standalone SVG
    marks = root.findall(f"{SVG}rect[@class='mark']")
    missing = root.findall(f"{SVG}text[@class='missing']")
    stated = [p for p in _plans() if p["co_creation_iap2_level"].strip()]
    assert len(marks) == len(stated) == 1  # plan 4: collaboration (IAP2 level 4)
    assert marks[0].find(f"{SVG}title").text.endswith("4 Collaborate")
    assert len(missing) == len(_plans()) - len(stated)


def test_plan_charts_link_to_their_query_csv_and_svg(live_server):
    page = requests.get(live_server + "/id/action-plan/MX-4", headers={"Accept": "text/html"}, timeout=30).text
    for key in ("completion", "ambition", "influence", "completion-by-plan"):
        assert f'id="chart-{key}"' in page
    assert 'href="/api/plan-public-influence?member=MX"' in page
    assert 'href="/sparql#example=plan-public-influence"' in page
    csv_link = re.search(r'href="(/api/plan-public-influence\?[^"]*format=csv)"', page).group(1)
    rows = list(csv.DictReader(requests.get(live_server + csv_link.replace("&amp;", "&"), timeout=30).text.splitlines()))
    assert [r["planNumber"] for r in rows] == [p["plan_number"] for p in _plans()]
    svg_link = re.search(r'href="(/dashboard/chart/influence\.svg\?[^"]*)"', page).group(1).replace("&amp;", "&")
    assert requests.get(live_server + svg_link, timeout=30).text.count('class="mark"') == 1


def test_mexico_has_no_completion_rating_so_its_plans_say_so(live_server):
    page = requests.get(live_server + "/dashboard", timeout=30).text
    figure = re.search(r'<figure class="irm-chart" id="chart-completion-by-plan".*?</figure>', page, re.S).group(0)
    assert 'class="mark"' not in figure and figure.count('class="missing"') == len(_plans())


def test_an_unknown_chart_is_a_clear_404(live_server):
    response = requests.get(live_server + "/dashboard/chart/nothing.svg", timeout=30)
    assert response.status_code == 404 and "nothing" in response.text
