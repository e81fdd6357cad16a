"""The officer confirms the framework: review states, decisions (CLI, core, API), what gets rated,
and decisions surviving a new version of the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from planwatch.accounts import ensure_demo_users
from planwatch.api import ingest_paths
from planwatch.cli import app
from planwatch.errors import InputError, NotFoundError
from planwatch.extract import extract_targets
from planwatch.extract.language import REVIEW_BELOW
from planwatch.models import ParsedPlan, ReviewDecision, ReviewState
from planwatch.monitor.assessment import assess_plan
from planwatch.report.content import build_content
from planwatch.review import corrections_from_text, pending_numbers, review_target
from planwatch.settings import default_settings
from planwatch.store import Database, get_targets, open_database
from planwatch.store.accounts import list_audit
from planwatch.store.backup import backup, dump_rows, restore
from planwatch.store.reviews import review_history

from .conftest import demo_with_accounts, fresh_url, plan_file, web_app
from .test_web_api import login

runner = CliRunner()


@pytest.fixture
def demo(tmp_path: Path) -> Database:
    database = demo_with_accounts(tmp_path)
    yield database  # type: ignore[misc]
    database.close()


def _number(db: Database, plan: str, indicator: str) -> int:
    return next(n for n, t in enumerate(get_targets(db, plan), start=1) if t.indicator == indicator)


def test_confidence_is_stored_as_extracted(plans_db: Database, parsed: dict[str, ParsedPlan]) -> None:
    extracted, _historical, _warnings = extract_targets(parsed["longgang"])
    assert [t.confidence for t in get_targets(plans_db, "longgang")] == [t.confidence for t in extracted]


def test_targets_below_the_threshold_are_pending_and_the_rest_auto(plans_db: Database) -> None:
    targets = [t for key in ("shenzhen", "longgang", "nanshan", "baoan", "guangming") for t in get_targets(plans_db, key)]
    unsure = [t for t in targets if t.confidence < REVIEW_BELOW]
    assert unsure, "the seeds hold uncertain prose targets"
    assert {t.review for t in unsure} == {ReviewState.PENDING}
    assert {t.review for t in targets if t.confidence >= REVIEW_BELOW} == {ReviewState.AUTO}


def test_targets_command_shows_the_review_column(plans_db: Database) -> None:
    pending = pending_numbers(get_targets(plans_db, "longgang"))
    review_target(plans_db, "longgang", pending[0], ReviewDecision.REJECTED, note="引用国家规划，不是本区目标", decided_by="审核员")
    listed = runner.invoke(app, ["--db", plans_db.url, "targets", "longgang"])
    assert listed.exit_code == 0, listed.output
    assert "审核" in listed.output
    assert "已驳回" in listed.output
    data = json.loads(runner.invoke(app, ["--db", plans_db.url, "targets", "longgang", "--json"]).output)
    assert data["targets"][pending[0] - 1]["review"] == "rejected"
    assert data["targets"][pending[0] - 1]["number"] == pending[0]


def test_every_decision_is_audited_with_who_and_what(plans_db: Database) -> None:
    number = _number(plans_db, "nanshan", "PCT国际专利申请量")
    result = runner.invoke(app, ["--db", plans_db.url, "target", "correct", "nanshan", str(number), "--value", "9000", "--user", "李四"])
    assert result.exit_code == 0, result.output
    (entry,) = [e for e in list_audit(plans_db)[0] if e.action == "target.corrected"]
    assert entry.actor == "李四"
    assert entry.old is not None and entry.old["value"] == 8800
    assert entry.new is not None and entry.new["value"] == 9000
    (review,) = review_history(plans_db, "nanshan")
    assert review.decided_by == "李四"


def test_the_user_defaults_to_planwatch_user_like_data_entry(plans_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_USER", "规划科")
    assert runner.invoke(app, ["--db", plans_db.url, "target", "confirm", "nanshan", "1"]).exit_code == 0
    assert review_history(plans_db, "nanshan")[0].decided_by == "规划科"


def test_a_correction_keeps_the_extracted_target_visible(plans_db: Database) -> None:
    number = _number(plans_db, "nanshan", "国家级高新技术企业数量")
    corrected = review_target(
        plans_db, "nanshan", number, ReviewDecision.CORRECTED, corrections={"value": 5200.0, "target_year": 2026}, decided_by="x"
    )
    assert corrected.review is ReviewState.CORRECTED
    assert (corrected.value, corrected.target_year) == (5200.0, 2026)
    assert corrected.extracted is not None
    assert (corrected.extracted.value, corrected.extracted.target_year) == (5000.0, 2025)


def test_corrections_build_on_each_other_and_the_latest_decision_wins(plans_db: Database) -> None:
    number = _number(plans_db, "nanshan", "国家级高新技术企业数量")
    review_target(plans_db, "nanshan", number, ReviewDecision.CORRECTED, corrections={"value": 5200.0}, decided_by="x")
    again = review_target(plans_db, "nanshan", number, ReviewDecision.CORRECTED, corrections={"qualifier": "以上"}, decided_by="x")
    assert (again.value, again.qualifier) == (5200.0, "以上")
    confirmed = review_target(plans_db, "nanshan", number, ReviewDecision.CONFIRMED, decided_by="x")
    assert (confirmed.review, confirmed.value) == (ReviewState.CONFIRMED, 5000.0)
    assert [r.decision for r in review_history(plans_db, "nanshan")] == ["corrected", "corrected", "confirmed"]


def test_a_new_indicator_mapping_takes_its_catalog_direction(plans_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "catalog.yaml"
    extra.write_text(
        "indicators:\n  - {key: energy_intensity, name: 单位地区生产总值能耗, unit: '%', direction: decrease}\n", encoding="utf-8"
    )
    monkeypatch.setenv("PLANWATCH_CATALOG", str(extra))
    default_settings.cache_clear()  # settings are read once per process; the fixture's ingest read them already
    number = _number(plans_db, "nanshan", "公民具备科学素质比例")
    corrected = review_target(
        plans_db, "nanshan", number, ReviewDecision.CORRECTED, corrections={"indicator_key": "energy_intensity"}, decided_by="x"
    )
    assert corrected.direction == "decrease"


def test_giving_a_qualitative_target_a_number_makes_it_measurable(plans_db: Database) -> None:
    number = next(n for n, t in enumerate(get_targets(plans_db, "longgang"), start=1) if t.qualitative)
    fixed = review_target(plans_db, "longgang", number, ReviewDecision.CORRECTED, corrections={"value": 60.0, "unit": "%"}, decided_by="x")
    assert fixed.qualitative is False
    assert fixed.qualifier is None


@pytest.mark.parametrize(
    ("corrections", "reason"),
    [
        ({"kind": "guess"}, "类型须为"),
        ({"indicator_key": "no_such_indicator"}, "指标目录中没有"),
        ({"target_year": 1900}, "目标年份"),
        ({"unit": " "}, "单位不能为空"),
        ({"value_high": 1.0}, "区间上限1小于目标值"),
        ({"value": float("nan")}, "目标值须为数值"),
        ({"confidence": 1.0}, "不能更正的字段"),
        ({"value": 8800.0}, "与抽取结果相同"),
    ],
)
def test_bad_corrections_are_refused_and_store_nothing(plans_db: Database, corrections: dict[str, object], reason: str) -> None:
    number = _number(plans_db, "nanshan", "PCT国际专利申请量")
    before = dump_rows(plans_db)
    with pytest.raises(InputError, match=reason):
        review_target(plans_db, "nanshan", number, ReviewDecision.CORRECTED, corrections=corrections, decided_by="x")
    assert dump_rows(plans_db) == before


def test_a_number_beyond_the_list_is_not_found(plans_db: Database) -> None:
    with pytest.raises(NotFoundError, match="没有第 99 项"):
        review_target(plans_db, "nanshan", 99, ReviewDecision.CONFIRMED, decided_by="x")


def test_typed_text_becomes_typed_corrections() -> None:
    typed = corrections_from_text({"value": "6.5", "target_year": "2027", "value_high": "-", "unit": "", "kind": "decrease"})
    assert typed == {"value": 6.5, "target_year": 2027, "value_high": None, "kind": "decrease"}
    with pytest.raises(InputError, match="目标值须为数值"):
        corrections_from_text({"value": "六"})


def test_a_rejected_target_is_not_rated_in_status_or_the_report(demo: Database) -> None:
    number = _number(demo, "longgang", "国家级高新技术企业总量")
    before = json.loads(runner.invoke(app, ["--db", demo.url, "status", "longgang", "--year", "2023", "--json"]).output)
    assert "国家级高新技术企业总量" in [t["indicator"] for t in before["targets"]]
    result = runner.invoke(app, ["--db", demo.url, "target", "reject", "longgang", str(number), "--note", "重复统计"])
    assert result.exit_code == 0, result.output
    after = json.loads(runner.invoke(app, ["--db", demo.url, "status", "longgang", "--year", "2023", "--json"]).output)
    assert "国家级高新技术企业总量" not in [t["indicator"] for t in after["targets"]]
    assert after["counts"]["faster_than_expected"] == before["counts"]["faster_than_expected"] - 1
    report = build_content(assess_plan(demo, "longgang", 2023), with_charts=False)
    assert f"规划共设指标目标{len(before['targets']) - 1}项" in report.overall[0]
    assert "另有1项抽取结果经审核驳回，不计入" in report.overall[0]
    assert "国家级高新技术企业总量" not in [r.rated.target.indicator for r in report.rows]


def test_the_corrected_value_is_what_gets_rated(demo: Database) -> None:
    number = _number(demo, "nanshan", "国家级高新技术企业数量")
    before = next(t for t in assess_plan(demo, "nanshan", 2023).targets if t.number == number)
    review_target(demo, "nanshan", number, ReviewDecision.CORRECTED, corrections={"value": 4500.0}, decided_by="x")
    after = next(t for t in assess_plan(demo, "nanshan", 2023).targets if t.number == number)
    assert after.target.value == 4500.0
    assert "2025年目标4500家" in after.assessment.explanation
    assert after.assessment.completion != before.assessment.completion


def test_decisions_survive_a_new_version_of_the_plan(db: Database, tmp_path: Path) -> None:
    source = plan_file("longgang").read_text(encoding="utf-8")
    path = tmp_path / "longgang.txt"
    path.write_text(source, encoding="utf-8")
    overrides = {"key": "lg", "region": "龙岗区"}
    ingest_paths(db, [path], overrides=overrides)
    first = get_targets(db, "lg")
    rejected = pending_numbers(first)[0]
    corrected = _number(db, "lg", "新增众创空间")
    review_target(db, "lg", rejected, ReviewDecision.REJECTED, note="引用的是国家目标", decided_by="x")
    review_target(db, "lg", corrected, ReviewDecision.CORRECTED, corrections={"value": 12.0}, decided_by="x")
    lines = source.split("\n")
    edited = next(i for i, line in enumerate(lines) if line.startswith("支持企业技术升级"))  # a task, no number in it
    lines[edited] = lines[edited].replace("支持企业技术升级", "支持企业加快技术升级")  # one unrelated line edited
    path.write_text("\n".join(lines), encoding="utf-8")
    (outcome,) = ingest_paths(db, [path], overrides=overrides)
    assert outcome.result is not None
    assert (outcome.result.status, outcome.result.version) == ("updated", 2)
    second = get_targets(db, "lg")
    assert second[rejected - 1].review is ReviewState.REJECTED
    assert second[corrected - 1].review is ReviewState.CORRECTED
    assert second[corrected - 1].value == 12.0
    rated = {t.number: t for t in assess_plan(db, "lg", 2023).targets}
    assert rejected not in rated
    assert rated[corrected].target.value == 12.0


def test_a_decision_does_not_follow_a_target_whose_text_changed(db: Database, tmp_path: Path) -> None:
    source = plan_file("nanshan").read_text(encoding="utf-8")
    path = tmp_path / "nanshan.txt"
    path.write_text(source, encoding="utf-8")
    ingest_paths(db, [path], overrides={"key": "ns", "region": "南山区"})
    number = _number(db, "ns", "PCT国际专利申请量")
    review_target(db, "ns", number, ReviewDecision.REJECTED, decided_by="x")
    path.write_text(source.replace("8800", "9900"), encoding="utf-8")
    ingest_paths(db, [path], overrides={"key": "ns", "region": "南山区"})
    changed = next(t for t in get_targets(db, "ns") if t.indicator == "PCT国际专利申请量")
    assert changed.value == 9900.0
    assert changed.review is ReviewState.AUTO  # a different target as extracted: the officer has not seen it


def test_interactive_review_walks_the_pending_targets(plans_db: Database) -> None:
    pending = pending_numbers(get_targets(plans_db, "longgang"))
    assert len(pending) >= 2, "longgang holds two uncertain prose targets"
    # first: reject with a reason; second: correct the value and the unit, keep the rest; then stop
    answers = ["r", "引用国家规划", "c", "30", "", "%", "", "", "", "", "", "q"]
    result = runner.invoke(
        app, ["--db", plans_db.url, "targets", "longgang", "--review", "--user", "王五"], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert f"待确认 {len(pending)} 项" in result.output
    assert "确认(y) / 驳回(r) / 更正(c) / 跳过(s) / 退出(q)" in result.output
    after = get_targets(plans_db, "longgang")
    assert after[pending[0] - 1].review is ReviewState.REJECTED
    assert after[pending[1] - 1].review is ReviewState.CORRECTED
    assert (after[pending[1] - 1].value, after[pending[1] - 1].unit) == (30.0, "%")
    assert {r.decided_by for r in review_history(plans_db, "longgang")} == {"王五"}


def test_interactive_review_reports_a_bad_answer_and_goes_on(plans_db: Database) -> None:
    pending = pending_numbers(get_targets(plans_db, "longgang"))
    answers = ["x", "c", "", "", "", "2999", "", "", "", "", "q"]
    result = runner.invoke(app, ["--db", plans_db.url, "targets", "longgang", "--review"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "请输入 y、r、c、s 或 q" in result.output
    assert "未保存" in result.output
    assert get_targets(plans_db, "longgang")[pending[0] - 1].review is ReviewState.PENDING


def test_cli_correct_reports_a_bad_kind(plans_db: Database) -> None:
    result = runner.invoke(app, ["--db", plans_db.url, "target", "correct", "nanshan", "1", "--kind", "bogus"])
    assert result.exit_code == 1
    assert "类型须为" in result.output


@pytest.fixture
def accounts_db(plans_db: Database) -> Database:
    """The five plans and the demo accounts (no observations: these tests do not rate)."""
    ensure_demo_users(plans_db)
    return plans_db


def test_api_review_needs_an_editor_and_csrf(accounts_db: Database) -> None:
    demo = accounts_db
    client = TestClient(web_app(demo, "test-secret"))
    number = _number(demo, "longgang", "新增众创空间")
    url = f"/api/v1/plans/longgang/targets/{number}/review"
    assert client.post(url, json={"decision": "rejected"}).status_code == 401
    csrf = login(client, "viewer")
    refused = client.post(url, json={"decision": "rejected"}, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403
    csrf = login(client, "editor")
    assert client.post(url, json={"decision": "rejected"}).status_code == 403  # no CSRF token
    assert get_targets(demo, "longgang")[number - 1].review is ReviewState.AUTO


def test_api_review_corrects_and_the_targets_route_shows_both_values(accounts_db: Database) -> None:
    demo = accounts_db
    client = TestClient(web_app(demo, "test-secret"))
    csrf = login(client, "editor")
    number = _number(demo, "longgang", "新增众创空间")
    url = f"/api/v1/plans/longgang/targets/{number}/review"
    done = client.post(url, json={"decision": "corrected", "value": 12, "note": "以区政府文件为准"}, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200, done.text
    assert done.json()["target"]["review"] == "corrected"
    listed = client.get("/api/v1/plans/longgang/targets").json()["targets"][number - 1]
    assert (listed["value"], listed["extracted"]["value"]) == (12.0, 10.0)
    bad = client.post(url, json={"decision": "corrected", "kind": "guess"}, headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 422
    assert client.post(url, json={"decision": "rejected"}, headers={"X-CSRF-Token": csrf}).json()["target"]["review"] == "rejected"
    assert (review_history(demo, "longgang")[-1].decided_by, review_history(demo, "longgang")[-1].note) == ("editor", "")


def test_page_review_form_checks_csrf_and_role(accounts_db: Database) -> None:
    demo = accounts_db
    client = TestClient(web_app(demo, "test-secret"))
    csrf = login(client, "viewer")
    assert "review-controls" not in client.get("/plans/longgang").text
    refused = client.post("/plans/longgang/targets/1/review", data={"decision": "confirmed", "csrf_token": csrf}, follow_redirects=False)
    assert refused.status_code == 403
    csrf = login(client, "editor")
    page = client.get("/plans/longgang").text
    assert "待确认" in page
    assert "review-controls" in page
    forged = client.post("/plans/longgang/targets/1/review", data={"decision": "confirmed"}, follow_redirects=False)
    assert forged.status_code == 403
    saved = client.post("/plans/longgang/targets/1/review", data={"decision": "confirmed", "csrf_token": csrf}, follow_redirects=False)
    assert saved.status_code == 303
    assert get_targets(demo, "longgang")[0].review is ReviewState.CONFIRMED


def test_answers_and_entry_templates_leave_rejected_targets_out(plans_db: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from planwatch.monitor.template import write_template
    from planwatch.search.answer import ask

    question = "哪些区提出了PCT国际专利申请量目标？"
    assert "南山区" in ask(plans_db, question).text
    review_target(plans_db, "nanshan", _number(plans_db, "nanshan", "PCT国际专利申请量"), ReviewDecision.REJECTED, decided_by="x")
    assert "南山区" not in ask(plans_db, question).text
    path = write_template(plans_db, "nanshan", tmp_path / "南山填报.xlsx")
    cells = [str(c.value) for row in load_workbook(path).worksheets[0].iter_rows() for c in row if c.value is not None]
    assert not any("PCT国际专利申请量" in c for c in cells)


def test_decisions_travel_with_a_backup(plans_db: Database, tmp_path: Path) -> None:
    number = _number(plans_db, "nanshan", "PCT国际专利申请量")
    review_target(plans_db, "nanshan", number, ReviewDecision.CORRECTED, corrections={"value": 9000.0}, decided_by="x")
    backup(plans_db, tmp_path / "b.jsonl.gz")
    restored = open_database(fresh_url(tmp_path))
    restore(restored, tmp_path / "b.jsonl.gz")
    assert get_targets(restored, "nanshan")[number - 1].value == 9000.0
    restored.close()


def test_the_plan_page_marks_a_target_quoted_from_another_document(accounts_db: Database) -> None:
    # 龙岗 quotes the national plan's 数字经济核心产业增加值占GDP比重 10 % as context (line 77)
    client = TestClient(web_app(accounts_db, "test-secret"))
    login(client, "viewer")
    assert "引用其他文件的目标" in client.get("/plans/longgang").text
