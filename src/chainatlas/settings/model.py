"""The settings object: each field from its `CHAINATLAS_*` variable, else the TOML file `$CHAINATLAS_CONFIG`
names, else its default (`chainatlas.settings.load_settings` builds it and names a bad value)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from chainatlas.settings import CONFIG_VAR, DEFAULT_DB, DEFAULT_LOG_LEVEL, PREFIX, LogLevel, SettingsError


class _File(PydanticBaseSettingsSource):
    """The settings of the TOML file `$CHAINATLAS_CONFIG` names (none when it names none)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # every field at once below
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        named = os.environ.get(CONFIG_VAR)
        if not named:
            return {}
        try:
            return tomllib.loads(Path(named).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise SettingsError(f"${CONFIG_VAR} {named}: cannot read it as TOML: {error}") from None


class Settings(BaseSettings):
    """Every setting of the atlas, read from the environment, then the settings file, then the defaults."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="forbid", frozen=True)

    db: str = Field(DEFAULT_DB, min_length=1, description="The store's database URL.")
    https: bool = Field(False, description="Served over HTTPS by a reverse proxy: the session cookie is Secure.")
    idle_minutes: int = Field(30, ge=1, le=24 * 60, description="A web session ends this long after its last request.")
    session_hours: int = Field(8, ge=1, le=7 * 24, description="… and in any case this long after its login.")
    page_size: int = Field(50, ge=10, le=1000, description="Rows a list page shows.")
    language: Literal["zh", "en"] = Field("zh", description="The language pages open in and commands print in.")
    log_level: LogLevel = Field(DEFAULT_LOG_LEVEL, description="The least level of the logs written to stderr.")
    vocabulary: str | None = Field(
        None, min_length=1, description="Words the extractor adds for a region: a bundled overlay's name or a folder."
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
        """Arguments, then the environment, then the settings file; no .env or secrets directory."""
        return init_settings, env_settings, _File(settings_cls)
