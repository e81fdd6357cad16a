"""Questions in Chinese, answered from the structured store first (indicator + region + year),
else from search passages; every answer cites plan, section and lines.

An optional LLM (any OpenAI-compatible endpoint, off by default) may only rephrase the retrieved
facts; an answer that drops the citations is discarded for the plain one.
"""

from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planwatch.extract.catalog import Indicator, load_catalog
from planwatch.models import PlanInfo, Target
from planwatch.monitor.progress import format_value, target_text
from planwatch.search.query import search
from planwatch.store import get_sections, get_targets, list_plans
from planwatch.store.database import Database

if TYPE_CHECKING:
    from planwatch.settings import Settings


@dataclass(frozen=True)
class Citation:
    plan_key: str
    plan_title: str
    section: str
    lines: tuple[int, ...]
    text: str

    def __str__(self) -> str:
        where = f"《{self.plan_title}》{self.section}"
        return f"{where} 第{'、'.join(map(str, self.lines))}行"


@dataclass
class Answer:
    question: str
    text: str
    kind: str  # targets, passages or none
    citations: list[Citation] = field(default_factory=list)
    rephrased: bool = False


def _regions(question: str, plans: list[PlanInfo]) -> list[PlanInfo]:
    """Plans whose region the question names (南山区 or 南山; 深圳市 only when no district is named)."""
    named = [p for p in plans if p.region and (p.region in question or p.region.rstrip("区市") in question)]
    districts = [p for p in named if p.level != "city"]
    return districts or named


def _indicator(question: str, catalog: dict[str, Indicator]) -> Indicator | None:
    """The catalog indicator whose name or synonym the question contains (longest wins)."""
    text = question.replace("GDP", "地区生产总值").replace("R&D", "研发")
    best: tuple[int, Indicator] | None = None
    for indicator in catalog.values():
        for name in indicator.names:
            plain = name.replace("GDP", "地区生产总值").replace("R&D", "研发")
            for candidate in {name, plain, plain.removeprefix("全社会")}:
                if len(candidate) >= 4 and candidate in text and (best is None or len(candidate) > best[0]):
                    best = (len(candidate), indicator)
    return best[1] if best else None


def _citation(plan: PlanInfo, target: Target, section_titles: dict[str, str]) -> Citation:
    section = section_titles.get(target.section_path or "", "")
    text = target.evidence[0].text if target.evidence else target.raw
    return Citation(plan.key, plan.title, section, tuple(sorted(target.lines)), text)


def _fact(plan: PlanInfo, target: Target, ask_baseline: bool) -> str:
    fact = f"{plan.region}：{target.target_year or plan.period_end}年{target.indicator}目标{target_text(target)}"
    if target.attribute:
        fact += f"（{target.attribute}）"
    if target.baseline_value is not None:
        fact += f"，基期值{format_value(target.baseline_value, target.unit)}（{target.baseline_year}年）"
    elif ask_baseline:
        fact += "，规划未给出基期值"
    return fact


def ask(db: Database, question: str, *, use_llm: bool = False, settings: Settings | None = None) -> Answer:
    plans = list_plans(db)
    catalog = load_catalog()
    indicator = _indicator(question, catalog)
    regions = _regions(question, plans)
    asks_which = any(w in question for w in ("哪些", "哪几个", "哪个区", "各区"))
    if indicator is not None:
        chosen = regions if regions and not asks_which else [p for p in plans if p.level != "city"] if asks_which else plans
        facts, citations = [], []
        for plan in chosen:
            titles = {s.path: f"{s.label}{s.title}" for s in get_sections(db, plan.key)}
            for target in get_targets(db, plan.key):
                if target.indicator_key == indicator.key:
                    facts.append(_fact(plan, target, "基期" in question))
                    citations.append(_citation(plan, target, titles))
        if facts:
            lead = f"提出{indicator.name}目标的有{len(facts)}项：" if asks_which else ""
            text = lead + "；".join(f"{fact}[{n}]" for n, fact in enumerate(facts, start=1)) + "。"
            answer = Answer(question, text, "targets", citations)
            return _rephrase(answer, settings) if use_llm else answer
    hits = search(db, question, plan=regions[0].key if len(regions) == 1 else None, limit=3)
    if not hits:
        return Answer(question, "未在规划中找到相关内容。", "none")
    citations = [
        Citation(
            h.plan_key,
            h.plan_title,
            f"{h.section_path or ''} {h.section_title}".strip(),
            tuple(range(h.start_line, h.end_line + 1)),
            h.text[:200],
        )
        for h in hits
    ]
    missing = f"规划未设“{indicator.name}”指标目标（{'、'.join(p.region or p.key for p in regions) or '所有规划'}）；" if indicator else ""
    text = missing + "以下原文段落可能相关：" + "；".join(f"{h.snippet_text}[{n}]" for n, h in enumerate(hits, start=1))
    answer = Answer(question, text, "passages", citations)
    return _rephrase(answer, settings) if use_llm else answer


def _rephrase(answer: Answer, settings: Settings | None = None) -> Answer:
    """Ask the configured LLM to restate the facts; keep its text only if every citation survives."""
    from planwatch.settings import default_settings

    settings = settings or default_settings()
    url = settings.llm_url
    if not url:
        return answer
    facts = "\n".join(f"[{n}] {c}：{c.text}" for n, c in enumerate(answer.citations, start=1))
    messages = [
        {"role": "system", "content": "你是规划监测助手。只能依据给出的事实用中文简洁作答，不得添加事实，必须保留每个引用编号，如[1]。"},
        {"role": "user", "content": f"问题：{answer.question}\n事实：{answer.text}\n出处：\n{facts}"},
    ]
    body = json.dumps({"model": settings.llm_model, "messages": messages, "temperature": 0}).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if settings.llm_api_key is not None:
        headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
    request = urllib.request.Request(url.rstrip("/") + "/chat/completions", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = json.loads(response.read())["choices"][0]["message"]["content"].strip()
    except (OSError, ValueError, KeyError, IndexError):
        return answer
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    if cited != set(range(1, len(answer.citations) + 1)):
        return answer
    return Answer(answer.question, text, answer.kind, answer.citations, rephrased=True)
