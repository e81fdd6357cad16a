"""The report as Markdown; charts are written as PNG files beside it (``<name>_charts/``)."""

from __future__ import annotations

from pathlib import Path

from planwatch.report.content import ReportContent


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
    if content.task_summary:
        statuses = list(content.task_summary[0].counts)
        lines += _table(
            ["章节", "合计", *statuses, "逾期"],
            [[c.chapter, str(c.total), *map(str, c.counts.values()), str(c.overdue)] for c in content.task_summary],
        )
    lines += _table(
        ["任务/项目", "状态", "日期", "责任单位", "里程碑", "计划完成"],
        [
            [
                f"{s.section.path} {s.section.label}{s.section.title}",
                s.status + ("（逾期）" if s.overdue else ""),
                str(s.latest.entry_date),
                s.latest.department,
                s.latest.milestone,
                str(s.latest.due or ""),
            ]
            for s in content.tasks
            if s.latest is not None
        ],
    )
    lines += ["## 五、下一步工作建议", ""]
    lines += [f"{n}. {text}" for n, text in enumerate(content.suggestions, start=1)]
    lines += ["", "## 附录：数据来源", ""]
    lines += _table(
        ["编号", "地区", "指标", "年份", "数值", "原文", "来源"],
        [
            [
                f"#{o.id}",
                o.region,
                o.indicator_name,
                str(o.year),
                f"{o.value:g}{o.unit}",
                f"{o.value_raw}{o.unit_raw}",
                ("【示例数据】" if o.illustrative else "") + (o.source_url or o.source),
            ]
            for o in content.sources
        ],
    )
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
