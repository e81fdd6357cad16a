"""Target extraction: numbers and units, prose and tables in varied styles, gold regression."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planwatch.api import evaluate_folder
from planwatch.extract import extract_targets, map_indicator, parse_quantity
from planwatch.extract.language import DocumentContext, SectionHint, TargetReader
from planwatch.extract.numbers import cn_number
from planwatch.ingest import parse_source
from planwatch.ingest.normalise import clean_line
from planwatch.models import Paragraph, ParsedPlan, PlanMeta, SourceDocument, TargetScope

from .conftest import GOLD_FILE, PLANS_DIR


@pytest.mark.parametrize(
    ("text", "value", "high", "unit", "qualifier"),
    [
        ("5万件", 50000, None, "件", None),
        ("1.1万亿元", 11000, None, "亿元", None),
        ("2.2 万家", 22000, None, "家", None),
        ("5.5%-6%", 5.5, 6.0, "%", "range"),
        ("4.5%至5%", 4.5, 5.0, "%", "range"),
        ("4.5%~6.5%", 4.5, 6.5, "%", "range"),
        ("1-2个", 1, 2, "个", "range"),
        (">45.0", 45.0, None, "", "超过"),
        ("≥80%", 80, None, "%", "不低于"),
        ("800人•年", 800, None, "人年", None),
        ("5000名以上", 5000, None, "人", "以上"),
        ("两万家", 20000, None, "家", None),
        ("三千项", 3000, None, "项", None),
        ("11% 左右", 11, None, "%", "左右"),
        ("500万元", 0.05, None, "亿元", None),
    ],
)
def test_parse_quantity(text: str, value: float, high: float | None, unit: str, qualifier: str | None) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.value, quantity.value_high, quantity.unit, quantity.qualifier) == (pytest.approx(value), high, unit, qualifier)


def test_placeholders_are_never_zero() -> None:
    for text in ("XX件", "N项"):
        quantity = parse_quantity(text)
        assert quantity is not None
        assert quantity.value is None
        assert quantity.placeholder
        assert quantity.qualifier == "placeholder"


def test_chinese_numerals() -> None:
    assert [cn_number(t) for t in ("三千", "两万", "一百二十", "〇", "十", "十五", "一亿二千万")] == [
        3000,
        20000,
        120,
        0,
        10,
        15,
        120_000_000,
    ]


def prose(text: str, year: int = 2025) -> list[tuple[str, float | None, float | None, str, str | None, str]]:
    """Targets of a sentence standing in the goals section of a plan for 2021–``year``."""
    paragraph = Paragraph(text=clean_line(text), segments=((0, 1),))
    reader = TargetReader(DocumentContext(reference_year=2021, period_start=2021, period_end=year))
    found = reader.read(paragraph, SectionHint(path="2.3", goals=True))
    return [(t.indicator, t.value, t.value_high, t.unit, t.qualifier, t.kind) for t in found]


def test_prose_targets_in_other_cities_wordings() -> None:
    assert prose("到2025年，全市研究与试验发展经费投入强度达到3.5%左右，每万人口高价值发明专利拥有量达到15件。") == [
        ("研究与试验发展经费投入强度", 3.5, None, "%", "左右", "level"),
        ("每万人口高价值发明专利拥有量", 15, None, "件", "达到", "level"),
    ]
    assert prose("“十四五”期间，新增国家级高新技术企业1000家、省级工程技术研究中心50个，技术合同成交额突破300亿元。") == [
        ("新增国家级高新技术企业", 1000, None, "家", None, "increment"),
        ("新增省级工程技术研究中心", 50, None, "个", None, "increment"),
        ("技术合同成交额", 300, None, "亿元", "突破", "level"),
    ]
    assert prose("全社会研发经费投入年均增长12%以上，规模以上工业企业研发机构覆盖率不低于50%。") == [
        ("全社会研发经费投入年均增长", 12, None, "%", "以上", "annual_growth"),
        ("规模以上工业企业研发机构覆盖率", 50, None, "%", "不低于", "level"),
    ]


def test_full_width_digits_and_traditional_characters_are_read_in_simplified_form() -> None:
    assert prose("到２０２５年，全區高新技術企業數量達到１２００家以上。") == [("高新技术企业数量", 1200, None, "家", "以上", "level")]


def test_traditional_evidence_keeps_the_text_as_printed() -> None:
    paragraph = Paragraph(text="到2025年，全區高新技術企業數量達到1200家以上。", segments=((0, 1),))
    (target,) = TargetReader(DocumentContext(reference_year=2021)).read(paragraph)
    assert target.evidence[0].text == "全區高新技術企業數量達到1200家以上"


def test_years_and_counts_of_batches_are_not_targets() -> None:
    assert prose("5年内建成一批新型研发机构，打造三大创新高地，2020年实现突破。") == []


def test_rank_target_is_qualitative() -> None:
    (target,) = prose("PCT国际专利申请量稳居全国城市首位")
    assert target[0] == "PCT国际专利申请量"
    assert target[1] is None
    assert target[3] == "rank"


def test_table_and_prose_of_one_target_merge(parsed: dict[str, ParsedPlan]) -> None:
    targets, _, _ = extract_targets(parsed["baoan"])
    firms = next(t for t in targets if t.indicator == "国家高新技术企业数")
    assert (firms.value, firms.unit, firms.qualifier, firms.source, firms.lines) == (6500, "家", "以上", "both", (339, 320))
    placeholders = [t for t in targets if t.placeholder]
    assert [t.indicator for t in placeholders] == ["授权发明专利数", "主导及参与研制国际、国家、行业标准"]
    assert all(t.value is None for t in placeholders)


def test_guangming_target_below_baseline_is_warned(parsed: dict[str, ParsedPlan]) -> None:
    targets, _, warnings = extract_targets(parsed["guangming"])
    rd = next(t for t in targets if t.indicator_key == "rd_intensity")
    assert (rd.value, rd.qualifier, rd.baseline_value, rd.baseline_year, rd.attribute) == (6.0, "以上", 7.9, 2020, "预期性")
    assert any("目标低于基期值" in w and "全社会研发支出占GDP比重" in w for w in warnings)
    strategic = next(t for t in targets if t.indicator_key == "sei_share_gdp")
    assert (strategic.value, strategic.qualifier, strategic.lines) == (45.0, "超过", (71, 26))


def test_city_targets_from_prose_with_scales(parsed: dict[str, ParsedPlan]) -> None:
    targets, _, _ = extract_targets(parsed["shenzhen"])
    by_key = {t.indicator_key: t for t in targets}
    assert (by_key["rd_intensity"].value, by_key["rd_intensity"].value_high, by_key["rd_intensity"].baseline_value) == (5.5, 6.0, 5.46)
    assert (by_key["national_high_tech_enterprises"].value, by_key["national_high_tech_enterprises"].qualifier) == (22000, "突破")
    assert by_key["high_tech_zone_gdp"].value == 11000
    assert by_key["high_tech_zone_gdp"].unit == "亿元"
    assert by_key["national_high_tech_enterprises"].baseline_value == 18600


def test_historical_rows_keep_raw_cells(parsed: dict[str, ParsedPlan], gold: dict[str, Any]) -> None:
    _, historical, _ = extract_targets(parsed["baoan"])
    raw = {(h.indicator, h.target_raw, h.actual_raw) for h in historical}
    for record in (g for g in gold["historical"] if g["plan"] == "002_f5defb963672fdb1.txt"):
        assert any(name.startswith(record["indicator"]) and (t, a) == (record["target_raw"], record["actual_raw"]) for name, t, a in raw), (
            record
        )
    assert len(historical) == len([g for g in gold["historical"] if g["plan"] == "002_f5defb963672fdb1.txt"])


def test_catalog_maps_synonyms_and_keeps_shares_apart() -> None:
    assert map_indicator("全社会研发支出占GDP比重", "%")[0] == "rd_intensity"
    assert map_indicator("战略性新兴产业增加值", "亿元")[0] == "sei_value_added"
    assert map_indicator("战略性新兴产业增加值占GDP比重", "%")[0] == "sei_share_gdp"
    assert map_indicator("每万人口发明专利拥有量", "件")[0] == "invention_patents_per_10k"
    assert map_indicator("城市绿化覆盖率", "%")[0] is None


@pytest.mark.parametrize("name", ["全市生产总值", "GDP", "研究与试验发展经费投入强度"])
def test_a_name_equal_to_a_catalog_name_once_normalised_scores_exactly_one(name: str) -> None:
    assert map_indicator(name, "%" if "强度" in name else "亿元")[1] == 1.0


def test_catalog_can_be_extended_by_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("indicators:\n  - {key: green_cover, name: 城市绿化覆盖率, unit: '%'}\n", encoding="utf-8")
    monkeypatch.setenv("PLANWATCH_CATALOG", str(extra))
    assert map_indicator("城市绿化覆盖率", "%")[0] == "green_cover"


def test_extraction_generalises_to_a_new_plan() -> None:
    text = "\n".join(
        [
            "某市科技创新“十四五”规划",
            "",
            "一、发展目标",
            "",
            "到2025年，全市研发投入强度达到4%以上，国家高新技术企业突破2万家。",
            "",
            "表1 主要指标",
            "序号\t指标\t单位\t2020年\t2025年目标值\t属性",
            "1\t全社会研发投入占地区生产总值比重\t%\t3.2\t4\t预期性",
            "2\t技术合同成交额\t亿元\t-\t500\t预期性",
            "",
            "二、主要任务",
            "",
            "（一）建设实验室",
            "",
            "新建实验室20家。",
        ]
    )
    source = SourceDocument(path="city.txt", format="txt", encoding="utf-8", text=text, checksum="x", size=len(text))
    plan = parse_source(source, PlanMeta(title="某市科技创新“十四五”规划", period_start=2021, period_end=2025))
    targets, _, _ = extract_targets(plan)
    summary = {(t.indicator_key, t.value, t.unit, t.source) for t in targets}
    assert summary == {
        ("rd_intensity", 4.0, "%", "both"),
        ("national_high_tech_enterprises", 20000.0, "家", "prose"),
        ("tech_contract_turnover", 500.0, "亿元", "table"),
        (None, 20.0, "家", "prose"),  # 新建实验室20家 under 主要任务: an increment the plan sets (DEV-README's 新建 N)
    }


def test_gold_regression_overall_f1() -> None:
    """The accuracy bar of the gold benchmark, kept as a regression fixture."""
    scores, total = evaluate_folder(GOLD_FILE, PLANS_DIR)
    assert total.f1 >= 0.97, (total.misses, total.extras)
    assert all(s.recall == 1.0 for s in scores), [s.misses for s in scores]


def test_nanshan_restates_its_previous_plans_targets_from_its_results_table(parsed: dict[str, ParsedPlan]) -> None:
    targets, _, _ = extract_targets(parsed["nanshan"])
    assert [t.target_year for t in targets if t.scope == TargetScope.EXTERNAL] == [2020, 2020, 2020, 2020]


def test_a_plans_own_targets_come_before_those_restated_from_an_earlier_plan(parsed: dict[str, ParsedPlan]) -> None:
    targets, _, _ = extract_targets(parsed["nanshan"])
    first_restated = next(i for i, t in enumerate(targets) if t.scope != TargetScope.PLAN)
    assert all(t.scope != TargetScope.PLAN for t in targets[first_restated:])


def test_how_many_incubators_there_are_is_not_how_many_are_added() -> None:
    assert map_indicator("省级以上科技企业孵化器数量", "家")[0] == "incubators"


def test_new_incubators_stay_the_new_ones() -> None:
    assert map_indicator("新增科技企业孵化器", "家")[0] == "incubators_new"
