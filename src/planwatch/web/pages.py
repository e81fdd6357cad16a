"""The Chinese web pages: overview, plan, indicator, data entry, reports, login, administration.

Server-rendered with Jinja2 (every value escaped); charts are drawn by the vendored ECharts from
JSON put in ``data-chart`` attributes, so pages run no inline script (CSP ``script-src 'self'``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from planwatch.compare.coverage import NOTHING_TO_COMPARE
from planwatch.compare.matrix import Matrix
from planwatch.core import Planwatch, SingleFlight
from planwatch.errors import ForbiddenError, InputError, PlanwatchError
from planwatch.ingest.quotes import evidence_quote
from planwatch.models import (
    KIND_LABELS,
    LEVEL_LABELS,
    PLAN_STATUS_LABELS,
    REVIEW_LABELS,
    ROLE_LABELS,
    ROLES,
    SCOPE_LABELS,
    SECTION_KIND_LABELS,
    TASK_STATUSES,
    NarrativeField,
    PlanInfo,
    ReviewDecision,
    SubjectKind,
    User,
)
from planwatch.monitor.assessment import PlanAssessment, TargetAssessment
from planwatch.monitor.narratives import snapshot_title
from planwatch.monitor.progress import STATUS_ORDER, format_share, format_value, target_text
from planwatch.monitor.tables import cell_date
from planwatch.monitor.tasks import trackable_sections
from planwatch.report import FORMATS
from planwatch.report.charts import STATUS_COLORS, chart_lines, projection_segment
from planwatch.report.content import CONFLICT_MARK
from planwatch.review import corrections_from_text
from planwatch.safety import safe_link
from planwatch.store.accounts import utc_now
from planwatch.web.deps import PW, AdminUser, CurrentUser, EditorUser, Plan, RecordId, csrf_protect, csrf_token, find_user
from planwatch.web.uploads import DOCUMENTS, saved_upload

if TYPE_CHECKING:
    from planwatch.extract.catalog import Indicator

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
templates.env.filters["safe_link"] = safe_link
STATUS_CLASS = {status: f"s{n}" for n, status in enumerate(STATUS_ORDER)}
YearQuery = Annotated[int | None, Query(ge=2000, le=2100)]


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    pw: Planwatch = request.app.state.planwatch
    user = _viewer(request, pw)
    base = _base_context(request, pw, user, csrf_token(request), request.session.pop("flash", []))
    return templates.TemplateResponse(request, template, base | context, status_code=status_code)


def _viewer(request: Request, pw: Planwatch) -> User | None:
    try:
        return find_user(request, pw)
    except HTTPException:
        return None


# Put where the session's CSRF token goes in a page kept for every viewer of the same shape, then
# replaced by each session's own token. A value a page shows cannot produce it: Jinja escapes "<".
CSRF_SLOT = "<planwatch-csrf-slot>"
PAGE_ENTRIES = 128  # whole pages (a long plan's is ~0.5 MB) per app, so per worker


def cached_page(request: Request, template: str, context: Callable[[], dict[str, Any]]) -> HTMLResponse:
    """``template`` rendered with ``context()``, kept under :func:`page_key` — until what the page
    reads or the day changes, per path and query and per viewer shape — signed out, or role and
    regions, which decide the edit controls; the username shown is part of the shape. Jinja was
    most of a page's cost; a repeated view is answered before routing (``cache.KeptPages``). The
    session's CSRF token is put in on every answer, never kept; a page with the session's flash
    messages or kept form values is rendered for that session alone."""
    pw: Planwatch = request.app.state.planwatch
    if fresh_only(request.session):
        return render(request, template, context())
    user = _viewer(request, pw)
    key = page_key(pw, request, user)
    if key is None:
        return render(request, template, context())

    def build() -> str:
        base = _base_context(request, pw, user, Markup(CSRF_SLOT), [])
        return templates.get_template(template).render(base | context())

    pages: SingleFlight = request.app.state.pages
    body: str = pages.compute(key, build)
    return kept_answer(request, body)


# the pages kept whole: the overview, a plan's page and its indicator pages
KEPT_PATHS = re.compile(r"/|/plans/(?P<ref>[^/]+)(/targets/[^/]+)?")


def fresh_only(session: dict[str, Any]) -> bool:
    """Whether the session has flash messages or a failed form's values to show: its next page is its own."""
    return "flash" in session or "form" in session


