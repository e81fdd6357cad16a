"""Storage, versions and the CLI, end to end on the real seed files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch.api import demo_plans_dir, ingest_paths
from planwatch.cli import app
from planwatch.store import Database, get_plan, get_sections, get_tables, list_plans, open_database

from .conftest import PLANS_DIR, fresh_url, plan_file

runner = CliRunner()


def test_reingest_unchanged_changes_nothing_and_changed_file_is_new_version(tmp_path: Path, db: Database) -> None:
    first = ingest_paths(db, [PLANS_DIR])
    assert [o.result.status for o in first if o.result] == ["new"] * 5
    again = ingest_paths(db, [PLANS_DIR])
    assert [o.result.status for o in again if o.result] == ["unchanged"] * 5
    folder = tmp_path / "edited"
    shutil.copytree(PLANS_DIR, folder)
    path = folder / "nanshan-2021-2025.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("5000 家", "5200 家"), encoding="utf-8")
    (result,) = [o.result for o in ingest_paths(db, [folder]) if o.result and o.result.status != "unchanged"]
    assert (result.key, result.version, result.status) == ("nanshan", 2, "updated")
    plan = get_plan(db, "nanshan")
    assert (plan.version, plan.version_count) == (2, 2)
    assert len(get_sections(db, "nanshan", 1)) == len(get_sections(db, "nanshan", 2))


def test_plans_resolve_by_key_region_and_title_fragment(db: Database) -> None:
    ingest_paths(db, [PLANS_DIR])
    assert get_plan(db, "光明区").key == "guangming"
    assert get_plan(db, "宝安").key == "baoan"
    plans = {p.key: p for p in list_plans(db)}
    assert plans["baoan"].status == "draft"
    assert plans["nanshan"].parent == "shenzhen"
    assert plans["shenzhen"].warnings
    assert plans["nanshan"].table_count == 2
    assert [t.title for t in get_tables(db, "guangming")] == ["表1光明区“十四五”科技创新发展主要指标"]


def test_ingest_without_manifest_infers_metadata_and_accepts_overrides(tmp_path: Path) -> None:
    db_path = fresh_url(tmp_path)
    copy = tmp_path / "gm.txt"
    shutil.copy(plan_file("guangming"), copy)
    result = runner.invoke(app, ["--db", db_path, "ingest", str(copy), "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(app, ["--db", db_path, "plans", "--json"]).output)
    assert [(p["title"], p["region"], p["level"], p["period_start"], p["period_end"]) for p in listed] == [
        ("光明区科技创新“十四五”规划", "光明区", "district", 2021, 2025)
    ]
    copy2 = tmp_path / "other.txt"
    shutil.copy(plan_file("longgang"), copy2)
    result = runner.invoke(app, ["--db", db_path, "ingest", str(copy2), "--region", "龙岗区", "--parent", "shenzhen", "--key", "lg"])
    assert result.exit_code == 0, result.output
    assert get_plan(open_database(db_path), "lg").parent == "shenzhen"


def test_cli_outline_show_tables_and_errors(tmp_path: Path) -> None:
    db = ["--db", fresh_url(tmp_path)]
    assert runner.invoke(app, [*db, "ingest", str(PLANS_DIR)]).exit_code == 0
    outline = json.loads(runner.invoke(app, [*db, "outline", "nanshan", "--json", "--depth", "1"]).output)
    assert [s["label"] for s in outline if s["kind"] == "chapter"] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    shown = runner.invoke(app, [*db, "show", "guangming", "专栏1"])
    assert shown.exit_code == 0
    assert "  108  \t专栏1 重大科技基础设施建设重点专项" in shown.output
    tables = json.loads(runner.invoke(app, [*db, "tables", "baoan", "--json"]).output)
    assert tables[1]["rows"][6]["cells"][4] == "XX"
    missing = runner.invoke(app, [*db, "outline", "nowhere"])
    assert missing.exit_code == 1
    assert "没有规划“nowhere”" in missing.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    failed = runner.invoke(app, [*db, "ingest", str(bad)])
    assert failed.exit_code == 1
    assert f"{bad}: 文件为空" in failed.stderr


def test_demo_loads_the_five_plans(tmp_path: Path) -> None:
    assert (demo_plans_dir() / "manifest.yaml").is_file()
    result = runner.invoke(app, ["--db", fresh_url(tmp_path), "demo"])
    assert result.exit_code == 0, result.output
    for key in ("shenzhen", "longgang", "nanshan", "baoan", "guangming"):
        assert key in result.output


def test_a_command_closes_its_database_when_it_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Left open, each command run in one process (tests, a host script) keeps its connections —
    # on PostgreSQL also one listening for commits — until the server refuses more clients.
    from planwatch.core import Planwatch

    closed: list[Planwatch] = []
    monkeypatch.setattr(Planwatch, "close", lambda self: closed.append(self))
    runner.invoke(app, ["--db", fresh_url(tmp_path), "plans", "--json"])
    assert len(closed) == 1
