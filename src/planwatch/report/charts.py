"""Charts for reports (PNG via matplotlib, Agg backend) with a CJK font, so Chinese renders.

The font comes from the system (Debian's fonts-noto-cjk, installed by scripts/install.sh);
nothing is downloaded. Without a CJK font, charts fail loudly instead of printing boxes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from planwatch.errors import PlanwatchError
from planwatch.monitor.assessment import TargetAssessment
from planwatch.monitor.progress import (
    ACHIEVED,
    AHEAD,
    FAST,
    INCOMPLETE,
    LAGGING,
    MAINTAINED,
    MISSED,
    NO_DATA,
    NOT_SCORED,
    NOT_UPDATED,
    ON_TRACK,
    OSDG_ACHIEVED,
    OSDG_DETERIORATION,
    OSDG_LIMITED,
    OSDG_MODERATE,
    OSDG_NONE,
    OSDG_ON_TRACK,
    OVERSHOOT,
    SEVERE,
    TARGET_ONLY,
    format_value,
    planned_value,
    target_text,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PREFERRED_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
STATUS_COLORS = {
    ACHIEVED: "#1b7837",
    AHEAD: "#1b7837",
    OSDG_ACHIEVED: "#1b7837",
    FAST: "#5aae61",
    OSDG_ON_TRACK: "#5aae61",
    ON_TRACK: "#4575b4",
    OSDG_MODERATE: "#fdae61",
    LAGGING: "#f46d43",
    OSDG_LIMITED: "#f46d43",
    SEVERE: "#d73027",
    MISSED: "#a50026",
    OSDG_DETERIORATION: "#a50026",
    MAINTAINED: "#4575b4",
    OVERSHOOT: "#35978f",
    NOT_UPDATED: "#9e9ac8",
    INCOMPLETE: "#bababa",
    TARGET_ONLY: "#bababa",
    NO_DATA: "#bababa",
    NOT_SCORED: "#e0e0e0",
    OSDG_NONE: "#e0e0e0",
}


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of an installed font that covers Chinese."""
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    if not any("CJK" in n or n in PREFERRED_FONTS for n in available):
        # matplotlib's font cache may predate the font package: look at the system fonts again.
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "wqy" in path.lower():
                font_manager.fontManager.addfont(path)
        available = {f.name for f in font_manager.fontManager.ttflist}
    for name in PREFERRED_FONTS:
        if name in available:
            return name
    fallback = sorted(n for n in available if "CJK" in n)
    if fallback:
        return fallback[0]
    raise PlanwatchError("no font with Chinese glyphs is installed; run scripts/install.sh (it installs Debian's fonts-noto-cjk)")


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A figure with the CJK font set (Agg backend: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [cjk_font()]
    plt.rcParams["axes.unicode_minus"] = False
    figure, axes = plt.subplots(figsize=(width, height), dpi=110)
    return figure, axes


def _integer_years(axes: Axes) -> None:
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))


def _png(figure: Figure) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def status_chart(counts: Mapping[str, int], title: str) -> bytes:
    """Horizontal bars: how many targets are in each status."""
    figure, axes = _figure(6.4, 0.45 * max(len(counts), 3) + 0.8)
    labels = list(counts)
    values = [counts[k] for k in labels]
    bars = axes.barh(labels[::-1], values[::-1], color=[STATUS_COLORS.get(k, "#999999") for k in labels[::-1]])
    axes.bar_label(bars, padding=3)
    axes.set_title(title)
    axes.set_xlabel("指标数")
    _integer_years(axes)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _png(figure)


