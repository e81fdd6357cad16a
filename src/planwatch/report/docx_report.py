"""The report as a Word document in common government document style.

A4 with 公文 margins (top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm); the title in 黑体
二号 (22 pt); first-level headings 黑体 三号, second-level 楷体 三号, body 仿宋 三号 (16 pt)
with a fixed 28 pt line pitch (style 正文); tables in 仿宋 五号 (Normal). Fonts are set by name (East Asian and
Latin) so Word picks 仿宋_GB2312 / 黑体 where installed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, cast

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

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.shared import Length
    from docx.styles.style import ParagraphStyle

BODY_STYLE = "正文"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"


def write_docx(content: ReportContent, path: Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    # Normal (what table cells use) is 仿宋 五号; body paragraphs get 仿宋 三号 from "正文".
    # Setting a style per cell is slow in python-docx, so cells keep the default one.
    normal = cast("ParagraphStyle", document.styles["Normal"])
    _set_font(normal, BODY_FONT, Pt(10.5))
    body = cast("ParagraphStyle", document.styles.add_style(BODY_STYLE, 1))
    body.base_style = normal
    _set_font(body, BODY_FONT, Pt(16))
    body.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.paragraph_format.line_spacing = Pt(28)
    body.paragraph_format.first_line_indent = Pt(32)
    for name, font, size in (("Title", HEADING_FONT, 22), ("Heading 1", HEADING_FONT, 16), ("Heading 2", SUBHEADING_FONT, 16)):
        style = cast("ParagraphStyle", document.styles[name])
        _set_font(style, font, Pt(size))
        style.font.bold = False
        style.font.color.rgb = None

    title = document.add_paragraph(content.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(style=BODY_STYLE, text=f"评估年度：{content.year}年    生成日期：{content.generated:%Y年%m月%d日}")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading("一、总体情况", level=1)
    for text in content.overview:
        _body(document, text)
    _picture(document, content.charts.get("status"), Cm(14))

    document.add_heading("二、主要指标完成情况", level=1)
    _table(document, content.header, [content.cells(r) for r in content.rows])
    for note in content.notes:
        _body(document, note, size=Pt(10.5))
    for row in content.rows:
        chart = content.charts.get(f"indicator-{row.number}")
        if chart is not None:
            _picture(document, chart, Cm(14))

    document.add_heading("三、进度滞后的指标", level=1)
    if not content.lagging:
        _body(document, "无进度滞后或预计难以完成的指标。")
    for row in content.lagging:
        document.add_heading(f"（{row.number}）{row.name}", level=2)
        _body(document, f"状态：{row.status}；预计完成情况：{row.projection}。{row.explanation}。依据：规划原文{row.evidence}。")

    document.add_heading("四、重点任务和重大项目推进情况", level=1)
    _table(document, *summary_table(content.task_summary))
    if content.tasks:
        _table(document, TASK_HEADER, [task_cells(t) for t in content.tasks])

    document.add_heading("五、下一步工作建议", level=1)
    for n, text in enumerate(content.suggestions, start=1):
        _body(document, f"{n}. {text}")

    if content.historical:
        document.add_heading(HISTORICAL_TITLE, level=1)
        _table(document, HISTORICAL_HEADER, [historical_cells(h) for h in content.historical])

    document.add_heading("附录：数据来源", level=1)
    _table(document, SOURCE_HEADER, [source_cells(o) for o in content.sources])
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _set_font(style: ParagraphStyle, east_asian: str, size: Length) -> None:
    from docx.oxml.ns import qn

    font = style.font
    font.name = LATIN_FONT
    font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _body(document: WordDocument, text: str, size: Length | None = None) -> None:

    paragraph = document.add_paragraph(text, style=BODY_STYLE)
    if size is not None:
        for run in paragraph.runs:
            run.font.size = size


def _table(document: WordDocument, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def _picture(document: WordDocument, png: bytes | None, width: Length) -> None:
    if png is not None:
        document.add_picture(io.BytesIO(png), width=width)
