"""High-level operations shared by the CLI, the web app and scripts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planwatch.errors import InputError, PlanwatchError
from planwatch.extract import extract_targets
from planwatch.ingest import apply_overrides, load_manifest, parse_document
from planwatch.models import HistoricalResult, ParsedPlan, PlanMeta, StoreResult, Target

if TYPE_CHECKING:
    from planwatch.extract.entities import Entity
    from planwatch.extract.evaluate import PlanScore
    from planwatch.monitor.entry import ImportReport
from planwatch.store import Database, store_plan

MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")


@dataclass(frozen=True)
class IngestOutcome:
    path: str
    result: StoreResult | None = None
    error: PlanwatchError | None = None


def data_dir() -> Path:
    """The bundled data (demo plans, sample observations): in the installed package, else in
    the source checkout."""
    packaged = Path(str(resources.files("planwatch"))) / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def demo_plans_dir() -> Path:
    return data_dir() / "plans" / "shenzhen"


# Sample observations of the demo, in load order: published values with their sources (names
# the catalog lacks kept as unmapped), then illustrative values and task entries (示例数据).
DEMO_OBSERVATIONS = ("shenzhen-reported.csv", "illustrative.csv", "tasks-illustrative.csv")


def load_demo(db: Database, plans_dir: Path | None = None) -> tuple[list[IngestOutcome], list[ImportReport]]:
    """Ingest the demo plans, import the sample observations and task entries, build the search index.

    Safe to run again: unchanged plans and already recorded rows are skipped.
    """
    from planwatch.monitor.entry import import_file
    from planwatch.search.index import refresh_index

    outcomes = ingest_paths(db, [plans_dir or demo_plans_dir()])
    folder = data_dir() / "observations"
    reports = [import_file(db, folder / name, keep_unmapped=True, entered_by="demo") for name in DEMO_OBSERVATIONS]
    refresh_index(db)  # so the first search is as fast as the rest
    return outcomes, reports


# Files a folder of plans often holds that are not plans: skipped (with a note) when a folder is ingested.
NOT_PLAN_NAMES = re.compile(r"^(README|SOURCES?|LICEN[CS]E|CHANGELOG|CONTRIBUTING|来源|说明)([._-].*)?$", re.IGNORECASE)


def expand_paths(paths: Iterable[str | Path], skipped: list[str] | None = None) -> list[tuple[Path, Path | None]]:
    """Files to ingest, each with the manifest of its folder (if the folder has one).

    In a folder, files that describe it rather than being plans (README.md, SOURCES.md) are left
    out and named in ``skipped``; a file named directly is always taken.
    """
    files: list[tuple[Path, Path | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            manifest = next((path / n for n in MANIFEST_NAMES if (path / n).is_file()), None)
            for child in sorted(path.iterdir()):
                if not child.is_file() or child.name.startswith(".") or child.name in MANIFEST_NAMES:
                    continue
                if NOT_PLAN_NAMES.match(child.name):
                    if skipped is not None:
                        skipped.append(f"{child}: 跳过——说明或来源清单，不是规划文件")
                    continue
                files.append((child, manifest))
        else:
            files.append((path, None))
    return files


@dataclass(frozen=True)
class _Extracted:
    parsed: ParsedPlan
    targets: list[Target]
    historical: list[HistoricalResult]
    warnings: list[str]


def _parse_and_extract(path: Path, meta: PlanMeta | None, overrides: Mapping[str, object] | None) -> _Extracted:
    """The CPU-bound half of ingesting one file (runs in a worker process when there are several)."""
    if not path.exists():
        raise InputError("文件不存在", path=str(path))
    parsed = parse_document(path, meta)
    if overrides:
        parsed = replace(parsed, meta=apply_overrides(parsed.meta, **overrides))
    targets, historical, warnings = extract_targets(parsed)
    return _Extracted(parsed, list(targets), list(historical), list(warnings))


def ingest_paths(
    db: Database,
    paths: Sequence[str | Path],
    *,
    manifest: str | Path | None = None,
    overrides: Mapping[str, object] | None = None,
    on_file: Callable[[IngestOutcome], None] | None = None,
    workers: int = 1,
) -> list[IngestOutcome]:
    """Ingest files and folders; each file in its own transaction, so one bad file loses nothing else.

    With ``workers`` > 1, files are read, parsed and extracted in that many processes while this
    one stores them in order; at most two files per worker are in flight, so memory stays bounded.
    """
    jobs: list[tuple[Path, PlanMeta | None, PlanwatchError | None]] = []
    manifests: dict[Path, dict[str, PlanMeta]] = {}
    for path, folder_manifest in expand_paths(paths):
        chosen = Path(manifest) if manifest else folder_manifest
        try:
            meta = None
            if chosen is not None:
                if chosen not in manifests:
                    manifests[chosen] = load_manifest(chosen)
                meta = manifests[chosen].get(path.name)
                if meta is None and manifest is not None:
                    raise InputError(f"清单 {chosen} 中没有列出这个文件", path=str(path))
            jobs.append((path, meta, None))
        except PlanwatchError as exc:
            jobs.append((path, None, exc))
    outcomes: list[IngestOutcome] = []
    for (path, _meta, error), extracted in zip(jobs, _extract_all(jobs, overrides, workers), strict=True):
        if error is None and isinstance(extracted, PlanwatchError):
            error = extracted
        if error is None:
            assert isinstance(extracted, _Extracted)
            try:
                result = store_plan(db, extracted.parsed, extracted.targets, extracted.historical, extracted.warnings)
                outcome = IngestOutcome(path=str(path), result=result)
            except PlanwatchError as exc:
                error = exc
        if error is not None:
            if error.path is None:
                error.path = str(path)
            outcome = IngestOutcome(path=str(path), error=error)
        outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    return outcomes


def _extract_all(
    jobs: list[tuple[Path, PlanMeta | None, PlanwatchError | None]], overrides: Mapping[str, object] | None, workers: int
) -> Iterator[_Extracted | PlanwatchError | None]:
    """Parse and extract each job in order, in this process or in a bounded pool of workers."""
    if workers <= 1 or len(jobs) <= 1:
        for path, meta, error in jobs:
            yield None if error is not None else _parse_and_extract_safely(path, meta, overrides)
        return
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Any] = deque()
        queue = iter(jobs)
        for path, meta, error in queue:
            pending.append(None if error is not None else pool.submit(_parse_and_extract_safely, path, meta, overrides))
            if len(pending) >= 2 * workers:
                future = pending.popleft()
                yield None if future is None else future.result()
        while pending:
            future = pending.popleft()
            yield None if future is None else future.result()


def _parse_and_extract_safely(path: Path, meta: PlanMeta | None, overrides: Mapping[str, object] | None) -> _Extracted | PlanwatchError:
    try:
        return _parse_and_extract(path, meta, overrides)
    except PlanwatchError as exc:
        return exc


@dataclass(frozen=True)
class DocumentTargets:
    """What ``planwatch extract`` finds in one document, nothing stored."""

    path: str
    meta: PlanMeta
    targets: list[Target]
    historical: list[HistoricalResult]
    warnings: list[str]


def extract_document(path: str | Path, *, reference_year: int | None = None, **overrides: Any) -> DocumentTargets:
    """Read one document and extract its targets without storing anything.

    ``reference_year`` is the document's own date when the text does not give it (a report's year).
    """
    from planwatch.extract.targets import document_context

    plan = parse_document(path)
    if overrides or reference_year is not None:
        plan = replace(plan, meta=apply_overrides(plan.meta, published=reference_year, **overrides))
    found, historical, warnings = extract_targets(plan, context=document_context(plan))
    return DocumentTargets(path=str(path), meta=plan.meta, targets=found, historical=historical, warnings=[*plan.warnings, *warnings])


def evaluate_folder(gold_path: str | Path, plans_dir: str | Path | None = None) -> tuple[list[PlanScore], PlanScore]:
    """Extract targets from the plans of a manifest folder and score them against a gold file."""
    import json

    from planwatch.extract.evaluate import evaluate

    folder = Path(plans_dir) if plans_dir else demo_plans_dir()
    manifest_path = next((folder / n for n in MANIFEST_NAMES if (folder / n).is_file()), None)
    if manifest_path is None:
        raise InputError("缺少 manifest.yaml：标注文件按源文件名指认规划", path=str(folder))
    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"无法读取标注文件：{exc}", path=str(gold_path)) from exc
    predicted = {}
    for name, meta in load_manifest(manifest_path).items():
        targets, _historical, _warnings = extract_targets(parse_document(folder / name, meta))
        predicted[meta.source_file or name] = targets
    return evaluate(predicted, gold)


def plan_entities(db: Database, plan: str | None = None) -> list[Entity]:
    """Named entities of every plan (or one), aliases merged, with the lines that mention them."""
    from planwatch.extract.entities import find_mentions, group_mentions
    from planwatch.ingest.normalise import clean_lines
    from planwatch.store import get_plan, get_source_text, list_plans

    keys = [get_plan(db, plan).key] if plan else [p.key for p in list_plans(db)]
    return group_mentions({key: find_mentions(clean_lines(get_source_text(db, key).split("\n"))) for key in keys})
