"""Infer what a plan is (title, region, level, period, status) from its own text,
and read the manifest that states it for a folder of plans."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from planwatch.errors import InputError
from planwatch.ingest.headings import cn_to_int, is_title_line
from planwatch.models import Paragraph, PlanMeta, Table

LEVELS = ("national", "province", "city", "district", "county")
DOCUMENT_KINDS = ("plan", "work_report", "action_plan", "implementation_plan", "mid_term_review", "bulletin", "policy", "other")
_FYP_RE = re.compile(
    r"[“\"](十[一二三四五六七八九]?五)[”\"]|(十[一二三四五六七八九]?五)(?:规划|时期|期间)|第(十[一二三四五六七八九]?)个五年"
)
_YEARS_RE = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-—–~至]\s*((?:19|20)\d\d)\s*年")
_DISTRICT_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:新区|区|县))")
_CITY_RE = re.compile(r"([\u4e00-\u9fff]{2,3}市)")
_PROVINCE_RE = re.compile(r"([\u4e00-\u9fff]{2,3}(?:省|自治区))")
_DRAFT_RE = re.compile(r"(初稿|征求意见稿|送审稿|讨论稿|草案)")
_ISSUER_RE = re.compile(
    r"^[\u4e00-\u9fff]{0,24}(科技创新局|科学技术局|科技局|科学技术厅|科技厅|科技创新委员会|人民政府办公厅|人民政府办公室|人民政府|"
    r"发展和改革委员会|发展和改革局|国务院办公厅|国务院|部|委员会|统计局)$"
)
_NOTICE_ISSUER_RE = re.compile(r"^([\u4e00-\u9fff、]{2,40}?)(?:关于)?印发")
_NATIONAL_RE = re.compile(r"^(国务院|中共中央|全国|国家|工业和信息化部|科技部|科学技术部|发展改革委|国家发展和改革委员会|财政部|教育部|商务部|中国科协|[\u4e00-\u9fff]{2,8}部[、等])")
# Words ending in 区 that are not districts (我区, 园区, 片区, 示范区 …), and regions of no level (中西部地区).
_NOT_REGION = re.compile(
    r"(我区|全区|本区|园区|片区|城区|辖区|社区|新区|景区|湾区|港区|行政区|示范区|先行区|合作区|集聚区|承载区|策源区|引领区|功能区|试验区|自贸区|保税区|集群区|开发区|核心区|转化区|启动区|产业区|中心区|拓展区|先导区|实践区|特色区|标杆区|集中区|发展区|服务区|生活区|地区)$"
    r"|^(本|各|贫困|偏远|边远|革命老|民族)?(山区|矿区|林区|牧区|灾区|市区|县区|高新区|城区)$"
)
_DATE_RE = re.compile(r"((?:19|20)\d\d)\s*(?:年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?|[-/.](\d{1,2})[-/.]\d{1,2})")  # year, month
_REPORT_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年.{0,12}(?:政府工作报告|国民经济和社会发展计划|统计公报|工作要点)")
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mid_term_review", re.compile(r"中期评估|评估报告|实施情况")),
    ("work_report", re.compile(r"政府工作报告|工作报告")),
    ("bulletin", re.compile(r"统计公报|公报|统计年鉴|监测报告")),
    # 2026年科技工作要点 / …2025年…任务分解落实方案的通知: a year's plan, named by its last words (not 2024年工作总结和2025年工作计划,
    # nor 2026年重点工作推进会, a meeting)
    ("annual_plan", re.compile(
        r"^(?!.*(?:总结|回顾|完成情况|执行情况)).*(?:19|20)\d\d\s*年度?[^，。；]{0,24}?"
        r"(?:工作要点|工作计划|发展计划|落实方案|分解方案|任务清单|工作安排)》?(?:的通知)?(?:[（(][^）)]*[）)])?\s*$"
    )),
    ("action_plan", re.compile(r"行动计划|行动方案|三年行动|专项行动")),
    ("implementation_plan", re.compile(r"实施方案|实施意见|工作方案")),
    ("plan", re.compile(r"规划(?![”\"」]?(?:编制|解读|分析|研究|思路))|纲要")),  # “十五五”规划编制机遇分析 is about a plan
    ("policy", re.compile(r"意见|办法|通知|措施|政策")),
)
_TITLE_WORDS = re.compile(r"(规划|纲要|方案|计划|报告|意见|公报|办法|措施|评估)[”\"」]?\s*([（(][^）)]{1,16}[）)])?$")


def fyp_period(label: str) -> tuple[int, int]:
    """十四五 → (2021, 2025). From the 3rd plan (1966) on, the Nth starts in 1966 + 5·(N − 3)."""
    number = cn_to_int(label[:-1]) if len(label) > 1 else 5
    start = 1966 + 5 * (number - 3)
    return start, start + 4


def infer_metadata(
    paragraphs: Sequence[Paragraph], tables: Sequence[Table], *, fallback_title: str = "", lines: Sequence[str] = ()
) -> PlanMeta:
    """Title, region, level, period, status, issuer, kind and date read from the document itself.

    The title block is read from the cleaned source ``lines`` (each line as printed), so a title
    is never a paragraph glued from lines that blank lines separate.
    """
    front = _front_lines(lines) or [p.text for p in paragraphs[:12]]
    named = _title(front) or _title_from_body(paragraphs, tables)
    title = named or fallback_title
    region = _region(title) or _region_from_body(paragraphs, tables)
    issuer = _issuer(front)
    kind = document_kind(title)
    period = title_period(title)
    if period is None and named and kind in PLAN_KINDS:
        period = named_period(" ".join(p.text for p in paragraphs[:40]))  # a plan's preamble states its period
    # A text without a title (a passage, a pasted excerpt) has no plan period: years stay as written.
    status = "draft" if any(_DRAFT_RE.search(t) for t in _title_block(front, title)) else "final"
    return PlanMeta(
        title=title,
        region=region,
        level=_level(region, issuer, title),
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        status=status,
        issuer=issuer,
        kind=kind,
        published=_published(front, paragraphs),
    )


def _front_lines(lines: Sequence[str]) -> list[str]:
    """The first non-empty lines; a title broken over two adjacent lines (no blank between) is one."""
    front: list[str] = []
    previous_blank = True
    for line in lines:
        text = line.strip()
        if not text:
            previous_blank = True
            continue
        joinable = front and not previous_blank and len(front[-1]) <= 30 and not re.search(r"[。；;，,：:]$", front[-1])
        if joinable and _TITLE_WORDS.search(text) and not _TITLE_WORDS.search(front[-1]) and len(front[-1] + text) <= 60:
            front[-1] += text
        else:
            front.append(text)
        previous_blank = False
        if len(front) >= 16:
            break
    return front


def _title_block(front: Sequence[str], title: str) -> list[str]:
    """The title line and the short lines right around it: where a draft says it is one."""
    if title not in front:
        return []
    at = front.index(title)
    return [t for t in front[max(0, at - 2) : at + 4] if t == title or len(t) <= 24]


# The kinds of document that set out a period of their own (a plan's preamble or title names it).
PLAN_KINDS = frozenset({"plan", "action_plan", "implementation_plan", "annual_plan"})


def document_kind(title: str) -> str:
    """plan, work_report, action_plan, implementation_plan, annual_plan, mid_term_review, bulletin, policy or other."""
    return next((kind for kind, pattern in _KIND_RULES if pattern.search(title)), "other")


def _title(front: Sequence[str]) -> str | None:
    """The heading line that names the document (one line, not a paragraph glued from several)."""
    for text in front:
        if is_title_line(text) and ("规划" in text or "纲要" in text):
            return text
    for text in front:
        stripped = _ATTACHMENT_NUMBER_RE.sub("", text.strip())
        notice = _NOTICE_OF_RE.search(stripped)
        if notice and _TITLE_WORDS.search(notice.group(1)):
            return notice.group(1)  # 关于下发《…三年行动计划（2024-2026年）》的通知: the document it sends
        if 4 <= len(stripped) <= 60 and not re.search(r"[。；;，,]$", stripped) and _TITLE_WORDS.search(stripped):
            return stripped
    return None


# 关于印发 / 下发 / 转发《…》的通知: a notice names the document it sends.
_NOTICE_OF_RE = re.compile(r"(?:印发|下发|转发|发布)《(.+?)》的?(?:通知|通告|公告)")
# 1.上海市…行动计划 / 附件1: an attachment's number before its title (a notice lists what it sends).
_ATTACHMENT_NUMBER_RE = re.compile(r"^(?:#+\s*)?(?:附件\s*\d{0,2}\s*[:：]?\s*)?\d{1,2}\s*[.、．]\s*(?=[\u4e00-\u9fff])")


def _issuer(front: Sequence[str]) -> str | None:
    for text in front:
        stripped = text.strip()
        if _ISSUER_RE.match(stripped):
            return stripped
        notice = _NOTICE_ISSUER_RE.match(stripped)
        if notice and "《" in stripped:
            return notice.group(1)
    return None


def _published(front: Sequence[str], paragraphs: Sequence[Paragraph]) -> int | None:
    """The year of the document's own date: a date line in its first or last lines."""
    for text in [*front, *(p.text.strip() for p in paragraphs[-5:])]:
        if match := _date_line(text):
            return int(match.group(1))
    return None


