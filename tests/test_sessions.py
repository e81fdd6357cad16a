"""Sessions, tokens and sign-in (issue #16, findings 6, 7, 15, 16): revocable, expiring,
throttled, audited; no token in the cookie; Secure cookies over HTTPS; a password policy."""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import planwatch.accounts as accounts
from planwatch.accounts import DEMO_PASSWORD, create_user, ensure_demo_users, hash_password, issue_token, sign_in
from planwatch.cli import app as cli
from planwatch.errors import InputError
from planwatch.store import Database, open_database
from planwatch.store import accounts as store
from planwatch.store.accounts import list_audit, list_tokens, update_user
from planwatch.throttle import LoginThrottle, ThrottledError

from .conftest import fresh_url, web_app

STRONG = "Qx7-lantern-orbit-91"
ROW = {"region": "南山区", "indicator": "pct_applications", "year": 2022, "value": "0.81", "unit": "万件"}


@pytest.fixture
def web_db(tmp_path: Path) -> Iterator[Database]:
    """A new database with the demo accounts (sign-ins need no plans)."""
    database = open_database(fresh_url(tmp_path))
    ensure_demo_users(database)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch: pytest.MonkeyPatch) -> LoginThrottle:
    """Each test counts its own failures (the process-wide throttle would carry them over)."""
    throttle = LoginThrottle()
    monkeypatch.setattr(accounts, "THROTTLE", throttle)
    return throttle


