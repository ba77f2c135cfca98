"""The IRM-summary dashboard, and each chart alone as SVG for download."""
from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, render_template, request

from server.api import named_queries
from server.charts import members_chart, plan_charts, svg
from server.labels import reader_language

blueprint = Blueprint("dashboard", __name__)
MEMBER = re.compile(r"[A-Z]{2,3}")


def _member() -> str:
    member = request.args.get("member", "MX")
    return member if MEMBER.fullmatch(member) else "MX"


def dashboard_charts(member: str, plan: str | None = None) -> list:
    store, queries = current_app.extensions["kg_store"], named_queries()
    charts = plan_charts(store, queries, member, plan)
    return charts if plan else [*charts, members_chart(store, queries)]


@blueprint.route("/dashboard")
def dashboard() -> str:
    member = _member()
    return render_template("dashboard.html", member=member, charts=dashboard_charts(member),
                           language=reader_language(), svg=svg)


@blueprint.route("/dashboard/chart/<key>.svg")
def chart_svg(key: str) -> Response:
    """One chart as a standalone SVG file; `plan` picks a plan's own figures."""
    plan = request.args.get("plan") or None
    chart = next((c for c in dashboard_charts(_member(), plan) if c.key == key), None)
    if chart is None:
        return Response(f"no chart '{key}'\n", status=404, mimetype="text/plain")
    return Response(svg(chart, reader_language()), mimetype="image/svg+xml",
                    headers={"Content-Disposition": f'inline; filename="{key}.svg"'})
