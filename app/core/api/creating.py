"""Creating a ticket: exactly one POST, never retried, and errors that say whether it may exist.

A POST is not idempotent: asking again after a timeout or a 5xx could open the ticket twice. So
nothing here retries (not on 429, not on 5xx, not on a dropped connection), and an error that
leaves the outcome unknown (the request went out, no clear answer came back) says that the ticket
may have been created and to look in the queue before sending it again. Whether any byte went
out is known from httpcore's trace events: a refused connection or a failed TLS handshake sent
nothing, and says so.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from typing import Any, Final

import httpx

from app.core.api.decoding import read_capped
from app.core.api.http_errors import body_detail, transport_error
from app.core.api.models import Ticket, parse_error, parse_ticket
from app.core.api.new_ticket import NewTicket, field_for_code
from app.core.errors import (
    ApiRejected,
    CreateRefused,
    InvalidResponse,
    RateLimited,
    RequestTimeout,
    ServerError,
    TicketViewError,
    Unauthorized,
)
from app.core.text.safe_text import clean_line, excerpt

MAY_EXIST: Final = "The ticket may have been created anyway."
CHECK_FIRST: Final = "Look for it in the queue before sending it again."
NOT_SENT: Final = "Nothing was sent, so no ticket was created."
ERROR_BODY_LIMIT: Final = 64 * 1024
WORDS_LIMIT: Final = 200
_CODE: Final = re.compile(r"[A-Z][A-Z0-9_]{1,63}")
"""An API machine code, such as ``TITLE_REQUIRED``."""


def may_exist(error: TicketViewError) -> TicketViewError:
    """``error`` saying that the ticket may have been created and to check before sending again."""
    error.message = f"{error.message} {MAY_EXIST}"
    error.args = (error.message,)
    error.hint = CHECK_FIRST
    error.may_have_been_created = True
    error.retryable = False  # the app's retry would send it a second time
    return error


def not_sent(error: TicketViewError) -> TicketViewError:
    """``error`` saying that nothing went out (so sending again cannot open a second ticket)."""
    error.message = f"{error.message} {NOT_SENT}"
    error.args = (error.message,)
    return error


def _words(text: str | None) -> str:
    line = " ".join(clean_line(text or "").split())
    return line if len(line) <= WORDS_LIMIT else line[: WORDS_LIMIT - 1] + "…"


def refusal(status: int, body: bytes) -> CreateRefused:
    """The API's refusal of a new ticket (a 4xx): its words, its code and the field the code names."""
    parsed = parse_error(body)
    code: str | None = None
    words = ""
    if parsed is not None:
        for candidate in (parsed.message, parsed.code):
            if candidate and _CODE.fullmatch(candidate.strip()):
                code = candidate.strip()
                break
        words = _words(parsed.error) or (_words(parsed.message) if parsed.message != code else "")
    if not words:
        words = f"The API refused the ticket (HTTP {status})" + (f": {code}." if code else ".")
    return CreateRefused(words, field=field_for_code(code), code=code, status=status)


def status_failure(status: int, body: bytes, content_type: str) -> TicketViewError:
    """The error for a non-2xx answer to the create request."""
    if status in (401, 403):
        return not_created(Unauthorized(status))
    if status == 429:
        return not_created(RateLimited(None))
    if 500 <= status <= 599:
        return may_exist(ServerError(status, body_detail(body, content_type)))
    if status in (404, 405):
        return not_created(
            ApiRejected(
                f"The API has no way to create tickets at this address (HTTP {status}).",
                hint="Check --base-url or VERIFIK_BASE_URL, e.g. https://api.verifik.co",
                status=status,
            )
        )
    if 400 <= status <= 499:
        return refusal(status, body)
    if 300 <= status <= 399:
        return may_exist(InvalidResponse(f"The server answered the new ticket with a redirect (HTTP {status})."))
    return may_exist(InvalidResponse(f"The server answered with an unexpected HTTP status {status}."))


def not_created(error: TicketViewError) -> TicketViewError:
    """``error`` (the API turned the request away) saying so: sending again opens no second ticket."""
    error.message = f"{error.message} The ticket was not created."
    error.args = (error.message,)
    return error


class _Progress:
    """How far the request got, from httpcore's trace events."""

    def __init__(self) -> None:
        self.sending = False
        """A byte of the request may have gone out."""

    async def __call__(self, event: str, info: dict[str, Any]) -> None:
        if event.startswith(("http11.send_request_headers", "http2.send_request_headers")):
            self.sending = True


def check_sendable(new: NewTicket) -> None:
    """``CreateRefused`` naming the first field that cannot be sent (nothing is sent then)."""
    if problems := new.problems():
        name, words = next(iter(problems.items()))
        raise CreateRefused(f"{words} {NOT_SENT}", field=name)


def parse_created(body: bytes) -> Ticket:
    """The new ticket in a 2xx answer; a body that is not one may still mean it was created."""
    try:
        return parse_ticket(body)
    except InvalidResponse as error:
        error.excerpt = excerpt(body)
        raise may_exist(error) from None


async def post_once(
    http: httpx.AsyncClient,
    url: httpx.URL,
    headers: httpx.Headers,
    new: NewTicket,
    *,
    timeouts: tuple[float, float, float],
    max_body_bytes: int,
    redact: Callable[[bytes], bytes],
) -> bytes:
    """POST ``new`` to ``url`` once; the body of a 2xx answer, else a typed error in words.

    ``timeouts``: connecting, reading, and the whole exchange (seconds).
    """
    connect_timeout, read_timeout, deadline = timeouts
    payload = json.dumps(new.body(), ensure_ascii=False).encode()
    progress = _Progress()
    try:
        async with asyncio.timeout(deadline):
            request = http.build_request("POST", url, headers=headers, content=payload, extensions={"trace": progress})
            response = await http.send(request, stream=True)
            try:
                if 200 <= response.status_code <= 299:
                    try:
                        return await read_capped(response, max_body_bytes)
                    except InvalidResponse as error:
                        raise may_exist(error) from None
                body = redact(await read_capped(response, ERROR_BODY_LIMIT, truncate=True))
            finally:
                await response.aclose()
    except TimeoutError:
        raise _unsent_or_unknown(RequestTimeout(deadline), progress) from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as error:
        typed, _ = transport_error(error, url, connect_timeout=connect_timeout, read_timeout=read_timeout)
        raise _unsent_or_unknown(typed, progress) from None
    raise status_failure(response.status_code, body, response.headers.get("content-type", ""))


def _unsent_or_unknown(error: TicketViewError, progress: _Progress) -> TicketViewError:
    return may_exist(error) if progress.sending else not_sent(error)
