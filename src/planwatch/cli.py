"""The ``planwatch`` command. Thin: parses arguments, calls the core, prints the result.

Heavy modules (SQLAlchemy, readers) are imported inside commands so ``--help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from planwatch.compare.coverage import Coverage
    from planwatch.core import Planwatch
    from planwatch.models import PlanInfo


class _Commands(TyperGroup):
    """Every command runs inside this handler: an expected failure is one ``file:line: reason``
    line on stderr and exit code 1, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        from planwatch.errors import PlanwatchError, describe_failure

        try:
            return super().invoke(ctx)
        except PlanwatchError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        except Exception as exc:
            message = describe_failure(exc, _state["pw"].db.url if _state["pw"] is not None and _state["pw"].opened else None)
            if message is None:
                raise
            typer.echo(message, err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Commands,
    help="planwatch：科技创新规划监测评估 — plans, targets, monitoring and evaluation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, Any] = {"pw": None}
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
VersionOption = Annotated[int | None, typer.Option("--version", "-v", help="Plan version (default: latest).")]
YearOption = Annotated[
    int | None, typer.Option(help="Evaluation year (default: the last year with statistics, within the plan period).", min=2000, max=2100)
]


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help="Database URL or SQLite file (default: $PLANWATCH_DATABASE_URL, else the user data folder).")
    ] = None,
) -> None:
    from planwatch.core import Planwatch
    from planwatch.settings import load_settings

    pw = _state["pw"] = Planwatch(load_settings(database_url=db))
    # Closed with the command: its connections (on PostgreSQL also the one listening for commits)
    # are given back at once, not when the process ends — a test or a host running many commands.
    ctx.call_on_close(pw.close)


def _pw() -> Planwatch:
    found: Planwatch = _state["pw"]
    return found


def _print_json(value: Any, kind: Any = None) -> None:
    """``value`` by its result model (the API's), or as ``kind``."""
    from planwatch.results import dump

    typer.echo(json.dumps(dump(value, kind), ensure_ascii=False, indent=2))


