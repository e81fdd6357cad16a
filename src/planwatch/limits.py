"""Limits on what one file or one request may cost, so hostile input fails fast and alone.

Each limit can be changed with an environment variable ``PLANWATCH_LIMIT_<NAME>`` (e.g.
``PLANWATCH_LIMIT_ROWS=500000``); a limit that is hit raises :class:`LimitError`, an
:class:`~planwatch.errors.InputError` like every other refusal of bad input.
"""

from __future__ import annotations

import dataclasses
import zipfile
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import InputError

MB = 1024 * 1024


class LimitError(InputError):
    """Input that would cost more than a limit allows (size, rows, pages, memory, time)."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 16 * MB  # any document or data file on disk
    upload_bytes: int = 5 * MB  # a file uploaded to the web app
    request_bytes: int = 1 * MB  # any other request body (JSON, forms)
    unpacked_bytes: int = 128 * MB  # all members of a DOCX/XLSX package, as their headers declare them
    zip_members: int = 2000
    rows: int = 200_000  # rows read from one CSV file or from all sheets of a workbook
    columns: int = 64  # cells read per row (the widest import sheet has 12)
    sheets: int = 20
    pdf_pages: int = 2000
    memory_bytes: int = 1536 * MB  # address space of the process that unpacks and parses one file
    seconds: int = 120  # wall time of that process

    @classmethod
    def from_env(cls) -> Limits:
        from planwatch.settings import limit_variables

        given = limit_variables()
        values = {}
        for field in dataclasses.fields(cls):
            raw = given.get(field.name)
            if raw:
                try:
                    values[field.name] = int(raw)
                except ValueError:
                    raise InputError(f"环境变量 PLANWATCH_LIMIT_{field.name.upper()} 须为整数，而不是 {raw!r}") from None
        return cls(**values)


def current() -> Limits:
    """The limits in force (read from the environment each time, so a test or a server can change them)."""
    return Limits.from_env()


def check_package(path: Path, limits: Limits, kind: str) -> None:
    """Refuse a ZIP package (DOCX, XLSX) whose members would unpack to more than the limit,
    before any member is read. Python's zipfile never inflates a member past its declared size."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"无法读取的 {kind} 文件：文件已损坏或不是 {kind} 格式，请用原软件另存后重试", path=str(path)) from exc
    if len(members) > limits.zip_members:
        raise LimitError(f"{kind} 文件含 {len(members)} 个部件，超过上限 {limits.zip_members}", path=str(path))
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.unpacked_bytes:
        raise LimitError(
            f"{kind} 文件解压后达 {unpacked / MB:.0f} MB，超过上限 {limits.unpacked_bytes / MB:.0f} MB（疑似压缩炸弹）", path=str(path)
        )