def _date_line(text: str) -> re.Match[str] | None:
    """The date of a line that dates the document (发布时间：2024-03-05, 新浪财经· 2026-01-17 14:24), not one in a sentence."""
    match = _DATE_RE.search(text)
    if not match or re.search(r"(?:到|至|截至|于)\s*$", text[: match.start()]):
        return None  # 计划到2026年6月底建成…: a deadline in a sentence, not the document's date
    labelled = re.match(r"^(发布时间|发布日期|日期|时间)", text) or "发布时间" in text[: match.start()]
    return match if labelled or (len(text) <= 40 and not re.search(r"[，,；;。]", text)) else None


# 中新网合肥9月25日电 / 香港10月19日電: a news agency's dateline opening the copy (no year: the copy's own).
_DATELINE_RE = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s*月\s*\d{1,2}\s*日\s*(?:电|電|讯|訊)")
_DATELINE_REACH = 80  # characters of an opening paragraph a dateline stands in


def dateline_month(paragraphs: Sequence[Paragraph]) -> int | None:
    """The month of the dateline in the copy's first paragraphs (9月25日电), else of a date line among them (发布时间：
    2024-03-05), if it has one."""
    for paragraph in paragraphs[:3]:
        if match := _DATELINE_RE.search(paragraph.text[:_DATELINE_REACH]):
            return int(match.group(1))
    for paragraph in paragraphs[:3]:
        starts = [offset for offset, _ in paragraph.segments]
        for start, end in zip(starts, [*starts[1:], len(paragraph.text)], strict=True):  # a date line joined to the next
            if (match := _date_line(paragraph.text[start:end].strip())) and 1 <= (month := int(match.group(2) or match.group(3))) <= 12:
                return month
    return None


