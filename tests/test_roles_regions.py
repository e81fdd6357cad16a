"""Roles by region (#17 item 7): an editor of 南山区 changes only 南山区's observations, task progress,
narratives and proposals; an editor of 深圳市 every district's too; an admin, or an editor without
regions, every region's. One rule in the core (``access.py``), so the CLI, the API and the pages
refuse alike: a 403 page, a JSON error, an import row naming its file, sheet and row."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from playwright.sync_api import Page, expect
from typer.testing import CliRunner

from planwatch.access import region_scope
from planwatch.accounts import DEMO_PASSWORD
from planwatch.cli import app as cli_app
from planwatch.core import Planwatch
from planwatch.errors import ForbiddenError, InputError
from planwatch.models import NarrativeField, ReviewDecision, SubjectKind, User
from planwatch.monitor.entry import ImportFailed
from planwatch.settings import load_settings
from planwatch.store import Database
from planwatch.store.accounts import REFUSED
from planwatch.store.proposals import ProposalStatus

from .conftest import ROOT, demo_with_accounts, fresh_url, web_app
from .test_browser import base_url, browser, page, served_db, sign_in  # noqa: F401 (fixtures)
from .test_web_api import login

GUANGMING_BULLETIN = """光明区2023年国民经济和社会发展统计公报

全年全区技术合同成交额96.3亿元，比上年增长5.2%。
"""


@pytest.fixture(scope="module")
def roles_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo with its accounts and two editors limited by region."""
    database = demo_with_accounts(tmp_path_factory.mktemp("roles"))
    owner = Planwatch(database=database)
    owner.create_user("nanshan_editor", DEMO_PASSWORD, "editor", regions=["南山区"])
    owner.create_user("city_editor", DEMO_PASSWORD, "editor", regions=["深圳市"])
    yield database
    database.close()


@pytest.fixture
def pw(roles_db: Database) -> Planwatch:
    return Planwatch(database=roles_db)


def account(pw: Planwatch, username: str) -> User:
    return next(u for u in pw.users() if u.username == username)


def test_the_region_choices_name_each_region_once(pw: Planwatch) -> None:
    assert len(pw.regions()) == len(set(pw.regions()))


def test_the_region_choices_name_every_demo_region(pw: Planwatch) -> None:
    assert set(pw.regions()) == {"深圳市", "龙岗区", "南山区", "宝安区", "光明区"}


def observation_of(pw: Planwatch, region: str) -> int:
    return next(o.id for o in pw.observations() if o.region == region and not o.withdrawn)


def refusals(pw: Planwatch, username: str) -> list[str]:
    entries, _ = pw.audit(limit=500)
    return [str(e.new) for e in entries if e.action == REFUSED and e.actor == username]


def guangming_row(pw: Planwatch, value: str = "97.1") -> dict[str, object]:
    return pw.observation_row("tech_contract_turnover", region="光明区", year="2023", value=value, unit="亿元", source="光明区统计公报")


# -- the rule -------------------------------------------------------------------------------------


def test_a_district_editor_may_change_their_district(pw: Planwatch) -> None:
    assert region_scope(account(pw, "nanshan_editor"), pw.plans).allows("南山区")


def test_a_district_editor_may_not_change_another_district(pw: Planwatch) -> None:
    assert not region_scope(account(pw, "nanshan_editor"), pw.plans).allows("光明区")


def test_a_district_editor_may_not_change_the_city(pw: Planwatch) -> None:
    assert not region_scope(account(pw, "nanshan_editor"), pw.plans).allows("深圳市")


def test_a_city_editor_may_change_every_district_below_the_city_plan(pw: Planwatch) -> None:
    scope = region_scope(account(pw, "city_editor"), pw.plans)
    assert scope.regions == frozenset({"深圳市", "南山区", "光明区", "龙岗区", "宝安区"})


def test_an_editor_without_regions_may_change_every_region(pw: Planwatch) -> None:
    assert region_scope(account(pw, "editor"), pw.plans).regions is None


def test_an_admin_with_regions_may_still_change_every_region(pw: Planwatch) -> None:
    admin = account(pw, "admin")
    assert region_scope(User(admin.id, "admin", "admin", True, admin.created_at, regions=("南山区",)), pw.plans).regions is None


# -- every write path -----------------------------------------------------------------------------