def chart_lines(rated: TargetAssessment) -> tuple[list[tuple[int, float]], list[tuple[int, float]], float | None] | None:
    """What an indicator chart draws, in the target's terms: the planned path, the actual
    points, and the value the target asks for at the target year. ``None`` if nothing to draw.

    Increments are drawn as running totals; annual growth as levels on the compound path; cumulative
    targets on the straight path from zero."""
    target, assessment = rated.target, rated.assessment
    if target.value is None or not rated.series:
        return None
    target_year = target.target_year or rated.series[-1].year
    actual = [(y.year, y.value) for y in rated.series]
    if target.kind == "increment":
        y0 = target_year - 5 if assessment.baseline_year is None else assessment.baseline_year
        y0 = min(y0, actual[0][0] - 1)
        totals, running = [], 0.0
        for year, value in actual:
            running += value
            totals.append((year, running))
        path = [(y, target.value * (y - y0) / (target_year - y0)) for y in range(y0, target_year + 1)]
        return path, [(y0, 0.0), *totals], target.value
    if target.kind == "annual_growth":
        if assessment.completion is None and rated.series_key != target.indicator_key and len(actual) >= 2:
            y0, b = actual[0]
            g = target.value / 100
            path = [(y, b * (1 + g) ** (y - y0)) for y in range(y0, target_year + 1)]
            return path, actual, path[-1][1]
        return [(actual[0][0], target.value), (target_year, target.value)], actual, target.value
    if target.kind == "cumulative":  # a level counted from zero at the start of the period (rule 3's b = 0)
        y0 = min(target_year - 5, actual[0][0] - 1)
        return [(y, target.value * (y - y0) / (target_year - y0)) for y in range(y0, target_year + 1)], actual, target.value
    path = []
    if assessment.baseline is not None and assessment.baseline_year is not None:
        b, y0, t = assessment.baseline, assessment.baseline_year, target.value
        growth = rated.indicator.growth if rated.indicator else "linear"
        path = [(y, planned_value(b, t, (y - y0) / (target_year - y0), growth)) for y in range(y0, target_year + 1)]
    return path, actual, target.value


def projection_segment(rated: TargetAssessment, evaluation_year: int) -> list[tuple[int, float]]:
    """The dotted line from the latest actual to the projected value at the target year (none for
    increments and growth rates, whose charts show running totals or levels, or once the year has come)."""
    target, a = rated.target, rated.assessment
    target_year = target.target_year or evaluation_year
    if target.kind in ("increment", "annual_growth") or a.projection is None or a.actual is None or a.year is None or a.year >= target_year:
        return []
    return [(a.year, a.actual), (target_year, a.projection)]


def indicator_chart(rated: TargetAssessment, evaluation_year: int) -> bytes | None:
    """Planned path, actual values (示例数据 hollow, conflicts ringed red), projection and target."""
    lines = chart_lines(rated)
    if lines is None:
        return None
    path, actual, goal = lines
    target, assessment = rated.target, rated.assessment
    target_year = target.target_year or evaluation_year
    figure, axes = _figure(6.4, 3.4)
    if path:
        axes.plot([p[0] for p in path], [p[1] for p in path], linestyle="--", color="#888888", label="规划路径")
    axes.plot(
        [p[0] for p in actual],
        [p[1] for p in actual],
        color="#2c7fb8",
        linewidth=2,
        label="累计新增" if target.kind == "increment" else "实际值",
    )
    flags = {y.year: (y.illustrative, y.conflict) for y in rated.series}
    for year, value in actual:
        illustrative, conflict = flags.get(year, (False, False))
        axes.plot(
            [year],
            [value],
            marker="o",
            markersize=7,
            color="#2c7fb8",
            markerfacecolor="white" if illustrative else "#2c7fb8",
            markeredgecolor="#d73027" if conflict else "#2c7fb8",
        )
    if projection := projection_segment(rated, evaluation_year):
        axes.plot([p[0] for p in projection], [p[1] for p in projection], linestyle=":", color="#2c7fb8", label="趋势外推")
    if goal is not None:
        axes.scatter([target_year], [goal], marker="*", s=160, color="#d73027", zorder=5, label=f"目标 {target_text(target)}")
    if target.value_high is not None and target.value is not None:
        axes.vlines(target_year, target.value, target.value_high, color="#d73027", linewidth=3)
    axes.axvline(evaluation_year, color="#cccccc", linewidth=1)
    note = "（空心点为示例数据）" if rated.illustrative else ""
    axes.set_title(f"{target.indicator}（{target.unit}）— {assessment.status}{note}", fontsize=10)
    axes.legend(fontsize=8, loc="best")
    _integer_years(axes)
    axes.yaxis.set_major_formatter(lambda v, _pos: format_value(v))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _png(figure)
