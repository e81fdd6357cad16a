"""The office's lists in the core (monitor/views.py through Planwatch), on the demo database: the
rules the pages and exports share, checked without a browser so they run on both backends."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from planwatch.core import Planwatch
from planwatch.monitor.views import IndicatorQuery, IndicatorSort, Table, TaskQuery, TaskSort, table_csv, table_xlsx
from planwatch.settings import load_settings
from planwatch.store import Database

TODAY = date(2024, 12, 1)


def office(db: Database, today: date = TODAY) -> Planwatch:
    return Planwatch(load_settings(), database=db, today=today)


def test_today_comes_from_the_setting_when_not_given() -> None:
    assert Planwatch(load_settings(today="2023-03-15")).today == date(2023, 3, 15)


def test_an_unrated_completion_sorts_last_in_both_directions(demo_db: Database) -> None:
    pw = office(demo_db)
    for descending in (False, True):
        _, lines = pw.indicator_list(IndicatorQuery(sort=IndicatorSort.COMPLETION, descending=descending))
        completions = [line.rated.assessment.completion for line in lines]
        rated = [c for c in completions if c is not None]
        assert completions == [*sorted(rated, reverse=descending), *([None] * (len(completions) - len(rated)))]


def test_filters_combine(demo_db: Database) -> None:
    _, lines = office(demo_db).indicator_list(IndicatorQuery(region="光明区", status="暂无数据"))
    assert lines
    assert {(line.plan.region, line.status) for line in lines} == {("光明区", "暂无数据")}


def test_a_task_keeps_the_department_and_due_date_an_earlier_entry_gave(db: Database) -> None:
    from planwatch.api import load_demo

    load_demo(db)
    pw = office(db)
    pw.add_task_progress("longgang", "4.1.3", status="推进中", entry_date=date(2024, 3, 1), entered_by="test")  # names neither
    task = next(line.task for line in pw.task_list(TaskQuery(), [pw.plan("longgang")]) if line.task.section.path == "4.1.3")
    assert task.department == "区科技创新局"
    assert task.due == date(2023, 6, 30)
    assert task.overdue  # 推进中 past its due date


def test_tasks_sort_by_due_date_with_undated_last(demo_db: Database) -> None:
    lines = office(demo_db).task_list(TaskQuery(sort=TaskSort.DUE), [office(demo_db).plan("shenzhen")])
    due = [line.task.due for line in lines]
    dated = [d for d in due if d is not None]
    assert due == [*sorted(dated), *([None] * (len(due) - len(dated)))]


def test_reminders_split_overdue_from_due_soon_at_the_horizon(demo_db: Database) -> None:
    found = office(demo_db, date(2024, 12, 1)).reminders(days=30)
    assert [(line.plan.key, line.task.section.path) for line in found.due_soon] == [("nanshan", "7.2.3")]  # due 2024-12-31
    assert office(demo_db, date(2024, 12, 1)).reminders(days=29).due_soon == []
    overdue = {(line.plan.key, line.task.section.path) for line in found.overdue}
    assert overdue == {("shenzhen", "3.1.1"), ("shenzhen", "3.2.2"), ("shenzhen", "4.2.3"), ("longgang", "4.1.3"), ("baoan", "5.1.2")}


def test_missing_data_is_for_last_year_and_only_indicators_with_a_series(demo_db: Database) -> None:
    found = office(demo_db).reminders()
    assert found.data_year == 2023
    assert found.missing
    assert all(line.rated.value_in(2023) is None for line in found.missing)
    assert all(line.rated.series_key for line in found.missing)


def test_a_department_sees_overdue_tasks_first(demo_db: Database) -> None:
    lines = office(demo_db).department_tasks("市科技创新局")
    overdue = [line.task.overdue for line in lines]
    assert overdue == [True, True, False, False]


HOSTILE = Table("测试", ("单位", "数"), [("=1+1", 3), ("@SUM(A1)", None), ("区科技创新局", 2.5)])


def test_csv_has_a_bom_and_neutralised_formulas() -> None:
    raw = table_csv(HOSTILE)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r[0] for r in rows] == ["单位", "'=1+1", "'@SUM(A1)", "区科技创新局"]


def test_xlsx_keeps_numbers_and_neutralises_formulas() -> None:
    sheet = load_workbook(io.BytesIO(table_xlsx(HOSTILE))).active
    assert sheet is not None
    assert [c.value for c in sheet["A"]] == ["单位", "'=1+1", "'@SUM(A1)", "区科技创新局"]
    assert sheet["B4"].value == 2.5
