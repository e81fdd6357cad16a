"""Backups leave out what would let their reader sign in (issue #16, finding 10)."""

from __future__ import annotations

import gzip
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch.accounts import DEMO_PASSWORD, authenticate, ensure_demo_users
from planwatch.cli import app as cli
from planwatch.store import Database, open_database
from planwatch.store.accounts import setting
from planwatch.store.backup import backup, restore

from .conftest import fresh_url


@pytest.fixture
def accounts_db(tmp_path: Path) -> Database:
    database = open_database(fresh_url(tmp_path))
    ensure_demo_users(database)
    setting(database, "session_secret", "s3cret-signing-key-of-the-server")
    return database


def _text(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def test_a_backup_holds_no_session_key(accounts_db: Database, tmp_path: Path) -> None:
    backup(accounts_db, tmp_path / "b.jsonl.gz")
    assert "s3cret-signing-key-of-the-server" not in _text(tmp_path / "b.jsonl.gz")


def test_a_backup_holds_no_password_hash(accounts_db: Database, tmp_path: Path) -> None:
    backup(accounts_db, tmp_path / "b.jsonl.gz")
    assert "$argon2id$" not in _text(tmp_path / "b.jsonl.gz")


def test_a_backup_is_readable_by_its_owner_only(accounts_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl.gz"
    path.write_bytes(b"")
    path.chmod(0o644)
    backup(accounts_db, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_accounts_restored_without_secrets_cannot_sign_in(accounts_db: Database, tmp_path: Path) -> None:
    backup(accounts_db, tmp_path / "b.jsonl.gz")
    copy = open_database(fresh_url(tmp_path))
    restore(copy, tmp_path / "b.jsonl.gz")
    assert authenticate(copy, "admin", DEMO_PASSWORD) is None
    copy.close()


def test_include_secrets_keeps_sign_ins_across_a_restore(accounts_db: Database, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", accounts_db.url, "backup", str(tmp_path / "b.jsonl.gz"), "--include-secrets"])
    assert result.exit_code == 0
    copy = open_database(fresh_url(tmp_path))
    restore(copy, tmp_path / "b.jsonl.gz")
    assert authenticate(copy, "admin", DEMO_PASSWORD) is not None
    copy.close()