def page_key(pw: Planwatch, request: Request, user: User | None) -> tuple[object, ...] | None:
    """What a kept page is kept under: its path and query, the stamp of what it reads (the
    overview: every stored data; a plan's page and its indicator pages: the plan's stamp), the plans
    stamp, the day and the viewer's shape. None for a path no page is kept for, or a plan not found."""
    path = request.url.path
    match = KEPT_PATHS.fullmatch(path)
    if match is None:
        return None
    if match["ref"] is None:
        stamp: tuple[object, ...] = ("data", *pw.data_stamp())
    else:
        try:
            stamp = ("plan", *pw.plan_stamp(pw.plan(match["ref"])))
        except PlanwatchError:
            return None
    shape = None if user is None else (user.username, user.role, user.regions)
    return (path, request.url.query, stamp, pw.plans_stamp(), pw.today, shape)


def kept_page(request: Request) -> str | None:
    """The kept page this request asks for, if one is kept (it reads the viewer and the stamps)."""
    pw: Planwatch = request.app.state.planwatch
    key = page_key(pw, request, _viewer(request, pw))
    pages: SingleFlight = request.app.state.pages
    found: str | None = None if key is None else pages.get(key)
    return found


def kept_answer(request: Request, body: str) -> HTMLResponse:
    return HTMLResponse(body.replace(CSRF_SLOT, csrf_token(request)))


def _base_context(request: Request, pw: Planwatch, user: User | None, csrf: str, flashes: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "request": request,
        "user": user,
        "csrf": csrf,
        "flashes": flashes,
        "status_class": STATUS_CLASS,
        "fmt": format_value,
        "share": format_share,
        "target_text": target_text,
        "level_labels": LEVEL_LABELS,
        "plan_status_labels": PLAN_STATUS_LABELS,
        "section_kind_labels": SECTION_KIND_LABELS,
        "conflict_mark": CONFLICT_MARK,
        "role_labels": ROLE_LABELS,
        "may_change": _may_change(pw, user),
    }


def _may_change(pw: Planwatch, user: User | None) -> Callable[[str | None], bool]:
    """Whether the page offers controls that change a region's data: only to an editor the core
    would let (a 南山区 editor sees no 修改 button on 光明区's pages; the server refuses them anyway)."""
    if user is None or not user.can("editor"):
        return lambda region: False
    scope = functools.cache(lambda: pw.region_scope(user))  # plans are read only if a page asks
    return lambda region: scope().allows(region)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session["flash"] = [*request.session.get("flash", []), {"kind": kind, "text": message}]


class Refusal:
    """What `flashed_refusal` caught: false while the change went through."""

    error: PlanwatchError | None = None

    def __bool__(self) -> bool:
        return self.error is not None


@contextmanager
def flashed_refusal(request: Request, prefix: str) -> Iterator[Refusal]:
    """A change the core refuses becomes flash messages ``prefix：reason`` (one per problem of an import,
    at most 20) and the form handler goes on to redirect; a refusal of another region's data propagates,
    so the 403 page says whose data it is."""
    refusal = Refusal()
    try:
        yield refusal
    except ForbiddenError:
        raise
    except PlanwatchError as exc:
        refusal.error = exc
        for problem in (getattr(exc, "problems", None) or [exc])[:20]:
            flash(request, f"{prefix}：{problem}", "error")


def _chart(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, pw: PW, year: YearQuery = None, days: Annotated[int | None, Query(ge=1, le=366)] = None) -> HTMLResponse:
    return cached_page(request, "overview.html", lambda: _overview(pw, year, days))


