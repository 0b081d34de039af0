"""Parsing and checking setting values, the same whether they come from a flag, the env or the file.

Each parser takes what the user wrote (text from a flag or the environment, or a TOML value) and
returns the value the app uses, or raises ``ValueError`` with a message that starts with "must"
and quotes what was written, so the caller can put the setting's name in front of it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from app.core.net import is_loopback

KIB = 1024
MIB = 1024**2
GIB = 1024**3
TIB = 1024**4
_SIZE_UNITS = {
    "": 1, "b": 1,
    "k": KIB, "kb": KIB, "kib": KIB,
    "m": MIB, "mb": MIB, "mib": MIB,
    "g": GIB, "gb": GIB, "gib": GIB,
    "t": TIB, "tb": TIB, "tib": TIB,
}  # fmt: skip
_SIZE = re.compile(r"(?P<number>[0-9]+)\s*(?P<unit>[a-z]*)")
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message says which and why."""


def parse_timeout(raw: object) -> float:
    """Seconds from 0 (exclusive) to 3600, from a number or text."""
    try:
        value = float(str(raw).strip()) if not isinstance(raw, bool) else -1.0
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:  # also refuses nan
        raise ValueError(f"must be a number of seconds from 0 to 3600, not {raw!r}")
    return value


_SWITCH_WORDS = {
    "1": True, "true": True, "yes": True, "on": True,
    "0": False, "false": False, "no": False, "off": False,
}  # fmt: skip
WATCH_MIN = 5.0
WATCH_MAX = 86400.0


def parse_switch(raw: object) -> bool:
    """On or off, from a TOML boolean, 1 or 0, or the words 1/0, true/false, yes/no, on/off (any case)."""
    if isinstance(raw, bool):
        return raw
    value = _SWITCH_WORDS.get(str(raw).strip().lower()) if isinstance(raw, (str, int)) else None
    if value is None:
        raise ValueError(f"must be one of 1/0, true/false, yes/no, on/off, not {raw!r}")
    return value


IMAGES = ("auto", "kitty", "sixel", "blocks")
"""How pictures are drawn: guessed from the terminal (``auto``), or one way for sure."""


def parse_images(raw: object) -> str:
    """``auto``, ``kitty``, ``sixel`` or ``blocks`` (``halfblocks`` too), any case."""
    value = str(raw).strip().lower() if isinstance(raw, str) else ""
    value = "blocks" if value in ("halfblocks", "half-blocks") else value
    if value not in IMAGES:
        raise ValueError(f"must be one of {', '.join(IMAGES)}, not {raw!r}")
    return value


def parse_watch(raw: object) -> float:
    """Seconds between polls of the open ticket: 5 to 86400 (a day), from a number or text."""
    try:
        value = float(str(raw).strip()) if not isinstance(raw, bool) else -1.0
    except ValueError:
        value = -1.0
    if not WATCH_MIN <= value <= WATCH_MAX:  # also refuses nan and inf
        raise ValueError(f"must be a number of seconds from 5 to 86400, not {raw!r}")
    return value


def size_text(size: int) -> str:
    """``size`` bytes in the largest binary unit that divides it exactly: ``4GiB``, ``1536KiB``."""
    for unit, factor in (("TiB", TIB), ("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{unit}"
    return f"{size} bytes"


def parse_size(raw: object, *, low: int, high: int, example: str) -> int:
    """Bytes from ``2097152``, ``512KiB``, ``4MiB``, ``1G`` or ``1GB`` (all binary units), from ``low`` to ``high``."""
    value = -1
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and (match := _SIZE.fullmatch(raw.strip().lower())):
        unit = _SIZE_UNITS.get(match["unit"])
        if unit is not None and match["number"].isascii():
            value = int(match["number"]) * unit
    if not low <= value <= high:
        raise ValueError(f"must be a size from {size_text(low)} to {size_text(high)} (e.g. {example}), not {raw!r}")
    return value


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _host(text: str) -> str | None:
    """``text`` as a lower-case ASCII host name or IP address, or ``None`` if it is neither."""
    text = text.lower()
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    if _is_ip(bare):
        return bare
    labels = text.rstrip(".").split(".")
    if len(text) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in labels):
        return text.rstrip(".")
    return None


def _trusted_entry(entry: str) -> str:
    """One trusted entry: a host name (any https port) or an origin such as ``https://files.example:8443``."""
    text = entry.strip().rstrip("/")
    problem = f"must be host names or https origins (e.g. files.verifik.co), not {entry.strip()!r}"
    if "://" not in text:
        host = _host(text)
        if host is None:
            if ":" in text and _host(text.rsplit(":", 1)[0]):
                problem += "; to name a port, write an origin such as https://files.verifik.co:8443"
            raise ValueError(problem)
        return host
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(problem) from None
    host = _host(parts.hostname or "")
    if host is None or parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(problem)
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and is_loopback(host)):
        raise ValueError(f"{problem}; the token is only ever sent over https (plain http only to this computer)")
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}" + (f":{port}" if port is not None else "")


def parse_trusted_hosts(raw: object) -> tuple[str, ...]:
    """Host names or origins, from comma-separated text or a list; duplicates and blanks dropped."""
    if isinstance(raw, str):
        entries: Sequence[object] = raw.split(",")
    elif isinstance(raw, (list, tuple)):
        entries = raw
    else:
        raise ValueError(f"must be a list of host names or https origins, not {raw!r}")
    result: list[str] = []
    for entry in entries:
        if not isinstance(entry, str):
            raise ValueError(f"must be host names or https origins written as text, not {entry!r}")
        if entry.strip() and (parsed := _trusted_entry(entry)) not in result:
            result.append(parsed)
    return tuple(result)


def parse_trusted_hosts_env(raw: str) -> tuple[str, ...]:
    """``parse_trusted_hosts`` for the environment, where the word ``none`` means no hosts (overriding the file)."""
    return () if raw.strip().lower() == "none" else parse_trusted_hosts(raw)


def parse_preview_bytes(raw: object) -> int:
    """How much of an attachment the viewer reads: 1KiB to 1GiB."""
    return parse_size(raw, low=KIB, high=GIB, example="2MiB")


def parse_max_download(raw: object) -> int:
    """The largest attachment a download may bring: 1KiB to 1TiB."""
    return parse_size(raw, low=KIB, high=TIB, example="500MiB")
