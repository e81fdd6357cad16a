"""Backup/restore round trips, concurrent writers, and bad input that must change nothing."""

from __future__ import annotations

import gzip
import multiprocessing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.api import data_dir, ingest_paths
from planwatch.errors import InputError, PlanwatchError
from planwatch.extract.numbers import parse_quantity
from planwatch.ingest import read_document
from planwatch.ingest.normalise import clean_line, join_paragraphs
from planwatch.ingest.readers import decode_text, html_to_text
from planwatch.ingest.tables import find_tables
from planwatch.monitor.entry import add_observation, import_file
from planwatch.search.query import search
from planwatch.store import Database, open_database
from planwatch.store.backup import backup, dump_rows, restore
from planwatch.store.monitoring import list_observations

from .conftest import demo_with_accounts, fresh_url


def test_backup_restore_round_trips_exactly(tmp_path: Path) -> None:
    demo_db = demo_with_accounts(tmp_path)
    before = dump_rows(demo_db)
    assert before["observations"]
    assert before["task_progress"]
    assert before["users"]
    assert before["audit_log"]
    archive = tmp_path / "demo.jsonl.gz"
    counts = backup(demo_db, archive, include_secrets=True)
    assert counts["plans"] == 5
    assert counts["observations"] == len(before["observations"])
    copy = open_database(fresh_url(tmp_path))
    restore(copy, archive)
    assert dump_rows(copy) == before
    assert search(copy, "鹏城实验室")  # the search index is rebuilt from the restored plans
    add_observation(
        copy, {"region": "南山区", "indicator_key": "pct_applications", "year": 2024, "value": "9000", "source_url": "http://after-restore"}
    )
    copy.close()
    demo_db.close()


