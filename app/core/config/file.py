"""The config file: TOML in the user's config folder, read with pydantic-settings' TOML source.

    profile = "work"                     # the profile used when --profile is not given
    timeout = 30                         # top-level settings apply to every profile
    watch = 60                           # poll the open ticket every minute (cache, bell: true/false)

    [profiles.work]
    base_url = "https://api.verifik.co"
    token_command = "pass show verifik"  # or the env VERIFIK_TOKEN, or token = "..."

Every key is checked when the file is read: an unknown key (a typo) is an error naming it and the
file, as is a value of the wrong kind or a malformed file (with its line). A ``token`` written in
the file is refused unless only the file's owner can read it. Nothing here reads the environment:
``app.core.config.settings`` layers flags and the environment over what the file says.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from app.core.config.values import (
    SettingsError,
    parse_images,
    parse_max_download,
    parse_preview_bytes,
    parse_switch,
    parse_timeout,
    parse_trusted_hosts,
    parse_watch,
)
from app.core.storage.private_files import FileTooBig, read_capped
from app.core.text.zones import check_zone_name

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _text(raw: object) -> str | None:
    """Trimmed text; blank counts as not set. Never quotes ``raw``: it may be a token."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ValueError('must be text in quotes, e.g. "..."')
    return raw.strip() or None


def _unless_unset(parse: Callable[[object], object]) -> Callable[[object], object]:
    """``parse``, letting ``None`` (the key is not in the file) through."""
    return lambda raw: None if raw is None else parse(raw)


class Table(BaseModel):
    """What the file's top level, or one of its profiles, may set; ``None`` where it sets nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    base_url: str | None = None
    download_dir: str | None = None
    theme: str | None = None
    timeout: float | None = None
    preview_bytes: int | None = None
    max_download_bytes: int | None = None
    trusted_hosts: tuple[str, ...] | None = None
    cache: bool | None = None
    watch: float | None = None
    bell: bool | None = None
    timezone: str | None = None
    images: str | None = None
    token_command: str | None = None
    token: SecretStr | None = Field(default=None, repr=False)

    _texts = field_validator("base_url", "download_dir", "theme", "token_command", "token", mode="before")(_text)
    _timeout = field_validator("timeout", mode="before")(_unless_unset(parse_timeout))
    _preview = field_validator("preview_bytes", mode="before")(_unless_unset(parse_preview_bytes))
    _max_download = field_validator("max_download_bytes", mode="before")(_unless_unset(parse_max_download))
    _hosts = field_validator("trusted_hosts", mode="before")(_unless_unset(parse_trusted_hosts))
    _switches = field_validator("cache", "bell", mode="before")(_unless_unset(parse_switch))
    _watch = field_validator("watch", mode="before")(_unless_unset(parse_watch))
    _zone = field_validator("timezone", mode="before")(_unless_unset(check_zone_name))
    _images = field_validator("images", mode="before")(_unless_unset(parse_images))

    @model_validator(mode="after")
    def _one_token_source(self) -> Self:
        if self.token is not None and self.token_command is not None:
            raise ValueError("sets both token and token_command: keep one")
        return self


class ConfigFile(Table, BaseSettings):
    """The whole file: top-level settings, a default profile and the profiles."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True, case_sensitive=True, hide_input_in_errors=True)

    profile: str | None = None
    """The profile used when neither --profile nor TICKETVIEW_PROFILE names one."""
    profiles: dict[str, Table] = Field(default_factory=dict)

    _profile = field_validator("profile", mode="before")(_text)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only what the TOML source read: never environment variables, a .env file or secrets."""
        return (init_settings,)

    def holds_token(self) -> bool:
        """Whether a token is written anywhere in the file."""
        return self.token is not None or any(table.token is not None for table in self.profiles.values())


def table_name(profile: str | None) -> str:
    """How a reader finds a profile's table in the file: ``[profiles.work]``."""
    if profile is None:
        return "the top level"
    key = profile if _BARE_KEY.fullmatch(profile) else '"' + profile.replace('"', '\\"') + '"'
    return f"[profiles.{key}]"


def _problem(error: Mapping[str, Any]) -> str:
    """One validation problem in words: where in the file, and what is wrong."""
    loc = [str(part) for part in error["loc"]]
    profile = loc[1] if loc[:1] == ["profiles"] and len(loc) > 1 else None
    key = loc[2] if profile is not None and len(loc) > 2 else (loc[0] if loc and profile is None else None)
    where = table_name(profile)
    kind = error["type"]
    if kind == "extra_forbidden":
        known = ", ".join(Table.model_fields) + ("" if profile else ", profile, profiles")
        return f"unknown key {key!r} in {where} (known keys: {known})"
    if key == "profiles" and profile is None:
        return "profiles must be tables, e.g. [profiles.work]"
    message = str(error.get("ctx", {}).get("error", "")) or str(error["msg"])
    if key is None:  # the table itself: not a table, or a rule across its keys
        return f"{where} {message}" if kind == "value_error" else f"{where} must be a table of settings"
    return f"{key} in {where} {message}"


CONFIG_LIMIT = 1024 * 1024
"""A config file is a few lines; one over this is not read."""


def _readable_by_others(info: os.stat_result) -> bool:
    return os.name != "nt" and bool(info.st_mode & 0o077)


def read_config_file(path: Path) -> ConfigFile | None:
    """The file at ``path``, checked; ``None`` when there is none. Raises ``SettingsError``."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SettingsError(f"The config file {path} could not be read: {error.strerror}.") from None
    if not stat.S_ISREG(info.st_mode):
        if path == Path(os.devnull):
            return None  # TICKETVIEW_CONFIG=/dev/null: no config file
        raise SettingsError(f"The config file {path} is not a regular file.")
    try:
        # Opened without waiting (a FIFO put there is refused at once) and read at most CONFIG_LIMIT bytes;
        # a symbolic link is followed: dotfile managers link config files.
        raw = read_capped(path, limit=CONFIG_LIMIT, follow_links=True)
        data = tomllib.loads(raw.decode("utf-8"))
    except FileTooBig:
        raise SettingsError(
            f"The config file {path} is over {CONFIG_LIMIT // 1024} KiB: is it the right file?"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"The config file {path} is not valid TOML: {error}.") from None
    except UnicodeDecodeError:
        raise SettingsError(f"The config file {path} is not UTF-8 text.") from None
    except OSError as error:
        raise SettingsError(f"The config file {path} could not be read: {error.strerror}.") from None
    # pydantic-settings takes keyword arguments named _env_file, _cli_parse_args, ...: a key like
    # that in the file is no setting, and must not steer the reader
    if reserved := sorted(key for key in data if key.startswith("_")):
        raise SettingsError(f"In the config file {path}: unknown key {reserved[0]!r} in the top level.")
    try:
        config = ConfigFile.model_validate(data)
    except ValidationError as error:
        problems = [_problem(item) for item in error.errors(include_input=False)]
        if len(problems) == 1:
            raise SettingsError(f"In the config file {path}: {problems[0]}.") from None
        raise SettingsError(f"In the config file {path}:\n" + "\n".join(f"  - {p}" for p in problems)) from None
    if config.holds_token() and _readable_by_others(info):
        raise SettingsError(
            f"The config file {path} holds a token, but other users can read it "
            f"(mode {stat.S_IMODE(info.st_mode):04o}). Make it private with: chmod 600 {shlex.quote(str(path))} "
            "(or use token_command, or the env VERIFIK_TOKEN, instead)."
        )
    return config
