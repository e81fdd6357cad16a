"""Narratives (原因分析, 已采取措施, 下一步) and evaluation snapshots: stored, versioned, used by reports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from planwatch.accounts import issue_token
from planwatch.cli import app
from planwatch.errors import InputError
from planwatch.models import NarrativeField, Snapshot, SubjectKind
from planwatch.monitor.assessment import assess_plan
from planwatch.monitor.entry import add_task_progress
from planwatch.monitor.narratives import changes_since, narrative_input
from planwatch.report.content import build_content
from planwatch.store import Database, get_sections, get_targets
from planwatch.store.evaluation import add_narratives, current_narratives, list_narratives, list_snapshots

from .conftest import demo_with_accounts, web_app

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One demo database for the module: each test writes about its own subject or plan."""
    database = demo_with_accounts(tmp_path_factory.mktemp("records"))
    yield database
    database.close()


def texts(db: Database, subject: str) -> list[str]:
    return [n.text for n in list_narratives(db, "longgang") if n.subject == subject]


def reasons(db: Database, text: str, subject: str) -> None:
    entry = narrative_input(db, "longgang", SubjectKind.TARGET, subject, NarrativeField.REASONS, text)
    add_narratives(db, [entry], entered_by="张三")


def test_a_target_is_named_by_its_number_in_the_table(demo: Database) -> None:
    number = [t.indicator for t in get_targets(demo, "longgang")].index("全社会研发投入占GDP比重") + 1
    entry = narrative_input(demo, "longgang", SubjectKind.TARGET, str(number), NarrativeField.REASONS, "x")
    assert entry.subject == "全社会研发投入占GDP比重"


def test_a_target_is_named_by_its_catalog_key(demo: Database) -> None:
    entry = narrative_input(demo, "longgang", SubjectKind.TARGET, "makerspaces_new", NarrativeField.REASONS, "x")
    assert entry.subject == "新增众创空间"


def test_a_new_narrative_is_a_new_version(demo: Database) -> None:
    reasons(demo, "初稿", "拥有发明专利数")
    reasons(demo, "修订稿", "拥有发明专利数")
    assert texts(demo, "拥有发明专利数") == ["初稿", "修订稿"]


def test_the_latest_version_is_current(demo: Database) -> None:
    reasons(demo, "初稿", "新增科技企业孵化器")
    reasons(demo, "修订稿", "新增科技企业孵化器")
    current = current_narratives(list_narratives(demo, "longgang"))
    assert current[(SubjectKind.TARGET, "新增科技企业孵化器")][NarrativeField.REASONS].text == "修订稿"


def test_an_empty_narrative_is_refused_and_nothing_is_stored(demo: Database) -> None:
    good = narrative_input(demo, "longgang", SubjectKind.TARGET, "新增众创空间", NarrativeField.REASONS, "有内容")
    empty = narrative_input(demo, "longgang", SubjectKind.TARGET, "国家级高新技术企业总量", NarrativeField.REASONS, "  ")
    with pytest.raises(InputError, match="原因分析不能为空"):
        add_narratives(demo, [good, empty], entered_by="张三")
    assert texts(demo, "新增众创空间") == []


def test_an_unknown_indicator_is_refused(demo: Database) -> None:
    with pytest.raises(InputError, match="没有唯一对应"):
        narrative_input(demo, "longgang", SubjectKind.TARGET, "99", NarrativeField.REASONS, "x")


def late(db: Database, section: str) -> None:
    """A published (not illustrative) entry: the task is late."""
    add_task_progress(db, "shenzhen", section, status="滞后", entry_date=date(2023, 10, 1), entered_by="李四")


def test_the_report_quotes_the_reasons_with_author_and_date(demo: Database) -> None:
    # no indicator lags on published values in the demo, so the reasons are written for a late task
    late(demo, "3.2.2")
    entry = narrative_input(demo, "shenzhen", SubjectKind.TASK, "3.2.2", NarrativeField.REASONS, "方案报批延迟")
    add_narratives(demo, [entry], entered_by="李四")
    problems = build_content(assess_plan(demo, "shenzhen", 2023), with_charts=False).problems
    assert any(p.startswith("5.创建开放创新示范区（滞后，逾期）：原因分析（李四，") and "方案报批延迟" in p for p in problems)


def test_the_report_says_plainly_where_no_reasons_were_written(demo: Database) -> None:
    late(demo, "4.1.1")
    problems = build_content(assess_plan(demo, "shenzhen", 2023), with_charts=False).problems
    section = next(s for s in get_sections(demo, "shenzhen") if s.path == "4.1.1")
    assert f"{section.label}{section.title}（滞后，逾期）：原因分析：尚未填写。" in problems


