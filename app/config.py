"""Effective settings from flags and the environment (flag > env > default).

Read when the command line runs, never at import time. The token comes only from the
environment, never from a flag, and is hidden from ``repr``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BASE_URL = "https://api.verifik.co"
DEFAULT_TIMEOUT = 30.0
DEFAULT_PREVIEW_BYTES = 2 * 1024 * 1024
_SIZE_UNITS = {"": 1, "k": 1024, "kib": 1024, "m": 1024**2, "mib": 1024**2, "g": 1024**3, "gib": 1024**3}


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message says which and why."""


def _timeout(raw: str | None) -> float:
    if raw is None:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise SettingsError(f"TICKETVIEW_TIMEOUT must be a number of seconds from 0 to 3600, not {raw!r}.")
    return value


def _preview_bytes(raw: str | None) -> int:
    """Bytes from ``2097152``, ``512KiB``, ``4MiB`` or ``1G`` (binary units)."""
    if raw is None:
        return DEFAULT_PREVIEW_BYTES
    text = raw.strip().lower().replace(" ", "")
    number = text.rstrip("kmgib")
    unit = _SIZE_UNITS.get(text[len(number) :])
    if not (number.isascii() and number.isdigit()) or unit is None or not 1024 <= int(number) * unit <= 1024**3:
        raise SettingsError(
            f"TICKETVIEW_PREVIEW_BYTES must be a size from 1KiB to 1GiB (e.g. 2MiB), not {raw!r}."
        )
    return int(number) * unit


def default_download_dir() -> Path:
    """The user's downloads folder (platformdirs), or ~/Downloads."""
    from platformdirs import user_downloads_dir

    try:
        return Path(user_downloads_dir())
    except Exception:  # pragma: no cover - platformdirs falls back itself; belt and braces
        return Path.home() / "Downloads"


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

    @property
    def needs_token(self) -> bool:
        """True when the API will refuse us: no token and not the demo."""
        return not self.demo and not self.token


def load_settings(
    *,
    base_url: str | None = None,
    download_dir: str | Path | None = None,
    demo: bool = False,
    theme: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Settings:
    """Combine flags and environment into ``Settings``; raises ``SettingsError`` on a bad value."""

    def env(name: str) -> str | None:
        return (environ.get(name) or "").strip() or None  # set but blank counts as unset

    token = env("VERIFIK_TOKEN")
    url = (base_url or "").strip() or env("VERIFIK_BASE_URL") or DEFAULT_BASE_URL
    folder = download_dir or env("TICKETVIEW_DOWNLOAD_DIR")
    return Settings(
        base_url=url,
        token=None if demo else token,
        download_dir=Path(folder).expanduser() if folder else default_download_dir(),
        demo=demo,
        theme=theme,
        timeout=_timeout(env("TICKETVIEW_TIMEOUT")),
        preview_bytes=_preview_bytes(env("TICKETVIEW_PREVIEW_BYTES")),
    )
