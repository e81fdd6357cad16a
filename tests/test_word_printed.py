"""The Word report as printed: Debian's LibreOffice (installed by scripts/install.sh) renders it to PDF,
and the PDF's pages and text show what an office printer would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest

from planwatch.monitor.assessment import assess_plan
from planwatch.report import write_report
from planwatch.store import Database


@pytest.fixture(scope="module")
def pages(demo_db: Database, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[float, float, str]]:
    """(width, height, text) of each page of the city's mid-term report rendered by LibreOffice."""
    folder = tmp_path_factory.mktemp("printed")
    docx = write_report(assess_plan(demo_db, "shenzhen", 2023), folder / "report.docx")
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"  # a private profile: tests may run in parallel
    subprocess.run(["soffice", "--headless", profile, "--convert-to", "pdf", "--outdir", str(folder), str(docx)], check=True, capture_output=True)
    with pdfplumber.open(folder / "report.pdf") as pdf:
        return [(page.width, page.height, page.extract_text() or "") for page in pdf.pages]


def test_the_indicator_tables_print_on_landscape_pages(pages: list[tuple[float, float, str]]) -> None:
    width, height, _ = next(p for p in pages if "二、主要指标完成情况" in p[2])
    assert width > height


def test_the_report_starts_on_a_portrait_page(pages: list[tuple[float, float, str]]) -> None:
    width, height, _ = pages[0]
    assert width < height


def test_a_baseline_with_its_year_stays_on_one_line(pages: list[tuple[float, float, str]]) -> None:
    text = next(p[2] for p in pages if "二、主要指标完成情况" in p[2])
    assert "18600（2020）" in text


def test_an_indicator_name_is_not_broken_into_two_character_lines(pages: list[tuple[float, float, str]]) -> None:
    text = next(p[2] for p in pages if "二、主要指标完成情况" in p[2])
    assert "国家级高新技术企业" in text


def test_a_table_over_two_pages_repeats_its_header(pages: list[tuple[float, float, str]]) -> None:
    header = "编号 地区 指标 年份 数值 原文数值 来源"
    assert sum(header in text for _, _, text in pages) >= 2


def test_the_word_file_names_fallback_fonts(demo_db: Database, tmp_path: Path) -> None:
    import zipfile

    docx = write_report(assess_plan(demo_db, "shenzhen", 2023), tmp_path / "report.docx")
    fonts = zipfile.ZipFile(docx).read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
