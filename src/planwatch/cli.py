"""The ``planwatch`` command. Thin: parses arguments, calls the core, prints the result.

Heavy modules (SQLAlchemy, readers) are imported inside commands so ``--help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from planwatch.store import Database

app = typer.Typer(
    help="planwatch：科技创新规划监测评估 — plans, targets, monitoring and evaluation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, Any] = {"db": None}
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
VersionOption = Annotated[int | None, typer.Option("--version", "-v", help="Plan version (default: latest).")]


@app.callback()
def main(
    db: Annotated[
        str | None, typer.Option("--db", help="Database URL or SQLite file (default: $PLANWATCH_DATABASE_URL, else the user data folder).")
    ] = None,
) -> None:
    _state["db"] = db


def _database() -> Database:
    from planwatch.store import open_database

    return open_database(_state["db"])


def _fail(error: Exception, code: int = 1) -> NoReturn:
    typer.echo(str(error), err=True)
    raise typer.Exit(code)


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _console() -> Any:
    from rich.console import Console

    return Console()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Plan files or folders (a folder's manifest.yaml is used).")],
    manifest: Annotated[Path | None, typer.Option(help="Manifest describing the files.")] = None,
    title: Annotated[str | None, typer.Option(help="Override the plan title.")] = None,
    region: Annotated[str | None, typer.Option(help="Override the region (e.g. 南山区).")] = None,
    level: Annotated[str | None, typer.Option(help="national, province, city or district.")] = None,
    parent: Annotated[str | None, typer.Option(help="Key of the parent plan.")] = None,
    key: Annotated[str | None, typer.Option(help="Key to store the plan under.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Read plan documents (txt, md, html, docx, pdf) and store their structure."""
    from rich.progress import Progress

    from planwatch.api import IngestOutcome, expand_paths, ingest_paths

    db = _database()
    overrides = {"title": title, "region": region, "level": level, "parent": parent, "key": key}
    total = len(expand_paths(paths))
    with Progress(transient=True, disable=as_json or not sys.stderr.isatty(), console=None) as progress:
        task = progress.add_task("ingest", total=total)

        def advance(outcome: IngestOutcome) -> None:
            progress.advance(task)
            if outcome.error is not None:
                typer.echo(str(outcome.error), err=True)

        outcomes = ingest_paths(db, paths, manifest=manifest, overrides=overrides, on_file=advance)
    stored = [o for o in outcomes if o.result is not None]
    if as_json:
        _print_json([{"path": o.path, **(asdict(o.result) if o.result else {"error": str(o.error)})} for o in outcomes])
    else:
        for outcome in stored:
            assert outcome.result is not None
            r = outcome.result
            typer.echo(f"{r.status:9} {r.key} v{r.version}  {r.title}  ← {outcome.path}")
    failed = len(outcomes) - len(stored)
    if failed:
        typer.echo(f"{failed} of {len(outcomes)} file(s) failed", err=True)
        raise typer.Exit(1)


@app.command()
def plans(as_json: JsonOption = False) -> None:
    """List stored plans."""
    from planwatch.store import list_plans

    stored = list_plans(_database())
    if as_json:
        _print_json([asdict(p) for p in stored])
        return
    from rich.table import Table

    table = Table("key", "title", "region", "level", "parent", "period", "status", "ver", "sections", "tables")
    for p in stored:
        table.add_row(
            p.key,
            p.title,
            p.region or "",
            p.level or "",
            p.parent or "",
            f"{p.period_start}–{p.period_end}",
            p.status,
            str(p.version),
            str(p.section_count),
            str(p.table_count),
        )
    _console().print(table)


