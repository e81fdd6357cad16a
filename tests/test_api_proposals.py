"""The REST endpoints for observation proposals: list, extract from an upload, edit, accept and
reject one or many; editors only, CSRF or a token as every write; the same JSON as the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from planwatch.accounts import issue_token
from planwatch.cli import app as cli
from planwatch.core import Planwatch
from planwatch.settings import load_settings
from planwatch.store import Database
from planwatch.store.monitoring import list_observations
from planwatch.web.app import create_app

from .conftest import demo_with_accounts
from .test_web_api import login

# Written for these tests: a level the catalog has, its growth rate, a lower bound, a change.
BULLETIN = """某市2023年国民经济和社会发展统计公报

全年全市技术合同成交额1650.4亿元，比上年增长12.6%。年末全市国家高新技术企业超2.5万家。
全市研发投入强度为6.1%，比上年提高0.3个百分点。
"""
runner = CliRunner()


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One demo for the module: each test reads a file of its own (its own proposals)."""
    database = demo_with_accounts(tmp_path_factory.mktemp("proposals"))
    yield database
    database.close()


@pytest.fixture(scope="module")
def client(web_db: Database) -> TestClient:
    client = TestClient(create_app(Planwatch(load_settings(secret="test-secret"), database=web_db)))
    client.headers["Authorization"] = "Bearer " + issue_token(web_db, "editor", "test script", actor="test")
    return client


def extract(client: TestClient, test: str, name: str = "bulletin-2023.txt") -> Any:
    """Propose from the bulletin, made a file of its own for ``test`` (a line only it has)."""
    text = BULLETIN + f"（{test}）\n"
    response = client.post(
        "/api/v1/proposals/extract", params={"region": "深圳市", "year": 2023}, files={"file": (name, text.encode("utf-8"), "text/plain")}
    )
    assert response.status_code == 201, response.text
    return response.json()


def by_value(batch: Any, value_raw: str) -> int:
    (found,) = [p["id"] for p in batch["pending"] if p["value_raw"] == value_raw]
    return int(found)


def test_an_upload_is_read_into_pending_proposals_named_by_the_uploaded_file(client: TestClient) -> None:
    batch = extract(client, "an_upload_is_read_into_pending_proposals_named_by_the_uploaded_file")
    assert (batch["path"], batch["new"], {p["file_name"] for p in batch["pending"]}) == ("bulletin-2023.txt", 5, {"bulletin-2023.txt"})


def test_reading_an_upload_stores_no_observation(client: TestClient, web_db: Database) -> None:
    before = len(list_observations(web_db))
    extract(client, "reading_an_upload_stores_no_observation")
    assert len(list_observations(web_db)) == before


def test_proposals_are_listed_by_status_and_file(client: TestClient) -> None:
    batch = extract(client, "proposals_are_listed_by_status_and_file")
    listed = client.get("/api/v1/proposals", params={"status": "pending", "file": batch["file_hash"]}).json()
    assert [p["id"] for p in listed] == [p["id"] for p in batch["pending"]]


def test_accepting_several_stores_them_as_observations_with_their_quote(client: TestClient, web_db: Database) -> None:
    batch = extract(client, "accepting_several_stores_them_as_observations_with_their_quote")
    ids = [by_value(batch, "1650.4"), by_value(batch, "2.5")]
    accepted = client.post("/api/v1/proposals/accept", json={"ids": ids})
    assert accepted.status_code == 200, accepted.text
    stored = {(o.indicator_key, o.value, o.quote) for o in list_observations(web_db) if o.id in accepted.json()["added"]}
    assert stored == {("tech_contract_turnover", 1650.4, "全年全市技术合同成交额1650.4亿元"), ("national_high_tech_enterprises", 25000.0, "年末全市国家高新技术企业超2.5万家")}


def test_a_change_from_the_year_before_is_refused_and_nothing_is_stored(client: TestClient, web_db: Database) -> None:
    batch = extract(client, "a_change_from_the_year_before_is_refused_and_nothing_is_stored")
    before = len(list_observations(web_db))
    refused = client.post("/api/v1/proposals/accept", json={"ids": [by_value(batch, "1650.4"), by_value(batch, "0.3")]})
    assert (refused.status_code, "是变化量" in refused.json()["error"]["message"], len(list_observations(web_db))) == (422, True, before)


