"""Hostile files built at test time: workbooks of millions of rows, zip and PDF stream bombs,
huge page counts, entity expansion. Small on disk, huge when unpacked."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = b"</sheetData></worksheet>"


def _workbook_with_sheet(path: Path, sheet_xml: Iterator[bytes]) -> Path:
    """A real workbook (parts written by openpyxl) whose first sheet is replaced by ``sheet_xml``."""
    model = io.BytesIO()
    workbook = Workbook()
    assert workbook.active is not None
    workbook.active.title = "指标监测"
    workbook.save(model)
    with zipfile.ZipFile(model) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in source.infolist():
            if item.filename == SHEET:
                with out.open(SHEET, "w", force_zip64=True) as member:
                    for chunk in sheet_xml:
                        member.write(chunk)
            else:
                out.writestr(item, source.read(item.filename))
    return path


def _cells(row: int, values: tuple[str, ...]) -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}{row}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{row}">{cells}</row>'.encode()


def many_rows_xlsx(path: Path, rows: int) -> Path:
    """An observation workbook: a header, then ``rows`` one-cell rows (packed ~4 bytes a row)."""

    def body() -> Iterator[bytes]:
        yield _SHEET_HEAD + _cells(1, ("地区", "指标", "年份", "实际值", "单位"))
        for start in range(2, rows + 2, 10_000):
            numbers = range(start, min(start + 10_000, rows + 2))
            yield "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>南山区</t></is></c></row>' for n in numbers).encode()
        yield _SHEET_TAIL

    return _workbook_with_sheet(path, body())


def entity_bomb_xlsx(path: Path) -> Path:
    """A workbook whose sheet declares nested entities (billion laughs)."""
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    head = f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">{entities}]>'
    body = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row></sheetData></worksheet>'
    return _workbook_with_sheet(path, iter([(head + body).encode()]))


def docx_bomb(path: Path, model: Path, unpacked: int) -> Path:
    """``model`` (a real .docx) with ``unpacked`` bytes of empty paragraphs added to its body."""
    with zipfile.ZipFile(model) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "word/document.xml":
                out.writestr(item, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with out.open(item.filename, "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                filler = b"<w:p/>" * 100_000
                for _ in range(unpacked // len(filler) + 1):
                    member.write(filler)
                member.write(tail)
    return path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream_bomb_pdf(path: Path, unpacked: int) -> Path:
    """One page whose content stream inflates to ``unpacked`` bytes (spaces after a line of text)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = packer.compress(b"BT /F1 12 Tf 72 712 Td (plan) Tj ET\n")
    for _ in range(unpacked >> 20):
        data += packer.compress(chunk)
    data += packer.flush()
    stream = f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream, _FONT]))
    return path


def many_pages_pdf(path: Path, pages: int) -> Path:
    """``pages`` pages sharing one small content stream."""
    first = 5  # objects 1–4: catalog, pages, content, font
    kids = " ".join(f"{first + i} 0 R" for i in range(pages))
    content = b"BT /F1 12 Tf 72 712 Td (plan) Tj ET"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        _FONT,
        *([page] * pages),
    ]
    path.write_bytes(_pdf(objects))
    return path