def login(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> str:
    """Sign in through the form; returns the new session's CSRF token."""
    form = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert form is not None
    client.post("/login", data={"username": username, "password": password, "csrf_token": form.group(1)}, follow_redirects=False)
    return str(client.get("/api/v1/me").json()["csrf_token"])


def cookie_payload(client: TestClient) -> str:
    """What the signed (not encrypted) session cookie carries, decoded."""
    value = client.cookies["planwatch_session"].split(".")[0]
    return base64.b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")


def test_a_cookie_saved_before_logout_no_longer_writes(web_db: Database) -> None:
    client = TestClient(web_app(web_db, "test-secret"))
    csrf = login(client, "editor")
    saved = client.cookies["planwatch_session"]
    client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    replay = TestClient(web_app(web_db, "test-secret"), cookies={"planwatch_session": saved})
    response = replay.post("/api/v1/observations", json=ROW, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 401


def test_a_password_change_ends_sessions(web_db: Database) -> None:
    client = TestClient(web_app(web_db, "test-secret"))
    login(client, "editor")
    update_user(web_db, "editor", actor="admin", password_hash=hash_password(STRONG))
    assert client.get("/api/v1/me").json()["user"] is None


def test_a_password_change_revokes_tokens(web_db: Database) -> None:
    token = issue_token(web_db, "editor", "script", actor="admin")
    update_user(web_db, "editor", actor="admin", password_hash=hash_password(STRONG))
    client = TestClient(web_app(web_db, "test-secret"))
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_disabling_ends_sessions(web_db: Database) -> None:
    client = TestClient(web_app(web_db, "test-secret"))
    login(client, "editor")
    update_user(web_db, "editor", actor="admin", active=False)
    update_user(web_db, "editor", actor="admin", active=True)
    assert client.get("/api/v1/me").json()["user"] is None


def test_a_token_stops_working_when_it_expires(web_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    token = issue_token(web_db, "editor", "script", actor="admin", days=1)
    later = store.utc_now() + timedelta(days=2)
    monkeypatch.setattr(store, "utc_now", lambda: later)
    client = TestClient(web_app(web_db, "test-secret"))
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_planwatch_user_token_revoke_ends_a_token(web_db: Database) -> None:
    token = issue_token(web_db, "editor", "bureau-import", actor="admin")
    (listed,) = [t for t in list_tokens(web_db) if t.name == "bureau-import"]
    runner = CliRunner()
    assert "bureau-import" in runner.invoke(cli, ["--db", web_db.url, "user", "token", "list"]).output
    result = runner.invoke(cli, ["--db", web_db.url, "user", "token", "revoke", str(listed.id)])
    assert result.exit_code == 0
    client = TestClient(web_app(web_db, "test-secret"))
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


# -- a token's owner is kept until the next commit (Planwatch.user_for_token) ------------------------


def _me(client: TestClient, token: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_kept_token_revoked_by_another_process_is_refused_at_once(web_db: Database) -> None:
    token = issue_token(web_db, "editor", "夜间导入", actor="admin")
    (listed,) = [t for t in list_tokens(web_db) if t.name == "夜间导入"]
    client = TestClient(web_app(web_db, "test-secret"))
    assert _me(client, token) == 200  # its owner is now kept
    assert CliRunner().invoke(cli, ["--db", web_db.url, "user", "token", "revoke", str(listed.id)]).exit_code == 0
    assert _me(client, token) == 401


def test_a_kept_token_revoked_by_this_process_is_refused_at_once(web_db: Database) -> None:
    token = issue_token(web_db, "editor", "季度报送", actor="admin")
    (listed,) = [t for t in list_tokens(web_db) if t.name == "季度报送"]
    client = TestClient(web_app(web_db, "test-secret"))
    assert _me(client, token) == 200
    accounts.revoke_token(web_db, listed.id, actor="admin")
    assert _me(client, token) == 401


def test_a_kept_token_of_a_disabled_account_is_refused_at_once(web_db: Database) -> None:
    token = issue_token(web_db, "editor", "月报脚本", actor="admin")
    client = TestClient(web_app(web_db, "test-secret"))
    assert _me(client, token) == 200
    update_user(web_db, "editor", actor="admin", active=False)
    assert _me(client, token) == 401


def test_a_kept_token_stops_working_when_it_expires(web_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    token = issue_token(web_db, "editor", "临时脚本", actor="admin", days=1)
    client = TestClient(web_app(web_db, "test-secret"))
    assert _me(client, token) == 200
    later = store.utc_now() + timedelta(days=2)
    monkeypatch.setattr(store, "utc_now", lambda: later)
    assert _me(client, token) == 401


def test_a_kept_token_is_answered_without_a_query(web_db: Database) -> None:
    from sqlalchemy import event

    token = issue_token(web_db, "editor", "统计脚本", actor="admin")
    client = TestClient(web_app(web_db, "test-secret"))
    assert _me(client, token) == 200
    statements: list[str] = []

    def keep(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(web_db.engine, "before_cursor_execute", keep)
    try:
        assert _me(client, token) == 200
    finally:
        event.remove(web_db.engine, "before_cursor_execute", keep)
    assert not [s for s in statements if "api_tokens" in s]


def test_the_admin_page_lists_tokens_and_revokes_them(web_db: Database) -> None:
    issue_token(web_db, "editor", "统计局导入脚本", actor="admin")
    (listed,) = [t for t in list_tokens(web_db) if t.name == "统计局导入脚本"]
    client = TestClient(web_app(web_db, "test-secret"))
    csrf = login(client, "admin")
    assert "统计局导入脚本" in client.get("/admin").text
    client.post(f"/admin/tokens/{listed.id}/revoke", data={"csrf_token": csrf})
    (revoked,) = [t for t in list_tokens(web_db) if t.id == listed.id]
    assert revoked.revoked_at is not None


def test_a_new_token_is_shown_in_the_page_but_never_put_in_the_cookie(web_db: Database) -> None:
    client = TestClient(web_app(web_db, "test-secret"))
    csrf = login(client, "admin")
    page = client.post("/admin/tokens", data={"username": "editor", "name": "nightly", "csrf_token": csrf}, follow_redirects=True)
    token = re.search(r"<code>(pw_[\w-]+)</code>", page.text)
    assert token is not None
    assert token.group(1) not in cookie_payload(client)


def test_cookies_are_secure_over_https(web_db: Database) -> None:
    client = TestClient(web_app(web_db, "test-secret"), base_url="https://testserver")
    response = client.get("/login")
    assert "; Secure" in response.headers["set-cookie"]


def test_cookies_over_plain_http_stay_usable_on_loopback(web_db: Database) -> None:
    response = TestClient(web_app(web_db, "test-secret")).get("/login")
    assert "Secure" not in response.headers["set-cookie"]


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(web_db: Database) -> None:
    for _ in range(5):
        with pytest.raises(InputError, match="用户名或密码错误"):
            sign_in(web_db, "editor", "wrong password!", address="10.0.0.1")
    with pytest.raises(ThrottledError, match="登录失败次数过多"):
        sign_in(web_db, "editor", DEMO_PASSWORD, address="10.0.0.2")


def test_an_address_is_locked_after_twenty_failures_across_accounts(web_db: Database) -> None:
    for n in range(20):
        with pytest.raises(InputError):
            sign_in(web_db, f"nobody{n}", "wrong password!", address="10.0.0.9")
    with pytest.raises(ThrottledError):
        sign_in(web_db, "viewer", DEMO_PASSWORD, address="10.0.0.9")


def test_the_login_form_refuses_a_locked_account(web_db: Database) -> None:
    client = TestClient(web_app(web_db, "test-secret"))
    for _ in range(5):
        login(client, "editor", "wrong password!")
    login(client, "editor")
    assert client.get("/api/v1/me").json()["user"] is None


def test_every_sign_in_and_failure_is_audited_with_its_address(web_db: Database) -> None:
    with pytest.raises(InputError):
        sign_in(web_db, "editor", "wrong password!", address="10.0.0.3")
    sign_in(web_db, "editor", DEMO_PASSWORD, address="10.0.0.3")
    entries, _total = list_audit(web_db, limit=2)
    assert [(e.action, e.actor, (e.new or {}).get("address")) for e in entries] == [
        ("session.login", "editor", "10.0.0.3"),
        ("session.failed", "editor", "10.0.0.3"),
    ]


def test_throttle_memory_is_bounded() -> None:
    throttle = LoginThrottle(max_keys=100)
    for n in range(1000):
        throttle.failed(f"user{n}", f"10.1.{n // 256}.{n % 256}")
    assert len(throttle._failures) == 100


def test_password_hashing_runs_a_bounded_number_at_once(web_db: Database) -> None:
    throttle = LoginThrottle(hashers=1, wait_seconds=0.2)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with throttle.hashing():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        with pytest.raises(ThrottledError, match="登录请求过多"):
            sign_in(web_db, "editor", DEMO_PASSWORD, address="10.0.0.4", throttle=throttle)
    finally:
        release.set()
        holder.join()


@pytest.mark.parametrize("password", ["aaaaaaaa", "aaaaaaaaaaaa", "password1234", "qwertyuiop12", "zhangwei2023"])
def test_weak_passwords_are_refused(web_db: Database, password: str) -> None:
    with pytest.raises(InputError, match="密码"):
        create_user(web_db, "zhangwei", password, "editor", actor="admin")


def test_a_strong_password_is_accepted(web_db: Database) -> None:
    assert create_user(web_db, "analyst", STRONG, "viewer", actor="admin").username == "analyst"


def test_the_cookie_holds_no_more_than_ids(web_db: Database) -> None:
    client = TestClient(web_app(web_db, "test-secret"))
    login(client, "editor")
    assert set(json.loads(cookie_payload(client))) <= {"uid", "sv", "csrf", "flash"}
