"""Evaluation reports in four formats, opened and checked for the numbers; charts with a CJK font."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import load_workbook

from planwatch.core import Planwatch
from planwatch.errors import InputError
from planwatch.monitor.assessment import PlanAssessment, assess_plan
from planwatch.report import write_report
from planwatch.report.charts import cjk_font, indicator_chart, status_chart
from planwatch.report.content import build_content
from planwatch.settings import load_settings
from planwatch.store import Database

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def city(demo_db: Database) -> PlanAssessment:
    return assess_plan(demo_db, "shenzhen", 2023)


def by_key(result: PlanAssessment) -> dict[str | None, object]:
    return {t.target.indicator_key: t for t in result.targets}


def test_the_city_assessment_on_the_demo_data(city: PlanAssessment) -> None:
    rated = {t.target.indicator_key: t for t in city.targets}
    hte = rated["national_high_tech_enterprises"]
    assert hte.assessment.status == "提前实现"
    assert hte.assessment.actual == 24700
    assert hte.conflicts
    assert {s.value for s in hte.conflicts[0].statements} == {24700, 24000}
    rd = rated["rd_intensity"]  # 6.46 % in 2023 against 5.5–6 %, published (not illustrative)
    assert (rd.assessment.actual, rd.assessment.status, rd.illustrative) == (6.46, "提前实现", False)
    assert rated["pct_applications"].assessment.status == "不评分"
    zone = rated["high_tech_zone_gdp"]  # illustrative 8000 (2020) → 9500 (2023) against 11000
    assert zone.illustrative
    assert zone.assessment.status == "滞后"
    assert city.counts == {"提前实现": 2, "快于预期": 2, "滞后": 1, "不评分": 1}
    sources = city.sources
    assert {o.source_url for o in sources if o.indicator_key == "rd_intensity"} >= {
        "http://news.sun0769.com/bayarea/202502/t20250208_16388990.shtml"
    }


def test_chinese_renders_with_a_cjk_font_in_charts(city: PlanAssessment, tmp_path: Path) -> None:
    assert "CJK" in cjk_font()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart = indicator_chart(by_key(city)["national_high_tech_enterprises"], 2023)  # type: ignore[arg-type]
        bars = status_chart(city.counts, "2023年指标状态分布")
    assert chart is not None
    assert chart.startswith(PNG)
    assert bars.startswith(PNG)
    assert not [w for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    (tmp_path / "chart.png").write_bytes(chart)
    from PIL import Image

    with Image.open(tmp_path / "chart.png") as image:
        assert image.width > 500
        assert image.height > 250


def test_docx_report_has_the_numbers_and_government_document_style(city: PlanAssessment, tmp_path: Path) -> None:
    path = write_report(city, tmp_path / "report.docx", "docx")
    document = Document(str(path))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.top_margin - Cm(3.7)) < Cm(0.01)
    east_asian = {name: document.styles[name].element.rPr.rFonts.get(qn("w:eastAsia")) for name in ("Normal", "Title", "Heading 1")}
    assert east_asian == {"Normal": "仿宋_GB2312", "Title": "黑体", "Heading 1": "黑体"}
    body = document.styles["正文"]
    assert body.font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28)
    assert body.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert {p.style.name for p in document.paragraphs if p.text.startswith("《深圳市科技创新")} == {"Title", "正文"}
    text = "\n".join(p.text for p in document.paragraphs)
    assert "《深圳市科技创新“十四五”规划》中期评估报告" in text
    assert "一、总体情况" in text
    assert "附录：数据来源" in text
    assert "示例数据" in text
    indicators = document.tables[0]
    header = [c.text for c in indicators.rows[0].cells]
    assert header[:5] == ["序号", "指标", "单位", "基期值", "目标值"]
    assert "2023年" in header
    row = next(r for r in indicators.rows if r.cells[1].text == "国家级高新技术企业")
    cells = {h: c.text for h, c in zip(header, row.cells, strict=True)}
    assert cells["2023年"] == "24700!"
    assert cells["状态"] == "提前实现"
    assert cells["基期值"] == "18600（2020）"
    assert cells["目标值"] == "突破22000家"
    assert len(document.inline_shapes) >= 5  # the status chart and indicator charts


def test_xlsx_report_keeps_numbers_as_numbers(city: PlanAssessment, tmp_path: Path) -> None:
    path = write_report(city, tmp_path / "report.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["概况", "主要指标", "任务进展", "数据来源"]
    sheet = workbook["主要指标"]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    hte = rows["国家级高新技术企业"]
    assert (hte["2023年"], hte["基期值"], hte["目标值"], hte["状态"]) == (24700, 18600, 22000, "提前实现")
    zone = rows["深圳国家高新区生产总值"]
    assert zone["完成进度"] == pytest.approx(0.5)
    assert zone["含示例数据"] == "是"
    sources = list(workbook["数据来源"].iter_rows(min_row=2, values_only=True))
    assert any(r[5] == 24700 and r[7] == "2.47" and r[8] == "万家" for r in sources)
    assert any(r[14] == "是" for r in sources)


def test_html_and_markdown_reports(city: PlanAssessment, tmp_path: Path) -> None:
    html = write_report(city, tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<table id="indicators">' in html
    assert "data:image/png;base64," in html
    assert "24700!" in html
    assert "示例数据" in html
    assert "http" not in html.split("<body>")[0]
    markdown_path = write_report(city, tmp_path / "report.md")
    markdown = markdown_path.read_text(encoding="utf-8")
    assert "| 5 | 国家级高新技术企业 | 家 | 18600（2020） | 突破22000家 |" in markdown
    images = sorted((tmp_path / "report_charts").glob("*.png"))
    assert images
    assert all(p.read_bytes().startswith(PNG) for p in images)
    assert f"report_charts/{images[0].name}" in markdown


def test_document_text_is_escaped_in_html(demo_db: Database, tmp_path: Path) -> None:
    result = assess_plan(demo_db, "longgang", 2023)
    content = build_content(result, with_charts=False)
    content.overview.append("<script>alert(1)</script>")
    from planwatch.report.html_report import render_html

    html = render_html(content)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_final_evaluation_and_bad_formats(demo_db: Database, tmp_path: Path) -> None:
    final = build_content(assess_plan(demo_db, "nanshan", 2025), with_charts=False)
    assert final.kind == "总结评估"
    assert final.years == [2021, 2022, 2023, 2024, 2025]
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        write_report(assess_plan(demo_db, "nanshan", 2023), tmp_path / "r.pdf")
    with pytest.raises(InputError, match="folder does not exist"):
        write_report(assess_plan(demo_db, "nanshan", 2023), tmp_path / "missing" / "r.html")


def test_reports_append_the_previous_plans_results_as_printed(demo_db: Database, tmp_path: Path) -> None:
    pw = Planwatch(load_settings(), database=demo_db)
    nanshan = pw.plan("nanshan")
    result = pw.assess(nanshan, 2023)
    first = pw.historical(nanshan)[0]
    markdown = pw.write_report(result, tmp_path / "nanshan.md").read_text(encoding="utf-8")
    assert "发展基础" in markdown
    assert f"| {first.indicator} |" in markdown
    html = pw.write_report(result, tmp_path / "nanshan.html").read_text(encoding="utf-8")
    assert 'id="historical"' in html
    sheet = load_workbook(pw.write_report(result, tmp_path / "nanshan.xlsx"))["发展基础"]
    assert sheet.cell(2, 1).value == first.indicator
    assert f"第{first.line}行" in [c.value for c in sheet[2]]
    headings = [p.text for p in Document(str(pw.write_report(result, tmp_path / "nanshan.docx"))).paragraphs]
    assert any("发展基础" in h for h in headings)


def test_a_plan_without_previous_results_has_no_empty_appendix(demo_db: Database, tmp_path: Path) -> None:
    pw = Planwatch(load_settings(), database=demo_db)
    shenzhen = pw.plan("shenzhen")
    assert pw.historical(shenzhen) == []
    markdown = pw.write_report(pw.assess(shenzhen, 2023), tmp_path / "city.md").read_text(encoding="utf-8")
    assert "发展基础" not in markdown
