"""The monitoring commands end to end: demo, status, observe, task, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from planwatch.api import demo_plans_dir
from planwatch.cli import app
from planwatch.results import ProgressStatus

from .conftest import KEYS, fresh_url

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_url(tmp_path_factory.mktemp("cli"))
    result = runner.invoke(app, ["--db", url, "demo", "--year", "2023"])
    assert result.exit_code == 0, result.output
    # the city plan, on published values only (示例数据 carry no headline)
    assert "2023年评估（公开数据）：提前实现 1，快于预期 1，超出目标区间 1，不评分 1" in result.output
    assert "CONFLICT" not in result.output  # 2.47万家 and "超2.4万家" agree
    assert "示例数据" in result.output
    # running the demo again changes nothing
    again = runner.invoke(app, ["--db", url, "demo"])
    assert again.exit_code == 0
    assert "0 observation(s) and 0 task entr(ies) added" in again.output
    return url


def test_status_prints_the_rated_table_for_each_demo_plan(demo_url: str) -> None:
    expected = {
        "shenzhen": "国家级高新技术企业",
        "longgang": "新增众创空间",
        "nanshan": "PCT国际专利申请量",
        "baoan": "技术交易合同成交额",
        "guangming": "国家级高新技术企业",
    }
    for key in KEYS:
        result = runner.invoke(app, ["--db", demo_url, "status", key, "--year", "2023"])
        assert result.exit_code == 0, result.output
        assert "2023年监测评估" in result.output
        assert "完成进度" in result.output
        assert "预计完成情况" in result.output
        assert expected[key] in result.output
    longgang = runner.invoke(app, ["--db", demo_url, "status", "longgang", "--year", "2023", "--json"])
    data = json.loads(longgang.output)
    statuses = {t["indicator_key"]: t["status"] for t in data["targets"]}
    assert statuses == {
        "innovation_platforms_new": "faster_than_expected",
        "rd_intensity": "lagging",
        "invention_patents_stock": "lagging",
        "incubators_new": "on_track",
        "makerspaces_new": "lagging",
        "national_high_tech_enterprises": "faster_than_expected",
        "high_tech_output": "lagging",
        # the plan's own 2020 baseline (83.5 %, stated in its 发展基础 prose): the series moved away from 84 %
        "high_tech_output_share": "severely_lagging",
        None: "not_scored",  # 数字产业化和产业数字化水平位居全国前列: a qualitative rank target, listed but not scored
    }
    assert [ProgressStatus(t["status"]).label for t in data["targets"]] == [t["status_label"] for t in data["targets"]]
    assert all(s["illustrative"] for t in data["targets"] for s in t["series"])
    opensdg = json.loads(runner.invoke(app, ["--db", demo_url, "status", "nanshan", "--year", "2023", "--method", "opensdg", "--json"]).output)
    assert opensdg["method"] == "opensdg"
    assert {t["indicator_key"]: t["status"] for t in opensdg["targets"]}["pct_applications"] == "opensdg_deterioration"


def test_report_command_writes_all_four_formats(demo_url: str, tmp_path: Path) -> None:
    for fmt in ("docx", "xlsx", "html", "md"):
        output = tmp_path / f"guangming.{fmt}"
        result = runner.invoke(app, ["--db", demo_url, "report", "guangming", "--year", "2023", "--format", fmt, "--output", str(output)])
        assert result.exit_code == 0, result.output
        assert output.stat().st_size > 1000
    document = Document(str(tmp_path / "guangming.docx"))
    assert any("光明区" in p.text and "中期评估报告" in p.text for p in document.paragraphs)
    workbook = load_workbook(tmp_path / "guangming.xlsx")
    sheet = workbook["主要指标"]
    header = [c.value for c in sheet[1]]
    values = {r[1]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    # 超过45 % from a start of 54.6 % (2021) is a 保持 target, held at 57.8 %
    assert values["战略性新兴产业增加值占GDP比重"]["状态"] == "基本符合（保持）"
    bad = runner.invoke(app, ["--db", demo_url, "report", "guangming", "--format", "pdf", "--output", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 1
    assert "报告格式“pdf”无法识别" in bad.output


def plans_url(tmp_path: Path) -> str:
    """A database file with the five demo plans and nothing else."""
    url = fresh_url(tmp_path)
    assert runner.invoke(app, ["--db", url, "ingest", str(demo_plans_dir())]).exit_code == 0
    return url


def test_observe_commands(tmp_path: Path) -> None:
    url = plans_url(tmp_path)
    added = runner.invoke(
        app,
        [
            "--db",
            url,
            "observe",
            "add",
            "--region",
            "南山区",
            "--indicator",
            "pct_applications",
            "--year",
            "2022",
            "--value",
            "0.86",
            "--unit",
            "万件",
            "--user",
            "alice",
        ],
    )
    assert added.exit_code == 0, added.output
    assert "pct_applications 2022: 8600 件" in added.output
    corrected = runner.invoke(
        app, ["--db", url, "observe", "correct", "1", "--value", "8650", "--unit", "件", "--reason", "公报更正", "--user", "bob"]
    )
    assert corrected.exit_code == 0
    assert "#1 → #2 (v2): 8650 件" in corrected.output
    history = runner.invoke(app, ["--db", url, "observe", "history", "2"])
    assert "v1 #1 2022 8600 件" in history.output
    assert "by alice" in history.output
    assert "v2 #2 2022 8650 件" in history.output
    assert "by bob" in history.output
    listed = json.loads(runner.invoke(app, ["--db", url, "observe", "list", "--json", "--history"]).output)
    assert [(o["id"], o["current"]) for o in listed] == [(1, False), (2, True)]
    bad = runner.invoke(
        app, ["--db", url, "observe", "add", "--region", "南山区", "--indicator", "pct_applications", "--year", "2022", "--value", "many"]
    )
    assert bad.exit_code == 1
    assert "不是数值" in bad.output
    template = tmp_path / "nanshan.xlsx"
    assert runner.invoke(app, ["--db", url, "observe", "template", "nanshan", "-o", str(template)]).exit_code == 0
    assert "指标监测" in load_workbook(template).sheetnames
    imported = runner.invoke(app, ["--db", url, "observe", "import", str(template)])
    assert imported.exit_code == 0
    assert "0 observation(s)" in imported.output
    csv = tmp_path / "conflict.csv"
    csv.write_text("地区,指标,年份,实际值,单位,来源链接\n南山区,PCT国际专利申请量,2022,1.2,万件,http://other\n", encoding="utf-8")
    conflict = runner.invoke(app, ["--db", url, "observe", "import", str(csv)])
    assert "CONFLICT 南山区 pct_applications 2022" in conflict.output
    assert "1 conflict(s)" in runner.invoke(app, ["--db", url, "observe", "conflicts"]).output
    assert runner.invoke(app, ["--db", url, "observe", "withdraw", "3", "--reason", "转载错误"]).exit_code == 0
    assert "0 conflict(s)" in runner.invoke(app, ["--db", url, "observe", "conflicts"]).output


def test_task_commands(tmp_path: Path) -> None:
    url = plans_url(tmp_path)
    added = runner.invoke(
        app,
        [
            "--db",
            url,
            "task",
            "add",
            "guangming",
            "专栏1",
            "--status",
            "推进中",
            "--date",
            "2023-06-30",
            "--due",
            "2023-03-31",
            "--department",
            "光明科学城管委会",
        ],
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["--db", url, "task", "list", "guangming", "--entered", "--as-of", "2023-12-31"])
    assert "专栏1" in listed.output
    assert "推进中  逾期  专栏1" in listed.output
    assert "全部:" in listed.output
    refused = runner.invoke(app, ["--db", url, "task", "add", "guangming", "专栏1", "--status", "差不多"])
    assert refused.exit_code == 1
    assert "无法识别" in refused.output
    bad_date = runner.invoke(app, ["--db", url, "task", "add", "guangming", "专栏1", "--status", "推进中", "--date", "soon"])
    assert bad_date.exit_code != 0
    assert "不是日期" in bad_date.output


def test_targets_marks_a_target_quoted_from_another_document_as_not_rated(demo_url: str) -> None:
    result = runner.invoke(app, ["--db", demo_url, "targets", "longgang"], env={"COLUMNS": "400"})
    assert "引用其他文件的目标，不评" in result.output
