"""The three front ends over one core: the CLI's --json and the API give the same JSON for the same
operation, every API response has a schema, every POST passes the CSRF check, and the CLI turns
expected failures into one line instead of a traceback."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from planwatch.accounts import DEMO_PASSWORD
from planwatch.cli import app as cli
from planwatch.core import Planwatch
from planwatch.settings import load_settings
from planwatch.store import Database, open_database
from planwatch.web import api, pages
from planwatch.web.app import create_app

from .conftest import BACKEND, demo_with_accounts, fresh_url

runner = CliRunner()


def _cli_json(url: str, *args: str) -> Any:
    result = runner.invoke(cli, ["--db", url, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def reader(demo_db: Database) -> TestClient:
    return TestClient(create_app(Planwatch(load_settings(secret="k"), database=demo_db)))


READS = [
    (("plans",), "/api/v1/plans?limit=500", "items"),
    (("outline", "nanshan", "--depth", "2"), "/api/v1/plans/nanshan/outline?depth=2", None),
    (("show", "guangming", "专栏1"), "/api/v1/plans/guangming/sections/专栏1", None),
    (("tables", "baoan"), "/api/v1/plans/baoan/tables", None),
    (("targets", "shenzhen"), "/api/v1/plans/shenzhen/targets", None),
    (("status", "longgang", "--year", "2023"), "/api/v1/plans/longgang/assessment?year=2023", None),
    (("status", "nanshan", "--year", "2023", "--method", "opensdg"), "/api/v1/plans/nanshan/assessment?year=2023&method=opensdg", None),
    (("status", "guangming"), "/api/v1/plans/guangming/assessment", None),
    (("task", "list", "shenzhen", "--as-of", "2023-12-31"), "/api/v1/plans/shenzhen/tasks?as_of=2023-12-31", None),
    (("observe", "list", "--region", "深圳市"), "/api/v1/observations?region=深圳市&limit=500", "items"),
    (("observe", "history", "1"), "/api/v1/observations/1/history", None),
    (("compare", "--year", "2023"), "/api/v1/compare?year=2023", None),
    (("entities", "--type", "lab", "--limit", "500"), "/api/v1/entities?type=lab&limit=500", "items"),
    (("search", "揭榜挂帅", "--level", "district", "--limit", "20"), "/api/v1/search?q=揭榜挂帅&level=district&limit=20", None),
    (("ask", "哪些区提出了国家高新技术企业数目标", "--level", "district"), "/api/v1/ask?q=哪些区提出了国家高新技术企业数目标&level=district", None),
    (("narrative", "list", "shenzhen"), "/api/v1/plans/shenzhen/narratives", None),
    (("narrative", "list", "shenzhen", "--history"), "/api/v1/plans/shenzhen/narratives?history=true", None),
    (("ask", "南山区PCT国际专利申请量的目标和基期值"), "/api/v1/ask?q=南山区PCT国际专利申请量的目标和基期值", None),
]


@pytest.mark.parametrize(("command", "route", "items"), READS, ids=[" ".join(c[:2]) for c, _, _ in READS])
def test_a_read_gives_the_same_json_from_the_cli_and_the_api(
    demo_db: Database, reader: TestClient, command: tuple[str, ...], route: str, items: str | None
) -> None:
    served = reader.get(route)
    assert served.status_code == 200
    from_api = served.json()[items] if items else served.json()
    from_cli = _cli_json(demo_db.url, *command)
    assert from_cli
    assert from_cli == from_api


def _without_clock(value: Any) -> Any:
    """The JSON less the moments it was entered (the two databases are written a moment apart)."""
    if isinstance(value, dict):
        return {k: _without_clock(v) for k, v in value.items() if k not in ("entered_at", "batch")}
    if isinstance(value, list):
        return [_without_clock(v) for v in value]
    return value


@pytest.fixture
def twins(tmp_path: Path) -> Iterator[tuple[Database, TestClient, str]]:
    """Two copies of the demo: one written through the CLI, one through the API as the editor."""
    (tmp_path / "cli").mkdir()
    (tmp_path / "api").mkdir()
    by_cli, by_api = demo_with_accounts(tmp_path / "cli"), demo_with_accounts(tmp_path / "api")
    client = TestClient(create_app(Planwatch(load_settings(secret="k"), database=by_api)))
    client.headers["Authorization"] = "Bearer " + _token(by_api)
    yield by_cli, client, by_cli.url
    by_cli.close()
    by_api.close()


def _token(db: Database) -> str:
    from planwatch.accounts import issue_token

    return issue_token(db, "editor", "twin", actor="test")


def test_each_write_gives_the_same_json_from_the_cli_and_the_api(
    twins: tuple[Database, TestClient, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, client, url = twins
    added_cli = _cli_json(url, "observe", "add", "--region", "南山区", "--indicator", "pct_applications", "--year", "2024",
                          "--value", "0.9", "--unit", "万件", "--url", "http://example.org/p", "--user", "editor")  # fmt: skip
    body = {"region": "南山区", "indicator": "pct_applications", "year": 2024, "value": "0.9", "unit": "万件", "source_url": "http://example.org/p"}
    added_api = client.post("/api/v1/observations", json=body)
    assert added_api.status_code == 201
    assert _without_clock(added_cli) == _without_clock(added_api.json())
    number = str(added_cli["observation"]["id"])
    corrected_cli = _cli_json(url, "observe", "correct", number, "--value", "9100", "--unit", "件", "--reason", "复核", "--user", "editor")
    corrected_api = client.post(f"/api/v1/observations/{number}/correct", json={"value": "9100", "unit": "件", "reason": "复核"})
    assert _without_clock(corrected_cli) == _without_clock(corrected_api.json())
    newest = str(corrected_cli["id"])
    withdrawn_cli = _cli_json(url, "observe", "withdraw", newest, "--reason", "重复", "--user", "editor")
    withdrawn_api = client.post(f"/api/v1/observations/{newest}/withdraw", json={"reason": "重复"})
    assert _without_clock(withdrawn_cli) == _without_clock(withdrawn_api.json())
    task_cli = _cli_json(url, "task", "add", "nanshan", "5.1.1", "--status", "推进中", "--date", "2024-03-01", "--user", "editor")
    task_api = client.post("/api/v1/plans/nanshan/tasks", json={"section": "5.1.1", "status": "推进中", "date": "2024-03-01"})
    assert task_cli == task_api.json()
    monkeypatch.chdir(tmp_path)
    Path("baoan.csv").write_text("地区,指标,年份,实际值,单位,来源链接\n宝安区,国家高新技术企业数,2024,7000,家,http://example.org/c\n", encoding="utf-8")
    imported_cli = _cli_json(url, "observe", "import", "baoan.csv", "--user", "editor")
    imported_api = client.post("/api/v1/observations/import", files={"file": ("baoan.csv", Path("baoan.csv").read_bytes(), "text/csv")})
    assert imported_cli == imported_api.json()


def test_every_api_response_has_a_schema(reader: TestClient) -> None:
    paths = reader.get("/openapi.json").json()["paths"]
    missing = []
    for path, operations in paths.items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                schemas = [c.get("schema") for c in response.get("content", {}).values()]
                if not schemas or not all(schemas):
                    missing.append(f"{method.upper()} {path} {code}")
    assert missing == []
    assert len(paths) >= 20


def _login(client: TestClient, username: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token.group(1)})
    assert response.status_code == 200
    fresh: str = client.get("/api/v1/me").json()["csrf_token"]
    return fresh


def test_every_post_route_refuses_a_missing_or_foreign_csrf_token(tmp_path: Path) -> None:
    database = demo_with_accounts(tmp_path)
    app = create_app(Planwatch(load_settings(secret="k"), database=database))
    admin, stranger = TestClient(app), TestClient(app)
    own = _login(admin, "admin")
    foreign = _login(stranger, "viewer")
    assert foreign != own
    posts = [r.path for router in (api.router, pages.router) for r in router.routes if isinstance(r, APIRoute) and "POST" in r.methods]
    assert len(posts) >= 20  # main's review, narrative, snapshot, token and sign-out forms among them
    for template in posts:
        path = template.replace("{ref}", "nanshan").replace("{observation_id}", "1").replace("{number}", "1").replace("{token_id}", "1")
        missing = admin.post(path, data={"reason": "x"}, follow_redirects=False)
        assert missing.status_code == 403, (path, missing.text[:200])
        wrong = admin.post(path, data={"reason": "x", "csrf_token": foreign}, headers={"X-CSRF-Token": foreign}, follow_redirects=False)
        assert wrong.status_code == 403, (path, wrong.text[:200])
    database.close()


def _fails_cleanly(args: list[str], expected: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert expected in result.output


def _workbook(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["地区", "指标代码", "年份", "实际值", "单位"])
    sheet.append(["南山区", "pct_applications", 2023, 1, "件"])
    workbook.save(path)


def test_an_entity_bomb_workbook_is_one_line_naming_the_file(tmp_path: Path) -> None:
    plain, bomb = tmp_path / "plain.xlsx", tmp_path / "bomb.xlsx"
    _workbook(plain)
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "boom"}">' for i in range(10))
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb"^<\?xml[^>]*\?>", b"", data).replace(b"<v>1</v>", b"<v>&e9;</v>")
                data = f"<!DOCTYPE x [{entities}]>".encode() + body
            target.writestr(item, data)
    _fails_cleanly(["--db", fresh_url(tmp_path), "observe", "import", str(bomb)], f"{bomb}: 无法读取的 Excel 工作簿")


def test_a_file_over_the_size_limit_is_one_line_naming_the_file(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("地区,指标,年份,实际值,单位\n")
        out.write("南山区,PCT国际专利申请量,2023,1,件\n" * 420_000)
    _fails_cleanly(["--db", fresh_url(tmp_path), "observe", "import", str(big)], f"{big}: 文件大小")


def test_a_database_from_a_newer_planwatch_is_refused_with_a_reason(tmp_path: Path) -> None:
    url = fresh_url(tmp_path)
    database = open_database(url)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    database.close()
    _fails_cleanly(["--db", url, "plans"], "newer than this planwatch")


def _read_only(url: str) -> str:
    """The same database opened so that every write is refused by the database itself."""
    if BACKEND == "sqlite":
        return f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    return str(make_url(url).update_query_dict({"options": "-c default_transaction_read_only=on"}).render_as_string(hide_password=False))


def test_a_read_only_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    url = fresh_url(tmp_path)
    open_database(url).close()
    workbook = tmp_path / "one.xlsx"
    _workbook(workbook)
    _fails_cleanly(["--db", _read_only(url), "observe", "import", str(workbook), "--keep-unmapped"], "database error:")