def title_period(title: str) -> tuple[int, int] | None:
    """The period a title names: a plan's (十四五, 2023—2027年), else the one year of a report or a year's plan."""
    return named_period(title) or _report_period(title, document_kind(title))


def _report_period(title: str, kind: str) -> tuple[int, int] | None:
    """A work report, a bulletin or a year's plan is about one year: 2024年政府工作报告 → 2024–2024."""
    match = re.search(r"((?:19|20)\d\d)\s*年", title) if kind == "annual_plan" else _REPORT_YEAR_RE.search(title)
    if match and kind in ("work_report", "bulletin", "annual_plan"):
        year = int(match.group(1))
        return year, year
    return None


_WHOLE_DOCUMENT_PARAGRAPHS = 20


def _title_from_body(paragraphs: Sequence[Paragraph], tables: Sequence[Table]) -> str | None:
    """No title line (光明's export): build one from the region and period the text names — only for
    a whole document (a table or many paragraphs); an excerpt that mentions a place and a 十五五 is
    not a plan."""
    if not tables and len(paragraphs) < _WHOLE_DOCUMENT_PARAGRAPHS:
        return None
    region = _region_from_body(paragraphs, tables)
    period = named_period(" ".join(t.title for t in tables)) or named_period(" ".join(p.text for p in paragraphs[:40]))
    if not region or not period:
        return None
    label = _fyp_label(" ".join(t.title for t in tables)) or _fyp_label(" ".join(p.text for p in paragraphs[:40]))
    topic = "科技创新" if any("科技创新" in t.title for t in tables) or any("科技创新" in p.text for p in paragraphs[:10]) else ""
    return f"{region}{topic}“{label}”规划" if label else f"{region}{topic}规划（{period[0]}—{period[1]}年）"


