"""Key tasks and 专栏 projects: dated entries, current status, overdue, summaries per chapter."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.errors import InputError, NotFoundError
from planwatch.monitor.entry import add_task_progress
from planwatch.monitor.tasks import NO_ENTRY, summarise_tasks, task_statuses, trackable_sections
from planwatch.store import Database, get_sections
from planwatch.store.monitoring import list_task_entries


def test_trackable_tasks_are_numbered_tasks_and_boxes_not_reviews_or_goals(plans_db: Database) -> None:
    city = trackable_sections(get_sections(plans_db, "shenzhen"))
    assert len(city) == 53
    assert city[0].title == "打造体系完整的科研实验条件"
    assert sum(s.kind == "item" for s in city) == 32
    assert any(s.kind == "section" and "十大行动" not in s.title and s.path.startswith("6.") for s in city)  # 十大行动 are sections
    guangming = trackable_sections(get_sections(plans_db, "guangming"))
    assert any(s.label == "专栏1" for s in guangming)
    assert any(s.kind == "project" and s.title == "深圳中能同步辐射光源" for s in guangming)
    longgang = trackable_sections(get_sections(plans_db, "longgang"))
    assert not any(s.title.startswith("创新位势和影响力") for s in longgang)  # 发展基础 reviews the past


def test_latest_entry_is_the_status_history_is_kept_and_overdue_is_flagged(plans_db: Database) -> None:
    add_task_progress(
        plans_db, "shenzhen", "3.1.1", status="未启动", entry_date=date(2022, 3, 1), due=date(2023, 6, 30), department="市科技创新局"
    )
    add_task_progress(plans_db, "shenzhen", "3.1.1", status="推进中", entry_date=date(2023, 3, 1), milestone="方案印发")
    add_task_progress(plans_db, "shenzhen", "打造源头创新机构集聚高地", status="滞后", entry_date=date(2023, 5, 1))
    add_task_progress(plans_db, "shenzhen", "3.1.3", status="已完成", entry_date=date(2023, 5, 1), due=date(2023, 1, 1))
    sections = get_sections(plans_db, "shenzhen")
    entries = list_task_entries(plans_db, "shenzhen")
    by_path = {s.section.path: s for s in task_statuses(sections, entries, date(2023, 12, 31))}
    assert by_path["3.1.1"].status == "推进中"
    assert len(by_path["3.1.1"].history) == 2
    assert by_path["3.1.1"].overdue  # due 2023-06-30 has passed and it is not done
    assert by_path["3.1.2"].status == "滞后"
    assert by_path["3.1.2"].overdue
    assert by_path["3.1.3"].status == "已完成"
    assert not by_path["3.1.3"].overdue
    assert by_path["3.2.1"].status == NO_ENTRY
    # as of mid-2022 only the first entry existed, and it was not yet due
    early = {s.section.path: s for s in task_statuses(sections, entries, date(2022, 6, 30))}
    assert early["3.1.1"].status == "未启动"
    assert not early["3.1.1"].overdue
    summary = summarise_tasks(list(by_path.values()))
    total = summary[-1]
    assert total.chapter == "全部"
    assert total.total == 53
    assert total.overdue == 2
    assert (total.counts["推进中"], total.counts["滞后"], total.counts["已完成"], total.counts[NO_ENTRY]) == (1, 1, 1, 50)
    chapter = next(c for c in summary if c.chapter == "三、高质量建设国家重大战略平台")
    assert (chapter.total, chapter.counts["推进中"], chapter.counts["滞后"], chapter.overdue) == (12, 1, 1, 2)


def test_bad_task_entries_are_refused(plans_db: Database) -> None:
    with pytest.raises(InputError, match="未启动、推进中、已完成、滞后、调整"):
        add_task_progress(plans_db, "shenzhen", "3.1.1", status="搞定了")
    with pytest.raises(NotFoundError, match="规划中没有"):
        add_task_progress(plans_db, "shenzhen", "9.9.9", status="推进中")
    assert list_task_entries(plans_db, "shenzhen") == []
