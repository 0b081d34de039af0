"""Where requests go: the API's ticket paths, attachment addresses, origins and trusted hosts.

Pure functions over URLs (httpx's), used by the client to decide what may be fetched and who may
see the token.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

import httpx

from app.core.api.http_errors import has_usable_host, host_of
from app.core.errors import DownloadError
from app.core.net import is_loopback

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port, with default ports made explicit."""
    return url.scheme, host_of(url), url.port or _DEFAULT_PORTS.get(url.scheme)


def trusted(entries: Sequence[str]) -> tuple[frozenset[str], frozenset[tuple[str, str, int | None]]]:
    """Trusted host names (any https port) and exact origins, from ``files.example`` or ``https://files.example:8443``."""
    hosts: set[str] = set()
    origins: set[tuple[str, str, int | None]] = set()
    for entry in entries:
        text = entry.strip().lower().rstrip("/")
        if "://" not in text:
            hosts.add(text.strip("[]"))
            continue
        try:
            origins.add(origin(httpx.URL(text)))
        except (httpx.InvalidURL, ValueError):
            continue  # not an origin: trusts nothing
    return frozenset(hosts), frozenset(origins)


def ticket_path_segment(ticket_id: str) -> str:
    """``ticket_id`` as exactly one encoded path segment (``..`` never walks up)."""
    try:  # an ID from the command line may carry undecodable bytes (surrogate escapes): send them back
        raw = ticket_id.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        raw = ticket_id.encode("utf-8", errors="replace")
    segment = quote(raw, safe="")
    return segment.replace(".", "%2E") if set(segment) == {"."} else segment


def same_id(asked: str, answered: str) -> bool:
    """Whether the ticket a server answered with is the one asked for: as spelled, or as a server
    that ignores case or Unicode forms spells it. An ID asked for that is not text (bytes that are
    no UTF-8, from the command line) cannot be compared, and passes."""
    if not asked.isprintable():
        return True
    return _id_form(asked) == _id_form(answered)


def _id_form(ticket_id: str) -> str:
    return unicodedata.normalize("NFC", ticket_id).strip().casefold()


ONLY_HTTPS = "only https links are fetched (plain http only from this computer)"


def _not_web(scheme: str) -> str:
    if not scheme:
        return "The attachment's address is not a full web address (https://…), so it cannot be fetched."
    return f"Refusing to download a {scheme[:20]!r} link: {ONLY_HTTPS}."


def check_download_url(url: httpx.URL) -> None:
    """Refuse, with ``DownloadError``, any address but https (or http to this computer)."""
    if url.scheme not in ("http", "https"):
        raise DownloadError(_not_web(url.scheme))
    if not has_usable_host(url):
        raise DownloadError("The attachment's address has no valid server name.")
    if url.scheme == "http" and not is_loopback(host_of(url)):
        raise DownloadError(f"Refusing to download from {host_of(url)} over plain http: {ONLY_HTTPS}.")


def download_headers() -> dict[str, str]:
    # identity: the bytes received are the file's, so sizes can be checked against Content-Length
    return {"Accept": "*/*", "Accept-Encoding": "identity"}


def download_url(url: str | None) -> httpx.URL:
    """Parse an attachment's address, refusing anything but an https (or loopback http) URL."""
    text = (url or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        raise DownloadError(_not_web(scheme))
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, ValueError):
        raise DownloadError("The attachment's address is not a valid URL.") from None
    check_download_url(parsed)
    return parsed


def request_url(error: BaseException, fallback: httpx.URL) -> httpx.URL:
    """The URL the failed request went to (after redirects), else ``fallback``."""
    try:
        request: httpx.Request = error.request  # type: ignore[attr-defined]  # httpx's errors carry one (or raise)
        return request.url
    except (AttributeError, RuntimeError):
        return fallback
