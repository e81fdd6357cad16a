"""A task list with a column per year, one cell a line, read on a whole document written for these tests: each
numbered task's cells after it take their column's year, a bare count is named by its row's task, and a count
whose work is named in the clause before it takes that name."""

from __future__ import annotations

from planwatch.extract.language import schedule_years
from planwatch.models import Target
from tests.conftest import plan_targets, valued

SCHEDULE = """# 某区市容环境提升三年行动计划（2025-2027年）

一、主要任务

各街道要加强统筹，确保任务落实。三年内完成18座小微公园建设。

附件：任务清单

重点任务

2025年计划

2026年计划

2027年计划

责任单位

（1）结合养护工程对老旧设施开展集中整治。

路灯更换，完成320个；台阶修补，完成45处。

路灯更换，完成500个；台阶修补，完成60处。

路灯更换，完成80个。

区建管委

（2）建设口袋公园18座。

建设口袋公园5座。

建设口袋公园6座。

建设口袋公园7座。

区绿化市容局
"""


def targets() -> list[Target]:
    return plan_targets(SCHEDULE)


def test_a_cell_of_a_year_column_takes_that_year() -> None:
    (lamps,) = valued(targets(), 500.0, "个")
    assert lamps.target_year == 2026


def test_the_first_year_column_is_the_first_cell_after_the_task() -> None:
    (parks,) = valued(targets(), 5.0, "座")
    assert parks.target_year == 2025


def test_the_task_cell_itself_keeps_the_plan_end() -> None:
    (parks,) = valued(targets(), 18.0, "座")
    assert parks.target_year == 2027


def test_a_count_after_the_work_named_in_the_clause_before_takes_that_name() -> None:
    (steps,) = valued(targets(), 60.0, "处")
    assert steps.indicator == "台阶修补"


def test_year_column_names_glued_into_one_line_are_found() -> None:
    texts = ["任务分类重点任务2025年工作项目2026年计划2027年计划牵头部门", "（1）建设口袋公园18座。", "建设口袋公园5座。", "建设口袋公园6座。", "建设口袋公园7座。"]
    assert schedule_years(texts)[3] == (2026, True, 1)


def test_years_that_do_not_follow_one_another_are_no_columns() -> None:
    texts = ["2025年计划", "2027年计划", "（1）建设口袋公园18座。", "建设口袋公园5座。"]
    assert schedule_years(texts) == {}


def test_a_bare_count_in_a_year_column_is_named_by_its_task() -> None:
    from planwatch.extract.language import DocumentContext, TargetReader
    from planwatch.models import Paragraph

    reader = TargetReader(DocumentContext(reference_year=2024, period_start=2025, period_end=2027, title="某区三年行动计划（2025-2027年）"))
    (count,) = reader.read_in_column(Paragraph(text="200套", segments=((0, 1),)), 2026, "（2）更新社区健身器材600套。")
    assert count.indicator == "更新社区健身器材"


def test_a_task_total_the_text_already_sets_is_one_target() -> None:
    assert len(valued(targets(), 18.0, "座")) == 1


# --- bare counts one a line: cells, not a sentence the paragraph joiner should glue (fourteenth round) -------

BARE_CELLS = SCHEDULE.replace(
    "区绿化市容局\n",
    "区绿化市容局\n\n（3）更换分类垃圾箱900个。\n\n300个\n\n240个\n\n360个\n\n区绿化市容局\n",
)


def test_bare_counts_on_lines_of_their_own_stay_apart() -> None:
    from planwatch.ingest.pipeline import parse_text

    texts = [p.text for p in parse_text(BARE_CELLS, name="doc.txt").paragraphs]
    assert texts[texts.index("300个") + 1] == "240个"


def test_each_bare_count_cell_takes_its_columns_year() -> None:
    found = plan_targets(BARE_CELLS)
    assert [t.target_year for value in (300.0, 240.0, 360.0) for t in valued(found, value, "个")] == [2025, 2026, 2027]


def test_a_quantity_wrapped_inside_a_sentence_is_still_joined() -> None:
    from planwatch.ingest.pipeline import parse_text

    texts = [p.text for p in parse_text("某区三年行动计划\n\n新建社区食堂\n30个，覆盖全部街道。\n", name="doc.txt").paragraphs]
    assert "新建社区食堂30个，覆盖全部街道。" in texts
