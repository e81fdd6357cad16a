"""What a user enters never becomes a formula, a script or a path (issue #16, findings 2, 3, 5, 8, 12)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import update

from planwatch.accounts import issue_token
from planwatch.api import ingest_paths
from planwatch.errors import InputError
from planwatch.monitor.assessment import assess_plan
from planwatch.monitor.entry import add_observation, add_task_progress, correct_observation, import_file
from planwatch.monitor.tasks import trackable_sections
from planwatch.monitor.template import write_template
from planwatch.report import write_report
from planwatch.store import Database, get_sections
from planwatch.store.backup import dump_rows
from planwatch.store.monitoring import add_records, get_observation
from planwatch.store.schema import PlanRow

from .conftest import demo_with_accounts, plan_file, web_app

FORMULA = '=HYPERLINK("http://evil.example","q")'


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo with a hostile observation and task entry of 南山 typed in by an editor."""
    database = demo_with_accounts(tmp_path_factory.mktemp("safety"))
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2020, "value": "0.5", "unit": "万件"}
    add_observation(database, row | {"source": "+cmd|' /C calc'!A0", "quote": FORMULA, "note": "@SUM(1)"}, entered_by="editor")
    task = trackable_sections(get_sections(database, "nanshan"))[0]
    add_task_progress(database, "nanshan", task.path, status="推进中", entry_date=date(2023, 6, 30), note="=1+1", entered_by="editor")
    yield database
    database.close()


def _formula_cells(path: Path) -> list[str]:
    workbook = load_workbook(path)  # not data_only: formulas stay formulas
    return [f"{ws.title}!{c.coordinate}" for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def _texts(path: Path) -> set[str]:
    workbook = load_workbook(path)
    return {c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def test_the_xlsx_report_holds_no_formula_from_entered_data(hostile_db: Database, tmp_path: Path) -> None:
    path = write_report(assess_plan(hostile_db, "nanshan", 2023), tmp_path / "report.xlsx")
    assert _formula_cells(path) == []
    assert "'" + FORMULA in _texts(path)


def test_the_xlsx_report_neutralises_a_task_note(hostile_db: Database, tmp_path: Path) -> None:
    path = write_report(assess_plan(hostile_db, "nanshan", 2023), tmp_path / "report.xlsx")
    assert "'=1+1" in _texts(path)


def test_the_entry_template_holds_no_formula_from_entered_data(hostile_db: Database, tmp_path: Path) -> None:
    path = write_template(hostile_db, "nanshan", tmp_path / "template.xlsx")
    assert _formula_cells(path) == []
    assert "'+cmd|' /C calc'!A0" in _texts(path)


def test_a_neutralised_template_imports_back_as_entered(hostile_db: Database, tmp_path: Path) -> None:
    path = write_template(hostile_db, "nanshan", tmp_path / "template.xlsx")
    report = import_file(hostile_db, path, entered_by="editor")
    assert report.added == []
    assert any("已有相同记录" in reason for _line, reason in report.skipped)


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "JaVaScRiPt:x", "//evil.example"])
def test_a_source_link_must_be_http_or_https(hostile_db: Database, url: str) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2021, "value": "0.4", "unit": "万件", "source_url": url}
    with pytest.raises(InputError, match="须为以 http:// 或 https:// 开头的网址"):
        add_observation(hostile_db, row, entered_by="editor")


def test_an_evidence_link_must_be_http_or_https(hostile_db: Database) -> None:
    task = trackable_sections(get_sections(hostile_db, "nanshan"))[0]
    with pytest.raises(InputError, match="佐证链接"):
        add_task_progress(hostile_db, "nanshan", task.path, status="推进中", evidence_url="javascript:alert(1)", entered_by="editor")


def test_the_api_refuses_a_script_link_with_a_422(hostile_db: Database) -> None:
    client = TestClient(web_app(hostile_db, "test-secret"))
    auth = {"Authorization": f"Bearer {issue_token(hostile_db, 'editor', 'safety', actor='test')}"}
    row = {"region": "南山区", "indicator": "pct_applications", "year": 2021, "value": "0.4", "unit": "万件", "source_url": "javascript:alert(1)"}
    response = client.post("/api/v1/observations", json=row, headers=auth)
    assert response.status_code == 422
    assert "来源链接" in response.json()["error"]["message"]


