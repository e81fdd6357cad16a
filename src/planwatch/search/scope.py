"""Which plans a query or question is about: the regions it names, and the caller's filters."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.models import PlanInfo

# A short region name (南山 for 南山区) names the region only when what follows cannot continue a
# longer proper name: 光明科学城 and 深圳湾实验室 are places or labs, 南山2022年 and 深圳的 are regions.
_AFTER_SHORT_NAME = re.compile(r"[^\u4e00-\u9fff]|[的和与及、，年规有在区市对]")


def _names(plan: PlanInfo, text: str) -> bool:
    region = plan.region or ""
    if not region:
        return False
    if region in text:
        return True
    short = region.rstrip("区市")
    if len(short) < 2 or short not in text:  # most plans' regions are not in the text: no regex for them
        return False
    return any(
        not text[m.end() : m.end() + 1] or _AFTER_SHORT_NAME.match(text[m.end() : m.end() + 1]) for m in re.finditer(re.escape(short), text)
    )


def named_plans(text: str, plans: Sequence[PlanInfo]) -> list[PlanInfo]:
    """Plans whose region ``text`` names (南山区, or 南山 used as a region); when a district is
    named the city is dropped (深圳市南山区 means 南山区)."""
    named = [p for p in plans if _names(p, text)]
    districts = [p for p in named if p.level != "city"]
    return districts or named


def filter_plans(
    plans: Sequence[PlanInfo], *, plan: str | None = None, level: str | None = None, region: str | None = None
) -> list[PlanInfo]:
    """The plans a caller's filters leave (plan by key, level, region by name as stored)."""
    return [
        p
        for p in plans
        if (plan is None or plan in (p.key, str(p.id)))
        and (level is None or p.level == level)
        and (region is None or (p.region or "") == region or (p.region or "").rstrip("区市") == region)
    ]


def region_words(plans: Sequence[PlanInfo]) -> set[str]:
    """The region names and their short forms, which filter plans rather than match text."""
    return {name for p in plans if p.region for name in (p.region, p.region.rstrip("区市"))}
