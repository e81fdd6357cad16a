"""Why-questions answered from the evaluators' narratives (原因分析, 已采取措施, 下一步) cited to their
author and time, falling back to the rating's explanation; and one rule for 滞后 and 逾期 tasks in
answers and on the task page (issue #14). The narrative texts are our own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from planwatch.models import NarrativeField, SubjectKind
from planwatch.monitor.narratives import narrative_input
from planwatch.monitor.tasks import task_statuses
from planwatch.search.answer import AnswerKind, ask
from planwatch.store import Database, get_sections
from planwatch.store.evaluation import add_narratives
from planwatch.store.monitoring import list_task_entries

from .conftest import demo_with_accounts

NANSHAN_FIRMS = "国家级高新技术企业数量"
REASONS = "受外部需求收缩影响，部分企业未通过重新认定。"
MEASURES = "已组织认定辅导专场六次。"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One writable demo database: each test writes narratives about its own subject."""
    database = demo_with_accounts(tmp_path_factory.mktemp("why"))
    yield database
    database.close()


def _write(db: Database, plan: str, kind: SubjectKind, subject: str, field: NarrativeField, text: str, author: str) -> None:
    add_narratives(db, [narrative_input(db, plan, kind, subject, field, text)], entered_by=author)


@pytest.fixture(scope="module")
def explained(demo: Database) -> Database:
    """南山's lagging firm count with reasons and measures written by 王五."""
    _write(demo, "nanshan", SubjectKind.TARGET, NANSHAN_FIRMS, NarrativeField.REASONS, REASONS, "王五")
    _write(demo, "nanshan", SubjectKind.TARGET, NANSHAN_FIRMS, NarrativeField.MEASURES, MEASURES, "王五")
    return demo


def test_a_why_question_is_answered_from_the_reasons_written(explained: Database) -> None:
    answer = ask(explained, "为什么南山区国家级高新技术企业数量滞后？")
    assert answer.kind == AnswerKind.explanation
    assert "原因分析：受外部需求收缩影响，部分企业未通过重新认定" in answer.text


def test_the_measures_taken_follow_the_reasons(explained: Database) -> None:
    text = ask(explained, "为什么南山区国家级高新技术企业数量滞后？").text
    assert text.index("原因分析") < text.index("已采取措施：已组织认定辅导专场六次")


def test_a_narrative_is_cited_to_its_author_and_time(explained: Database) -> None:
    answer = ask(explained, "南山区国家级高新技术企业数量滞后的原因是什么？")
    cited = [c for c in answer.citations if c.narrative_id is not None]
    assert [c.text for c in cited] == [REASONS, MEASURES]
    assert "原因分析（王五，" in str(cited[0])


def test_the_rating_and_its_numbers_stay_beside_the_narrative(explained: Database) -> None:
    answer = ask(explained, "为什么南山区国家级高新技术企业数量滞后？")
    assert "进度比0.81" in answer.text


def test_the_latest_version_of_a_narrative_answers(demo: Database) -> None:
    subject = "全社会研发投入占GDP比重"
    _write(demo, "longgang", SubjectKind.TARGET, subject, NarrativeField.REASONS, "初稿：统计口径调整。", "张三")
    _write(demo, "longgang", SubjectKind.TARGET, subject, NarrativeField.REASONS, "复核后：重点企业研发支出下降。", "李四")
    answer = ask(demo, "为什么龙岗区研发投入强度严重滞后？")
    assert "复核后：重点企业研发支出下降" in answer.text
    assert "统计口径调整" not in answer.text


def test_without_a_narrative_the_rating_explains(demo: Database) -> None:
    answer = ask(demo, "光明区每万人发明专利拥有量为什么滞后？")
    assert not [c for c in answer.citations if c.narrative_id is not None]
    assert "进度比0.56" in answer.text


def test_a_why_question_about_a_task_names_its_status_and_narrative(demo: Database) -> None:
    path = next(s.path for s in get_sections(demo, "longgang") if s.title == "强化科技型企业梯队建设")
    _write(demo, "longgang", SubjectKind.TASK, path, NarrativeField.NEXT_STEPS, "下季度完成梯队名单复核。", "赵六")
    answer = ask(demo, "为什么强化科技型企业梯队建设滞后？")
    assert "强化科技型企业梯队建设：滞后" in answer.text
    assert "下一步：下季度完成梯队名单复核" in answer.text


def test_a_task_why_is_cited_to_the_task_line(demo: Database) -> None:
    answer = ask(demo, "为什么强化科技型企业梯队建设滞后？")
    assert {line for c in answer.citations for line in c.lines} == {155}


# --- 滞后 and 逾期: the answers say what the task page says ------------------------------------


def _statuses(db: Database, plan: str) -> list[tuple[str, str, bool]]:
    sections = get_sections(db, plan)
    return [(s.section.title, s.status, s.overdue) for s in task_statuses(sections, list_task_entries(db, plan), date.today())]


def test_lagging_tasks_are_those_recorded_as_lagging(demo_db: Database) -> None:
    answer = ask(demo_db, "龙岗区哪些重点任务滞后？")
    recorded = {title for title, status, _ in _statuses(demo_db, "longgang") if status == "滞后"}
    assert all(title in answer.text for title in recorded)
    assert "推动国际大学园" not in answer.text  # past its due date, recorded 推进中: 逾期, not 滞后


def test_overdue_tasks_are_those_the_task_page_marks_overdue(demo_db: Database) -> None:
    answer = ask(demo_db, "龙岗区哪些任务逾期？")
    overdue = {title for title, _, late in _statuses(demo_db, "longgang") if late}
    assert all(title in answer.text for title in overdue)
    assert answer.text.count("（逾期）") == len(overdue)


def test_an_overdue_task_keeps_its_recorded_status_in_the_answer(demo_db: Database) -> None:
    answer = ask(demo_db, "龙岗区哪些任务逾期？")
    assert "推动国际大学园院校高质量跨越式发展（三、主要任务）：推进中（逾期）" in answer.text
