"""The README's Python examples run as written, and a line ending in `# value` must give that value."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from .conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
_EXPECTED = re.compile(r"^(?P<code>[^#\n]+?)\s+#\s+(?P<value>[\[{'].*?[\]}'])(?:\s+\(.*\))?\s*$")


def _statements(block: str) -> list[tuple[str, object | None]]:
    """Each line as code, with the literal a trailing comment promises (if any)."""
    result = []
    for line in block.splitlines():
        match = _EXPECTED.match(line)
        if match:
            result.append((match.group("code"), ast.literal_eval(match.group("value"))))
        elif line.strip():
            result.append((line, None))
    return result


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(1, len(BLOCKS) + 1)])
def test_readme_python_examples(block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    checked = 0
    for code, expected in _statements(block):
        if expected is None:
            exec(code, namespace)
        else:
            assert eval(code, namespace) == expected, code
            checked += 1
    assert checked >= 1
    assert os.listdir(tmp_path)  # the examples wrote their database (and report) here, not in the repository
