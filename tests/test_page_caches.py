"""The caches behind the pages (#17 item 8): stamps read once per request and, on SQLite, not at all
while no connection has committed; plan texts, targets and series remembered until they change.
Whatever they save, a page must still show what another process wrote a moment before, and the
plan page's correction forms must offer what they offered when Jinja built each one in full."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planwatch.accounts import DEMO_PASSWORD
from planwatch.core import Planwatch
from planwatch.models import ReviewDecision
from planwatch.monitor.entry import add_observation
from planwatch.review import review_target
from planwatch.settings import load_settings
from planwatch.store import Database
from planwatch.web.app import create_app

from .conftest import BACKEND

PLANWATCH = Path(sys.executable).parent / "planwatch"


@pytest.fixture
def planwatch(writable_demo: Database) -> Planwatch:
    return Planwatch(load_settings(secret="test-secret"), database=writable_demo)


@pytest.fixture
def client(planwatch: Planwatch) -> TestClient:
    return TestClient(create_app(planwatch))


def _nanshan_series(client: TestClient) -> tuple[int, str]:
    """A rated 南山区 target with a data series: its number and the series' catalog key."""
    assessment = client.get("/api/v1/plans/nanshan/assessment?year=2023").json()
    rated = next(t for t in assessment["targets"] if t["series_key"])
    return rated["number"], rated["series_key"]


def _add_in_another_process(database: Database, key: str, value: str) -> int:
    """An observation added by the CLI, a process with its own connections and caches; its id."""
    command = [str(PLANWATCH), "--db", database.url, "observe", "add", "--region", "南山区", "--indicator", key]
    command += ["--year", "2024", "--value", value, "--url", f"http://example.org/another-process/{value}"]
    printed = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    found = re.match(r"#(\d+) ", printed)
    assert found is not None, printed
    return int(found.group(1))


def test_an_indicator_page_shows_an_observation_another_process_just_added(client: TestClient, writable_demo: Database) -> None:
    number, key = _nanshan_series(client)
    page = f"/plans/nanshan/targets/{number}?year=2023"
    client.get(page)  # rendered once: its series, stamps and assessment are now remembered
    new_id = _add_in_another_process(writable_demo, key, "4321")
    assert f'href="/observations/{new_id}"' in client.get(page).text


def test_an_api_read_shows_an_observation_another_process_just_added(client: TestClient, writable_demo: Database) -> None:
    _, key = _nanshan_series(client)
    read = f"/api/v1/observations?region=南山区&indicator={key}&limit=500"
    client.get(read)
    new_id = _add_in_another_process(writable_demo, key, "4322")
    assert new_id in [o["id"] for o in client.get(read).json()["items"]]


def test_a_plan_page_shows_a_review_made_in_this_process_at_once(client: TestClient, writable_demo: Database) -> None:
    client.get("/plans/nanshan")
    review_target(writable_demo, "nanshan", 1, ReviewDecision.REJECTED, note="测试驳回", decided_by="editor")
    assert '<div class="target-item review-rejected" id="target-1">' in client.get("/plans/nanshan").text


def _count_stamp_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import planwatch.store as store

    reads: list[str] = []
    original = store.plans_stamp

    def counted(db: Database) -> tuple[int, int]:
        reads.append("plans")
        return original(db)

    monkeypatch.setattr(store, "plans_stamp", counted)
    return reads