def _overview(pw: Planwatch, year: int | None, days: int | None) -> dict[str, Any]:
    plans = pw.plans()
    year = year or pw.year_for(plans)
    results = [pw.assess(p, year) for p in plans]
    # Counts and the lagging list use published values only, as the reports do (示例数据 shown apart).
    statuses = [s for s in STATUS_ORDER if any(r.published_counts.get(s) for r in results)]
    stacked = {
        "kind": "stack",
        "categories": [r.plan.region or r.plan.key for r in results],
        "series": [
            {"name": s, "color": STATUS_COLORS.get(s, "#999"), "data": [r.published_counts.get(s, 0) for r in results]} for s in statuses
        ],
    }
    cards = [
        {
            "result": r,
            "chart": _chart(
                {
                    "kind": "pie",
                    "series": [{"name": s, "value": n, "color": STATUS_COLORS.get(s, "#999")} for s, n in r.published_counts.items()],
                }
            ),
        }
        for r in results
    ]
    lagging = [(r, t.number, t) for r in results for t in r.published if t.assessment.behind]
    lagging_illustrative = [(r, t.number, t) for r in results for t in r.illustrative if t.assessment.behind]
    context = {"year": year, "cards": cards, "stacked": _chart(stacked), "lagging": lagging, "lagging_illustrative": lagging_illustrative}
    context["reminders"] = pw.reminders(days)
    return context


@router.get("/plans/{ref}", response_class=HTMLResponse)
def plan_page(request: Request, pw: PW, info: Plan, year: YearQuery = None) -> HTMLResponse:
    return cached_page(request, "plan.html", lambda: _plan(pw, info, year))


def _plan(pw: Planwatch, info: PlanInfo, year: int | None) -> dict[str, Any]:
    source_html = pw.remember(f"source-html:{info.key}", lambda: source_lines_html(pw.source_text(info)), pw.plans_stamp())
    result = pw.assess(info, year)
    outline = [(s, depth) for s, depth in pw.outline(info) if s.kind != "goal"]
    rated = {t.number: t for t in result.targets}
    targets = [(n, t, rated.get(n)) for n, t in enumerate(pw.targets(info).targets, start=1)]
    return {
        "plan": info,
        "outline": outline,
        "source_html": source_html,
        "targets": targets,
        "year": result.year,
        "review_labels": REVIEW_LABELS,
        "scope_labels": SCOPE_LABELS,
        "kinds": KIND_LABELS,
        "catalog_options": CatalogOptions(pw.catalog.values()),
        "historical": pw.historical(info),
    }


class CatalogOptions:
    """The catalog's ``<option>`` list, built once per page and marked selected per target: an
    editor's plan page has a correction form for each of its targets (Jinja looped over the whole
    catalog for every one)."""

    def __init__(self, catalog: Iterable[Indicator]) -> None:
        self.html = str.__str__(Markup("").join(Markup('<option value="{}">{}</option>').format(i.key, i.name) for i in catalog))

    def __call__(self, chosen: str | None) -> Html:
        if not chosen:
            return Html(Markup(self.html))
        mark = str.__str__(Markup('<option value="{}">').format(chosen))
        return Html(Markup(self.html.replace(mark, mark[:-1] + " selected>", 1)))


