"""The views an office needs (#17 item 6), in Debian's chromium against a live server whose clock
is pinned to 2024-12-01: lists filtered and sorted by the server and kept on the page, each list
exported as XLSX and CSV with the same filters, a department's tasks, the overview's 提醒, the
390 px layout, the print stylesheet, /compare's navigation and year, /docs' way back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from planwatch.core import Planwatch
from planwatch.settings import load_settings
from planwatch.store import Database
from planwatch.web.app import create_app

from .conftest import demo_with_accounts, live_server
from .test_browser import browser, page, screenshot, sign_in  # noqa: F401 (fixtures)
from .test_browser_dashboard import english_in

TODAY = date(2024, 12, 1)
HOSTILE_DEPARTMENT = '=HYPERLINK("http://example.invalid","点此")'


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Planwatch]:
    db: Database = demo_with_accounts(tmp_path_factory.mktemp("views"))
    pw = Planwatch(load_settings(secret="views-tests"), database=db, today=TODAY)
    # due within a month of the pinned day: a due-soon reminder
    pw.add_task_progress("longgang", "4.1.1", status="推进中", entry_date=date(2024, 11, 1), due=date(2024, 12, 20), entered_by="demo")
    # a department named like a formula: the exports must not run it
    pw.add_task_progress(
        "nanshan", "5.1.1", status="推进中", entry_date=date(2024, 11, 2), department=HOSTILE_DEPARTMENT, entered_by="demo"
    )
    yield pw
    db.close()


@pytest.fixture(scope="module")
def base_url(office: Planwatch) -> Iterator[str]:
    with live_server(create_app(office)) as url:
        yield url


def column(shown: Page, table: str, header: str) -> list[str]:
    """The texts of the column headed ``header`` (its header may carry a sort arrow)."""
    texts: list[str] = shown.evaluate(
        """([table, header]) => {
            const heads = [...document.querySelectorAll(`${table} thead th`)].map((th) => th.innerText.replace(/[▲▼]/g, '').trim());
            const index = heads.indexOf(header);
            if (index < 0) throw new Error('no column ' + header);
            return [...document.querySelectorAll(`${table} tbody tr`)].filter((tr) => tr.children.length > index).map((tr) => tr.children[index].innerText.trim());
        }""",
        [table, header],
    )
    return texts


def follow(shown: Page, selector: str, has_text: str | None = None) -> None:
    """Click a link or submit button and wait for the page it loads (the tables are read next)."""
    with shown.expect_navigation():
        shown.locator(selector, has_text=has_text).click()


def share(text: str) -> float | None:
    return float(text.rstrip("%")) if text.endswith("%") else None


# -- filter and sort -------------------------------------------------------------------------------


def test_indicators_filter_by_status_and_the_page_keeps_the_choice(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/indicators")
    everything = len(column(page, "#indicators", "状态"))
    page.locator("#indicator-filters select[name=status]").select_option("滞后")
    follow(page, "#indicator-filters button[type=submit]")
    statuses = column(page, "#indicators", "状态")
    assert statuses, "the demo has lagging indicators"
    assert set(statuses) == {"滞后"}
    assert len(statuses) < everything
    expect(page.locator("#indicator-filters select[name=status]")).to_have_value("滞后")
    screenshot(page, "indicators")


def test_indicators_filter_by_region_attribute_and_field(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/indicators?region=南山区")
    assert set(column(page, "#indicators", "地区")) == {"南山区"}
    page.goto(f"{base_url}/indicators?attribute=预期性")
    assert set(column(page, "#indicators", "属性")) == {"预期性"}
    page.goto(f"{base_url}/indicators?domain=创新投入")
    fields = column(page, "#indicators", "领域")
    assert fields
    assert set(fields) == {"创新投入"}
    expect(page.locator("#indicator-filters select[name=domain]")).to_have_value("创新投入")


def test_sorting_by_a_header_orders_the_rows_and_again_reverses_them(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/indicators?region=光明区")
    follow(page, "#indicators thead a.sort", "完成进度")
    rated = [v for v in map(share, column(page, "#indicators", "完成进度")) if v is not None]
    assert rated == sorted(rated)
    assert len(rated) >= 2
    follow(page, "#indicators thead a.sort", "完成进度")
    again = [v for v in map(share, column(page, "#indicators", "完成进度")) if v is not None]
    assert again == sorted(rated, reverse=True)
    # the sort kept the region chosen before it
    assert set(column(page, "#indicators", "地区")) == {"光明区"}


def test_tasks_filter_by_status_and_department_and_sort_by_due_date(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/tasks/shenzhen?year=2024")
    page.locator("#task-filters select[name=department]").select_option("市科技创新局")
    follow(page, "#task-filters button[type=submit]")
    assert set(column(page, "#tasks", "责任单位")) == {"市科技创新局"}
    expect(page.locator("#task-filters select[name=department]")).to_have_value("市科技创新局")
    follow(page, "#tasks thead a.sort", "计划完成")
    due = column(page, "#tasks", "计划完成")
    assert due == sorted(due)
    assert set(column(page, "#tasks", "责任单位")) == {"市科技创新局"}
    page.goto(f"{base_url}/tasks/shenzhen?year=2024&status=滞后")
    assert [s.split()[0] for s in column(page, "#tasks", "状态")] == ["滞后"]


def test_tasks_due_by_and_overdue_only(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/tasks/shenzhen?year=2024&due_by=2023-06-30")
    due = column(page, "#tasks", "计划完成")
    assert due
    assert all(d <= "2023-06-30" for d in due)
    page.goto(f"{base_url}/tasks/shenzhen?year=2024&overdue=1")
    statuses = column(page, "#tasks", "状态")
    assert statuses
    assert all("逾期" in s for s in statuses)


def test_sorting_works_without_javascript(browser: Browser, base_url: str) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    plain = context.new_page()
    plain.goto(f"{base_url}/tasks/longgang?year=2024")
    follow(plain, "#tasks thead a.sort", "责任单位")
    departments = plain.locator("#tasks tbody tr td:nth-child(5)").all_inner_texts()  # 编号 任务 状态 日期 责任单位
    context.close()
    named = [d for d in departments if d]
    assert len(named) >= 2
    assert named == sorted(named)


# -- export ----------------------------------------------------------------------------------------


def test_the_filtered_list_exports_as_csv_with_a_bom_and_as_xlsx(page: Page, base_url: str, tmp_path: Path) -> None:  # noqa: F811
    page.goto(f"{base_url}/indicators?status=滞后&sort=region")
    shown = column(page, "#indicators", "指标")
    with page.expect_download() as got:
        page.locator("a.export-csv").click()
    assert got.value.suggested_filename == "指标一览-2023.csv"
    raw = Path(got.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r[rows[0].index("指标")] for r in rows[1:]] == shown
    with page.expect_download() as got:
        page.locator("a.export-xlsx").click()
    assert got.value.suggested_filename == "指标一览-2023.xlsx"
    sheet = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes())).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert [r[header.index("指标")] for r in sheet.iter_rows(min_row=2, values_only=True)] == shown


def test_exports_neutralise_a_formula_typed_as_a_department(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/tasks/nanshan?year=2024")
    with page.expect_download() as got:
        page.locator("a.export-xlsx").click()
    sheet = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes())).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    departments = [r[header.index("责任单位")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'" + HOSTILE_DEPARTMENT in departments
    with page.expect_download() as got:
        page.locator("a.export-csv").click()
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    assert "'" + HOSTILE_DEPARTMENT in [r[7] for r in csv.reader(io.StringIO(text))]


def test_the_reminder_lists_export_what_they_show(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(base_url)
    shown = column(page, "#overdue-tasks", "任务/项目")
    with page.expect_download() as got:
        page.locator("#reminders a.export-csv").first.click()
    assert got.value.suggested_filename == "已逾期的任务-2024-12-01.csv"
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert [r[rows[0].index("任务/项目")] for r in rows[1:]] == shown


# -- a department's view ---------------------------------------------------------------------------


def test_a_department_sees_its_tasks_overdue_first(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/departments")
    page.locator("#department-filter select[name=department]").select_option("市科技创新局")
    follow(page, "#department-filter button[type=submit]")
    rows = page.locator("#department-tasks tbody tr")
    overdue = [("逾期" in s) for s in column(page, "#department-tasks", "状态")]
    assert overdue[0] is True
    assert overdue == sorted(overdue, reverse=True)
    expect(rows).to_have_count(len(overdue))
    assert len(overdue) == 4  # every task the demo gives 市科技创新局
    expect(page.locator("#department-filter select[name=department]")).to_have_value("市科技创新局")
    expect(page.locator("#department-indicators")).to_contain_text("没有登记责任单位")
    screenshot(page, "department")


def test_the_department_list_names_every_department_of_the_entries(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/departments")
    options = page.locator("#department-filter select[name=department] option").all_inner_texts()
    assert "光明科学城管委会" in options
    assert "区金融工作局" in options


# -- the overview's reminders ----------------------------------------------------------------------


def test_the_overview_lists_overdue_tasks_and_those_due_soon_as_of_the_pinned_day(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(base_url)
    expect(page.locator("#reminders h2")).to_contain_text("2024-12-01")
    overdue = page.locator("#overdue-tasks tbody")
    expect(overdue).to_contain_text("科技型企业")  # 龙岗 三（一）3, 滞后
    expect(overdue.locator("tr", has_text="龙岗区")).to_have_count(1)
    soon = page.locator("#due-soon-tasks tbody")
    expect(soon).to_contain_text("2024-12-20")
    expect(soon).to_contain_text("2024-12-31")  # 南山 六（二）3, 30 days away: within the default month
    page.locator("#reminder-days input[name=days]").fill("20")
    follow(page, "#reminder-days button[type=submit]")
    expect(page.locator("#due-soon-tasks tbody")).to_contain_text("2024-12-20")
    expect(page.locator("#due-soon-tasks tbody")).not_to_contain_text("2024-12-31")
    expect(page.locator("#reminder-days input[name=days]")).to_have_value("20")
    screenshot(page, "reminders")


def test_an_indicator_leaves_the_missing_data_list_once_last_years_value_is_entered(
    page: Page,  # noqa: F811
    base_url: str,
    office: Planwatch,
) -> None:
    page.goto(base_url)
    first = office.reminders().missing[0]
    assert first.rated.series_key is not None
    region = first.plan.region or ""
    before = page.locator("#missing-indicators tbody tr", has_text=region).count()
    assert before >= 1
    unit = office.catalog[first.rated.series_key].unit
    office.add_observation(
        {"indicator_key": first.rated.series_key, "region": region, "year": "2023", "value": "1", "unit": unit, "source": "测试"},
        entered_by="demo",
    )
    page.reload()
    expect(page.locator("#missing-indicators tbody tr", has_text=region)).to_have_count(before - 1)


# -- layout: phone and print -----------------------------------------------------------------------

MAIN_PAGES = (
    "/",
    "/indicators",
    "/departments?department=市科技创新局",
    "/plans/shenzhen",
    "/plans/guangming/targets/1",
    "/tasks/shenzhen",
    "/compare",
    "/search?q=研发投入",
    "/reports",
    "/entry",
    "/docs",
)


def test_at_390_px_no_page_scrolls_sideways_and_the_nav_keeps_whole_words(browser: Browser, base_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2)
    phone = context.new_page()
    sign_in(phone, base_url, "editor")
    widths = {}
    broken_links: dict[str, list[str]] = {}
    for path in MAIN_PAGES:
        phone.goto(f"{base_url}{path}")
        phone.wait_for_load_state("networkidle")
        widths[path] = phone.evaluate("document.scrollingElement.scrollWidth")
        if path != "/docs":
            broken_links[path] = phone.evaluate(
                """[...document.querySelectorAll('header nav a')]
                    .filter((a) => a.getClientRects().length !== 1 || a.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(a).fontSize))
                    .map((a) => a.innerText)"""
            )
        if path == "/compare":
            phone.screenshot(path=str(_shot("compare-390")))
            narrowest = phone.evaluate("Math.min(...[...document.querySelectorAll('#matrix tbody td:first-child')].map((td) => td.getBoundingClientRect().width))")
    context.close()
    assert {p: w for p, w in widths.items() if w > 390} == {}
    assert {p: links for p, links in broken_links.items() if links} == {}
    assert narrowest >= 100  # the indicator names of the matrix read as lines, not one character each


def _shot(name: str) -> Path:
    from .test_browser import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def test_print_hides_the_controls_and_spreads_tables_across_the_page(page: Page, base_url: str) -> None:  # noqa: F811
    sign_in(page, base_url, "editor")
    page.goto(f"{base_url}/tasks/shenzhen?year=2024")
    page.emulate_media(media="print")
    expect(page.locator("header nav")).to_be_hidden()
    expect(page.locator("#task-filters")).to_be_hidden()
    expect(page.locator("#bulk-status")).to_be_hidden()
    expect(page.locator("a.export-csv")).to_be_hidden()
    expect(page.locator("#tasks")).to_be_visible()
    table_width, main_width = page.evaluate(
        "[document.querySelector('#tasks').getBoundingClientRect().width, document.querySelector('main').getBoundingClientRect().width]"
    )
    assert abs(table_width - main_width) < 1
    breaks = page.evaluate("getComputedStyle(document.querySelector('#tasks tbody tr')).breakInside")
    assert breaks == "avoid"
    header_repeats = page.evaluate("getComputedStyle(document.querySelector('#tasks thead')).display")
    assert header_repeats == "table-header-group"


# -- /compare and /docs ----------------------------------------------------------------------------


def test_compare_has_in_page_navigation_and_a_year_selector(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/compare")
    page.locator("#compare-nav a", has_text="一致性检查").click()
    assert page.url.endswith("#sec-findings")
    top = page.evaluate("document.querySelector('#sec-findings').getBoundingClientRect().top")
    assert 0 <= top < 50
    page.locator("#compare-year select[name=year]").select_option("2022")
    follow(page, "#compare-year button[type=submit]")
    expect(page.locator("h1")).to_contain_text("2022年")
    expect(page.locator("#compare-year select[name=year]")).to_have_value("2022")


def test_the_api_docs_link_back_to_the_dashboard(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("planwatch API")
    page.locator("#docs-home").click()
    expect(page.locator("h1")).to_have_text("规划实施总览")


# -- Chinese on the new pages and their error paths ------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/indicators",
        "/indicators?sort=bogus",
        "/indicators?year=1999",
        "/indicators/export?format=pdf",
        "/tasks/shenzhen?due_by=tomorrow",
        "/tasks/shenzhen?overdue=perhaps",
        "/departments?department=不存在的单位",
        "/departments/export?format=csv",
        "/compare/export?table=bogus&format=csv",
        "/?days=0",
    ],
)
def test_no_english_sentence_on_the_list_pages_or_their_errors(page: Page, base_url: str, path: str) -> None:  # noqa: F811
    page.goto(f"{base_url}{path}")
    text = page.locator("main").inner_text()
    assert english_in(text) == []
    assert re.search(r"[\u4e00-\u9fff]", text)
