"""Observation proposals: never data until accepted; accepted ones checked like any import;
rejections remembered per file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planwatch.errors import InputError
from planwatch.extract.statements import StatementKind
from planwatch.monitor.entry import ImportFailed, add_observation
from planwatch.monitor.proposals import accept, edit, pending, propose_file, reject
from planwatch.store import Database
from planwatch.store.monitoring import list_observations
from planwatch.store.proposals import ProposalStatus, list_proposals

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "bulletins" / "shenzhen" / "2024-government-work-report.txt"
BULLETIN_TEXT = """某市2023年国民经济和社会发展统计公报

全年全市技术合同成交额812.5亿元，比上年增长9.4%。年末全市国家高新技术企业超1.3万家。
全市研发投入强度为3.12%，比上年提高0.21个百分点。
"""


@pytest.fixture
def bulletin(tmp_path: Path) -> Path:
    path = tmp_path / "bulletin-2023.txt"
    path.write_text(BULLETIN_TEXT, encoding="utf-8")
    return path


def by_value(db: Database, value_raw: str) -> int:
    (found,) = [p.id for p in list_proposals(db) if p.value_raw == value_raw]
    return found


def test_proposing_a_file_stores_no_observation(db: Database, bulletin: Path) -> None:
    report = propose_file(db, bulletin, region="某市", proposed_by="editor")
    assert len(report.batch.new) == 5
    assert list_observations(db) == []


def test_an_accepted_proposal_becomes_an_observation_with_its_source(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", source_url="https://example.org/bulletin", proposed_by="editor")
    report = accept(db, [by_value(db, "812.5")], entered_by="editor")
    (stored,) = list_observations(db)
    assert report.added == [stored.id]
    assert (stored.region, stored.indicator_key, stored.year, stored.value) == ("某市", "tech_contract_turnover", 2023, 812.5)
    assert stored.source_url == "https://example.org/bulletin"
    assert stored.quote == "全年全市技术合同成交额812.5亿元"


def test_an_accepted_proposal_is_marked_with_its_observation(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    proposal_id = by_value(db, "812.5")
    accept(db, [proposal_id], entered_by="editor")
    (proposal,) = list_proposals(db, ids=[proposal_id])
    assert (proposal.status, proposal.observation_id) == (ProposalStatus.ACCEPTED, list_observations(db)[0].id)


def test_a_rejected_proposal_is_not_proposed_again_by_the_same_file(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    reject(db, [by_value(db, "812.5")], decided_by="editor", note="口径不同")
    again = propose_file(db, bulletin, region="某市", proposed_by="editor")
    assert (len(again.batch.new), again.batch.rejected_before, again.batch.pending) == (0, 1, 4)


def test_a_proposal_cannot_be_decided_twice(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    proposal_id = by_value(db, "812.5")
    reject(db, [proposal_id], decided_by="editor")
    with pytest.raises(InputError, match="已审核过"):
        accept(db, [proposal_id], entered_by="editor")


def test_a_growth_rate_is_never_stored_as_a_level(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    proposal_id = by_value(db, "9.4")
    edit(db, proposal_id, {"indicator_key": "tech_contract_turnover"}, edited_by="editor")
    with pytest.raises(ImportFailed, match="不能存为总量指标"):
        accept(db, [proposal_id], entered_by="editor")


def test_an_unmapped_growth_rate_is_kept_under_a_growth_name(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    accept(db, [by_value(db, "9.4")], entered_by="editor", keep_unmapped=True)
    (stored,) = list_observations(db)
    assert (stored.indicator_key, stored.indicator_name) == (None, "技术合同成交额增速")


def test_a_change_from_the_year_before_is_refused(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    with pytest.raises(ImportFailed, match="变化量"):
        accept(db, [by_value(db, "0.21")], entered_by="editor", keep_unmapped=True)


def test_a_failed_acceptance_stores_nothing_and_marks_nothing(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    good, bad = by_value(db, "812.5"), by_value(db, "0.21")
    with pytest.raises(ImportFailed):
        accept(db, [good, bad], entered_by="editor", keep_unmapped=True)
    assert list_observations(db) == []
    assert len(pending(db)) == 5


def test_an_edited_value_is_converted_again(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    edited = edit(db, by_value(db, "812.5"), {"value_raw": "0.08125", "unit_raw": "万亿元"}, edited_by="editor")
    assert (edited.value, edited.unit) == (812.5, "亿元")


def test_an_edit_of_an_unknown_unit_is_refused(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    with pytest.raises(InputError, match="无法识别的单位"):
        edit(db, by_value(db, "812.5"), {"unit_raw": "斗"}, edited_by="editor")


def test_an_edited_kind_is_stored(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    edited = edit(db, by_value(db, "3.12"), {"kind": "level"}, edited_by="editor")
    assert edited.kind is StatementKind.LEVEL


def test_a_statement_already_recorded_is_accepted_without_a_second_row(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", source_url="https://example.org/b", proposed_by="editor")
    first = by_value(db, "812.5")
    accept(db, [first], entered_by="editor")
    row = {"region": "某市", "indicator_key": "tech_contract_turnover", "year": "2023", "value": "812.5", "unit": "亿元"}
    with pytest.raises(InputError, match="已有相同记录"):
        add_observation(db, row | {"source_url": "https://example.org/b"}, entered_by="editor")


def test_a_lower_bound_agrees_with_a_value_above_it(db: Database, bulletin: Path) -> None:
    row = {"region": "某市", "indicator_key": "national_high_tech_enterprises", "year": "2023", "value": "13420", "unit": "家"}
    add_observation(db, row | {"source_url": "https://example.org/other"}, entered_by="editor")
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    report = accept(db, [by_value(db, "1.3")], entered_by="editor")
    assert (report.conflicts, report.corroborated) == ([], 1)


def test_a_value_that_disagrees_is_reported_as_a_conflict(db: Database, bulletin: Path) -> None:
    row = {"region": "某市", "indicator_key": "tech_contract_turnover", "year": "2023", "value": "790", "unit": "亿元"}
    add_observation(db, row | {"source_url": "https://example.org/other"}, entered_by="editor")
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    report = accept(db, [by_value(db, "812.5")], entered_by="editor")
    assert len(report.conflicts) == 1


def test_an_unmapped_name_is_refused_unless_kept(db: Database) -> None:
    propose_file(db, REPORT, region="深圳市", proposed_by="editor")
    revenue = next(p.id for p in list_proposals(db) if p.indicator_name == "一般公共预算收入" and p.kind is StatementKind.LEVEL)
    with pytest.raises(ImportFailed, match="不在指标目录中"):
        accept(db, [revenue], entered_by="editor")


def test_accepting_everything_mapped_from_the_shenzhen_report_fills_its_series(db: Database) -> None:
    propose_file(db, REPORT, region="深圳市", proposed_by="editor")
    mapped = [p.id for p in pending(db) if p.indicator_key is not None]
    accept(db, mapped, entered_by="editor")
    stored = {(o.indicator_key, o.year, o.value) for o in list_observations(db)}
    assert stored == {
        ("gdp", 2023, 34600.0),
        ("gdp_growth", 2023, 6.0),
        ("national_high_tech_enterprises", 2023, 24700.0),
        ("sei_share_gdp", 2023, 41.9),
    }


def test_an_edit_can_unmap_the_indicator(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    edited = edit(db, by_value(db, "812.5"), {"indicator_key": "-"}, edited_by="editor")
    assert edited.indicator_key is None


def test_an_edit_of_an_unknown_kind_is_refused(db: Database, bulletin: Path) -> None:
    propose_file(db, bulletin, region="某市", proposed_by="editor")
    with pytest.raises(InputError, match="不是"):
        edit(db, by_value(db, "812.5"), {"kind": "总量"}, edited_by="editor")


# -- front ends: `planwatch observe extract/accept/reject` and the data-entry page ---------------


def test_the_cli_proposes_and_stores_nothing_until_accepted(tmp_path: Path, bulletin: Path) -> None:
    from typer.testing import CliRunner

    from planwatch.cli import app

    from .conftest import fresh_url

    runner = CliRunner()
    url = fresh_url(tmp_path)
    proposed = runner.invoke(app, ["--db", url, "observe", "extract", str(bulletin), "--region", "某市", "--json"])
    assert proposed.exit_code == 0, proposed.output
    first = json.loads(proposed.output)["pending"][0]
    assert (first["indicator_key"], first["value_raw"], first["unit_raw"], first["kind"]) == ("tech_contract_turnover", "812.5", "亿元", "level")
    listed = runner.invoke(app, ["--db", url, "observe", "list", "--json"])
    assert json.loads(listed.output) == []
    accepted = runner.invoke(app, ["--db", url, "observe", "accept", str(first["id"]), "--json"])
    assert len(json.loads(accepted.output)["added"]) == 1


def test_the_cli_review_accepts_and_rejects_in_turn(tmp_path: Path, bulletin: Path) -> None:
    from typer.testing import CliRunner

    from planwatch.cli import app

    from .conftest import fresh_url

    runner = CliRunner()
    url = fresh_url(tmp_path)
    # 812.5亿元: accept; its growth rate: reject; then quit
    result = runner.invoke(app, ["--db", url, "observe", "extract", str(bulletin), "--region", "某市", "--review"], input="y\nr\n\nq\n")
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["--db", url, "observe", "extract", str(bulletin), "--region", "某市", "--json"])
    batch = json.loads(again.output)
    assert (batch["new"], batch["accepted_before"], batch["rejected_before"], len(batch["pending"])) == (0, 1, 1, 3)


def test_the_cli_review_refuses_a_growth_rate_edited_into_a_level(tmp_path: Path, bulletin: Path) -> None:
    from typer.testing import CliRunner

    from planwatch.cli import app

    from .conftest import fresh_url

    runner = CliRunner()
    url = fresh_url(tmp_path)
    # skip 812.5亿元; edit the growth rate 9.4% (the seven fields, only the catalog key given) and accept it; quit
    answers = "s\ne\n\n\ntech_contract_turnover\n\n\n\n\nq\n"
    result = runner.invoke(app, ["--db", url, "observe", "extract", str(bulletin), "--region", "某市", "--review"], input=answers)
    assert "不能存为总量指标" in result.output


def test_the_entry_page_reads_an_upload_and_accepts_from_the_review_table(tmp_path: Path) -> None:
    import re

    from fastapi.testclient import TestClient

    from planwatch.core import Planwatch
    from planwatch.settings import load_settings
    from planwatch.web.app import create_app

    from .conftest import demo_with_accounts
    from .test_web_api import login

    database = demo_with_accounts(tmp_path)
    client = TestClient(create_app(Planwatch(load_settings(secret="test-secret"), database=database)))
    csrf = login(client, "editor")
    upload = {"file": ("bulletin.txt", BULLETIN_TEXT.encode("utf-8"))}
    page = client.post("/entry/proposals", data={"csrf_token": csrf, "region": "深圳市"}, files=upload, follow_redirects=True)
    assert "新增候选观测值 5 条" in page.text
    assert "技术合同成交额" in page.text
    first = re.search(r'name="ids" value="(\d+)"', page.text)
    assert first is not None
    decided = client.post(
        "/entry/proposals/decide", data={"csrf_token": csrf, "action": "accept", "ids": [first.group(1)]}, follow_redirects=True
    )
    assert "新增观测值 1 条" in decided.text
    database.close()


def test_the_entry_page_refuses_a_file_that_is_not_a_document(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from planwatch.core import Planwatch
    from planwatch.settings import load_settings
    from planwatch.web.app import create_app

    from .conftest import demo_with_accounts
    from .test_web_api import login

    database = demo_with_accounts(tmp_path)
    client = TestClient(create_app(Planwatch(load_settings(secret="test-secret"), database=database)))
    csrf = login(client, "editor")
    response = client.post("/entry/proposals", data={"csrf_token": csrf}, files={"file": ("x.exe", b"MZ\x00\x00")})
    assert response.status_code == 415
    database.close()