@router.post("/plans/{ref}/targets/{number}/review")
def review_page(
    request: Request,
    pw: PW,
    user: EditorUser,
    info: Plan,
    number: int,
    decision: Annotated[ReviewDecision, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
    value: Annotated[str, Form()] = "",
    value_high: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    target_year: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    indicator_key: Annotated[str, Form()] = "",
    qualifier: Annotated[str, Form()] = "",
) -> Response:
    typed = {"value": value, "value_high": value_high, "unit": unit, "target_year": target_year, "kind": kind}
    typed |= {"indicator_key": indicator_key, "qualifier": qualifier}
    with flashed_refusal(request, "未保存"):
        corrections = corrections_from_text(typed) if decision is ReviewDecision.CORRECTED else None
        target = pw.review_target(info, number, decision, corrections=corrections, note=note, user=user)
        flash(request, f"第{number}项“{target.indicator}”{REVIEW_LABELS[target.review]}")
    return _back(request, f"/plans/{quote(info.key)}")


class Html:
    """HTML built and escaped once, inserted by Jinja as it is: ``{{ markup }}`` copies a Markup
    through ``Markup(Markup)``, 1.3 ms for a long plan's text on every view; a plain str does not."""

    def __init__(self, markup: Markup) -> None:
        self.text = str.__str__(markup)

    def __html__(self) -> str:
        return self.text


def source_lines_html(text: str) -> Html:
    """The plan text as numbered, escaped lines (built once per version: long plans have ~1,000 lines)."""
    return Html(
        Markup("\n").join(
            Markup('<div class="line" id="L{0}"><span class="ln">{0}</span><span class="tx">{1}</span></div>').format(n, line)
            for n, line in enumerate(text.split("\n"), start=1)
        )
    )


def _target(pw: Planwatch, info: PlanInfo, number: int, year: int | None) -> tuple[PlanAssessment, TargetAssessment]:
    result = pw.assess(info, year)
    found = next((t for t in result.targets if t.number == number), None)
    if found is None:
        raise HTTPException(404, f"规划 {result.plan.key} 没有第 {number} 项可评估的指标目标（不存在或已驳回）")
    return result, found


def indicator_chart_data(rated: TargetAssessment, year: int) -> dict[str, Any]:
    """What the indicator page's ECharts draws; the same lines as the report's chart."""
    lines = chart_lines(rated)
    if lines is None:
        return {}
    path, actual, goal = lines
    target_year = rated.target.target_year or year
    flags = {y.year: {"illustrative": y.illustrative, "conflict": y.conflict} for y in rated.series}
    projection = [[y, round(v, 4)] for y, v in projection_segment(rated, year)]
    return {
        "kind": "indicator",
        "unit": rated.target.unit,
        "path": [[y, round(v, 4)] for y, v in path],
        "actual": [{"value": [y, v], **flags.get(y, {})} for y, v in actual],
        "projection": projection,
        "target": [target_year, goal] if goal is not None else None,
        "targetLabel": target_text(rated.target),
        "year": year,
        "start": min([y for y, _ in [*path, *actual]] + [target_year - 5]),
    }


@router.get("/plans/{ref}/targets/{number}", response_class=HTMLResponse)
def indicator_page(request: Request, pw: PW, info: Plan, number: int, year: YearQuery = None) -> HTMLResponse:
    kept = request.session.pop("form", {})  # a failed entry's values, for this session's next view only
    if kept:
        return render(request, "indicator.html", _indicator(pw, info, number, year) | {"kept": kept})
    return cached_page(request, "indicator.html", lambda: _indicator(pw, info, number, year) | {"kept": {}})


def _indicator(pw: Planwatch, info: PlanInfo, number: int, year: int | None) -> dict[str, Any]:
    result, rated = _target(pw, info, number, year)
    year = result.year
    lines = pw.source_text(info).split("\n")
    evidence = [(e.line, evidence_quote(e, lines)) for e in rated.target.evidence]
    observations = []
    if rated.series_key:
        observations = pw.observations(regions=[result.plan.region or ""], indicator_keys=[rated.series_key], include_history=True)
    return {
        "plan": result.plan,
        "number": number,
        "rated": rated,
        "year": year,
        "target_text": target_text(rated.target),
        "chart": _chart(chart) if (chart := indicator_chart_data(rated, year)) else None,
        "conflict_years": {y.year for y in rated.conflicts},
        "evidence": evidence,
        "observations": observations,
        "indicator": rated.indicator,
        "narratives": [
            n for n in pw.narratives(info, history=True) if n.subject_kind is SubjectKind.TARGET and n.subject == rated.target.indicator
        ],
        "narrative_fields": list(NarrativeField),
    }


@router.get("/observations/{observation_id}", response_class=HTMLResponse)
def history_page(request: Request, pw: PW, observation_id: RecordId) -> HTMLResponse:
    return render(request, "history.html", {"chain": pw.observation_history(observation_id), "observation_id": observation_id})


@router.get("/entry", response_class=HTMLResponse)
def entry_page(request: Request, pw: PW, user: EditorUser) -> HTMLResponse:
    plans = pw.plans()
    scope = pw.region_scope(user)
    regions = [region for region in pw.regions() if scope.allows(region)]
    tasks = {}
    for p in plans:
        numbering = pw.numbering(p)
        tasks[p.key] = [(numbering[s.path], f"{s.label}{s.title}"[:40]) for s in trackable_sections(pw.sections(p))]
    context = {
        "kept": request.session.pop("form", {}),
        "regions": regions,
        "catalog": list(pw.catalog.values()),
        "plans": plans,
        "tasks": tasks,
        "statuses": TASK_STATUSES,
        "today": pw.today,
    }
    return render(request, "entry.html", context)


def _back(request: Request, fallback: str) -> RedirectResponse:
    target = request.headers.get("referer") or fallback
    return RedirectResponse(target if target.startswith(str(request.base_url)) else fallback, status_code=303)


@router.post("/entry/observation")
def entry_add(
    request: Request,
    pw: PW,
    user: EditorUser,
    region: Annotated[str, Form()],
    indicator: Annotated[str, Form()],
    year: Annotated[str, Form()],  # checked by the core, so a bad year is a Chinese message and the form keeps its values
    value: Annotated[str, Form()],
    unit: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    source_url: Annotated[str, Form()] = "",
    quote_text: Annotated[str, Form(alias="quote")] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    row = pw.observation_row(
        indicator,
        region=region,
        year=year,
        value=value,
        unit=unit,
        source=source,
        source_url=source_url,
        quote=quote_text,
        note=note,
    )
    with flashed_refusal(request, "未保存") as refused:
        created, conflicts = pw.add_observation(row, user=user)
    if refused:
        request.session["form"] = row | {"indicator": indicator}  # the page fills the form in again
        return _back(request, "/entry")
    flash(
        request,
        f"已保存 #{created.id}：{created.region} {created.indicator_name} {created.year}年 {format_value(created.value, created.unit)}",
    )
    for conflict in conflicts:
        flash(
            request,
            f"注意：{conflict.year}年该指标各来源数值不一致（{'、'.join(format_value(s.value) for s in conflict.statements)}）",
            "warn",
        )
    return _back(request, "/entry")


@router.post("/entry/correct")
def entry_correct(
    request: Request,
    pw: PW,
    user: EditorUser,
    observation_id: Annotated[int, Form(ge=1, le=2**63 - 1)],
    reason: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    quote_text: Annotated[str, Form(alias="quote")] = "",
    action: Annotated[str, Form()] = "correct",
) -> Response:
    with flashed_refusal(request, "未保存"):
        if action == "withdraw":
            changed = pw.withdraw_observation(observation_id, reason=reason, user=user)
            flash(request, f"已撤回 #{observation_id}（{changed.region} {changed.indicator_name} {changed.year}年，新版本 #{changed.id}）")
        else:
            changed = pw.correct_observation(
                observation_id, value=value, unit=unit or None, reason=reason, quote=quote_text or None, user=user
            )
            flash(
                request,
                f"已更正 #{observation_id} → #{changed.id}：{changed.region} {changed.indicator_name} {changed.year}年 "
                f"{format_value(changed.value, changed.unit)}",
            )
    return _back(request, "/entry")


@router.post("/entry/import")
async def entry_import(
    request: Request,
    pw: PW,
    user: EditorUser,
    file: Annotated[UploadFile, File()],
) -> Response:
    with flashed_refusal(request, "未导入") as refused:
        async with saved_upload(file) as path:
            report = await run_in_threadpool(pw.import_file, path, user=user)
    if refused:
        return _back(request, "/entry")
    flash(
        request,
        f"已导入 {len(report.added)} 条观测值、{len(report.tasks_added)} 条任务进展、{len(report.narratives_added)} 条情况说明；跳过 {len(report.skipped)} 条；数值冲突 {len(report.conflicts)} 处",
    )
    return _back(request, "/entry")


@router.post("/entry/proposals")
async def entry_propose(
    request: Request,
    pw: PW,
    user: EditorUser,
    file: Annotated[UploadFile, File()],
    region: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    source_url: Annotated[str, Form()] = "",
) -> Response:
    """Read an uploaded bulletin or report: its statements become proposals to review."""
    if year and not (year.isdigit() and len(year) == 4):
        flash(request, f"未读取：年份“{year}”不是四位数字", "error")
        return _back(request, "/entry")
    with flashed_refusal(request, "未读取") as refused:
        async with saved_upload(file, DOCUMENTS) as path:
            report = await run_in_threadpool(
                pw.propose_observations, path, region=region or None, year=int(year) if year else None, source_url=source_url, user=user
            )
    if refused:
        return _back(request, "/entry")
    b = report.batch
    flash(
        request,
        f"{file.filename}：读出 {len(report.statements)} 条数据陈述，新增候选观测值 {len(b.new)} 条"
        f"（此前已拒绝 {b.rejected_before} 条，不再提出）。候选观测值在采纳前不入库。",
    )
    return RedirectResponse(f"/entry/proposals?file={report.file_hash}", status_code=303)


@router.get("/entry/proposals", response_class=HTMLResponse)
def proposals_page(
    request: Request, pw: PW, user: EditorUser, file: Annotated[str | None, Query(max_length=64, pattern="^[0-9a-f]+$")] = None
) -> HTMLResponse:
    from planwatch.monitor.proposals import EDIT_PROMPTS
    from planwatch.store.proposals import ProposalStatus

    pending = pw.proposals(file_hash=file, status=ProposalStatus.PENDING)
    return render(request, "proposals.html", {"proposals": pending, "file": file, "edit_fields": EDIT_PROMPTS})


@router.post("/entry/proposals/decide")
def proposals_decide(
    request: Request,
    pw: PW,
    user: EditorUser,
    action: Annotated[str, Form(pattern="^(accept|reject)$")],
    ids: Annotated[list[int], Form()],
    keep_unmapped: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    with flashed_refusal(request, "未保存"):
        if action == "reject":
            rejected = pw.reject_proposals(ids, note=note, user=user)
            flash(request, f"已拒绝 {len(rejected)} 条候选观测值（同一文件不再提出）")
        else:
            report = pw.accept_proposals(ids, keep_unmapped=bool(keep_unmapped), user=user)
            flash(
                request,
                f"已采纳 {len(ids)} 条：新增观测值 {len(report.added)} 条，已有记录跳过 {len(report.skipped)} 条，"
                f"与其他来源一致 {report.corroborated} 条，数值冲突 {len(report.conflicts)} 处",
            )
    return _back(request, "/entry/proposals")


@router.post("/entry/proposals/{proposal_id}/edit")
def proposals_edit(
    request: Request,
    pw: PW,
    user: EditorUser,
    proposal_id: RecordId,
    region: Annotated[str, Form()] = "",
    indicator_name: Annotated[str, Form()] = "",
    indicator_key: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    value_raw: Annotated[str, Form()] = "",
    unit_raw: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
) -> Response:
    fields = {
        "region": region,
        "indicator_name": indicator_name,
        "indicator_key": indicator_key,
        "year": year,
        "value_raw": value_raw,
        "unit_raw": unit_raw,
        "kind": kind,
    }
    with flashed_refusal(request, "未修改"):
        edited = pw.edit_proposal(proposal_id, {k: v.strip() for k, v in fields.items() if v.strip()}, user=user)
        flash(request, f"已修改候选观测值 #{edited.id}：{edited.indicator_name} {edited.year}年 {edited.value_raw}{edited.unit_raw}")
    return _back(request, "/entry/proposals")


@router.post("/entry/task")
def entry_task(
    request: Request,
    pw: PW,
    user: EditorUser,
    plan: Annotated[str, Form()],
    section: Annotated[str, Form()],
    status: Annotated[str, Form()],
    entry_date: Annotated[date, Form()],
    department: Annotated[str, Form()] = "",
    milestone: Annotated[str, Form()] = "",
    due: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    with flashed_refusal(request, "未保存") as refused:
        due_date = _due_date(due)
        info = pw.plan(plan)
        pw.add_task_progress(
            info.key,
            section,
            status=status,
            entry_date=entry_date,
            department=department,
            milestone=milestone,
            due=due_date,
            note=note,
            user=user,
        )
        task = pw.section(info, section).section
        flash(request, f"已记录任务进展：《{info.title}》{task.label}{task.title[:30]} → {status}")
    if refused:
        request.session["form"] = {"section": section}
    return _back(request, "/entry")


def _due_date(text: str) -> date | None:
    try:
        return cell_date(text) if text else None
    except ValueError as exc:
        raise InputError(f"“计划完成时间”{exc}") from None


@router.get("/entry/template")
def entry_template(pw: PW, user: EditorUser, plan: str) -> Response:
    """The fill-in workbook ``planwatch observe template`` writes, as a download."""
    import tempfile

    info = pw.plan(plan)
    with tempfile.TemporaryDirectory(prefix="planwatch-template-") as folder:
        content = pw.write_template(info, Path(folder) / f"{info.key}.xlsx").read_bytes()
    filename = f"{info.region or info.key}填报模板.xlsx"
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


@router.post("/tasks/{ref}/bulk")
def tasks_bulk(
    request: Request,
    pw: PW,
    user: EditorUser,
    info: Plan,
    status: Annotated[str, Form()],
    entry_date: Annotated[date, Form()],
    section: Annotated[list[str] | None, Form()] = None,
    note: Annotated[str, Form()] = "",
) -> Response:
    with flashed_refusal(request, "未保存"):
        added = pw.add_tasks_progress(info.key, section or [], status=status, entry_date=entry_date, note=note, user=user)
        flash(request, f"已将《{info.title}》的 {len(added)} 项任务更新为“{status}”")
    return _back(request, f"/tasks/{quote(info.key)}")


@router.post("/entry/narrative")
def entry_narrative(
    request: Request,
    pw: PW,
    user: EditorUser,
    plan: Annotated[str, Form()],
    subject: Annotated[str, Form()],
    field: Annotated[NarrativeField, Form()],
    text: Annotated[str, Form()],
    task: Annotated[bool, Form()] = False,
) -> Response:
    with flashed_refusal(request, "未保存"):
        kind = SubjectKind.TASK if task else SubjectKind.TARGET
        pw.add_narrative(pw.plan(plan), kind, subject, field, text, user=user)
        flash(request, f"已保存{field.label}（新版本）")
    return _back(request, "/entry")


@router.post("/reports/freeze")
def reports_freeze(
    request: Request,
    pw: PW,
    user: EditorUser,
    plan: Annotated[str, Form()],
    year: Annotated[int, Form(ge=2000, le=2100)],
) -> Response:
    with flashed_refusal(request, "未发布"):
        snapshot = pw.freeze(pw.plan(plan), year, user=user)
        flash(request, f"已发布：{snapshot_title(snapshot)}")
    return RedirectResponse(f"/reports?year={year}", status_code=303)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(
    request: Request,
    pw: PW,
    plan: str | None = None,
    year: YearQuery = None,
    fmt: Annotated[str | None, Query(alias="format")] = None,
) -> Response:
    if plan and fmt:  # the form was submitted: hand over to the API's download
        chosen = f"year={year}&" if year else ""
        return RedirectResponse(f"/api/v1/plans/{quote(plan)}/report?{chosen}format={quote(fmt)}", status_code=303)
    plans = pw.plans()
    return render(request, "reports.html", {"plans": plans, "formats": FORMATS, "year": year or pw.year_for(plans)})


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next_url: Annotated[str, Query(alias="next")] = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"})


@router.post("/login")
def login(
    request: Request,
    pw: PW,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next_url: Annotated[str, Form(alias="next")] = "/",
) -> Response:
    try:
        user = pw.sign_in(username, password, address=request.client.host if request.client else "")
    except PlanwatchError as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(f"/login?next={quote(next_url)}", status_code=303)
    request.session.clear()
    request.session["uid"] = user.id
    request.session["sv"] = user.session_version
    flash(request, f"欢迎，{user.username}（{ROLE_LABELS.get(user.role, user.role)}）")
    return RedirectResponse(next_url if next_url.startswith("/") and not next_url.startswith("//") else "/", status_code=303)


@router.post("/logout")
def logout(request: Request, pw: PW, user: CurrentUser) -> Response:
    if user is not None:  # every copy of this cookie (and the user's other sessions) stops working
        pw.end_sessions(user.id, actor=user.username)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, pw: PW, admin: AdminUser, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    return _admin_page(request, pw, offset)


def _admin_page(request: Request, pw: Planwatch, offset: int = 0, new_token: dict[str, str] | None = None) -> HTMLResponse:
    entries, total = pw.audit(limit=50, offset=offset)
    regions = pw.regions()
    context = {"users": pw.users(), "roles": ROLES, "regions": regions, "entries": entries, "total": total, "offset": offset}
    return render(request, "admin.html", context | {"tokens": pw.tokens(), "now": utc_now(), "new_token": new_token})


@router.post("/admin/users")
def admin_add_user(
    request: Request,
    pw: PW,
    admin: AdminUser,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    region: Annotated[list[str] | None, Form()] = None,
) -> Response:
    with flashed_refusal(request, "未创建"):
        created = pw.create_user(username, password, role, actor=admin.username, regions=region or ())
        flash(request, f"已创建用户 {created.username}（{ROLE_LABELS.get(created.role, created.role)}，{_regions_label(created.regions)}）")
    return RedirectResponse("/admin", status_code=303)


def _regions_label(regions: tuple[str, ...]) -> str:
    return f"可更改{'、'.join(regions)}的数据" if regions else "可更改全部地区的数据"


@router.post("/admin/users/regions")
def admin_user_regions(
    request: Request,
    pw: PW,
    admin: AdminUser,
    username: Annotated[str, Form()],
    region: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Replace the regions whose data a user may change (none ticked: every region)."""
    with flashed_refusal(request, "未更新"):
        changed = pw.update_user(username, actor=admin.username, regions=region or [])
        flash(request, f"已更新用户 {changed.username}：{_regions_label(changed.regions)}")
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/tokens")
def admin_add_token(
    request: Request,
    pw: PW,
    admin: AdminUser,
    username: Annotated[str, Form()],
    name: Annotated[str, Form()],
    days: Annotated[int, Form(ge=0, le=3650)] = 90,
) -> Response:
    with flashed_refusal(request, "未创建") as refused:
        token = pw.issue_token(username, name, actor=admin.username, days=days or None)
    if refused:
        return RedirectResponse("/admin", status_code=303)
    # Shown in this response only: a flash message would put the token into the session cookie.
    return _admin_page(request, pw, new_token={"username": username, "token": token})


@router.post("/admin/tokens/{token_id}/revoke")
def admin_revoke_token(request: Request, pw: PW, admin: AdminUser, token_id: RecordId) -> Response:
    with flashed_refusal(request, "未吊销"):
        revoked = pw.revoke_token(token_id, actor=admin.username)
        flash(request, f"已吊销 {revoked.username} 的 API 令牌“{revoked.name}”")
    return RedirectResponse("/admin", status_code=303)


def target_bars(matrix: Matrix) -> list[dict[str, Any]]:
    """One bar chart per indicator the matrix shares (three or more plans, one unit): target and latest actual by plan."""
    charts = []
    for row, cells in matrix.shared():
        charts.append(
            {
                "kind": "bars",
                "title": f"{row.name}（{cells[0][1].target.unit}）",
                "categories": [p.region or p.key for p, _ in cells],
                "series": [
                    {"name": "目标", "color": "#d73027", "data": [t.target.value for _, t in cells]},
                    {"name": f"{matrix.year}年或最近实际值", "color": "#2c7fb8", "data": [t.assessment.actual for _, t in cells]},
                ],
            }
        )
    return charts


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, pw: PW, year: YearQuery = None) -> HTMLResponse:
    matrix, findings = pw.compare(year)
    coverage = pw.coverage()
    plans, field_rows = pw.fields()
    values = [
        [x, y, round(t.best[d.key].score, 3)]
        for y, t in enumerate(coverage.tasks)
        for x, d in enumerate(coverage.districts)
        if d.key in t.best
    ]
    heat = {
        "kind": "heatmap",
        "x": [d.region or d.key for d in coverage.districts],
        "y": [f"{t.task.path} {t.task.title[:14]}" for t in coverage.tasks],
        "values": values,
        "max": max([0.4, *(v[2] for v in values)]),
    }
    context = {
        "year": matrix.year,
        "matrix": matrix,
        "findings": findings,
        "coverage": coverage,
        "heat": _chart(heat),
        "bars": [_chart(spec) for spec in target_bars(matrix)],
        "field_plans": plans,
        "field_rows": field_rows,
        "nothing_to_compare": NOTHING_TO_COMPARE,
    }
    return render(request, "compare.html", context)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    pw: PW,
    q: Annotated[str, Query(max_length=200)] = "",
    plan: str = "",
    level: str = "",
    kind: str = "",
) -> HTMLResponse:
    hits = pw.search(q, plan=plan or None, level=level or None, kind=kind or None, limit=30) if q.strip() else []
    answer = pw.ask(q, plan=plan or None, level=level or None) if q.strip() else None
    return render(
        request,
        "search.html",
        {"q": q, "plan": plan, "level": level, "kind": kind, "hits": hits, "answer": answer, "plans": pw.plans()},
    )
