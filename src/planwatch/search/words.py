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


def search_words(query: str) -> list[str]:
    """The finest words of a query: 研发投入强度 → 研发, 投入, 强度 (a compound is dropped when
    its parts are there), question words and single characters dropped."""
    cut = [w for w in words(query) if w not in _STOP]
    fine = [w for w in cut if not (len(w) > 2 and any(o != w and o in w for o in cut))]
    # a lone character (区, 年) is cut differently in running text (合作区): leave it out when
    # the query has longer words
    longer = [w for w in fine if len(w) > 1]
    return list(dict.fromkeys(longer or fine))


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
