"""Fuzz harness (atheris, coverage-guided) for the DOCX, XLSX and PDF readers: the fuzzed bytes
become the main part of a well-formed package (word/document.xml, the first worksheet) or the
body of a PDF after a valid header, so the parsers themselves are reached, not only the zip
check. Each reader runs as in its bounded child (``planwatch.bounded.run_contained``): it may
only give text or a PlanwatchError.

Run: .venv/bin/python fuzz/fuzz_packages.py -max_total_time=600 --deep   (libFuzzer options)
The test suite runs it for a bounded number of inputs (tests/test_fuzz.py).
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris
import docx
from openpyxl import Workbook

# The readers' own code is instrumented; instrumenting python-docx, openpyxl and pdfminer as well
# (atheris.instrument_all) guides deeper but takes a minute to start: use it for long runs.
with atheris.instrument_imports():
    from planwatch.bounded import run_contained
    from planwatch.errors import PlanwatchError
    from planwatch.ingest.readers import docx_to_text, pdf_to_text
    from planwatch.limits import Limits
    from planwatch.monitor.tables import _stream_xlsx

FOLDER = Path(tempfile.mkdtemp(prefix="planwatch-fuzz-"))
LIMITS = Limits(rows=2000, pdf_pages=20)


def _model(kind: str) -> dict[str, bytes]:
    buffer = io.BytesIO()
    if kind == "docx":
        document = docx.Document()
        document.add_paragraph("一、总体要求")
        document.save(buffer)
    else:
        Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist()}


MODELS = {"docx": (_model("docx"), "word/document.xml"), "xlsx": (_model("xlsx"), "xl/worksheets/sheet1.xml")}


def _package(kind: str, part: bytes) -> Path:
    parts, main = MODELS[kind]
    path = FOLDER / f"input.{kind}"
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, part if name == main else data)
    return path


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    choice = provider.ConsumeIntInRange(0, 2)
    raw = provider.ConsumeBytes(provider.remaining_bytes())
    if choice == 0:
        ok, value = run_contained(docx_to_text, _package("docx", raw), memory=0)
    elif choice == 1:
        ok, value = run_contained(_stream_xlsx, _package("xlsx", raw), LIMITS, memory=0)
    else:
        path = FOLDER / "input.pdf"
        path.write_bytes(b"%PDF-1.4\n" + raw)
        ok, value = run_contained(pdf_to_text, path, LIMITS.pdf_pages, memory=0)
    if not ok and not isinstance(value, PlanwatchError):
        raise AssertionError(f"reader {choice} failed without a clear error: {value!r}")


def main() -> None:
    if "--deep" in sys.argv:
        atheris.instrument_all()
    atheris.Setup([a for a in sys.argv if a != "--deep"], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
