"""The report as one self-contained HTML file (styles inline, charts as data URIs; no network).

Its own Content-Security-Policy (no script at all) goes with it when it is saved and opened from disk."""

from __future__ import annotations

import base64
from pathlib import Path

from planwatch.report.charts import STATUS_COLORS
from planwatch.report.content import ReportContent
from planwatch.safety import safe_link


def render_html(content: ReportContent) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("planwatch.report", "templates"), autoescape=select_autoescape(["html", "j2"]))
    environment.filters["safe_link"] = safe_link
    charts = {name: "data:image/png;base64," + base64.b64encode(png).decode("ascii") for name, png in content.charts.items()}
    return environment.get_template("report.html.j2").render(
        c=content,
        charts=charts,
        colors=STATUS_COLORS,
    )


def write_html(content: ReportContent, path: Path) -> Path:
    path.write_text(render_html(content), encoding="utf-8")
    return path