def test_an_edit_converts_the_printed_value_again(client: TestClient) -> None:
    batch = extract(client, "an_edit_converts_the_printed_value_again")
    edited = client.post(f"/api/v1/proposals/{by_value(batch, '1650.4')}/edit", json={"value_raw": "0.165", "unit_raw": "万亿元"})
    assert (edited.status_code, edited.json()["value"], edited.json()["unit"]) == (200, 1650.0, "亿元")


def test_an_edit_with_no_field_or_an_unknown_kind_is_refused(client: TestClient) -> None:
    number = by_value(extract(client, "an_edit_with_no_field_or_an_unknown_kind_is_refused"), "1650.4")
    empty = client.post(f"/api/v1/proposals/{number}/edit", json={})
    unknown = client.post(f"/api/v1/proposals/{number}/edit", json={"kind": "guess"})
    assert (empty.status_code, unknown.status_code) == (422, 422)


def test_rejected_proposals_are_not_proposed_again_by_the_same_file(client: TestClient) -> None:
    batch = extract(client, "rejected_proposals_are_not_proposed_again_by_the_same_file")
    rejected = client.post("/api/v1/proposals/reject", json={"ids": [by_value(batch, "12.6")], "note": "口径不同"})
    again = extract(client, "rejected_proposals_are_not_proposed_again_by_the_same_file")
    assert ([p["status"] for p in rejected.json()], again["new"], again["rejected_before"]) == (["rejected"], 0, 1)


def test_a_file_that_is_not_a_document_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/proposals/extract", files={"file": ("x.exe", b"MZ\x00\x00", "application/octet-stream")})
    assert response.status_code == 415


def test_a_viewer_neither_lists_nor_decides_proposals(web_db: Database) -> None:
    viewer = TestClient(create_app(Planwatch(load_settings(secret="test-secret"), database=web_db)))
    csrf = login(viewer, "viewer")
    listed = viewer.get("/api/v1/proposals")
    accepted = viewer.post("/api/v1/proposals/accept", json={"ids": [1]}, headers={"X-CSRF-Token": csrf})
    assert (listed.status_code, accepted.status_code) == (403, 403)


def test_a_signed_in_editor_needs_the_csrf_token_to_accept(web_db: Database) -> None:
    editor = TestClient(create_app(Planwatch(load_settings(secret="test-secret"), database=web_db)))
    login(editor, "editor")
    assert editor.post("/api/v1/proposals/accept", json={"ids": [1]}).status_code == 403


def _cli_json(url: str, *args: str) -> Any:
    result = runner.invoke(cli, ["--db", url, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_cli_and_the_api_give_the_same_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cli").mkdir()
    (tmp_path / "api").mkdir()
    by_cli, by_api = demo_with_accounts(tmp_path / "cli"), demo_with_accounts(tmp_path / "api")
    client = TestClient(create_app(Planwatch(load_settings(secret="k"), database=by_api)))
    client.headers["Authorization"] = "Bearer " + issue_token(by_api, "editor", "twin", actor="test")
    monkeypatch.chdir(tmp_path)
    Path("bulletin-2023.txt").write_text(BULLETIN + "（same_json）\n", encoding="utf-8")  # the file extract() uploads
    url = by_cli.url
    proposed_cli = _cli_json(url, "observe", "extract", "bulletin-2023.txt", "--region", "深圳市", "--year", "2023", "--user", "editor")
    proposed_api = extract(client, "same_json")
    first, second = (str(by_value(proposed_cli, value)) for value in ("1650.4", "12.6"))
    accepted_cli = _cli_json(url, "observe", "accept", first, "--user", "editor")
    accepted_api = client.post("/api/v1/proposals/accept", json={"ids": [int(first)]}).json()
    rejected_cli = _cli_json(url, "observe", "reject", second, "--note", "口径不同", "--user", "editor")
    rejected_api = client.post("/api/v1/proposals/reject", json={"ids": [int(second)], "note": "口径不同"}).json()
    listed_cli = _cli_json(url, "observe", "proposals", "--status", "accepted")
    listed_api = client.get("/api/v1/proposals", params={"status": "accepted"}).json()
    assert [proposed_cli, accepted_cli, rejected_cli, listed_cli] == [proposed_api, accepted_api, rejected_api, listed_api]
    by_cli.close()
    by_api.close()
