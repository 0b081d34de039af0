"""The asynchronous client of the Verifik support tickets API, on ``httpx.AsyncClient``.

It only ever raises the typed errors of ``app.core.errors`` (and lets ``asyncio.CancelledError``
through), retries what is worth retrying with ``stamina``, follows redirects itself so that the
token goes only to the API's own origin, and reads bodies with a size cap. Nothing here imports
Textual: scripts and the command line use it as the app does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Self
from urllib.parse import urlencode

import httpx

from app import __version__
from app.core.api.addresses import (
    check_download_url,
    download_headers,
    download_url,
    origin,
    request_url,
    same_id,
    ticket_path_segment,
    trusted,
)
from app.core.api.connections import read_larger_pieces, tls_context
from app.core.api.decoding import ACCEPT_ENCODING, read_capped
from app.core.api.http_errors import (
    RETRY_STATUSES,
    download_status_message,
    has_usable_host,
    host_of,
    retry_after,
    status_error,
    transport_error,
)
from app.core.api.models import Fetched, Ticket, body_digest, parse_ticket
from app.core.api.new_ticket import NewTicket
from app.core.api.retry import Retryable, RetryNotice, RetryPolicy, with_retries
from app.core.api.secret import Redactor, Secret, sendable
from app.core.api.ticket_filters import PAGE_SIZE, TicketFilters
from app.core.errors import (
    TOKEN_HINT,
    ApiRejected,
    AuthError,
    DownloadError,
    InvalidResponse,
    MissingToken,
    NetworkError,
    RequestTimeout,
    TicketNotFound,
    TicketViewError,
)
from app.core.net import is_loopback
from app.core.text.safe_text import clean_line, excerpt

if TYPE_CHECKING:
    from app.core.api.list_models import TicketPage

__all__ = [
    "RetryNotice",
    "TicketClient",
    "check_download_url",
    "is_loopback",
    "read_capped",
    "ticket_path_segment",
]

USER_AGENT = f"ticketview/{__version__}"
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ERROR_BODY_LIMIT = 64 * 1024
"""Bytes of an error body worth reading: enough for any error message, never a flood."""


class TicketClient:
    """Fetches tickets and opens attachment downloads, raising only ``TicketViewError``s."""

    def __init__(
        self,
        base_url: str = "https://api.verifik.co",
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        require_token: bool = True,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        deadline: float = 30.0,
        attempts: int = 3,
        max_retry_wait: float = 30.0,
        max_body_bytes: int = 32 * 1024 * 1024,
        trusted_hosts: Sequence[str] = (),
        retry_wait_initial: float = 0.5,
        retry_wait_max: float = 8.0,
        retry_wait_jitter: float = 0.5,
    ) -> None:
        self._base_url = base_url.strip().rstrip("/")
        token = (token or "").strip()
        self._token = Secret(token) if token else None
        self._redactor = Redactor(self._token)
        """The token, or ``None``; one that cannot be a header value is never sent (see _check_token)."""
        self._require_token = require_token
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._policy = RetryPolicy(
            max(1, attempts), deadline, max_retry_wait, retry_wait_initial, retry_wait_max, retry_wait_jitter
        )
        self._max_body_bytes = max_body_bytes
        self._trusted_hosts, self._trusted_origins = trusted(trusted_hosts)
        try:
            self._base_origin: tuple[str, str, int | None] | None = origin(httpx.URL(self._base_url))
        except (httpx.InvalidURL, ValueError):
            self._base_origin = None
        timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout)
        read_larger_pieces()
        tls = tls_context()
        # Plain http goes only to this computer, and straight there: never through a proxy from the
        # environment, which would see the token in clear (https goes through one as a sealed tunnel).
        # It is given the same TLS context: it never uses it, and building another costs as much.
        direct = None if transport is not None else {"http://": httpx.AsyncHTTPTransport(verify=tls)}
        self._http = httpx.AsyncClient(
            transport=transport,
            mounts=direct,
            timeout=timeout,
            follow_redirects=False,
            trust_env=True,
            verify=tls,
            headers={"User-Agent": USER_AGENT},
        )

    def __repr__(self) -> str:
        return f"TicketClient(base_url={self._base_url!r}, token={'set' if self._token else 'none'})"

    @property
    def base_url(self) -> str:
        """The API's base URL, without a trailing slash."""
        return self._base_url

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    # --- tickets ---------------------------------------------------------------------------

    async def get_ticket(self, ticket_id: str, *, on_retry: Callable[[RetryNotice], object] | None = None) -> Ticket:
        """Fetch one ticket with its conversation and attachments."""
        return (await self.fetch_ticket(ticket_id, on_retry=on_retry)).ticket

    async def fetch_ticket(
        self,
        ticket_id: str,
        *,
        known: Fetched | None = None,
        on_retry: Callable[[RetryNotice], object] | None = None,
    ) -> Fetched:
        """Fetch one ticket, with a digest of the body it was read from.

        When the body is the very one ``known`` was read from, ``known`` itself comes back and the
        body is not parsed again: refreshing or watching an unchanged 10,000-message ticket costs
        neither a second copy in memory nor a parse on the UI's event loop.
        """
        ticket_id = ticket_id.strip()
        if not ticket_id:
            raise ApiRejected("Type a ticket ID first.")
        self._check_token()
        url = f"{self._base_url}/v2/support-tickets/{ticket_path_segment(ticket_id)}"
        body = self.redact(await with_retries(lambda: self._fetch_once(url, ticket_id), self._policy, on_retry))
        digest = body_digest(body)
        if known is not None and known.digest == digest:
            return known
        try:
            ticket = parse_ticket(body)
        except InvalidResponse as error:
            error.excerpt = excerpt(body)
            raise
        if not same_id(ticket_id, ticket.id):  # another ticket shown under the ID asked for would mislead
            raise InvalidResponse(
                f"Asked for ticket {clean_line(ticket_id)[:100]!r}, the server answered with "
                f"ticket {clean_line(ticket.id)[:100]!r}."
            )
        return Fetched(self._redactor.redact_escaped(body, ticket, Ticket), digest)

    async def create_ticket(self, new: NewTicket) -> Ticket:
        """Create ``new`` with exactly one POST, never retried; the new ticket (see ``app.core.api.creating``)."""
        from app.core.api.creating import check_sendable, parse_created, post_once  # only creating needs them

        check_sendable(new)
        self._check_token()
        target = self._checked_url(f"{self._base_url}/v2/support-tickets")
        body = await post_once(
            self._http,
            target,
            self._headers_for(target, self._api_headers()),
            new,
            timeouts=(self._connect_timeout, self._read_timeout, self._policy.deadline),
            max_body_bytes=self._max_body_bytes,
            redact=self.redact,
        )
        return self._redactor.redact_escaped(body, parse_created(self.redact(body)), Ticket)

    async def list_tickets(
        self,
        filters: TicketFilters | None = None,
        *,
        page: int = 1,
        limit: int = PAGE_SIZE,
        count_by_status: bool = False,
        on_retry: Callable[[RetryNotice], object] | None = None,
    ) -> TicketPage:
        """Fetch one page of the ticket list, filtered (``countByStatus`` adds per-status counts)."""
        # Imported here: a ticket opened at start-up should not wait for the list's models to build.
        from app.core.api.list_models import TicketSummary, invalid_filters, parse_page

        self._check_token()
        params = (filters or TicketFilters()).params(page=page, limit=limit, count_by_status=count_by_status)
        url = f"{self._base_url}/v2/support-tickets?{urlencode(params)}"
        try:
            body = await with_retries(lambda: self._fetch_once(url, ""), self._policy, on_retry)
        except TicketNotFound:
            raise ApiRejected(
                "The API has no ticket list at this address (404).",
                hint="Check --base-url or VERIFIK_BASE_URL, e.g. https://api.verifik.co",
                status=404,
            ) from None
        except ApiRejected as error:
            if error.status == 400:  # the API's words follow "HTTP 400: "
                raise invalid_filters(error.message.partition(": ")[2].rstrip(".")) from None
            raise
        try:
            listed = parse_page(self.redact(body), page=page, limit=limit)
        except InvalidResponse as error:
            error.excerpt = excerpt(self.redact(body))
            raise
        redactor = self._redactor
        if redactor.escaped_possible(body) and any(redactor.holds_token(item) for item in listed.items):
            items = [redactor.redact_escaped(body, item, TicketSummary) for item in listed.items]
            listed = replace(listed, items=items)
        return listed

    def redact(self, body: bytes) -> bytes:
        """``body`` with the token blanked out, in case a server echoes it back (see ``Redactor``)."""
        return self._redactor.redact(body)

    def _check_token(self) -> None:
        if self._token is None:
            if self._require_token:
                raise MissingToken()
            return
        if not sendable(self._token.value):
            raise AuthError(
                "The API token contains spaces, line breaks or other characters a token cannot have.",
                hint=TOKEN_HINT,
            )

    def _checked_url(self, url: str) -> httpx.URL:
        """``url`` (under the base URL) parsed, or ``NetworkError`` when the base URL is not http(s)."""
        try:
            target = httpx.URL(url)
        except (httpx.InvalidURL, ValueError):
            target = httpx.URL()
        if target.scheme not in ("http", "https") or not has_usable_host(target):
            raise NetworkError(
                f"The base URL {clean_line(self._base_url)[:200]!r} is not a valid http(s) URL.",
                hint="Check --base-url or VERIFIK_BASE_URL, e.g. https://api.verifik.co",
            )
        return target

    async def _fetch_once(self, url: str, ticket_id: str) -> bytes:
        """One attempt: the body of a 2xx answer, or a typed (maybe retryable) error."""
        target = self._checked_url(url)
        try:
            async with self._open(target, self._api_headers, self._check_api_redirect) as response:
                target = response.url
                if 200 <= response.status_code <= 299:
                    return await read_capped(response, self._max_body_bytes)
                body = await read_capped(response, ERROR_BODY_LIMIT, truncate=True)
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
            where = request_url(error, target)
            typed, retryable = transport_error(
                error, where, connect_timeout=self._connect_timeout, read_timeout=self._read_timeout
            )
            if retryable:
                reason = "timed out" if isinstance(typed, RequestTimeout) else "could not connect"
                raise Retryable(typed, reason) from None
            raise typed from None
        body, status = self.redact(body), response.status_code
        wait = retry_after(response.headers.get("retry-after")) if status in RETRY_STATUSES else None
        refused = status_error(status, body, response.headers.get("content-type", ""), ticket_id, wait=wait)
        if status in RETRY_STATUSES:
            reason = "rate limited (429)" if status == 429 else f"server error {status}"
            raise Retryable(refused, reason, wait)
        raise refused

    def _api_headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING, "Content-Type": "application/json"}

    def _check_api_redirect(self, url: httpx.URL) -> None:
        if url.scheme not in ("http", "https") or not has_usable_host(url):
            raise InvalidResponse("The server redirected to an address that is not an http(s) URL.")
        base = self._base_origin
        if base is None or origin(url) == base or self._may_see_token(url):
            return  # the API itself, or a host trusted with the token
        if url.scheme == "https" and host_of(url) == base[1]:
            return  # the same host over https
        # Another host would answer without the token, and what it sent would pass for the API's.
        raise InvalidResponse(
            f"The server redirected the request to another host ({clean_line(host_of(url))[:100]}); "
            "tickets are read from the API's own address only."
        )

    # --- attachments -----------------------------------------------------------------------

    def stream(self, url: str) -> AbstractAsyncContextManager[httpx.Response]:
        """Open a download of ``url``: the streaming response of a 2xx, else ``DownloadError``."""
        return self._stream(url)

    @asynccontextmanager
    async def _stream(self, url: str) -> AsyncIterator[httpx.Response]:
        target = download_url(url)
        opened = False
        try:
            async with self._open(target, download_headers, check_download_url) as response:
                target = response.url
                if not 200 <= response.status_code <= 299:
                    raise DownloadError(download_status_message(response.status_code))
                opened = True
                yield response
        except DownloadError:
            raise
        except TicketViewError as error:
            raise DownloadError(error.message, hint=error.hint) from None
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
            if opened and not isinstance(error, httpx.HTTPError):
                raise  # the caller's own failure (a disk error), not the network's
            typed, _ = transport_error(
                error,
                request_url(error, target),
                connect_timeout=self._connect_timeout,
                read_timeout=self._read_timeout,
            )
            raise DownloadError(typed.message, hint=typed.hint) from None

    # --- one request, redirects followed by hand ---------------------------------------------

    def _headers_for(self, url: httpx.URL, extra: dict[str, str]) -> httpx.Headers:
        """``extra``, plus the token when ``url`` is the API's origin or a trusted https host."""
        headers = httpx.Headers(extra)
        if self._token is not None and sendable(self._token.value) and self._may_see_token(url):
            headers["Authorization"] = f"Bearer {self._token.value}"
        return headers

    def _may_see_token(self, url: httpx.URL) -> bool:
        host = host_of(url)
        if url.scheme != "https" and not is_loopback(host):
            return False  # never over plain http to another computer, not even the API's own origin
        if self._base_origin is not None and origin(url) == self._base_origin:
            return True
        return host in self._trusted_hosts or origin(url) in self._trusted_origins

    @asynccontextmanager
    async def _open(
        self, url: httpx.URL, headers: Callable[[], dict[str, str]], check: Callable[[httpx.URL], None]
    ) -> AsyncIterator[httpx.Response]:
        """Send a GET, following at most ``MAX_REDIRECTS`` redirects, each hop ``check``ed."""
        for _hop in range(MAX_REDIRECTS + 1):
            check(url)
            request = self._http.build_request("GET", url, headers=self._headers_for(url, headers()))
            try:
                response = await self._http.send(request, stream=True)
            except ValueError:  # e.g. a redirect to "https://xn--/", which httpx cannot even spell (IDNAError)
                raise InvalidResponse("The server redirected to an address that is not valid.") from None
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                await response.aclose()
                try:
                    url = url.join(location.strip())
                except (httpx.InvalidURL, ValueError):
                    raise InvalidResponse("The server redirected to an address that is not a valid URL.") from None
                continue
            try:
                yield response
            finally:
                await response.aclose()
            return
        raise InvalidResponse(f"The server redirected more than {MAX_REDIRECTS} times.")