def test_restore_refuses_a_damaged_backup_or_a_database_in_use(demo_db: Database, tmp_path: Path) -> None:
    archive = tmp_path / "demo.jsonl.gz"
    backup(demo_db, archive)
    with pytest.raises(InputError, match="数据库不是空的"):
        restore(demo_db, archive)
    data = gzip.decompress(archive.read_bytes()).decode("utf-8").splitlines()
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(gzip.compress("\n".join(data[: len(data) // 2]).encode("utf-8")))
    empty = open_database(fresh_url(tmp_path))
    with pytest.raises(InputError, match="备份不完整"):
        restore(empty, damaged)
    (tmp_path / "junk.gz").write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="无法读取备份文件"):
        restore(empty, tmp_path / "junk.gz")
    assert dump_rows(empty)["plans"] == []
    empty.close()


def _write_observations(url: str, region: str, count: int) -> int:
    db = open_database(url)
    for n in range(count):
        add_observation(
            db,
            {
                "region": region,
                "indicator_key": "tech_contract_turnover",
                "year": 2021 + n % 4,
                "value": str(100 + n),
                "source_url": f"http://{region}/{n}",
            },
            entered_by=region,
        )
    db.close()
    return count


def test_two_processes_writing_at_once_lose_nothing(plans_db: Database) -> None:
    url = plans_db.url
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        done = pool.starmap(_write_observations, [(url, "南山区", 40), (url, "宝安区", 40)])
    assert done == [40, 40]
    stored = list_observations(plans_db, indicator_keys=["tech_contract_turnover"])
    assert len(stored) == 80
    assert {o.entered_by for o in stored} == {"南山区", "宝安区"}
    assert len({o.id for o in stored}) == 80


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """A catalogue of bad inputs, each with the reason its error must give."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    files: dict[str, tuple[Path, str]] = {}

    def put(name: str, content: bytes, reason: str) -> None:
        path = tmp_path / name
        path.write_bytes(content)
        files[name] = (path, reason)

    put("binary.txt", bytes(range(256)) * 8, "二进制文件")
    put("empty.txt", b"", "文件为空")
    put("invalid-utf8.txt", "规划".encode() + b"\xff\xfe\xfa" * 50 + b"\n" + b"\x80" * 200, "")
    put("truncated.docx", b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 40, "无法读取的 DOCX 文件")
    image_only = tmp_path / "image-only.pdf"
    pdf = canvas.Canvas(str(image_only), pagesize=A4)
    pdf.rect(100, 100, 200, 200, fill=1)
    pdf.save()
    files["image-only.pdf"] = (image_only, "没有文字层")
    encrypted = tmp_path / "encrypted.pdf"
    pdf = canvas.Canvas(str(encrypted), pagesize=A4, encrypt="secret")
    pdf.drawString(100, 700, "plan")
    pdf.save()
    files["encrypted.pdf"] = (encrypted, "PDF 文件已加密")
    put("deep.html", b"<html><body>" + b"<div>" * 20000 + "一、总则".encode() + b"</div>" * 20000 + b"</body></html>", "嵌套过深")
    return files


def test_bad_documents_fail_clearly_and_change_nothing(plans_db: Database, tmp_path: Path) -> None:
    before = dump_rows(plans_db)
    for name, (path, reason) in _bad_files(tmp_path).items():
        if name == "invalid-utf8.txt":  # not UTF-8, and not plausible GB18030 either
            with pytest.raises(InputError) as caught:
                read_document(path)
            assert str(caught.value).startswith(f"{path}:")
            continue
        (outcome,) = ingest_paths(plans_db, [path])
        assert outcome.error is not None, name
        assert reason in str(outcome.error), (name, str(outcome.error))
        assert str(outcome.error).startswith(str(path)), (name, str(outcome.error))
    assert dump_rows(plans_db) == before


def test_a_huge_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(100 * 1024 * 1024)  # 100 MB, sparse: nothing is written
    with pytest.raises(InputError, match="文件过大"):
        read_document(huge)


def test_bad_observation_files_change_nothing(plans_db: Database, tmp_path: Path) -> None:
    import_file(plans_db, data_dir() / "observations" / "illustrative.csv")
    before = dump_rows(plans_db)
    cases = {
        "wrong-columns.csv": ("name,amount\n南山区,3\n", "缺少列"),
        "absurd.csv": ("地区,指标,年份,实际值,单位\n南山区,PCT国际专利申请量,2023,1e15,件\n", "数量级不合理"),
        "negative.csv": ("地区,指标,年份,实际值,单位\n南山区,PCT国际专利申请量,2023,-3,件\n", "不可能为负"),
        "future.csv": ("地区,指标,年份,实际值,单位\n南山区,PCT国际专利申请量,2099,3,件\n", "尚未到来"),
        "unit.csv": ("地区,指标,年份,实际值,单位\n南山区,PCT国际专利申请量,2023,3,亿元\n", "不符"),
        "gbk-as-utf8.csv": (None, "“实际值”很多不是数值"),
    }
    for name, (content, reason) in cases.items():
        path = tmp_path / name
        if content is None:  # GBK bytes where the reader tries UTF-8 first: decoded, and the bad value still named
            path.write_bytes("地区,指标,年份,实际值,单位\n南山区,PCT国际专利申请量,2023,很多,件\n".encode("gbk"))
        else:
            path.write_text(content, encoding="utf-8")
        with pytest.raises(PlanwatchError) as caught:
            import_file(plans_db, path)
        assert reason in str(caught.value), (name, str(caught.value))
        assert str(path) in str(caught.value)
    assert dump_rows(plans_db) == before


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_a_clear_error(data: bytes) -> None:
    try:
        text, encoding = decode_text(data, "fuzz.txt")
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt")
    else:
        assert isinstance(text, str)
        assert encoding


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_cleaning_and_number_parsing_never_crash(line: str) -> None:
    cleaned = clean_line(line)
    assert "\n" not in cleaned or "\n" in line
    quantity = parse_quantity(line)
    if quantity is not None and quantity.value is not None:
        assert quantity.value == quantity.value  # not NaN


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("指标单位20年家%\t\n 一、（）专栏1.5—")), max_size=40), max_size=40))
def test_tables_and_paragraphs_from_any_lines(lines: list[str]) -> None:
    text_lines = [line.replace("\n", "") for line in lines]
    join_paragraphs(text_lines, text_lines)
    tables, _consumed = find_tables(text_lines, text_lines)
    for table in tables:
        assert 1 <= table.start_line <= table.end_line <= max(len(text_lines), 1)


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.text(max_size=20),
        lambda inner: st.builds(lambda tag, body: f"<{tag}>{body}</{tag}>", st.sampled_from(["div", "p", "td", "span", "table"]), inner),
        max_leaves=30,
    )
)
def test_html_to_text_handles_any_nesting(html: str) -> None:
    assert isinstance(html_to_text(f"<html><body>{html}</body></html>"), str)


def test_ingest_and_indexing_with_worker_processes_give_the_same_result(tmp_path: Path) -> None:
    from planwatch.api import demo_plans_dir
    from planwatch.search.index import refresh_index
    from planwatch.store import get_sections, get_targets, list_plans
    from planwatch.store.search import stale_plans

    serial, parallel = open_database(fresh_url(tmp_path)), open_database(fresh_url(tmp_path))
    ingest_paths(serial, [demo_plans_dir()])
    outcomes = ingest_paths(parallel, [demo_plans_dir(), tmp_path / "missing.txt"], workers=2)
    assert [o.error is None for o in outcomes] == [True] * 5 + [False]
    assert "文件不存在" in str(outcomes[-1].error)
    for plan in list_plans(serial):
        assert get_sections(parallel, plan.key) == get_sections(serial, plan.key)
        assert get_targets(parallel, plan.key) == get_targets(serial, plan.key)
    assert sorted(refresh_index(parallel, workers=2)) == sorted(p.key for p in list_plans(parallel))
    assert stale_plans(parallel) == []
    refresh_index(serial)
    assert [(h.plan_key, h.start_line) for h in search(parallel, "揭榜挂帅")] == [
        (h.plan_key, h.start_line) for h in search(serial, "揭榜挂帅")
    ]
    serial.close()
    parallel.close()
