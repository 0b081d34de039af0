"""Small facts about hosts and HTTP responses, shared by the client, downloads, previews and config."""

from __future__ import annotations

import ipaddress
from typing import Protocol


class _Headers(Protocol):
    def get(self, key: str, default: str = ...) -> str | None: ...


class _Response(Protocol):
    @property
    def headers(self) -> _Headers: ...


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this computer (localhost, 127.0.0.0/8, ::1)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_encoded(response: _Response) -> bool:
    """Whether the body comes compressed (Content-Encoding other than identity)."""
    return str(response.headers.get("content-encoding", "identity")).strip().lower() != "identity"


def declared_length(response: _Response) -> int | None:
    """Content-Length when it counts the file's own bytes (no content encoding), else ``None``."""
    value = str(response.headers.get("content-length", "")).strip()
    return int(value) if value.isdigit() and not is_encoded(response) else None
