"""The Excel workbook an officer fills in and imports back: one row per indicator and year
(baseline and target shown, known values filled in with their sources), and one row per task."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planwatch.extract.catalog import load_catalog
from planwatch.models import TASK_STATUSES, NarrativeField, SubjectKind
from planwatch.monitor.entry import NARRATIVE_SHEET, OBSERVATION_SHEET, TASK_SHEET
from planwatch.monitor.progress import format_value, target_text
from planwatch.monitor.series import build_series
from planwatch.monitor.tasks import task_statuses, trackable_sections
from planwatch.safety import neutralise_workbook
from planwatch.store import get_plan, get_sections, get_targets
from planwatch.store.database import Database
from planwatch.store.evaluation import current_narratives, list_narratives
from planwatch.store.monitoring import list_observations, list_task_entries

OBSERVATION_HEADER = ("地区", "指标代码", "指标", "单位", "年份", "基期值", "目标值", "实际值", "来源", "来源链接", "原文摘录", "备注")
TASK_HEADER = ("规划", "路径", "类型", "任务/项目", "当前状态", "日期", "状态", "责任单位", "里程碑", "计划完成时间", "备注", "佐证链接")
NARRATIVE_HEADER = ("规划", "类型", "对象", "名称", *(f.label for f in NarrativeField))
_KIND_NAMES = {"box": "专栏", "project": "专栏项目"}  # every other tracked section is a 任务
_INSTRUCTIONS = (
    "填写说明",
    "1. 在“指标监测”表的“实际值”列填写各年实际值，单位以“单位”列为准（也可填写“万家”“万亿元”等并改写单位列，导入时自动换算）。",
    "2. 每个数值请填写来源（统计公报、工作报告等）、来源链接和原文摘录，便于核查。",
    "3. 新增类指标（如“新增众创空间”）填写当年新增数；累计类指标填写截至当年的累计数。",
    "4. 在“任务进展”表填写日期和状态（未启动/推进中/已完成/滞后/调整），以及责任单位、里程碑、计划完成时间。未填写状态的行不导入。",
    "5. 在“情况说明”表为指标（对象为指标序号）或任务（对象为路径）填写原因分析、已采取措施、下一步；每次导入修改过的文字保存为新版本。",
    "6. 导入：在网页“数据录入”页上传本文件，或运行 planwatch observe import 本文件.xlsx。任一行有误则整个文件不导入，并列出所有问题行。",
)


def write_template(db: Database, plan: str, path: str | Path) -> Path:
    """Write the fill-in workbook for ``plan`` to ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    info = get_plan(db, plan)
    catalog = load_catalog()
    targets = [t for t in get_targets(db, info.key) if t.indicator_key and not t.qualitative and t.rated]
    keys = []
    for target in targets:
        indicator = catalog.get(target.indicator_key or "")
        key = indicator.growth_of if indicator and target.kind == "annual_growth" and indicator.growth_of else target.indicator_key
        keys.append(key)
    known = {
        (y.chosen.indicator_key, y.year): y
        for key in set(keys)
        for y in build_series(o for o in list_observations(db, regions=[info.region or ""], indicator_keys=[key or ""]) if not o.withdrawn)
    }
    start, end = (info.period_start or 2021) - 1, info.period_end or 2025

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = OBSERVATION_SHEET
    sheet.append(OBSERVATION_HEADER)
    for target, key in zip(targets, keys, strict=True):
        indicator = catalog[key or ""]
        note = "当年新增数" if target.kind == "increment" else ("填写水平值，年均增长率自动计算" if key != target.indicator_key else "")
        for year in range(start, end + 1):
            value = known.get((key, year))
            sheet.append(
                (
                    info.region,
                    key,
                    indicator.name,
                    indicator.unit,
                    year,
                    format_value(target.baseline_value) if target.baseline_value is not None and year == start else "",
                    target_text(target) if year == end else "",
                    value.value if value else None,
                    value.chosen.source if value else "",
                    value.chosen.source_url if value else "",
                    value.chosen.quote if value else "",
                    note,
                )
            )
    tasks = workbook.create_sheet(TASK_SHEET)
    tasks.append(TASK_HEADER)
    sections = get_sections(db, info.key)
    current = {s.section.path: s.status for s in task_statuses(sections, list_task_entries(db, info.key), date.today())}
    for section in trackable_sections(sections):
        tasks.append(
            (
                info.key,
                section.path,
                _KIND_NAMES.get(section.kind, "任务"),
                f"{section.label}{section.title}",
                current.get(section.path, ""),
            )
        )
    validation = DataValidation(type="list", formula1=f'"{",".join(TASK_STATUSES)}"', allow_blank=True)
    validation.error = f"状态须为：{'、'.join(TASK_STATUSES)}"
    tasks.add_data_validation(validation)
    validation.add(f"G2:G{max(tasks.max_row, 2)}")
    notes = workbook.create_sheet(NARRATIVE_SHEET)
    notes.append(NARRATIVE_HEADER)
    written = current_narratives(list_narratives(db, info.key))

    def texts(kind: SubjectKind, subject: str) -> tuple[str, ...]:
        fields = written.get((kind, subject), {})
        return tuple(fields[f].text if f in fields else "" for f in NarrativeField)

    for number, target in enumerate(get_targets(db, info.key), start=1):
        notes.append((info.key, "指标", str(number), target.indicator, *texts(SubjectKind.TARGET, target.indicator)))
    for section in trackable_sections(sections):
        notes.append((info.key, "任务", section.path, f"{section.label}{section.title}", *texts(SubjectKind.TASK, section.path)))
    help_sheet = workbook.create_sheet("说明")
    for line in (f"{info.title} — 监测数据填报模板", *_INSTRUCTIONS):
        help_sheet.append((line,))

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for ws, widths in (
        (sheet, (10, 26, 30, 8, 7, 10, 12, 12, 24, 30, 30, 24)),
        (tasks, (10, 10, 8, 40, 10, 12, 10, 16, 30, 14, 20, 24)),
        (notes, (10, 6, 8, 40, 40, 40, 40)),
    ):
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center")
        for column, width in zip("ABCDEFGHIJKL", widths, strict=False):
            ws.column_dimensions[column].width = width
        ws.freeze_panes = "A2"
    help_sheet.column_dimensions["A"].width = 120
    neutralise_workbook(workbook)
    output = Path(path)
    workbook.save(output)
    return output