def _region(title: str) -> str | None:
    for pattern in (_DISTRICT_RE, _CITY_RE, _PROVINCE_RE):
        for match in pattern.finditer(title):
            name = match.group(1)
            if _NOT_REGION.search(name):
                continue
            # 深圳市宝安区 → 宝安区
            return re.sub(r"^.*?[市省]", "", name) if pattern is _DISTRICT_RE and re.search(r"[市省]", name[:-1]) else name
    return None


def _region_from_body(paragraphs: Sequence[Paragraph], tables: Sequence[Table]) -> str | None:
    for table in tables:
        region = _region(table.title)
        if region:
            return region
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        for match in _DISTRICT_RE.finditer(paragraph.text):
            name = match.group(1)[-3:]
            if not _NOT_REGION.search(name):
                counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def _level(region: str | None, issuer: str | None = None, title: str = "") -> str | None:
    """国务院/部委 → national, 省 → province, 市 → city, 区 → district, 县 → county."""
    bare_title = re.sub(r"^[《“\"]*(?:十[一二三四五六七八九]五[”\"]?)?", "", title)
    if _NATIONAL_RE.match(issuer or "") or (not region and _NATIONAL_RE.match(bare_title)):
        return "national"
    if not region:
        return None
    if region.endswith("县"):
        return "county"
    if region.endswith("区") and not region.endswith("自治区"):
        return "district"
    if region.endswith("市"):
        return "city"
    if region.endswith(("省", "自治区")):
        return "province"
    return None


def _fyp_label(text: str) -> str | None:
    """The five-year plan a text speaks of most (a 十四五 plan also reviews 十三五)."""
    labels = Counter(m.group(1) or m.group(2) or f"{m.group(3)}五" for m in _FYP_RE.finditer(text))
    return labels.most_common(1)[0][0] if labels else None


def named_period(text: str) -> tuple[int, int] | None:
    """The plan period a text names: a five-year plan (the one it names most) or a span of years (2023—2027年)."""
    label = _fyp_label(text)
    if label:
        return fyp_period(label)
    years = _YEARS_RE.search(text)
    if years:
        return int(years.group(1)), int(years.group(2))
    return None


def load_manifest(path: str | Path) -> dict[str, PlanMeta]:
    """Plans described by a manifest file, keyed by file name (see data/plans/*/manifest.yaml)."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        try:
            # libyaml's loader is ~7× faster; the pure-Python one parses again to word any error as before.
            document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            document = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"无法读取清单文件：{exc}", path=str(path)) from exc
    entries = document.get("plans") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise InputError("清单文件须有 'plans:' 列表", path=str(path))
    plans: dict[str, PlanMeta] = {}
    for number, entry in enumerate(entries, start=1):
        plans[_required(entry, "file", path, number)] = _meta_from_entry(entry, path, number)
    return plans


def _required(entry: Any, field: str, path: Path, number: int) -> str:
    if not isinstance(entry, dict) or not entry.get(field):
        raise InputError(f"清单第 {number} 项缺少字段 '{field}'", path=str(path))
    return str(entry[field])


def _meta_from_entry(entry: dict[str, Any], path: Path, number: int) -> PlanMeta:
    level = entry.get("level")
    if level is not None and level not in LEVELS:
        raise InputError(f"清单第 {number} 项：level 须为 {'、'.join(LEVELS)} 之一，而不是 {level!r}", path=str(path))
    period = entry.get("period") or [None, None]
    return PlanMeta(
        title=_required(entry, "title", path, number),
        region=entry.get("region"),
        level=level,
        period_start=period[0],
        period_end=period[1],
        status=entry.get("status", "final"),
        issuer=entry.get("issuer"),
        parent=entry.get("parent"),
        key=entry.get("key"),
        source_file=entry.get("source_file"),
        note=entry.get("note"),
        kind=entry.get("kind", "plan"),
        published=entry.get("published"),
    )


def apply_overrides(meta: PlanMeta, **overrides: Any) -> PlanMeta:
    """Replace fields the user gave on the command line (``None`` means not given)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    if "level" in given and given["level"] not in LEVELS:
        raise InputError(f"level 须为 {'、'.join(LEVELS)} 之一，而不是 {given['level']!r}")
    return replace(meta, **given)
