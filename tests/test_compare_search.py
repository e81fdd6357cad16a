"""City ↔ district comparison, named entities, Chinese search and answers with citations."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from planwatch.api import plan_entities
from planwatch.cli import app
from planwatch.compare.consistency import check_consistency
from planwatch.compare.coverage import task_coverage
from planwatch.compare.fields import fields_matrix
from planwatch.compare.matrix import indicator_matrix
from planwatch.search.answer import ask
from planwatch.search.query import search
from planwatch.search.words import search_words
from planwatch.store import Database, get_source_text

from .conftest import BACKEND, fresh_url


def test_matrix_puts_the_city_first_and_lines_up_each_indicator(demo_db: Database) -> None:
    matrix = indicator_matrix(demo_db, 2023)
    assert [p.key for p in matrix.plans] == ["shenzhen", "baoan", "guangming", "longgang", "nanshan"]
    hte = next(r for r in matrix.rows if r.indicator_key == "national_high_tech_enterprises")
    assert {k: t.target.value for k, t in hte.cells.items()} == {
        "shenzhen": 22000,
        "baoan": 6500,
        "guangming": 2100,
        "longgang": 4400,
        "nanshan": 5000,
    }
    assert hte.cells["shenzhen"].assessment.actual == 24700
    rd = next(r for r in matrix.rows if r.indicator_key == "rd_intensity")
    assert set(rd.cells) == {"shenzhen", "baoan", "guangming", "longgang"}


def test_consistency_findings_explain_themselves(demo_db: Database) -> None:
    findings = check_consistency(indicator_matrix(demo_db, 2023))
    by_check: dict[str, list[str]] = {}
    for f in findings:
        by_check.setdefault(f.check, []).append(f.message)
    (total,) = by_check["sum"]
    assert "合计18000家" in total
    assert "81.8%" in total
    assert "突破22000家" in total
    assert any("宝安区目标4.5%，低于全市目标5.5–6%" in m for m in by_check["level"])
    assert any("光明区目标6%以上低于其基期值7.9%" in m for m in by_check["below_baseline"])
    assert any(m.startswith("南山区规划未设全市指标") and "全社会研发投入占地区生产总值比重" in m for m in by_check["omitted"])


def test_coverage_ranks_district_sections_for_each_city_task(demo_db: Database) -> None:
    coverage = task_coverage(demo_db)
    assert coverage.city.key == "shenzhen"
    assert len(coverage.tasks) == 53
    university = next(t for t in coverage.tasks if t.task.title == "建设一流大学城")
    assert university.best["nanshan"].section.title == "西丽湖国际科教城"  # 南山's 科教城 takes up the city's 大学城
    assert university.covered_by("nanshan")
    assert max(m.score for m in university.best.values()) == university.best["nanshan"].score
    assert all(0 <= coverage.share(d.key) <= 1 for d in coverage.districts)


def test_fields_matrix_counts_mentions_with_a_line_to_check(demo_db: Database) -> None:
    _plans, rows = fields_matrix(demo_db)
    science_city = next(r for r in rows if r.label == "光明科学城")
    assert science_city.counts["guangming"] > science_city.counts["shenzhen"] > 0
    lines = get_source_text(demo_db, "guangming").split("\n")
    assert "光明科学城" in lines[science_city.first_lines["guangming"] - 1]
    hetao = next(r for r in rows if r.label == "河套深港科技创新合作区")
    assert "nanshan" not in hetao.counts


def test_entities_merge_aliases_and_keep_every_line(demo_db: Database) -> None:
    entities = {e.name: e for e in plan_entities(demo_db)}
    zone = entities["河套深港科技创新合作区"]
    assert "深港科技创新合作区" in zone.aliases
    assert zone.type == "zone"
    institute = entities["中国科学院深圳先进技术研究院"]
    assert "中科院深圳先进技术研究院" in institute.aliases
    assert institute.mentions["guangming"]
    lab = entities["鹏城实验室"]
    nanshan = get_source_text(demo_db, "nanshan").split("\n")
    assert all("鹏城实验室" in nanshan[n - 1] for n in lab.mentions["nanshan"])
    assert entities["揭榜挂帅"].type == "mechanism"
    assert entities["中国科学院深圳理工大学"].mentions["guangming"]


def test_search_finds_marks_and_locates(demo_db: Database) -> None:
    hits = search(demo_db, "河套深港科技创新合作区", limit=5)
    assert hits
    assert all(h.matched_all for h in hits)
    first = hits[0]
    assert "河套深港科技创新合作区" in first.text
    assert "<mark>河套深港科技创新合作区</mark>" in first.snippet_html  # the phrase, not 河套 深港 科技 … one by one
    source = get_source_text(demo_db, first.plan_key).split("\n")
    assert "河套" in "".join(source[first.start_line - 1 : first.end_line])
    only_nanshan = search(demo_db, "鹏城实验室", plan="nanshan")
    assert only_nanshan
    assert {h.plan_key for h in only_nanshan} == {"nanshan"}
    assert only_nanshan[0].section_title.endswith("鹏城实验室")
    districts = search(demo_db, "人工智能", level="district")
    assert districts
    assert {h.level for h in districts} == {"district"}
    items = search(demo_db, "人工智能", kind="item")
    assert items
    assert {h.section_kind for h in items} == {"item"}
    assert search_words("研发投入强度是多少") == ["研发", "投入", "强度"]


@pytest.mark.parametrize("query", ['"', "'", "*", "-", "OR", "AND NOT", 'NEAR("a" "b")', "a:b", "(((", "^$", '揭榜"挂帅', "<script>"])
def test_search_never_fails_on_query_syntax(demo_db: Database, query: str) -> None:
    hits = search(demo_db, query)  # no exception: the syntax is taken as text
    for hit in hits:
        assert "<script>" not in hit.snippet_html


def test_answers_from_the_structured_store_with_citations(demo_db: Database) -> None:
    guangming = ask(demo_db, "光明区2025年研发投入强度目标是多少？")
    assert guangming.kind == "targets"
    assert "6%以上" in guangming.text
    assert "光明区" in guangming.text
    (citation,) = guangming.citations
    lines = get_source_text(demo_db, "guangming").split("\n")
    assert citation.plan_key == "guangming"
    assert any("6" in lines[n - 1] for n in citation.lines)
    which = ask(demo_db, "哪些区提出了国家高新技术企业目标？")
    assert which.kind == "targets"
    assert len(which.citations) == 4
    for region, value in (("宝安区", "6500家以上"), ("光明区", "2100家左右"), ("龙岗区", "超过4400家"), ("南山区", "5000家")):
        assert f"{region}：2025年" in which.text
        assert value in which.text
    assert "深圳市" not in which.text
    pct = ask(demo_db, "南山区PCT国际专利申请量的目标和基期值")
    assert "超过8800件" in pct.text
    assert "基期值8217件（2020年）" in pct.text
    assert str(pct.citations[0]).startswith("《南山区科技创新“十四五”规划》")
    assert "第117、125行" in str(pct.citations[0])
    fallback = ask(demo_db, "鹏城实验室有哪些建设任务？")
    assert fallback.kind == "passages"
    assert fallback.citations
    assert "鹏城" in fallback.citations[0].text


class _FakeLLM(BaseHTTPRequestHandler):
    reply = ""
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeLLM.received.append(body)
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": _FakeLLM.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_FakeLLM]]:
    server = HTTPServer(("127.0.0.1", 0), _FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("PLANWATCH_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    _FakeLLM.received = []
    yield _FakeLLM
    server.shutdown()


def test_the_llm_only_rephrases_and_must_keep_citations(demo_db: Database, fake_llm: type[_FakeLLM]) -> None:
    fake_llm.reply = "光明区计划到2025年把研发投入强度提高到6%以上[1]。"
    answer = ask(demo_db, "光明区2025年研发投入强度目标是多少？", use_llm=True)
    assert answer.rephrased
    assert answer.text == fake_llm.reply
    assert answer.citations
    sent = fake_llm.received[0]["messages"][1]["content"]
    assert "6%以上" in sent
    assert "《光明区科技创新“十四五”规划》" in sent
    fake_llm.reply = "大约是百分之六。"  # no citation: discarded
    plain = ask(demo_db, "光明区2025年研发投入强度目标是多少？", use_llm=True)
    assert not plain.rephrased
    assert "[1]" in plain.text
    assert ask(demo_db, "光明区2025年研发投入强度目标是多少？").rephrased is False  # off unless asked


def test_cli_compare_search_ask_entities(demo_db: Database, tmp_path: Path) -> None:
    url = fresh_url(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["--db", url, "demo"]).exit_code == 0
    compared = runner.invoke(app, ["--db", url, "compare", "--json"])
    data = json.loads(compared.output)
    assert data["plans"][0]["key"] == "shenzhen"
    assert any(f["check"] == "sum" for f in data["findings"])
    assert "承接比例" in runner.invoke(app, ["--db", url, "compare", "--coverage"]).output
    found = runner.invoke(app, ["--db", url, "search", "揭榜挂帅", "--limit", "2"])
    assert "【揭榜挂帅】" in found.output
    assert "第" in found.output
    answered = runner.invoke(app, ["--db", url, "ask", "南山区PCT国际专利申请量的目标和基期值"])
    assert "超过8800件" in answered.output
    assert "[1] 《南山区科技创新“十四五”规划》" in answered.output
    named = runner.invoke(app, ["--db", url, "entities", "--type", "mechanism", "--limit", "3"])
    assert "mechanism" in named.output
    assert "揭榜挂帅" in runner.invoke(app, ["--db", url, "entities", "--type", "mechanism"]).output


def test_in_a_large_index_very_common_words_do_not_have_to_match(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from planwatch.search import query
    from planwatch.store.search import word_shares

    shares, paragraphs = word_shares(demo_db, ["创新", "揭榜"])
    strict = search(demo_db, "创新揭榜", limit=50)
    if BACKEND == "postgresql":  # term statistics come from FTS5; PostgreSQL always matches every word
        monkeypatch.setattr(query, "LARGE_INDEX", 0)
        assert (shares, paragraphs) == ({}, 0)
        assert search(demo_db, "创新揭榜", limit=50) == strict
        return
    assert paragraphs > 1000
    assert shares["创新"] > query.COMMON_SHARE > shares["揭榜"]
    assert strict and all("创新" in h.text and "揭榜" in h.text for h in strict)  # a small index matches every word
    monkeypatch.setattr(query, "LARGE_INDEX", 0)
    pruned = search(demo_db, "创新揭榜", limit=50)
    assert all("揭榜" in h.text for h in pruned)
    assert any("创新" not in h.text for h in pruned)
    assert any(text == "创新" and marked for h in pruned for text, marked in h.snippet)  # still highlighted where present