def test_adding_another_regions_observation_is_refused_and_stores_nothing(pw: Planwatch) -> None:
    before = len(pw.observations(include_history=True))
    with pytest.raises(ForbiddenError, match="您只能更改南山区的数据，不能更改“光明区”的数据"):
        pw.add_observation(guangming_row(pw), user=account(pw, "nanshan_editor"))
    assert len(pw.observations(include_history=True)) == before


def test_adding_ones_own_regions_observation_is_stored(pw: Planwatch) -> None:
    row = pw.observation_row("tech_contract_turnover", region="南山区", year="2023", value="1234.5", unit="亿元", source="南山区统计公报")
    created, _ = pw.add_observation(row, user=account(pw, "nanshan_editor"))
    assert (created.region, created.entered_by) == ("南山区", "nanshan_editor")


def test_a_city_editor_adds_a_districts_observation(pw: Planwatch) -> None:
    created, _ = pw.add_observation(guangming_row(pw, "98.4"), user=account(pw, "city_editor"))
    assert created.region == "光明区"


def test_a_refusal_is_in_the_audit_log_with_its_reason(pw: Planwatch) -> None:
    with pytest.raises(ForbiddenError):
        pw.add_observation(guangming_row(pw, "99.9"), user=account(pw, "nanshan_editor"))
    assert any("observation.add" in entry and "光明区" in entry for entry in refusals(pw, "nanshan_editor"))


def test_a_refusal_leaves_the_data_stamp_and_the_caches_alone(pw: Planwatch) -> None:
    stamp = pw.data_stamp()
    with pytest.raises(ForbiddenError):
        pw.add_observation(guangming_row(pw, "99.8"), user=account(pw, "nanshan_editor"))
    assert pw.data_stamp() == stamp


def test_correcting_another_regions_observation_is_refused(pw: Planwatch) -> None:
    target = observation_of(pw, "光明区")
    with pytest.raises(ForbiddenError, match=f"观测值 #{target}: 您只能更改南山区的数据"):
        pw.correct_observation(target, value="1", unit=None, reason="核对", user=account(pw, "nanshan_editor"))
    assert target in {o.id for o in pw.observations()}


def test_withdrawing_another_regions_observation_is_refused(pw: Planwatch) -> None:
    target = observation_of(pw, "光明区")
    with pytest.raises(ForbiddenError, match="不能更改“光明区”的数据"):
        pw.withdraw_observation(target, reason="重复", user=account(pw, "nanshan_editor"))
    assert target in {o.id for o in pw.observations()}