def test_tasks_resting_on_illustrative_entries_raise_no_problem(demo: Database) -> None:
    # 3.1.1 is 推进中 past its due date on 示例数据 only
    problems = build_content(assess_plan(demo, "shenzhen", 2023), with_charts=False).problems
    assert not any(p.startswith("1.打造体系完整的科研实验条件") for p in problems)


def test_next_steps_become_suggestions(demo: Database) -> None:
    late(demo, "3.2.2")
    entry = narrative_input(demo, "shenzhen", SubjectKind.TASK, "3.2.2", NarrativeField.NEXT_STEPS, "加快报批")
    add_narratives(demo, [entry], entered_by="李四")
    suggestions = build_content(assess_plan(demo, "shenzhen", 2023), with_charts=False).suggestions
    assert suggestions[0].startswith("5.创建开放创新示范区：下一步（李四，")


def snapshot(targets: list[dict[str, object]]) -> Snapshot:
    return Snapshot(
        id=1,
        plan_key="p",
        year=2023,
        method="ratio",
        issued_by="评估组",
        issued_at=datetime(2024, 3, 1),
        data_through=None,
        payload={"targets": targets},
    )


def target(status: str, *points: tuple[int, float]) -> dict[str, object]:
    return {"indicator": "国家级高新技术企业", "status": status, "series": [{"year": y, "value": v} for y, v in points]}


def test_changes_name_a_status_move() -> None:
    found = changes_since(snapshot([target("滞后", (2022, 100))]), {"targets": [target("基本符合预期", (2022, 100))]})
    assert found == ["国家级高新技术企业：状态由“滞后”变为“基本符合预期”"]


def test_changes_name_new_data() -> None:
    found = changes_since(snapshot([target("滞后", (2022, 100))]), {"targets": [target("滞后", (2022, 100), (2023, 120))]})
    assert found == ["国家级高新技术企业：新增2023年数据120"]


def test_changes_name_a_changed_value() -> None:
    found = changes_since(snapshot([target("滞后", (2022, 100))]), {"targets": [target("滞后", (2022, 101))]})
    assert found == ["国家级高新技术企业：2022年数值由100变为101（更正或新来源）"]


def test_freeze_stores_the_evaluation_with_its_vintage(demo: Database) -> None:
    url = demo.url
    result = runner.invoke(app, ["--db", url, "evaluate", "nanshan", "--year", "2023", "--freeze", "--user", "评估组"])
    assert result.exit_code == 0, result.output
    (stored,) = list_snapshots(demo, "nanshan")
    assert (stored.year, stored.issued_by, stored.data_through is not None) == (2023, "评估组", True)


def test_a_later_evaluation_shows_what_changed_since_the_last_report(demo: Database) -> None:
    url = demo.url
    assert runner.invoke(app, ["--db", url, "evaluate", "baoan", "--year", "2023", "--freeze"]).exit_code == 0
    added = runner.invoke(
        app, ["--db", url, "observe", "add", "--region", "宝安区", "--indicator", "rd_intensity", "--year", "2024", "--value", "4.3"]
    )
    assert added.exit_code == 0, added.output
    later = runner.invoke(app, ["--db", url, "evaluate", "baoan", "--year", "2024"])
    assert "全社会研发投入占地区生产总值比重：新增2024年数据4.3" in later.output


def test_the_report_has_a_changes_section_once_an_evaluation_was_issued(demo: Database) -> None:
    assert runner.invoke(app, ["--db", demo.url, "evaluate", "guangming", "--year", "2023", "--freeze"]).exit_code == 0
    content = build_content(assess_plan(demo, "guangming", 2023), with_charts=False)
    assert any(b.text == "八、与上次评估相比的变化" for b in content.blocks())  # a district plan: no cascade section


