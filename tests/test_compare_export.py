"""The /compare tables as downloads (page links, /compare/export, ``planwatch compare --output``):
one row per plan's target in the matrix, with the source of each actual and the 示例数据 mark."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from planwatch.cli import app as cli_app
from planwatch.compare.export import CompareTable
from planwatch.core import Planwatch
from planwatch.monitor.views import Table
from planwatch.settings import load_settings
from planwatch.store import Database

from .test_web_api import app_client


@pytest.fixture(scope="module")
def client(demo_db: Database) -> TestClient:
    return app_client(demo_db)


def matrix(demo_db: Database) -> Table:
    return Planwatch(load_settings(), database=demo_db).compare_table(CompareTable.MATRIX, 2023)


def row_of(table: Table, region: str, indicator: str) -> dict[str, object]:
    return next(dict(zip(table.header, row, strict=True)) for row in table.rows if row[2] == region and row[0] == indicator)


def test_the_matrix_has_one_row_per_plans_target(demo_db: Database) -> None:
    found, _ = Planwatch(load_settings(), database=demo_db).compare(2023)
    assert len(matrix(demo_db).rows) == sum(len(r.cells) for r in found.rows)


def test_an_illustrative_actual_is_marked_in_the_matrix(demo_db: Database) -> None:
    assert row_of(matrix(demo_db), "宝安区", "全社会研发投入占地区生产总值比重")["示例数据"] == "是"


def test_a_published_actual_carries_its_source_in_the_matrix(demo_db: Database) -> None:
    assert str(row_of(matrix(demo_db), "光明区", "全社会研发投入占地区生产总值比重")["实际值来源"]).startswith("https://")


def test_the_matrix_names_the_year_it_rates(demo_db: Database) -> None:
    assert matrix(demo_db).title == "指标对照（2023年）"


def test_the_coverage_table_has_each_city_task_beside_each_district(demo_db: Database) -> None:
    pw = Planwatch(load_settings(), database=demo_db)
    coverage = pw.coverage()
    assert len(pw.compare_table(CompareTable.COVERAGE).rows) == len(coverage.tasks) * len(coverage.districts)


def test_the_fields_table_has_a_column_per_plan(demo_db: Database) -> None:
    header = Planwatch(load_settings(), database=demo_db).compare_table(CompareTable.FIELDS).header
    assert header[2:] == ("深圳市", "宝安区", "光明区", "龙岗区", "南山区")


def test_the_page_links_each_table_to_its_download(client: TestClient) -> None:
    page = client.get("/compare?year=2023").text
    assert [t.value for t in CompareTable if f"/compare/export?table={t.value}" in page] == ["matrix", "coverage", "fields"]


def test_the_download_is_a_workbook_of_the_matrix(client: TestClient) -> None:
    response = client.get("/compare/export?table=matrix&year=2023&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:4] == ["指标", "单位", "地区", "规划"]


def test_the_download_is_named_after_the_table(client: TestClient) -> None:
    response = client.get("/compare/export?table=coverage&format=csv")
    assert "%E5%8C%BA%E7%BA%A7%E6%89%BF%E6%8E%A5" in response.headers["content-disposition"]  # 区级承接


def test_an_unknown_table_is_refused(client: TestClient) -> None:
    assert client.get("/compare/export?table=bogus&format=csv").status_code == 422


def test_the_cli_writes_the_table_the_page_downloads(demo_db: Database, tmp_path: Path, client: TestClient) -> None:
    out = tmp_path / "对照.csv"
    result = CliRunner().invoke(cli_app, ["--db", demo_db.url, "compare", "--year", "2023", "--table", "fields", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == client.get("/compare/export?table=fields&format=csv").content


def test_the_cli_refuses_an_output_it_cannot_write(demo_db: Database, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["--db", demo_db.url, "compare", "-o", str(tmp_path / "x.pdf")])
    assert "只能导出为 .xlsx 或 .csv" in result.output


def test_the_matrix_csv_reads_back_with_the_same_rows(client: TestClient, demo_db: Database) -> None:
    rows = list(csv.reader(io.StringIO(client.get("/compare/export?table=matrix&year=2023&format=csv").content.decode("utf-8-sig"))))
    assert len(rows) - 1 == len(matrix(demo_db).rows)