def test_correcting_ones_own_regions_observation_is_stored(pw: Planwatch) -> None:
    target = observation_of(pw, "南山区")
    old = pw.observation(target)
    changed = pw.correct_observation(target, value=str(old.value_raw), unit=None, reason="核对来源", user=account(pw, "nanshan_editor"))
    assert changed.supersedes_id == target


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "指标监测"
    sheet.append(["地区", "指标", "年份", "实际值", "单位", "来源"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_import_with_one_foreign_row_names_its_file_sheet_row_and_region(pw: Planwatch, tmp_path: Path) -> None:
    upload = write_xlsx(
        tmp_path / "南山填报.xlsx",
        [["南山区", "技术合同成交额", 2022, 1111, "亿元", "区统计公报"], ["光明区", "技术合同成交额", 2022, 88, "亿元", "区统计公报"]],
    )
    with pytest.raises(ImportFailed) as failed:
        pw.import_file(upload, user=account(pw, "nanshan_editor"))
    refused = [str(p) for p in failed.value.problems if isinstance(p, ForbiddenError)]
    assert refused == [f"{upload}[指标监测]:3: 您只能更改南山区的数据，不能更改“光明区”的数据：如需权限请联系管理员"]


def test_an_import_with_one_foreign_row_stores_none_of_its_rows(pw: Planwatch, tmp_path: Path) -> None:
    before = len(pw.observations(include_history=True))
    upload = write_xlsx(
        tmp_path / "混合.xlsx",
        [["南山区", "技术合同成交额", 2021, 1010, "亿元", "区统计公报"], ["光明区", "技术合同成交额", 2021, 77, "亿元", "区统计公报"]],
    )
    with pytest.raises(ImportFailed):
        pw.import_file(upload, user=account(pw, "nanshan_editor"))
    assert len(pw.observations(include_history=True)) == before


def test_an_import_of_ones_own_region_is_stored(pw: Planwatch, tmp_path: Path) -> None:
    upload = write_xlsx(tmp_path / "南山.xlsx", [["南山区", "技术合同成交额", 2021, 1020, "亿元", "区统计公报（2021）"]])
    report = pw.import_file(upload, user=account(pw, "nanshan_editor"))
    assert len(report.added) == 1


def test_task_rows_of_another_regions_plan_are_refused_in_an_import(pw: Planwatch, tmp_path: Path) -> None:
    path = pw.sections(pw.plan("guangming"))[5].path
    upload = tmp_path / "任务.csv"
    upload.write_text(f"规划,路径,状态,日期\nguangming,{path},推进中,2023-06-30\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"任务\.csv:2: 您只能更改南山区的数据，不能更改“光明区”的数据"):
        pw.import_file(upload, user=account(pw, "nanshan_editor"))


def first_task(pw: Planwatch, key: str) -> str:
    from planwatch.monitor.tasks import trackable_sections

    return trackable_sections(pw.sections(pw.plan(key)))[0].path


def test_task_progress_on_another_regions_plan_is_refused(pw: Planwatch) -> None:
    with pytest.raises(ForbiddenError, match=r"《.*光明区.*》: 您只能更改南山区的数据"):
        pw.add_task_progress("guangming", first_task(pw, "guangming"), status="推进中", user=account(pw, "nanshan_editor"))


def test_a_bulk_update_of_another_regions_tasks_stores_none(pw: Planwatch) -> None:
    before = len(pw.task_statuses(pw.plan("guangming"))[0].history)
    sections = [first_task(pw, "guangming")]
    with pytest.raises(ForbiddenError):
        pw.add_tasks_progress("guangming", sections, status="已完成", user=account(pw, "nanshan_editor"))
    assert len(pw.task_statuses(pw.plan("guangming"))[0].history) == before


def test_task_progress_on_ones_own_plan_is_stored(pw: Planwatch) -> None:
    entry = pw.add_task_progress("nanshan", first_task(pw, "nanshan"), status="推进中", user=account(pw, "nanshan_editor"))
    assert entry > 0


def test_a_narrative_on_another_regions_plan_is_refused(pw: Planwatch) -> None:
    with pytest.raises(ForbiddenError, match="不能更改“光明区”的数据"):
        pw.add_narrative(pw.plan("guangming"), SubjectKind.TARGET, "1", NarrativeField.REASONS, "说明", user=account(pw, "nanshan_editor"))


def test_a_narrative_on_ones_own_plan_is_stored(pw: Planwatch) -> None:
    made = pw.add_narrative(pw.plan("nanshan"), SubjectKind.TARGET, "1", NarrativeField.REASONS, "进展顺利", user=account(pw, "nanshan_editor"))
    assert made > 0


def test_reviewing_another_regions_target_is_refused(pw: Planwatch) -> None:
    with pytest.raises(ForbiddenError, match="不能更改“光明区”的数据"):
        pw.review_target(pw.plan("guangming"), 1, ReviewDecision.CONFIRMED, user=account(pw, "nanshan_editor"))


def test_issuing_another_regions_evaluation_is_refused(pw: Planwatch) -> None:
    with pytest.raises(ForbiddenError, match="不能更改“光明区”的数据"):
        pw.freeze(pw.plan("guangming"), 2023, user=account(pw, "nanshan_editor"))


@pytest.fixture
def guangming_proposals(pw: Planwatch, tmp_path: Path) -> list[int]:
    bulletin = tmp_path / "guangming-2023.txt"
    bulletin.write_text(GUANGMING_BULLETIN, encoding="utf-8")
    report = pw.propose_observations(bulletin, region="光明区")
    return [p.id for p in pw.proposals(file_hash=report.file_hash, status=ProposalStatus.PENDING) if p.indicator_key]


def test_accepting_another_regions_proposal_is_refused_and_leaves_it_pending(pw: Planwatch, guangming_proposals: list[int]) -> None:
    with pytest.raises(ImportFailed, match=r"候选观测值 #\d+（guangming-2023.txt 第3行）: 您只能更改南山区的数据"):
        pw.accept_proposals(guangming_proposals, user=account(pw, "nanshan_editor"))
    assert {p.status for p in pw.proposals(ids=guangming_proposals)} == {ProposalStatus.PENDING}


def test_rejecting_another_regions_proposal_is_refused(pw: Planwatch, guangming_proposals: list[int]) -> None:
    with pytest.raises(ForbiddenError, match="不能更改“光明区”的数据"):
        pw.reject_proposals(guangming_proposals, user=account(pw, "nanshan_editor"))


def test_editing_another_regions_proposal_is_refused(pw: Planwatch, guangming_proposals: list[int]) -> None:
    with pytest.raises(ForbiddenError, match="不能更改“光明区”的数据"):
        pw.edit_proposal(guangming_proposals[0], {"year": "2022"}, user=account(pw, "nanshan_editor"))


def test_moving_a_proposal_into_another_region_is_refused(pw: Planwatch, tmp_path: Path) -> None:
    bulletin = tmp_path / "nanshan-2023.txt"
    bulletin.write_text(GUANGMING_BULLETIN.replace("光明区", "南山区"), encoding="utf-8")
    report = pw.propose_observations(bulletin, region="南山区")
    mine = pw.proposals(file_hash=report.file_hash)[0].id
    with pytest.raises(ForbiddenError, match="不能更改“光明区”的数据"):
        pw.edit_proposal(mine, {"region": "光明区"}, user=account(pw, "nanshan_editor"))


def test_a_city_editor_accepts_a_districts_proposal(pw: Planwatch, guangming_proposals: list[int]) -> None:
    report = pw.accept_proposals(guangming_proposals, user=account(pw, "city_editor"))
    assert len(report.added) == len(guangming_proposals)


def test_the_web_front_ends_pass_the_signed_in_user_to_every_write() -> None:
    """A route passing a bare name (``entered_by=user.username``) would skip the region rule."""
    sources = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "src" / "planwatch" / "web").glob("*.py")}
    named = {name: re.findall(r"\b(?:entered|decided|edited|issued|proposed)_by=", text) for name, text in sources.items()}
    assert {name: found for name, found in named.items() if found} == {}


# -- assigning regions ----------------------------------------------------------------------------


def test_a_region_typo_is_refused_with_the_closest_region(pw: Planwatch) -> None:
    with pytest.raises(InputError, match="“地区”南山没有对应的规划：最接近的是“南山区”，请改用该名称"):
        pw.create_user("typo_editor", DEMO_PASSWORD, "editor", regions=["南山"])


def test_new_regions_replace_the_old_ones(pw: Planwatch) -> None:
    pw.create_user("moving_editor", DEMO_PASSWORD, "editor", regions=["南山区"])
    assert pw.update_user("moving_editor", regions=["光明区", "宝安区"]).regions == ("光明区", "宝安区")


def test_no_regions_give_every_region_back(pw: Planwatch) -> None:
    pw.create_user("freed_editor", DEMO_PASSWORD, "editor", regions=["南山区"])
    assert pw.update_user("freed_editor", regions=[]).regions == ()


def test_new_regions_end_the_users_sessions(pw: Planwatch) -> None:
    before = pw.create_user("session_editor", DEMO_PASSWORD, "editor", regions=["南山区"])
    assert pw.update_user("session_editor", regions=["光明区"]).session_version > before.session_version


def test_the_cli_assigns_and_lists_regions(tmp_path: Path) -> None:
    from planwatch.api import demo_plans_dir

    url = fresh_url(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli_app, ["--db", url, "ingest", str(demo_plans_dir())]).exit_code == 0
    added = runner.invoke(cli_app, ["--db", url, "user", "add", "ns", "--role", "editor", "--password", DEMO_PASSWORD, "--region", "南山区"])
    assert added.exit_code == 0, added.output
    moved = runner.invoke(cli_app, ["--db", url, "user", "set", "ns", "--region", "光明区", "--region", "宝安区"])
    assert moved.exit_code == 0, moved.output
    listed = runner.invoke(cli_app, ["--db", url, "user", "list"]).output
    assert "光明区、宝安区" in listed


def test_the_cli_refuses_an_unknown_role_in_chinese(tmp_path: Path) -> None:
    url = fresh_url(tmp_path)
    runner = CliRunner()
    runner.invoke(cli_app, ["--db", url, "user", "add", "someone", "--role", "viewer", "--password", DEMO_PASSWORD])
    refused = runner.invoke(cli_app, ["--db", url, "user", "set", "someone", "--role", "boss"])
    assert "角色 'boss' 无效" in refused.output


def test_the_cli_refuses_an_unknown_narrative_field_in_chinese(tmp_path: Path) -> None:
    refused = CliRunner().invoke(cli_app, ["--db", fresh_url(tmp_path), "narrative", "add", "nanshan", "1", "--text", "说明", "--field", "why"])
    assert "未知的说明字段 'why'" in refused.output


# -- the API --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(roles_db: Database) -> Iterator[TestClient]:
    with TestClient(web_app(roles_db)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def nanshan_token(roles_db: Database) -> str:
    return Planwatch(database=roles_db).issue_token("nanshan_editor", "区级导入脚本")


def test_the_api_refuses_another_regions_observation_with_a_chinese_json_error(client: TestClient, nanshan_token: str) -> None:
    body = {"region": "光明区", "indicator": "tech_contract_turnover", "year": 2023, "value": "91.5", "unit": "亿元", "source": "公报"}
    response = client.post("/api/v1/observations", json=body, headers={"Authorization": f"Bearer {nanshan_token}"})
    assert response.json() == {
        "error": {"status": 403, "message": "您只能更改南山区的数据，不能更改“光明区”的数据：如需权限请联系管理员"}
    }


def test_the_api_stores_ones_own_regions_observation(client: TestClient, nanshan_token: str) -> None:
    body = {"region": "南山区", "indicator": "tech_contract_turnover", "year": 2023, "value": "1240", "unit": "亿元", "source": "区公报"}
    response = client.post("/api/v1/observations", json=body, headers={"Authorization": f"Bearer {nanshan_token}"})
    assert response.status_code == 201, response.text


def test_the_api_refuses_another_regions_task_progress(client: TestClient, nanshan_token: str, pw: Planwatch) -> None:
    body = {"section": first_task(pw, "guangming"), "status": "推进中"}
    response = client.post("/api/v1/plans/guangming/tasks", json=body, headers={"Authorization": f"Bearer {nanshan_token}"})
    assert response.status_code == 403


def test_the_api_refuses_correcting_another_regions_observation(client: TestClient, nanshan_token: str, pw: Planwatch) -> None:
    target = observation_of(pw, "光明区")
    response = client.post(
        f"/api/v1/observations/{target}/correct", json={"value": "1", "reason": "核对"}, headers={"Authorization": f"Bearer {nanshan_token}"}
    )
    assert response.status_code == 403


def test_me_tells_a_script_its_regions(client: TestClient, nanshan_token: str) -> None:
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {nanshan_token}"}).json()
    assert me["user"]["regions"] == ["南山区"]


def test_an_import_upload_with_a_foreign_row_names_the_file_as_uploaded(client: TestClient, nanshan_token: str) -> None:
    content = "地区,指标,年份,实际值,单位,来源\n光明区,技术合同成交额,2022,66,亿元,区统计公报\n".encode()
    response = client.post(
        "/api/v1/observations/import",
        files={"file": ("光明填报.csv", content, "text/csv")},
        headers={"Authorization": f"Bearer {nanshan_token}"},
    )
    assert "光明填报.csv:2: 您只能更改南山区的数据，不能更改“光明区”的数据" in json.dumps(response.json(), ensure_ascii=False)


def signed_in_form_client(database: Database, username: str) -> tuple[TestClient, str]:
    """A session signed in through the login form, and its CSRF token for the page forms."""
    session = TestClient(web_app(database))
    return session, login(session, username)


def test_a_narrative_form_for_another_region_gets_the_403_page(roles_db: Database) -> None:
    session, csrf = signed_in_form_client(roles_db, "nanshan_editor")
    form = {"plan": "guangming", "subject": "1", "field": "reasons", "text": "说明", "csrf_token": csrf}
    response = session.post("/entry/narrative", data=form, follow_redirects=False)
    assert response.status_code == 403


def test_the_403_page_of_a_narrative_form_says_whose_data_it_is(roles_db: Database) -> None:
    session, csrf = signed_in_form_client(roles_db, "nanshan_editor")
    form = {"plan": "guangming", "subject": "1", "field": "reasons", "text": "说明", "csrf_token": csrf}
    response = session.post("/entry/narrative", data=form, follow_redirects=False)
    assert "您只能更改南山区的数据" in response.text


def test_a_refused_form_of_ones_own_region_is_flashed_in_chinese_on_the_page_it_came_from(roles_db: Database) -> None:
    session, csrf = signed_in_form_client(roles_db, "nanshan_editor")
    form = {"plan": "nanshan", "subject": "999", "field": "reasons", "text": "说明", "csrf_token": csrf}
    response = session.post("/entry/narrative", data=form, follow_redirects=True)
    assert "未保存：" in response.text


@pytest.fixture(scope="module")
def nanshan_pages(roles_db: Database) -> TestClient:
    session, _ = signed_in_form_client(roles_db, "nanshan_editor")
    return session


def test_another_regions_plan_page_offers_no_review_buttons(nanshan_pages: TestClient) -> None:
    assert 'class="review-controls"' not in nanshan_pages.get("/plans/guangming").text


def test_ones_own_plan_page_offers_the_review_buttons(nanshan_pages: TestClient) -> None:
    assert 'class="review-controls"' in nanshan_pages.get("/plans/nanshan").text


def test_another_regions_indicator_page_offers_no_observation_form(nanshan_pages: TestClient) -> None:
    assert 'id="add-observation"' not in nanshan_pages.get("/plans/guangming/targets/1").text


def test_ones_own_indicator_page_offers_the_observation_form(nanshan_pages: TestClient) -> None:
    assert 'id="add-observation"' in nanshan_pages.get("/plans/nanshan/targets/1").text


def test_another_regions_task_list_offers_no_bulk_update(nanshan_pages: TestClient) -> None:
    assert 'id="bulk-status"' not in nanshan_pages.get("/tasks/guangming").text


def test_another_regions_observation_history_offers_no_correction(nanshan_pages: TestClient, pw: Planwatch) -> None:
    assert 'class="fix"' not in nanshan_pages.get(f"/observations/{observation_of(pw, '光明区')}").text


def test_ones_own_observation_history_offers_the_correction(nanshan_pages: TestClient, pw: Planwatch) -> None:
    assert 'class="fix"' in nanshan_pages.get(f"/observations/{observation_of(pw, '南山区')}").text


# -- in the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nanshan_account(served_db: Database) -> str:  # noqa: F811
    Planwatch(load_settings(), database=served_db).create_user("nanshan_office", DEMO_PASSWORD, "editor", regions=["南山区"])
    return "nanshan_office"


def bulk_update(page: Page, base_url: str, plan: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/tasks/{plan}?year=2026")
    page.locator("#tasks tbody tr").nth(0).locator("input[type=checkbox]").check()
    bulk = page.locator("#bulk-status")
    bulk.locator("select[name=status]").select_option("推进中")
    bulk.locator("button[type=submit]").click()


def test_another_districts_tasks_offer_no_update_in_the_browser(page: Page, base_url: str, nanshan_account: str) -> None:  # noqa: F811
    sign_in(page, base_url, nanshan_account)
    page.goto(f"{base_url}/tasks/guangming?year=2026")
    expect(page.locator("#bulk-status")).to_have_count(0)


def test_a_district_editor_is_refused_on_another_district_in_the_browser(page: Page, base_url: str, nanshan_account: str, served_db: Database) -> None:  # noqa: F811
    """The page offers no control, so the refusal is met by a forged form: their own district's
    bulk form pointed at 光明区's tasks."""
    sign_in(page, base_url, nanshan_account)
    page.goto(f"{base_url}/tasks/nanshan?year=2026")
    section = first_task(Planwatch(load_settings(), database=served_db), "guangming")
    page.evaluate(
        """([section]) => {
            const form = document.querySelector('#bulk-status');
            form.action = '/tasks/guangming/bulk';
            const field = document.createElement('input');
            field.type = 'hidden'; field.name = 'section'; field.value = section;
            form.appendChild(field);
        }""",
        [section],
    )
    page.locator("#bulk-status select[name=status]").select_option("推进中")
    page.locator("#bulk-status button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("您只能更改南山区的数据，不能更改“光明区”的数据：如需权限请联系管理员")


def test_a_district_editor_updates_their_own_district_in_the_browser(page: Page, base_url: str, nanshan_account: str) -> None:  # noqa: F811
    sign_in(page, base_url, nanshan_account)
    bulk_update(page, base_url, "nanshan")
    expect(page.locator(".flash.ok")).to_contain_text("的 1 项任务更新为“推进中”")


def test_the_entry_form_offers_only_the_editors_regions(page: Page, base_url: str, nanshan_account: str) -> None:  # noqa: F811
    sign_in(page, base_url, nanshan_account)
    page.goto(f"{base_url}/entry")
    expect(page.locator("#add-observation select[name=region] option")).to_have_text(["南山区"])


def test_the_admin_page_assigns_a_region(page: Page, base_url: str, served_db: Database) -> None:  # noqa: F811
    Planwatch(load_settings(), database=served_db).create_user("baoan_office", DEMO_PASSWORD, "editor")
    sign_in(page, base_url, "admin")
    page.goto(f"{base_url}/admin")
    form = page.locator("form.user-regions[data-user=baoan_office]")
    form.locator("input[value=宝安区]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash.ok")).to_contain_text("已更新用户 baoan_office：可更改宝安区的数据")
