"""Hostile uploads and documents (issue #16, findings 1, 9, 11, 13 and 16): the server keeps
answering, every limit ends in a clear error of the usual shape, and nothing is stored."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from planwatch.accounts import issue_token
from planwatch.api import ingest_paths
from planwatch.errors import InputError
from planwatch.ingest.readers import read_document
from planwatch.limits import LimitError
from planwatch.monitor.entry import import_file
from planwatch.store import Database, open_database
from planwatch.store.backup import dump_rows

from .conftest import BACKEND, demo_with_accounts, live_server, web_app
from .hostile import docx_bomb, entity_bomb_xlsx, many_pages_pdf, many_rows_xlsx, stream_bomb_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = demo_with_accounts(tmp_path_factory.mktemp("hostile"))
    yield database
    database.close()


@pytest.fixture(scope="module")
def auth(web_db: Database) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(web_db, 'editor', 'hostile-tests', actor='test')}"}


@pytest.fixture
def client(web_db: Database) -> TestClient:
    return TestClient(web_app(web_db, "test-secret"), raise_server_exceptions=False)


def test_the_server_answers_other_requests_while_a_hostile_workbook_is_uploaded(
    web_db: Database, auth: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_LIMIT_ROWS", "20000")  # the child gives up sooner; the file is just as hostile
    bomb = many_rows_xlsx(tmp_path / "rows.xlsx", 1_000_000)  # ~5 MB packed, ~60 MB of XML
    before = dump_rows(web_db)
    outcome: dict[str, httpx.Response] = {}
    with live_server(web_app(web_db, "test-secret")) as base:

        def upload() -> None:
            with bomb.open("rb") as data:
                outcome["upload"] = httpx.post(
                    f"{base}/api/v1/observations/import", files={"file": ("rows.xlsx", data, XLSX)}, headers=auth, timeout=300
                )

        uploader = threading.Thread(target=upload)
        uploader.start()
        answers = []
        while uploader.is_alive():
            # A frozen event loop makes this raise ReadTimeout: 10 s is generous for a 2-core machine under load.
            answers.append(httpx.get(f"{base}/api/v1/me", timeout=10).status_code)
            time.sleep(0.2)
        uploader.join()
    assert answers, "the upload finished before any other request was made"
    assert set(answers) == {200}
    assert outcome["upload"].status_code == 422
    # The row limit, or on a starved machine the time budget, ends it: either way a limit named for the file.
    assert outcome["upload"].json()["error"]["message"].startswith("rows.xlsx")
    assert dump_rows(web_db) == before


def test_a_workbook_over_the_row_limit_is_refused_while_streaming(plans_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_LIMIT_ROWS", "1000")
    path = many_rows_xlsx(tmp_path / "rows.xlsx", 5000)
    with pytest.raises(LimitError, match="1000 行的上限") as caught:
        import_file(plans_db, path)
    assert caught.value.line == 1001


def test_a_csv_over_the_row_limit_is_refused(plans_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_LIMIT_ROWS", "100")
    path = tmp_path / "rows.csv"
    path.write_text("地区,指标,年份,实际值,单位\n" + "南山区,PCT国际专利申请量,2023,1,件\n" * 200, encoding="utf-8")
    with pytest.raises(LimitError, match="100 行的上限"):
        import_file(plans_db, path)


def test_a_workbook_with_entity_expansion_is_a_clear_422(client: TestClient, auth: dict[str, str], tmp_path: Path) -> None:
    bomb = entity_bomb_xlsx(tmp_path / "laughs.xlsx")
    response = client.post("/api/v1/observations/import", files={"file": ("laughs.xlsx", bomb.read_bytes(), XLSX)}, headers=auth)
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("laughs.xlsx")


def test_upload_errors_name_the_uploaded_file_not_the_server_path(client: TestClient, auth: dict[str, str]) -> None:
    bad = "地区,指标,年份,实际值,单位\n南山区,PCT国际专利申请量,2023,很多,件\n".encode()
    message = client.post("/api/v1/observations/import", files={"file": ("南山.csv", bad, "text/csv")}, headers=auth).json()["error"]["message"]
    assert message.startswith("南山.csv:2:")
    assert tempfile.gettempdir() not in message


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.add_paragraph("到2025年，全社会研发投入强度达到5%。")
    document.save(str(path))
    return path


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_LIMIT_UNPACKED_BYTES", str(8 * 1024 * 1024))
    bomb = docx_bomb(tmp_path / "bomb.docx", _docx(tmp_path / "model.docx"), 20 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024
    (outcome,) = ingest_paths(db, [bomb])
    assert isinstance(outcome.error, LimitError)
    assert "疑似压缩炸弹" in str(outcome.error)
    assert dump_rows(db)["plans"] == []


def test_a_pdf_stream_bomb_hits_the_memory_budget_of_its_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_LIMIT_MEMORY_BYTES", str(400 * 1024 * 1024))
    bomb = stream_bomb_pdf(tmp_path / "bomb.pdf", 600 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(LimitError, match="内存"):
        read_document(bomb)


def test_a_pdf_with_too_many_pages_is_refused_by_its_page_count(tmp_path: Path) -> None:
    with pytest.raises(LimitError, match="共 3000 页，超过上限 2000 页"):
        read_document(many_pages_pdf(tmp_path / "pages.pdf", 3000))


def test_a_small_pdf_is_still_read_in_its_child(tmp_path: Path) -> None:
    assert read_document(many_pages_pdf(tmp_path / "pages.pdf", 3)).text.split() == ["plan", "plan", "plan"]


def test_a_parse_over_the_time_budget_is_stopped(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_LIMIT_SECONDS", "1")
    path = many_rows_xlsx(tmp_path / "rows.xlsx", 200_000)
    with pytest.raises(LimitError, match="超过 1 秒"):
        import_file(db, path)


def test_an_encrypted_pdf_is_named_as_such(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(100, 700, "plan")
    pdf.save()
    with pytest.raises(InputError, match="PDF 文件已加密"):
        read_document(path)


def test_a_large_anonymous_body_is_refused_before_it_is_read(client: TestClient) -> None:
    body = b'{"region": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = client.post("/api/v1/observations", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "上限" in response.json()["error"]["message"]


def test_a_streamed_body_is_cut_off_at_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(64):
            yield b" " * 65536

    response = client.post("/api/v1/observations", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413


def test_an_id_beyond_any_integer_is_a_422_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/observations/99999999999999999999999")
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"status", "message"}


def test_a_read_only_database_gives_a_503_in_the_error_shape(web_db: Database, auth: dict[str, str]) -> None:
    if BACKEND == "sqlite":
        url = f"sqlite:///file:{web_db.url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    else:
        url = f"{web_db.url}?options=-c%20default_transaction_read_only%3Don"
    read_only = open_database(url, migrate=False)
    client = TestClient(web_app(read_only, "test-secret"), raise_server_exceptions=False)
    row = {"region": "南山区", "indicator": "pct_applications", "year": 2022, "value": "1.5", "unit": "万件"}
    response = client.post("/api/v1/observations", json=row, headers=auth)
    assert response.status_code == 503
    assert "数据库" in response.json()["error"]["message"]
    read_only.close()


def test_a_failed_report_leaves_no_temporary_folder(client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from planwatch.core import Planwatch

    def failing(*args: object, **kwargs: object) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(Planwatch, "write_report", failing)
    response = client.get("/api/v1/plans/nanshan/report", params={"format": "html"})
    assert response.status_code == 500
    assert response.json()["error"]["message"] == "服务器内部错误，请稍后再试或联系管理员"
    assert list(tmp_path.iterdir()) == []
