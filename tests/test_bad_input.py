"""Bad files get a clear `file:line: reason` error and leave the database as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from planwatch.api import ingest_paths
from planwatch.errors import InputError
from planwatch.ingest import read_document
from planwatch.ingest.readers import decode_text
from planwatch.store import Database

from .conftest import plan_file


def table_counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("plans", "plan_versions", "sections", "plan_tables")
        }


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "文件为空"),
        ("blank.txt", b"   \n\n  ", "文件中没有文字"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制文件"),
        ("plan.xlsx", b"PK\x03\x04", "不支持的文件类型 '.xlsx'"),
        ("broken.docx", b"PK\x03\x04 truncated", "无法读取的 DOCX 文件"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\n", "PDF"),
    ],
)
def test_bad_files_are_rejected_with_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert reason in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_undecodable_bytes_name_the_line() -> None:
    data = "第一行\n第二行\n".encode() + b"\xff\xfe\xfa\xfb\x80\x81 broken\n"
    with pytest.raises(InputError) as caught:
        decode_text(data, "plan.txt")
    assert caught.value.line == 3
    assert "不是有效的 UTF-8" in str(caught.value)
    assert str(caught.value).startswith("plan.txt:3: ")


def test_gb18030_is_detected_when_not_utf8() -> None:
    text, encoding = decode_text("南山区科技创新“十四五”规划\n一、总体要求\n".encode("gb18030"))
    assert encoding == "gb18030"
    assert text.startswith("南山区")


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = "到2025年，全社会研发投入占地区生产总值比重达到5.5%。\n".encode()
    with path.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    assert path.stat().st_size >= 50 * 1024 * 1024
    with pytest.raises(InputError, match=r"文件过大：52\.\d MB（上限 16\.8 MB）"):
        read_document(path)


def test_mixed_folder_keeps_good_files_and_reports_each_bad_one(tmp_path: Path, db: Database) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(plan_file("nanshan"), folder / "nanshan.txt")
    shutil.copy(plan_file("longgang"), folder / "longgang.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
    outcomes = {Path(o.path).name: o for o in ingest_paths(db, [folder])}
    assert {n for n, o in outcomes.items() if o.result} == {"nanshan.txt", "longgang.txt"}
    assert "文件为空" in str(outcomes["empty.txt"].error)
    assert "二进制文件" in str(outcomes["binary.txt"].error)
    assert "不支持的文件类型" in str(outcomes["notes.csv"].error)
    counts = table_counts(db)
    assert counts["plans"] == 2
    assert counts["plan_versions"] == 2


def test_failed_store_leaves_database_unchanged(tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_paths(db, [plan_file("nanshan")])
    before = table_counts(db)
    changed = tmp_path / "nanshan.txt"
    changed.write_text(plan_file("nanshan").read_text(encoding="utf-8") + "\n补充一行。\n", encoding="utf-8")

    import planwatch.store.repository as repository

    def failing_table(table: object) -> object:
        raise RuntimeError("disk full while writing tables")

    monkeypatch.setattr(repository, "_table_values", failing_table)
    with pytest.raises(RuntimeError):
        ingest_paths(db, [changed], overrides={"key": "南山区科技创新-十四五-规划"})
    assert table_counts(db) == before
