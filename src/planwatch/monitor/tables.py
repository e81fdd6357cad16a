"""Rows of a CSV file or an Excel sheet, with the line (row) each came from and named columns.

Headers may be English (``region``) or Chinese (``地区``); both map to one canonical name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from planwatch.bounded import run_bounded
from planwatch.errors import InputError
from planwatch.ingest.readers import decode_text
from planwatch.limits import LimitError, Limits, check_package, current
from planwatch.safety import spreadsheet_text


@dataclass(frozen=True)
class SheetRows:
    """Named cells by row; ``where`` is ``file`` or ``file[sheet]`` for messages."""

    where: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]


def canonical_columns(header: list[str], aliases: Mapping[str, tuple[str, ...]]) -> list[str | None]:
    lookup = {alias.strip().lower(): name for name, names in aliases.items() for alias in (name, *names)}
    return [lookup.get(str(cell or "").strip().lower()) for cell in header]


def read_csv_rows(path: Path, aliases: Mapping[str, tuple[str, ...]]) -> SheetRows:
    limits = current()
    data = _read_bytes(path, limits)
    text, _ = decode_text(data, str(path))
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("文件是空的：请在第一行写表头，其后每行一条数据", path=str(path)) from None
    names = canonical_columns(header, aliases)
    rows: list[tuple[int, dict[str, Any]]] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) > len(header):
                    raise InputError(
                        f"该行有 {len(record)} 个单元格，而表头只有 {len(header)} 列：请检查是否多了逗号", path=str(path), line=start
                    )
                rows.append((start, {n: v for n, v in zip(names, record, strict=False) if n}))
                if len(rows) > limits.rows:
                    raise LimitError(f"超过 {limits.rows} 行的上限", path=str(path), line=start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"CSV 格式有误（{exc}）：请用 Excel 另存为 CSV 后重试", path=str(path), line=reader.line_num) from exc
    return SheetRows(str(path), tuple(n for n in names if n), tuple(rows))


def read_xlsx_sheets(path: Path) -> dict[str, list[tuple[int, list[Any]]]]:
    """Every sheet's non-empty rows as (row number, cell values).

    The package's declared unpacked size is checked first; the workbook is then streamed
    (openpyxl read-only mode, XML through defusedxml) in a child process with a memory and time
    budget, counting rows, sheets and columns against the limits as it goes.
    """
    limits = current()
    _read_bytes(path, limits)
    check_package(path, limits, "XLSX")
    return run_bounded(_stream_xlsx, path, limits, limits=limits, what=str(path))


def _stream_xlsx(path: Path, limits: Limits) -> dict[str, list[tuple[int, list[Any]]]]:
    import zipfile

    from openpyxl import load_workbook

    # SyntaxError covers the XML parser's refusals (entity expansion bombs, malformed sheets).
    unreadable = (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except unreadable as exc:
        raise InputError("无法读取的 Excel 工作簿：文件已损坏或不是 .xlsx 格式，请用 Excel 另存为 .xlsx 后重试", path=str(path)) from exc
    try:
        if len(workbook.worksheets) > limits.sheets:
            raise LimitError(f"工作簿有 {len(workbook.worksheets)} 个工作表，超过上限 {limits.sheets}", path=str(path))
        sheets: dict[str, list[tuple[int, list[Any]]]] = {}
        seen = 0
        for sheet in workbook.worksheets:
            kept = sheets[sheet.title] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                seen += 1
                if seen > limits.rows:
                    raise LimitError(f"工作簿超过 {limits.rows} 行的上限", path=f"{path}[{sheet.title}]", line=number)
                if any(v not in (None, "") for v in values):
                    kept.append((number, list(values[: limits.columns])))
        return sheets
    except unreadable as exc:
        raise InputError("无法读取的 Excel 工作簿：文件已损坏或不是 .xlsx 格式，请用 Excel 另存为 .xlsx 后重试", path=str(path)) from exc
    finally:
        workbook.close()


def sheet_rows(path: Path, sheet: str, raw: list[tuple[int, list[Any]]], aliases: Mapping[str, tuple[str, ...]]) -> SheetRows:
    where = f"{path}[{sheet}]"
    if not raw:
        return SheetRows(where, (), ())
    (_, header), *body = raw
    names = canonical_columns([str(h or "") for h in header], aliases)
    rows = tuple((number, {n: v for n, v in zip(names, values, strict=False) if n}) for number, values in body)
    return SheetRows(where, tuple(n for n in names if n), rows)


def _read_bytes(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise LimitError(f"文件大小 {size} 字节，超过上限 {limits.file_bytes} 字节", path=str(path))
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件（{exc.strerror}）", path=str(path)) from exc


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return spreadsheet_text(str(value).strip())


_TRUE = frozenset({"1", "true", "yes", "y", "是", "示例", "示例数据"})


def cell_flag(value: Any) -> bool:
    """A yes/no cell such as the 示例数据 column: 是, 1, true, yes … count as yes."""
    return cell_text(value).lower() in _TRUE


def cell_date(value: Any) -> date:
    """A date cell or text such as 2023-06-30, 2023/6/30, 2023年6月30日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{cell_text(value)}不是日期：请写成 2023-06-30") from None
