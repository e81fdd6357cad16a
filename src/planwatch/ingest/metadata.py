"""Infer what a plan is (title, region, level, period, status) from its own text,
and read the manifest that states it for a folder of plans."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from planwatch.errors import InputError
from planwatch.ingest.headings import cn_to_int, is_title_line
from planwatch.models import Paragraph, PlanMeta, Table

LEVELS = ("national", "province", "city", "district")
_FYP_RE = re.compile(
    r"[“\"](十[一二三四五六七八九]?五)[”\"]|(十[一二三四五六七八九]?五)(?:规划|时期|期间)|第(十[一二三四五六七八九]?)个五年"
)
_YEARS_RE = re.compile(r"(20\d\d)\s*[-—–~至]\s*(20\d\d)\s*年")
_DISTRICT_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:新区|区|县))")
_CITY_RE = re.compile(r"([\u4e00-\u9fff]{2,3}市)")
_PROVINCE_RE = re.compile(r"([\u4e00-\u9fff]{2,3}省)")
_DRAFT_RE = re.compile(r"(初稿|征求意见稿|送审稿|讨论稿|草案)")
_ISSUER_RE = re.compile(r"^[\u4e00-\u9fff]{2,20}(科技创新局|科技局|科技创新委员会|人民政府|发展和改革委员会|发展和改革局)$")
# Words ending in 区 that are not districts (我区, 园区, 片区, 示范区 …).
_NOT_REGION = re.compile(
    r"(我区|全区|本区|园区|片区|城区|辖区|社区|新区|景区|湾区|港区|行政区|示范区|先行区|合作区|集聚区|承载区|策源区|引领区|功能区|试验区|自贸区|保税区|集群区|开发区|核心区|转化区|启动区|产业区|中心区|拓展区|先导区|实践区|特色区|标杆区|集中区|发展区|服务区|生活区)$"
)


def fyp_period(label: str) -> tuple[int, int]:
    """十四五 → (2021, 2025). From the 3rd plan (1966) on, the Nth starts in 1966 + 5·(N − 3)."""
    number = cn_to_int(label[:-1]) if len(label) > 1 else 5
    start = 1966 + 5 * (number - 3)
    return start, start + 4


def infer_metadata(paragraphs: Sequence[Paragraph], tables: Sequence[Table], *, fallback_title: str = "") -> PlanMeta:
    """Title, region, level, period, status and issuer read from the front of the document."""
    front = [p.text for p in paragraphs[:12]]
    title = _title(front) or _title_from_body(paragraphs, tables) or fallback_title
    region = _region(title) or _region_from_body(paragraphs, tables)
    level = _level(region)
    period = _period(title) or _period(" ".join(p.text for p in paragraphs[:40]))
    status = "draft" if any(_DRAFT_RE.search(t) for t in front[:6]) else "final"
    issuer = next((t for t in front if _ISSUER_RE.match(t)), None)
    return PlanMeta(
        title=title,
        region=region,
        level=level,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        status=status,
        issuer=issuer,
    )


def _title(front: Sequence[str]) -> str | None:
    for text in front:
        if is_title_line(text) and ("规划" in text or "纲要" in text):
            return text
    return None


def _title_from_body(paragraphs: Sequence[Paragraph], tables: Sequence[Table]) -> str | None:
    """No title line (光明's export): build one from the region and period the text names."""
    region = _region_from_body(paragraphs, tables)
    period = _period(" ".join(t.title for t in tables)) or _period(" ".join(p.text for p in paragraphs[:40]))
    if not region or not period:
        return None
    label = _fyp_label(" ".join(t.title for t in tables)) or _fyp_label(" ".join(p.text for p in paragraphs[:40]))
    topic = "科技创新" if any("科技创新" in t.title for t in tables) or any("科技创新" in p.text for p in paragraphs[:10]) else ""
    return f"{region}{topic}“{label}”规划" if label else f"{region}{topic}规划（{period[0]}—{period[1]}年）"


def _region(title: str) -> str | None:
    for pattern in (_DISTRICT_RE, _CITY_RE, _PROVINCE_RE):
        match = pattern.search(title)
        if match and not _NOT_REGION.search(match.group(1)):
            name = match.group(1)
            # 深圳市宝安区 → 宝安区
            return re.sub(r"^.*?[市省]", "", name) if pattern is _DISTRICT_RE and re.search(r"[市省]", name[:-1]) else name
    return None


def _region_from_body(paragraphs: Sequence[Paragraph], tables: Sequence[Table]) -> str | None:
    for table in tables:
        region = _region(table.title)
        if region:
            return region
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        for match in _DISTRICT_RE.finditer(paragraph.text):
            name = match.group(1)[-3:]
            if not _NOT_REGION.search(name):
                counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def _level(region: str | None) -> str | None:
    if not region:
        return None
    if region.endswith(("区", "县")):
        return "district"
    if region.endswith("市"):
        return "city"
    if region.endswith("省"):
        return "province"
    return None


def _fyp_label(text: str) -> str | None:
    """The five-year plan a text speaks of most (a 十四五 plan also reviews 十三五)."""
    labels = Counter(m.group(1) or m.group(2) or f"{m.group(3)}五" for m in _FYP_RE.finditer(text))
    return labels.most_common(1)[0][0] if labels else None


def _period(text: str) -> tuple[int, int] | None:
    label = _fyp_label(text)
    if label:
        return fyp_period(label)
    years = _YEARS_RE.search(text)
    if years:
        return int(years.group(1)), int(years.group(2))
    return None


def load_manifest(path: str | Path) -> dict[str, PlanMeta]:
    """Plans described by a manifest file, keyed by file name (see data/plans/*/manifest.yaml)."""
    import yaml

    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read manifest: {exc}", path=str(path)) from exc
    entries = document.get("plans") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise InputError("manifest must have a 'plans:' list", path=str(path))
    plans: dict[str, PlanMeta] = {}
    for number, entry in enumerate(entries, start=1):
        plans[_required(entry, "file", path, number)] = _meta_from_entry(entry, path, number)
    return plans


def _required(entry: Any, field: str, path: Path, number: int) -> str:
    if not isinstance(entry, dict) or not entry.get(field):
        raise InputError(f"plan #{number} has no '{field}'", path=str(path))
    return str(entry[field])


def _meta_from_entry(entry: dict[str, Any], path: Path, number: int) -> PlanMeta:
    level = entry.get("level")
    if level is not None and level not in LEVELS:
        raise InputError(f"plan #{number}: level must be one of {', '.join(LEVELS)}, not {level!r}", path=str(path))
    period = entry.get("period") or [None, None]
    return PlanMeta(
        title=_required(entry, "title", path, number),
        region=entry.get("region"),
        level=level,
        period_start=period[0],
        period_end=period[1],
        status=entry.get("status", "final"),
        issuer=entry.get("issuer"),
        parent=entry.get("parent"),
        key=entry.get("key"),
        source_file=entry.get("source_file"),
        note=entry.get("note"),
    )


def apply_overrides(meta: PlanMeta, **overrides: Any) -> PlanMeta:
    """Replace fields the user gave on the command line (``None`` means not given)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    if "level" in given and given["level"] not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}, not {given['level']!r}")
    return replace(meta, **given)
