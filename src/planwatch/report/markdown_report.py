"""The report as Markdown; charts are written as PNG files beside it (``<name>_charts/``)."""

from __future__ import annotations

from pathlib import Path

from planwatch.report.content import ReportContent
from planwatch.safety import markdown_text


def _cell(text: str) -> str:
    return markdown_text(text).replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    lines = ["| " + " | ".join(map(_cell, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    return [*lines, ""]


def write_markdown(content: ReportContent, path: Path) -> Path:
    folder = path.with_name(f"{path.stem}_charts")
    if content.charts:
        folder.mkdir(exist_ok=True)
    images = {}
    for name, png in content.charts.items():
        (folder / f"{name}.png").write_bytes(png)
        images[name] = f"{folder.name}/{name}.png"

    lines = [f"# {markdown_text(content.title)}", "", f"评估年度：{content.year}年　生成日期：{content.generated:%Y年%m月%d日}", ""]
    for block in content.blocks():
        if block.kind == "heading":
            lines += [f"{'#' * (block.level + 1)} {markdown_text(block.text)}", ""]
        elif block.kind == "paragraph":
            lines += [markdown_text(block.text), ""]
        elif block.kind == "note":
            lines += [f"> {markdown_text(block.text)}", ""]
        elif block.kind == "list":
            lines += [*(f"{n}. {markdown_text(item)}" for n, item in enumerate(block.items, start=1)), ""]
        elif block.kind == "table":
            lines += _table(block.header, block.rows)
        elif block.kind == "image" and block.name in images:
            lines += [f"![{markdown_text(block.name)}]({images[block.name]})", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
