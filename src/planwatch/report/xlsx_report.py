"""The report as an Excel workbook: overview, the indicator table with numbers as numbers,
tasks, and the data sources, one sheet each."""

from __future__ import annotations

import io
from pathlib import Path

from planwatch.report.content import HISTORICAL_HEADER, ReportContent, historical_cells
from planwatch.safety import neutralise_workbook


def write_xlsx(content: ReportContent, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    overview = workbook.active
    assert overview is not None
    overview.title = "报告"
    overview.append((content.title,))
    overview.append((f"评估年度：{content.year}年", f"生成日期：{content.generated:%Y-%m-%d}"))
    for block in content.blocks():
        if block.kind in ("heading", "paragraph", "note"):
            overview.append((block.text,))
            if block.kind == "heading":
                overview.cell(overview.max_row, 1).font = Font(bold=True)
        elif block.kind == "list":
            for n, item in enumerate(block.items, start=1):
                overview.append((f"{n}. {item}",))
        elif block.kind == "table":
            overview.append(block.header)
            for cell in overview[overview.max_row]:
                cell.font = Font(bold=True)
            for values in block.rows:
                overview.append(values)
            overview.append(())
    overview.append(())
    overview.append(("状态（公开数据）", "指标数"))
    for status, count in content.counts.items():
        overview.append((status, count))
    overview["A1"].font = Font(bold=True, size=14)
    overview.column_dimensions["A"].width = 60
    if "status" in content.charts:
        overview.add_image(Image(io.BytesIO(content.charts["status"])), "J4")

    indicators = workbook.create_sheet("主要指标")
    indicators.append(
        (
            "序号",
            "指标",
            "指标代码",
            "领域",
            "属性",
            "单位",
            "基期值",
            "基期年",
            "目标值",
            "目标",
            "目标年",
            *(f"{y}年" for y in content.years),
            "完成进度",
            "应完成进度",
            "状态",
            "预计完成情况",
            "数据截至",
            "说明",
            "规划依据",
            "含示例数据",
        )
    )
    for row in content.rows:
        a, t = row.rated.assessment, row.rated.target
        indicators.append(
            (
                row.number,
                row.name,
                t.indicator_key,
                row.field,
                row.attribute,
                row.unit,
                a.baseline,
                a.baseline_year,
                t.value,
                row.target_text,
                t.target_year,
                *(row.actuals[y] for y in content.years),
                a.completion,
                a.expected,
                row.status,
                row.projection,
                a.year,
                row.explanation,
                row.citation,
                "是" if row.rated.illustrative else "",
            )
        )
    share_columns = [11 + len(content.years) + offset for offset in (1, 2)]
    for column in share_columns:
        for cells in indicators.iter_rows(min_row=2, min_col=column, max_col=column):
            cells[0].number_format = "0.0%"

    tasks = workbook.create_sheet("任务进展")
    tasks.append(("路径", "任务/项目", "状态", "逾期", "日期", "责任单位", "里程碑", "计划完成", "备注", "佐证链接", "示例数据"))
    for task in content.tasks:
        latest = task.latest
        assert latest is not None
        tasks.append(
            (
                task.section.path,
                f"{task.section.label}{task.section.title}",
                task.status,
                "是" if task.overdue else "",
                latest.entry_date,
                latest.department,
                latest.milestone,
                latest.due,
                latest.note,
                latest.evidence_url,
                "是" if latest.illustrative else "",
            )
        )
    tasks.append(())
    tasks.append(("章节", "合计", *(content.task_summary[0].counts if content.task_summary else ()), "逾期"))
    for chapter in content.task_summary:
        tasks.append((chapter.chapter, chapter.total, *chapter.counts.values(), chapter.overdue))

    sources = workbook.create_sheet("数据来源")
    sources.append(
        (
            "编号",
            "地区",
            "指标",
            "指标代码",
            "年份",
            "数值",
            "单位",
            "原文数值",
            "原文单位",
            "来源",
            "来源链接",
            "原文摘录",
            "录入人",
            "录入时间",
            "示例数据",
        )
    )
    for o in content.sources:
        sources.append(
            (
                o.id,
                o.region,
                o.indicator_name,
                o.indicator_key,
                o.year,
                o.value,
                o.unit,
                o.value_raw,
                o.unit_raw,
                o.source,
                o.source_url,
                o.quote,
                o.entered_by,
                o.entered_at,
                "是" if o.illustrative else "",
            )
        )

    sheets = [indicators, tasks, sources]
    if content.historical:
        background = workbook.create_sheet("发展基础")
        background.append(HISTORICAL_HEADER)
        for h in content.historical:
            background.append(historical_cells(h))
        sheets.append(background)

    fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in sheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["B"].width = 36
    neutralise_workbook(workbook)
    workbook.save(path)
    return path
