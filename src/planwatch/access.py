"""Who may change which region's data: the one rule every write path checks (issue #17 item 7).

An editor assigned 南山区 changes only 南山区's observations, task progress, narratives and
proposals; one assigned a city (深圳市) changes the city's and those of every plan below the
city's plan (its districts); an admin, or an editor with no region assigned, changes every
region's (an installation that never assigns regions works as before).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from planwatch.errors import ForbiddenError, InputError
from planwatch.models import PlanInfo, User


@dataclass(frozen=True)
class RegionScope:
    """The regions a writer may change; ``regions=None``: every region."""

    regions: frozenset[str] | None = None
    assigned: tuple[str, ...] = ()  # as the admin assigned them, for the message

    def allows(self, region: str | None) -> bool:
        return self.regions is None or (region or "") in self.regions

    def refusal(self, region: str | None) -> str | None:
        """The Chinese reason ``region`` is refused, or ``None`` if the writer may change it."""
        if self.allows(region):
            return None
        mine = "、".join(self.assigned)
        return f"您只能更改{mine}的数据，不能更改“{region or '未填地区'}”的数据：如需权限请联系管理员"

    def check(self, region: str | None, where: str = "") -> None:
        """Raise :class:`ForbiddenError` unless the writer may change ``region``."""
        if reason := self.refusal(region):
            raise ForbiddenError(reason, path=where or None)


EVERY_REGION = RegionScope()


def region_scope(user: User | None, stored_plans: Callable[[], Sequence[PlanInfo]]) -> RegionScope:
    """What ``user`` may change: every region for an admin, a user without regions and the CLI
    (``None``: the installation's owner); else the assigned regions and, below each, the regions of
    the plans whose parent plan is one of them (a city's districts), to any depth. The plans are
    read only for a limited user, so an unlimited one's write costs no extra query."""
    if user is None or user.role == "admin" or not user.regions:
        return EVERY_REGION
    plans = stored_plans()
    regions = set(user.regions)
    by_key = {p.key: p for p in plans}
    grew = True
    while grew:
        grew = False
        for plan in plans:
            parent = by_key.get(plan.parent or "")
            if parent is not None and parent.region in regions and plan.region and plan.region not in regions:
                regions.add(plan.region)
                grew = True
    return RegionScope(frozenset(regions), user.regions)


def known_regions(given: Iterable[str], known: Sequence[str]) -> list[str]:
    """The regions an admin assigns, each one of the ``known`` (stored plans') regions (a typo gets the closest)."""
    from planwatch.monitor.observations import unknown_name

    chosen = [r.strip() for r in given if r.strip()]
    for region in chosen:
        if region not in known:
            raise InputError(unknown_name("地区", region, known, "没有对应的规划"))
    return list(dict.fromkeys(chosen))