def _console() -> Any:
    from rich.console import Console

    # Piped output (files, CI logs) gets wide tables instead of truncated Chinese columns.
    return Console() if sys.stdout.isatty() else Console(width=220)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Plan files or folders (a folder's manifest.yaml is used).")],
    manifest: Annotated[Path | None, typer.Option(help="Manifest describing the files.")] = None,
    title: Annotated[str | None, typer.Option(help="Override the plan title.")] = None,
    region: Annotated[str | None, typer.Option(help="Override the region (e.g. 南山区).")] = None,
    level: Annotated[str | None, typer.Option(help="national, province, city or district.")] = None,
    parent: Annotated[str | None, typer.Option(help="Key of the parent plan.")] = None,
    key: Annotated[str | None, typer.Option(help="Key to store the plan under.")] = None,
    workers: Annotated[int, typer.Option(help="Processes that read and parse files (default: all cores).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Read plan documents (txt, md, html, docx, pdf) and store their structure."""
    from rich.progress import Progress

    from planwatch.api import IngestOutcome, expand_paths

    overrides = {"title": title, "region": region, "level": level, "parent": parent, "key": key}
    skipped: list[str] = []
    total = len(expand_paths(paths, skipped))
    for note in skipped:
        typer.echo(note, err=True)
    with Progress(transient=True, disable=as_json or not sys.stderr.isatty(), console=None) as progress:
        task = progress.add_task("ingest", total=total)

        def advance(outcome: IngestOutcome) -> None:
            progress.advance(task)
            if outcome.error is not None:
                typer.echo(str(outcome.error), err=True)

        import os

        outcomes = _pw().ingest(paths, manifest=manifest, overrides=overrides, on_file=advance, workers=workers or os.cpu_count() or 1)
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
    from planwatch.models import PlanInfo

    stored = _pw().plans()
    if as_json:
        _print_json(stored, list[PlanInfo])
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
    from planwatch.models import Section

    pw = _pw()
    entries = pw.outline(pw.plan(plan), version, depth)
    if as_json:
        _print_json([s for s, _ in entries], list[Section])
        return
    for s, level in entries:
        indent = "  " * level
        typer.echo(f"{s.path:<10} {indent}{s.label}{' ' if s.label else ''}{s.title}  [{s.kind}, L{s.start_line}-{s.end_line}]")


@app.command()
def show(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    section: Annotated[str, typer.Argument(help="Section path (3.2), label (（二）, 专栏3) or title fragment.")],
    version: VersionOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print a section's text with its original line numbers."""
    from planwatch.results import SectionOut

    pw = _pw()
    shown = pw.section(pw.plan(plan), section, version)
    if as_json:
        _print_json(SectionOut.of(shown))
        return
    found = shown.section
    typer.echo(f"{found.path} {found.label}{found.title}  ({found.kind})")
    for n, text in shown.lines:
        typer.echo(f"{n:>5}  {text}")


@app.command()
def tables(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    version: VersionOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the tables rebuilt from a plan, each row with its source lines."""
    from planwatch.models import Table as PlanTable

    pw = _pw()
    found = pw.tables(pw.plan(plan), version)
    if as_json:
        _print_json(found, list[PlanTable])
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


@app.command()
def targets(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    version: VersionOption = None,
    review: Annotated[bool, typer.Option("--review", help="Walk the targets marked 待确认: confirm, reject or correct each.")] = False,
    user: Annotated[
        str | None, typer.Option("--user", help="Who decides (with --review; default: $PLANWATCH_USER or the login name).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List a plan's indicator targets with evidence line numbers, review state and warnings."""
    from planwatch.monitor.progress import target_text
    from planwatch.results import TargetsOut

    pw = _pw()
    info = pw.plan(plan)
    if review:
        _review_walk(pw, info, user)
        return
    result = pw.targets(info, version)
    if as_json:
        _print_json(TargetsOut.of(result))
        return
    found = result.targets
    from rich.table import Table

    from planwatch.models import KIND_LABELS, REVIEW_LABELS, SCOPE_LABELS, TargetKind, TargetScope

    table = Table(
        "#", "指标", "目标值", "限定", "年份", "类型", "基期值", "属性", "目录键", "依据行", "审核", title=f"{info.title} — 指标目标"
    )
    for n, t in enumerate(found, start=1):
        baseline = f"{t.baseline_value:g}（{t.baseline_year}）" if t.baseline_value is not None else ""
        table.add_row(
            str(n),
            t.indicator + (f"（{SCOPE_LABELS[TargetScope(t.scope)]}，不评）" if t.scope != TargetScope.PLAN else ""),
            target_text(t),
            t.qualifier or "",
            str(t.target_year or ""),
            KIND_LABELS[TargetKind(t.kind)],
            baseline,
            t.attribute or "",
            t.indicator_key or "（未映射）",
            ",".join(map(str, t.lines)),
            REVIEW_LABELS[t.review],
        )
    console = _console()
    console.print(table)
    for warning in info.warnings:
        console.print(f"[yellow]! {warning}[/yellow]")


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A document (txt, md, html, docx, pdf).")],
    year: Annotated[int | None, typer.Option(help="The document's own year when its text does not say (a report's year).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Print the targets a document sets, with evidence and confidence; nothing is stored."""
    from planwatch.api import extract_document
    from planwatch.models import KIND_LABELS, TargetKind
    from planwatch.monitor.progress import target_text

    found = extract_document(path, reference_year=year)
    if as_json:
        _print_json(
            {
                "file": found.path,
                "meta": asdict(found.meta),
                "targets": [asdict(t) for t in found.targets],
                "historical": [asdict(h) for h in found.historical],
                "warnings": found.warnings,
            }
        )
        return
    from rich.table import Table

    meta = found.meta
    period = f"{meta.period_start}—{meta.period_end}" if meta.period_start else "未知"
    table = Table("#", "指标", "目标值", "限定", "年份", "类型", "置信度", "依据行", title=f"{meta.title}（期限：{period}）— 指标目标")
    for n, t in enumerate(found.targets, start=1):
        table.add_row(
            str(n),
            t.indicator,
            target_text(t),
            t.qualifier or "",
            str(t.target_year or ""),
            KIND_LABELS[TargetKind(t.kind)],
            f"{t.confidence:.2f}",
            ",".join(map(str, t.lines)),
        )
    console = _console()
    console.print(table)
    for warning in found.warnings:
        console.print(f"[yellow]! {warning}[/yellow]")


def _describe_target(number: int, target: Any) -> str:
    from planwatch.models import KIND_LABELS
    from planwatch.monitor.progress import target_text

    kind = KIND_LABELS.get(target.kind, target.kind)
    return (
        f"#{number} {target.indicator}：{target_text(target)}，{target.target_year or '未注明'}年，{kind}，"
        f"目录键 {target.indicator_key or '（未映射）'}，置信度 {target.confidence:.2f}"
    )


def _review_walk(pw: Planwatch, plan: PlanInfo, user: str | None) -> None:
    """Ask about each 待确认 target in turn; every answer is stored (and audited) at once."""
    from planwatch.errors import PlanwatchError
    from planwatch.models import CORRECTABLE, REVIEW_LABELS, ReviewDecision
    from planwatch.review import CLEAR, FIELD_LABELS, corrections_from_text, pending_numbers

    found = pw.targets(plan).targets
    numbers = pending_numbers(found)
    typer.echo(f"{plan.key}：共 {len(found)} 项指标目标，待确认 {len(numbers)} 项")
    decisions = {"y": ReviewDecision.CONFIRMED, "r": ReviewDecision.REJECTED, "c": ReviewDecision.CORRECTED}
    for number in numbers:
        target = found[number - 1]
        typer.echo("\n" + _describe_target(number, target))
        for evidence in target.evidence:
            typer.echo(f"  第{evidence.line}行：{evidence.text}")
        while True:
            answer = typer.prompt("确认(y) / 驳回(r) / 更正(c) / 跳过(s) / 退出(q)", default="s").strip().lower()
            if answer in ("s", "q") or answer in decisions:
                break
            typer.echo("请输入 y、r、c、s 或 q")
        if answer == "q":
            break
        if answer == "s":
            continue
        corrections = None
        if decisions[answer] is ReviewDecision.CORRECTED:
            typer.echo(f"逐项输入新值，直接回车保留原值，“{CLEAR}”清除区间上限、限定词或目录键")
            texts = {}
            for name in CORRECTABLE:
                current = getattr(target, name)
                texts[name] = typer.prompt(f"{FIELD_LABELS[name]} [{'' if current is None else current}]", default="", show_default=False)
        note = typer.prompt("说明（可空）", default="", show_default=False)
        try:
            if decisions[answer] is ReviewDecision.CORRECTED:
                corrections = corrections_from_text(texts)
            now = pw.review_target(plan, number, decisions[answer], corrections=corrections, note=note, decided_by=user)
        except PlanwatchError as exc:
            typer.echo(f"未保存：{exc}", err=True)
            continue
        typer.echo(f"已记录：#{number} {REVIEW_LABELS[now.review]}")


target_app = typer.Typer(
    help="An editor's decisions on extracted targets (audited; they survive re-ingesting the plan).", no_args_is_help=True
)
app.add_typer(target_app, name="target")
TargetPlan = Annotated[str, typer.Argument(help="Plan key, id, region or title.")]
TargetNumber = Annotated[int, typer.Argument(help="The target's number, as `planwatch targets PLAN` lists it.")]
NoteOption = Annotated[str, typer.Option("--note", help="Why (kept with the decision).")]
DeciderOption = Annotated[str | None, typer.Option("--user", help="Who decides (default: $PLANWATCH_USER or the login name).")]


def _decide(plan: str, number: int, decision: str, corrections: dict[str, str | None] | None, note: str, user: str | None) -> None:
    from planwatch.models import REVIEW_LABELS, ReviewDecision
    from planwatch.review import corrections_from_text

    pw = _pw()
    typed = corrections_from_text(corrections) if corrections is not None else None
    now = pw.review_target(pw.plan(plan), number, ReviewDecision(decision), corrections=typed, note=note, decided_by=user)
    typer.echo(f"{REVIEW_LABELS[now.review]}：{_describe_target(number, now)}")


@target_app.command("confirm")
def target_confirm(plan: TargetPlan, number: TargetNumber, note: NoteOption = "", user: DeciderOption = None) -> None:
    """Confirm a target as extracted."""
    _decide(plan, number, "confirmed", None, note, user)


@target_app.command("reject")
def target_reject(plan: TargetPlan, number: TargetNumber, note: NoteOption = "", user: DeciderOption = None) -> None:
    """Reject a target: it is not a target of the plan and is never rated."""
    _decide(plan, number, "rejected", None, note, user)


@target_app.command("correct")
def target_correct(
    plan: TargetPlan,
    number: TargetNumber,
    value: Annotated[str | None, typer.Option(help="Target value.")] = None,
    value_high: Annotated[str | None, typer.Option("--value-high", help="Upper end of a range ('-' clears).")] = None,
    unit: Annotated[str | None, typer.Option(help="Unit (%, 家, 亿元 …).")] = None,
    year: Annotated[str | None, typer.Option("--year", help="Target year.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="level, increment, cumulative, annual_growth, decrease, ratio_change or multiple.")
    ] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help="Catalog key ('-' unmaps).")] = None,
    qualifier: Annotated[str | None, typer.Option(help="以上, 左右, 超过 … ('-' clears).")] = None,
    note: NoteOption = "",
    user: DeciderOption = None,
) -> None:
    """Correct a target's value, unit, year, kind or indicator mapping; the extracted values stay visible."""
    texts = {"value": value, "value_high": value_high, "unit": unit, "target_year": year, "kind": kind}
    texts |= {"indicator_key": indicator, "qualifier": qualifier}
    _decide(plan, number, "corrected", texts, note, user)


@target_app.command("history")
def target_history(plan: TargetPlan, as_json: JsonOption = False) -> None:
    """Every decision on the plan's targets, oldest first (the latest per target is in force)."""
    from planwatch.results import ReviewsOut

    pw = _pw()
    info = pw.plan(plan)
    reviews = pw.target_reviews(info)
    if as_json:
        _print_json(ReviewsOut(plan=info.key, reviews=reviews))
        return
    for r in reviews:
        changes = "，".join(f"{k}={v}" for k, v in r.corrections.items())
        typer.echo(f"{r.decided_at:%Y-%m-%d %H:%M} {r.decided_by} {r.decision.value} {r.fingerprint[:12]} {changes} {r.note}".rstrip())


@app.command(name="eval")
def evaluate_command(
    gold: Annotated[
        Path | None,
        typer.Option("--gold", help="Gold answers: shared/gold/targets.json, or with --passages the passage gold (JSON lines)."),
    ] = None,
    passages: Annotated[
        Path | None, typer.Option(help="A passage set (JSON lines, shared/gold/DEV-README.md): score it instead of the plans.")
    ] = None,
    part: Annotated[str, typer.Option(help="With --passages: study, scoring, all, or both (study and scoring apart).")] = "both",
    weights: Annotated[
        str, typer.Option(help="With --passages: the target reader's weights, hand (default) or trained (scripts/train_targets.py).")
    ] = "hand",
    plans_dir: Annotated[Path | None, typer.Option(help="Folder with the plans and manifest.yaml (default: the demo).")] = None,
    questions: Annotated[
        bool, typer.Option("--questions", help="Score answers on data/eval/questions.yaml (study and scoring parts).")
    ] = False,
    entities: Annotated[
        bool, typer.Option("--entities", help="Score entities on data/eval/entities.yaml (study and scoring parts).")
    ] = False,
    statements: Annotated[
        bool,
        typer.Option(
            "--statements", help="Score the statement reader on data/eval/observations (or --passages/--gold), by --part."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Score target extraction against gold answers (precision, recall, F1, every miss and extra),
    statements of bulletins and reports, and answers and entities on the hand-annotated sets."""
    from planwatch.errors import PlanwatchError

    if statements:
        _evaluate_statements(passages, gold, part, as_json)
        return

    if passages is not None:
        from planwatch.extract.language import Weighting
        from planwatch.extract.passages import Part, evaluate_passages

        parts = [Part.STUDY, Part.SCORING] if part == "both" else [Part(part)] if part in {p.value for p in Part} else None
        if parts is None:
            raise PlanwatchError(f"--part must be study, scoring, all or both, not {part!r}")
        if gold is None:
            raise PlanwatchError("--passages needs --gold (the passage gold)")
        if weights not in {w.value for w in Weighting}:
            raise PlanwatchError(f"--weights must be hand or trained, not {weights!r}")
        model = Weighting(weights).model()
        reports = [evaluate_passages(passages, gold, p, model).as_dict() for p in parts]
        if as_json:
            _print_json(reports)
            return
        for report in reports:
            _print_passage_report(report)
        return
    if gold is None and not questions and not entities:
        raise PlanwatchError("nothing to evaluate: give --gold FILE, --passages FILE --gold FILE, --questions or --entities")
    if gold is not None:
        _evaluate_targets(gold, plans_dir, as_json)
    if questions:
        _evaluate_questions(as_json)
    if entities:
        _evaluate_entities(as_json)


def _evaluate_targets(gold: Path, plans_dir: Path | None, as_json: bool) -> None:
    from planwatch.api import evaluate_folder

    scores, total = evaluate_folder(gold, plans_dir)
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


def _print_passage_report(report: dict[str, Any]) -> None:
    typer.echo(f"== {report['part']} part: {report['passages']} passages")
    for group, t in report["groups"].items():
        typer.echo(
            f"{group:<12} gold {t['gold']:>3}  predicted {t['predicted']:>3}  matched {t['matched']:>3}  "
            f"P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}"
        )
    typer.echo(f"negatives with a prediction: {report['negatives_with_predictions']} of {report['negatives']}")
    typer.echo(f"qualitative targets found: {report['qualitative']['found']} of {report['qualitative']['gold']}")
    secondary = report["groups"]["all"]["secondary"]
    baseline = secondary["baseline"]
    typer.echo(
        f"over matched pairs: name {secondary['name']['agreed']} of {secondary['name']['compared']} "
        f"({secondary['name']['exact']} exactly), "
        f"kind {secondary['kind']['agreed']} of {secondary['kind']['compared']}, "
        f"qualifier {secondary['qualifier']['agreed']} of {secondary['qualifier']['compared']}, "
        f"baseline {baseline['found']} of {baseline['gold']} (and {baseline['unstated_in_gold']} the gold sentence does not state)"
    )
    for miss in report["misses"]:
        typer.echo(f"MISS  {miss['id']}: {miss['indicator']} {miss['value']} {miss['unit']} {miss.get('year')}  「{miss['evidence']}」")
    for extra in report["extras"]:
        typer.echo(f"EXTRA {extra['id']}: {extra['indicator']} {extra['value']} {extra['unit']} {extra['year']}  「{extra['evidence']}」")


def _evaluate_statements(passages: Path | None, gold: Path | None, part: str, as_json: bool) -> None:
    from planwatch.api import data_dir
    from planwatch.errors import PlanwatchError
    from planwatch.extract.passages import Part
    from planwatch.extract.statement_eval import evaluate_statements

    folder = data_dir() / "eval" / "observations"
    parts = [Part.STUDY, Part.SCORING] if part == "both" else [Part(part)] if part in {p.value for p in Part} else None
    if parts is None:
        raise PlanwatchError(f"--part must be study, scoring, all or both, not {part!r}")
    reports = {p.value: evaluate_statements(passages or folder / "passages.jsonl", gold or folder / "gold.jsonl", p).as_dict() for p in parts}
    if as_json:
        _print_json(reports)
        return
    for name, r in reports.items():
        typer.echo(
            f"statements {name:<8} gold {r['gold']:>3}  predicted {r['predicted']:>3}  matched {r['matched']:>3}  "
            f"P {r['precision']:.3f}  R {r['recall']:.3f}  region {r['region_right']}/{r['matched']}  "
            f"catalog {r['catalog_right']}/{r['catalog_found']} ({r['mapping_accuracy']:.3f})"
        )
        for miss in r["misses"]:
            typer.echo(f"MISS  {miss['id']}: {miss['indicator']} {miss['value']:g} {miss['unit']} {miss['year']} {miss['kind']}")
        for extra in r["extras"]:
            typer.echo(f"EXTRA {extra['id']}: {extra['indicator']} {extra['value']} {extra['unit']} {extra['year']} {extra['kind']}  「{extra['quote']}」")


def _evaluate_questions(as_json: bool) -> None:
    from planwatch.search.evaluate import evaluate_demo_questions

    results, scores = evaluate_demo_questions()
    if as_json:
        _print_json({"parts": [asdict(s) | {"accuracy": s.accuracy} for s in scores], "questions": [asdict(r) for r in results]})
        return
    for s in scores:
        typer.echo(f"questions {s.part:<8} {s.correct:>3}/{s.total:<3} correct with citations  {s.accuracy:.1%}")
    for r in results:
        if not r.correct:
            typer.echo(f"WRONG {r.id} [{r.part}] {r.question} — {'；'.join(r.problems)}")


def _evaluate_entities(as_json: bool) -> None:
    from planwatch.extract.entities import evaluate_demo_entities

    results, scores = evaluate_demo_entities()
    if as_json:
        _print_json(
            {
                "parts": [asdict(s) | {"precision": s.precision, "recall": s.recall, "type_accuracy": s.type_accuracy} for s in scores],
                "lines": [asdict(r) for r in results],
            }
        )
        return
    for s in scores:
        typer.echo(
            f"entities  {s.part:<8} {s.lines} lines  gold {s.gold:>3}  predicted {s.predicted:>3}  matched {s.true_positives:>3}  "
            f"P {s.precision:.3f}  R {s.recall:.3f}  types right {s.type_accuracy:.3f}"
        )


@app.command()
def demo(
    plans_dir: Annotated[Path | None, typer.Option(help="Folder with plans and manifest.yaml (default: the bundled demo).")] = None,
    year: YearOption = None,
) -> None:
    """Load the five Shenzhen demo plans and the sample observations; print a summary."""
    from planwatch.api import load_demo

    pw = _pw()
    db = pw.db
    outcomes, reports = load_demo(db, plans_dir)
    for outcome in outcomes:
        if outcome.error:
            typer.echo(str(outcome.error), err=True)
    typer.echo(f"planwatch demo — database: {db.url}")
    plans = pw.plans()
    year = year or pw.year_for(plans)
    for plan in plans:
        kinds = Counter(s.kind for s in pw.sections(plan))
        typer.echo(
            f"  {plan.key:<10} {plan.title}（{plan.level}，{plan.period_start}–{plan.period_end}，{plan.status}）: "
            f"{kinds['chapter']} 章, {kinds['section'] + kinds['subsection']} 节, {kinds['item']} 条任务, "
            f"{kinds['box']} 个专栏, {plan.table_count} 张表, {len(pw.targets(plan).targets)} 项指标目标"
        )
        for warning in plan.warnings:
            typer.echo(f"    ! {warning}")
        counts = pw.assess(plan, year).published_counts
        typer.echo(f"    {year}年评估（公开数据）：" + ("，".join(f"{status} {n}" for status, n in counts.items()) or "无"))
    for report in reports:
        _print_import_report(report)
    from planwatch.accounts import DEMO_PASSWORD, ensure_demo_users

    created = ensure_demo_users(db)
    typer.echo("示例数据（illustrative）rows are marked as such in every table and report.")
    if created:
        typer.echo(
            f"Demo accounts (this database only): {', '.join(f'{name} ({role})' for name, role in created)}, password {DEMO_PASSWORD}"
        )
    typer.echo("Dashboard: planwatch serve --port 8000, then open http://127.0.0.1:8000 and sign in (e.g. editor / " + DEMO_PASSWORD + ")")
    typer.echo(
        f"Next: planwatch status longgang --year {year}  ·  planwatch report shenzhen --year {year} --format html --output report.html"
    )
    if any(o.error for o in outcomes):
        raise typer.Exit(1)


observe_app = typer.Typer(help="Actual values of indicators by year, with their sources.", no_args_is_help=True)
task_app = typer.Typer(help="Progress of key tasks and 专栏 projects.", no_args_is_help=True)
app.add_typer(observe_app, name="observe")
app.add_typer(task_app, name="task")
UserOption = Annotated[str | None, typer.Option("--user", help="Who enters the data (default: $PLANWATCH_USER or the login name).")]


def _print_import_report(report: Any) -> None:
    typer.echo(
        f"{report.path}: {len(report.added)} observation(s) and {len(report.tasks_added)} task entr(ies) added, "
        f"{len(report.skipped)} skipped, {report.corroborated} confirm another source"
    )
    if report.narratives_added:
        typer.echo(f"  {len(report.narratives_added)} narrative(s) (原因分析/已采取措施/下一步) added")
    for line, why in report.skipped:
        typer.echo(f"  skipped {f'line {line}: ' if line else ''}{why}")
    for line, name, hint in report.unmapped:
        typer.echo(f"  unmapped line {line}: {name} ({hint})")
    for conflict in report.conflicts:
        _print_conflict(conflict)
    for region in report.regions_without_plan:
        typer.echo(f"  note: no plan covers {region}; its values are kept but rate no target")


def _print_conflict(conflict: Any) -> None:
    chosen = conflict.chosen
    typer.echo(
        f"  CONFLICT {chosen.region} {chosen.indicator_key or chosen.indicator_name} {conflict.year}: used {chosen.value:g} {chosen.unit}"
    )
    for statement in conflict.statements:
        typer.echo(
            f"    #{getattr(statement, 'id', '-')} {statement.value_raw}{statement.unit_raw} = {statement.value:g} {statement.unit}  {statement.source_url}"
        )


@observe_app.command("import")
def observe_import(
    path: Annotated[Path, typer.Argument(help="CSV or XLSX (e.g. a filled-in template).")],
    keep_unmapped: Annotated[bool, typer.Option(help="Keep rows whose indicator the catalog lacks or whose region has no plan (reported, unrated) instead of failing.")] = False,
    plan: Annotated[str | None, typer.Option(help="Check years against this plan only.")] = None,
    illustrative: Annotated[bool, typer.Option(help="Mark every row as 示例数据 (illustrative).")] = False,
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import observations (and task entries); all rows are checked first, any error imports nothing."""
    from planwatch.results import ImportOut

    report = _pw().import_file(path, entered_by=user, keep_unmapped=keep_unmapped, plan=plan, illustrative=illustrative)
    if as_json:
        _print_json(ImportOut.of(report, path=str(path)))
        return
    _print_import_report(report)


ProposalIds = Annotated[list[int], typer.Argument(help="Proposal numbers, as `observe extract` and `observe proposals` list them.")]


@observe_app.command("extract")
def observe_extract(
    path: Annotated[Path, typer.Argument(help="A bulletin or report: txt, md, html, docx or pdf.")],
    region: Annotated[str | None, typer.Option(help="The document's region, e.g. 深圳市 (default: from its title).")] = None,
    year: Annotated[int | None, typer.Option(help="The year it reports on (default: a bulletin's title year, a work report's year before).")] = None,
    url: Annotated[str, typer.Option(help="Link to the source, kept with each observation.")] = "",
    review: Annotated[bool, typer.Option("--review", help="Walk the file's pending proposals: accept, edit or reject each.")] = False,
    keep_unmapped: Annotated[bool, typer.Option(help="With --review: accept names the catalog lacks (kept unmapped).")] = False,
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Propose observations from a bulletin or report: every statement of an actual value, stored as a
    proposal (never data until accepted with --review or `observe accept`); rejected ones are not proposed again."""
    from planwatch.results import ProposalsOut
    from planwatch.store.proposals import ProposalStatus

    pw = _pw()
    report = pw.propose_observations(path, region=region, year=year, source_url=url, proposed_by=user)
    waiting = pw.proposals(file_hash=report.file_hash, status=ProposalStatus.PENDING)
    if as_json and not review:
        _print_json(ProposalsOut.of(report, waiting))
        return
    b = report.batch
    typer.echo(
        f"{path}：{report.region} {report.year or '年份未知'}年，读出 {len(report.statements)} 条数据陈述；新增候选 {len(b.new)} 条，"
        f"此前待审核 {b.pending}、已采纳 {b.accepted_before}、已拒绝 {b.rejected_before} 条（不再提出）"
    )
    for proposal in waiting:
        typer.echo(_describe_proposal(proposal))
    if review:
        _proposal_walk(pw, waiting, user, keep_unmapped)
    elif waiting:
        typer.echo("候选观测值尚未入库：用 --review 逐条审核，或 planwatch observe accept / reject 编号")


def _describe_proposal(p: Any) -> str:
    mapped = p.indicator_key or ("候选：" + "、".join(f"{key}({score:.2f})" for key, _, score in p.candidates) if p.candidates else "目录中无此指标")
    converted = f" = {p.value:g} {p.unit}" if p.unit_raw != p.unit else ""
    return (
        f"  #{p.id} [{p.kind.label}] {p.region} {p.indicator_name} {p.year or '?'}年 {p.value_raw}{p.unit_raw}{converted} → {mapped}"
        f"  （第{p.line}行「{p.quote}」）"
    )


def _proposal_walk(pw: Planwatch, proposals: list[Any], user: str | None, keep_unmapped: bool) -> None:
    """Ask about each pending proposal; each decision is stored (and audited) at once."""
    from planwatch.errors import PlanwatchError
    from planwatch.monitor.proposals import EDIT_PROMPTS

    for index, proposal in enumerate(proposals):
        typer.echo("\n" + _describe_proposal(proposal))
        answer = ""
        while answer not in ("y", "e", "r", "s", "a", "q"):
            answer = typer.prompt("采纳(y) / 修改后采纳(e) / 拒绝(r) / 跳过(s) / 其余全部采纳(a) / 退出(q)", default="s").strip().lower()
        if answer == "q":
            break
        if answer == "s":
            continue
        try:
            if answer == "r":
                pw.reject_proposals([proposal.id], note=typer.prompt("原因（可空）", default="", show_default=False), decided_by=user)
                typer.echo(f"已拒绝 #{proposal.id}（同一文件不再提出）")
                continue
            if answer == "e":
                changes = {}
                for name, label in EDIT_PROMPTS.items():
                    text = typer.prompt(f"{label} [{getattr(proposal, name) or ''}]", default="", show_default=False).strip()
                    if text:
                        changes[name] = int(text) if name == "year" else text
                if changes:
                    pw.edit_proposal(proposal.id, changes, edited_by=user)
            ids = [p.id for p in proposals[index:]] if answer == "a" else [proposal.id]
            report = pw.accept_proposals(ids, keep_unmapped=keep_unmapped, entered_by=user)
        except (PlanwatchError, ValueError) as exc:
            typer.echo(f"未保存：{exc}", err=True)
            continue
        _print_import_report(report)
        if answer == "a":
            break


@observe_app.command("proposals")
def observe_proposals(
    status: Annotated[str, typer.Option(help="pending, accepted or rejected.")] = "pending",
    as_json: JsonOption = False,
) -> None:
    """Observations proposed from bulletins and reports, by status."""
    from planwatch.results import ProposalOut
    from planwatch.store.proposals import ProposalStatus

    found = _pw().proposals(status=ProposalStatus(status))
    if as_json:
        _print_json([ProposalOut.of(p) for p in found])
        return
    for proposal in found:
        typer.echo(f"{proposal.file_name}{_describe_proposal(proposal)}")


@observe_app.command("accept")
def observe_accept(
    ids: ProposalIds,
    keep_unmapped: Annotated[bool, typer.Option(help="Accept names the catalog lacks (kept unmapped) instead of failing.")] = False,
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Accept proposals as observations: checked like an import, all or nothing."""
    from planwatch.results import ImportOut

    report = _pw().accept_proposals(ids, keep_unmapped=keep_unmapped, entered_by=user)
    if as_json:
        _print_json(ImportOut.of(report))
        return
    _print_import_report(report)


@observe_app.command("reject")
def observe_reject(
    ids: ProposalIds,
    note: Annotated[str, typer.Option("--note", help="Why (kept with the decision).")] = "",
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Reject proposals; the same file will not propose them again."""
    rejected = _pw().reject_proposals(ids, note=note, decided_by=user)
    if as_json:
        from planwatch.results import ProposalOut

        _print_json([ProposalOut.of(p) for p in rejected])
        return
    typer.echo(f"已拒绝 {len(rejected)} 条候选观测值")


@observe_app.command("add")
def observe_add(
    region: Annotated[str, typer.Option(help="e.g. 南山区")],
    indicator: Annotated[str, typer.Option(help="Catalog key or indicator name.")],
    year: Annotated[int, typer.Option()],
    value: Annotated[str, typer.Option(help="The number as the source prints it.")],
    unit: Annotated[str, typer.Option(help="Unit as printed (万家, 亿元, % …); default: the catalog unit.")] = "",
    source: Annotated[str, typer.Option(help="Publication (统计公报, 政府工作报告 …).")] = "",
    url: Annotated[str, typer.Option(help="Link to the source.")] = "",
    quote: Annotated[str, typer.Option(help="The exact phrase of the source.")] = "",
    note: Annotated[str, typer.Option()] = "",
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record one actual value."""
    from planwatch.results import AddedObservation, ConflictOut

    pw = _pw()
    row = pw.observation_row(
        indicator, region=region, year=year, value=value, unit=unit, source=source, source_url=url, quote=quote, note=note
    )
    observation, conflicts = pw.add_observation(row, entered_by=user)
    if as_json:
        _print_json(AddedObservation(observation=observation, conflicts=[ConflictOut.of(c) for c in conflicts]))
        return
    typer.echo(
        f"#{observation.id} {observation.region} {observation.indicator_key} {observation.year}: {observation.value:g} {observation.unit}"
    )
    for conflict in conflicts:
        _print_conflict(conflict)


@observe_app.command("list")
def observe_list(
    region: Annotated[str | None, typer.Option()] = None,
    indicator: Annotated[str | None, typer.Option(help="Catalog key.")] = None,
    unmapped: Annotated[bool, typer.Option(help="Only rows whose indicator the catalog lacks.")] = False,
    history: Annotated[bool, typer.Option(help="Include superseded versions.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List observations with their sources (示例数据 marked)."""
    from planwatch.models import Observation

    found = _pw().observations(
        regions=[region] if region else None,
        indicator_keys=[indicator] if indicator else None,
        unmapped=unmapped,
        include_history=history,
    )
    if as_json:
        _print_json(found, list[Observation])
        return
    from rich.table import Table

    table = Table("id", "地区", "指标", "年份", "值", "原文", "来源", "录入", "状态")
    for o in found:
        state = "撤回" if o.withdrawn else ("" if o.current else "已更正")
        table.add_row(
            str(o.id),
            o.region,
            o.indicator_key or f"（未映射）{o.indicator_name}",
            str(o.year),
            f"{o.value:g} {o.unit}",
            f"{o.value_raw}{o.unit_raw}",
            ("【示例数据】" if o.illustrative else "") + (o.source_url or o.source),
            f"{o.entered_by} v{o.version}",
            state,
        )
    _console().print(table)


@observe_app.command("history")
def observe_history(observation_id: Annotated[int, typer.Argument()], as_json: JsonOption = False) -> None:
    """Every version of an observation: old values, who changed them and when."""
    from planwatch.models import Observation

    chain = _pw().observation_history(observation_id)
    if as_json:
        _print_json(chain, list[Observation])
        return
    for o in chain:
        flag = "（撤回）" if o.withdrawn else ""
        typer.echo(
            f"v{o.version} #{o.id} {o.year} {o.value:g} {o.unit}{flag}  by {o.entered_by} at {o.entered_at:%Y-%m-%d %H:%M}  {o.note}"
        )


@observe_app.command("correct")
def observe_correct(
    observation_id: Annotated[int, typer.Argument()],
    value: Annotated[str, typer.Option(help="The corrected number as printed.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the history).")],
    unit: Annotated[str | None, typer.Option(help="Unit of the corrected value (default: as before).")] = None,
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Correct a value; the old version and who changed it stay in the history."""
    new = _pw().correct_observation(observation_id, value=value, unit=unit, reason=reason, entered_by=user)
    if as_json:
        _print_json(new)
        return
    typer.echo(f"#{observation_id} → #{new.id} (v{new.version}): {new.value:g} {new.unit}")


@observe_app.command("withdraw")
def observe_withdraw(
    observation_id: Annotated[int, typer.Argument()],
    reason: Annotated[str, typer.Option(help="Why (kept in the history).")],
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Take a statement out of the series (e.g. to settle a conflict); its history stays."""
    new = _pw().withdraw_observation(observation_id, reason=reason, entered_by=user)
    if as_json:
        _print_json(new)
        return
    typer.echo(f"#{observation_id} withdrawn (v{new.version}, #{new.id})")


@observe_app.command("conflicts")
def observe_conflicts(region: Annotated[str | None, typer.Option()] = None) -> None:
    """Figures that sources state differently (beyond rounding), with every statement."""
    from planwatch.monitor.series import find_conflicts

    found = find_conflicts(o for o in _pw().observations(regions=[region] if region else None) if not o.withdrawn)
    for conflict in found:
        _print_conflict(conflict)
    typer.echo(f"{len(found)} conflict(s)")


@observe_app.command("template")
def observe_template(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the .xlsx.")],
) -> None:
    """Write an Excel workbook of the plan's indicators by year and its tasks, to fill in and import."""
    pw = _pw()
    written = pw.write_template(pw.plan(plan), output)
    typer.echo(f"wrote {written}")


def _parse_date(text: str | None) -> Any:
    from planwatch.monitor.tables import cell_date

    if not text:
        return None
    try:
        return cell_date(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


@task_app.command("add")
def task_add(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    section: Annotated[str, typer.Argument(help="Task path (3.1.2), label (专栏3) or title fragment.")],
    status: Annotated[str, typer.Option(help="未启动, 推进中, 已完成, 滞后 or 调整.")],
    date: Annotated[str | None, typer.Option("--date", help="Date of the entry (default: today).")] = None,
    department: Annotated[str, typer.Option(help="Responsible department (责任单位).")] = "",
    milestone: Annotated[str, typer.Option()] = "",
    due: Annotated[str | None, typer.Option(help="Planned completion date.")] = None,
    note: Annotated[str, typer.Option()] = "",
    evidence: Annotated[str, typer.Option(help="Link to evidence.")] = "",
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a dated progress entry for a task or 专栏 project."""
    from planwatch.results import Created

    entry_id = _pw().add_task_progress(
        plan,
        section,
        status=status,
        entry_date=_parse_date(date),
        department=department,
        milestone=milestone,
        due=_parse_date(due),
        note=note,
        evidence_url=evidence,
        entered_by=user,
    )
    if as_json:
        _print_json(Created(id=entry_id))
        return
    typer.echo(f"task entry #{entry_id} recorded")


@task_app.command("list")
def task_list(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    as_of: Annotated[str | None, typer.Option(help="Status as of this date (default: today).")] = None,
    entered_only: Annotated[bool, typer.Option("--entered", help="Only tasks with entries.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Current status of every task and project, and counts per chapter."""
    from planwatch.results import TasksOut

    pw = _pw()
    info = pw.plan(plan)
    day = _parse_date(as_of) or pw.today
    listing = TasksOut.of(info, day, pw.task_statuses(info, day), entered_only=entered_only)
    if as_json:
        _print_json(listing)
        return
    for t in listing.tasks:
        latest = t.history[-1] if t.history else None
        detail = f"  {latest.entry_date} {latest.department} {latest.milestone}" if latest else ""
        typer.echo(f"{t.path:<12} {t.status_label:<4}{' 逾期' if t.overdue else ''}  {t.title[:32]}{detail}")
    for c in listing.summary:
        typer.echo(f"{c.chapter}: " + "，".join(f"{k.label} {v}" for k, v in c.counts.items() if v) + f"；逾期 {c.overdue}")


RulesOption = Annotated[Path | None, typer.Option("--rules", help="YAML file of rule thresholds (default: $PLANWATCH_RULES or built-in).")]
MethodOption = Annotated[str | None, typer.Option("--method", help="ratio (default) or opensdg.")]


def _assessment(plan: str, year: int | None, rules_file: Path | None, method: str | None) -> Any:
    pw = _pw()
    return pw.assess(pw.plan(plan), year, pw.rules_for(method, rules_file))


@app.command()
def status(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    year: YearOption = None,
    rules_file: RulesOption = None,
    method: MethodOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rate every indicator target of a plan at an evaluation year."""
    from planwatch.report.content import build_content
    from planwatch.results import AssessmentOut

    result = _assessment(plan, year, rules_file, method)
    if as_json:
        _print_json(AssessmentOut.of(result))
        return
    from rich.table import Table

    content = build_content(result, with_charts=False)
    console = _console()
    for paragraph in content.overall:
        console.print(paragraph, highlight=False)
    table = Table(*content.header, title=f"{result.plan.title} — {result.year}年监测评估")
    for row in content.rows:
        table.add_row(*content.cells(row))
    console.print(table)
    console.print("状态统计（公开数据）：" + "，".join(f"{k} {v}" for k, v in content.counts.items()), highlight=False)
    if content.illustrative:
        console.print("示例数据指标（不计入统计）：" + "、".join(f"{r.number}. {r.name}" for r in content.illustrative), highlight=False)
    for note in content.notes:
        console.print(note, highlight=False)
    for row in content.rows:
        if row.rated.assessment.scored:
            console.print(f"{row.number}. {row.name}：{row.status}。{row.explanation}", highlight=False)
    for title, items in (("存在问题", content.problems), ("规划调整建议", content.adjustments)):
        for item in items:
            console.print(f"{title}：{item}", highlight=False)


@app.command()
def report(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    year: YearOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx, xlsx, html or md.")] = "docx",
    rules_file: RulesOption = None,
    method: MethodOption = None,
) -> None:
    """Write a mid-term (or final) evaluation report."""
    result = _assessment(plan, year, rules_file, method)
    written = _pw().write_report(result, output, fmt)
    typer.echo(f"wrote {written}")


@app.command()
def evaluate(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    year: YearOption = None,
    freeze: Annotated[bool, typer.Option("--freeze", help="Store the evaluation as issued, with its data vintage.")] = False,
    rules_file: RulesOption = None,
    method: MethodOption = None,
    user: UserOption = None,
) -> None:
    """Rate a plan, show what changed since the last evaluation issued, and with --freeze issue this one."""
    from planwatch.monitor.assessment import plan_assessment_dict
    from planwatch.monitor.narratives import changes_since, snapshot_title

    pw = _pw()
    result = _assessment(plan, year, rules_file, method)
    typer.echo(
        f"{result.plan.title} {result.year}年（公开数据）：" + ("，".join(f"{k} {v}" for k, v in result.published_counts.items()) or "无")
    )
    payload = plan_assessment_dict(result)
    if result.previous is None:
        typer.echo("此前未发布评估。")
    else:
        found = changes_since(result.previous, payload)
        typer.echo(f"与{snapshot_title(result.previous)}相比：{len(found)}项变化")
        for line in found:
            typer.echo(f"  {line}")
    if freeze:
        snapshot = pw.freeze(result.plan, result.year, result.rules, issued_by=user)
        typer.echo(f"已发布：{snapshot_title(snapshot)}")


narrative_app = typer.Typer(help="原因分析, 已采取措施, 下一步 for an indicator or a task (versioned).", no_args_is_help=True)
app.add_typer(narrative_app, name="narrative")


@narrative_app.command("add")
def narrative_add(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    subject: Annotated[str, typer.Argument(help="Indicator (number in the status table, catalog key or name) or task (path or label).")],
    text: Annotated[str, typer.Option(help="The text.")],
    field: Annotated[str, typer.Option(help="reasons (原因分析), measures (已采取措施) or next_steps (下一步).")] = "reasons",
    task: Annotated[bool, typer.Option("--task", help="The subject is a task or 专栏 project.")] = False,
    user: UserOption = None,
) -> None:
    """Write a new version of a narrative."""
    from planwatch.errors import InputError
    from planwatch.models import NarrativeField, SubjectKind

    try:
        which = NarrativeField(field)
    except ValueError:
        raise InputError(f"未知的说明字段 {field!r}：请从 {'、'.join(f.value for f in NarrativeField)} 中选择") from None
    pw = _pw()
    narrative_id = pw.add_narrative(pw.plan(plan), SubjectKind.TASK if task else SubjectKind.TARGET, subject, which, text, entered_by=user)
    typer.echo(f"#{narrative_id} {subject} {which.label}")


@narrative_app.command("list")
def narrative_list(
    plan: Annotated[str, typer.Argument(help="Plan key, id, region or title.")],
    history: Annotated[bool, typer.Option("--history", help="Every version, not only the current ones.")] = False,
    as_json: JsonOption = False,
) -> None:
    """A plan's narratives (current versions, or every version with --history)."""
    from planwatch.results import NarrativesOut

    pw = _pw()
    info = pw.plan(plan)
    shown = pw.narratives(info, history=history)
    if as_json:
        _print_json(NarrativesOut(plan=info.key, narratives=shown))
        return
    for n in shown:
        typer.echo(f"#{n.id} {n.subject} {n.field.label}（{n.entered_by}，{n.entered_at:%Y-%m-%d %H:%M}）：{n.text}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (use PostgreSQL for more than one writer at a time).")] = 1,
) -> None:
    """Run the web dashboard and the REST API (docs at /docs)."""
    import uvicorn

    pw = _pw()
    pw.session_key()  # create or upgrade the schema, and the session key, once, before any worker starts
    typer.echo(f"planwatch on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    if workers <= 1:
        from planwatch.web.app import create_app

        uvicorn.run(create_app(pw), host=host, port=port, log_level="warning")
        return
    # Worker processes build their own app from the settings this process resolved (--db included).
    pw.settings.model_copy(update={"database_url": pw.db.url}).publish()
    pw.close()
    uvicorn.run("planwatch.web.server:app", host=host, port=port, workers=workers, log_level="warning", factory=True)


user_app = typer.Typer(help="Accounts: viewer (read), editor (enter data), admin (manage users and plans).", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option(help="viewer, editor or admin.")] = "viewer",
    password: Annotated[str | None, typer.Option(help="Prompted for when not given.")] = None,
    region: Annotated[list[str] | None, typer.Option(help="A region whose data the user may change (repeatable; none: every region).")] = None,
) -> None:
    """Create an account."""
    secret = password or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    created = _pw().create_user(username, secret, role, regions=region or ())
    typer.echo(f"user {created.username} ({created.role}) created{_regions_text(created.regions)}")


def _regions_text(regions: Sequence[str]) -> str:
    return f", may change {'、'.join(regions)} only" if regions else ""


@user_app.command("list")
def user_list() -> None:
    """List accounts."""
    for u in _pw().users():
        regions = "、".join(u.regions) or "all regions"
        typer.echo(f"{u.username:<20} {u.role:<7} {'active' if u.active else 'disabled'}  since {u.created_at:%Y-%m-%d}  {regions}")


@user_app.command("set")
def user_set(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str | None, typer.Option(help="New role.")] = None,
    password: Annotated[bool, typer.Option("--password", help="Prompt for a new password.")] = False,
    disable: Annotated[bool | None, typer.Option("--disable/--enable", help="Disable or enable the account.")] = None,
    region: Annotated[
        list[str] | None, typer.Option(help="The regions whose data the user may change (repeatable; replaces the earlier ones).")
    ] = None,
    all_regions: Annotated[bool, typer.Option("--all-regions", help="Let the user change every region's data again.")] = False,
) -> None:
    """Change an account's role, password, state or regions."""
    from planwatch.accounts import hash_password
    from planwatch.errors import InputError
    from planwatch.models import ROLES

    if role is not None and role not in ROLES:
        raise InputError(f"角色 {role!r} 无效：请从 {'、'.join(ROLES)} 中选择")
    new_hash = hash_password(typer.prompt("New password", hide_input=True, confirmation_prompt=True), username) if password else None
    active = None if disable is None else not disable
    regions = [] if all_regions else region
    changed = _pw().update_user(username, role=role, password_hash=new_hash, active=active, regions=regions)
    typer.echo(f"user {changed.username}: {changed.role}, {'active' if changed.active else 'disabled'}{_regions_text(changed.regions)}")


token_app = typer.Typer(help="API tokens for scripts (sent as `Authorization: Bearer …`).", no_args_is_help=True)
user_app.add_typer(token_app, name="token")


@token_app.command("add")
def token_add(
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "script",
    days: Annotated[int, typer.Option(help="Days until it expires (0: until revoked).")] = 90,
) -> None:
    """Create an API token; it is shown once, only its hash is stored."""
    token = _pw().issue_token(username, name, days=days or None)
    typer.echo(token)


@token_app.command("list")
def token_list() -> None:
    """Every token: id, owner, name, created, expires, state."""
    from planwatch.store.accounts import utc_now

    now = utc_now()
    for t in _pw().tokens():
        state = "revoked" if t.revoked_at else "valid" if t.valid(now) else "expired"
        expires = f"{t.expires_at:%Y-%m-%d}" if t.expires_at else "never"
        typer.echo(f"{t.id:>5} {t.username:<20} {t.name:<24} {t.created_at:%Y-%m-%d}  expires {expires:<10} {state}")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="The id `planwatch user token list` shows.")]) -> None:
    """Revoke a token: it stops working at once."""
    revoked = _pw().revoke_token(token_id)
    typer.echo(f"token {revoked.id} ({revoked.username}, {revoked.name}) revoked")


@app.command()
def compare(
    year: YearOption = None,
    coverage: Annotated[bool, typer.Option(help="Also show how each district takes up the city's tasks.")] = False,
    fields: Annotated[bool, typer.Option(help="Also show which fields each plan names.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write one table (--table) to this .xlsx or .csv instead, as /compare's downloads.")
    ] = None,
    table_name: Annotated[
        str, typer.Option("--table", help="Which table --output writes: matrix (指标对照), coverage (区级承接) or fields (领域覆盖).")
    ] = "matrix",
    as_json: JsonOption = False,
) -> None:
    """City plan beside its district plans: indicator matrix and consistency checks."""
    from planwatch.monitor.progress import format_value, target_text
    from planwatch.monitor.views import ExportFormat, export_table
    from planwatch.results import CompareOut, CoverageOut

    pw = _pw()
    if output is not None:
        from planwatch.compare.export import CompareTable

        try:
            fmt = ExportFormat(output.suffix.lower().lstrip("."))
        except ValueError:
            raise typer.BadParameter(f"{output}: 只能导出为 .xlsx 或 .csv", param_hint="--output") from None
        try:
            which = CompareTable(table_name)
        except ValueError:
            raise typer.BadParameter(f"没有“{table_name}”表：可选 matrix、coverage、fields", param_hint="--table") from None
        output.write_bytes(export_table(pw.compare_table(which, year), fmt))
        typer.echo(f"{which.label} → {output}")
        return
    matrix, findings = pw.compare(year)
    if as_json:  # with --coverage, the API's two results (/compare, /compare/coverage) side by side
        _print_json({"compare": CompareOut.of(matrix, findings), "coverage": CoverageOut.of(pw.coverage())} if coverage else CompareOut.of(matrix, findings))
        return
    from rich.table import Table

    table = Table("指标", *(p.region or p.key for p in matrix.plans), title=f"指标对照（{matrix.year}年）")
    for r in matrix.rows:
        cells = []
        for p in matrix.plans:
            cell = r.cells.get(p.key)
            cells.append(
                "" if cell is None else f"{target_text(cell.target)}\n{format_value(cell.assessment.actual)}·{cell.assessment.status}"
            )
        table.add_row(r.name, *cells)
    console = _console()
    console.print(table)
    for f in findings:
        console.print(("! " if f.severity == "warn" else "· ") + f.message, highlight=False)
    if coverage:
        _print_coverage(console, pw.coverage())
    if fields:
        plans, field_rows = pw.fields()
        table = Table("类别", "领域", *(p.region or p.key for p in plans), title="领域提及次数")
        for row in field_rows:
            table.add_row(row.category, row.label, *(str(row.counts.get(p.key, "")) for p in plans))
        console.print(table)


def _print_coverage(console: Any, result: Coverage) -> None:
    from rich.table import Table

    from planwatch.compare.coverage import NOTHING_TO_COMPARE

    if result.city is None:
        console.print(NOTHING_TO_COMPARE)
        return
    table = Table("市级任务", *(d.region or d.key for d in result.districts), title="市级任务的区级承接（字符n-gram TF-IDF 余弦相似度）")
    for t in result.tasks:
        table.add_row(
            f"{t.task.path} {t.task.title[:16]}",
            *(f"{t.best[d.key].score:.2f} {t.best[d.key].section.title[:10]}" for d in result.districts),
        )
    table.add_row("承接比例", *(f"{result.share(d.key) * 100:.0f}%" for d in result.districts))
    console.print(table)


@app.command()
def entities(
    plan: Annotated[str | None, typer.Option(help="Only this plan's entities.")] = None,
    kind: Annotated[
        str | None, typer.Option("--type", help="lab, facility, institute, university, platform, zone, fund, mechanism.")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many, most mentioned first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Named entities (labs, facilities, institutes, platforms, zones, funds, mechanisms) and where each plan mentions them."""
    from planwatch.extract.entities import Entity

    found = _pw().entities(plan, kind)[:limit]
    if as_json:
        _print_json(found, list[Entity])
        return
    for e in found:
        where = "；".join(f"{k} 第{'、'.join(map(str, lines[:6]))}{'…' if len(lines) > 6 else ''}行" for k, lines in e.mentions.items())
        aliases = f"（又称 {'、'.join(e.aliases)}）" if e.aliases else ""
        typer.echo(f"{e.type:<10} {e.name}{aliases}: {where}")


@app.command(name="search")
def search_command(
    query: Annotated[str, typer.Argument(help="Words to find, in Chinese (any FTS syntax is taken as text).")],
    plan: Annotated[str | None, typer.Option(help="Only this plan.")] = None,
    level: Annotated[str | None, typer.Option(help="city or district.")] = None,
    kind: Annotated[str | None, typer.Option(help="Section kind: chapter, section, item, box, project, table …")] = None,
    limit: Annotated[int, typer.Option()] = 10,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over the plans, with highlighted snippets and original line numbers."""
    from planwatch.results import SearchOut

    hits = _pw().search(query, plan=plan, level=level, kind=kind, limit=limit)
    if as_json:
        _print_json(SearchOut.of(query, hits))
        return
    for h in hits:
        typer.echo(f"{h.plan_key} {h.section_path or ''} {h.section_title[:20]}  第{h.start_line}行  ({h.score:.2f})\n    {h.snippet_text}")
    if not hits:
        typer.echo("no results")


@app.command()
def index(workers: Annotated[int, typer.Option(help="Processes that split words (default: all cores).")] = 0) -> None:
    """Bring the search index up to date (searches also do this by themselves)."""
    import os

    from planwatch.search.index import refresh_index

    updated = refresh_index(_pw().db, workers=workers or os.cpu_count() or 1)
    typer.echo(f"indexed {len(updated)} plan(s)" + (f": {', '.join(updated[:10])}{' …' if len(updated) > 10 else ''}" if updated else ""))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="e.g. 光明区2025年研发投入强度目标是多少？")],
    plan: Annotated[str | None, typer.Option(help="Only this plan (key).")] = None,
    level: Annotated[str | None, typer.Option(help="Only plans of this level (city, district).")] = None,
    region: Annotated[str | None, typer.Option(help="Only plans of this region (南山区).")] = None,
    llm: Annotated[bool, typer.Option(help="Let the LLM at $PLANWATCH_LLM_URL rephrase the answer (citations kept).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Answer a question from the plans, citing plan, section and lines (or the observation)."""
    from planwatch.results import AnswerOut

    answer = _pw().ask(question, plan=plan, level=level, region=region, use_llm=llm)
    if as_json:
        _print_json(AnswerOut.of(answer))
        return
    typer.echo(answer.text)
    for n, citation in enumerate(answer.citations, start=1):
        typer.echo(f"[{n}] {citation}")


@app.command()
def backup(
    output: Annotated[Path, typer.Argument(help="File to write (.jsonl.gz), readable by its owner only.")],
    include_secrets: Annotated[bool, typer.Option(help="Keep the session key and password hashes (a restore then keeps logins).")] = False,
) -> None:
    """Back up the whole database (portable between SQLite and PostgreSQL); without secrets unless asked."""
    from planwatch.store.backup import backup as write_backup

    counts = write_backup(_pw().db, output, include_secrets=include_secrets)
    typer.echo(f"wrote {output}: " + ", ".join(f"{name} {n}" for name, n in counts.items() if n))


@app.command()
def restore(source: Annotated[Path, typer.Argument(help="A file written by planwatch backup.")]) -> None:
    """Restore a backup into an empty database (all or nothing)."""
    from planwatch.store.backup import restore as read_backup

    counts = read_backup(_pw().db, source)
    typer.echo(f"restored {sum(counts.values())} rows from {source}")


def run() -> None:
    app()


if __name__ == "__main__":
    run()
