"""Turn what HTTP can go wrong into the typed errors of ``app.core.errors``, in words for people.

Two halves: ``transport_error`` maps an httpx exception (refused, DNS, TLS, dropped, timed out) by
looking through its causes; ``status_error`` maps an HTTP status and its body (JSON of either error
shape, an HTML page from a proxy, nothing at all). Messages never carry a header, so never the token.
"""

from __future__ import annotations

import errno
import re
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from app.core.api.models import parse_error
from app.core.errors import (
    ApiRejected,
    ConnectionBroken,
    InvalidResponse,
    NetworkError,
    RateLimited,
    RequestTimeout,
    ServerError,
    TicketNotFound,
    TicketViewError,
    Unauthorized,
)
from app.core.net import mask_password
from app.core.text.safe_text import clean_line, excerpt

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Statuses worth asking again, for an idempotent GET."""

TLS_HINT = (
    "Check the base URL and the system clock. Behind a company proxy that inspects TLS, point "
    "SSL_CERT_FILE at its certificate bundle (export SSL_CERT_FILE=/path/to/ca.pem)."
)
DETAIL_LIMIT = 80
WORDS_LIMIT = 200
_SECONDS = re.compile(r"\d+(\.\d+)?")


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, its causes and contexts, and the members of any exception group among them."""
    pending, seen = [error], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(link for link in (current.__cause__, current.__context__) if link is not None)


def host_of(url: httpx.URL) -> str:
    """The host of ``url`` in ASCII (punycode), lower case; unlike ``url.host`` it never raises."""
    return url.raw_host.decode("ascii", errors="replace").lower()


def has_usable_host(url: httpx.URL) -> bool:
    """Whether ``url`` names a host httpx can send to (some malformed IDNA names it cannot)."""
    try:
        return bool(url.host)
    except ValueError:
        return False


def _where(url: httpx.URL) -> tuple[str, str]:
    """The host, and host:port, of ``url`` for a message."""
    host = host_of(url) or "the server"
    port = url.port or {"https": 443, "http": 80}.get(url.scheme)
    return host, f"{host}:{port}" if port else host


def transport_error(
    error: Exception, url: httpx.URL, *, connect_timeout: float, read_timeout: float
) -> tuple[TicketViewError, bool]:
    """The typed error for a failed exchange with ``url``, and whether asking again may help."""
    host, host_port = _where(url)
    if isinstance(error, (httpx.ConnectTimeout, httpx.PoolTimeout)):
        return RequestTimeout(connect_timeout), True
    if isinstance(error, httpx.TimeoutException):
        return RequestTimeout(read_timeout), True
    if isinstance(error, httpx.DecodingError):
        return InvalidResponse("The response could not be decoded (its compression is broken)."), False
    if isinstance(error, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return NetworkError(
            f"The address {clean_line(mask_password(str(url)))[:WORDS_LIMIT]!r} is not an http(s) URL."
        ), False
    if isinstance(error, httpx.ProxyError):
        return NetworkError("The proxy (HTTPS_PROXY / HTTP_PROXY) refused or failed the connection."), True
    causes = list(_causes(error))
    if any(isinstance(cause, (ssl.SSLError, ssl.CertificateError)) for cause in causes):
        message = f"A secure connection to {host} could not be made (certificate or TLS problem)."
        return NetworkError(message, hint=TLS_HINT), False
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            if cause.errno == socket.EAI_AGAIN:
                return NetworkError(f"Could not look up the server {host} (name resolution failed)."), True
            return NetworkError(f"Could not find the server {host}."), False
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
        return NetworkError(f"Could not connect to {host_port}: connection refused."), True
    if isinstance(error, httpx.ConnectError):
        reason = next((c.strerror for c in causes if isinstance(c, OSError) and c.strerror), "")
        return NetworkError(f"Could not connect to {host_port}" + (f": {reason.lower()}." if reason else ".")), True
    if isinstance(error, (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError, httpx.CloseError)):
        return ConnectionBroken(f"The connection to {host} broke before the answer was complete."), False
    if isinstance(error, OSError) and error.errno == errno.ECONNRESET:
        return ConnectionBroken(f"The connection to {host} was reset."), False
    return NetworkError(f"The request to {host} failed ({type(error).__name__})."), False


def retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or ``None``."""
    if not value:
        return None
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _looks_html(body: bytes, content_type: str) -> bool:
    return "html" in content_type.lower() or body.lstrip()[:1] == b"<"


def body_detail(body: bytes, content_type: str = "") -> str:
    """A short, safe description of an error body: its words, "HTML error page" or "empty body"."""
    if not body.strip():
        return "empty body"
    parsed = parse_error(body)
    if parsed is not None and parsed.describe():
        return _shorten(parsed.describe(), DETAIL_LIMIT)
    if _looks_html(body, content_type):
        return "HTML error page"
    return excerpt(body, DETAIL_LIMIT)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(clean_line(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def status_error(
    status: int, body: bytes, content_type: str, ticket_id: str, *, wait: float | None = None
) -> TicketViewError:
    """The typed error for a non-2xx answer to a ticket request (``wait``: its Retry-After)."""
    if status == 404:
        return TicketNotFound(ticket_id)
    if status in (401, 403):
        return Unauthorized(status)
    if status == 429:
        return RateLimited(wait)
    if 500 <= status <= 599:
        return ServerError(status, body_detail(body, content_type))
    if 400 <= status <= 499:
        parsed = parse_error(body)
        words = _shorten(parsed.describe(), WORDS_LIMIT) if parsed is not None else ""
        message = f"It answered HTTP {status}" + (f": {words}." if words else ".")
        return ApiRejected(message, status=status)
    if 300 <= status <= 399:
        return InvalidResponse(f"The server answered with a redirect the app cannot follow (HTTP {status}).")
    return InvalidResponse(f"The server answered with an unexpected HTTP status {status}.", excerpt=excerpt(body))


def download_status_message(status: int) -> str:
    """Words for a non-2xx answer to an attachment download."""
    if status in (404, 410):
        return f"The file is no longer on the server ({status})."
    if status in (401, 403):
        return f"The file server refused access to the file ({status})."
    if status == 429:
        return "The file server is limiting requests (429). Try again in a moment."
    if 500 <= status <= 599:
        return f"The file server failed (HTTP {status}). Try again in a moment."
    if 300 <= status <= 399:
        return f"The file server answered with a redirect that cannot be followed (HTTP {status})."
    return f"The file server refused the download (HTTP {status})."
