"""The dashboard as an office's daily tool (#17 items 1–5), in Debian's chromium against a live server:
Chinese messages on every error path, data entry that keeps what was typed, the region typo refused
with its suggestion, chart markers as the README draws them, evidence quoted clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from planwatch.accounts import DEMO_PASSWORD
from planwatch.core import Planwatch
from planwatch.monitor.entry import add_observation
from planwatch.monitor.tasks import trackable_sections
from planwatch.settings import load_settings
from planwatch.store import Database, get_sections, section_numbering
from planwatch.store.monitoring import list_observations, list_task_entries

from .test_browser import base_url, browser, page, screenshot, served_db, sign_in  # noqa: F401 (fixtures)

# Three Latin words in a row is an English sentence (file names, PCT, R&D, GDP, API are single words).
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'’-]+[A-Za-z]{2,}){2,}")


def english_in(text: str) -> list[str]:
    return ENGLISH_SENTENCE.findall(text)


def flashes(page: Page) -> str:  # noqa: F811
    return " ".join(page.locator(".flash").all_inner_texts())


def chart_point(page: Page, selector: str, series: int, index: int) -> dict[str, object]:  # noqa: F811
    """Where ECharts drew point ``index`` of ``series`` and the colour of the canvas at its centre and at its rim."""
    found: dict[str, object] = page.evaluate(
        """([selector, series, index]) => {
            const element = document.querySelector(selector);
            const chart = echarts.getInstanceByDom(element);
            const item = chart.getOption().series[series].data[index];
            const [x, y] = chart.convertToPixel({seriesIndex: series}, item.value);
            const canvas = element.querySelector('canvas');
            const ratio = canvas.width / canvas.clientWidth;
            const pixel = (dx, dy) => Array.from(canvas.getContext('2d').getImageData(Math.round((x + dx) * ratio), Math.round((y + dy) * ratio), 1, 1).data.slice(0, 3));
            return {centre: pixel(0, 0), rim: pixel(4, 0), label: item.label && item.label.show ? item.label.formatter : null};
        }""",
        [selector, series, index],
    )
    return found


def whitish(rgb: object) -> bool:
    assert isinstance(rgb, list)
    return all(c > 230 for c in rgb)


def test_the_form_keeps_what_was_typed_after_an_error(page: Page, base_url: str) -> None:  # noqa: F811
    sign_in(page, base_url, "editor")
    page.goto(f"{base_url}/entry")
    form = page.locator("#add-observation")
    form.locator("select[name=region]").select_option("光明区")
    form.locator("select[name=indicator]").select_option("tech_contract_turnover")
    form.locator("input[name=year]").fill("2022")
    form.locator("input[name=value]").fill("约六亿")
    form.locator("input[name=source]").fill("光明区统计公报")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash.error")).to_contain_text("“实际值”约六亿不是数值")
    expect(form.locator("select[name=region]")).to_have_value("光明区")
    expect(form.locator("select[name=indicator]")).to_have_value("tech_contract_turnover")
    expect(form.locator("input[name=year]")).to_have_value("2022")
    expect(form.locator("input[name=value]")).to_have_value("约六亿")
    expect(form.locator("input[name=source]")).to_have_value("光明区统计公报")


def test_the_region_typo_is_refused_with_the_suggestion(page: Page, base_url: str, served_db: Database, tmp_path: Path) -> None:  # noqa: F811
    before = len(list_observations(served_db, include_history=True))
    upload = tmp_path / "南山填报.csv"
    upload.write_text("地区,指标,年份,实际值,单位,来源\n南山,PCT国际专利申请量,2022,8600,件,区统计公报\n", encoding="utf-8")
    sign_in(page, base_url, "editor")
    page.goto(f"{base_url}/entry")
    page.locator("#import-file input[type=file]").set_input_files(str(upload))
    page.locator("#import-file button[type=submit]").click()
    error = page.locator(".flash.error").first
    expect(error).to_contain_text("“地区”南山没有对应的规划")
    expect(error).to_contain_text("最接近的是“南山区”")
    expect(error).to_contain_text("南山填报.csv:2")
    assert "/tmp" not in flashes(page)
    assert len(list_observations(served_db, include_history=True)) == before


def test_the_template_downloads_from_the_entry_page(page: Page, base_url: str, tmp_path: Path) -> None:  # noqa: F811
    sign_in(page, base_url, "editor")
    page.goto(f"{base_url}/entry")
    page.locator("#download-template select[name=plan]").select_option("shenzhen")
    with page.expect_download() as download:
        page.locator("#download-template button[type=submit]").click()
    saved = tmp_path / "template.xlsx"
    download.value.save_as(saved)
    workbook = load_workbook(saved, read_only=True)
    tasks = list(workbook["任务进展"].iter_rows(values_only=True))
    kinds = {row[tasks[0].index("类型")] for row in tasks[1:]}
    assert kinds == {"任务"}  # the city's 十大行动 are sections: 任务, not `section`
    regions = {row[0] for row in list(workbook["指标监测"].iter_rows(values_only=True))[1:]}
    assert regions == {"深圳市"}


def test_correct_and_withdraw_by_button_and_the_correction_quotes_its_own_figure(
    page: Page,  # noqa: F811
    base_url: str,  # noqa: F811
    served_db: Database,  # noqa: F811
) -> None:
    row = {"region": "南山区", "indicator_key": "high_value_patents_per_10k", "year": "2022", "value": "150"}
    row |= {"unit": "件", "source": "南山区知识产权年报", "quote": "每万人口高价值发明专利拥有量150件"}
    created, _ = add_observation(served_db, row, entered_by="editor")
    sign_in(page, base_url, "editor")
    page.goto(f"{base_url}/plans/nanshan/targets/3?year=2023")
    fix = page.locator(f"#fix-{created.id}")
    fix.locator("summary").click()
    fix.locator("input[name=value]").fill("160")
    fix.locator("input[name=reason]").fill("年报更正")
    fix.get_by_role("button", name="更正").click()
    expect(page.locator(".flash.ok")).to_contain_text("已更正")
    current = next(o for o in list_observations(served_db, regions=["南山区"], indicator_keys=[row["indicator_key"]]) if o.year == 2022)
    assert (current.value, current.quote) == (160, "")  # the old quote stated 150
    expect(page.locator(f"#observations tr:has(a[href='/observations/{current.id}'])")).not_to_contain_text("150件")
    page.goto(f"{base_url}/observations/{current.id}")
    fix = page.locator(f"#fix-{current.id}")
    fix.locator("summary").click()
    fix.locator("input[name=reason]").fill("口径不一致")
    fix.get_by_role("button", name="撤回（不再计入）").click()
    expect(page.locator(".flash.ok")).to_contain_text("已撤回")
    latest = list_observations(served_db, regions=["南山区"], indicator_keys=[row["indicator_key"]])
    assert all(o.withdrawn for o in latest if o.year == 2022)


def test_task_progress_by_the_plans_numbering_and_by_its_title(page: Page, base_url: str, served_db: Database) -> None:  # noqa: F811
    outline = get_sections(served_db, "shenzhen")
    task = next(s for s in outline if section_numbering(s, outline) == "三（二）5")
    sign_in(page, base_url, "editor")
    page.goto(f"{base_url}/entry")
    form = page.locator("#add-task")
    form.locator("select[name=plan]").select_option("shenzhen")
    form.locator("input[name=section]").fill("三（二）5")
    form.locator("select[name=status]").select_option("推进中")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash.ok")).to_contain_text("已记录任务进展：《深圳市科技创新“十四五”规划》5.创建开放创新示范区 → 推进中")
    form.locator("select[name=plan]").select_option("shenzhen")
    form.locator("input[name=section]").fill(f"{task.label}{task.title}")  # as the task table shows it
    form.locator("select[name=status]").select_option("已完成")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash.ok")).to_contain_text("→ 已完成")
    statuses = [e.status for e in list_task_entries(served_db, "shenzhen") if e.section_path == task.path]
    assert statuses[-2:] == ["推进中", "已完成"]


def test_the_task_list_edits_a_row_and_updates_several_at_once(page: Page, base_url: str, served_db: Database) -> None:  # noqa: F811
    sign_in(page, base_url, "editor")
    page.goto(f"{base_url}/tasks/longgang?year=2026")
    rows = page.locator("#tasks tbody tr")
    first, second = rows.nth(0), rows.nth(1)
    first.locator("input[type=checkbox]").check()
    second.locator("input[type=checkbox]").check()
    bulk = page.locator("#bulk-status")
    bulk.locator("select[name=status]").select_option("已完成")
    bulk.locator("button[type=submit]").click()
    expect(page.locator(".flash.ok")).to_contain_text("已将《深圳市龙岗区科技创新发展“十四五”规划》的 2 项任务更新为“已完成”")
    expect(rows.nth(0).locator(".status")).to_have_text("已完成")
    expect(rows.nth(1).locator(".status")).to_have_text("已完成")
    edit = rows.nth(1).locator("details.edit-task")
    edit.locator("summary").click()
    edit.locator("select[name=status]").select_option("滞后")
    edit.locator("input[name=department]").fill("龙岗区科技创新局")
    edit.locator("button[type=submit]").click()
    expect(rows.nth(1).locator(".status")).to_contain_text("滞后")
    expect(rows.nth(1)).to_contain_text("龙岗区科技创新局")
    screenshot(page, "tasks")


def test_real_points_are_filled_illustrative_hollow_conflicts_red_with_a_mark(page: Page, base_url: str, served_db: Database) -> None:  # noqa: F811
    # 龙岗's R&D intensity rests on 示例数据 (2021–2023); a published 2020 figure and a second source for 2023 join it
    base = {"region": "龙岗区", "indicator_key": "rd_intensity", "unit": "%"}
    add_observation(served_db, base | {"year": "2020", "value": "11.17", "source": "龙岗区统计公报", "source_url": "http://example.org/a"})
    add_observation(served_db, base | {"year": "2023", "value": "8.0", "source": "另一口径", "source_url": "http://example.org/b"})
    page.goto(f"{base_url}/plans/longgang/targets/3?year=2023")
    selector = "#chart-indicator[data-rendered=true]"
    expect(page.locator(f"{selector} canvas")).to_have_count(1)
    years = page.evaluate(f"echarts.getInstanceByDom(document.querySelector('{selector}')).getOption().series[1].data.map(p => p.value[0])")
    real, illustrative, conflict = (chart_point(page, selector, 1, years.index(y)) for y in (2020, 2021, 2023))
    assert not whitish(real["centre"])  # published: filled
    assert whitish(illustrative["centre"])  # 示例数据: hollow
    assert not whitish(illustrative["rim"])  # … but drawn
    centre = conflict["centre"]
    assert isinstance(centre, list) and centre[0] > 180 and centre[2] < 100  # red
    assert conflict["label"] == "!"
    expect(page.locator("#conflicts")).to_contain_text("2023年各来源数值不一致")
    screenshot(page, "indicator-markers")
    page.goto(f"{base_url}/compare")
    expect(page.locator("#matrix .conflict").first).to_have_text(re.compile(r"!$"))


def test_no_empty_chart_box(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/plans/longgang/targets/9")  # 数字产业化和产业数字化水平位居全国前列: a rank with no value
    expect(page.locator("#chart-indicator")).to_have_count(0)
    expect(page.locator("#no-chart")).to_have_text("定性目标或目标值待定，不绘制进度图。")
    page.goto(f"{base_url}/plans/guangming/targets/13")  # 科技服务业占服务业比重: no data
    expect(page.locator("#chart-indicator")).to_have_count(0)
    expect(page.locator("#no-chart")).to_have_text("尚无观测值，录入后显示进度图。")


def test_the_heat_map_legend_prints_its_range_above_the_grid(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/compare")
    selector = "#chart-coverage[data-rendered=true]"
    expect(page.locator(f"{selector} canvas")).to_have_count(1)
    legend = page.evaluate(
        f"""(() => {{ const o = echarts.getInstanceByDom(document.querySelector('{selector}')).getOption();
            return {{text: o.visualMap[0].text, top: o.visualMap[0].top, gridTop: o.grid[0].top}}; }})()"""
    )
    high, low = legend["text"]
    assert re.fullmatch(r"相似度 0\.\d\d", high) and high != "相似度 0.00"
    assert low == "0.00"
    assert legend["top"] == 0 and legend["gridTop"] >= 50  # the legend sits above the grid, away from the axis labels


def test_evidence_is_quoted_clean_with_its_line_numbers(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/plans/longgang/targets/3")
    evidence = page.locator(".evidence li").first
    expect(evidence).to_contain_text("第131行")
    expect(evidence).to_contain_text("——产业核心竞争力大幅提升。全社会研发投入占GDP比重维持11%左右")
    assert "**" not in evidence.inner_text()
    page.goto(f"{base_url}/plans/shenzhen/targets/1")
    expect(page.locator(".evidence")).to_contain_text("全社会研发投入占地区生产总值比重达到5.5%-6%")
    page.goto(f"{base_url}/plans/guangming/targets/1")
    row = page.locator(".evidence li").first
    expect(row).to_contain_text("第35行")
    expect(row).to_contain_text("全社会研发支出占GDP比重，%，6.0，预期性")


MAIN_TEXT = "(html) => new DOMParser().parseFromString(html, 'text/html').querySelector('main').textContent"


def post_form(page: Page, url: str, fields: dict[str, str], *, csrf: bool = True) -> str:  # noqa: F811
    """Submit a form from the page as a browser would (with the session's CSRF token unless not), and
    return the text of the page it lands on (the form page with its messages, or an error page)."""
    text: str = page.evaluate(
        f"""async ([url, fields, csrf]) => {{
            const me = await (await fetch('/api/v1/me')).json();
            const body = new URLSearchParams(csrf ? {{csrf_token: me.csrf_token, ...fields}} : fields);
            const r = await fetch(url, {{method: 'POST', body}});
            return ({MAIN_TEXT})(await r.text());
        }}""",
        [url, fields, csrf],
    )
    return text


def test_no_english_error_sentence_reaches_a_person(page: Page, base_url: str, served_db: Database, tmp_path: Path) -> None:  # noqa: F811
    seen: dict[str, str] = {}

    def visit(url: str) -> None:
        page.goto(f"{base_url}{url}")
        seen[url] = page.locator("main").inner_text()

    def api(method: str, url: str, body: str | None = None) -> None:
        message = page.evaluate(
            """async ([method, url, body]) => {
                const me = await (await fetch('/api/v1/me')).json();
                const r = await fetch(url, {method, body, headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token || ''}});
                return (await r.json()).error.message;
            }""",
            [method, url, body],
        )
        seen[f"{method} {url} {body}"] = message

    for url in ("/plans/atlantis", "/plans/nanshan/targets/99", "/nowhere", "/?year=abc", "/?year=1800", "/observations/999999", "/tasks/atlantis"):
        visit(url)
    visit("/entry")  # anonymous: the sign-in page, no English
    api("GET", "/api/v1/plans/atlantis")
    api("GET", "/api/v1/plans/nanshan/assessment?year=abc")
    api("GET", "/api/v1/plans/nanshan/report?year=2023&format=pdf")
    api("POST", "/api/v1/observations", '{"region": "南山区"}')  # anonymous

    sign_in(page, base_url, "viewer")
    visit("/entry")
    api("POST", "/api/v1/observations", '{"region": "南山区", "indicator": "pct_applications", "year": 2023, "value": "1"}')
    page.context.clear_cookies()

    sign_in(page, base_url, "editor")
    api("POST", "/api/v1/observations", "{not json")
    api("POST", "/api/v1/observations", '{"region": "南山区", "indicator": "pct_applications", "year": 2031, "value": "x", "unit": "亿元"}')
    api("POST", "/api/v1/observations/999999/correct", '{"value": "1", "reason": "r"}')
    bad_rows = (
        "地区,指标,年份,实际值,单位\n"
        "南山区,PCT国际专利申请量,2023,很多,件\n"
        "南山区,PCT国际专利申请量,2031,3,亿元\n"
        "南山区,研发飞船数量,2023,3,艘\n"
        "南山,PCT国际专利申请量,2022,-3,件\n"
        "南山区,全社会研发投入占GDP比重,23,130,%\n"
    )
    uploads = {"rows.csv": bad_rows, "columns.csv": "名称,数量\n南山区,3\n", "broken.xlsx": "PK\x03\x04 not a workbook", "notes.txt": "abc"}
    for name, content in uploads.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        page.goto(f"{base_url}/entry")
        page.locator("#import-file input[type=file]").set_input_files(str(path))
        page.locator("#import-file button[type=submit]").click()
        page.wait_for_load_state()
        seen[f"import {name}"] = page.locator("main").inner_text()
    forms = [
        ("/entry/observation", {"region": "南山区", "indicator": "pct_applications", "year": "20x3", "value": "8600"}),
        ("/entry/observation", {"region": "南山区", "indicator": "pct_applications", "year": "2023", "value": "3", "unit": "亿元"}),
        ("/entry/correct", {"observation_id": "999999", "value": "1", "reason": "r"}),
        ("/entry/correct", {"observation_id": "1", "value": "abc", "reason": " "}),
        ("/entry/correct", {"observation_id": "abc", "reason": "r"}),
        ("/entry/task", {"plan": "shenzhen", "section": "九（九）99", "status": "推进中", "entry_date": "2023-06-30"}),
        ("/entry/task", {"plan": "shenzhen", "section": "三（二）5", "status": "差不多", "entry_date": "2023-06-30"}),
        ("/entry/task", {"plan": "shenzhen", "section": "三（二）5", "status": "推进中", "entry_date": "2023-06-30", "due": "明年"}),
        ("/entry/task", {"plan": "atlantis", "section": "1", "status": "推进中", "entry_date": "2023-06-30"}),
        ("/entry/task", {"plan": "shenzhen", "section": "三（二）5", "status": "推进中", "entry_date": "六月"}),
        ("/tasks/longgang/bulk", {"status": "推进中", "entry_date": "2023-06-30"}),
        ("/entry/narrative", {"plan": "nanshan", "subject": "99", "field": "reasons", "text": "说明"}),
        ("/plans/longgang/targets/1/review", {"decision": "corrected", "value": "很多"}),
        ("/plans/longgang/targets/1/review", {"decision": "maybe"}),
    ]
    page.goto(f"{base_url}/entry")
    for url, fields in forms:
        seen[f"POST {url} {fields}"] = post_form(page, url, fields)
    seen["CSRF"] = post_form(page, "/entry/task", {"plan": "x"}, csrf=False)

    page.context.clear_cookies()  # an editor of 南山区 on 光明区's data (#17 item 7)
    owner = Planwatch(load_settings(), database=served_db)
    owner.create_user("walk_nanshan", DEMO_PASSWORD, "editor", regions=["南山区"])
    guangming_task = trackable_sections(get_sections(served_db, "guangming"))[0].path
    guangming_value = next(o.id for o in list_observations(served_db, regions=["光明区"]) if not o.withdrawn)
    sign_in(page, base_url, "walk_nanshan")
    before = set(seen)
    api("POST", "/api/v1/observations", '{"region": "光明区", "indicator": "tech_contract_turnover", "year": 2023, "value": "9", "unit": "亿元"}')
    api("POST", "/api/v1/plans/guangming/tasks", json.dumps({"section": guangming_task, "status": "推进中"}))
    refused = [
        ("/tasks/guangming/bulk", {"status": "推进中", "entry_date": "2023-06-30", "section": guangming_task}),
        ("/entry/task", {"plan": "guangming", "section": guangming_task, "status": "推进中", "entry_date": "2023-06-30"}),
        ("/entry/narrative", {"plan": "guangming", "subject": "1", "field": "reasons", "text": "说明"}),
        ("/entry/correct", {"observation_id": str(guangming_value), "value": "1", "reason": "核对"}),
        ("/entry/observation", {"region": "光明区", "indicator": "tech_contract_turnover", "year": "2023", "value": "9", "unit": "亿元"}),
    ]
    page.goto(f"{base_url}/entry")
    for url, fields in refused:
        seen[f"POST {url} {fields}"] = post_form(page, url, fields)
    assert [where for where in set(seen) - before if "您只能更改南山区的数据" not in seen[where]] == []
    english = {where: found for where, text in seen.items() if (found := english_in(text))}
    assert english == {}
    assert len(seen) >= 42
