"""A database holding one province plan and nothing below it: every comparison view answers, saying
there is no pair of plans to compare (before, the coverage view raised and /compare was a 500)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from planwatch.api import ingest_paths
from planwatch.cli import app
from planwatch.compare.coverage import task_coverage
from planwatch.store import Database, open_database

from .conftest import fresh_url, web_app

PROVINCE_PLAN = """某省科技创新“十四五”规划

第一章 总体要求

第一节 发展目标

到2025年，全省研发投入强度达到2.8%。

第二章 重点任务

1.建设省实验室。布局一批省实验室。
"""
NO_PAIR = "尚无可对照的上下级规划"


@pytest.fixture
def lone(tmp_path: Path) -> Database:
    path = tmp_path / "province.txt"
    path.write_text(PROVINCE_PLAN, encoding="utf-8")
    database = open_database(fresh_url(tmp_path))
    ingest_paths(database, [path], overrides={"region": "某省", "level": "province"})
    return database


def test_coverage_of_a_lone_plan_has_no_parent(lone: Database) -> None:
    assert task_coverage(lone).city is None


def test_the_compare_page_says_there_is_nothing_to_compare(lone: Database) -> None:
    with TestClient(web_app(lone)) as client:
        assert NO_PAIR in client.get("/compare").text


def test_the_coverage_api_answers_with_no_city(lone: Database) -> None:
    with TestClient(web_app(lone)) as client:
        assert client.get("/api/v1/compare/coverage").json()["city"] is None


def test_the_cli_says_there_is_nothing_to_compare(lone: Database) -> None:
    result = CliRunner().invoke(app, ["--db", lone.url, "compare", "--coverage"])
    assert NO_PAIR in result.output


def test_the_cli_json_with_coverage_holds_both_results(lone: Database) -> None:
    data = json.loads(CliRunner().invoke(app, ["--db", lone.url, "compare", "--coverage", "--json"]).output)
    assert (sorted(data), data["coverage"]["city"]) == (["compare", "coverage"], None)


def test_the_cli_json_coverage_is_the_apis(lone: Database) -> None:
    cli = json.loads(CliRunner().invoke(app, ["--db", lone.url, "compare", "--coverage", "--json"]).output)["coverage"]
    with TestClient(web_app(lone)) as client:
        assert client.get("/api/v1/compare/coverage").json() == cli
