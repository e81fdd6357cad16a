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
    assert (hte.assessment.status, hte.assessment.actual) == ("提前实现", 24700)
    # "达到2.4万家" is a floor that 2.47万家 respects: no conflict
    assert not hte.conflicts
    rd = rated["rd_intensity"]  # 6.46 % in 2023 against 5.5–6 %, published (not illustrative)
    assert (rd.assessment.actual, rd.assessment.status, rd.illustrative) == (6.46, "超出目标区间", False)
    assert rated["pct_applications"].assessment.status == "不评分"
    zone = rated["high_tech_zone_gdp"]  # illustrative 8000 (2020) → 9500 (2023) against 11000
    assert (zone.illustrative, zone.assessment.status) == (True, "滞后")
    assert {o.source_url for o in city.sources if o.indicator_key == "rd_intensity"} >= {
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
    assert "九、评估方法与数据来源" in text
    indicators = document.tables[1]  # 创新主体 (创新投入 comes first)
    header = [c.text for c in indicators.rows[0].cells]
    assert header[:6] == ["序号", "指标", "属性", "单位", "基期值", "目标值"]
    row = next(r for r in indicators.rows if r.cells[1].text == "国家级高新技术企业")
    cells = {h: c.text for h, c in zip(header, row.cells, strict=True)}
    assert (cells["2023年"], cells["状态"], cells["基期值"], cells["目标值"], cells["数据截至"]) == (
        "24700",
        "提前实现",
        "18600（2020）",
        "突破22000家",
        "2023年",
    )
    assert len(document.inline_shapes) >= 5  # the status chart and indicator charts


def test_docx_indicator_tables_are_printable(city: PlanAssessment, tmp_path: Path) -> None:
    from docx.enum.section import WD_ORIENT

    document = Document(str(write_report(city, tmp_path / "report.docx")))
    assert WD_ORIENT.LANDSCAPE in {s.orientation for s in document.sections}
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeated on each page
    widths = {c.text: c.width for c in table.rows[0].cells}
    assert max(widths, key=lambda h: widths[h]) == "指标"  # the name column is the widest


def test_docx_heading_stays_with_its_table(city: PlanAssessment, tmp_path: Path) -> None:
    document = Document(str(write_report(city, tmp_path / "report.docx")))
    assert document.styles["Heading 2"].paragraph_format.keep_with_next


def test_xlsx_report_keeps_numbers_as_numbers(city: PlanAssessment, tmp_path: Path) -> None:
    path = write_report(city, tmp_path / "report.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["报告", "主要指标", "任务进展", "数据来源"]
    sheet = workbook["主要指标"]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    hte = rows["国家级高新技术企业"]
    assert (hte["2023年"], hte["基期值"], hte["目标值"], hte["状态"], hte["属性"], hte["数据截至"]) == (24700, 18600, 22000, "提前实现", "未标明", 2023)
    zone = rows["深圳国家高新区生产总值"]
    assert (zone["完成进度"], zone["含示例数据"]) == (pytest.approx(0.5), "是")
    sources = list(workbook["数据来源"].iter_rows(min_row=2, values_only=True))
    assert any(r[5] == 24700 and r[7] == "2.47" and r[8] == "万家" for r in sources)
    report = [r[0] for r in workbook["报告"].iter_rows(values_only=True)]
    assert "七、规划调整建议" in report


def test_html_and_markdown_reports(city: PlanAssessment, tmp_path: Path) -> None:
    html = write_report(city, tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<table id="indicators-创新主体">' in html and "data:image/png;base64," in html
    assert "://" not in html.split("<body>")[0]  # nothing is loaded from elsewhere
    markdown_path = write_report(city, tmp_path / "report.md")
    markdown = markdown_path.read_text(encoding="utf-8")
    assert "| 5 | 国家级高新技术企业 | 未标明 | 家 | 18600（2020） | 突破22000家 |" in markdown
    images = sorted((tmp_path / "report_charts").glob("*.png"))
    assert images
    assert all(p.read_bytes().startswith(PNG) for p in images)
    assert f"report_charts/{images[0].name}" in markdown


SECTIONS = ("总体评价", "主要指标完成情况", "主要成效", "重大任务和重大项目推进情况", "存在问题及原因分析", "下一步工作建议", "规划调整建议", "市区衔接情况", "评估方法与数据来源")


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html", "md"])
def test_every_format_has_the_sections_of_a_real_evaluation(city: PlanAssessment, tmp_path: Path, fmt: str) -> None:
    path = write_report(city, tmp_path / f"report.{fmt}")
    if fmt == "docx":
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    elif fmt == "xlsx":
        text = "\n".join(str(r[0]) for r in load_workbook(path)["报告"].iter_rows(values_only=True))
    else:
        text = path.read_text(encoding="utf-8")
    assert [s for s in SECTIONS if s not in text] == []


def test_illustrative_values_carry_no_headline(city: PlanAssessment) -> None:
    content = build_content(city, with_charts=False)
    # the zone GDP and the city's research projects rest on 示例数据: not counted
    assert content.counts == {"提前实现": 1, "快于预期": 1, "超出目标区间": 1, "不评分": 1}


def test_illustrative_indicators_are_shown_apart(city: PlanAssessment) -> None:
    content = build_content(city, with_charts=False)
    headings = [b.text for b in content.blocks() if b.kind == "heading"]
    assert "（五）示例数据指标（不计入评价）" in headings


def test_an_all_illustrative_plan_makes_no_overall_judgement(demo_db: Database) -> None:
    content = build_content(assess_plan(demo_db, "longgang", 2023), with_charts=False)
    assert "以公开数据评估的指标中尚无可评定状态的指标，不作总体判断。" in content.overall


def test_the_city_report_shows_each_districts_target_beside_the_citys(city: PlanAssessment) -> None:
    content = build_content(city, with_charts=False)
    rows = [r for r in content.cascade if r[1] == "宝安区" and r[2] == "6500家以上"]
    assert rows == [("", "宝安区", "6500家以上", "7061家", "2023年", "提前实现")]


def test_adjustments_name_the_lost_table(city: PlanAssessment) -> None:
    adjustments = build_content(city, with_charts=False).adjustments
    assert any("表1" in a and "表格正文缺失" in a for a in adjustments)


def test_adjustments_name_targets_below_their_baseline(demo_db: Database) -> None:
    adjustments = build_content(assess_plan(demo_db, "guangming", 2023), with_charts=False).adjustments
    assert any(a.startswith("全社会研发支出占GDP比重：目标6%以上不高于基期值7.9（2020）") for a in adjustments)


def test_adjustments_name_placeholders_and_indicators_without_data(demo_db: Database) -> None:
    adjustments = build_content(assess_plan(demo_db, "baoan", 2023), with_charts=False).adjustments
    assert "授权发明专利数：目标值待定（原文为XX），建议明确目标值。" in adjustments
    assert any(a.startswith("11项指标无数据来源") for a in adjustments)


def test_citations_name_the_section_and_quote_the_plan(demo_db: Database) -> None:
    content = build_content(assess_plan(demo_db, "guangming", 2023), with_charts=False)
    assert content.rows[0].citation == "《光明区科技创新“十四五”规划》（二）发展目标：“全社会研发支出占GDP比重达到6.0%以上”（第35、25行）"


def test_document_text_is_escaped_in_html(demo_db: Database, tmp_path: Path) -> None:
    result = assess_plan(demo_db, "longgang", 2023)
    content = build_content(result, with_charts=False)
    content.overall.append("<script>alert(1)</script>")
    from planwatch.report.html_report import render_html

    html = render_html(content)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_final_evaluation_and_bad_formats(demo_db: Database, tmp_path: Path) -> None:
    final = build_content(assess_plan(demo_db, "nanshan", 2025), with_charts=False)
    assert final.kind == "总结评估"
    assert final.years == [2021, 2022, 2023, 2024, 2025]
    with pytest.raises(InputError, match="报告格式“pdf”无法识别"):
        write_report(assess_plan(demo_db, "nanshan", 2023), tmp_path / "r.pdf")
    with pytest.raises(InputError, match="文件夹不存在"):
        write_report(assess_plan(demo_db, "nanshan", 2023), tmp_path / "missing" / "r.html")


def test_binding_indicators_get_a_table_of_their_own(city: PlanAssessment) -> None:
    from dataclasses import replace

    rd = next(t for t in city.targets if t.target.indicator_key == "rd_intensity")
    bound = replace(rd, target=replace(rd.target, attribute="约束性"))
    content = build_content(replace(city, targets=tuple(bound if t is rd else t for t in city.targets)), with_charts=False)
    blocks = content.blocks()
    table = blocks[[b.text for b in blocks].index("（三）约束性指标") + 1]
    assert [row[1] for row in table.rows] == ["全社会研发投入占地区生产总值比重"]


def test_a_binding_indicator_is_not_repeated_in_its_field_table(city: PlanAssessment) -> None:
    from dataclasses import replace

    rd = next(t for t in city.targets if t.target.indicator_key == "rd_intensity")
    bound = replace(rd, target=replace(rd.target, attribute="约束性"))
    content = build_content(replace(city, targets=tuple(bound if t is rd else t for t in city.targets)), with_charts=False)
    headings = [b.text for b in content.blocks() if b.kind == "heading"]
    assert "（一）创新投入" not in headings  # its only indicator is binding
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


def test_a_target_without_data_keeps_the_plans_own_baseline_in_its_row(demo_db: Database) -> None:
    rows = build_content(assess_plan(demo_db, "baoan", 2023), with_charts=False).rows
    assert next(r for r in rows if r.name == "年均PCT国际专利申请量").baseline_text == "867（2019）"
