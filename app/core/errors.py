"""The typed errors of the API client, each carrying words for people and an exit code.

The UI and the command line map these to what they show; nothing here knows about Textual.
No error message ever contains the token.
"""

from __future__ import annotations


class TicketViewError(Exception):
    """Base of every error ticketview reports to a person."""

    title: str = "Something went wrong"
    """A short heading, e.g. "Ticket not found"."""
    exit_code: int = 4
    """The process exit code for this kind of failure (see PRODUCT.md)."""
    retryable: bool = False
    """Asking again may succeed (the app offers its refresh key; a script can run the command again).

    Hints never name a key, since the command line prints them too: the app adds its own."""
    may_have_been_created: bool = False
    """A new ticket was sent but no clear answer came back: it may exist, so it is not sent again blindly."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        """What the agent can do next."""


# --- exit 1: the API said no -------------------------------------------------------------


class ApiRejected(TicketViewError):
    """The API answered with a 4xx other than authentication."""

    title = "The API refused the request"
    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", status: int | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


class TicketNotFound(ApiRejected):
    """404: there is no ticket with that ID."""

    title = "Ticket not found"

    def __init__(self, ticket_id: str) -> None:
        super().__init__(
            f"There is no ticket with the ID {ticket_id!r}.",
            hint="Check the ID for typos, then try again.",
            status=404,
        )
        self.ticket_id = ticket_id


class CreateRefused(ApiRejected):
    """The API would not create the ticket (400/422 and their kin): ``field`` is the one its code names.

    Nothing was created, so the draft can be corrected and sent again."""

    title = "The ticket was not created"

    def __init__(
        self, message: str, *, field: str | None = None, code: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message, hint="Correct it and send it again; your draft is kept.", status=status)
        self.field = field
        """``title``, ``description``, ``priority``, ``category`` or ``tags``; ``None``: the whole ticket."""
        self.code = code
        """The API's machine code (``TITLE_REQUIRED``), display-safe, or ``None``."""


def _wait_words(seconds: float) -> str:
    """A wait a server asked for, in words a person reads at a glance (it may be absurd: a year)."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 172_800:
        return f"{seconds / 3600:.0f} hours"
    return f"{seconds / 86_400:,.0f} days"


class RateLimited(ApiRejected):
    """429: too many requests (``attempts``: how many times it was asked, retries included)."""

    title = "Rate limited"
    retryable = True

    def __init__(self, retry_after: float | None = None, *, attempts: int = 1) -> None:
        wait = f" It asked to wait {_wait_words(retry_after)}." if retry_after else ""
        said = f"still turned the request away after {attempts} attempts" if attempts > 1 else "turned the request away"
        super().__init__(
            f"Too many requests in a short time: the API {said}.{wait}",
            hint="Wait a moment before trying again.",
            status=429,
        )
        self.retry_after = retry_after
        self.attempts = attempts


# --- exit 3: authentication --------------------------------------------------------------


class AuthError(TicketViewError):
    """The request was not authenticated."""

    title = "Not authorised"
    exit_code = 3


TOKEN_HINT = (
    "Set a token: export VERIFIK_TOKEN=<your token>, or token_command in the config file; "
    "then start ticketview again. To try the app without one: ticketview --demo"
)


class MissingToken(AuthError):
    """No token is configured and the API needs one."""

    title = "No API token"

    def __init__(self) -> None:
        super().__init__("The API answers only requests that carry one, and none is set.", hint=TOKEN_HINT)


class Unauthorized(AuthError):
    """401 or 403: the token is missing, wrong, expired or lacks the right."""

    def __init__(self, status: int) -> None:
        what = "was not accepted (401)" if status == 401 else "does not allow this (403)"
        super().__init__(f"The API token {what}.", hint="Check your token. " + TOKEN_HINT)
        self.status = status


# --- exit 4: network or server failure ----------------------------------------------------


class ServerError(TicketViewError):
    """5xx: the server (or a proxy in front of it) failed."""

    title = "Server error"
    retryable = True

    def __init__(self, status: int, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"The API answered HTTP {status}{extra}.",
            hint="This is on the server's side; it often passes in a moment.",
        )
        self.status = status


class NetworkError(TicketViewError):
    """The server could not be reached: refused, DNS, TLS, dropped connection."""

    title = "Network unreachable"
    retryable = True

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message, hint=hint or "Check your connection and the base URL.")


class ConnectionBroken(NetworkError):
    """The server was reached, but the connection broke (or was reset) before the answer was complete."""

    title = "Connection broken"

    def __init__(self, message: str) -> None:
        super().__init__(message, hint="The server or the network dropped the connection; it often passes.")


class TlsSetupError(NetworkError):
    """The certificates this computer's settings name for TLS cannot be used."""

    title = "Certificates not usable"


class RequestTimeout(TicketViewError):
    """The server did not answer within the deadline."""

    title = "Timed out"
    retryable = True

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"The server did not answer within {seconds:g} s.",
            hint="The server or the link is slow (TICKETVIEW_TIMEOUT sets how long to wait).",
        )
        self.seconds = seconds


class InvalidResponse(TicketViewError):
    """The server answered, but not with what the API promises."""

    title = "Unexpected response"
    retryable = True

    def __init__(self, message: str, *, excerpt: str = "") -> None:
        super().__init__(
            message,
            hint="The server (or a proxy in front of it) sent something that is not a ticket; "
            "if it persists, check the base URL.",
        )
        self.excerpt = excerpt
        """A short, printable excerpt of what arrived."""


class DownloadError(TicketViewError):
    """An attachment could not be saved; nothing was left under its final name."""

    title = "Download failed"


class NotCached(TicketViewError):
    """Offline, and this ticket was never fetched on this machine (or the cache is off)."""

    title = "Not available offline"
    exit_code = 4

    def __init__(self, ticket_id: str, *, hint: str = "") -> None:
        super().__init__(
            f"Ticket {ticket_id!r} is not in this machine's cache, and --offline fetches nothing.",
            hint=hint or "Run ticketview without --offline to fetch it; it is cached from then on.",
        )
        self.ticket_id = ticket_id
