"""The REST API and the pages over HTTP (in-process): reads, writes by role, CSRF, errors, caching."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from planwatch.accounts import DEMO_PASSWORD, issue_token
from planwatch.core import Planwatch
from planwatch.settings import load_settings
from planwatch.store import Database, open_database
from planwatch.store.accounts import list_audit
from planwatch.web.app import Work, create_app, work_of

from .conftest import demo_with_accounts, fresh_url


def app_client(database: Database) -> TestClient:
    return TestClient(create_app(Planwatch(load_settings(secret="test-secret"), database=database)))


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over the demo for tests that only read (nothing here writes to its database)."""
    database = demo_with_accounts(tmp_path_factory.mktemp("web"))
    yield app_client(database)
    database.close()


@pytest.fixture
def web_db(tmp_path: Path) -> Iterator[Database]:
    """The demo in a database of the test's own, for tests that write."""
    database = demo_with_accounts(tmp_path)
    yield database
    database.close()


@pytest.fixture
def client(web_db: Database) -> TestClient:
    return app_client(web_db)


def login(client: TestClient, username: str) -> str:
    """Sign in through the login form; returns the session's CSRF token."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post(
        "/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token.group(1)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    fresh = client.get("/api/v1/me").json()  # signing in starts a new session with a new token
    assert fresh["user"]["username"] == username
    assert fresh["csrf_token"] != token.group(1)
    return str(fresh["csrf_token"])


def test_read_endpoints(reader: TestClient) -> None:
    plans = reader.get("/api/v1/plans").json()
    assert plans["total"] == 5
    assert {p["key"] for p in plans["items"]} == {"shenzhen", "longgang", "nanshan", "baoan", "guangming"}
    assert reader.get("/api/v1/plans", params={"level": "city"}).json()["total"] == 1
    assert [p["key"] for p in reader.get("/api/v1/plans", params={"limit": 2, "offset": 1}).json()["items"]] == ["guangming", "longgang"]
    detail = reader.get("/api/v1/plans/nanshan").json()
    assert detail["region"] == "南山区"
    assert detail["versions"][0]["number"] == 1
    outline = reader.get("/api/v1/plans/guangming/outline").json()
    assert any(s["label"] == "专栏1" for s in outline)
    section = reader.get("/api/v1/plans/guangming/sections/专栏1").json()
    assert section["lines"][0]["line"] == section["section"]["start_line"]
    assert "专栏1" in section["lines"][0]["text"]
    targets = reader.get("/api/v1/plans/shenzhen/targets").json()
    hte = next(t for t in targets["targets"] if t["indicator_key"] == "national_high_tech_enterprises")
    assert hte["value"] == 22000
    assert hte["evidence"]
    assert targets["warnings"]
    assessment = reader.get("/api/v1/plans/shenzhen/assessment", params={"year": 2023}).json()
    assert assessment["counts"] == {"ahead": 1, "faster_than_expected": 2, "above_band": 1, "lagging": 1, "not_scored": 1}
    assert assessment["published_counts"] == {"ahead": 1, "faster_than_expected": 1, "above_band": 1, "not_scored": 1}
    observations = reader.get("/api/v1/observations", params={"region": "深圳市", "indicator": "national_high_tech_enterprises"}).json()
    assert {o["value"] for o in observations["items"]} == {21000, 23000, 24700, 24000}
    first = observations["items"][0]["id"]
    assert reader.get(f"/api/v1/observations/{first}/history").json()[0]["id"] == first
    assert len(reader.get("/api/v1/catalog").json()) >= 49
    tasks = reader.get("/api/v1/plans/shenzhen/tasks", params={"as_of": "2023-12-31"}).json()
    assert any(t["status"] == "late" and t["overdue"] for t in tasks["tasks"])


def test_reads_carry_etags(reader: TestClient) -> None:
    first = reader.get("/api/v1/plans/nanshan/targets")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    again = reader.get("/api/v1/plans/nanshan/targets", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_errors_have_one_shape(reader: TestClient) -> None:
    missing = reader.get("/api/v1/plans/atlantis")
    assert missing.status_code == 404
    assert "没有规划“atlantis”" in missing.json()["error"]["message"]
    invalid = reader.get("/api/v1/plans/nanshan/assessment", params={"year": "soon"})
    assert invalid.status_code == 422
    assert "year" in invalid.json()["error"]["message"]
    assert reader.get("/api/v1/plans/nanshan/report", params={"format": "pdf"}).json()["error"]["status"] == 422
    page = reader.get("/plans/atlantis")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "没有规划" in page.text


def test_security_headers_and_offline_docs(reader: TestClient) -> None:
    response = reader.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    docs = reader.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
    assert reader.get("/static/vendor/echarts.min.js").status_code == 200
    assert "/api/v1/observations" in reader.get("/openapi.json").json()["paths"]


def test_writes_need_an_editor(client: TestClient, web_db: Database) -> None:
    body = {
        "region": "南山区",
        "indicator": "pct_applications",
        "year": 2024,
        "value": "9100",
        "unit": "件",
        "source_url": "http://example.org/a",
    }
    assert client.post("/api/v1/observations", json=body).status_code == 401
    csrf = login(client, "viewer")
    forbidden = client.post("/api/v1/observations", json=body, headers={"X-CSRF-Token": csrf})
    assert forbidden.status_code == 403
    assert "此操作需要编辑权限" in forbidden.json()["error"]["message"]
    assert client.get("/entry", follow_redirects=False).status_code == 403


def test_editor_writes_with_csrf_and_every_write_is_audited(client: TestClient, web_db: Database) -> None:
    csrf = login(client, "editor")
    query = {"region": "南山区", "indicator": "pct_applications"}
    before = client.get("/api/v1/observations", params=query).json()["total"]
    assert client.get("/api/v1/observations", params=query).json()["total"] == before  # now answered from the cache
    body = {
        "region": "南山区",
        "indicator": "pct_applications",
        "year": 2024,
        "value": "0.91",
        "unit": "万件",
        "source_url": "http://example.org/b",
    }
    assert client.post("/api/v1/observations", json=body).status_code == 403  # no CSRF token
    created = client.post("/api/v1/observations", json=body, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201
    observation = created.json()["observation"]
    assert (observation["value"], observation["entered_by"]) == (9100, "editor")
    assert client.get("/api/v1/observations", params=query).json()["total"] == before + 1  # the cache never serves stale data
    corrected = client.post(
        f"/api/v1/observations/{observation['id']}/correct",
        json={"value": "9150", "unit": "件", "reason": "复核"},
        headers={"X-CSRF-Token": csrf},
    )
    assert corrected.status_code == 200
    assert corrected.json()["version"] == 2
    entries, _ = list_audit(web_db, limit=5)
    correction = next(e for e in entries if e.action == "observation.correct")
    assert correction.actor == "editor"
    assert correction.old
    assert correction.new
    assert (correction.old["value"], correction.new["value"]) == (9100, 9150)
    assert client.get("/api/v1/audit").status_code == 403  # editors do not read the audit log
    task = client.post(
        "/api/v1/plans/nanshan/tasks", json={"section": "5.1.1", "status": "推进中", "date": "2024-03-01"}, headers={"X-CSRF-Token": csrf}
    )
    assert task.status_code == 201


def test_token_access_for_scripts_and_uploads(client: TestClient, web_db: Database) -> None:
    token = issue_token(web_db, "editor", "test script", actor="test")
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=auth).json()["user"]["username"] == "editor"
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    csv = "地区,指标,年份,实际值,单位,来源链接\n宝安区,国家高新技术企业数,2024,7000,家,http://example.org/c\n".encode()
    imported = client.post("/api/v1/observations/import", files={"file": ("baoan.csv", csv, "text/csv")}, headers=auth)
    assert imported.status_code == 201
    assert len(imported.json()["added"]) == 1
    bad = "地区,指标,年份,实际值,单位\n宝安区,国家高新技术企业数,2024,很多,家\n".encode()
    failed = client.post("/api/v1/observations/import", files={"file": ("bad.csv", bad, "text/csv")}, headers=auth)
    assert failed.status_code == 422
    assert "bad.csv:2: “实际值”很多不是数值" in failed.json()["error"]["message"]
    fake = client.post(
        "/api/v1/observations/import", files={"file": ("data.xlsx", b"not a zip file", "application/octet-stream")}, headers=auth
    )
    assert fake.status_code == 415
    assert (
        client.post("/api/v1/observations/import", files={"file": ("x.exe", b"MZ", "application/octet-stream")}, headers=auth).status_code
        == 415
    )
    big = client.post("/api/v1/observations/import", files={"file": ("big.csv", b"a" * (5 * 1024 * 1024 + 1), "text/csv")}, headers=auth)
    assert big.status_code == 413


def test_report_download(reader: TestClient) -> None:
    response = reader.get("/api/v1/plans/longgang/report", params={"year": 2023, "format": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    assert "主要指标" in workbook.sheetnames
    assert reader.get("/reports", params={"plan": "longgang", "year": 2023, "format": "html"}, follow_redirects=False).status_code == 303


def test_page_forms_check_csrf_and_import_a_workbook(client: TestClient) -> None:
    csrf = login(client, "editor")
    form = {
        "region": "光明区",
        "indicator": "tech_contract_turnover",
        "year": "2023",
        "value": "6.2",
        "unit": "亿元",
        "csrf_token": "wrong",
    }
    assert client.post("/entry/observation", data=form, follow_redirects=False).status_code == 403
    saved = client.post("/entry/observation", data=form | {"csrf_token": csrf}, follow_redirects=True)
    assert "已保存" in saved.text
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["地区", "指标代码", "年份", "实际值", "单位", "来源"])
    sheet.append(["光明区", "frontier_platforms", 2023, 5, "个", "光明区科技创新局"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    imported = client.post(
        "/entry/import", data={"csrf_token": csrf}, files={"file": ("gm.xlsx", buffer.getvalue())}, follow_redirects=True
    )
    assert "已导入 1 条观测值" in imported.text
    assessment = client.get("/api/v1/plans/guangming/assessment").json()
    frontier = next(t for t in assessment["targets"] if t["indicator_key"] == "frontier_platforms")
    assert frontier["actual"] == 5


def test_compare_search_and_ask_endpoints(reader: TestClient) -> None:
    compared = reader.get("/api/v1/compare", params={"year": 2023}).json()
    assert compared["plans"][0]["key"] == "shenzhen"
    hte = next(r for r in compared["rows"] if r["indicator_key"] == "national_high_tech_enterprises")
    assert hte["cells"]["nanshan"]["value"] == 5000
    assert hte["cells"]["shenzhen"]["latest"] == 24700
    coverage = reader.get("/api/v1/compare/coverage").json()
    assert len(coverage["tasks"]) == 53
    assert set(coverage["share"]) == {"baoan", "guangming", "longgang", "nanshan"}
    fields = reader.get("/api/v1/compare/fields").json()
    assert any(f["label"] == "光明科学城" and f["counts"]["guangming"] > 0 for f in fields["fields"])
    labs = reader.get("/api/v1/entities", params={"type": "lab"}).json()
    assert "鹏城实验室" in {e["name"] for e in labs["items"]}
    hits = reader.get("/api/v1/search", params={"q": "揭榜挂帅", "level": "district"}).json()["hits"]
    assert hits
    assert all(h["level"] == "district" for h in hits)
    assert "<mark>揭榜挂帅</mark>" in hits[0]["snippet_html"]
    assert reader.get("/api/v1/search", params={"q": '" OR * -'}).status_code == 200
    answer = reader.get("/api/v1/ask", params={"q": "南山区PCT国际专利申请量的目标和基期值"}).json()
    assert "8217" in answer["text"]
    assert answer["citations"][0]["plan_key"] == "nanshan"
    page = reader.get("/search", params={"q": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "市级任务的区级承接" in reader.get("/compare").text


def test_workers_starting_together_share_one_session_key(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from planwatch.store.accounts import setting

    db = open_database(fresh_url(tmp_path))
    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda n: setting(db, "session_secret", f"candidate-{n}"), range(8)))
    assert len(set(keys)) == 1
    assert keys[0].startswith("candidate-")
    db.close()


@pytest.mark.parametrize(
    ("method", "path", "gate"),
    [
        ("POST", "/api/v1/observations", Work.GROUPED_WRITE),  # an observation added by the API
        ("POST", "/entry/observation", Work.GROUPED_WRITE),  # … and by the form
        ("POST", "/api/v1/observations/7/correct", Work.WRITE),  # a correction: one transaction, nothing to group
        ("POST", "/entry/task", Work.WRITE),  # a form that adds no observation
        ("POST", "/api/v1/observations/import", Work.HEAVY),
        ("GET", "/api/v1/observations", Work.READ),
    ],
)
def test_a_request_waits_at_the_gate_of_its_kind_of_work(method: str, path: str, gate: Work) -> None:
    assert work_of(method, path) is gate
