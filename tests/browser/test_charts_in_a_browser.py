"""The dashboard and an action-plan page in headless Chromium: each chart draws one mark per value the sources state.

Expected counts come from the CSV files in data/, read here with the csv module.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.browser.test_pages_in_a_browser import browser  # noqa: F401  (the Chromium fixture)

DATA = Path(__file__).resolve().parents[2] / "data"
NOT_STATED = {"", "ND", "NR", "NA", "N/A"}


def _csv(*parts: str) -> list[dict]:
    with DATA.joinpath(*parts).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _stated(cell: str) -> str | None:
    return None if cell.strip() in NOT_STATED else cell.strip()


@pytest.fixture(scope="module")
def export() -> list[dict]:
    return _csv("ogp-g0v", "open_parliament_0703.csv")


def marks_per_chart(driver) -> dict[str, int]:
    charts = {}
    for figure in driver.find_elements(By.CSS_SELECTOR, "figure.irm-chart"):
        svg = figure.find_element(By.TAG_NAME, "svg")
        assert svg.size["width"] > 0 and svg.size["height"] > 0  # laid out, not hidden
        charts[figure.get_attribute("id")] = len(figure.find_elements(By.CSS_SELECTOR, "svg rect.mark"))
    return charts


def test_dashboard_charts_draw_the_stated_values(live_server, browser, export):  # noqa: F811
    browser.get(live_server + "/dashboard?member=MX")
    plans = _csv("ogp-mexico", "action-plans.csv")
    rated_members = {r["Country/Locality"] for r in export if _stated(r["Completion (End Of Term)"])}
    mexico_rated = [r for r in _csv("ogp-mexico", "commitments.csv") if _stated(r["Completion (End Of Term)"])]
    assert marks_per_chart(browser) == {
        "chart-influence": sum(bool(p["co_creation_iap2_level"].strip()) for p in plans),  # 1: plan 4
        "chart-completion-by-plan": len(mexico_rated),  # 0: the sources rate none of Mexico's plans
        "chart-members": len(rated_members),
    }
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart-completion-by-plan text.missing")) == len(plans)


def test_action_plan_page_charts_draw_the_plan_ratings(live_server, browser, export):  # noqa: F811
    croatia = {r["Commitment Unique Identifier"]: r for r in export if r["Country/Locality"] == "Croatia"}
    plan_2 = [r for r in croatia.values() if r["Action Plan Number"] == "2"]
    completion = {(column, level) for r in plan_2 for column in ("Completion (Progress Report)", "Completion (End Of Term)")
                  if (level := _stated(r[column]))}
    ambition = {level for r in plan_2 if (level := _stated(r["Potential Impact"]))}
    plans_rated = {r["Action Plan Number"] for r in croatia.values() if _stated(r["Completion (End Of Term)"])}
    browser.get(live_server + "/id/action-plan/HR-2")
    assert marks_per_chart(browser) == {
        "chart-completion": len(completion),
        "chart-ambition": len(ambition),
        "chart-influence": 0,  # no source states Croatia's level of public influence
        "chart-completion-by-plan": len(plans_rated),
    }
    assert browser.find_element(By.CSS_SELECTOR, "#chart-influence text.missing").text == "no consta en las fuentes"