@app.command()
def outline(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    depth: Annotated[int | None, typer.Option(help="Show levels up to this one.")] = None,
    version: VersionOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a plan's section tree with source line spans."""
    from planwatch.errors import PlanwatchError
    from planwatch.store import get_sections

    try:
        sections = get_sections(_database(), plan, version)
    except PlanwatchError as exc:
        _fail(exc)
    if depth is not None:
        sections = [s for s in sections if s.level <= depth]
    if as_json:
        _print_json([asdict(s) for s in sections])
        return
    depth_of: dict[int, int] = {}
    for s in sections:
        depth_of[s.ordinal] = depth_of.get(s.parent, -1) + 1 if s.parent else 0
        indent = "  " * depth_of[s.ordinal]
        typer.echo(f"{s.path:<10} {indent}{s.label}{' ' if s.label else ''}{s.title}  [{s.kind}, L{s.start_line}-{s.end_line}]")


@app.command()
def show(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    section: Annotated[str, typer.Argument(help="Section path (3.2), label (（二）, 专栏3) or title fragment.")],
    version: VersionOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print a section's text with its original line numbers."""
    from planwatch.errors import PlanwatchError
    from planwatch.store import find_section, get_sections, get_source_text

    db = _database()
    try:
        found = find_section(get_sections(db, plan, version), section)
        lines = get_source_text(db, plan, version).split("\n")
    except PlanwatchError as exc:
        _fail(exc)
    numbered = [(n, lines[n - 1]) for n in range(found.start_line, found.end_line + 1)]
    if as_json:
        _print_json({"section": asdict(found), "lines": [{"line": n, "text": t} for n, t in numbered]})
        return
    typer.echo(f"{found.path} {found.label}{found.title}  ({found.kind})")
    for n, text in numbered:
        typer.echo(f"{n:>5}  {text}")


@app.command()
def tables(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    version: VersionOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the tables rebuilt from a plan, each row with its source lines."""
    from planwatch.errors import PlanwatchError
    from planwatch.store import get_tables

    try:
        found = get_tables(_database(), plan, version)
    except PlanwatchError as exc:
        _fail(exc)
    if as_json:
        _print_json([asdict(t) for t in found])
        return
    from rich.table import Table

    console = _console()
    for t in found:
        table = Table(
            *(t.header or ("(empty)",)),
            "lines",
            title=f"表{t.ordinal} {t.title} (L{t.start_line}-{t.end_line})",
            caption="\n".join(t.notes) or None,
        )
        for row in t.rows:
            table.add_row(*row.cells, ",".join(map(str, row.lines)))
        console.print(table)


def _format_value(value: float | None, high: float | None, unit: str, placeholder: bool, qualitative: bool) -> str:
    if placeholder:
        return f"XX {unit}（占位）"
    if qualitative or value is None:
        return "（定性）"
    text = f"{value:g}" + (f"–{high:g}" if high is not None else "")
    return f"{text} {unit}"


@app.command()
def targets(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    version: VersionOption = None,
    as_json: JsonOption = False,
) -> None:
    """List a plan's indicator targets with evidence line numbers and warnings."""
    from planwatch.errors import PlanwatchError
    from planwatch.store import get_plan, get_targets

    db = _database()
    try:
        found = get_targets(db, plan, version)
        info = get_plan(db, plan)
    except PlanwatchError as exc:
        _fail(exc)
    if as_json:
        _print_json({"plan": info.key, "targets": [asdict(t) for t in found], "warnings": list(info.warnings)})
        return
    from rich.table import Table

    table = Table("#", "指标", "目标值", "限定", "年份", "类型", "基期值", "属性", "目录键", "依据行", title=f"{info.title} — 指标目标")
    for n, t in enumerate(found, start=1):
        baseline = f"{t.baseline_value:g}（{t.baseline_year}）" if t.baseline_value is not None else ""
        table.add_row(
            str(n),
            t.indicator,
            _format_value(t.value, t.value_high, t.unit, t.placeholder, t.qualitative),
            t.qualifier or "",
            str(t.target_year or ""),
            t.kind,
            baseline,
            t.attribute or "",
            t.indicator_key or "（未映射）",
            ",".join(map(str, t.lines)),
        )
    console = _console()
    console.print(table)
    for warning in info.warnings:
        console.print(f"[yellow]! {warning}[/yellow]")


@app.command(name="eval")
def evaluate_command(
    gold: Annotated[Path, typer.Option("--gold", help="Gold answers (shared/gold/targets.json).")],
    plans_dir: Annotated[Path | None, typer.Option(help="Folder with the plans and manifest.yaml (default: the demo).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Score target extraction against gold answers: precision, recall, F1, every miss and extra."""
    from planwatch.api import evaluate_folder
    from planwatch.errors import PlanwatchError

    try:
        scores, total = evaluate_folder(gold, plans_dir)
    except PlanwatchError as exc:
        _fail(exc)
    rows = [*scores, total]
    if as_json:
        _print_json(
            [
                {
                    "plan": s.plan,
                    "gold": s.gold,
                    "predicted": s.predicted,
                    "matched": s.matched,
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "misses": s.misses,
                    "extras": [asdict(t) for t in s.extras],
                }
                for s in rows
            ]
        )
        return
    for s in rows:
        typer.echo(
            f"{s.plan:<28} gold {s.gold:>3}  predicted {s.predicted:>3}  matched {s.matched:>3}  "
            f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
        )
    for miss in total.misses:
        typer.echo(f"MISS  {miss['plan']}: {miss['indicator']} {miss['value']} {miss['unit']} (lines {miss.get('lines')})")
    for extra in total.extras:
        typer.echo(f"EXTRA {extra.indicator} {extra.value} {extra.unit} (lines {list(extra.lines)})")


@app.command()
def demo(
    plans_dir: Annotated[Path | None, typer.Option(help="Folder with plans and manifest.yaml (default: the bundled demo).")] = None,
) -> None:
    """Load the five Shenzhen demo plans and print a summary of what was found."""
    from planwatch.api import demo_plans_dir, ingest_paths
    from planwatch.store import list_plans

    db = _database()
    folder = plans_dir or demo_plans_dir()
    outcomes = ingest_paths(db, [folder])
    for outcome in outcomes:
        if outcome.error:
            typer.echo(str(outcome.error), err=True)
    from planwatch.store import get_sections, get_targets

    typer.echo(f"planwatch demo — database: {db.url}")
    for plan in list_plans(db):
        kinds = Counter(s.kind for s in get_sections(db, plan.key))
        typer.echo(
            f"  {plan.key:<10} {plan.title}（{plan.level}，{plan.period_start}–{plan.period_end}，{plan.status}）: "
            f"{kinds['chapter']} 章, {kinds['section'] + kinds['subsection']} 节, {kinds['item']} 条任务, "
            f"{kinds['box']} 个专栏, {plan.table_count} 张表, {len(get_targets(db, plan.key))} 项指标目标"
        )
        for warning in plan.warnings:
            typer.echo(f"    ! {warning}")
    if any(o.error for o in outcomes):
        raise typer.Exit(1)


def run() -> None:
    app()


if __name__ == "__main__":
    run()
