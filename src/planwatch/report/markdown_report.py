"""The report as Markdown; charts are written as PNG files beside it (``<name>_charts/``)."""

from __future__ import annotations

from pathlib import Path

from planwatch.report.content import (
    HISTORICAL_HEADER,
    HISTORICAL_TITLE,
    SOURCE_HEADER,
    TASK_HEADER,
    ReportContent,
    historical_cells,
    source_cells,
    summary_table,
    task_cells,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(map(_cell, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    return [*lines, ""]


def write_markdown(content: ReportContent, path: Path) -> Path:
    folder = path.with_name(f"{path.stem}_charts")
    if content.charts:
        folder.mkdir(exist_ok=True)
    images = {}
    for name, png in content.charts.items():
        (folder / f"{name}.png").write_bytes(png)
        images[name] = f"{folder.name}/{name}.png"

    lines = [f"# {content.title}", "", f"评估年度：{content.year}年　生成日期：{content.generated:%Y年%m月%d日}", "", "## 一、总体情况", ""]
    lines += [*(f"{p}\n" for p in content.overview)]
    if "status" in images:
        lines += [f"![指标状态分布]({images['status']})", ""]
    lines += ["## 二、主要指标完成情况", ""]
    lines += _table(content.header, [content.cells(r) for r in content.rows])
    lines += [f"> {note}\n" for note in content.notes]
    for row in content.rows:
        if f"indicator-{row.number}" in images:
            lines += [f"![{row.name}]({images[f'indicator-{row.number}']})", ""]
    lines += ["## 三、进度滞后的指标", ""]
    lines += [f"- **{r.name}**（{r.status}，{r.projection}）：{r.explanation}。依据：规划原文{r.evidence}。" for r in content.lagging] or [
        "无进度滞后或预计难以完成的指标。"
    ]
    lines += ["", "## 四、重点任务和重大项目推进情况", ""]
    lines += _table(*summary_table(content.task_summary))
    lines += _table(TASK_HEADER, [task_cells(t) for t in content.tasks])
    lines += ["## 五、下一步工作建议", ""]
    lines += [f"{n}. {text}" for n, text in enumerate(content.suggestions, start=1)]
    if content.historical:
        lines += ["", f"## {HISTORICAL_TITLE}", ""]
        lines += _table(HISTORICAL_HEADER, [historical_cells(h) for h in content.historical])
    lines += ["", "## 附录：数据来源", ""]
    lines += _table(SOURCE_HEADER, [source_cells(o) for o in content.sources])
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
