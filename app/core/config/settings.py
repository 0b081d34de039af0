"""Effective settings: flag > environment > config file (profile, then top level) > default.

Read when the command line runs, never at import time. The token never comes from a flag: it is
the env ``VERIFIK_TOKEN``, else the config file's ``token_command`` or ``token``; it is hidden from
``repr`` and never printed. ``Settings.sources`` says where each value came from, for
``--print-config``. pydantic-settings reads and checks the file (``app.core.config.file``); the layering
is spelt out here because the environment variables have the product's own names and each value
must be able to say where it came from.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from app.core.config.token_command import (
    TOKEN_COMMAND_TIMEOUT,
    TokenCommandError,
    run_token_command,
)
from app.core.config.values import (
    GIB,
    SettingsError,
    parse_images,
    parse_max_download,
    parse_preview_bytes,
    parse_switch,
    parse_timeout,
    parse_trusted_hosts_env,
    parse_watch,
    size_text,
)
from app.core.net import base_url_problem, mask_password
from app.core.text.zones import LOCAL, check_zone_name

if TYPE_CHECKING:
    from app.core.config.file import ConfigFile, Table

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_DOWNLOAD_BYTES",
    "DEFAULT_PREVIEW_BYTES",
    "DEFAULT_TIMEOUT",
    "Settings",
    "SettingsError",
    "config_path",
    "default_download_dir",
    "format_settings",
    "load_settings",
]

DEFAULT_BASE_URL = "https://api.verifik.co"
DEFAULT_TIMEOUT = 30.0
DEFAULT_PREVIEW_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_DOWNLOAD_BYTES = 4 * GIB
"""Far above any log, screenshot or export a ticket carries, yet an endless or hostile stream
cannot fill the disk."""
CONFIG_ENV = "TICKETVIEW_CONFIG"
"""The environment variable that names another config file."""
PROFILE_ENV = "TICKETVIEW_PROFILE"
TOKEN_ENV = "VERIFIK_TOKEN"


# name: (environment variable, flag or None, parser of the variable's text)
SETTINGS: dict[str, tuple[str, str | None, Callable[[str], object]]] = {
    "base_url": ("VERIFIK_BASE_URL", "--base-url", str),
    "download_dir": ("TICKETVIEW_DOWNLOAD_DIR", "--download-dir", str),
    "theme": ("TICKETVIEW_THEME", "--theme", str),
    "timeout": ("TICKETVIEW_TIMEOUT", None, parse_timeout),
    "preview_bytes": ("TICKETVIEW_PREVIEW_BYTES", None, parse_preview_bytes),
    "max_download_bytes": ("TICKETVIEW_MAX_DOWNLOAD", None, parse_max_download),
    "trusted_hosts": ("TICKETVIEW_TRUSTED_HOSTS", None, parse_trusted_hosts_env),
    "cache": ("TICKETVIEW_CACHE", "--no-cache", parse_switch),
    "watch": ("TICKETVIEW_WATCH", "--watch", parse_watch),
    "bell": ("TICKETVIEW_BELL", "--bell", parse_switch),
    "timezone": ("TICKETVIEW_TIMEZONE", "--utc", check_zone_name),
    "images": ("TICKETVIEW_IMAGES", None, parse_images),
}


def default_download_dir() -> Path:
    """The user's downloads folder (platformdirs), or ~/Downloads."""
    from platformdirs import user_downloads_dir

    try:
        return Path(user_downloads_dir())
    except Exception:  # noqa: BLE001  # pragma: no cover - platformdirs falls back itself; belt and braces
        return Path.home() / "Downloads"


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the config file is: ``$TICKETVIEW_CONFIG``, else ``config.toml`` in the user's config folder."""
    override = (environ.get(CONFIG_ENV) or "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("ticketview", appauthor=False)) / "config.toml"


def _read_config(path: Path) -> ConfigFile | None:
    """The config file at ``path``, checked, if there is one (pydantic-settings is imported only then)."""
    if not os.path.lexists(path):
        return None
    from app.core.config.file import read_config_file

    return read_config_file(path)


@dataclass(frozen=True)
class Settings:
    """What the app needs to know to run."""

    base_url: str = DEFAULT_BASE_URL
    token: str | None = field(default=None, repr=False)
    download_dir: Path = field(default_factory=default_download_dir)
    demo: bool = False
    theme: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    """Overall seconds allowed for one lookup, retries included (env TICKETVIEW_TIMEOUT)."""
    preview_bytes: int = DEFAULT_PREVIEW_BYTES
    """How much of an attachment the viewer reads (env TICKETVIEW_PREVIEW_BYTES)."""
    max_download_bytes: int | None = DEFAULT_MAX_DOWNLOAD_BYTES
    """The largest attachment a download may bring (env TICKETVIEW_MAX_DOWNLOAD); ``None``: no cap."""
    trusted_hosts: tuple[str, ...] = ()
    """Hosts or https origins besides the API's own that may receive the token (attachment storage)."""
    cache: bool = True
    """Keep fetched tickets on disk, to show at once and offline (env TICKETVIEW_CACHE, --no-cache)."""
    offline: bool = False
    """Show only cached tickets and ask no server (--offline)."""
    watch: float | None = None
    """Seconds between polls of the open ticket (--watch, env TICKETVIEW_WATCH); ``None``: no polling."""
    bell: bool = False
    """Ring the terminal bell when a watched ticket gets a new message (--bell, env TICKETVIEW_BELL)."""
    timezone: str = LOCAL
    """The zone times are shown in: an IANA name, ``UTC`` (--utc) or ``local`` (env TICKETVIEW_TIMEZONE)."""
    images: str = "auto"
    """How pictures are drawn: ``auto`` (guessed from the terminal), ``kitty``, ``sixel`` or ``blocks``."""
    profile: str | None = None
    """The config file's profile in use, if any."""
    config_file: Path | None = None
    """The config file that was read, if there was one."""
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Where each value came from: ``--base-url``, ``env VERIFIK_BASE_URL``, ``profile work``, ..."""

    @property
    def needs_token(self) -> bool:
        """True when the API will refuse us: no token and not the demo."""
        return not self.demo and not self.token


def _choose_profile(
    file: ConfigFile | None, path: Path, flag: str | None, from_env: str | None
) -> tuple[str | None, str]:
    """The profile to use and who chose it; an unknown name is a ``SettingsError`` listing the known ones."""
    if flag:
        name, source = flag, "--profile"
    elif from_env:
        name, source = from_env, f"env {PROFILE_ENV}"
    elif file is not None and file.profile:
        name, source = file.profile, "config file"
    else:
        return None, "default"
    if file is None:
        raise SettingsError(
            f"Unknown profile {name!r} (from {source}): there is no config file at {path} "
            f"(set {CONFIG_ENV} to use another file)."
        )
    if name not in file.profiles:
        known = ", ".join(sorted(file.profiles)) or "none yet; add one as [profiles.NAME]"
        raise SettingsError(f"Unknown profile {name!r} (from {source}). Profiles in {path}: {known}.")
    return name, source


def _token(
    demo: bool, from_env: str | None, tables: list[tuple[str, str | None, Table]], path: Path, timeout: float
) -> tuple[str | None, str]:
    """The token and where it came from: the environment, else the first table that gives one."""
    if demo:
        return None, "not needed in demo mode"
    if from_env:
        return from_env, f"env {TOKEN_ENV}"
    for label, profile, table in tables:
        if table.token_command is not None:
            try:
                return run_token_command(table.token_command, timeout=timeout), f"token_command in {label}"
            except TokenCommandError as error:
                from app.core.config.file import table_name

                raise SettingsError(
                    f"The token_command {table.token_command!r} (in {table_name(profile)} of {path}) {error}."
                ) from None
        if table.token is not None:
            return table.token.get_secret_value(), label
    return None, "not set"


def load_settings(
    *,
    base_url: str | None = None,
    download_dir: str | Path | None = None,
    demo: bool = False,
    theme: str | None = None,
    profile: str | None = None,
    cache: bool | None = None,
    offline: bool = False,
    watch: str | float | None = None,
    bell: bool | None = None,
    utc: bool = False,
    environ: Mapping[str, str] = os.environ,
    token_command_timeout: float = TOKEN_COMMAND_TIMEOUT,
) -> Settings:
    """Combine flags, environment and config file into ``Settings``; raises ``SettingsError`` on a bad value.

    Each flag's argument is ``None`` when the flag was not given: ``cache=False`` is ``--no-cache``,
    ``bell=True`` is ``--bell``, ``watch`` is the text after ``--watch``, ``utc=True`` is ``--utc``.
    """

    def env(name: str) -> str | None:
        return (environ.get(name) or "").strip() or None  # set but blank counts as unset

    path = config_path(environ)
    file = _read_config(path)
    chosen, chosen_by = _choose_profile(file, path, (profile or "").strip() or None, env(PROFILE_ENV))
    tables: list[tuple[str, str | None, Table]] = []
    if file is not None:
        if chosen is not None:
            tables.append((f"profile {chosen}", chosen, file.profiles[chosen]))
        tables.append(("config file", None, file))

    flags = {
        "base_url": base_url, "download_dir": download_dir, "theme": theme,
        "cache": cache, "watch": watch, "bell": bell, "timezone": "UTC" if utc else None,
    }  # fmt: skip
    values: dict[str, object] = {}
    sources = {"profile": chosen_by, "offline": "--offline" if offline else "default"}
    for name, (variable, flag, parse) in SETTINGS.items():
        given = flags.get(name)
        if isinstance(given, (str, Path)):
            given = str(given).strip() or None  # a blank flag counts as not given
        raw = env(variable)
        if given is not None:
            try:
                values[name] = parse(given)  # type: ignore[arg-type]  # a flag comes typed (bool, float) or as text; each parser takes both
            except ValueError as error:
                raise SettingsError(f"{flag or name} {error}.") from None
            sources[name] = flag or name
        elif raw is not None:
            try:
                values[name] = parse(raw)
            except ValueError as error:
                raise SettingsError(f"{variable} {error}.") from None
            sources[name] = f"env {variable}"
        else:
            found = [(label, getattr(table, name)) for label, _, table in tables if getattr(table, name) is not None]
            sources[name] = found[0][0] if found else "default"
            if found:
                values[name] = found[0][1]

    use_cache = values.get("cache", True)
    if offline and not use_cache:
        raise SettingsError(
            f"--offline shows only cached tickets, but the cache is off (from {sources['cache']}): drop one of them."
        )
    base_url = str(values.get("base_url", DEFAULT_BASE_URL)).strip()
    problem = None if demo else base_url_problem(base_url)
    if problem:
        raise SettingsError(f"The base URL {mask_password(base_url)!r} (from {sources['base_url']}) {problem}.")
    token, sources["token"] = _token(demo, env(TOKEN_ENV), tables, path, token_command_timeout)
    folder = values.get("download_dir")
    return Settings(
        base_url=base_url,
        token=token,
        download_dir=Path(str(folder)).expanduser() if folder else default_download_dir(),
        demo=demo,
        theme=values.get("theme"),  # type: ignore[arg-type]  # SETTINGS' parser made it this type
        timeout=values.get("timeout", DEFAULT_TIMEOUT),  # type: ignore[arg-type]  # SETTINGS' parser made it this type
        preview_bytes=values.get("preview_bytes", DEFAULT_PREVIEW_BYTES),  # type: ignore[arg-type]  # SETTINGS' parser made it this type
        max_download_bytes=values.get("max_download_bytes", DEFAULT_MAX_DOWNLOAD_BYTES),  # type: ignore[arg-type]  # SETTINGS' parser made it this type
        trusted_hosts=values.get("trusted_hosts", ()),  # type: ignore[arg-type]  # SETTINGS' parser made it this type
        cache=bool(use_cache),
        offline=offline,
        watch=values.get("watch"),  # type: ignore[arg-type]  # SETTINGS' parser made it this type
        bell=bool(values.get("bell", False)),
        timezone=str(values.get("timezone", LOCAL)),
        images=str(values.get("images", "auto")),
        profile=chosen,
        config_file=path if file is not None else None,
        sources=MappingProxyType(sources),
    )


def _zone_text(name: str) -> str:
    """The zone setting for --print-config: ``local`` says which zone that is on this computer."""
    if name != LOCAL:
        return name
    from datetime import datetime

    from app.core.text.zones import zone_for, zone_label

    zone = zone_for(LOCAL)
    return f"local ({getattr(zone, 'key', None) or zone_label(datetime.now(zone))})"


def format_settings(settings: Settings, environ: Mapping[str, str] = os.environ) -> str:
    """The effective settings as plain text, one a line with where each came from; never the token."""
    from app.core.text.safe_text import clean_line

    if settings.config_file is not None:
        file_line = str(settings.config_file)
    else:
        file_line = f"none (no file at {config_path(environ)})"
    if settings.token:
        token = "********"
    elif settings.demo:
        token = "not needed"
    else:
        token = f"not set: set {TOKEN_ENV}, or token_command in the config file"
    shown = {
        "config file": file_line,
        "profile": settings.profile or "none",
        "base_url": "a built-in demo server on 127.0.0.1" if settings.demo else mask_password(settings.base_url),
        "download_dir": str(settings.download_dir),
        "theme": settings.theme or "textual-dark",
        "timeout": f"{settings.timeout:g} s",
        "preview_bytes": size_text(settings.preview_bytes),
        "max_download_bytes": size_text(settings.max_download_bytes) if settings.max_download_bytes else "no limit",
        "trusted_hosts": ", ".join(settings.trusted_hosts) or "none (the token goes to the API's origin only)",
        "cache": "on" if settings.cache else "off",
        "offline": "yes (cached tickets only; no network)" if settings.offline else "no",
        "watch": f"every {settings.watch:g} s" if settings.watch else "off",
        "bell": "on" if settings.bell else "off",
        "timezone": _zone_text(settings.timezone),
        "images": settings.images if settings.images != "auto" else "auto (guessed from the terminal)",
        "token": token,
    }
    lines = []
    for name, value in shown.items():
        origin = "--demo" if settings.demo and name in ("base_url", "token") else settings.sources.get(name)
        if origin in (None, "default", "not set"):
            note = "" if origin is None or name == "token" else "  (default)"
        else:
            note = f"  (from {origin})"
        lines.append(f"{name + ':':<20}{clean_line(value)}{clean_line(note)}")
    return "\n".join(lines) + "\n"
