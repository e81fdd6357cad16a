"""Every setting of planwatch, read once: environment variables ``PLANWATCH_*``, then a TOML
config file, then the defaults. The only module that reads the process environment.

The config file is ``$PLANWATCH_CONFIG``, else ``$XDG_CONFIG_HOME/planwatch/config.toml`` (else
``~/.config/planwatch/config.toml``) when it exists; its keys are the field names below
(``database_url = "postgresql+psycopg://…"``). Environment variables win over the file.
"""

from __future__ import annotations

import getpass
import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from planwatch.errors import InputError

PREFIX = "PLANWATCH_"
CONFIG_ENV = "PLANWATCH_CONFIG"
LIMIT_PREFIX = "PLANWATCH_LIMIT_"


def config_file() -> Path:
    """Where the config file is looked for (it need not exist)."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "planwatch" / "config.toml"


class Settings(BaseSettings):
    """What an installation is configured with. Build one with :func:`load_settings`."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="forbid", frozen=True)

    database_url: str | None = Field(None, description="Database URL or SQLite file (default: a file in the data folder).")
    data_home: Path = Field(
        default_factory=lambda: Path.home() / ".local" / "share",
        validation_alias=AliasChoices("PLANWATCH_DATA_HOME", "XDG_DATA_HOME", "data_home"),
        description="Folder holding planwatch/planwatch.db when no database URL is given ($XDG_DATA_HOME).",
    )
    # A web worker runs up to 16 + 2 writes (web.app.GATE_SIZES) and its readers' misses in threads at once;
    # two workers of 24 + 8 stay under PostgreSQL's 100 connections.
    db_pool_size: int = Field(24, ge=1, description="Database connections a process keeps (PostgreSQL, a SQLite file).")
    db_pool_overflow: int = Field(8, ge=0, description="Connections a process opens past them at need.")
    rules: Path | None = Field(None, description="YAML file of progress-rule thresholds (default: the built-in rules).")
    catalog: Path | None = Field(None, description="YAML file of extra indicators, added to the shipped catalog.")
    llm_url: str | None = Field(None, description="OpenAI-compatible endpoint for `ask --llm` (e.g. http://127.0.0.1:8080/v1).")
    llm_model: str = Field("default", description="Model name sent to the LLM endpoint.")
    llm_api_key: SecretStr | None = Field(None, description="Bearer key for the LLM endpoint.")
    secret: SecretStr | None = Field(None, description="Session signing key of the web app (default: one kept in the database).")
    user: str | None = Field(None, description="Who enters data from the command line (default: the login name).")
    today: date | None = Field(
        None, description="Today's date for reminders and default years (default: the system date; pin it for demos)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Arguments (--db) first, then the environment, then the config file.
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=config_file())

    @property
    def entered_by(self) -> str:
        """Who is entering data: the ``user`` setting, else the login name."""
        try:
            return self.user or getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    def environment(self) -> dict[str, str]:
        """These settings as ``PLANWATCH_*`` variables, for processes started from this one
        (``planwatch serve --workers N``), so every worker reads what the parent resolved."""
        values: dict[str, str] = {}
        for name, value in self.model_dump(exclude_none=True).items():
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            values[f"{PREFIX}{name.upper()}"] = str(value)
        return values

    def publish(self) -> None:
        """Put :meth:`environment` into this process's environment (inherited by its children)."""
        os.environ.update(self.environment())


def load_settings(**overrides: Any) -> Settings:
    """Settings from the arguments (``None`` ignored), the environment and the config file."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InputError(f"设置无效：{problems}", path=str(config_file())) from exc
    except (OSError, ValueError) as exc:  # an unreadable or malformed config file
        raise InputError(f"无法读取设置文件：{exc}", path=str(config_file())) from exc


def limit_variables() -> dict[str, str]:
    """The ``PLANWATCH_LIMIT_<NAME>`` variables by lower-case name (see :mod:`planwatch.limits`),
    read on each call so a test or a server may change a limit while the process runs."""
    return {name[len(LIMIT_PREFIX) :].lower(): value for name, value in os.environ.items() if name.startswith(LIMIT_PREFIX) and value}


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    """The process's settings, for the pure core when no :class:`Planwatch` passes its own
    (the extractor's catalog). Read on first use; ``default_settings.cache_clear()`` re-reads."""
    return load_settings()
