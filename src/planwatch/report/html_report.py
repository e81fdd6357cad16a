"""The report as one self-contained HTML file (styles inline, charts as data URIs; no network)."""

from __future__ import annotations

import base64
from pathlib import Path

from planwatch.report.charts import STATUS_COLORS
from planwatch.report.content import HISTORICAL_HEADER, HISTORICAL_TITLE, ReportContent, historical_cells


def render_html(content: ReportContent) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("planwatch.report", "templates"), autoescape=select_autoescape(["html", "j2"]))
    charts = {name: "data:image/png;base64," + base64.b64encode(png).decode("ascii") for name, png in content.charts.items()}
    return environment.get_template("report.html.j2").render(
        c=content,
        charts=charts,
        colors=STATUS_COLORS,
        historical_title=HISTORICAL_TITLE,
        historical_header=HISTORICAL_HEADER,
        historical_cells=historical_cells,
    )


def write_html(content: ReportContent, path: Path) -> Path:
    path.write_text(render_html(content), encoding="utf-8")
    return path
