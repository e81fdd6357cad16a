"""Reading a manifest: libyaml's loader reads it, an error is worded as the pure-Python loader words it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planwatch.errors import InputError
from planwatch.ingest import load_manifest

from .conftest import PLANS_DIR


def test_a_broken_manifest_names_the_error_as_the_pure_python_loader_does(tmp_path: Path) -> None:
    text = "plans:\n  - key: nanshan\n    file: [plan.txt\n    title: 南山区规划\n"
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(text)
    with pytest.raises(InputError) as read:
        load_manifest(manifest)
    assert f"无法读取清单文件：{pure.value}" in str(read.value)


def test_the_demo_manifest_gives_every_plan_it_lists() -> None:
    listed = [entry["file"] for entry in yaml.safe_load((PLANS_DIR / "manifest.yaml").read_text(encoding="utf-8"))["plans"]]
    assert list(load_manifest(PLANS_DIR / "manifest.yaml")) == listed
