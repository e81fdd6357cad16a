"""The same seed text arriving as GB18030, UTF-16, HTML, DOCX or PDF gives the same outline."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from planwatch.ingest import parse_document, read_document
from planwatch.models import ParsedPlan

from .conftest import plan_file


def outline_signature(plan: ParsedPlan) -> list[tuple[str, int, str, str]]:
    return [(s.kind, s.level, s.label.replace(" ", ""), s.title) for s in plan.sections if s.kind != "table"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16"])
def test_encodings_give_identical_plans(tmp_path: Path, parsed: dict[str, ParsedPlan], encoding: str) -> None:
    text = plan_file("nanshan").read_text(encoding="utf-8")
    path = tmp_path / "nanshan.txt"
    path.write_bytes(text.encode(encoding))
    plan = parse_document(path, parsed["nanshan"].meta)
    assert plan.source.encoding == encoding
    assert plan.sections == parsed["nanshan"].sections
    assert plan.tables == parsed["nanshan"].tables


def test_html_gives_same_outline_and_tables(tmp_path: Path, parsed: dict[str, ParsedPlan]) -> None:
    body: list[str] = []
    rows: list[str] = []
    for line in plan_file("nanshan").read_text(encoding="utf-8").split("\n"):
        if line.count("\t") >= 2:
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if rows:
            body.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    page = (
        '<html><head><meta charset="gb18030"><title>t</title><script>var x = "一、假标题";</script></head><body>'
        + "\n".join(body)
        + "</body></html>"
    )
    path = tmp_path / "nanshan.html"
    path.write_bytes(page.encode("gb18030"))
    plan = parse_document(path, parsed["nanshan"].meta)
    assert plan.source.format == "html"
    assert plan.source.encoding == "gb18030"
    assert outline_signature(plan) == outline_signature(parsed["nanshan"])
    assert [t.rows for t in plan.tables] == [tuple(r for r in t.rows) for t in plan.tables]
    assert [[r.cells for r in t.rows] for t in plan.tables] == [[r.cells for r in t.rows] for t in parsed["nanshan"].tables]


def test_docx_paragraphs_and_real_word_tables(tmp_path: Path, parsed: dict[str, ParsedPlan]) -> None:
    import docx

    document = docx.Document()
    pending: list[list[str]] = []

    def flush_table() -> None:
        if pending:
            table = document.add_table(rows=len(pending), cols=max(len(r) for r in pending))
            for r, cells in enumerate(pending):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
            pending.clear()

    for line in plan_file("nanshan").read_text(encoding="utf-8").split("\n"):
        if line.count("\t") >= 2:
            pending.append(line.split("\t"))
            continue
        flush_table()
        document.add_paragraph(line)
    flush_table()
    path = tmp_path / "nanshan.docx"
    document.save(str(path))
    plan = parse_document(path, parsed["nanshan"].meta)
    assert plan.source.format == "docx"
    assert outline_signature(plan) == outline_signature(parsed["nanshan"])
    assert [[r.cells for r in t.rows] for t in plan.tables] == [[r.cells for r in t.rows] for t in parsed["nanshan"].tables]


def test_pdf_text_layer_gives_same_outline(tmp_path: Path, parsed: dict[str, ParsedPlan]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    lines = plan_file("shenzhen").read_text(encoding="utf-8").split("\n")
    story = [Paragraph(html.escape(line), style) for line in lines if line.strip()]
    path = tmp_path / "city.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    plan = parse_document(path, parsed["shenzhen"].meta)
    assert plan.source.format == "pdf"
    expected = [s for s in outline_signature(parsed["shenzhen"])]
    assert outline_signature(plan) == expected


def test_read_document_reports_format_and_checksum(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# 某区科技创新“十四五”规划\n\n一、总体要求\n", encoding="utf-8")
    source = read_document(path)
    assert (source.format, source.encoding, source.size) == ("md", "utf-8", path.stat().st_size)
    assert len(source.checksum) == 64


_TABLE_SOURCE = (
    '<p>湿地保护主要目标指标表</p> <table border="1"> <tbody> <tr> <td><div>指标名称</div></td> <td><div>2022年</div></td>'
    " <td><div>2027年</div></td> <td><div>属性</div></td> </tr> <tr> <td><div>湿地保护率(%)</div></td> <td><div>52.4</div></td>"
    " <td><div>55</div></td> <td><div>约束性</div></td> </tr> <tr> <td><div>湿地面积(万亩)</div></td> <td><div>120</div></td>"
    " <td><div>125</div></td> <td><div>预期性</div></td> </tr> </tbody> </table>\n"
)


def test_a_text_file_holding_a_pages_table_markup_is_read_as_the_page(tmp_path: Path) -> None:
    path = tmp_path / "source.txt"
    path.write_text(_TABLE_SOURCE, encoding="utf-8")
    assert "湿地保护率(%)\t52.4\t55\t约束性" in read_document(path).text


def test_text_given_directly_with_table_markup_keeps_its_table() -> None:
    from planwatch.extract.targets import extract_targets
    from planwatch.ingest.pipeline import parse_text

    targets, _, _ = extract_targets(parse_text(_TABLE_SOURCE, name="source.txt"))
    assert [(t.value, t.unit, t.target_year) for t in targets] == [(55.0, "%", 2027), (1250000.0, "亩", 2027)]


def test_text_that_only_mentions_a_tag_is_left_as_written(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("网页中的<table>标签用于排版。\n", encoding="utf-8")
    assert read_document(path).text == "网页中的<table>标签用于排版。\n"


def test_a_markdown_file_opening_with_a_tag_keeps_its_outline(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(
        '<div align="center">示例县发展规划</div>\n\n# 一、主要任务\n\n- 新建社区书屋6个\n- 改造老旧电梯40台\n\n'
        "<table><tr><td>指标</td><td>2027年</td></tr></table>\n",
        encoding="utf-8",
    )
    assert "- 新建社区书屋6个\n- 改造老旧电梯40台" in read_document(path).text