def test_a_read_request_reads_the_plans_stamp_once_however_many_caches_ask(planwatch: Planwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _count_stamp_reads(monkeypatch)
    with planwatch.one_snapshot():
        for _ in range(3):
            planwatch.plans_stamp()
    assert reads == ["plans"]


def test_a_read_request_asks_the_database_for_its_commit_count_once(planwatch: Planwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int | None] = []
    count = planwatch.db.commits_seen
    monkeypatch.setattr(planwatch.db, "commits_seen", lambda: asked.append(count()) or asked[-1])
    with planwatch.one_snapshot():
        planwatch.plans_stamp()
        planwatch.data_stamp()
    assert len(asked) == 1


def test_no_stamp_is_queried_again_while_nothing_is_committed(planwatch: Planwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's data_version, PostgreSQL's commit notifications (migration 0014): two requests, one query."""
    reads = _count_stamp_reads(monkeypatch)
    for _ in range(2):
        with planwatch.one_snapshot():
            planwatch.plans_stamp()
    assert reads == ["plans"]


def test_a_stamp_is_read_again_after_a_commit(planwatch: Planwatch, writable_demo: Database) -> None:
    before = planwatch.data_stamp()
    add_observation(writable_demo, {"region": "南山区", "indicator_key": "tech_contract_turnover", "year": 2024, "value": "77", "unit": "亿元"})
    assert planwatch.data_stamp() != before


def test_a_stamp_is_read_again_after_another_process_commits(planwatch: Planwatch, writable_demo: Database, client: TestClient) -> None:
    _, key = _nanshan_series(client)
    before = planwatch.data_stamp()
    _add_in_another_process(writable_demo, key, "4323")
    assert planwatch.data_stamp() != before


def _signed_in(client: TestClient, username: str) -> TestClient:
    form = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert form is not None
    client.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": form.group(1)})
    return client


def _correction_selects(html: str) -> list[list[tuple[str, bool]]]:
    """Each correction form's indicator choices: (value, selected), in page order."""
    selects = re.findall(r'<select name="indicator_key">(.*?)</select>', html, re.S)
    return [[(v, bool(s)) for v, s in re.findall(r'<option value="([^"]*)"( selected)?>', options)] for options in selects]


def test_each_correction_form_offers_every_catalog_indicator(client: TestClient, planwatch: Planwatch) -> None:
    page = _signed_in(client, "editor").get("/plans/nanshan").text
    offered = [[value for value, _ in choices] for choices in _correction_selects(page)]
    assert offered == [["-", *planwatch.catalog]] * len(planwatch.targets(planwatch.plan("nanshan")).targets)


def test_each_correction_form_has_its_targets_indicator_selected(client: TestClient, planwatch: Planwatch) -> None:
    page = _signed_in(client, "editor").get("/plans/nanshan").text
    chosen = [[value for value, selected in choices if selected] for choices in _correction_selects(page)]
    assert chosen == [[t.indicator_key or "-"] for t in planwatch.targets(planwatch.plan("nanshan")).targets]


# -- whole pages kept per stamp and viewer shape (cached_page) ----------------------------------------

REVIEW_FORM = 'action="/plans/guangming/targets/1/review"'


def _session(app: object, username: str) -> tuple[TestClient, str]:
    """A browser session of ``username`` on ``app`` (its own cookies) and the session's CSRF token."""
    from .test_web_api import login

    client = TestClient(app)  # type: ignore[arg-type]
    return client, login(client, username)


@pytest.fixture
def shared_app(planwatch: Planwatch) -> object:
    """One app (one page store) for several sessions, with editors limited to 南山区 and 光明区."""
    planwatch.create_user("nanshan_editor", DEMO_PASSWORD, "editor", regions=["南山区"])
    planwatch.create_user("guangming_editor", DEMO_PASSWORD, "editor", regions=["光明区"])
    return create_app(planwatch)


def test_an_editor_of_another_region_gets_no_edit_controls_from_a_page_kept_for_the_region_s_editor(shared_app: object) -> None:
    guangming, _ = _session(shared_app, "guangming_editor")
    nanshan, _ = _session(shared_app, "nanshan_editor")
    guangming.get("/plans/guangming")  # kept with the controls
    assert REVIEW_FORM not in nanshan.get("/plans/guangming").text


def test_the_region_s_editor_gets_edit_controls_on_a_page_kept_for_another_region_s_editor(shared_app: object) -> None:
    guangming, _ = _session(shared_app, "guangming_editor")
    nanshan, _ = _session(shared_app, "nanshan_editor")
    nanshan.get("/plans/guangming")  # kept without them
    assert REVIEW_FORM in guangming.get("/plans/guangming").text


def test_a_kept_page_carries_each_session_s_own_csrf_token(shared_app: object) -> None:
    sessions = [_session(shared_app, "editor") for _ in range(2)]  # the same user twice: one viewer shape
    shown = [re.findall(r'name="csrf_token" value="([^"]+)"', client.get("/plans/guangming").text) for client, _ in sessions]
    assert [set(tokens) for tokens in shown] == [{token} for _, token in sessions]


def test_a_kept_page_keeps_no_token_slot(shared_app: object) -> None:
    from planwatch.web.pages import CSRF_SLOT

    editor, _ = _session(shared_app, "editor")
    editor.get("/plans/guangming")
    assert CSRF_SLOT not in editor.get("/plans/guangming").text


def test_a_kept_page_names_the_signed_in_user(shared_app: object, planwatch: Planwatch) -> None:
    planwatch.create_user("second_editor", DEMO_PASSWORD, "editor")
    first, _ = _session(shared_app, "editor")
    second, _ = _session(shared_app, "second_editor")
    first.get("/plans/nanshan")
    assert '<span id="current-user">second_editor（' in second.get("/plans/nanshan").text


def test_a_refusal_s_message_shows_on_a_page_already_kept(shared_app: object) -> None:
    editor, token = _session(shared_app, "editor")
    editor.get("/plans/guangming")
    form = {"csrf_token": token, "decision": "corrected", "value": "很多"}  # not a number: refused, nothing stored
    editor.post("/plans/guangming/targets/1/review", data=form, follow_redirects=False)
    assert '<p class="flash error">未保存：' in editor.get("/plans/guangming").text


def test_a_message_shows_once_on_a_kept_page(shared_app: object) -> None:
    editor, token = _session(shared_app, "editor")
    form = {"csrf_token": token, "decision": "corrected", "value": "很多"}
    editor.post("/plans/guangming/targets/1/review", data=form, follow_redirects=False)
    editor.get("/plans/guangming")
    assert 'class="flash error"' not in editor.get("/plans/guangming").text


def test_a_plan_page_shows_a_review_another_process_just_made(client: TestClient, writable_demo: Database) -> None:
    client.get("/plans/nanshan")
    command = [str(PLANWATCH), "--db", writable_demo.url, "target", "reject", "nanshan", "1", "--note", "另一进程驳回", "--user", "editor"]
    subprocess.run(command, check=True, capture_output=True)
    assert '<div class="target-item review-rejected" id="target-1">' in client.get("/plans/nanshan").text


def test_the_overview_shows_an_observation_another_process_just_added(client: TestClient, writable_demo: Database, planwatch: Planwatch) -> None:
    """The figure fills a gap the overview's 缺少数据 list names, so the page must change."""
    year = planwatch.reminders(None).data_year
    client.get("/")
    command = [str(PLANWATCH), "--db", writable_demo.url, "observe", "add", "--region", "宝安区", "--indicator", "national_high_tech_enterprises"]
    subprocess.run([*command, "--year", str(year), "--value", "7100", "--url", "http://example.org/another-process/overview"], check=True)
    fresh = TestClient(create_app(Planwatch(database=writable_demo))).get("/").text  # a new process's view: nothing cached
    assert client.get("/").text == fresh


# -- kept pages answered before routing (cache.KeptPages) ---------------------------------------------


def _routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The template of every page request that reached a route keeping pages."""
    from planwatch.web import pages

    reached: list[str] = []
    real = pages.cached_page

    def counted(request: object, template: str, context: object) -> object:
        reached.append(template)
        return real(request, template, context)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "cached_page", counted)
    return reached


def test_a_kept_page_is_answered_before_routing(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    client.get("/plans/nanshan")  # rendered and kept
    reached = _routed(monkeypatch)
    client.get("/plans/nanshan")
    assert reached == []


def test_a_page_answered_before_routing_is_the_page_the_route_kept(client: TestClient) -> None:
    first = client.get("/plans/nanshan?year=2023").text
    assert client.get("/plans/nanshan?year=2023").text == first


def test_a_page_not_kept_yet_goes_to_its_route(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    reached = _routed(monkeypatch)
    client.get("/plans/longgang")
    assert reached == ["plan.html"]


def test_another_query_of_a_kept_page_goes_to_its_route(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    client.get("/plans/nanshan?year=2023")
    reached = _routed(monkeypatch)
    client.get("/plans/nanshan?year=2024")
    assert reached == ["plan.html"]


def test_a_kept_page_goes_to_its_route_again_after_a_write(client: TestClient, writable_demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    client.get("/plans/nanshan")
    add_observation(writable_demo, {"region": "南山区", "indicator_key": "tech_contract_turnover", "year": 2024, "value": "321", "unit": "亿元"}, entered_by="editor")
    reached = _routed(monkeypatch)
    client.get("/plans/nanshan")
    assert reached == ["plan.html"]


def test_a_failed_entry_s_values_show_on_an_indicator_page_already_kept(shared_app: object) -> None:
    editor, token = _session(shared_app, "editor")
    page = "/plans/nanshan/targets/1"
    editor.get(page)  # kept without values
    form = {"csrf_token": token, "region": "南山区", "indicator": "tech_contract_turnover", "year": "2024", "value": "约莫九十"}
    editor.post("/entry/observation", data=form, headers={"referer": f"http://testserver{page}"}, follow_redirects=False)
    assert 'value="约莫九十"' in editor.get(page).text


# -- PostgreSQL: when the commit listener fails, stamps are queried (Database._notified_commits) ---------

needs_postgres = pytest.mark.skipif(BACKEND != "postgresql", reason="the commit listener is PostgreSQL's; SQLite reads data_version")


def _break_listener(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The listening connection drops, and every new one fails to LISTEN (as while the server refuses it)."""
    from planwatch.store import database as store_database

    assert database.commits_seen() is not None  # listening until now
    database._listener.close()
    monkeypatch.setattr(store_database, "COMMITS_CHANNEL", "no such channel")  # LISTEN no such channel: a syntax error


@needs_postgres
def test_without_a_commit_listener_the_database_reports_no_commit_count(writable_demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _break_listener(writable_demo, monkeypatch)
    assert writable_demo.commits_seen() is None


@needs_postgres
@pytest.mark.parametrize("read", ["indicator page", "API read"])
def test_a_read_shows_another_process_s_observation_while_the_commit_listener_fails(
    read: str, client: TestClient, writable_demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    number, key = _nanshan_series(client)
    page = f"/plans/nanshan/targets/{number}?year=2023"
    path = page if read == "indicator page" else f"/api/v1/observations?region=南山区&indicator={key}&limit=500"
    client.get(path)  # kept, its stamps remembered under the listener's count
    _break_listener(writable_demo, monkeypatch)
    new_id = _add_in_another_process(writable_demo, key, "5432")
    shown = f'href="/observations/{new_id}"' if read == "indicator page" else f'"id":{new_id}'
    assert shown in client.get(path).text
