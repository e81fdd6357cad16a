"""Thresholds of the progress rules, with the defaults of DESIGN.md; overridable from a YAML file."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import InputError

METHODS = ("ratio", "opensdg")
# Ratios are rounded once, to what the explanation prints, and the status is read off that number.
RATIO_DIGITS = 2
CAGR_DIGITS = 4  # growth rates print as percentages with two decimals


@dataclass(frozen=True)
class RuleConfig:
    """``ratio``: actual / expected progress against ``fast``, ``on_track``, ``lagging``.
    ``opensdg``: observed / required CAGR against ``opensdg_on_track`` and ``opensdg_moderate``."""

    method: str = "ratio"
    fast: float = 1.1  # r ≥ fast → 快于预期
    on_track: float = 0.9  # on_track ≤ r < fast → 基本符合预期
    lagging: float = 0.5  # lagging ≤ r < on_track → 滞后; below → 严重滞后
    band: float = 0.05  # 左右 means within ±5 % of the target
    projection_risk: float = 0.9  # projected completion in [risk, 1) → 存在风险; below → 预计难以完成
    maintain_severe: float = 0.1  # 保持 target: a shortfall beyond 10 % of its floor → 严重滞后 (else 滞后)
    projection_points: int = 3  # project with at least this many points (baseline included) …
    projection_elapsed: float = 0.4  # … or once this share of the period has passed
    opensdg_on_track: float = 0.95
    opensdg_moderate: float = 0.6
    opensdg_cagr_on_track: float = 0.015  # no numeric target: observed CAGR ≥ 1.5 % → 进展顺利
    opensdg_cagr_moderate: float = 0.005

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError(f"未知的进度算法 {self.method!r}：请从 {'、'.join(METHODS)} 中选择")
        if not 0 <= self.lagging <= self.on_track <= self.fast:
            raise InputError("阈值须满足 0 ≤ lagging ≤ on_track ≤ fast")


def load_rules(path: str | Path | None = None, **overrides: object) -> RuleConfig:
    """Rules from ``path`` (else the ``rules`` setting, $PLANWATCH_RULES), then ``overrides`` (``None`` values ignored)."""
    import yaml

    from planwatch.settings import default_settings

    values: dict[str, object] = {}
    source = path or default_settings().rules
    if source:
        try:
            loaded = yaml.safe_load(Path(source).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(f"无法读取规则文件：{exc}", path=str(source)) from exc
        if not isinstance(loaded, dict):
            raise InputError("规则文件须为“名称: 值”的映射", path=str(source))
        values.update(loaded)
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in dataclasses.fields(RuleConfig)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise InputError(f"未知的规则设置：{'、'.join(unknown)}（可用：{'、'.join(sorted(known))}）", path=str(source or ""))
    return RuleConfig(**values)  # type: ignore[arg-type]
