"""The report as a Word document in common government document style.

A4 with 公文 margins (top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm); the title in 黑体
二号 (22 pt); first-level headings 黑体 三号, second-level 楷体 三号, body 仿宋 三号 (16 pt)
with a fixed 28 pt line pitch (style 正文); table text in 仿宋 小五 (9 pt). Fonts are set by name (East Asian and
Latin) so Word picks 仿宋_GB2312 / 黑体 where installed. A chapter holding a wide table (the indicator
tables, the cascade, the sources) is a landscape section; tables get column widths (names wide,
numbers narrow), a header row repeated on every page and rows that do not break across pages, and
the heading before a table is kept with it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, cast

from planwatch.report.content import Block, ReportContent

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.shared import Length
    from docx.styles.style import ParagraphStyle

BODY_STYLE = "正文"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
# Relative column widths by header (names wide, counters narrow); other columns get DEFAULT_WEIGHT.
COLUMN_WEIGHTS = {"序号": 0.6, "编号": 0.9, "指标": 3.0, "任务/项目": 4.0, "章节": 4.0, "来源": 6.0, "地区": 1.4, "属性": 1.2, "单位": 1.0}
COLUMN_WEIGHTS |= {"基期值": 2.6, "目标值": 2.0, "完成进度": 1.6, "状态": 1.6, "预计完成情况": 1.6, "数据截至": 1.5}
COLUMN_WEIGHTS |= {"备注": 2.5, "里程碑": 2.5, "原文数值": 1.4}
DEFAULT_WEIGHT = 1.6  # the year columns: "24700!" on one line
# Offices without 仿宋_GB2312 / 楷体_GB2312 (newer Windows, LibreOffice) fall back to 仿宋 / 楷体.
FONT_FALLBACKS = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}


def write_docx(content: ReportContent, path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    document = Document()
    _page(document.sections[0], landscape=False)
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
        style.paragraph_format.keep_with_next = True

    title = document.add_paragraph(content.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(style=BODY_STYLE, text=f"评估年度：{content.year}年    生成日期：{content.generated:%Y年%m月%d日}")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER

    landscape = False
    for chapter in _chapters(content.blocks()):
        wide = any(b.kind == "table" and b.wide for b in chapter)
        if wide != landscape:
            from docx.enum.section import WD_SECTION

            _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=wide)
            landscape = wide
        for block in chapter:
            _block(document, block, content, landscape)
    _font_fallbacks(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _chapters(blocks: list[Block]) -> list[list[Block]]:
    """The blocks cut at each first-level heading."""
    chapters: list[list[Block]] = []
    for block in blocks:
        if (block.kind == "heading" and block.level == 1) or not chapters:
            chapters.append([])
        chapters[-1].append(block)
    return chapters


def _page(section: object, *, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.section import Section
    from docx.shared import Cm

    assert isinstance(section, Section)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.6)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _block(document: WordDocument, block: Block, content: ReportContent, landscape: bool) -> None:
    from docx.shared import Cm, Pt

    if block.kind == "heading":
        document.add_heading(block.text, level=block.level)
    elif block.kind == "paragraph":
        document.add_paragraph(block.text, style=BODY_STYLE)
    elif block.kind == "note":
        paragraph = document.add_paragraph(block.text, style=BODY_STYLE)
        for run in paragraph.runs:
            run.font.size = Pt(10.5)
    elif block.kind == "list":
        for n, item in enumerate(block.items, start=1):
            document.add_paragraph(f"{n}. {item}", style=BODY_STYLE)
    elif block.kind == "table":
        _table(document, list(block.header), [list(r) for r in block.rows], Cm(24.7 if landscape else 15.6))
    elif block.kind == "image" and (png := content.charts.get(block.name)) is not None:
        document.add_picture(io.BytesIO(png), width=Cm(14))


def _set_font(style: ParagraphStyle, east_asian: str, size: Length) -> None:
    from docx.oxml.ns import qn

    font = style.font
    font.name = LATIN_FONT
    font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def column_widths(header: list[str], total: int) -> list[int]:
    """Widths in EMU summing to ``total``: name columns wide, counters narrow, the rest even."""
    weights = [COLUMN_WEIGHTS.get(h, DEFAULT_WEIGHT) for h in header]
    return [int(total * w / sum(weights)) for w in weights]


def _font_fallbacks(document: WordDocument) -> None:
    """Name 仿宋 / 楷体 as the alternative of the GB2312 fonts in the font table (w:altName)."""
    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font>'
        for name, alt in FONT_FALLBACKS.items()
    )
    part._blob = part.blob.replace(b"</w:fonts>", entries.encode("utf-8") + b"</w:fonts>")


def _table(document: WordDocument, header: list[str], rows: list[list[str]], width: Length) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    head = table.rows[0]
    head_properties = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    head_properties.append(repeat)
    size = Pt(9)  # 小五: a wide table's numbers stay on one line
    for cell, text in zip(head.cells, header, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, size
    for values in rows:
        row = table.add_row()
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(keep)
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].add_run(text).font.size = size
    for column, column_width in zip(table.columns, column_widths(header, int(width)), strict=True):
        column.width = column_width
        for cell in column.cells:
            cell.width = column_width