def test_the_html_report_carries_a_policy_without_scripts(hostile_db: Database, tmp_path: Path) -> None:
    html = write_report(assess_plan(hostile_db, "nanshan", 2023), tmp_path / "report.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" in head


def test_a_script_link_stored_before_the_check_is_not_a_link_in_the_html_report(tmp_path: Path) -> None:
    database = demo_with_accounts(tmp_path)
    legacy, _ = add_observation(
        database,
        {"region": "南山区", "indicator_key": "pct_applications", "year": 2022, "value": "0.5", "unit": "万件", "source_url": "https://ok.example"},
        entered_by="editor",
    )
    draft = get_observation(database, legacy.id)
    add_records(database, [replace(draft, source_url="javascript:alert(1)", source="旧数据", value=0.6)], entered_by="legacy")
    html = write_report(assess_plan(database, "nanshan", 2023), tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in html
    assert "旧数据" in html
    database.close()


def test_the_markdown_report_shows_entered_html_as_text(hostile_db: Database, tmp_path: Path) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2021, "value": "0.4", "unit": "万件"}
    add_observation(hostile_db, row | {"quote": "<script>alert(1)</script>", "source": "<img src=x onerror=alert(1)>"}, entered_by="editor")
    markdown = write_report(assess_plan(hostile_db, "nanshan", 2023), tmp_path / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown
    assert "<img" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown


@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1b", "\x7f"])
def test_control_characters_are_refused_at_input_with_their_code(hostile_db: Database, character: str) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2021, "value": "0.4", "unit": "万件"}
    with pytest.raises(InputError, match=f"“备注”含有不可见的控制字符 U\\+{ord(character):04X}"):
        add_observation(hostile_db, row | {"note": f"核对{character}后"}, entered_by="editor")


def test_a_control_character_in_an_import_names_its_line(hostile_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "ctl.csv"
    path.write_text("地区,指标代码,年份,实际值,单位,来源\n南山区,pct_applications,2021,0.41,万件,公报\x1b[2J\n", encoding="utf-8")
    before = dump_rows(hostile_db)
    with pytest.raises(InputError, match=r"ctl.csv:2: “来源”含有不可见的控制字符 U\+001B"):
        import_file(hostile_db, path)
    assert dump_rows(hostile_db) == before


def test_control_characters_are_refused_in_task_entries_and_corrections(hostile_db: Database) -> None:
    task = trackable_sections(get_sections(hostile_db, "nanshan"))[0]
    with pytest.raises(InputError, match="“里程碑”含有不可见的控制字符 U\\+0001"):
        add_task_progress(hostile_db, "nanshan", task.path, status="推进中", milestone="\x01", entered_by="editor")
    observation = add_observation(
        hostile_db, {"region": "南山区", "indicator_key": "pct_applications", "year": 2021, "value": "0.3", "unit": "万件"}, entered_by="editor"
    )[0]
    with pytest.raises(InputError, match="“更正原因”含有不可见的控制字符 U\\+000B"):
        correct_observation(hostile_db, observation.id, value="0.31", reason="统计\x0b更正", entered_by="editor")


@pytest.mark.parametrize("key", ["../../../../x", "a/b", "..", "with space", "x" * 101, "南山.bak"])
def test_a_plan_key_from_the_command_line_must_be_a_slug(db: Database, key: str) -> None:
    (outcome,) = ingest_paths(db, [plan_file("nanshan")], overrides={"key": key})
    assert outcome.error is not None
    assert "规划代码" in str(outcome.error)


def test_a_plan_key_from_a_manifest_must_be_a_slug(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_bytes(plan_file("nanshan").read_bytes())
    (folder / "manifest.yaml").write_text("plans:\n  - key: ../escape\n    file: plan.txt\n    title: 南山区规划\n", encoding="utf-8")
    (outcome,) = ingest_paths(db, [folder])
    assert "规划代码 '../escape' 无效" in str(outcome.error)


def test_a_report_download_stays_in_its_private_folder_and_removes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = demo_with_accounts(tmp_path)
    with database.transaction() as session:  # a key stored before keys were checked
        session.execute(update(PlanRow).where(PlanRow.key == "nanshan").values(key="../../escape"))
    work = tmp_path / "work"
    (work / "a").mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(work / "a"))
    response = TestClient(web_app(database, "test-secret")).get("/api/v1/plans/南山区/report", params={"format": "html"})
    assert response.status_code == 200
    assert list(work.rglob("*")) == [work / "a"]  # no file outside the folder, and the folder removed
    database.close()
