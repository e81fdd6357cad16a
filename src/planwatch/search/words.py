"""Chinese text → words, with jieba (its dictionary ships in the package: nothing is downloaded).

The catalog's indicator names are added to jieba's dictionary so 研发投入强度 or 国家高新技术企业
stay findable as units as well as through their parts (``cut_for_search`` yields both).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    from planwatch.extract.catalog import load_catalog

    for indicator in load_catalog().values():
        for name in indicator.names:
            if len(name) <= 12:
                jieba.add_word(name)
    return jieba


def words(text: str) -> list[str]:
    """Index words of ``text``: jieba's search-mode cut, lower-cased, punctuation and spaces dropped."""
    return [w.lower() for w in _jieba().cut_for_search(text) if w.strip() and _WORD.search(w)]


def query_words(text: str) -> list[str]:
    """Words of a query (precise mode, so 研发投入强度 stays one word), without duplicates."""
    seen: dict[str, None] = {}
    for w in _jieba().cut(text):
        w = w.strip().lower()
        if w and _WORD.search(w) and w not in _STOP:
            seen.setdefault(w, None)
    return list(seen)


# Question words and particles that carry no content in a query.
_STOP = frozenset(
    [
        "的",
        "了",
        "是",
        "和",
        "与",
        "及",
        "在",
        "有",
        "吗",
        "呢",
        "哪些",
        "什么",
        "多少",
        "怎么",
        "如何",
        "提出",
        "目标值",
        "请问",
        "一下",
        "the",
        "a",
        "of",
    ]
)
