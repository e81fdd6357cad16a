"""Every CLI command and option, and every setting, is documented (in the manner of sqlite-utils'
test_docs.py): docs/cli.md has a section per command naming each of its options, and the README or
docs/ name each setting's environment variable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer.main

from planwatch.cli import app
from planwatch.settings import PREFIX, Settings

from .conftest import ROOT

CLI_DOC = ROOT / "docs" / "cli.md"


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            yield from _commands(command.commands[name], (*path, name))
    else:
        yield " ".join(path), command


def undocumented_cli(doc: str) -> list[str]:
    """Commands without a section in ``doc``, and options missing from their command's section."""
    sections = dict(re.findall(r"^## planwatch (.+?)\n(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL))
    missing = []
    for name, command in _commands(typer.main.get_command(app)):
        if name not in sections:
            missing.append(f"planwatch {name}")
            continue
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option" and f"`{param.opts[0]}" not in sections[name]:
                missing.append(f"planwatch {name} {param.opts[0]}")
    return missing


def undocumented_settings(text: str) -> list[str]:
    return [f"{PREFIX}{name.upper()}" for name in Settings.model_fields if f"{PREFIX}{name.upper()}" not in text]


def _all_docs() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def test_every_command_and_option_is_documented() -> None:
    assert undocumented_cli(CLI_DOC.read_text(encoding="utf-8")) == []


def test_every_setting_is_documented() -> None:
    assert undocumented_settings(_all_docs()) == []


def test_the_global_database_option_is_documented() -> None:
    assert "--db" in CLI_DOC.read_text(encoding="utf-8")


def test_a_missing_section_or_option_is_reported() -> None:
    doc = CLI_DOC.read_text(encoding="utf-8")
    without_ask = re.sub(r"^## planwatch ask\n.*?(?=^## )", "", doc, flags=re.MULTILINE | re.DOTALL)
    assert undocumented_cli(without_ask) == ["planwatch ask"]
    assert undocumented_cli(doc.replace("`--entered`", "`--entry`")) == ["planwatch task list --entered"]


def test_a_missing_setting_is_reported() -> None:
    assert "PLANWATCH_LLM_MODEL" in undocumented_settings(_all_docs().replace("PLANWATCH_LLM_MODEL", "LLM model"))
