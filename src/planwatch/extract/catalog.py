"""The canonical indicator catalog and the mapping of indicator names onto it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from planwatch.errors import InputError

CATALOG_FILE = Path(__file__).with_name("catalog.yaml")
MIN_SCORE = 0.5
_RATIO_RE = re.compile(r"(占|比重|比例|率|强度|增长|增速)")
_NOISE_RE = re.compile(
    r"^(到20\d\d年|“十[一二三四五六七八九]?五”期间|力争|全区|全市|本区|经认定的|年均|累计|全社会研究与开发投入（R&D）)|[\s（）()“”]"
)


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    en: str
    unit: str
    direction: str
    growth: str
    synonyms: tuple[str, ...]
    growth_of: str | None = None  # for a growth-rate indicator: the level whose growth it is

    @property
    def signed(self) -> bool:
        """Whether negative values make sense (growth rates), unlike counts and shares."""
        return self.growth_of is not None or self.key.endswith("_growth")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


def load_catalog(extra: str | Path | None = None) -> dict[str, Indicator]:
    """The shipped catalog, extended (and overridden by key) by ``extra``, else the ``catalog`` setting ($PLANWATCH_CATALOG)."""
    from planwatch.settings import default_settings

    extra = extra or default_settings().catalog
    return _load(str(extra) if extra else None)


@lru_cache(maxsize=8)
def _load(extra: str | None) -> dict[str, Indicator]:
    catalog = _read(CATALOG_FILE)
    if extra:
        catalog.update(_read(Path(extra)))
    return catalog


def _read(path: Path) -> dict[str, Indicator]:
    import yaml

    try:
        entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("indicators") or []
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise InputError(f"无法读取指标目录：{exc}", path=str(path)) from exc
    catalog: dict[str, Indicator] = {}
    for number, entry in enumerate(entries, start=1):
        missing = [f for f in ("key", "name", "unit") if not entry.get(f)]
        if missing:
            raise InputError(f"指标目录第 {number} 项缺少 {'、'.join(missing)}", path=str(path))
        catalog[entry["key"]] = Indicator(
            key=entry["key"],
            name=entry["name"],
            en=entry.get("en", ""),
            unit=entry["unit"],
            direction=entry.get("direction", "increase"),
            growth=entry.get("growth", "linear"),
            synonyms=tuple(entry.get("synonyms") or ()),
            growth_of=entry.get("growth_of"),
        )
    return catalog


_SAME_MEANING = (
    ("每万人口", "每万人"),
    ("GDP", "地区生产总值"),
    ("国内生产总值", "地区生产总值"),
    ("全市生产总值", "地区生产总值"),
    ("全省生产总值", "地区生产总值"),
    ("全区生产总值", "地区生产总值"),
    ("R&D", "研发"),
    ("研究与试验发展", "研发"),
    ("规上", "规模以上"),
)


def meaning_form(text: str) -> str:
    """One spelling for words that name the same thing (GDP ↔ 国内生产总值 ↔ 地区生产总值, R&D ↔ 研发)."""
    for written, meant in _SAME_MEANING:
        text = text.replace(written, meant)
    return text


@lru_cache(maxsize=8192)
def _normalise(name: str) -> str:
    return meaning_form(_NOISE_RE.sub("", name))


@lru_cache(maxsize=8192)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) or frozenset({text})


@lru_cache(maxsize=8192)
def _name_bigrams(name: str) -> frozenset[str]:
    return _bigrams(_normalise(name))


@lru_cache(maxsize=4096)
def _indicator_bigrams(indicator: Indicator) -> tuple[frozenset[str], ...]:
    return tuple(_name_bigrams(n) for n in indicator.names)


@lru_cache(maxsize=4096)
def _indicator_all_bigrams(indicator: Indicator) -> frozenset[str]:
    """Every bigram of every name of an indicator: a name sharing none of them scores 0 against it."""
    return frozenset().union(*_indicator_bigrams(indicator))


def _dice(x: frozenset[str], y: frozenset[str]) -> float:
    return 2 * len(x & y) / (len(x) + len(y))


def name_similarity(a: str, b: str) -> float:
    """Dice coefficient over character bigrams of the normalised names (0..1)."""
    return _dice(_name_bigrams(a), _name_bigrams(b))


def best_similarity(name: str, others: Sequence[str]) -> float:
    """The highest :func:`name_similarity` of ``name`` to any of ``others`` (0 when there are none);
    the name is normalised once, not once per pair (called for every target × every clause)."""
    own = _name_bigrams(name)
    return max((_dice(own, _name_bigrams(other)) for other in others), default=0.0)


_STOCK_RE = re.compile("数量|总数|拥有量|保有量|累计")
_NEW_RE = re.compile("新增|新建|新引进|新认定|增加")


def map_indicator(name: str, unit: str | None, catalog: dict[str, Indicator] | None = None) -> tuple[str | None, float]:
    """Best catalog key for an indicator name, or ``(None, score)`` when nothing fits well."""
    catalog = catalog if catalog is not None else load_catalog()
    is_share = unit == "%" or (not unit and bool(_RATIO_RE.search(name)))
    own = _name_bigrams(name)
    best, best_score = None, 0.0
    for indicator in catalog.values():
        if unit and unit not in ("rank",) and (indicator.unit == "%") != is_share:
            continue
        if own.isdisjoint(_indicator_all_bigrams(indicator)):
            continue  # most of the catalog: a score of 0 never beats the best so far
        if indicator.name.startswith("新增") and _STOCK_RE.search(name) and not _NEW_RE.search(name):
            continue  # how many there are (…数量, …拥有量) is not how many are added
        # Equal normalised names have equal bigrams, whose coefficient is exactly 1.0.
        score = max(_dice(names, own) for names in _indicator_bigrams(indicator))
        if score > best_score:
            best, best_score = indicator.key, score
    return (best, best_score) if best_score >= MIN_SCORE else (None, best_score)
