"""Keep new evaluation text apart from the sets we must not study — without printing any of their text.

Before reading a page found with the stored-pages search for a new set:
    python scripts/dev_apart.py url URL [URL ...]     one line per URL: DEV, HELDOUT, DOCUMENTS, PLANS, PLANS2, PLANS3, PLANS4, OWN or new
After saving new passages or documents (before annotating them):
    python scripts/dev_apart.py text PATH [PATH ...]  the ids of protected passages a file shares a 30-character run with
                                                     (every run of 30 is checked, at any position)

Protected: the dev set (../shared/gold/dev-passages.jsonl) and our held-out sets (data/eval/targets/heldout*-passages.jsonl,
documents-passages.jsonl, plans-passages.jsonl, plans2-passages.jsonl, plans3-passages.jsonl,
plans4-passages.jsonl); `url` also knows our own study set. Exit status 1 when anything matched.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ROOT / "data" / "eval" / "targets"
DEV = ROOT.parent / "shared" / "gold" / "dev-passages.jsonl"
RUN = 30  # characters, whitespace ignored: longer than the formulas two documents share by accident (各位代表：…)


def _sets() -> dict[str, list[Path]]:
    return {
        "DEV": [DEV],
        "HELDOUT": sorted(TARGETS.glob("heldout*-passages.jsonl")),
        "DOCUMENTS": [TARGETS / "documents-passages.jsonl"],
        "PLANS": [TARGETS / "plans-passages.jsonl"],
        "PLANS2": [TARGETS / "plans2-passages.jsonl"],
        "PLANS3": [TARGETS / "plans3-passages.jsonl"],
        "PLANS4": [TARGETS / "plans4-passages.jsonl"],
        "OWN": [TARGETS / "own-passages.jsonl"],
    }


def _records(paths: Iterable[Path]) -> Iterable[dict[str, object]]:
    for path in paths:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)


def _page(url: str) -> str:
    parts = urlsplit(url.strip())
    return parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def classify_urls(urls: Iterable[str], sets: dict[str, list[Path]] | None = None) -> list[tuple[str, str]]:
    """(verdict, url): the first set whose sources hold the page (host, path and query; a long path alone also counts)."""
    known = {name: [str(r.get("source") or "") for r in _records(paths)] for name, paths in (sets or _sets()).items()}
    pages = {name: {_page(s) for s in sources} for name, sources in known.items()}
    # A long path alone also counts (a page copied to another host), unless a query names the page: every policy of
    # shanghai.gov.cn is /zhengce/detail?businessId=…, so there the path says nothing.
    paths = {name: {urlsplit(s).path.rstrip("/") for s in sources if not urlsplit(s).query} for name, sources in known.items()}
    verdicts = []
    for url in urls:
        parts = urlsplit(url)
        path = parts.path.rstrip("/")
        by_path = len(path) > 12 and not parts.query
        found = next((n for n in pages if _page(url) in pages[n] or (by_path and path in paths[n])), "new")
        verdicts.append((found, url))
    return verdicts


def _flat(text: str) -> str:
    return "".join(text.split())


def shared_runs(files: Iterable[Path], protected: list[Path] | None = None) -> dict[str, list[str]]:
    """For each file that shares a run with a protected passage, those passages' ids (never their text)."""
    if protected is None:
        protected = [p for name, paths in _sets().items() if name != "OWN" for p in paths]
    runs: dict[str, str] = {}
    for record in _records(protected):
        text = _flat(str(record["text"]))
        for start in range(max(1, len(text) - RUN + 1)):  # every start: a run of exactly RUN shared anywhere is found
            runs.setdefault(text[start : start + RUN], str(record["id"]))
    found: dict[str, list[str]] = {}
    for file in files:
        if file.resolve() in {p.resolve() for p in protected}:
            continue  # a protected set is not checked against itself
        text = _flat(file.read_text(encoding="utf-8", errors="replace"))
        ids = sorted({runs[text[i : i + RUN]] for i in range(len(text) - RUN + 1) if text[i : i + RUN] in runs})
        if ids:
            found[str(file)] = ids
    return found


def text_report(found: dict[str, list[str]], checked: int) -> list[str]:
    """The lines ``text`` prints: each file with the ids it shares text with, then the count (ids only, never text)."""
    lines = [f"{file}：与受保护段落共有文字：{', '.join(ids)}" for file, ids in found.items()]
    return [*lines, f"共检查{checked}个文件，其中{len(found)}个与受保护段落共有文字"]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("url", "text"):
        print("用法:dev_apart.py url 网址 [网址 ...] | dev_apart.py text 文件或目录 [...]", file=sys.stderr)
        return 2
    if argv[0] == "url":
        verdicts = classify_urls(argv[1:])
        for verdict, url in verdicts:
            print(f"{verdict}\t{url}")
        return int(any(v != "new" for v, _ in verdicts))
    files = [q for a in argv[1:] for q in ([Path(a)] if Path(a).is_file() else sorted(p for p in Path(a).rglob("*") if p.is_file()))]
    found = shared_runs(files)
    for line in text_report(found, len(files)):
        print(line)
    return int(bool(found))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