def test_cli_narrative_add_and_list(demo: Database) -> None:
    added = runner.invoke(app, ["--db", demo.url, "narrative", "add", "longgang", "高新技术产业产值", "--text", "口径调整", "--user", "张三"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["--db", demo.url, "narrative", "list", "longgang"])
    assert "高新技术产业产值 原因分析（张三，" in listed.output


def test_cli_narrative_rejects_an_unknown_field(demo: Database) -> None:
    result = runner.invoke(app, ["--db", demo.url, "narrative", "add", "longgang", "2", "--text", "x", "--field", "mood"])
    assert result.exit_code == 1


def test_api_narratives_and_snapshots_for_editors(demo: Database) -> None:
    client = TestClient(web_app(demo, "test-secret"))
    auth = {"Authorization": f"Bearer {issue_token(demo, 'editor', 'test', actor='test')}"}
    body = {"subject": "创建开放创新示范区", "task": True, "field": "measures", "text": "已报市政府"}
    assert client.post("/api/v1/plans/shenzhen/narratives", json=body, headers=auth).status_code == 201
    listed = client.get("/api/v1/plans/shenzhen/narratives").json()["narratives"]
    assert [(n["subject"], n["entered_by"]) for n in listed if n["field"] == "measures"] == [("3.2.2", "editor")]


def test_api_freeze_needs_an_editor(demo: Database) -> None:
    client = TestClient(web_app(demo, "test-secret"))
    assert client.post("/api/v1/plans/longgang/snapshots?year=2023").status_code == 401


def test_api_freeze(demo: Database) -> None:
    client = TestClient(web_app(demo, "test-secret"))
    auth = {"Authorization": f"Bearer {issue_token(demo, 'editor', 'test', actor='test')}"}
    assert client.post("/api/v1/plans/longgang/snapshots?year=2023", headers=auth).status_code == 201
    assert [s["year"] for s in client.get("/api/v1/plans/longgang/snapshots").json()] == [2023]


def test_narratives_come_back_from_the_excel_template(demo: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from planwatch.monitor.entry import NARRATIVE_SHEET, import_file
    from planwatch.monitor.template import write_template

    path = write_template(demo, "guangming", tmp_path / "光明.xlsx")
    workbook = load_workbook(path)
    sheet = workbook[NARRATIVE_SHEET]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "3")  # 每万人发明专利拥有量
    row[header.index("原因分析")].value = "专利审查周期拉长"
    workbook.save(path)
    report = import_file(demo, path, entered_by="王五")
    assert len(report.narratives_added) == 1
    current = current_narratives(list_narratives(demo, "guangming"))
    assert current[(SubjectKind.TARGET, "每万人发明专利拥有量")][NarrativeField.REASONS].entered_by == "王五"


def test_reimporting_the_template_stores_no_new_version(demo: Database, tmp_path: Path) -> None:
    from planwatch.monitor.entry import import_file
    from planwatch.monitor.template import write_template

    narrative = narrative_input(demo, "guangming", SubjectKind.TARGET, "5", NarrativeField.MEASURES, "出台高企培育方案")
    add_narratives(demo, [narrative], entered_by="王五")
    path = write_template(demo, "guangming", tmp_path / "光明.xlsx")  # holds the current texts
    assert import_file(demo, path, entered_by="王五").narratives_added == []


def test_a_bad_narrative_row_fails_the_whole_import(demo: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from planwatch.errors import PlanwatchError
    from planwatch.monitor.entry import NARRATIVE_SHEET, import_file
    from planwatch.monitor.template import write_template

    path = write_template(demo, "guangming", tmp_path / "光明.xlsx")
    workbook = load_workbook(path)
    sheet = workbook[NARRATIVE_SHEET]
    sheet.append(("guangming", "指标", "99", "不存在", "原因"))
    workbook.save(path)
    before = len(list_narratives(demo, "guangming"))
    with pytest.raises(PlanwatchError, match="没有唯一对应“99”的指标"):
        import_file(demo, path, entered_by="王五")
    assert len(list_narratives(demo, "guangming")) == before


def test_the_indicator_page_takes_a_narrative_from_an_editor(demo: Database) -> None:
    from .test_web_api import login

    client = TestClient(web_app(demo, "test-secret"))
    csrf = login(client, "editor")
    form = {"plan": "nanshan", "subject": "5", "field": "reasons", "text": "企业外迁", "csrf_token": csrf}
    assert client.post("/entry/narrative", data=form, follow_redirects=False).status_code == 303
    page = client.get("/plans/nanshan/targets/5")
    assert "企业外迁" in page.text


def test_the_reports_page_freezes_an_evaluation(demo: Database) -> None:
    from .test_web_api import login

    client = TestClient(web_app(demo, "test-secret"))
    csrf = login(client, "editor")
    assert client.get("/reports").text.count('id="freeze-form"') == 1
    before = len(list_snapshots(demo, "shenzhen"))
    response = client.post("/reports/freeze", data={"plan": "shenzhen", "year": "2023", "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert len(list_snapshots(demo, "shenzhen")) == before + 1


def test_the_task_page_takes_a_narrative_from_an_editor(demo: Database) -> None:
    from .test_web_api import login

    client = TestClient(web_app(demo, "test-secret"))
    csrf = login(client, "editor")
    form = {"plan": "longgang", "subject": "4.1.1", "task": "true", "field": "next_steps", "text": "年底前完成验收", "csrf_token": csrf}
    assert client.post("/entry/narrative", data=form, follow_redirects=False).status_code == 303
    assert "下一步（editor）：年底前完成验收" in client.get("/tasks/longgang").text
