"""Small facts about hosts and HTTP responses, shared by the client, downloads, previews and config."""

from __future__ import annotations

import ipaddress
from typing import Protocol
from urllib.parse import urlsplit


class Headers(Protocol):
    def get(self, key: str, default: str = ...) -> str | None: ...


class HasHeaders(Protocol):
    """What these checks need of an ``httpx.Response``."""

    @property
    def headers(self) -> Headers: ...


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this computer (localhost, 127.0.0.0/8, ::1)."""
    host = host.strip("[]").lower()
    if host == "localhost":  # not *.localhost: some systems ask DNS for those
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_encoded(response: HasHeaders) -> bool:
    """Whether the body comes compressed (Content-Encoding other than identity)."""
    return str(response.headers.get("content-encoding", "identity")).strip().lower() != "identity"


def declared_length(response: HasHeaders) -> int | None:
    """Content-Length when it counts the file's own bytes (no content encoding), else ``None``."""
    value = str(response.headers.get("content-length", "")).strip()
    return int(value) if value.isdigit() and not is_encoded(response) else None


def mask_password(url: str) -> str:
    """``url`` with any password in it shown as ``****`` (``https://me:****@host``), for screens and logs."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:****@{host}{slash}{path}"


def base_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the API's base URL (the token goes there), or ``None`` if it can."""
    try:
        parts = urlsplit(url)  # as httpx reads it: "http://evil.example#@127.0.0.1" goes to evil.example
        host = parts.hostname or ""
        parts.port  # noqa: B018  # a port that is not a number raises here
    except ValueError:
        return "is not a valid address"
    if parts.scheme.lower() not in ("http", "https") or "://" not in url:
        return "is not an http(s) address (e.g. https://api.verifik.co)"
    if not host:
        return "has no server name"
    scheme = parts.scheme.lower()
    if scheme == "http" and not is_loopback(host):
        return (
            "is plain http to another computer, where the token would travel in clear (proxies too): "
            "use https:// (plain http is only for this computer)"
        )
    return None
