"""Evaluation reports (mid-term and final) in Word, Excel, HTML and Markdown, with charts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planwatch.errors import InputError
from planwatch.models import HistoricalResult
from planwatch.monitor.assessment import PlanAssessment

FORMATS = ("docx", "xlsx", "html", "md")


def write_report(
    result: PlanAssessment, output: str | Path, fmt: str | None = None, *, historical: Sequence[HistoricalResult] = ()
) -> Path:
    """Write the evaluation report of ``result`` to ``output`` in ``fmt`` (default: by suffix), with the
    previous plan's results (``historical``, as stored with the plan) in its 发展基础 appendix."""
    from planwatch.report.content import build_content
    from planwatch.report.docx_report import write_docx
    from planwatch.report.html_report import write_html
    from planwatch.report.markdown_report import write_markdown
    from planwatch.report.xlsx_report import write_xlsx

    path = Path(output)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    writers = {"docx": write_docx, "xlsx": write_xlsx, "html": write_html, "md": write_markdown}
    if fmt not in writers:
        raise InputError(f"报告格式“{fmt}”无法识别：请选择 {'、'.join(FORMATS)} 之一", path=str(path))
    if not path.parent.is_dir():
        raise InputError("文件夹不存在：请先创建它或另选输出位置", path=str(path.parent))
    return writers[fmt](build_content(result, historical=historical), path)


__all__ = ["FORMATS", "write_report"]
